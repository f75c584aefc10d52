import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { type Fields, initialFields, RUN_PROBLEMS, runRequestOf } from './fields';

const defaults = { line: 'L1', supplier: 'SUP-CASES' };
const fields = (changes: Partial<Fields>): Fields => ({
  ...initialFields(new Date('2026-05-01T00:00:00Z')),
  ...changes,
});

describe('the run form', () => {
  it('starts with next year’s baseline and five replications', () => {
    expect(runRequestOf(fields({}), defaults)).toEqual({
      request: { scenario: 'baseline', year: 2027, replications: 5 },
    });
  });

  it('asks for calibration from machine data only when chosen', () => {
    expect(runRequestOf(fields({ calibrationDays: '7' }), defaults)).toEqual({
      request: { scenario: 'baseline', year: 2027, replications: 5, calibrationDays: 7 },
    });
    expect(runRequestOf(fields({ calibrationDays: '40' }), defaults)).toEqual({
      problem: 'calibration',
    });
  });

  it('sends only the chosen scenario’s own parameters', () => {
    expect(
      runRequestOf(fields({ scenario: 'rated', line: 'L3', surgePercent: '50' }), defaults),
    ).toEqual({
      request: { scenario: 'rated', year: 2027, replications: 5 },
    });
    expect(
      runRequestOf(fields({ scenario: 'line-out', weeks: '8', replications: '2' }), defaults),
    ).toEqual({
      request: { scenario: 'line-out', year: 2027, replications: 2, line: 'L1', weeks: 8 },
    });
    expect(
      runRequestOf(
        fields({ scenario: 'supplier-stop', supplier: 'SUP-PRIMERS', from: '2027-03-01' }),
        defaults,
      ),
    ).toEqual({
      request: {
        scenario: 'supplier-stop',
        year: 2027,
        replications: 5,
        supplier: 'SUP-PRIMERS',
        from: '2027-03-01',
      },
    });
    expect(
      runRequestOf(fields({ scenario: 'demand-surge', surgePercent: '35' }), defaults),
    ).toEqual({
      request: { scenario: 'demand-surge', year: 2027, replications: 5, surge: 0.35 },
    });
    expect(runRequestOf(fields({ scenario: 'buffer', bufferCartridges: '0' }), defaults)).toEqual({
      request: { scenario: 'buffer', year: 2027, replications: 5, bufferCartridges: 0 },
    });
  });

  it('leaves the days of stock to the server when the field is empty', () => {
    expect(
      runRequestOf(fields({ scenario: 'supplier-stop', coverDays: '30' }), defaults),
    ).toMatchObject({ request: { supplier: 'SUP-CASES', coverDays: 30 } });
    expect(runRequestOf(fields({ scenario: 'supplier-stop' }), defaults)).not.toHaveProperty(
      'request.coverDays',
    );
  });

  it('names what is wrong before anything is sent', () => {
    const problem = (changes: Partial<Fields>) =>
      (runRequestOf(fields(changes), defaults) as { problem?: string }).problem;
    expect(problem({ year: '1999' })).toBe('year');
    expect(problem({ replications: '51' })).toBe('replications');
    expect(problem({ replications: '2.5' })).toBe('replications');
    expect(problem({ scenario: 'line-out', weeks: '0' })).toBe('weeks');
    expect(problem({ scenario: 'line-out', from: '3 March' })).toBe('fromDate');
    expect(problem({ scenario: 'supplier-stop', coverDays: '400' })).toBe('coverDays');
    expect(problem({ scenario: 'demand-surge', surgePercent: '-100' })).toBe('surge');
    expect(problem({ scenario: 'buffer', bufferCartridges: '-1' })).toBe('buffer');
  });

  it('has a sentence for every problem in both languages', () => {
    for (const language of ['en', 'es']) {
      for (const problem of RUN_PROBLEMS) {
        const key = `twin:form.problem.${problem}`;
        expect(i18n.exists(key, { lng: language }), `${language} ${key}`).toBe(true);
      }
    }
    expect(i18n.getFixedT('es')('twin:form.problem.year')).toBe(
      'El año es un número entero de 2000 a 2100.',
    );
  });
});

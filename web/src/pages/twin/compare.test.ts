import { describe, expect, it } from 'vitest';
import {
  askedFor,
  comparedRuns,
  defaultPicks,
  MAX_COMPARED,
  outputOf,
  parsePicks,
  togglePick,
  totalPerReplication,
} from './compare';
import { inLanguage } from './in-language';
import { twinRun } from './sample-runs';

describe('the runs compared', () => {
  it('reads the picks from the address: absent, empty, or ids without repeats', () => {
    expect(parsePicks(null)).toBeUndefined();
    expect(parsePicks('')).toEqual([]);
    expect(parsePicks('a, b,,a')).toEqual(['a', 'b']);
    expect(parsePicks('a,b,c,d,e,f,g,h')).toHaveLength(MAX_COMPARED);
  });

  it('compares the newest three runs when none were picked', () => {
    const runs = ['d', 'c', 'b', 'a'].map((id) =>
      twinRun(id, `2026-01-0${id.charCodeAt(0) - 96}T00:00:00Z`, {
        scenario: 'baseline',
        year: 2027,
      }),
    );
    expect(defaultPicks(runs)).toEqual(['d', 'c', 'b']);
    expect(defaultPicks([])).toEqual([]);
  });

  it('ticks and unticks, refusing a tick past the limit', () => {
    expect(togglePick(['a'], 'b')).toEqual(['a', 'b']);
    expect(togglePick(['a', 'b'], 'a')).toEqual(['b']);
    const full = ['1', '2', '3', '4', '5', '6'];
    expect(togglePick(full, '7')).toEqual(full);
  });

  it('letters the runs in the order they were made, each with its own colour', async () => {
    const later = twinRun('x', '2026-03-02T10:00:00Z', {
      scenario: 'line-out',
      year: 2027,
      line: 'L1',
      weeks: 8,
    });
    const earlier = twinRun('y', '2026-03-01T10:00:00Z', { scenario: 'rated', year: 2027 });
    const compared = await inLanguage('en', (t) => comparedRuns(t, [later, earlier]));
    expect(compared.map((c) => [c.letter, c.run.id, c.label])).toEqual([
      ['A', 'y', 'Rated 2027'],
      ['B', 'x', 'Line out 2027'],
    ]);
    expect(compared[0]?.colour).not.toBe(compared[1]?.colour);
    expect(compared[1]?.asked).toBe('L1 out for 8 weeks from the first Monday of March');
    const inSpanish = await inLanguage('es', (t) => comparedRuns(t, [later, earlier]));
    expect(inSpanish.map((c) => c.label)).toEqual(['Nominal 2027', 'Línea fuera de servicio 2027']);
    expect(inSpanish[1]?.asked).toBe(
      'L1 fuera de servicio 8 semanas desde el primer lunes de marzo',
    );
  });

  it('says what each scenario asked for, with the server’s defaults where left out', async () => {
    await inLanguage('en', (t) => {
      expect(askedFor(t, { scenario: 'baseline', year: 2027 })).toBe('');
      expect(
        askedFor(t, { scenario: 'line-out', year: 2027, line: 'L3', weeks: 2, from: '2027-05-03' }),
      ).toBe('L3 out for 2 weeks from May 3, 2027');
      expect(askedFor(t, { scenario: 'line-out', year: 2027, weeks: 1 })).toBe(
        'the first line out for 1 week from the first Monday of March',
      );
      expect(askedFor(t, { scenario: 'supplier-stop', year: 2027, supplier: 'SUP-PRIMERS' })).toBe(
        'SUP-PRIMERS stops from Jul 1, 2027, the default days of stock',
      );
      expect(
        askedFor(t, { scenario: 'supplier-stop', year: 2027, supplier: 'SUP-CASES', coverDays: 1 }),
      ).toBe('SUP-CASES stops from Jul 1, 2027, 1 day of stock');
      expect(askedFor(t, { scenario: 'demand-surge', year: 2027, surge: 0.2 })).toMatch(
        /^demand \+20\s?% over the rated mix$/,
      );
      expect(askedFor(t, { scenario: 'demand-surge', year: 2027, surge: -0.1 })).toMatch(
        /^demand −10\s?%/,
      );
      expect(askedFor(t, { scenario: 'buffer', year: 2027 })).toBe('buffers of 4,000 cartridges');
    });
  });

  it('says it in Spanish, with Venezuelan numbers and dates', async () => {
    await inLanguage('es', (t) => {
      expect(askedFor(t, { scenario: 'buffer', year: 2027 })).toBe('pulmones de 4.000 cartuchos');
      expect(
        askedFor(t, {
          scenario: 'supplier-stop',
          year: 2027,
          supplier: 'SUP-PRIMERS',
          coverDays: 30,
        }),
      ).toMatch(/^SUP-PRIMERS deja de entregar desde 1 jul\.? 2027, 30 días de existencia$/);
      expect(askedFor(t, { scenario: 'demand-surge', year: 2027, surge: 0.25 })).toMatch(
        /^demanda \+25\s?% sobre la mezcla nominal$/,
      );
    });
  });

  it('adds the products up into the plant’s output of each replication', () => {
    const run = twinRun('r', '2026-01-01T00:00:00Z', { scenario: 'baseline', year: 2027 });
    expect(totalPerReplication(run)).toEqual([150, 150]);
    expect(outputOf(run, null)).toMatchObject({ mean: 150, values: [150, 150] });
    expect(outputOf(run, 'BALL')).toMatchObject({
      mean: 105,
      low: 100,
      high: 110,
      values: [100, 110],
    });
    expect(outputOf(run, 'TRACER')).toBeUndefined();
  });
});

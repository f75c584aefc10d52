import { beforeEach, describe, expect, it } from 'vitest';
import type {
  AttributeLine,
  RangeLine,
  RecordedResult,
  ResultData,
  VariableLine,
} from '../../api/quality';
import { i18n } from '../../i18n';
import { resultSummary } from './summary';

// Worded in the language in use; English unless a test says otherwise.
beforeEach(async () => {
  await i18n.changeLanguage('en');
});

const recorded = (data: ResultData, summary = 'the server’s words'): RecordedResult => ({
  characteristic: 'X',
  data,
  verdict: { characteristic: 'X', accepted: true, summary },
  recordedAt: '2026-03-01T10:00:00.000Z',
  recordedBy: 'ines',
});

const attribute: AttributeLine = {
  kind: 'attribute',
  characteristic: 'MAJ-VIS',
  name: 'Major visual defects',
  defectClass: 'major',
  stream: 'product:C762-BALL:major',
  plan: {
    codeLetter: 'L',
    planCodeLetter: null,
    n: 200,
    ac: 3,
    re: 4,
    severity: 'tightened',
    aql: 0.65,
    level: 'II',
    lotSize: 3500,
    hundredPercent: false,
  },
};

const oal: VariableLine = {
  kind: 'variable',
  characteristic: 'OAL',
  name: 'Overall length',
  unit: 'mm',
  lsl: 55.45,
  usl: 56,
  sampleSize: 3,
};

const vel: RangeLine = {
  kind: 'range',
  characteristic: 'VEL',
  name: 'Velocity',
  unit: 'm/s',
  sampleSize: 4,
  limits: [
    { statistic: 'mean', min: 695, max: 735 },
    { statistic: 'sd', max: 10 },
  ],
};

describe('a recorded result in words', () => {
  it('says an attribute count against its plan, as the server does', async () => {
    const result = recorded({ kind: 'attribute', nonconforming: 1 });
    expect(resultSummary(attribute, result)).toBe(
      '1 nonconforming in 200 (Ac 3, Re 4, tightened, code L, AQL 0.65)',
    );
    await i18n.changeLanguage('es');
    expect(resultSummary(attribute, result)).toBe(
      '1 no conforme en 200 (Ac 3, Re 4, rigurosa, código L, AQL 0,65)',
    );
  });

  it('says measured values against the limits, or that the sample is short', async () => {
    const full = recorded({ kind: 'variable', values: [55.7, 56.1, 55.8] });
    expect(resultSummary(oal, full)).toBe(
      '3 measured, 1 outside 55.45–56 mm (mean 55.866667, min 55.7, max 56.1)',
    );
    const short = recorded({ kind: 'variable', values: [55.7] });
    expect(resultSummary(oal, short)).toBe('1 of 3 units measured');
    await i18n.changeLanguage('es');
    expect(resultSummary(oal, full)).toBe(
      '3 medidos, 1 fuera de los límites (55,45–56 mm); media 55,866667, mín. 55,7, máx. 56,1',
    );
    expect(resultSummary(oal, short)).toBe('1 de 3 unidades medidas');
  });

  it('says each limit of a range test, and a short sample', async () => {
    const rounds = [712, 718, 712, 718].map((value) => ({ value }));
    const result = recorded({ kind: 'range', rounds });
    expect(resultSummary(vel, result)).toBe(
      'mean 715 m/s within 695–735 m/s; standard deviation 3.464102 m/s within at most 10 m/s',
    );
    const short = recorded({ kind: 'range', rounds: rounds.slice(0, 1) });
    expect(resultSummary(vel, short)).toBe(
      'mean 712 m/s within 695–735 m/s; standard deviation: the rounds carry no data for it ' +
        '(needs measured values); 1 round recorded; the specification asks for 4',
    );
    await i18n.changeLanguage('es');
    expect(resultSummary(vel, result)).toBe(
      'media 715 m/s, dentro de lo especificado (695–735 m/s); ' +
        'desviación estándar 3,464102 m/s, dentro de lo especificado (como máximo 10 m/s)',
    );
  });

  it('keeps the server’s words when the data does not fit the line', () => {
    expect(resultSummary(oal, recorded({ kind: 'attribute', nonconforming: 0 }, 'as sent'))).toBe(
      'as sent',
    );
  });
});

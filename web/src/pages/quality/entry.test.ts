import { beforeEach, describe, expect, it } from 'vitest';
import type { AttributeLine, RangeLine, VariableLine } from '../../api/quality';
import { i18n } from '../../i18n';
import {
  attributePreview,
  failureRounds,
  parseImpacts,
  parseValues,
  rangeEntryMode,
  rangePreview,
  variablePreview,
} from './entry';

const attribute = (severity: 'normal' | 'reduced', ac: number, re: number): AttributeLine => ({
  kind: 'attribute',
  characteristic: 'MAJ-VIS',
  name: 'Major visual defects',
  defectClass: 'major',
  stream: 'product:C762-BALL:major',
  plan: {
    codeLetter: 'L',
    planCodeLetter: null,
    n: 200,
    ac,
    re,
    severity,
    aql: 0.65,
    level: 'II',
    lotSize: 3500,
    hundredPercent: false,
  },
});

const oal: VariableLine = {
  kind: 'variable',
  characteristic: 'OAL',
  name: 'Overall length',
  unit: 'mm',
  lsl: 55.45,
  usl: 56,
  sampleSize: 3,
};

const range = (limits: RangeLine['limits'], sampleSize = 4): RangeLine => ({
  kind: 'range',
  characteristic: 'VEL',
  name: 'Velocity',
  unit: 'm/s',
  sampleSize,
  limits,
});

// The problems found are worded in the language in use; English unless a test says otherwise.
beforeEach(async () => {
  await i18n.changeLanguage('en');
});

describe('parseValues', () => {
  it('reads values separated by spaces, lines, tabs, semicolons and commas', () => {
    expect(parseValues('55.7 55.8\n55.9\t56;55.6,55.5').value).toEqual([
      55.7, 55.8, 55.9, 56, 55.6, 55.5,
    ]);
  });

  it('reads a comma inside a number without a point as a decimal comma', () => {
    expect(parseValues('55,75 55,8\n-0,5').value).toEqual([55.75, 55.8, -0.5]);
  });

  it('names what is not a number', () => {
    const parsed = parseValues('55.7 abc 56');
    expect(parsed.value).toEqual([55.7, 56]);
    expect(parsed.errors).toEqual(['"abc" is not a number']);
  });

  it('names it in Spanish for a Spanish reader', async () => {
    await i18n.changeLanguage('es');
    expect(parseValues('55,7 abc').errors).toEqual(['“abc” no es un número']);
  });

  it('reads nothing from blank text', () => {
    expect(parseValues('  \n ')).toEqual({ value: [], errors: [] });
  });
});

describe('parseImpacts', () => {
  it('reads one impact a line', () => {
    expect(parseImpacts('1.5 -2\n\n0;3\n-1, 1').value).toEqual([
      { x: 1.5, y: -2 },
      { x: 0, y: 3 },
      { x: -1, y: 1 },
    ]);
  });

  it('refuses a line that is not two numbers', async () => {
    expect(parseImpacts('1 2\n3\n4 5 6').errors).toEqual([
      'line 2: "3" is not an impact x y',
      'line 3: "4 5 6" is not an impact x y',
    ]);
    await i18n.changeLanguage('es');
    expect(parseImpacts('1 2\n3').errors).toEqual(['línea 2: “3” no es un impacto x y']);
  });
});

describe('range entry', () => {
  it('asks for impacts for a dispersion, failures for a function test, else values', () => {
    expect(rangeEntryMode(range([{ statistic: 'mean_radius', max: 7.5 }]))).toBe('impacts');
    expect(rangeEntryMode(range([{ statistic: 'failures', max: 0 }]))).toBe('failures');
    expect(rangeEntryMode(range([{ statistic: 'mean', min: 695, max: 735 }]))).toBe('values');
  });

  it('makes a function test’s rounds from the rounds fired and the failures', () => {
    expect(failureRounds(3, 1)).toEqual([{ failed: true }, { failed: false }, { failed: false }]);
  });

  it('judges the statistics against the limits, on a full sample only', () => {
    const line = range([
      { statistic: 'mean', min: 695, max: 735 },
      { statistic: 'sd', max: 10 },
    ]);
    const rounds = [718, 712, 718, 712].map((value) => ({ value }));
    const full = rangePreview(line, rounds);
    expect(full.checks).toEqual([
      { statistic: 'mean', value: 715, pass: true },
      { statistic: 'sd', value: 3.464102, pass: true },
    ]);
    expect(full.accepted).toBe(true);
    const short = rangePreview(line, rounds.slice(0, 3));
    expect(short).toMatchObject({ short: true, accepted: false });
  });

  it('measures the mean radius about the centre of the impacts', () => {
    const line = range([{ statistic: 'mean_radius', max: 7.5 }]);
    const rounds = [
      { x: 1, y: 0 },
      { x: -1, y: 0 },
      { x: 0, y: 1 },
      { x: 0, y: -1 },
    ];
    expect(rangePreview(line, rounds).checks).toEqual([
      { statistic: 'mean_radius', value: 1, pass: true },
    ]);
  });
});

describe('previews', () => {
  it('accepts at Ac and rejects at Re', () => {
    expect(attributePreview(attribute('normal', 3, 4), 3)).toBe('accept');
    expect(attributePreview(attribute('normal', 3, 4), 4)).toBe('reject');
  });

  it('accepts between Ac and Re on reduced inspection, back to normal (ISO 2859-1 §9.3.3)', () => {
    expect(attributePreview(attribute('reduced', 1, 4), 2)).toBe('accept_and_reinstate_normal');
  });

  it('counts values outside the limits and a short sample', () => {
    expect(variablePreview(oal, [55.7, 56.1])).toMatchObject({
      measured: 2,
      outside: 1,
      short: true,
      accepted: false,
    });
    expect(variablePreview(oal, [55.7, 55.8, 55.9])).toMatchObject({
      outside: 0,
      short: false,
      accepted: true,
      min: 55.7,
      max: 55.9,
    });
  });
});

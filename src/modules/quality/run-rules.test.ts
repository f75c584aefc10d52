import { describe, expect, it } from 'vitest';
import {
  alarmText,
  NELSON_RULES,
  type RuleId,
  type RulePoint,
  runRuleAlarms,
  WESTERN_ELECTRIC_RULES,
} from './run-rules.js';

/** A chart with CL 0, σ 1 and limits ±3: values are in σ units. */
const chart = (values: readonly number[]): RulePoint[] =>
  values.map((value, index) => ({ index, value, cl: 0, ucl: 3, lcl: -3, sigma: 1 }));

const repeat = (value: number, times: number): number[] => Array<number>(times).fill(value);
/** 0.5, −0.5, 0.5, … (within 1σ, alternating sides). */
const zigzag = (length: number, amplitude = 0.5): number[] =>
  Array.from({ length }, (_, i) => (i % 2 === 0 ? amplitude : -amplitude));

const firings = (values: readonly number[], rule: RuleId) =>
  runRuleAlarms(chart(values), [rule]).map(({ index, direction }) => ({ index, direction }));

describe('each Nelson rule fires once, at the point completing its pattern, and not on a near miss', () => {
  const cases: {
    rule: RuleId;
    fires: number[];
    at: number;
    direction?: string;
    nearMiss: number[];
    why: string;
  }[] = [
    {
      rule: 'N1',
      fires: [0, 0.5, 3.5, 0],
      at: 2,
      direction: 'above',
      nearMiss: [0, 3, -3, 0],
      why: 'on the limits is in control',
    },
    {
      rule: 'N2',
      fires: [-0.5, ...repeat(0.5, 9)],
      at: 9,
      direction: 'above',
      nearMiss: [...repeat(0.5, 4), 0, ...repeat(0.5, 4), ...repeat(-0.5, 8)],
      why: 'a point on the centre line breaks the run; 8 below is one short',
    },
    {
      rule: 'N3',
      fires: [0.5, 1, 0.8, 0.6, 0.4, 0.2, 0, 1],
      at: 6,
      direction: 'decreasing',
      nearMiss: [0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5],
      why: 'a tie breaks the trend into 3 and 4 points',
    },
    {
      rule: 'N4',
      fires: [0.5, ...zigzag(14)],
      at: 14,
      nearMiss: [...zigzag(7), 0.5, ...zigzag(6).map((x) => -x)],
      why: 'a tie in the middle (0.5, 0.5) breaks the alternation',
    },
    {
      rule: 'N5',
      fires: [0, -2.5, 2.5, 0, 2.5],
      at: 4,
      direction: 'above',
      nearMiss: [2.5, 0, 0, 2.5, 2, 1.9, 0, -2.5, 2.5],
      why: '2 of 4, exactly 2σ (inside), and 2 beyond on opposite sides do not count',
    },
    {
      rule: 'N6',
      fires: [0, 1.5, 1.5, 0, 1.5, 1.5],
      at: 5,
      direction: 'above',
      nearMiss: [1.5, 1.5, 0, 0, 1.5, 1.5, 1, -1.5],
      why: '3 of 5 at most; exactly 1σ is inside',
    },
    {
      rule: 'N7',
      fires: [2, ...zigzag(14), 1],
      at: 15,
      nearMiss: [...zigzag(14), 1.2, ...zigzag(14)],
      why: '14 within 1σ, one beyond, 14 within (the firing series ends on a point exactly at 1σ: within)',
    },
    {
      rule: 'N8',
      fires: [0, ...zigzag(8, 1.5)],
      at: 8,
      nearMiss: [...repeat(1.5, 8), 0, ...zigzag(3, 1.5), 1, ...zigzag(4, 1.5)],
      why: '8 beyond 1σ but all on one side; then a point at exactly 1σ breaks the mixture',
    },
  ];

  it('covers every Nelson rule', () => {
    expect(cases.map((c) => c.rule)).toEqual([...NELSON_RULES]);
  });

  it.each(cases)('$rule fires at index $at', ({ rule, fires, at, direction }) => {
    expect(firings(fires, rule)).toEqual([{ index: at, direction }]);
  });

  it.each(cases)('$rule near miss: $why', ({ rule, nearMiss }) => {
    expect(firings(nearMiss, rule)).toEqual([]);
  });
});

describe('Western Electric rules', () => {
  it('WE1–WE3 are Nelson 1, 5, 6; WE4 is 8 in a row on one side', () => {
    expect(firings([0, -3.2], 'WE1')).toEqual([{ index: 1, direction: 'below' }]);
    expect(firings([0, -2.5, -2.2], 'WE2')).toEqual([{ index: 2, direction: 'below' }]);
    expect(firings([-1.5, -1.5, -1.5, 0, -1.5], 'WE3')).toEqual([{ index: 4, direction: 'below' }]);
    expect(firings([0.5, ...repeat(-0.5, 8)], 'WE4')).toEqual([{ index: 8, direction: 'below' }]);
    expect(firings(repeat(-0.5, 7), 'WE4')).toEqual([]);
    // Same series, same firings for the Nelson twins.
    const series = [0, 3.5, 2.5, 2.5, 1.5, 1.5, 0];
    const we = runRuleAlarms(chart(series), ['WE1', 'WE2', 'WE3']).map((a) => [a.index, a.points]);
    const nelson = runRuleAlarms(chart(series), ['N1', 'N5', 'N6']).map((a) => [a.index, a.points]);
    expect(we).toEqual(nelson);
  });

  it("'western-electric' runs WE1–WE4 and names them so", () => {
    const alarms = runRuleAlarms(chart([...repeat(0.5, 8), 3.5]), 'western-electric');
    expect(alarms.map((a) => a.rule)).toEqual(['WE4', 'WE1']);
    expect(
      alarms.every((a) => (WESTERN_ELECTRIC_RULES as readonly string[]).includes(a.rule)),
    ).toBe(true);
    expect(alarms.map((a) => a.message)).toEqual([
      '9 points in a row above the centre line (Western Electric rule 4)',
      'Point above the upper control limit (Western Electric rule 1)',
    ]);
  });
});

describe('alarms: episodes, flagged points, messages', () => {
  it('a run of 12 is one N2 alarm that fired at its 9th to 12th point', () => {
    const [alarm, ...more] = runRuleAlarms(chart([...repeat(0.5, 12), -0.5]), ['N2']);
    expect(more).toEqual([]);
    expect(alarm).toEqual({
      rule: 'N2',
      index: 8,
      firedAt: [8, 9, 10, 11],
      points: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      direction: 'above',
      run: 12,
      message: '12 points in a row above the centre line (Nelson rule 2)',
    });
  });

  it('the message says 9 for exactly 9', () => {
    const [alarm] = runRuleAlarms(chart(repeat(-0.5, 9)), ['N2']);
    expect(alarm?.message).toBe('9 points in a row below the centre line (Nelson rule 2)');
    expect(alarm?.points).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('two runs on opposite sides are two alarms', () => {
    const alarms = runRuleAlarms(chart([...repeat(0.5, 9), ...repeat(-0.5, 9)]), ['N2']);
    expect(alarms.map((a) => [a.index, a.direction])).toEqual([
      [8, 'above'],
      [17, 'below'],
    ]);
  });

  it('consecutive points beyond the limits are one alarm each', () => {
    const alarms = runRuleAlarms(chart([3.5, 4, -3.5]), ['N1']);
    expect(alarms.map((a) => [a.index, a.direction, a.points])).toEqual([
      [0, 'above', [0]],
      [1, 'above', [1]],
      [2, 'below', [2]],
    ]);
  });

  it('the flagged points of a zone rule are the whole window', () => {
    const [alarm] = runRuleAlarms(chart([0, 2.5, 0, 2.5]), ['N5']);
    expect(alarm).toMatchObject({ index: 3, points: [1, 2, 3] });
    expect(alarm?.message).toBe(
      '2 of 3 points in a row more than 2σ above the centre line (Nelson rule 5)',
    );
  });

  it('messages for trends, alternation, stratification and mixture give the run length', () => {
    const message = (values: number[], rule: RuleId) =>
      runRuleAlarms(chart(values), [rule]).map((a) => a.message);
    expect(message([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 'N3')).toEqual([
      '7 points in a row steadily increasing (Nelson rule 3)',
    ]);
    expect(message(zigzag(14), 'N4')).toEqual([
      '14 points in a row alternating up and down (Nelson rule 4)',
    ]);
    expect(message(repeat(0, 15), 'N7')).toEqual([
      '15 points in a row within 1σ of the centre line (Nelson rule 7)',
    ]);
    expect(message(zigzag(8, 2), 'N8')).toEqual([
      '8 points in a row more than 1σ from the centre line on both sides, none within 1σ (Nelson rule 8)',
    ]);
    expect(message([-4], 'N1')).toEqual(['Point below the lower control limit (Nelson rule 1)']);
  });

  it('carry their rule, direction and run as data, the English made of the same', () => {
    const alarm = (values: number[], rule: RuleId) => {
      const [first] = runRuleAlarms(chart(values), [rule]);
      return first && { direction: first.direction, run: first.run };
    };
    expect(alarm([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 'N3')).toEqual({
      direction: 'increasing',
      run: 7,
    });
    expect(alarm(zigzag(14), 'N4')).toEqual({ direction: undefined, run: 14 });
    expect(alarm([0, 2.5, 0, 2.5], 'N5')).toEqual({ direction: 'above', run: 3 });
    expect(alarmText('N2', 'below', 10)).toBe(
      '10 points in a row below the centre line (Nelson rule 2)',
    );
    expect(alarmText('WE2', 'below', 3)).toBe(
      '2 of 3 points in a row more than 2σ below the centre line (Western Electric rule 2)',
    );
  });

  it("'nelson' runs N1–N8, sorted by the point each alarm first fired at", () => {
    // 0..5 rising: N3 at 5; then 9 above the centre line from index 1: N2 at 9; then 4.
    const values = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.2, 0.3, 0.2, 0.3, 4];
    const alarms = runRuleAlarms(chart(values), 'nelson');
    expect(alarms.map((a) => [a.rule, a.index])).toEqual([
      ['N3', 5],
      ['N2', 9],
      ['N1', 10],
    ]);
  });

  it('an empty or short series raises nothing', () => {
    expect(runRuleAlarms([], 'nelson')).toEqual([]);
    expect(runRuleAlarms(chart([0.5, 0.5]), 'nelson')).toEqual([]);
  });
});

describe('choices at the edges', () => {
  it('a point exactly on the centre line belongs to neither side but is within 1σ', () => {
    const values = [...repeat(0.5, 4), 0, ...repeat(0.5, 4)];
    expect(firings(values, 'N2')).toEqual([]);
    expect(firings([...values, ...zigzag(6)], 'N7')).toEqual([{ index: 14, direction: undefined }]);
  });

  it('boundaries are inside: exactly 1σ, 2σ or the limit does not count as beyond', () => {
    expect(firings([1, 1, 1, 1, 1], 'N6')).toEqual([]);
    expect(firings([2, 2, 2], 'N5')).toEqual([]);
    expect(firings([3, -3], 'N1')).toEqual([]);
    expect(firings([1.0001, 1.0001, 1.0001, 1.0001, 0], 'N6')).toEqual([
      { index: 4, direction: 'above' },
    ]);
  });

  it('floating-point noise on a boundary is the boundary: 0.4 is exactly 1σ above 0.3', () => {
    // 0.4 − 0.3 = 0.10000000000000003 in binary floating point.
    const points = [0.4, 0.4, 0.4, 0.4, 0.4].map((value, index) => ({
      index,
      value,
      cl: 0.3,
      ucl: 0.6,
      lcl: 0,
      sigma: 0.1,
    }));
    expect(runRuleAlarms(points, ['N6'])).toEqual([]);
  });

  it('ties break trends and alternations', () => {
    expect(firings([0, 1, 2, 2, 3, 4, 5], 'N3')).toEqual([]);
    expect(firings([0, 1, 2, 3, 4, 5], 'N3')).toEqual([{ index: 5, direction: 'increasing' }]);
    const withTie = [...zigzag(13), 0.5]; // the 14th equals the 13th
    expect(firings(withTie, 'N4')).toEqual([]);
  });

  it('N3 counts points, not steps: 6 points (5 rises) fire, 5 points do not', () => {
    expect(firings([0, 1, 2, 3, 4], 'N3')).toEqual([]);
    expect(firings([0, 1, 2, 3, 4, 5], 'N3')).toHaveLength(1);
  });

  it('excluded points are skipped: the run goes on across them, and they raise nothing', () => {
    const points = chart([...repeat(0.5, 4), 5, ...repeat(0.5, 5)]).map((p) =>
      p.index === 4 ? { ...p, excluded: true } : p,
    );
    const alarms = runRuleAlarms(points, ['N1', 'N2']);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ rule: 'N2', index: 9, points: [0, 1, 2, 3, 5, 6, 7, 8, 9] });
  });

  it('zones are per point: the same value can be beyond 2σ at one point and not the next', () => {
    // A p chart with varying n: σ 0.02 then 0.04 around CL 0.1; 0.15 is 2.5σ, then 1.25σ.
    const points: RulePoint[] = [
      { index: 0, value: 0.15, cl: 0.1, ucl: 0.16, lcl: 0.04, sigma: 0.02 },
      { index: 1, value: 0.15, cl: 0.1, ucl: 0.22, lcl: 0, sigma: 0.04 },
      { index: 2, value: 0.15, cl: 0.1, ucl: 0.16, lcl: 0.04, sigma: 0.02 },
    ];
    expect(runRuleAlarms(points, ['N5']).map((a) => a.index)).toEqual([2]);
    // With σ 0.04 at every point, 0.15 is 1.25σ throughout: nothing.
    const wide = points.map((p) => ({ ...p, ucl: 0.22, lcl: 0, sigma: 0.04 }));
    expect(runRuleAlarms(wide, ['N5'])).toEqual([]);
  });

  it('N1 uses the chart’s limits: with 2σ limits a point at 2.5σ is beyond them', () => {
    const points = chart([2.5]).map((p) => ({ ...p, ucl: 2, lcl: -2 }));
    expect(runRuleAlarms(points, ['N1']).map((a) => a.direction)).toEqual(['above']);
  });

  it('a rule listed twice runs once', () => {
    expect(runRuleAlarms(chart([4]), ['N1', 'N1'])).toHaveLength(1);
  });
});

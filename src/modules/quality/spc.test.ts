import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import constantsFile from './data/spc-constants.json' with { type: 'json' };
import examplesFile from './data/spc-examples.json' with { type: 'json' };
import { runRuleAlarms } from './run-rules.js';
import {
  type ControlChart,
  c4,
  cChart,
  chartConstants,
  controlChart,
  individualsChart,
  npChart,
  type Outcome,
  pChart,
  uChart,
  xbarRChart,
  xbarSChart,
} from './spc.js';

const { pistonrings, orangejuice_p, viscosity_individuals, antifreeze_individuals } =
  examplesFile.examples;

function chartOf(outcome: Outcome<ControlChart>): ControlChart {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.value;
}

function refusalOf(outcome: Outcome<unknown>): string {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.error.code;
}

/**
 * Equal to the expected value to its stated precision: within half a unit of its last printed
 * decimal (R prints 7 significant digits and drops trailing zeros: 74.0143 stands for 74.01430).
 * `units` widens that for a value recorded truncated rather than rounded.
 */
function expectAsStated(actual: number, expected: number, units = 0.5): void {
  if (expected === 0) {
    expect(actual).toBe(0);
    return;
  }
  const decimals = (String(expected).split('.')[1] ?? '').length;
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(units * 10 ** -decimals + 1e-12);
}

/** Every point of a chart with constant limits shares them; return the first's. */
function limitsOf(points: ControlChart['points']) {
  const [first] = points;
  if (!first) throw new Error('no points');
  for (const p of points) expect([p.cl, p.ucl, p.lcl]).toEqual([first.cl, first.ucl, first.lcl]);
  return first;
}

const pistonPhaseI = pistonrings.subgroups.slice(0, 25);
const orangeTrial = orangejuice_p.samples
  .filter(([, , , trial]) => trial)
  .map(([, nonconforming, n]) => ({ nonconforming: nonconforming as number, n: n as number }));

describe('the copied reference', () => {
  for (const [copy, shared] of [
    ['spc-constants.json', 'constants.json'],
    ['spc-examples.json', 'examples.json'],
  ] as const) {
    const sharedPath = fileURLToPath(
      new URL(`../../../../shared/reference/spc/${shared}`, import.meta.url),
    );
    // Only in the working tree beside ../shared; a fresh clone has no shared folder.
    it.skipIf(!existsSync(sharedPath))(`${copy} is identical to spc/${shared}`, () => {
      const copyPath = fileURLToPath(new URL(`./data/${copy}`, import.meta.url));
      expect(readFileSync(copyPath, 'utf8')).toBe(readFileSync(sharedPath, 'utf8'));
    });
  }
});

describe('constants', () => {
  it('reads both sets row by row for n = 2..25', () => {
    for (const set of ['table', 'precise'] as const) {
      for (const row of constantsFile[set]) {
        const named = chartConstants(row[0] as number, set);
        expect(Object.values(named ?? {})).toEqual(row);
      }
    }
    expect(chartConstants(1)).toBeUndefined();
    expect(chartConstants(26)).toBeUndefined();
    // Published values the textbook tables print (and that public copies sometimes get wrong).
    expect(chartConstants(5)).toMatchObject({ A2: 0.577, D4: 2.114, d2: 2.326, A3: 1.427 });
    expect(chartConstants(2)).toMatchObject({ A2: 1.88, D4: 3.267, E2: 2.659, d2: 1.128 });
  });

  it('c4 from the gamma ratio equals the precise column and the exact n = 2 value', () => {
    for (const row of constantsFile.precise) {
      expect(Math.abs(c4(row[0] as number) - (row[4] as number))).toBeLessThan(1e-7);
    }
    expect(c4(2)).toBeCloseTo(Math.sqrt(2 / Math.PI), 15);
    // c4(34), needed by the antifreeze example: √(2/33)·Γ(17)/Γ(16.5).
    expect(c4(34)).toBeCloseTo(0.992454, 6);
    expect(() => c4(1)).toThrow(RangeError);
  });

  it('precise d2(2) = 2/√π and d3(2) = √(2 − 4/π)', () => {
    expect(chartConstants(2, 'precise')?.d2).toBeCloseTo(2 / Math.sqrt(Math.PI), 7);
    expect(chartConstants(2, 'precise')?.d3).toBeCloseTo(Math.sqrt(2 - 4 / Math.PI), 7);
  });
});

describe('worked example: piston rings, X̄-R and X̄-S, phase I (subgroups 1–25)', () => {
  const { expected } = pistonrings;

  it('X̄-R with the published table constants (tableConstants_xbarR)', () => {
    const chart = chartOf(xbarRChart(pistonPhaseI));
    const want = expected.tableConstants_xbarR;
    expect(chart.limitsFrom).toBe('data');
    expect(chart.constants).toBe('table');
    expect(chartConstants(5)?.A2).toBe(want.A2);
    expectAsStated(chart.centre, want.xbarbar);
    const xbar = limitsOf(chart.points);
    expectAsStated(xbar.ucl, want.UCL);
    expectAsStated(xbar.lcl, want.LCL);
    const r = limitsOf(chart.secondary?.points ?? []);
    expect(chart.secondary?.kind).toBe('r');
    expectAsStated(r.cl, want.Rbar);
    expectAsStated(r.ucl, want.R_UCL);
    expectAsStated(r.lcl, want.R_LCL);
    expect(chart.points).toHaveLength(25);
  });

  it('X̄-S with the published table constants (tableConstants_xbarS)', () => {
    const chart = chartOf(xbarSChart(pistonPhaseI));
    const want = expected.tableConstants_xbarS;
    expect(chartConstants(5)?.A3).toBe(want.A3);
    const xbar = limitsOf(chart.points);
    expectAsStated(xbar.ucl, want.UCL);
    expectAsStated(xbar.lcl, want.LCL);
    const s = limitsOf(chart.secondary?.points ?? []);
    expect(chart.secondary?.kind).toBe('s');
    expectAsStated(s.cl, want.sbar);
    expectAsStated(s.ucl, want.S_UCL);
    expectAsStated(s.lcl, want.S_LCL);
  });

  it("qcc's X̄ chart: σ̂ = R̄/d2 with d2 = 2.326, limits x̄̄ ± 3σ̂/√5, nothing beyond them", () => {
    const want = expected.qcc_xbar;
    // qcc divides by the 3-decimal d2, as the table set does.
    expectAsStated(chartOf(xbarRChart(pistonPhaseI)).sigma, want.stdDev);
    // Its limits are in σ form, as the precise set draws them.
    const chart = chartOf(xbarRChart(pistonPhaseI, { constants: 'precise' }));
    expectAsStated(chart.centre, want.center);
    const xbar = limitsOf(chart.points);
    expectAsStated(xbar.ucl, want.UCL);
    expectAsStated(xbar.lcl, want.LCL);
    expect(runRuleAlarms(chart.points, ['N1'])).toEqual(want.beyondLimits);
  });

  it("qcc's 2-sigma X̄ chart: subgroup 1 above, subgroup 14 below", () => {
    const want = expected.qcc_xbar_2sigma;
    const chart = chartOf(xbarRChart(pistonPhaseI, { constants: 'precise', sigmaMultiplier: 2 }));
    const xbar = limitsOf(chart.points);
    expectAsStated(xbar.ucl, want.UCL);
    expectAsStated(xbar.lcl, want.LCL);
    // The zones stay at 1σ, 2σ, 3σ: only the limits moved to 2σ.
    expect(xbar.ucl - xbar.cl).toBeCloseTo(2 * xbar.sigma, 12);
    const beyond = runRuleAlarms(chart.points, ['N1']);
    expect(beyond.filter((a) => a.direction === 'above').map((a) => a.index + 1)).toEqual(
      want.beyondUCL,
    );
    expect(beyond.filter((a) => a.direction === 'below').map((a) => a.index + 1)).toEqual(
      want.beyondLCL,
    );
  });

  it("qcc's R chart: centre R̄, LCL 0, UCL R̄ + 3·d3·σ̂", () => {
    const want = expected.qcc_R;
    const r = limitsOf(
      chartOf(xbarRChart(pistonPhaseI, { constants: 'precise' })).secondary!.points,
    );
    expectAsStated(r.cl, want.center);
    expectAsStated(r.lcl, want.LCL);
    // qcc mixes its 3-decimal d2 (2.326) with its own 7-decimal d3 (0.8640855, 3.6e-6 above the
    // exact integral): 0.02276 + 3·0.8640855·0.02276/2.326 = 0.04812533. The precise set
    // (d2 = 2.3259289, d3 = 0.8640819) gives 0.0481260; the published D4 gives 0.048115. The
    // difference is the constants' rounding, not the formula: agree to 1e-6.
    expect(Math.abs(r.ucl - want.UCL)).toBeLessThan(1e-6);
    expect(0.02276 + (3 * 0.8640855 * 0.02276) / 2.326).toBeCloseTo(want.UCL, 8);
  });

  it("qcc's S chart: σ̂ = s̄/c4 with the exact c4, UCL s̄ + 3σ̂√(1 − c4²)", () => {
    const want = expected.qcc_S;
    const chart = chartOf(xbarSChart(pistonPhaseI, { constants: 'precise' }));
    expectAsStated(chart.sigma, want.stdDev);
    const s = limitsOf(chart.secondary!.points);
    expectAsStated(s.cl, want.center);
    // Recorded with 8 significant digits, truncated: s̄ + 3σ̂√(1 − c4²) = 0.01930241677 (to 30
    // digits, from the data), so it is 0.019302417 rounded; within one unit of the last digit.
    expectAsStated(s.ucl, want.UCL, 1);
    expectAsStated(s.lcl, want.LCL);
  });

  it('phase II: subgroups 26–40 against the frozen phase I lines; 37, 38, 39 above the UCL', () => {
    const phaseI = chartOf(xbarRChart(pistonPhaseI));
    const phaseII = chartOf(xbarRChart(pistonrings.subgroups.slice(25), { frozen: phaseI.frozen }));
    expect(phaseII.limitsFrom).toBe('frozen');
    expect(limitsOf(phaseII.points)).toMatchObject(
      (({ cl, ucl, lcl }) => ({ cl, ucl, lcl }))(limitsOf(phaseI.points)),
    );
    expect(phaseII.sigma).toBe(phaseI.sigma);
    // Means of subgroups 37, 38, 39: 370.083/5 = 74.0166, 370.098/5 = 74.0196,
    // 370.117/5 = 74.0234, all above the UCL 74.01431.
    const above = runRuleAlarms(phaseII.points, ['N1']).map((a) => 25 + a.index + 1);
    expect(above).toEqual([37, 38, 39]);
    expect(phaseII.points[11]?.value).toBeCloseTo(74.0166, 10);
  });
});

describe('worked example: orange juice cans, p chart (samples 1–30 trial)', () => {
  it('trial limits; samples 15 and 23 above the UCL (qcc_p_trial)', () => {
    const want = orangejuice_p.expected.qcc_p_trial;
    const chart = chartOf(pChart(orangeTrial));
    expectAsStated(chart.centre, want.center);
    expectAsStated(chart.sigma, want.stdDev);
    const p = limitsOf(chart.points);
    expectAsStated(p.ucl, want.UCL);
    expectAsStated(p.lcl, want.LCL);
    const beyond = runRuleAlarms(chart.points, ['N1']);
    expect(beyond.filter((a) => a.direction === 'above').map((a) => a.index + 1)).toEqual(
      want.beyondUCL,
    );
    expect(beyond.filter((a) => a.direction === 'below').map((a) => a.index + 1)).toEqual(
      want.beyondLCL,
    );
  });

  it('revised trial limits without samples 15 and 23; sample 21 then above (qcc_p_revised)', () => {
    const want = orangejuice_p.expected.qcc_p_revised;
    const exclude = want.excludedSamples.map((sample) => sample - 1);
    const chart = chartOf(pChart(orangeTrial, { exclude }));
    expect(chart.excluded).toEqual([14, 22]);
    expectAsStated(chart.centre, want.center);
    expectAsStated(chart.sigma, want.stdDev);
    const p = limitsOf(chart.points);
    expectAsStated(p.ucl, want.UCL);
    expectAsStated(p.lcl, want.LCL);
    // The excluded samples stay on the chart, marked, and the rules skip them.
    expect(chart.points.filter((x) => x.excluded).map((x) => x.index)).toEqual([14, 22]);
    const beyond = runRuleAlarms(chart.points, ['N1']);
    expect(beyond.filter((a) => a.direction === 'above').map((a) => a.index + 1)).toEqual(
      want.beyondUCL,
    );
    expect(beyond.filter((a) => a.direction === 'below').map((a) => a.index + 1)).toEqual(
      want.beyondLCL,
    );
  });

  it('phase II: samples 31–54 against the revised p̄ = 0.215; the improvement shows as a run below', () => {
    const later = orangejuice_p.samples
      .filter(([, , , trial]) => !trial)
      .map(([, nonconforming, n]) => ({ nonconforming: nonconforming as number, n: n as number }));
    const chart = chartOf(pChart(later, { standard: { p: 0.215 } }));
    expect(chart.limitsFrom).toBe('standard');
    // 0.215 ± 3·√(0.215·0.785/50) = 0.215 ± 3·0.0580991 → 0.3892972, 0.0407028.
    const p = limitsOf(chart.points);
    expect(p.ucl).toBeCloseTo(0.3892972, 7);
    expect(p.lcl).toBeCloseTo(0.0407028, 7);
    // Counts 31–54: 9 6 12 5 6 4 6 3 7 6 2 4 3 6 5 4 8 5 6 7 5 6 3 5, all below 10.75 = 50·p̄
    // from sample 34 on: 21 in a row, N2 first at the 9th of them (sample 42, index 11).
    const [run, ...others] = runRuleAlarms(chart.points, ['N2']);
    expect(others).toEqual([]);
    expect(run).toMatchObject({
      index: 11,
      direction: 'below',
      run: 21,
      message: '21 points in a row below the centre line (Nelson rule 2)',
    });
    expect(run?.points).toEqual(Array.from({ length: 21 }, (_, i) => i + 3));
    // Sample 41: 2/50 = 0.04 is below the LCL 0.0407.
    expect(runRuleAlarms(chart.points, ['N1']).map((a) => a.index + 31)).toEqual([41]);
  });
});

describe('worked example: viscosity, individuals and moving range', () => {
  const { data, expected } = viscosity_individuals;

  it('MR̄ and the E2 form x̄ ± 2.659·MR̄ (table)', () => {
    const chart = chartOf(individualsChart(data));
    expect(chart.secondary?.kind).toBe('mr');
    expectAsStated(chart.secondary!.centre, expected.MRbar);
    expect(chartConstants(2)?.E2).toBe(expected.E2_form.E2);
    const i = limitsOf(chart.points);
    expectAsStated(i.ucl, expected.E2_form.UCL);
    expectAsStated(i.lcl, expected.E2_form.LCL);
    // 14 moving ranges, plotted at the later value of each pair; UCL = D4(2)·MR̄ = 3.267·MR̄.
    const mr = chart.secondary!.points;
    expect(mr.map((p) => p.index)).toEqual(Array.from({ length: 14 }, (_, k) => k + 1));
    expect(mr[0]?.value).toBeCloseTo(0.7, 12); // |33.05 − 33.75|
    expect(limitsOf(mr).ucl).toBeCloseTo(3.267 * chart.secondary!.centre, 12);
    expect(limitsOf(mr).lcl).toBe(0);
  });

  it('qcc: σ̂ = MR̄/1.128, limits x̄ ± 3σ̂ (qcc_xbar_one)', () => {
    const want = expected.qcc_xbar_one;
    const table = chartOf(individualsChart(data));
    expectAsStated(table.centre, want.center);
    expectAsStated(table.sigma, want.stdDev);
    // qcc draws σ form around the 3-decimal d2's σ̂ (3/1.128 = 2.6596 where E2 = 2.659 and the
    // exact 3/d2 = 2.6587): that σ̂ given as the standard σ reproduces its limits.
    const qccForm = chartOf(individualsChart(data, { standard: { sigma: table.sigma } }));
    const i = limitsOf(qccForm.points);
    expectAsStated(i.ucl, want.UCL);
    expectAsStated(i.lcl, want.LCL);
    expectAsStated(qccForm.centre, want.center);
  });
});

describe('worked example: antifreeze water content, individuals', () => {
  const { data, expected } = antifreeze_individuals;

  it('qcc_xbar_one: σ̂ = MR̄/1.128, no point beyond the limits', () => {
    const want = expected.qcc_xbar_one;
    const table = chartOf(individualsChart(data));
    expectAsStated(table.centre, want.center);
    expectAsStated(table.sigma, want.stdDev);
    const qccForm = chartOf(individualsChart(data, { standard: { sigma: table.sigma } }));
    const i = limitsOf(qccForm.points);
    expectAsStated(i.ucl, want.UCL);
    expectAsStated(i.lcl, want.LCL);
    expect(runRuleAlarms(qccForm.points, ['N1'])).toEqual(want.beyondLimits);
    expect(runRuleAlarms(table.points, ['N1'])).toEqual([]);
  });

  it('qcc_xbar_one_sd: σ̂ = s/c4(34)', () => {
    const want = expected.qcc_xbar_one_sd;
    const chart = chartOf(individualsChart(data, { sigmaFrom: 'standard-deviation' }));
    expectAsStated(chart.centre, want.center);
    expectAsStated(chart.sigma, want.stdDev);
    const i = limitsOf(chart.points);
    expectAsStated(i.ucl, want.UCL);
    expectAsStated(i.lcl, want.LCL);
  });
});

describe('X̄-R and X̄-S: constant sets, standards, exclusions', () => {
  // Four subgroups of 7: ranges 6, 4, 8, 6 → R̄ = 6; means 4, 5, 6, 5 → x̄̄ = 5.
  const sevens = [
    [1, 2, 3, 4, 5, 6, 7],
    [3, 4, 5, 5, 5, 6, 7],
    [2, 4, 5, 6, 7, 8, 10],
    [2, 3, 4, 5, 6, 7, 8],
  ];

  it('n = 7, table: R in [D3·R̄, D4·R̄] = [0.076·6, 1.924·6], X̄ = 5 ± 0.419·6', () => {
    const chart = chartOf(xbarRChart(sevens));
    const r = limitsOf(chart.secondary!.points);
    expect(r.cl).toBe(6);
    expect(r.lcl).toBeCloseTo(0.456, 12);
    expect(r.ucl).toBeCloseTo(11.544, 12);
    const x = limitsOf(chart.points);
    expect(x.cl).toBe(5);
    expect(x.ucl).toBeCloseTo(7.514, 12);
    expect(x.lcl).toBeCloseTo(2.486, 12);
    // σ̂ = 6/2.704.
    expect(chart.sigma).toBeCloseTo(6 / 2.704, 12);
    // Zones from the upper half-width: σ_X̄ = 0.419·6/3.
    expect(x.sigma).toBeCloseTo(0.838, 12);
  });

  it('n = 7, table, 2σ limits: the R chart half-widths scale from D3 and D4', () => {
    const r = limitsOf(chartOf(xbarRChart(sevens, { sigmaMultiplier: 2 })).secondary!.points);
    // Upper: 6 + (2/3)·0.924·6 = 9.696; lower: 6 − (2/3)·(1 − 0.076)·6 = 2.304.
    expect(r.ucl).toBeCloseTo(9.696, 12);
    expect(r.lcl).toBeCloseTo(2.304, 12);
  });

  it('n = 7, precise: σ form with σ̂ = R̄/d2', () => {
    const chart = chartOf(xbarRChart(sevens, { constants: 'precise' }));
    const sigma = 6 / 2.7043568;
    expect(chart.sigma).toBeCloseTo(sigma, 12);
    expect(limitsOf(chart.points).ucl).toBeCloseTo(5 + (3 * sigma) / Math.sqrt(7), 12);
    const r = limitsOf(chart.secondary!.points);
    expect(r.ucl).toBeCloseTo(6 + 3 * 0.8332053 * sigma, 12);
    expect(r.lcl).toBeCloseTo(6 - 3 * 0.8332053 * sigma, 12);
  });

  it('standard values given: μ ± 3σ/√n, R in [max(0, (d2 − 3d3)σ), (d2 + 3d3)σ]', () => {
    // n = 4, μ = 10, σ = 2: X̄ 10 ± 3, R centre 2.059·2 = 4.118, UCL (2.059 + 2.640)·2 = 9.398,
    // LCL 2.059 − 2.640 < 0 → 0.
    const data = [
      [9, 10, 11, 12],
      [8, 10, 10, 12],
    ];
    const chart = chartOf(xbarRChart(data, { standard: { mean: 10, sigma: 2 } }));
    expect(chart.limitsFrom).toBe('standard');
    expect(limitsOf(chart.points)).toMatchObject({ cl: 10, ucl: 13, lcl: 7, sigma: 1 });
    const r = limitsOf(chart.secondary!.points);
    expect(r.cl).toBeCloseTo(4.118, 12);
    expect(r.ucl).toBeCloseTo(9.398, 12);
    expect(r.lcl).toBe(0);
    // S chart, σ = 2: centre c4·σ = 0.9213·2, limits ± 3·2·√(1 − 0.9213²).
    const s = limitsOf(
      chartOf(xbarSChart(data, { standard: { mean: 10, sigma: 2 } })).secondary!.points,
    );
    expect(s.cl).toBeCloseTo(1.8426, 12);
    expect(s.ucl).toBeCloseTo(1.8426 + 6 * Math.sqrt(1 - 0.9213 ** 2), 12);
  });

  it('a standard mean alone keeps R̄ from the data', () => {
    const chart = chartOf(xbarRChart(sevens, { standard: { mean: 4.5 } }));
    expect(chart.limitsFrom).toBe('standard');
    expect(limitsOf(chart.points).ucl).toBeCloseTo(4.5 + 0.419 * 6, 12);
    expect(limitsOf(chart.secondary!.points).cl).toBe(6);
  });

  it('an excluded subgroup stays on the chart but leaves x̄̄ and R̄', () => {
    // Without subgroup 2 (index 2): ranges 6, 4, 6 → R̄ = 16/3; means 4, 5, 5 → x̄̄ = 14/3.
    const chart = chartOf(xbarRChart(sevens, { exclude: [2] }));
    expect(chart.points).toHaveLength(4);
    expect(chart.points[2]?.excluded).toBe(true);
    expect(chart.secondary!.points[2]?.excluded).toBe(true);
    expect(chart.centre).toBeCloseTo(14 / 3, 12);
    expect(chart.secondary!.centre).toBeCloseTo(16 / 3, 12);
  });

  it('refuses what it cannot chart', () => {
    expect(refusalOf(xbarRChart([]))).toBe('no_data');
    expect(
      refusalOf(
        xbarRChart([
          [1, 2, 3],
          [1, 2],
        ]),
      ),
    ).toBe('unequal_subgroup_sizes');
    expect(refusalOf(xbarRChart([[1], [2]]))).toBe('invalid_subgroup_size');
    expect(refusalOf(xbarSChart([Array(26).fill(1), Array(26).fill(2)]))).toBe(
      'invalid_subgroup_size',
    );
    expect(refusalOf(xbarRChart([[1, Number.NaN]]))).toBe('invalid_value');
    expect(refusalOf(xbarRChart([[1, 2]]))).toBe('too_few_subgroups');
    const excluded = xbarRChart(sevens, { exclude: [0, 1, 2] });
    expect(excluded.ok ? undefined : excluded.error).toMatchObject({
      code: 'too_few_subgroups',
      params: { what: 'subgroups', count: 1, minimum: 2 },
    });
    expect(refusalOf(xbarRChart(sevens, { exclude: [4] }))).toBe('invalid_exclusion');
    expect(refusalOf(xbarRChart(sevens, { sigmaMultiplier: 0 }))).toBe('invalid_sigma_multiplier');
    expect(refusalOf(xbarRChart(sevens, { standard: { sigma: -1 } }))).toBe('invalid_standard');
    const frozen = chartOf(xbarRChart(sevens)).frozen!;
    expect(refusalOf(xbarSChart(sevens, { frozen }))).toBe('frozen_limits_mismatch');
    expect(
      refusalOf(
        xbarRChart(
          [
            [1, 2],
            [3, 4],
          ],
          { frozen },
        ),
      ),
    ).toBe('frozen_limits_mismatch');
    expect(refusalOf(xbarRChart(sevens, { frozen, standard: { mean: 1 } }))).toBe(
      'conflicting_limits',
    );
  });
});

describe('individuals: exclusions and frozen lines', () => {
  it('an excluded value leaves the mean and both of its moving ranges', () => {
    // Values 10 12 30 11 13; exclude 30 (index 2): mean (10 + 12 + 11 + 13)/4 = 11.5; moving
    // ranges 2 |18| |19| 2 → only 2 and 2 count, MR̄ = 2.
    const chart = chartOf(individualsChart([10, 12, 30, 11, 13], { exclude: [2] }));
    expect(chart.centre).toBe(11.5);
    expect(chart.secondary!.centre).toBe(2);
    expect(chart.secondary!.points.map((p) => p.excluded)).toEqual([false, true, true, false]);
    expect(limitsOf(chart.points).ucl).toBeCloseTo(11.5 + 2.659 * 2, 12);
  });

  it('phase II reuses the lines exactly', () => {
    const phaseI = chartOf(individualsChart(viscosity_individuals.data));
    const phaseII = chartOf(individualsChart([33.5, 35.2], { frozen: phaseI.frozen }));
    expect(limitsOf(phaseII.points)).toMatchObject(
      (({ cl, ucl, lcl }) => ({ cl, ucl, lcl }))(limitsOf(phaseI.points)),
    );
    expect(runRuleAlarms(phaseII.points, ['N1']).map((a) => a.index)).toEqual([1]);
  });

  it('refuses a lone value for trial limits, accepts it against a full standard', () => {
    expect(refusalOf(individualsChart([5]))).toBe('too_few_subgroups');
    expect(refusalOf(individualsChart([5, 6, 7], { exclude: [1] }))).toBe('too_few_subgroups');
    const lone = individualsChart([5]);
    // The count and the least needed as data, for a client to word the refusal itself.
    expect(lone.ok ? undefined : lone.error).toEqual({
      code: 'too_few_subgroups',
      field: 'values',
      message: 'trial limits need at least 2 values left after exclusions, got 1',
      params: { what: 'values', count: 1, minimum: 2 },
    });
    const chart = chartOf(individualsChart([5], { standard: { mean: 4, sigma: 0.5 } }));
    expect(limitsOf(chart.points)).toMatchObject({ cl: 4, ucl: 5.5, lcl: 2.5 });
    expect(chart.secondary!.points).toEqual([]);
  });
});

describe('attributes charts (hand-computed)', () => {
  it('p with varying sample sizes: limits per point', () => {
    // p̄ = (5 + 12 + 3)/(100 + 200 + 50) = 20/350 = 0.0571429; √(p̄(1 − p̄)) = 0.2321154.
    const chart = chartOf(
      pChart([
        { nonconforming: 5, n: 100 },
        { nonconforming: 12, n: 200 },
        { nonconforming: 3, n: 50 },
      ]),
    );
    const pBar = 20 / 350;
    expect(chart.centre).toBeCloseTo(pBar, 15);
    const perUnit = Math.sqrt(pBar * (1 - pBar));
    for (const [i, n] of [100, 200, 50].entries()) {
      const point = chart.points[i]!;
      expect(point.sigma).toBeCloseTo(perUnit / Math.sqrt(n), 15);
      expect(point.ucl).toBeCloseTo(pBar + (3 * perUnit) / Math.sqrt(n), 15);
      expect(point.lcl).toBeCloseTo(Math.max(0, pBar - (3 * perUnit) / Math.sqrt(n)), 15);
      expect(point.n).toBe(n);
    }
    // n = 100: 0.0571429 ± 0.0696346 → LCL clamped to 0, UCL 0.1267775.
    expect(chart.points[0]?.ucl).toBeCloseTo(0.1267775, 7);
    expect(chart.points[0]?.lcl).toBe(0);
  });

  it('np: n·p̄ ± 3√(n·p̄(1 − p̄))', () => {
    // D = 2 5 3 6 of 100 each: p̄ = 16/400 = 0.04, CL 4, σ = √3.84 = 1.9595918, UCL 9.8787754.
    const chart = chartOf(
      npChart([2, 5, 3, 6].map((nonconforming) => ({ nonconforming, n: 100 }))),
    );
    expect(limitsOf(chart.points)).toMatchObject({ cl: 4, lcl: 0 });
    expect(limitsOf(chart.points).ucl).toBeCloseTo(9.8787754, 7);
    expect(chart.points.map((p) => p.value)).toEqual([2, 5, 3, 6]);
    expect(chart.sigma).toBeCloseTo(Math.sqrt(0.04 * 0.96), 15);
  });

  it('np refuses varying sample sizes', () => {
    expect(
      refusalOf(
        npChart([
          { nonconforming: 1, n: 50 },
          { nonconforming: 1, n: 60 },
        ]),
      ),
    ).toBe('unequal_sample_sizes');
  });

  it('c: c̄ ± 3√c̄', () => {
    // c̄ = 20/4 = 5, √5 = 2.2360680: UCL 11.7082039, LCL −1.708 → 0.
    const chart = chartOf(cChart([4, 9, 2, 5]));
    const c = limitsOf(chart.points);
    expect(c.cl).toBe(5);
    expect(c.ucl).toBeCloseTo(11.7082039, 7);
    expect(c.lcl).toBe(0);
    expect(c.sigma).toBeCloseTo(Math.sqrt(5), 15);
    // Standard c = 16: 16 ± 12 → [4, 28].
    expect(limitsOf(chartOf(cChart([10, 20], { standard: { c: 16 } })).points)).toMatchObject({
      cl: 16,
      ucl: 28,
      lcl: 4,
    });
  });

  it('u with varying (and fractional) units: limits per point', () => {
    // ū = (3 + 8 + 4)/(1 + 2 + 1) = 3.75. n = 1: σ = 1.9364917, UCL 9.5594750; n = 2:
    // σ = √1.875 = 1.3693064, UCL 7.8579192; LCLs negative → 0.
    const chart = chartOf(
      uChart([
        { nonconformities: 3, n: 1 },
        { nonconformities: 8, n: 2 },
        { nonconformities: 4, n: 1 },
      ]),
    );
    expect(chart.centre).toBe(3.75);
    expect(chart.points.map((p) => p.value)).toEqual([3, 4, 4]);
    expect(chart.points[0]?.ucl).toBeCloseTo(9.559475, 6);
    expect(chart.points[1]?.ucl).toBeCloseTo(7.8579192, 7);
    expect(chart.points.every((p) => p.lcl === 0)).toBe(true);
    // A fractional area of opportunity: 3 nonconformities in 1.5 units is 2 per unit.
    const fractional = chartOf(uChart([{ nonconformities: 3, n: 1.5 }], { standard: { u: 2 } }));
    expect(fractional.points[0]?.value).toBe(2);
  });

  it('refuses counts that cannot be', () => {
    expect(refusalOf(pChart([{ nonconforming: 6, n: 5 }]))).toBe('invalid_count');
    expect(refusalOf(pChart([{ nonconforming: 1, n: 0 }]))).toBe('invalid_sample_size');
    expect(refusalOf(pChart([{ nonconforming: 1.5, n: 5 }]))).toBe('invalid_count');
    expect(refusalOf(pChart([{ nonconforming: 1, n: 5 }], { standard: { p: 1.2 } }))).toBe(
      'invalid_standard',
    );
    expect(refusalOf(cChart([1, -1]))).toBe('invalid_count');
    expect(refusalOf(cChart([3]))).toBe('too_few_subgroups');
    expect(refusalOf(uChart([{ nonconformities: 1, n: 0 }]))).toBe('invalid_sample_size');
    expect(refusalOf(uChart([{ nonconformities: 1, n: 1 }], { standard: { u: -1 } }))).toBe(
      'invalid_standard',
    );
  });
});

describe('controlChart: one entry for every kind', () => {
  it('dispatches on kind', () => {
    const viaEntry = chartOf(controlChart({ kind: 'c', counts: [4, 9, 2, 5] }));
    expect(viaEntry).toEqual(chartOf(cChart([4, 9, 2, 5])));
    expect(chartOf(controlChart({ kind: 'xbar-s', subgroups: pistonPhaseI })).kind).toBe('xbar-s');
    expect(
      chartOf(controlChart({ kind: 'i-mr', values: [1, 2, 3], constants: 'precise' })).constants,
    ).toBe('precise');
    expect(
      refusalOf(
        controlChart({ kind: 'histogram' } as unknown as Parameters<typeof controlChart>[0]),
      ),
    ).toBe('unknown_chart_kind');
  });
});

// Shewhart control charts — X̄-R, X̄-S, I-MR, p, np, c, u — as pure functions from the measured
// values (inline gauge data, test results) to the plotted points and their limits. No I/O.
//
// Formulas: Montgomery, Introduction to Statistical Quality Control (ch. 6 variables, ch. 7
// attributes; section numbers below as in the 6th and 7th editions); ASTM Manual on Presentation
// of Data and Control Chart Analysis (MNL 7). The constants are ./data/spc-constants.json, a copy
// of the shared reference (see ./data/README.md).
//
// Two constant sets, because the worked examples use both:
// - 'table' (default): the published 3-decimal factors applied as printed — X̄ = x̄̄ ± A2·R̄,
//   R in [D3·R̄, D4·R̄], X̄ = x̄̄ ± A3·s̄, S in [B3·s̄, B4·s̄], I = x̄ ± E2·MR̄, MR in [0, D4(2)·MR̄] —
//   the hand calculation a quality engineer checks with the textbook table.
// - 'precise': the same limits in σ form (CL ± k·σ of the statistic) with the constants unrounded
//   (d2, d3 to 7 decimals, c4 from its gamma-function formula), as most software computes them.
// The two differ only by the rounding of the tabulated factors: a few parts in 10 000 of a
// limit's distance from the centre line.
//
// Phases (Montgomery §6.2.1, "trial control limits"):
// - phase I: limits from the data; `exclude` leaves subgroups with an assignable cause out of the
//   estimate (revised trial limits) while they stay on the chart, marked excluded;
// - phase II: `standard` gives standard values (μ and/or σ for variables; p, c or u for
//   attributes), or `frozen` carries the limit lines of an approved phase I chart (variables).
import constantsFile from './data/spc-constants.json' with { type: 'json' };
import type { Outcome, Refusal } from './sampling.js';

export type { Outcome, Refusal };

const refuse = (
  code: string,
  field: string,
  message: string,
  params?: Refusal['params'],
): { ok: false; error: Refusal } => ({
  ok: false,
  error: { code, message, field, ...(params ? { params } : {}) },
});

// ------------------------------------------------------------- constants ------

export type ConstantSet = 'table' | 'precise';

/** The control chart constants for a subgroup size (see the definitions in spc-constants.json). */
export interface ChartConstants {
  n: number;
  A: number;
  A2: number;
  A3: number;
  c4: number;
  B3: number;
  B4: number;
  d2: number;
  d3: number;
  D3: number;
  D4: number;
  E2: number;
}

const CONSTANT_COLUMNS = ['n', 'A', 'A2', 'A3', 'c4', 'B3', 'B4', 'd2', 'd3', 'D3', 'D4', 'E2'];

function constantRows(rows: readonly (readonly number[])[], set: ConstantSet): ChartConstants[] {
  // The JSON is a file in this repository, so a malformed row is a programming error: fail at load.
  if (constantsFile.columns.join() !== CONSTANT_COLUMNS.join()) {
    throw new Error('spc constants: unexpected columns');
  }
  return rows.map((row, i) => {
    if (row.length !== CONSTANT_COLUMNS.length || row[0] !== i + 2 || !row.every(Number.isFinite)) {
      throw new Error(`spc constants (${set}): malformed row ${JSON.stringify(row)}`);
    }
    const [n, A, A2, A3, c4, B3, B4, d2, d3, D3, D4, E2] = row as number[];
    return { n, A, A2, A3, c4, B3, B4, d2, d3, D3, D4, E2 } as ChartConstants;
  });
}

const CONSTANTS: Record<ConstantSet, readonly ChartConstants[]> = {
  table: constantRows(constantsFile.table, 'table'),
  precise: constantRows(constantsFile.precise, 'precise'),
};

/** Subgroup sizes the constants table covers (2..25). */
export const MIN_SUBGROUP_SIZE = 2;
export const MAX_SUBGROUP_SIZE = 25;

/** The constants for subgroup size n (2..25) from the published table or the precise set; undefined outside. */
export function chartConstants(n: number, set: ConstantSet = 'table'): ChartConstants | undefined {
  return CONSTANTS[set][n - MIN_SUBGROUP_SIZE];
}

/**
 * c4(n) = E[s]/σ for n normal observations, exactly: √(2/(n−1)) · Γ(n/2) / Γ((n−1)/2). The gamma
 * ratio r(n) = Γ(n/2)/Γ((n−1)/2) follows r(n+2) = r(n) · n/(n−1) from r(2) = 1/√π and
 * r(3) = √π/2, so no log-gamma approximation is needed. Any n ≥ 2 (the table stops at 25).
 */
export function c4(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2)
    throw new RangeError(`c4 needs an integer n ≥ 2, got ${n}`);
  let ratio = n % 2 === 0 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let m = n % 2 === 0 ? 2 : 3; m < n; m += 2) ratio *= m / (m - 1);
  return Math.sqrt(2 / (n - 1)) * ratio;
}

/** c4 from the chosen set: the table's 4 decimals up to n = 25, else the formula. */
function c4From(n: number, set: ConstantSet): number {
  return set === 'table' ? (chartConstants(n, 'table')?.c4 ?? c4(n)) : c4(n);
}

// ----------------------------------------------------------------- types ------

export type ChartKind = 'xbar-r' | 'xbar-s' | 'i-mr' | 'p' | 'np' | 'c' | 'u';
export type SecondaryKind = 'r' | 's' | 'mr';

/** Where the limits come from: the data (phase I), standard values, or an earlier chart's lines (phase II). */
export type LimitsSource = 'data' | 'standard' | 'frozen';

/** One plotted point with its own limits (p and u charts with varying sample sizes have per-point limits). */
export interface ChartPoint {
  /** Position in the series, 0-based: subgroup or sample number − 1 (for MR, the later of the two values). */
  index: number;
  /** The plotted statistic: subgroup mean, range, standard deviation, individual value, moving range, p, np, c or u. */
  value: number;
  cl: number;
  ucl: number;
  lcl: number;
  /** σ of the plotted statistic at this point; the zones of the run rules are cl ± 1σ, 2σ, 3σ. */
  sigma: number;
  /** The subgroup or sample size behind the point (1 for an individual value, 2 for a moving range). */
  n: number;
  /** Phase I: left out of the limit computation (an assignable cause was found); the run rules skip it. */
  excluded: boolean;
}

/** Constant limit lines: what a phase I chart of variables hands to phase II. */
export interface LimitLines {
  cl: number;
  ucl: number;
  lcl: number;
  sigma: number;
}

/** The limit lines of a variables chart, frozen for phase II (subgroup size included: X̄ limits hold for that n only). */
export interface FrozenLimits {
  kind: 'xbar-r' | 'xbar-s' | 'i-mr';
  n: number;
  /** σ̂ of one observation the lines were drawn from. */
  sigma: number;
  primary: LimitLines;
  secondary: LimitLines;
}

export interface SecondaryChart {
  kind: SecondaryKind;
  centre: number;
  points: ChartPoint[];
}

export interface ControlChart {
  kind: ChartKind;
  limitsFrom: LimitsSource;
  /** The constant set used (variables charts); attributes charts use none. */
  constants?: ConstantSet;
  /** k: the limits are at cl ± k·σ (3 unless asked otherwise). */
  sigmaMultiplier: number;
  /** Centre line of the primary chart. */
  centre: number;
  /**
   * σ of one observation, as R's qcc reports `std.dev`: variables σ̂ within (R̄/d2, s̄/c4, MR̄/d2,
   * s/c4 or the standard), p and np √(p̄(1−p̄)), c √c̄, u √ū. The plotted statistic's σ is per point.
   */
  sigma: number;
  points: ChartPoint[];
  /** The dispersion chart under X̄ (R or S) and I (MR). */
  secondary?: SecondaryChart;
  /** Variables charts: the lines to pass as `frozen` for phase II. */
  frozen?: FrozenLimits;
  /** Indices left out of the limit computation. */
  excluded: number[];
}

interface ChartOptions {
  /** k in cl ± k·σ; default 3. */
  sigmaMultiplier?: number;
  /** Phase I: indices of subgroups (samples, values) to leave out of the limit computation. */
  exclude?: readonly number[];
}

export interface VariablesChartOptions extends ChartOptions {
  /** Default 'table'. */
  constants?: ConstantSet;
  /** Standard values; a missing one is estimated from the data. */
  standard?: { mean?: number; sigma?: number };
  /** The lines of an approved phase I chart of the same kind and subgroup size. */
  frozen?: FrozenLimits;
}

export interface IndividualsChartOptions extends VariablesChartOptions {
  /**
   * σ̂ from the average moving range of span 2 (MR̄/d2, default, Montgomery §6.4) or from the
   * sample standard deviation (s/c4(N), qcc's 'SD'), which also counts slow drifts as noise.
   */
  sigmaFrom?: 'moving-range' | 'standard-deviation';
}

export interface ProportionSample {
  /** Nonconforming units found. */
  nonconforming: number;
  /** Units inspected. */
  n: number;
}

export interface RateSample {
  /** Nonconformities (defects) found. */
  nonconformities: number;
  /** Inspection units (may be fractional: square metres, hundreds of rounds). */
  n: number;
}

export interface ProportionChartOptions extends ChartOptions {
  standard?: { p: number };
}

export interface CountChartOptions extends ChartOptions {
  standard?: { c: number };
}

export interface RateChartOptions extends ChartOptions {
  standard?: { u: number };
}

/** One entry point for every kind, e.g. for a route that takes the kind as a parameter. */
export type ChartInput =
  | ({ kind: 'xbar-r'; subgroups: readonly (readonly number[])[] } & VariablesChartOptions)
  | ({ kind: 'xbar-s'; subgroups: readonly (readonly number[])[] } & VariablesChartOptions)
  | ({ kind: 'i-mr'; values: readonly number[] } & IndividualsChartOptions)
  | ({ kind: 'p'; samples: readonly ProportionSample[] } & ProportionChartOptions)
  | ({ kind: 'np'; samples: readonly ProportionSample[] } & ProportionChartOptions)
  | ({ kind: 'c'; counts: readonly number[] } & CountChartOptions)
  | ({ kind: 'u'; samples: readonly RateSample[] } & RateChartOptions);

export function controlChart(input: ChartInput): Outcome<ControlChart> {
  switch (input.kind) {
    case 'xbar-r':
      return xbarRChart(input.subgroups, input);
    case 'xbar-s':
      return xbarSChart(input.subgroups, input);
    case 'i-mr':
      return individualsChart(input.values, input);
    case 'p':
      return pChart(input.samples, input);
    case 'np':
      return npChart(input.samples, input);
    case 'c':
      return cChart(input.counts, input);
    case 'u':
      return uChart(input.samples, input);
    default: {
      const unknown: never = input;
      return refuse(
        'unknown_chart_kind',
        'kind',
        `unknown chart kind "${String((unknown as { kind: unknown }).kind)}"`,
      );
    }
  }
}

// ------------------------------------------------------------ shared parts ------

/** A limit line pair from the half-widths at 3σ above and below cl, scaled to k σ, clamped to the statistic's range. */
function linesAt(
  cl: number,
  upperHalfAt3: number,
  lowerHalfAt3: number,
  k: number,
  range: { min?: number; max?: number } = {},
): LimitLines {
  const ucl = cl + (k * upperHalfAt3) / 3;
  const lcl = cl - (k * lowerHalfAt3) / 3;
  return {
    cl,
    // R, S, MR, counts and proportions cannot go below 0 (nor p above 1, np above n): the limit is
    // clamped, while σ keeps its value so the zones stay symmetric.
    ucl: range.max === undefined ? ucl : Math.min(range.max, ucl),
    lcl: range.min === undefined ? lcl : Math.max(range.min, lcl),
    sigma: upperHalfAt3 / 3,
  };
}

/** σ-form lines: cl ± k·σ. */
const sigmaLines = (
  cl: number,
  sigma: number,
  k: number,
  range?: { min?: number; max?: number },
): LimitLines => linesAt(cl, 3 * sigma, 3 * sigma, k, range);

const pointOf = (
  index: number,
  value: number,
  lines: LimitLines,
  n: number,
  excluded: ReadonlySet<number>,
): ChartPoint => ({
  index,
  value,
  cl: lines.cl,
  ucl: lines.ucl,
  lcl: lines.lcl,
  sigma: lines.sigma,
  n,
  excluded: excluded.has(index),
});

const mean = (values: readonly number[]): number =>
  values.reduce((sum, x) => sum + x, 0) / values.length;

/** Sample standard deviation (n − 1 denominator). */
export function sampleStandardDeviation(values: readonly number[]): number {
  const m = mean(values);
  const squares = values.reduce((sum, x) => sum + (x - m) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

const rangeOf = (values: readonly number[]): number => Math.max(...values) - Math.min(...values);

function checkCommon(
  count: number,
  options: ChartOptions,
  what: string,
): Outcome<{ k: number; excluded: Set<number> }> {
  if (count === 0) return refuse('no_data', what, `${what} is empty`);
  const k = options.sigmaMultiplier ?? 3;
  if (!Number.isFinite(k) || k <= 0) {
    return refuse(
      'invalid_sigma_multiplier',
      'sigmaMultiplier',
      `sigmaMultiplier must be a number above 0, got ${String(k)}`,
    );
  }
  const excluded = new Set<number>();
  for (const index of options.exclude ?? []) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
      return refuse(
        'invalid_exclusion',
        'exclude',
        `exclude holds indices 0..${count - 1} of ${what}, got ${String(index)}`,
      );
    }
    excluded.add(index);
  }
  return { ok: true, value: { k, excluded } };
}

/** The fewest subgroups (samples, values) phase I estimates anything from. */
const MIN_INCLUDED = 2;

/** Phase I needs at least 2 subgroups (samples, values) left after exclusions to estimate anything. */
function checkEnoughIncluded(included: number, what: string): Refusal | undefined {
  if (included >= MIN_INCLUDED) return undefined;
  return {
    code: 'too_few_subgroups',
    field: what,
    message: `trial limits need at least ${MIN_INCLUDED} ${what} left after exclusions, got ${included}`,
    params: { what, count: included, minimum: MIN_INCLUDED },
  };
}

function checkStandardSigma(standard: { mean?: number; sigma?: number } | undefined) {
  if (standard?.mean !== undefined && !Number.isFinite(standard.mean)) {
    return refuse('invalid_standard', 'standard.mean', 'standard.mean must be a finite number');
  }
  if (standard?.sigma !== undefined && !(Number.isFinite(standard.sigma) && standard.sigma > 0)) {
    return refuse('invalid_standard', 'standard.sigma', 'standard.sigma must be a number above 0');
  }
  return undefined;
}

function checkFrozen(
  frozen: FrozenLimits | undefined,
  options: VariablesChartOptions,
  kind: FrozenLimits['kind'],
  n: number,
) {
  if (!frozen) return undefined;
  if (options.standard) {
    return refuse('conflicting_limits', 'frozen', 'give either standard values or frozen limits');
  }
  if (frozen.kind !== kind || frozen.n !== n) {
    return refuse(
      'frozen_limits_mismatch',
      'frozen',
      `frozen limits are for a ${frozen.kind} chart of subgroup size ${frozen.n}, the data make a ${kind} chart of size ${n}`,
    );
  }
  return undefined;
}

/** Subgroups of measurements: non-empty, finite, all of one size within the constants table. */
function checkSubgroups(
  subgroups: readonly (readonly number[])[],
): Outcome<{ n: number; flat: number[] }> {
  const n = subgroups[0]?.length ?? 0;
  for (const [i, subgroup] of subgroups.entries()) {
    if (subgroup.length !== n) {
      // Unequal sizes would need per-point X̄ limits and a pooled σ̂ (Montgomery §6.3.2); the
      // plant's gauges sample fixed subgroups, so a short subgroup is a data error to surface.
      return refuse(
        'unequal_subgroup_sizes',
        `subgroups[${i}]`,
        `every subgroup must have ${n} values (as the first), subgroup ${i} has ${subgroup.length}`,
      );
    }
    if (!subgroup.every(Number.isFinite)) {
      return refuse(
        'invalid_value',
        `subgroups[${i}]`,
        `subgroup ${i} holds a value that is not a finite number`,
      );
    }
  }
  if (n < MIN_SUBGROUP_SIZE || n > MAX_SUBGROUP_SIZE) {
    return refuse(
      'invalid_subgroup_size',
      'subgroups',
      `subgroup size must be ${MIN_SUBGROUP_SIZE}..${MAX_SUBGROUP_SIZE} (the constants table), got ${n}; use an individuals chart for single values`,
    );
  }
  return { ok: true, value: { n, flat: subgroups.flat() } };
}

// ----------------------------------------------------- variables charts ------

/**
 * X̄ and R chart (Montgomery §6.2; ASTM MNL 7 Part 3). Table: x̄̄ ± A2·R̄, R in [D3·R̄, D4·R̄];
 * precise: x̄̄ ± k·σ̂/√n and R̄ ± k·d3·σ̂ with σ̂ = R̄/d2. Standard σ given: μ ± k·σ/√n and
 * d2σ ± k·d3σ (D1σ, D2σ at k = 3). Subgroups of equal size 2..25.
 */
export function xbarRChart(
  subgroups: readonly (readonly number[])[],
  options: VariablesChartOptions = {},
): Outcome<ControlChart> {
  return subgroupChart('xbar-r', subgroups, options);
}

/**
 * X̄ and S chart (Montgomery §6.3). Table: x̄̄ ± A3·s̄, S in [B3·s̄, B4·s̄]; precise: x̄̄ ± k·σ̂/√n
 * and s̄ ± k·σ̂·√(1 − c4²) with σ̂ = s̄/c4. Standard σ given: μ ± k·σ/√n and c4σ ± k·σ√(1 − c4²)
 * (B5σ, B6σ at k = 3). s̄ is the plain average of the subgroup standard deviations (equal sizes).
 */
export function xbarSChart(
  subgroups: readonly (readonly number[])[],
  options: VariablesChartOptions = {},
): Outcome<ControlChart> {
  return subgroupChart('xbar-s', subgroups, options);
}

function subgroupChart(
  kind: 'xbar-r' | 'xbar-s',
  subgroups: readonly (readonly number[])[],
  options: VariablesChartOptions,
): Outcome<ControlChart> {
  const common = checkCommon(subgroups.length, options, 'subgroups');
  if (!common.ok) return common;
  const { k, excluded } = common.value;
  const shape = checkSubgroups(subgroups);
  if (!shape.ok) return shape;
  const { n } = shape.value;
  const standard = options.standard;
  const badStandard = checkStandardSigma(standard) ?? checkFrozen(options.frozen, options, kind, n);
  if (badStandard) return badStandard;

  const set = options.constants ?? 'table';
  const constants = chartConstants(n, set) as ChartConstants;
  const means = subgroups.map(mean);
  const spreads = subgroups.map(kind === 'xbar-r' ? rangeOf : sampleStandardDeviation);
  const included = subgroups.flatMap((_, i) => (excluded.has(i) ? [] : [i]));
  const secondaryKind: SecondaryKind = kind === 'xbar-r' ? 'r' : 's';
  // c4 from its formula in the precise set (the precise column is that formula to 7 decimals).
  const c4n = c4From(n, set);

  let primary: LimitLines;
  let secondary: LimitLines;
  let sigma: number;
  let limitsFrom: LimitsSource;
  if (options.frozen) {
    ({ primary, secondary, sigma } = options.frozen);
    limitsFrom = 'frozen';
  } else if (standard?.sigma !== undefined) {
    // Standard σ given: the limits need no spread statistic from the data; only the mean may.
    if (standard.mean === undefined) {
      const tooFew = checkEnoughIncluded(included.length, 'subgroups');
      if (tooFew) return { ok: false, error: tooFew };
    }
    sigma = standard.sigma;
    const centre = standard.mean ?? mean(included.map((i) => means[i] as number));
    // A = 3/√n exactly: the tabulated A is only its rounding.
    primary = sigmaLines(centre, sigma / Math.sqrt(n), k);
    secondary =
      kind === 'xbar-r'
        ? sigmaLines(constants.d2 * sigma, constants.d3 * sigma, k, { min: 0 })
        : sigmaLines(c4n * sigma, sigma * Math.sqrt(1 - c4n ** 2), k, { min: 0 });
    limitsFrom = 'standard';
  } else {
    const tooFew = checkEnoughIncluded(included.length, 'subgroups');
    if (tooFew) return { ok: false, error: tooFew };
    const centre = standard?.mean ?? mean(included.map((i) => means[i] as number));
    const spreadBar = mean(included.map((i) => spreads[i] as number));
    limitsFrom = standard?.mean === undefined ? 'data' : 'standard';
    if (kind === 'xbar-r') {
      sigma = spreadBar / constants.d2;
      if (set === 'table') {
        primary = linesAt(centre, constants.A2 * spreadBar, constants.A2 * spreadBar, k);
        secondary = factorLines(spreadBar, constants.D3, constants.D4, k);
      } else {
        primary = sigmaLines(centre, sigma / Math.sqrt(n), k);
        secondary = sigmaLines(spreadBar, constants.d3 * sigma, k, { min: 0 });
      }
    } else {
      sigma = spreadBar / c4n;
      if (set === 'table') {
        primary = linesAt(centre, constants.A3 * spreadBar, constants.A3 * spreadBar, k);
        secondary = factorLines(spreadBar, constants.B3, constants.B4, k);
      } else {
        primary = sigmaLines(centre, sigma / Math.sqrt(n), k);
        secondary = sigmaLines(spreadBar, sigma * Math.sqrt(1 - c4n ** 2), k, { min: 0 });
      }
    }
  }

  return {
    ok: true,
    value: {
      kind,
      limitsFrom,
      constants: set,
      sigmaMultiplier: k,
      centre: primary.cl,
      sigma,
      points: means.map((value, i) => pointOf(i, value, primary, n, excluded)),
      secondary: {
        kind: secondaryKind,
        centre: secondary.cl,
        points: spreads.map((value, i) => pointOf(i, value, secondary, n, excluded)),
      },
      frozen: { kind, n, sigma, primary, secondary },
      excluded: [...excluded].sort((a, b) => a - b),
    },
  };
}

/**
 * Dispersion-chart lines from the published lower and upper factors (D3, D4 or B3, B4) applied
 * to the average spread: exactly [lower·bar, upper·bar] at k = 3. For another k the half-widths
 * scale; where the table prints a lower factor of 0 it hides a negative limit, so the lower
 * half-width is taken as the upper one.
 */
function factorLines(bar: number, lower: number, upper: number, k: number): LimitLines {
  const upperHalf = (upper - 1) * bar;
  const lowerHalf = lower > 0 ? (1 - lower) * bar : upperHalf;
  const lines = linesAt(bar, upperHalf, lowerHalf, k, { min: 0 });
  // At k = 3 write the printed products, free of the rounding in bar − (1 − D3)·bar.
  return k === 3 ? { ...lines, ucl: upper * bar, lcl: lower * bar } : lines;
}

/**
 * Individuals and moving range chart, moving range of span 2 (Montgomery §6.4). Table:
 * x̄ ± E2·MR̄ (E2 = 3/d2(2) = 2.659) and MR in [0, D4(2)·MR̄]; precise: x̄ ± k·σ̂, MR̄ ± k·d3·σ̂
 * with σ̂ = MR̄/d2. With sigmaFrom 'standard-deviation' or a standard σ: x̄ ± k·σ and MR lines
 * d2σ ± k·d3σ. An excluded value leaves the mean, and both moving ranges it is part of leave MR̄.
 */
export function individualsChart(
  values: readonly number[],
  options: IndividualsChartOptions = {},
): Outcome<ControlChart> {
  const common = checkCommon(values.length, options, 'values');
  if (!common.ok) return common;
  const { k, excluded } = common.value;
  const badValue = values.findIndex((x) => !Number.isFinite(x));
  if (badValue >= 0) {
    return refuse(
      'invalid_value',
      `values[${badValue}]`,
      `value ${badValue} is not a finite number`,
    );
  }
  const standard = options.standard;
  const bad = checkStandardSigma(standard) ?? checkFrozen(options.frozen, options, 'i-mr', 1);
  if (bad) return bad;

  const set = options.constants ?? 'table';
  const pair = chartConstants(2, set) as ChartConstants;
  // MR_i = |x_i − x_(i−1)| for i ≥ 1, plotted at i; it counts only if both values are included.
  const movingRanges = values.slice(1).map((x, i) => Math.abs(x - (values[i] as number)));
  const includedValues = values.filter((_, i) => !excluded.has(i));
  const includedRanges = movingRanges.filter((_, i) => !excluded.has(i) && !excluded.has(i + 1));

  let primary: LimitLines;
  let secondary: LimitLines;
  let sigma: number;
  let limitsFrom: LimitsSource = 'data';
  if (options.frozen) {
    ({ primary, secondary, sigma } = options.frozen);
    limitsFrom = 'frozen';
  } else {
    if (standard?.mean === undefined || standard.sigma === undefined) {
      const tooFew = checkEnoughIncluded(includedValues.length, 'values');
      if (tooFew) return { ok: false, error: tooFew };
    }
    const centre = standard?.mean ?? mean(includedValues);
    if (standard?.mean !== undefined || standard?.sigma !== undefined) limitsFrom = 'standard';
    const fromMovingRange =
      standard?.sigma === undefined && (options.sigmaFrom ?? 'moving-range') === 'moving-range';
    if (fromMovingRange) {
      if (includedRanges.length === 0) {
        return refuse(
          'too_few_subgroups',
          'values',
          'no moving range is left between two included values',
        );
      }
      const mrBar = mean(includedRanges);
      sigma = mrBar / pair.d2;
      if (set === 'table') {
        primary = linesAt(centre, pair.E2 * mrBar, pair.E2 * mrBar, k);
        secondary = factorLines(mrBar, pair.D3, pair.D4, k);
      } else {
        primary = sigmaLines(centre, sigma, k);
        secondary = sigmaLines(mrBar, pair.d3 * sigma, k, { min: 0 });
      }
    } else {
      // qcc's 'SD': s/c4(N) over the included values (c4 beyond 25 from its formula).
      sigma =
        standard?.sigma ??
        sampleStandardDeviation(includedValues) / c4From(includedValues.length, set);
      primary = sigmaLines(centre, sigma, k);
      secondary = sigmaLines(pair.d2 * sigma, pair.d3 * sigma, k, { min: 0 });
    }
  }

  return {
    ok: true,
    value: {
      kind: 'i-mr',
      limitsFrom,
      constants: set,
      sigmaMultiplier: k,
      centre: primary.cl,
      sigma,
      points: values.map((value, i) => pointOf(i, value, primary, 1, excluded)),
      secondary: {
        kind: 'mr',
        centre: secondary.cl,
        // A moving range is excluded with either of its values.
        points: movingRanges.map((value, i) => ({
          ...pointOf(i + 1, value, secondary, 2, excluded),
          excluded: excluded.has(i) || excluded.has(i + 1),
        })),
      },
      frozen: { kind: 'i-mr', n: 1, sigma, primary, secondary },
      excluded: [...excluded].sort((a, b) => a - b),
    },
  };
}

// ---------------------------------------------------- attributes charts ------

function checkProportionSamples(samples: readonly ProportionSample[]): Refusal | undefined {
  for (const [i, { nonconforming, n }] of samples.entries()) {
    if (!Number.isSafeInteger(n) || n < 1) {
      return {
        code: 'invalid_sample_size',
        field: `samples[${i}].n`,
        message: `sample ${i}: n must be a whole number ≥ 1, got ${String(n)}`,
      };
    }
    if (!Number.isSafeInteger(nonconforming) || nonconforming < 0 || nonconforming > n) {
      return {
        code: 'invalid_count',
        field: `samples[${i}].nonconforming`,
        message: `sample ${i}: nonconforming must be a whole number 0..${n}, got ${String(nonconforming)}`,
      };
    }
  }
  return undefined;
}

function checkProportionStandard(standard: { p: number } | undefined) {
  if (standard && !(Number.isFinite(standard.p) && standard.p >= 0 && standard.p <= 1)) {
    return refuse(
      'invalid_standard',
      'standard.p',
      `standard.p must be 0..1, got ${String(standard.p)}`,
    );
  }
  return undefined;
}

/**
 * Fraction nonconforming (Montgomery §7.2): p̄ = ΣD/Σn over the included samples (the standard p
 * in phase II), limits p̄ ± k·√(p̄(1−p̄)/n_i) per sample, clamped to [0, 1], so samples of
 * different sizes each get their own limits (§7.2.2, "variable-width control limits").
 */
export function pChart(
  samples: readonly ProportionSample[],
  options: ProportionChartOptions = {},
): Outcome<ControlChart> {
  const common = checkCommon(samples.length, options, 'samples');
  if (!common.ok) return common;
  const { k, excluded } = common.value;
  const bad = checkProportionSamples(samples) ?? checkProportionStandard(options.standard)?.error;
  if (bad) return { ok: false, error: bad };
  const estimate = proportionFrom(samples, excluded, options.standard);
  if (!estimate.ok) return estimate;
  const p = estimate.value;
  const perUnit = Math.sqrt(p * (1 - p));
  return {
    ok: true,
    value: {
      kind: 'p',
      limitsFrom: options.standard ? 'standard' : 'data',
      sigmaMultiplier: k,
      centre: p,
      sigma: perUnit,
      points: samples.map(({ nonconforming, n }, i) =>
        pointOf(
          i,
          nonconforming / n,
          sigmaLines(p, perUnit / Math.sqrt(n), k, { min: 0, max: 1 }),
          n,
          excluded,
        ),
      ),
      excluded: [...excluded].sort((a, b) => a - b),
    },
  };
}

/**
 * Number nonconforming (Montgomery §7.2): n·p̄ ± k·√(n·p̄(1−p̄)), clamped to [0, n]. Needs one
 * sample size: with varying n the plotted counts are not comparable (use a p chart).
 */
export function npChart(
  samples: readonly ProportionSample[],
  options: ProportionChartOptions = {},
): Outcome<ControlChart> {
  const common = checkCommon(samples.length, options, 'samples');
  if (!common.ok) return common;
  const { k, excluded } = common.value;
  const bad = checkProportionSamples(samples) ?? checkProportionStandard(options.standard)?.error;
  if (bad) return { ok: false, error: bad };
  const n = samples[0]?.n as number;
  const unequal = samples.findIndex((sample) => sample.n !== n);
  if (unequal >= 0) {
    return refuse(
      'unequal_sample_sizes',
      `samples[${unequal}].n`,
      `an np chart needs one sample size (${n} as the first), sample ${unequal} has ${samples[unequal]?.n}; use a p chart`,
    );
  }
  const estimate = proportionFrom(samples, excluded, options.standard);
  if (!estimate.ok) return estimate;
  const p = estimate.value;
  const lines = sigmaLines(n * p, Math.sqrt(n * p * (1 - p)), k, { min: 0, max: n });
  return {
    ok: true,
    value: {
      kind: 'np',
      limitsFrom: options.standard ? 'standard' : 'data',
      sigmaMultiplier: k,
      centre: lines.cl,
      sigma: Math.sqrt(p * (1 - p)),
      points: samples.map(({ nonconforming }, i) => pointOf(i, nonconforming, lines, n, excluded)),
      excluded: [...excluded].sort((a, b) => a - b),
    },
  };
}

function proportionFrom(
  samples: readonly ProportionSample[],
  excluded: ReadonlySet<number>,
  standard: { p: number } | undefined,
): Outcome<number> {
  if (standard) return { ok: true, value: standard.p };
  const included = samples.filter((_, i) => !excluded.has(i));
  const tooFew = checkEnoughIncluded(included.length, 'samples');
  if (tooFew) return { ok: false, error: tooFew };
  const defectives = included.reduce((sum, s) => sum + s.nonconforming, 0);
  const inspected = included.reduce((sum, s) => sum + s.n, 0);
  return { ok: true, value: defectives / inspected };
}

/** Nonconformities per inspection unit of constant size (Montgomery §7.3.1): c̄ ± k·√c̄, floored at 0. */
export function cChart(
  counts: readonly number[],
  options: CountChartOptions = {},
): Outcome<ControlChart> {
  const common = checkCommon(counts.length, options, 'counts');
  if (!common.ok) return common;
  const { k, excluded } = common.value;
  const badCount = counts.findIndex((c) => !Number.isSafeInteger(c) || c < 0);
  if (badCount >= 0) {
    return refuse(
      'invalid_count',
      `counts[${badCount}]`,
      `count ${badCount} must be a whole number ≥ 0, got ${String(counts[badCount])}`,
    );
  }
  const standard = options.standard;
  if (standard && !(Number.isFinite(standard.c) && standard.c >= 0)) {
    return refuse(
      'invalid_standard',
      'standard.c',
      `standard.c must be a number ≥ 0, got ${String(standard.c)}`,
    );
  }
  let c: number;
  if (standard) c = standard.c;
  else {
    const included = counts.filter((_, i) => !excluded.has(i));
    const tooFew = checkEnoughIncluded(included.length, 'counts');
    if (tooFew) return { ok: false, error: tooFew };
    c = mean(included);
  }
  const lines = sigmaLines(c, Math.sqrt(c), k, { min: 0 });
  return {
    ok: true,
    value: {
      kind: 'c',
      limitsFrom: standard ? 'standard' : 'data',
      sigmaMultiplier: k,
      centre: c,
      sigma: Math.sqrt(c),
      points: counts.map((count, i) => pointOf(i, count, lines, 1, excluded)),
      excluded: [...excluded].sort((a, b) => a - b),
    },
  };
}

/**
 * Nonconformities per unit (Montgomery §7.3.2): ū = Σc/Σn over the included samples, limits
 * ū ± k·√(ū/n_i) per sample, floored at 0; n_i may be fractional (units of area or length).
 */
export function uChart(
  samples: readonly RateSample[],
  options: RateChartOptions = {},
): Outcome<ControlChart> {
  const common = checkCommon(samples.length, options, 'samples');
  if (!common.ok) return common;
  const { k, excluded } = common.value;
  for (const [i, { nonconformities, n }] of samples.entries()) {
    if (!(Number.isFinite(n) && n > 0)) {
      return refuse(
        'invalid_sample_size',
        `samples[${i}].n`,
        `sample ${i}: n must be a number above 0, got ${String(n)}`,
      );
    }
    if (!Number.isSafeInteger(nonconformities) || nonconformities < 0) {
      return refuse(
        'invalid_count',
        `samples[${i}].nonconformities`,
        `sample ${i}: nonconformities must be a whole number ≥ 0, got ${String(nonconformities)}`,
      );
    }
  }
  const standard = options.standard;
  if (standard && !(Number.isFinite(standard.u) && standard.u >= 0)) {
    return refuse(
      'invalid_standard',
      'standard.u',
      `standard.u must be a number ≥ 0, got ${String(standard.u)}`,
    );
  }
  let u: number;
  if (standard) u = standard.u;
  else {
    const included = samples.filter((_, i) => !excluded.has(i));
    const tooFew = checkEnoughIncluded(included.length, 'samples');
    if (tooFew) return { ok: false, error: tooFew };
    u =
      included.reduce((sum, s) => sum + s.nonconformities, 0) /
      included.reduce((sum, s) => sum + s.n, 0);
  }
  return {
    ok: true,
    value: {
      kind: 'u',
      limitsFrom: standard ? 'standard' : 'data',
      sigmaMultiplier: k,
      centre: u,
      sigma: Math.sqrt(u),
      points: samples.map(({ nonconformities, n }, i) =>
        pointOf(
          i,
          nonconformities / n,
          sigmaLines(u, Math.sqrt(u / n), k, { min: 0 }),
          n,
          excluded,
        ),
      ),
      excluded: [...excluded].sort((a, b) => a - b),
    },
  };
}

// Probability distributions for the digital twin: cycle times, times between failures, repair
// times. Each validates its parameters once, knows its exact mean and variance (the engine and
// its reports compare simulated averages against them), and samples without allocating — the
// engine draws millions of values a second. Pure: randomness comes only from the RandomStream
// passed in.
import { fieldIssue, invalid, invalidField, LotlineError } from '../../core/errors.js';
import type { RandomStream } from './random.js';

export interface Distribution {
  /** 'exponential' | 'normal' | … for display; the same word `distributionFrom` takes. */
  readonly kind: string;
  /** The exact mean: always finite (parameters are validated). */
  readonly mean: number;
  readonly variance: number;
  /** The hot path: no allocation per call. */
  sample(random: RandomStream): number;
  /** e.g. "exponential(mean 0.2)". */
  describe(): string;
}

// ---------------------------------------------------------------------------------------------
// Parameter checks. A failure names the distribution and the field; `distributionFrom` re-words
// it with the field's path in the plant file.

// The rule is English (it is a modelling engineer's): the code names the kind of failure.
function fail(kind: string, field: string, rule: string): never {
  throw invalid('distribution_parameter_invalid', '{{distribution}}: {{field}} {{rule}}', {
    distribution: kind,
    field,
    rule,
  }).withIssues([
    fieldIssue(field, 'distribution_parameter_invalid', '{{rule}}', { distribution: kind, rule }),
  ]);
}

function finite(kind: string, field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(kind, field, `must be a finite number, got ${String(value)}`);
  }
  return value;
}

function positive(kind: string, field: string, value: number): number {
  finite(kind, field, value);
  if (!(value > 0)) fail(kind, field, `must be > 0, got ${value}`);
  return value;
}

/** Parameters can be finite and still overflow the moments (a Weibull shape of 0.001). */
function finiteMoments(kind: string, field: string, mean: number, variance: number): void {
  if (!Number.isFinite(mean) || !Number.isFinite(variance)) {
    fail(kind, field, 'is out of range: the mean or variance overflows');
  }
}

// ---------------------------------------------------------------------------------------------
// Special functions.

// Lanczos approximation, g = 7, n = 9 (the coefficients of Numerical Recipes 3rd ed. §6.1 and
// Godfrey's table): relative error about 1e-15 for real arguments.
const LANCZOS_G = 7;
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The Gamma function Γ(x) for real x (reflection below 0.5); Infinity past x ≈ 171.6. */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  // t^(z + ½) in two halves, so Γ(171) does not overflow on the way to a finite result.
  const half = t ** ((z + 0.5) / 2);
  return SQRT_2PI * half * Math.exp(-t) * half * sum;
}

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// in the form of ACM TOMS 715 ANORM (as R's pnorm): about 1e-16 relative error in both tails.
// Coefficients are written as the doubles their published 20-digit forms round to.
const CODY_A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356,
  0.06568233791820745,
];
const CODY_B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const CODY_C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const CODY_D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const CODY_P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  2.9112874951168793e-5, 0.023073441764940174,
];
const CODY_Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824,
  7.297515550839662e-5,
];
const INV_SQRT_2PI = 0.3989422804014327;

const at = (table: readonly number[], i: number) => table[i] as number;

/** P(Z ≤ −y) for y ≥ 0.67448975: exp(−y²/2)·rational(y), with y² split so exp stays exact. */
function lowerTailBeyond(y: number): number {
  let ratio: number;
  if (y <= Math.sqrt(32)) {
    let num = at(CODY_C, 8) * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + at(CODY_C, i)) * y;
      den = (den + at(CODY_D, i)) * y;
    }
    ratio = (num + at(CODY_C, 7)) / (den + at(CODY_D, 7));
  } else {
    const r = 1 / (y * y);
    let num = at(CODY_P, 5) * r;
    let den = r;
    for (let i = 0; i < 4; i++) {
      num = (num + at(CODY_P, i)) * r;
      den = (den + at(CODY_Q, i)) * r;
    }
    ratio = (INV_SQRT_2PI - (r * (num + at(CODY_P, 4))) / (den + at(CODY_Q, 4))) / y;
  }
  const ySplit = Math.trunc(y * 16) / 16;
  const rest = (y - ySplit) * (y + ySplit);
  return Math.exp(-ySplit * ySplit * 0.5) * Math.exp(-rest * 0.5) * ratio;
}

/** The standard normal distribution function Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const square = x * x;
    let num = at(CODY_A, 4) * square;
    let den = square;
    for (let i = 0; i < 3; i++) {
      num = (num + at(CODY_A, i)) * square;
      den = (den + at(CODY_B, i)) * square;
    }
    return 0.5 + (x * (num + at(CODY_A, 3))) / (den + at(CODY_B, 3));
  }
  const tail = lowerTailBeyond(y);
  return x > 0 ? 1 - tail : tail;
}

/** P(Z > x), accurate far into the upper tail where 1 − Φ(x) would cancel to 0. */
function normalUpperTail(x: number): number {
  return x >= 0.67448975 ? lowerTailBeyond(x) : 1 - normalCdf(x);
}

function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

const show = (x: number) => String(x);

// ---------------------------------------------------------------------------------------------
// The distributions.

class Constant implements Distribution {
  readonly kind = 'constant';
  readonly variance = 0;
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
  describe(): string {
    return `constant(${show(this.mean)})`;
  }
}

/** Always `value`; draws nothing from the stream. */
export function constant(value: number): Distribution {
  return new Constant(finite('constant', 'value', value));
}

class Uniform implements Distribution {
  readonly kind = 'uniform';
  readonly mean: number;
  readonly variance: number;
  private readonly span: number;
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    this.span = max - min;
    this.mean = min + this.span / 2;
    this.variance = (this.span * this.span) / 12;
    finiteMoments(this.kind, 'max', this.mean, this.variance);
  }
  sample(random: RandomStream): number {
    return this.min + this.span * random.next();
  }
  describe(): string {
    return `uniform(min ${show(this.min)}, max ${show(this.max)})`;
  }
}

/** Uniform on [min, max). */
export function uniform(min: number, max: number): Distribution {
  finite('uniform', 'min', min);
  finite('uniform', 'max', max);
  if (!(max > min)) fail('uniform', 'max', `must be > min (${min}), got ${max}`);
  return new Uniform(min, max);
}

class Exponential implements Distribution {
  readonly kind = 'exponential';
  readonly variance: number;
  constructor(readonly mean: number) {
    this.variance = mean * mean;
    finiteMoments(this.kind, 'mean', mean, this.variance);
  }
  sample(random: RandomStream): number {
    // Inverse transform; nextOpen() is never 0, so the log is finite.
    return -this.mean * Math.log(random.nextOpen());
  }
  describe(): string {
    return `exponential(mean ${show(this.mean)})`;
  }
}

/** Exponential with the given mean (rate 1/mean): times between random failures. */
export function exponential(mean: number): Distribution {
  return new Exponential(positive('exponential', 'mean', mean));
}

class Normal implements Distribution {
  readonly kind = 'normal';
  readonly variance: number;
  constructor(
    readonly mean: number,
    readonly sd: number,
  ) {
    this.variance = sd * sd;
    finiteMoments(this.kind, 'sd', mean, this.variance);
  }
  sample(random: RandomStream): number {
    return this.mean + this.sd * random.nextNormal();
  }
  describe(): string {
    return `normal(mean ${show(this.mean)}, sd ${show(this.sd)})`;
  }
}

/** The plain normal distribution: can be negative (see truncatedNormal for times). */
export function normal(mean: number, sd: number): Distribution {
  finite('normal', 'mean', mean);
  positive('normal', 'sd', sd);
  return new Normal(mean, sd);
}

class TruncatedNormal implements Distribution {
  readonly kind = 'truncatedNormal';
  readonly mean: number;
  readonly variance: number;
  /** The bound in standard units, α = (min − μ)/σ. */
  private readonly alpha: number;
  /** Rate of Robert's exponential proposal, (α + √(α² + 4))/2. */
  private readonly rate: number;
  constructor(
    readonly mu: number,
    readonly sd: number,
    readonly min: number,
  ) {
    const alpha = (min - mu) / sd;
    const kept = normalUpperTail(alpha);
    if (!(kept > 0)) {
      fail(this.kind, 'min', `is ${show(alpha)} sd above the mean: no normal value reaches it`);
    }
    // Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1, §10.1 (13.134):
    // with λ = φ(α)/(1 − Φ(α)), E = μ + σλ and Var = σ²(1 + αλ − λ²).
    const lambda = normalPdf(alpha) / kept;
    this.alpha = alpha;
    this.rate = (alpha + Math.sqrt(alpha * alpha + 4)) / 2;
    this.mean = mu + sd * lambda;
    this.variance = sd * sd * Math.max(0, 1 + alpha * lambda - lambda * lambda);
    finiteMoments(this.kind, 'sd', this.mean, this.variance);
  }
  sample(random: RandomStream): number {
    if (this.alpha <= 0) {
      // At least half of all normal values are kept: resample until one is ≥ min.
      let x: number;
      do x = this.mu + this.sd * random.nextNormal();
      while (x < this.min);
      return x;
    }
    // min above the mean: plain resampling would discard most draws (99.9 % at 3 sd), so use
    // C. P. Robert, "Simulation of truncated normal variables", Statistics and Computing 5 (1995):
    // z = α + Exp(rate), accepted with probability exp(−(z − rate)²/2). Same distribution.
    let z: number;
    let d: number;
    do {
      z = this.alpha - Math.log(random.nextOpen()) / this.rate;
      d = z - this.rate;
    } while (random.next() > Math.exp(-0.5 * d * d));
    return Math.max(this.min, this.mu + this.sd * z);
  }
  describe(): string {
    return `truncatedNormal(mean ${show(this.mu)}, sd ${show(this.sd)}, min ${show(this.min)})`;
  }
}

/**
 * A normal(mean, sd) conditioned on being ≥ min: values below min are resampled (times ≥ 0).
 * `mean` and `sd` are the parameters of the normal before truncation; the distribution's `mean`
 * and `variance` are those of the truncated variable, computed exactly.
 */
export function truncatedNormal(mean: number, sd: number, min: number): Distribution {
  finite('truncatedNormal', 'mean', mean);
  positive('truncatedNormal', 'sd', sd);
  finite('truncatedNormal', 'min', min);
  return new TruncatedNormal(mean, sd, min);
}

class Lognormal implements Distribution {
  readonly kind = 'lognormal';
  readonly variance: number;
  private readonly mu: number;
  private readonly sigma: number;
  constructor(
    readonly mean: number,
    readonly sd: number,
  ) {
    // For X = exp(μ + σZ): E X = exp(μ + σ²/2), Var X = (exp(σ²) − 1)·(E X)², so
    // σ² = ln(1 + sd²/mean²) and μ = ln(mean) − σ²/2.
    const cv = sd / mean;
    const sigma2 = Math.log1p(cv * cv);
    this.sigma = Math.sqrt(sigma2);
    this.mu = Math.log(mean) - sigma2 / 2;
    this.variance = sd * sd;
    finiteMoments(this.kind, 'sd', mean, this.variance);
  }
  sample(random: RandomStream): number {
    return Math.exp(this.mu + this.sigma * random.nextNormal());
  }
  describe(): string {
    return `lognormal(mean ${show(this.mean)}, sd ${show(this.sd)})`;
  }
}

/** Lognormal given the mean and sd of the variable itself (not of its logarithm). */
export function lognormal(mean: number, sd: number): Distribution {
  positive('lognormal', 'mean', mean);
  positive('lognormal', 'sd', sd);
  return new Lognormal(mean, sd);
}

class Weibull implements Distribution {
  readonly kind = 'weibull';
  readonly mean: number;
  readonly variance: number;
  private readonly inverseShape: number;
  constructor(
    readonly shape: number,
    readonly scale: number,
  ) {
    this.inverseShape = 1 / shape;
    const g1 = gammaFunction(1 + 1 / shape);
    const g2 = gammaFunction(1 + 2 / shape);
    this.mean = scale * g1;
    this.variance = scale * scale * Math.max(0, g2 - g1 * g1);
    finiteMoments(this.kind, 'shape', this.mean, this.variance);
  }
  sample(random: RandomStream): number {
    // Inverse transform of F(x) = 1 − exp(−(x/scale)^shape), with 1 − U replaced by U.
    return this.scale * (-Math.log(random.nextOpen())) ** this.inverseShape;
  }
  describe(): string {
    return `weibull(shape ${show(this.shape)}, scale ${show(this.scale)})`;
  }
}

/** Weibull with F(x) = 1 − exp(−(x/scale)^shape): wear-out failures when shape > 1. */
export function weibull(shape: number, scale: number): Distribution {
  positive('weibull', 'shape', shape);
  positive('weibull', 'scale', scale);
  return new Weibull(shape, scale);
}

class Gamma implements Distribution {
  readonly kind = 'gamma';
  readonly mean: number;
  readonly variance: number;
  // Marsaglia–Tsang constants for shape ≥ 1 (shape + 1 when shape < 1).
  private readonly d: number;
  private readonly c: number;
  /** 1/shape when shape < 1 (the boost), else 0. */
  private readonly boost: number;
  constructor(
    readonly shape: number,
    readonly scale: number,
  ) {
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    finiteMoments(this.kind, 'scale', this.mean, this.variance);
    const a = shape < 1 ? shape + 1 : shape;
    this.d = a - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.boost = shape < 1 ? 1 / shape : 0;
  }
  sample(random: RandomStream): number {
    // G. Marsaglia & W. W. Tsang, "A simple method for generating gamma variables",
    // ACM TOMS 26(3), 2000: squeeze first, then the log test.
    const d = this.d;
    let v: number;
    for (;;) {
      const z = random.nextNormal();
      v = 1 + this.c * z;
      if (v <= 0) continue;
      v = v * v * v;
      const u = random.nextOpen();
      const z2 = z * z;
      if (u < 1 - 0.0331 * z2 * z2) break;
      if (Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) break;
    }
    const x = d * v * this.scale;
    // Shape < 1: Gamma(a) = Gamma(a + 1)·U^(1/a) (same paper, §6).
    return this.boost === 0 ? x : x * random.nextOpen() ** this.boost;
  }
  describe(): string {
    return `gamma(shape ${show(this.shape)}, scale ${show(this.scale)})`;
  }
}

/** Gamma with mean shape·scale; an integer shape k gives the Erlang-k distribution. */
export function gamma(shape: number, scale: number): Distribution {
  positive('gamma', 'shape', shape);
  positive('gamma', 'scale', scale);
  return new Gamma(shape, scale);
}

class Triangular implements Distribution {
  readonly kind = 'triangular';
  readonly mean: number;
  readonly variance: number;
  private readonly modeAt: number;
  private readonly lowerArea: number;
  private readonly upperArea: number;
  constructor(
    readonly min: number,
    readonly mode: number,
    readonly max: number,
  ) {
    const span = max - min;
    this.modeAt = (mode - min) / span;
    this.lowerArea = span * (mode - min);
    this.upperArea = span * (max - mode);
    this.mean = (min + mode + max) / 3;
    // (a² + b² + c² − ab − ac − bc)/18, written in differences so it does not cancel.
    const lo = mode - min;
    const hi = max - mode;
    this.variance = (lo * lo + hi * hi + lo * hi) / 18;
    finiteMoments(this.kind, 'max', this.mean, this.variance);
  }
  sample(random: RandomStream): number {
    const u = random.next();
    return u < this.modeAt
      ? this.min + Math.sqrt(u * this.lowerArea)
      : this.max - Math.sqrt((1 - u) * this.upperArea);
  }
  describe(): string {
    return `triangular(min ${show(this.min)}, mode ${show(this.mode)}, max ${show(this.max)})`;
  }
}

/** Triangular on [min, max] peaking at mode: a common guess from three estimates. */
export function triangular(min: number, mode: number, max: number): Distribution {
  finite('triangular', 'min', min);
  finite('triangular', 'mode', mode);
  finite('triangular', 'max', max);
  if (!(max > min)) fail('triangular', 'max', `must be > min (${min}), got ${max}`);
  if (!(mode >= min && mode <= max)) {
    fail('triangular', 'mode', `must be between min (${min}) and max (${max}), got ${mode}`);
  }
  return new Triangular(min, mode, max);
}

class Empirical implements Distribution {
  readonly kind = 'empirical';
  readonly mean: number;
  readonly variance: number;
  constructor(
    private readonly sorted: Float64Array,
    private readonly interpolate: boolean,
  ) {
    const n = sorted.length;
    let sum = 0;
    for (const x of sorted) sum += x;
    const centre = sum / n;
    if (!interpolate) {
      // Resampling: each observed value with probability 1/n.
      let squares = 0;
      for (const x of sorted) squares += (x - centre) * (x - centre);
      this.mean = centre;
      this.variance = squares / n;
    } else {
      // Piecewise-linear CDF through (x₍ᵢ₎, (i − 1)/(n − 1)): each of the n − 1 gaps holds 1/(n − 1)
      // of the probability, spread uniformly over it. Moments about `centre` avoid cancellation.
      let first = 0;
      let second = 0;
      for (let i = 0; i + 1 < n; i++) {
        const a = (sorted[i] as number) - centre;
        const b = (sorted[i + 1] as number) - centre;
        first += (a + b) / 2;
        second += (a * a + a * b + b * b) / 3;
      }
      first /= n - 1;
      second /= n - 1;
      this.mean = centre + first;
      this.variance = Math.max(0, second - first * first);
    }
    finiteMoments(this.kind, 'values', this.mean, this.variance);
  }
  sample(random: RandomStream): number {
    const sorted = this.sorted;
    if (!this.interpolate) return sorted[Math.floor(random.next() * sorted.length)] as number;
    const position = random.next() * (sorted.length - 1);
    const i = Math.floor(position);
    const a = sorted[i] as number;
    return a + (position - i) * ((sorted[i + 1] as number) - a);
  }
  describe(): string {
    const n = this.sorted.length;
    return `empirical(${n} value${n === 1 ? '' : 's'}, ${this.interpolate ? 'interpolated' : 'resampled'})`;
  }
}

/**
 * The distribution of observed values: resampled as they are, or with `interpolate` drawn from
 * the inverse of the piecewise-linear CDF through the sorted values (continuous between the
 * smallest and largest). The values are copied.
 */
export function empirical(
  values: readonly number[],
  options: { interpolate?: boolean } = {},
): Distribution {
  if (!Array.isArray(values) || values.length === 0) {
    fail('empirical', 'values', 'must be a non-empty list of numbers');
  }
  const interpolate = options.interpolate ?? false;
  if (interpolate && values.length < 2) {
    fail('empirical', 'values', `must hold at least 2 values to interpolate, got ${values.length}`);
  }
  const sorted = new Float64Array(values.length);
  values.forEach((value, i) => {
    sorted[i] = finite('empirical', `values[${i}]`, value);
  });
  sorted.sort();
  return new Empirical(sorted, interpolate);
}

// ---------------------------------------------------------------------------------------------
// Parsing a distribution from data (a plant file's `{ kind: exponential, mean: 0.2 }`).

const FIELDS = {
  constant: ['value'],
  uniform: ['min', 'max'],
  exponential: ['mean'],
  normal: ['mean', 'sd'],
  truncatedNormal: ['mean', 'sd', 'min'],
  lognormal: ['mean', 'sd'],
  weibull: ['shape', 'scale'],
  gamma: ['shape', 'scale'],
  triangular: ['min', 'mode', 'max'],
  empirical: ['values', 'interpolate'],
} as const satisfies Record<string, readonly string[]>;

/** The kinds `distributionFrom` accepts, with the fields each takes. */
export type DistributionKind = keyof typeof FIELDS;
export const DISTRIBUTION_KINDS = Object.keys(FIELDS) as DistributionKind[];

const OPTIONAL_FIELDS: ReadonlySet<string> = new Set(['interpolate']);

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/**
 * Parses a distribution from data, as the plant file gives it: `{ kind: 'exponential', mean: 0.2 }`,
 * `{ kind: 'normal', mean: 1, sd: 0.1 }`, `{ kind: 'empirical', values: [...], interpolate: true }`.
 * Fields are those of the function of the same name. Throws a LotlineError ('invalid') whose
 * message and issue name the bad field, prefixed by `path` (e.g. "lines[0].stations[2].cycle").
 */
export function distributionFrom(spec: unknown, path = ''): Distribution {
  const pathOf = (field: string) => (path === '' ? field : `${path}.${field}`);
  const reject = (field: string, problem: string): never => {
    throw invalidField(pathOf(field), 'distribution_invalid', '{{problem}}', { problem });
  };
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    const where = path === '' ? 'distribution' : path;
    throw invalid(
      'distribution_not_a_mapping',
      '{{field}}: expected a mapping with a kind, got {{value}}',
      { field: where, value: describeValue(spec) },
    ).withIssues([
      fieldIssue(where, 'distribution_not_a_mapping', 'expected a mapping with a kind'),
    ]);
  }
  const record = spec as Record<string, unknown>;
  const kind = record.kind;
  const known = DISTRIBUTION_KINDS.map((k) => JSON.stringify(k)).join(', ');
  if (kind === undefined) reject('kind', `is required (one of ${known})`);
  if (typeof kind !== 'string' || !Object.hasOwn(FIELDS, kind)) {
    return reject('kind', `expected one of ${known}, got ${describeValue(kind)}`);
  }
  const fields: readonly string[] = FIELDS[kind as DistributionKind];
  for (const key of Object.keys(record)) {
    if (key !== 'kind' && !fields.includes(key)) {
      reject(key, `unknown field for ${kind} (it takes ${fields.join(', ')})`);
    }
  }
  for (const field of fields) {
    if (record[field] === undefined && !OPTIONAL_FIELDS.has(field)) {
      reject(field, `is required for ${kind}`);
    }
  }
  const num = (field: string): number => {
    const value = record[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return reject(field, `expected a finite number, got ${describeValue(value)}`);
    }
    return value;
  };

  let values: number[] = [];
  let interpolate: boolean | undefined;
  let params: number[] = [];
  if (kind === 'empirical') {
    const list = record.values;
    if (!Array.isArray(list)) {
      return reject('values', `expected a list of numbers, got ${describeValue(list)}`);
    }
    list.forEach((value: unknown, i) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        reject(`values[${i}]`, `expected a finite number, got ${describeValue(value)}`);
      }
    });
    values = list as number[];
    const flag = record.interpolate;
    if (flag !== undefined && typeof flag !== 'boolean') {
      reject('interpolate', `expected true or false, got ${describeValue(flag)}`);
    }
    interpolate = flag as boolean | undefined;
  } else {
    params = fields.map(num);
  }
  const [a = 0, b = 0, c = 0] = params;

  try {
    switch (kind as DistributionKind) {
      case 'constant':
        return constant(a);
      case 'uniform':
        return uniform(a, b);
      case 'exponential':
        return exponential(a);
      case 'normal':
        return normal(a, b);
      case 'truncatedNormal':
        return truncatedNormal(a, b, c);
      case 'lognormal':
        return lognormal(a, b);
      case 'weibull':
        return weibull(a, b);
      case 'gamma':
        return gamma(a, b);
      case 'triangular':
        return triangular(a, b, c);
      case 'empirical':
        return empirical(values, { interpolate });
    }
  } catch (error) {
    // A range error from the factory ("exponential: mean must be > 0, got -1"), re-said at the
    // field's path in the document.
    const issue = error instanceof LotlineError ? error.issues[0] : undefined;
    if (issue === undefined) throw error;
    reject(issue.path, `${kind} ${issue.path} ${issue.message}`);
  }
  throw new Error(`unreachable: distribution kind ${kind}`);
}

// Fitting distributions to observed durations (cycle times, operating time between stops, repair
// times) for calibrating the twin from machine data. Maximum-likelihood fits of the exponential,
// lognormal, Weibull, gamma and normal distributions; goodness of fit by Kolmogorov–Smirnov and
// Anderson–Darling; the best by AIC; a histogram with the fitted density and a Q-Q series for
// plotting. Pure: numbers in, numbers out, in whatever time unit the caller uses.
//
// Each fit's `spec` is what `distributionFrom` (distributions.ts) takes, so a calibrated model
// can use the fitted distribution as it is.
import { fieldIssue, invalid } from '../../core/errors.js';
import { gammaFunction, normalCdf } from './distributions.js';

export interface Fit {
  kind: string;
  /** A spec for `distributionFrom`: `{ kind: 'gamma', shape, scale }` and the like. */
  spec: Record<string, number | string>;
  /** The fitted distribution's mean (for the MLE of a lognormal or Weibull, not the sample's). */
  mean: number;
  n: number;
  logLikelihood: number;
  /** Akaike's information criterion, 2k − 2 ln L: smaller is better. */
  aic: number;
  /**
   * Kolmogorov–Smirnov statistic D and its p-value from the Kolmogorov distribution. The
   * parameters were estimated from the same sample, so the true null distribution of D is
   * narrower than Kolmogorov's (Lilliefors, JASA 62, 1967): the p-value is conservative (too
   * large) and says "clearly wrong" when small, not "right" when large.
   */
  ks: { statistic: number; pValue: number };
  /** Anderson–Darling A², weighting the tails more than KS (same fitted-parameter caveat). */
  ad: number;
}

export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  sd: number;
  min: number;
  median: number;
  max: number;
}

export interface FitReport {
  /** The candidate with the smallest AIC. */
  best: Fit;
  /** Every kind fitted, by AIC, best first. */
  candidates: Fit[];
  /**
   * Freedman–Diaconis bins over [min, max] (at most MAX_HISTOGRAM_BINS), with the count in each
   * and `density`, the best fit's density at the bin's midpoint; the sample's own density there
   * is count / (n × (to − from)).
   */
  histogram: { from: number; to: number; count: number; density: number }[];
  /** Observed order statistics against the best fit's quantiles at (i − ½)/n; at most 200 points. */
  qq: { theoretical: number; observed: number }[];
  summary: SampleSummary;
}

export const FIT_KINDS = ['exponential', 'lognormal', 'weibull', 'gamma', 'normal'] as const;
export type FitKind = (typeof FIT_KINDS)[number];

export const MIN_FIT_SAMPLE = 10;
export const MAX_HISTOGRAM_BINS = 50;
const MAX_QQ_POINTS = 200;

/**
 * Fits each kind (all of FIT_KINDS by default) to a sample of positive durations and reports the
 * best by AIC. Throws an 'invalid' LotlineError for fewer than MIN_FIT_SAMPLE values, a value
 * that is not a positive finite number, an unknown kind, or a sample without spread.
 */
export function fitDurations(
  sample: readonly number[],
  options: { kinds?: string[] } = {},
): FitReport {
  const kinds = checkKinds(options.kinds);
  const n = sample.length;
  if (n < MIN_FIT_SAMPLE) {
    const sizes = { minimum: MIN_FIT_SAMPLE, size: n };
    throw invalid(
      'fit_sample_too_small',
      'fitting needs at least {{minimum}} durations, got {{size}}',
      sizes,
    ).withIssues([
      fieldIssue(
        'sample',
        'fit_sample_too_small',
        'needs at least {{minimum}} values, got {{size}}',
        sizes,
      ),
    ]);
  }
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = sample[i] as number;
    if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) {
      const value = { value: String(x), index: i };
      throw invalid(
        'fit_duration_invalid',
        'durations must be positive finite numbers; value {{value}} at index {{index}}',
        value,
      ).withIssues([
        fieldIssue(
          `sample[${i}]`,
          'fit_duration_invalid',
          'must be a positive finite number, got {{value}}',
          value,
        ),
      ]);
    }
    sorted[i] = x;
  }
  sorted.sort();
  const stats = statsOf(sorted);
  if (!(stats.sdLog > 0) || !(stats.sd > 0)) {
    throw invalid(
      'fit_sample_without_spread',
      'all {{size}} durations are equal ({{value}}): no distribution with spread fits',
      { size: n, value: String(sorted[0]) },
    ).withIssues([fieldIssue('sample', 'fit_sample_without_spread', 'has no spread')]);
  }

  const candidates = kinds
    .map((kind) => assess(FITTERS[kind](stats), sorted))
    .sort((a, b) => a.fit.aic - b.fit.aic);
  const best = candidates[0] as Assessed;
  return {
    best: best.fit,
    candidates: candidates.map((c) => c.fit),
    histogram: histogramOf(sorted, best.model),
    qq: qqOf(sorted, best.model),
    summary: {
      n,
      mean: stats.mean,
      sd: stats.sd,
      min: sorted[0] as number,
      median: quantileOfSorted(sorted, 0.5),
      max: sorted[n - 1] as number,
    },
  };
}

function checkKinds(kinds: readonly string[] | undefined): FitKind[] {
  if (kinds === undefined) return [...FIT_KINDS];
  if (kinds.length === 0) {
    throw invalid('fit_kinds_empty', 'kinds: name at least one distribution to fit').withIssues([
      fieldIssue('kinds', 'fit_kinds_empty', 'must not be empty'),
    ]);
  }
  const known: ReadonlySet<string> = new Set(FIT_KINDS);
  kinds.forEach((kind, i) => {
    if (!known.has(kind)) {
      throw invalid(
        'fit_kind_unknown',
        'kinds[{{index}}]: cannot fit {{kind}} (one of {{values}})',
        { index: i, kind: JSON.stringify(kind), values: FIT_KINDS },
      ).withIssues([
        fieldIssue(`kinds[${i}]`, 'value_not_allowed', 'expected one of {{values}}', {
          values: FIT_KINDS,
        }),
      ]);
    }
  });
  return [...new Set(kinds)] as FitKind[];
}

// ---------------------------------------------------------------------------------------------
// Sufficient statistics and the fitted models.

interface SampleStats {
  n: number;
  sorted: Float64Array;
  mean: number;
  /** Sample sd (n − 1). */
  sd: number;
  /** Mean and MLE sd (n) of ln x. */
  meanLog: number;
  sdLog: number;
  /** ln x̄ − mean(ln x) ≥ 0, computed as −mean(ln(x/x̄)) so it does not cancel when small. */
  logMeanGap: number;
}

function statsOf(sorted: Float64Array): SampleStats {
  const n = sorted.length;
  let sum = 0;
  let sumLog = 0;
  for (const x of sorted) {
    sum += x;
    sumLog += Math.log(x);
  }
  const mean = sum / n;
  const meanLog = sumLog / n;
  let squares = 0;
  let squaresLog = 0;
  let gap = 0;
  for (const x of sorted) {
    squares += (x - mean) * (x - mean);
    const l = Math.log(x) - meanLog;
    squaresLog += l * l;
    gap -= Math.log(x / mean);
  }
  return {
    n,
    sorted,
    mean,
    sd: Math.sqrt(squares / (n - 1)),
    meanLog,
    sdLog: Math.sqrt(squaresLog / n),
    logMeanGap: Math.max(0, gap / n),
  };
}

/** A fitted distribution: what the goodness-of-fit measures and the plots need. */
interface Model {
  kind: FitKind;
  spec: Record<string, number | string>;
  /** Number of fitted parameters (for AIC). */
  parameters: number;
  mean: number;
  logPdf(x: number): number;
  cdf(x: number): number;
  /** 1 − cdf, computed directly so the upper tail does not cancel to 0. */
  sf(x: number): number;
  quantile(p: number): number;
}

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

const FITTERS: Record<FitKind, (s: SampleStats) => Model> = {
  exponential: fitExponential,
  lognormal: fitLognormal,
  weibull: fitWeibull,
  gamma: fitGamma,
  normal: fitNormal,
};

function fitExponential(s: SampleStats): Model {
  const mean = s.mean;
  return {
    kind: 'exponential',
    spec: { kind: 'exponential', mean },
    parameters: 1,
    mean,
    logPdf: (x) => -Math.log(mean) - x / mean,
    cdf: (x) => -Math.expm1(-x / mean),
    sf: (x) => Math.exp(-x / mean),
    quantile: (p) => -mean * Math.log1p(-p),
  };
}

function fitNormal(s: SampleStats): Model {
  const mu = s.mean;
  // The MLE of σ divides by n.
  const sigma = s.sd * Math.sqrt((s.n - 1) / s.n);
  return {
    kind: 'normal',
    spec: { kind: 'normal', mean: mu, sd: sigma },
    parameters: 2,
    mean: mu,
    logPdf: (x) => {
      const z = (x - mu) / sigma;
      return -LN_SQRT_2PI - Math.log(sigma) - 0.5 * z * z;
    },
    cdf: (x) => normalCdf((x - mu) / sigma),
    sf: (x) => normalCdf((mu - x) / sigma),
    quantile: (p) => mu + sigma * normalQuantile(p),
  };
}

function fitLognormal(s: SampleStats): Model {
  const mu = s.meanLog;
  const sigma = s.sdLog;
  const sigma2 = sigma * sigma;
  // distributionFrom takes the mean and sd of the variable itself.
  const mean = Math.exp(mu + sigma2 / 2);
  const sd = mean * Math.sqrt(Math.expm1(sigma2));
  return {
    kind: 'lognormal',
    spec: { kind: 'lognormal', mean, sd },
    parameters: 2,
    mean,
    logPdf: (x) => {
      const lx = Math.log(x);
      const z = (lx - mu) / sigma;
      return -lx - LN_SQRT_2PI - Math.log(sigma) - 0.5 * z * z;
    },
    cdf: (x) => normalCdf((Math.log(x) - mu) / sigma),
    sf: (x) => normalCdf((mu - Math.log(x)) / sigma),
    quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
  };
}

function fitWeibull(s: SampleStats): Model {
  const { sorted, n } = s;
  const logs = Float64Array.from(sorted, Math.log);
  const logMax = logs[n - 1] as number;
  // The MLE of the shape k solves g(k) = 1/k + mean(ln x) − Σ xᵏ ln x / Σ xᵏ = 0 (the scale then
  // follows in closed form). g falls strictly from +∞ to mean(ln x) − ln max < 0, so the root is
  // unique; Newton's method, kept inside a bracket, finds it. Powers are taken of x / max, which
  // cannot overflow for any shape.
  const weighted = (k: number) => {
    let w = 0;
    let wl = 0;
    let wl2 = 0;
    for (const l of logs) {
      const e = Math.exp(k * (l - logMax));
      w += e;
      wl += e * l;
      wl2 += e * l * l;
    }
    const m1 = wl / w;
    return { w, m1, variance: Math.max(0, wl2 / w - m1 * m1) };
  };
  const g = (k: number) => {
    const { m1, variance } = weighted(k);
    return { value: 1 / k + s.meanLog - m1, slope: -1 / (k * k) - variance };
  };
  // Start from the moments of ln x: its sd is π / (k√6) for a Weibull.
  const start = Math.PI / (Math.sqrt(6) * s.sdLog);
  const shape = solveDecreasing(g, start, 'Weibull shape');
  const { w } = weighted(shape);
  const scale = Math.exp(logMax + Math.log(w / n) / shape);
  const mean = scale * Math.exp(logGamma(1 + 1 / shape));
  return {
    kind: 'weibull',
    spec: { kind: 'weibull', shape, scale },
    parameters: 2,
    mean,
    logPdf: (x) => {
      const r = x / scale;
      return Math.log(shape / scale) + (shape - 1) * Math.log(r) - r ** shape;
    },
    cdf: (x) => -Math.expm1(-((x / scale) ** shape)),
    sf: (x) => Math.exp(-((x / scale) ** shape)),
    quantile: (p) => scale * (-Math.log1p(-p)) ** (1 / shape),
  };
}

function fitGamma(s: SampleStats): Model {
  // The MLE of the shape a solves ln a − ψ(a) = ln x̄ − mean(ln x) (the scale is then x̄ / a).
  // T. P. Minka, "Estimating a gamma distribution" (2002): his closed-form start is within 1.5 %
  // of the root, and Newton's method from it converges in a few steps.
  const gap = s.logMeanGap;
  const f = (a: number) => ({
    value: Math.log(a) - digamma(a) - gap,
    slope: 1 / a - trigamma(a),
  });
  const start = (3 - gap + Math.sqrt((gap - 3) ** 2 + 24 * gap)) / (12 * gap);
  const shape = solveDecreasing(f, start, 'gamma shape');
  const scale = s.mean / shape;
  const logNorm = shape * Math.log(scale) + logGamma(shape);
  return {
    kind: 'gamma',
    spec: { kind: 'gamma', shape, scale },
    parameters: 2,
    mean: shape * scale,
    logPdf: (x) => (shape - 1) * Math.log(x) - x / scale - logNorm,
    cdf: (x) => regularizedGammaP(shape, x / scale),
    sf: (x) => regularizedGammaQ(shape, x / scale),
    quantile: (p) => scale * gammaQuantile(shape, p),
  };
}

/**
 * The root of a strictly decreasing function of a positive variable: Newton's method from
 * `start`, falling back to bisection (on the log scale) whenever a step would leave the bracket.
 */
function solveDecreasing(
  f: (x: number) => { value: number; slope: number },
  start: number,
  what: string,
): number {
  let x = Number.isFinite(start) && start > 0 ? start : 1;
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 200; i++) {
    const { value, slope } = f(x);
    if (value === 0) return x;
    if (value > 0) lo = x;
    else hi = x;
    let next = x - value / slope;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      next = hi === Number.POSITIVE_INFINITY ? x * 4 : lo === 0 ? x / 4 : Math.sqrt(lo * hi);
    }
    if (Math.abs(next - x) <= 1e-13 * x) return next;
    x = next;
  }
  throw new Error(`the maximum-likelihood ${what} did not converge (last ${x})`);
}

// ---------------------------------------------------------------------------------------------
// Goodness of fit.

interface Assessed {
  fit: Fit;
  model: Model;
}

function assess(model: Model, sorted: Float64Array): Assessed {
  const n = sorted.length;
  let logLikelihood = 0;
  let d = 0;
  let adSum = 0;
  const cdf = new Float64Array(n);
  const sf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    logLikelihood += model.logPdf(x);
    cdf[i] = model.cdf(x);
    sf[i] = model.sf(x);
    const f = cdf[i] as number;
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  // Anderson–Darling: A² = −n − (1/n) Σ (2i − 1)[ln F(x₍ᵢ₎) + ln(1 − F(x₍ₙ₊₁₋ᵢ₎))], with the
  // upper tail taken from the survival function (no cancellation) and both kept off log 0.
  for (let i = 0; i < n; i++) {
    const lower = Math.log(Math.max(cdf[i] as number, Number.MIN_VALUE));
    const upper = Math.log(Math.max(sf[n - 1 - i] as number, Number.MIN_VALUE));
    adSum += (2 * i + 1) * (lower + upper);
  }
  const ad = -n - adSum / n;
  return {
    model,
    fit: {
      kind: model.kind,
      spec: model.spec,
      mean: model.mean,
      n,
      logLikelihood,
      aic: 2 * model.parameters - 2 * logLikelihood,
      ks: { statistic: d, pValue: kolmogorovPValue(d, n) },
      ad,
    },
  };
}

/**
 * P(D ≥ d) for the KS statistic of n values, by Kolmogorov's limiting distribution with
 * Stephens' small-sample adjustment λ = (√n + 0.12 + 0.11/√n)·d (M. A. Stephens, JRSS B 32,
 * 1970; Numerical Recipes 3rd ed. §14.3.3). Valid for a fully specified distribution; see the
 * Lilliefors caveat on `Fit.ks`.
 */
export function kolmogorovPValue(d: number, n: number): number {
  if (!(d > 0)) return 1;
  const sqrtN = Math.sqrt(n);
  const lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
  if (lambda < 1.18) {
    // The theta-function form converges fast for small λ, where the alternating series does not.
    const y = Math.exp((-Math.PI * Math.PI) / (8 * lambda * lambda));
    let sum = 0;
    for (let j = 1; j <= 7; j += 2) sum += y ** (j * j);
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / lambda) * sum);
  }
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return clamp01(2 * sum);
}

const clamp01 = (p: number) => Math.min(1, Math.max(0, p));

// ---------------------------------------------------------------------------------------------
// Plot data.

/** Quantile of sorted values, linear between order statistics (Hyndman & Fan type 7). */
function quantileOfSorted(sorted: Float64Array, p: number): number {
  const position = p * (sorted.length - 1);
  const i = Math.floor(position);
  const a = sorted[i] as number;
  const b = sorted[Math.min(i + 1, sorted.length - 1)] as number;
  return a + (position - i) * (b - a);
}

function histogramOf(sorted: Float64Array, model: Model): FitReport['histogram'] {
  const n = sorted.length;
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  const span = max - min;
  // Freedman & Diaconis (Z. Wahrscheinlichkeitstheorie 57, 1981): width 2·IQR·n^(−1/3); Sturges'
  // count when the middle half has no spread.
  const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  const width = 2 * iqr * n ** (-1 / 3);
  const wanted = width > 0 ? Math.ceil(span / width) : Math.ceil(Math.log2(n)) + 1;
  const bins = Math.max(1, Math.min(MAX_HISTOGRAM_BINS, wanted));
  const step = span / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of sorted) {
    const i = Math.min(bins - 1, Math.floor((x - min) / step));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts.map((count, i) => {
    const from = min + i * step;
    const to = i === bins - 1 ? max : min + (i + 1) * step;
    return { from, to, count, density: Math.exp(model.logPdf((from + to) / 2)) };
  });
}

function qqOf(sorted: Float64Array, model: Model): FitReport['qq'] {
  const n = sorted.length;
  const points = Math.min(n, MAX_QQ_POINTS);
  const out: FitReport['qq'] = [];
  for (let j = 0; j < points; j++) {
    const i = points === n ? j : Math.round((j * (n - 1)) / (points - 1));
    out.push({ theoretical: model.quantile((i + 0.5) / n), observed: sorted[i] as number });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Special functions.

/** ln Γ(x) for x > 0, without the overflow of Γ past 171. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  if (x < 20) return Math.log(gammaFunction(x));
  // Stirling's series with four correction terms: absolute error below 1e-15 for x ≥ 20.
  const r = 1 / x;
  const r2 = r * r;
  const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series;
}

/** The digamma function ψ(x) = d ln Γ(x)/dx for x > 0: recurrence up to 14, then the asymptotic series (error < 1e-15). */
export function digamma(x: number): number {
  let result = 0;
  let y = x;
  while (y < 14) {
    result -= 1 / y;
    y += 1;
  }
  const r2 = 1 / (y * y);
  return (
    result +
    Math.log(y) -
    0.5 / y -
    r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 / 132))))
  );
}

/** The trigamma function ψ′(x) for x > 0, the same way. */
export function trigamma(x: number): number {
  let result = 0;
  let y = x;
  while (y < 14) {
    result += 1 / (y * y);
    y += 1;
  }
  const r = 1 / y;
  const r2 = r * r;
  return (
    result +
    r +
    r2 / 2 +
    r * r2 * (1 / 6 - r2 * (1 / 30 - r2 * (1 / 42 - r2 * (1 / 30 - (r2 * 5) / 66))))
  );
}

const GAMMA_EPSILON = 1e-16;
const GAMMA_MAX_TERMS = 100_000;

// The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x): the series for
// x < a + 1, Lentz's continued fraction otherwise (Numerical Recipes 3rd ed. §6.2). The series
// needs about √a terms near the mode, so shapes of thousands (cycle times averaged over a report
// interval) are still quick.
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < GAMMA_MAX_TERMS; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < sum * GAMMA_EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

export function regularizedGammaP(a: number, x: number): number {
  if (!(x > 0)) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

export function regularizedGammaQ(a: number, x: number): number {
  if (!(x > 0)) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** The p-quantile of the gamma distribution with shape a and scale 1. */
function gammaQuantile(a: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  // Start from Wilson & Hilferty's cube-root normal approximation, then Newton on P(a, x) − p
  // inside a bracket, bisecting when a step would leave it.
  const z = normalQuantile(p);
  const c = 1 / (9 * a);
  let x = a * Math.max(1e-3, 1 - c + z * Math.sqrt(c)) ** 3;
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  const logNorm = logGamma(a);
  for (let i = 0; i < 200; i++) {
    const error = regularizedGammaP(a, x) - p;
    if (error === 0) return x;
    if (error < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - logNorm);
    let next = x - error / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      next = hi === Number.POSITIVE_INFINITY ? x * 2 : (lo + hi) / 2;
    }
    if (Math.abs(next - x) <= 1e-12 * x) return next;
    x = next;
  }
  return x;
}

/**
 * The standard normal quantile Φ⁻¹(p): M. J. Wichura, "Algorithm AS 241: the percentage points
 * of the normal distribution", Applied Statistics 37 (1988), PPND16 (about 1e-16 relative).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r +
          45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r +
        21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

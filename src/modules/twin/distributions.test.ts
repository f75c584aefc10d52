import { describe, expect, it } from 'vitest';
import { LotlineError } from '../../core/errors.js';
import {
  constant,
  type Distribution,
  distributionFrom,
  empirical,
  exponential,
  gamma,
  gammaFunction,
  lognormal,
  normal,
  normalCdf,
  triangular,
  truncatedNormal,
  uniform,
  weibull,
} from './distributions.js';
import { streamOf } from './random.js';

// All samples come from fixed seeds, so no check here can flake: each bound is several standard
// errors wide, and a correct sampler passes it whatever the seed.

const N = 200_000;
/** Kolmogorov–Smirnov: P(√n·D > 1.63) ≈ 1 % for a sample from the hypothesised distribution. */
const KS_CRITICAL = 1.63 / Math.sqrt(N);

function sampleOf(distribution: Distribution, name: string, n = N): Float64Array {
  const random = streamOf(20240601, name);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = distribution.sample(random);
  return out;
}

interface Moments {
  mean: number;
  variance: number;
  /** Standard errors of the sample mean and of the sample variance. */
  seMean: number;
  seVariance: number;
}

function momentsOf(xs: Float64Array, exactVariance: number): Moments {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d2 = (x - mean) * (x - mean);
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  // SE of the mean σ/√n; of the sample variance √((μ4 − σ⁴)/n), μ4 estimated from the sample.
  return {
    mean,
    variance: (m2 * n) / (n - 1),
    seMean: Math.sqrt(exactVariance / n),
    seVariance: Math.sqrt(Math.max(m4 - m2 * m2, 0) / n),
  };
}

/** The Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)|. */
function ksStatistic(xs: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('special functions', () => {
  it('Γ by Lanczos matches known values', () => {
    expect(relative(gammaFunction(0.5), Math.sqrt(Math.PI))).toBeLessThan(1e-14);
    expect(relative(gammaFunction(5), 24)).toBeLessThan(1e-14);
    expect(relative(gammaFunction(1), 1)).toBeLessThan(1e-14);
    expect(relative(gammaFunction(1.5), Math.sqrt(Math.PI) / 2)).toBeLessThan(1e-14);
    expect(relative(gammaFunction(10), 362_880)).toBeLessThan(1e-14);
    expect(relative(gammaFunction(0.1), 9.513507698668732)).toBeLessThan(1e-13);
    // Γ(171) = 170! ≈ 7.257e306 is still finite; Γ(172) overflows.
    expect(relative(gammaFunction(171), 7.257415615307999e306)).toBeLessThan(1e-12);
    expect(gammaFunction(172)).toBe(Number.POSITIVE_INFINITY);
  });

  it('Φ by Cody matches the error function, far into both tails', () => {
    // Reference values 1 − ½·erfc(x/√2) from the C library's erfc.
    const cases: [number, number][] = [
      [0, 0.5],
      [0.3, 0.6179114221889526],
      [-0.5, 0.3085375387259869],
      [1, 0.8413447460685429],
      [-1, 0.15865525393145707],
      [1.96, 0.9750021048517795],
      [3, 0.9986501019683699],
      [-3, 0.0013498980316300957],
      [-5, 2.866515718791946e-7],
      [-10, 7.619853024160593e-24],
      [-20, 2.7536241186063314e-89],
    ];
    for (const [x, p] of cases) expect(relative(normalCdf(x), p)).toBeLessThan(1e-13);
  });
});

interface Case {
  name: string;
  distribution: Distribution;
  /** Mean and variance from an independent closed form. */
  mean: number;
  variance: number;
  /** The exact CDF, where the Kolmogorov–Smirnov test applies. */
  cdf?: (x: number) => number;
}

const phi = normalCdf;
const lognormalSigma2 = Math.log(1 + (0.5 / 2) ** 2);
const lognormalMu = Math.log(2) - lognormalSigma2 / 2;

const cases: Case[] = [
  {
    name: 'uniform(2, 5)',
    distribution: uniform(2, 5),
    mean: 3.5,
    variance: 9 / 12,
    cdf: (x) => Math.min(1, Math.max(0, (x - 2) / 3)),
  },
  {
    name: 'exponential(mean 0.2)',
    distribution: exponential(0.2),
    mean: 0.2,
    variance: 0.04,
    cdf: (x) => 1 - Math.exp(-x / 0.2),
  },
  {
    name: 'normal(10, 2)',
    distribution: normal(10, 2),
    mean: 10,
    variance: 4,
    cdf: (x) => phi((x - 10) / 2),
  },
  {
    // Truncated at the mean: the half-normal, mean μ + σ√(2/π), variance σ²(1 − 2/π).
    name: 'truncatedNormal(3, 1.5, min 3)',
    distribution: truncatedNormal(3, 1.5, 3),
    mean: 3 + 1.5 * Math.sqrt(2 / Math.PI),
    variance: 2.25 * (1 - 2 / Math.PI),
    cdf: (x) => (phi((x - 3) / 1.5) - 0.5) / 0.5,
  },
  {
    // A time that is rarely negative (min 2 sd below the mean): mostly the plain normal.
    name: 'truncatedNormal(1, 0.5, min 0)',
    distribution: truncatedNormal(1, 0.5, 0),
    mean: 1 + (0.5 * Math.exp(-2)) / Math.sqrt(2 * Math.PI) / (1 - phi(-2)),
    variance: (() => {
      const lambda = Math.exp(-2) / Math.sqrt(2 * Math.PI) / (1 - phi(-2));
      return 0.25 * (1 + -2 * lambda - lambda * lambda);
    })(),
    cdf: (x) => (phi((x - 1) / 0.5) - phi(-2)) / (1 - phi(-2)),
  },
  {
    // min 2.5 sd above the mean: sampled by Robert's exponential rejection, not by resampling.
    name: 'truncatedNormal(0, 1, min 2.5)',
    distribution: truncatedNormal(0, 1, 2.5),
    mean: Math.exp(-3.125) / Math.sqrt(2 * Math.PI) / (1 - phi(2.5)),
    variance: (() => {
      const lambda = Math.exp(-3.125) / Math.sqrt(2 * Math.PI) / (1 - phi(2.5));
      return 1 + 2.5 * lambda - lambda * lambda;
    })(),
    cdf: (x) => (phi(x) - phi(2.5)) / (1 - phi(2.5)),
  },
  {
    name: 'lognormal(mean 2, sd 0.5)',
    distribution: lognormal(2, 0.5),
    mean: 2,
    variance: 0.25,
    cdf: (x) => phi((Math.log(x) - lognormalMu) / Math.sqrt(lognormalSigma2)),
  },
  {
    // Shape 2 (Rayleigh): mean λ√π/2, variance λ²(1 − π/4).
    name: 'weibull(shape 2, scale 3)',
    distribution: weibull(2, 3),
    mean: (3 * Math.sqrt(Math.PI)) / 2,
    variance: 9 * (1 - Math.PI / 4),
    cdf: (x) => 1 - Math.exp(-((x / 3) ** 2)),
  },
  {
    // Shape 0.5: mean λΓ(3) = 2λ, variance λ²(Γ(5) − Γ(3)²) = 20λ².
    name: 'weibull(shape 0.5, scale 10)',
    distribution: weibull(0.5, 10),
    mean: 20,
    variance: 2000,
    cdf: (x) => 1 - Math.exp(-Math.sqrt(x / 10)),
  },
  {
    name: 'gamma(shape 3, scale 0.5) (Erlang-3)',
    distribution: gamma(3, 0.5),
    mean: 1.5,
    variance: 0.75,
    // Erlang-k CDF: 1 − e^(−x/θ) Σ_{i<k} (x/θ)^i / i!
    cdf: (x) => {
      const y = x / 0.5;
      return 1 - Math.exp(-y) * (1 + y + (y * y) / 2);
    },
  },
  {
    name: 'gamma(shape 0.4, scale 2) (boosted)',
    distribution: gamma(0.4, 2),
    mean: 0.8,
    variance: 1.6,
  },
  {
    name: 'gamma(shape 7.5, scale 1)',
    distribution: gamma(7.5, 1),
    mean: 7.5,
    variance: 7.5,
  },
  {
    // mean (1 + 2 + 4)/3; variance (1 + 4 + 16 − 2 − 4 − 8)/18 = 7/18.
    name: 'triangular(1, 2, 4)',
    distribution: triangular(1, 2, 4),
    mean: 7 / 3,
    variance: 7 / 18,
    cdf: (x) => {
      if (x <= 1) return 0;
      if (x >= 4) return 1;
      return x <= 2 ? (x - 1) ** 2 / 3 : 1 - (4 - x) ** 2 / 6;
    },
  },
  {
    // A right triangle (mode at min) exercises one branch only.
    name: 'triangular(0, 0, 1)',
    distribution: triangular(0, 0, 1),
    mean: 1 / 3,
    variance: 1 / 18,
    cdf: (x) => 1 - (1 - Math.min(1, Math.max(0, x))) ** 2,
  },
  {
    // Values 1, 2, 2, 5 each with probability ¼: mean 2.5, variance (2.25 + 0.25 + 0.25 + 6.25)/4.
    name: 'empirical resampled',
    distribution: empirical([5, 2, 1, 2]),
    mean: 2.5,
    variance: 2.25,
  },
  {
    // Sorted 0, 1, 3 interpolated: half the mass uniform on [0, 1], half on [1, 3].
    // Mean (0.5 + 2)/2 = 1.25; E X² = (1/3 + 13/3)/2 = 7/3; variance 7/3 − 25/16 = 37/48.
    name: 'empirical interpolated',
    distribution: empirical([3, 0, 1], { interpolate: true }),
    mean: 1.25,
    variance: 37 / 48,
    cdf: (x) => {
      if (x <= 0) return 0;
      if (x >= 3) return 1;
      return x <= 1 ? x / 2 : 0.5 + (x - 1) / 4;
    },
  },
];

describe.each(cases)('$name', ({ name, distribution, mean, variance, cdf }) => {
  const xs = sampleOf(distribution, name);

  it('states its exact mean and variance', () => {
    expect(relative(distribution.mean, mean)).toBeLessThan(1e-12);
    expect(relative(distribution.variance, variance)).toBeLessThan(1e-12);
  });

  it('samples with that mean and variance (within 6 standard errors)', () => {
    const m = momentsOf(xs, variance);
    expect(Math.abs(m.mean - mean)).toBeLessThan(6 * m.seMean);
    expect(Math.abs(m.variance - variance)).toBeLessThan(6 * m.seVariance);
  });

  if (cdf !== undefined) {
    it('passes Kolmogorov–Smirnov against its exact CDF at 1 %', () => {
      expect(ksStatistic(xs, cdf)).toBeLessThan(KS_CRITICAL);
    });
  }

  it('gives the same values for the same seed and stream', () => {
    expect(sampleOf(distribution, name, 100)).toEqual(xs.subarray(0, 100));
  });
});

describe('sampled values', () => {
  it('a constant is its value and draws nothing', () => {
    const random = streamOf(1, 'constant');
    const reference = streamOf(1, 'constant');
    expect(constant(4.5).sample(random)).toBe(4.5);
    expect(random.next()).toBe(reference.next());
    expect(constant(4.5)).toMatchObject({ mean: 4.5, variance: 0 });
  });

  it('a truncated normal never falls below its minimum', () => {
    for (const [mean, min] of [
      [0.1, 0],
      [0, 2.5],
    ] as const) {
      const xs = sampleOf(truncatedNormal(mean, 1, min), 'min', 50_000);
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(min);
    }
  });

  it('resampling returns observed values only, each about equally often', () => {
    const xs = sampleOf(empirical([7, 8, 9]), 'resample', 30_000);
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([7, 8, 9]);
    // Each count is Binomial(30 000, 1/3): sd 81.6, so ±500 is over 6 sd.
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('an empirical distribution keeps its own copy of the values', () => {
    const values = [1, 2, 3];
    const distribution = empirical(values);
    values[0] = 100;
    expect(distribution.mean).toBe(2);
  });

  it('describes itself', () => {
    expect(exponential(0.2).describe()).toBe('exponential(mean 0.2)');
    expect(normal(1, 0.1).describe()).toBe('normal(mean 1, sd 0.1)');
    expect(truncatedNormal(1, 0.5, 0).describe()).toBe('truncatedNormal(mean 1, sd 0.5, min 0)');
    expect(triangular(1, 2, 4).describe()).toBe('triangular(min 1, mode 2, max 4)');
    expect(empirical([1, 2], { interpolate: true }).describe()).toBe(
      'empirical(2 values, interpolated)',
    );
    expect(constant(3).describe()).toBe('constant(3)');
    expect(weibull(1.5, 100).kind).toBe('weibull');
  });

  it('Weibull with shape 1 is the exponential', () => {
    const w = weibull(1, 4);
    expect(relative(w.mean, 4)).toBeLessThan(1e-14);
    expect(relative(w.variance, 16)).toBeLessThan(1e-13);
  });
});

describe('parameter errors', () => {
  const refused = (build: () => unknown): LotlineError => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(LotlineError);
      return error as LotlineError;
    }
    throw new Error('expected the parameters to be refused');
  };

  it.each([
    [() => exponential(-1), 'exponential: mean must be > 0, got -1', 'mean'],
    [() => exponential(0), 'exponential: mean must be > 0, got 0', 'mean'],
    [() => exponential(Number.NaN), 'exponential: mean must be a finite number, got NaN', 'mean'],
    [() => constant(Number.POSITIVE_INFINITY), 'constant: value must be a finite number', 'value'],
    [() => uniform(3, 3), 'uniform: max must be > min (3), got 3', 'max'],
    [() => normal(1, 0), 'normal: sd must be > 0, got 0', 'sd'],
    [() => normal(Number.NaN, 1), 'normal: mean must be a finite number', 'mean'],
    [() => truncatedNormal(0, -1, 0), 'truncatedNormal: sd must be > 0, got -1', 'sd'],
    [() => truncatedNormal(0, 1, 50), 'truncatedNormal: min is 50 sd above the mean', 'min'],
    [() => lognormal(0, 1), 'lognormal: mean must be > 0, got 0', 'mean'],
    [() => weibull(0, 1), 'weibull: shape must be > 0, got 0', 'shape'],
    [() => weibull(0.001, 1), 'weibull: shape is out of range', 'shape'],
    [() => gamma(2, -3), 'gamma: scale must be > 0, got -3', 'scale'],
    [
      () => triangular(1, 5, 4),
      'triangular: mode must be between min (1) and max (4), got 5',
      'mode',
    ],
    [() => triangular(4, 4, 4), 'triangular: max must be > min (4), got 4', 'max'],
    [() => empirical([]), 'empirical: values must be a non-empty list', 'values'],
    [() => empirical([1, Number.NaN]), 'empirical: values[1] must be a finite number', 'values[1]'],
    [() => empirical([1], { interpolate: true }), 'at least 2 values to interpolate', 'values'],
    [() => exponential(1e200), 'exponential: mean is out of range', 'mean'],
  ])('%#: %s', (build, message, field) => {
    const error = refused(build);
    expect(error.kind).toBe('invalid');
    expect(error.message).toContain(message);
    expect(error.issues[0]?.path).toBe(field);
  });
});

describe('distributionFrom', () => {
  const specs: [Record<string, unknown>, Distribution][] = [
    [{ kind: 'constant', value: 2 }, constant(2)],
    [{ kind: 'uniform', min: 1, max: 2 }, uniform(1, 2)],
    [{ kind: 'exponential', mean: 0.2 }, exponential(0.2)],
    [{ kind: 'normal', mean: 1, sd: 0.1 }, normal(1, 0.1)],
    [{ kind: 'truncatedNormal', mean: 1, sd: 0.5, min: 0 }, truncatedNormal(1, 0.5, 0)],
    [{ kind: 'lognormal', mean: 2, sd: 1 }, lognormal(2, 1)],
    [{ kind: 'weibull', shape: 1.5, scale: 100 }, weibull(1.5, 100)],
    [{ kind: 'gamma', shape: 2, scale: 0.5 }, gamma(2, 0.5)],
    [{ kind: 'triangular', min: 1, mode: 2, max: 4 }, triangular(1, 2, 4)],
    [{ kind: 'empirical', values: [3, 1, 2] }, empirical([3, 1, 2])],
    [
      { kind: 'empirical', values: [3, 1, 2], interpolate: true },
      empirical([3, 1, 2], { interpolate: true }),
    ],
  ];

  it.each(specs)('round-trips %o through JSON to the same distribution', (spec, direct) => {
    const parsed = distributionFrom(JSON.parse(JSON.stringify(spec)));
    expect(parsed.kind).toBe(spec.kind);
    expect(parsed.kind).toBe(direct.kind);
    expect(parsed.mean).toBe(direct.mean);
    expect(parsed.variance).toBe(direct.variance);
    expect(parsed.describe()).toBe(direct.describe());
    const a = streamOf(1, 'round-trip');
    const b = streamOf(1, 'round-trip');
    for (let i = 0; i < 5; i++) expect(parsed.sample(a)).toBe(direct.sample(b));
  });

  const refusal = (spec: unknown, path?: string) => {
    try {
      distributionFrom(spec, path);
    } catch (error) {
      expect(error).toBeInstanceOf(LotlineError);
      const e = error as LotlineError;
      return { message: e.message, path: e.issues[0]?.path };
    }
    throw new Error('expected the specification to be refused');
  };

  it('names the bad field, prefixed by the path in the document', () => {
    expect(refusal({ kind: 'exponential', mean: -1 }, 'lines[0].stations[2].cycle')).toEqual({
      message: 'lines[0].stations[2].cycle.mean: exponential mean must be > 0, got -1',
      path: 'lines[0].stations[2].cycle.mean',
    });
    expect(refusal({ kind: 'exponential', mean: '0.2' })).toEqual({
      message: 'mean: expected a finite number, got "0.2"',
      path: 'mean',
    });
    expect(refusal({ kind: 'normal', mean: 1 })).toEqual({
      message: 'sd: is required for normal',
      path: 'sd',
    });
    expect(refusal({ kind: 'exponential', mean: 1, rate: 2 })).toEqual({
      message: 'rate: unknown field for exponential (it takes mean)',
      path: 'rate',
    });
    expect(refusal({ kind: 'triangular', min: 0, mode: 3, max: 2 }).path).toBe('mode');
    expect(refusal({ kind: 'empirical', values: [1, 'x'] }).path).toBe('values[1]');
    expect(refusal({ kind: 'empirical', values: 4 }).path).toBe('values');
    expect(refusal({ kind: 'empirical', values: [1, 2], interpolate: 'yes' }).path).toBe(
      'interpolate',
    );
  });

  it('names the kind when it is missing or unknown', () => {
    const missing = refusal({ mean: 1 });
    expect(missing.path).toBe('kind');
    expect(missing.message).toMatch(/^kind: is required \(one of "constant", "uniform", /);
    const unknown = refusal({ kind: 'poisson', mean: 1 }, 'repair');
    expect(unknown.path).toBe('repair.kind');
    expect(unknown.message).toContain('got "poisson"');
  });

  it('refuses what is not a mapping', () => {
    expect(refusal(0.2)).toEqual({
      message: 'distribution: expected a mapping with a kind, got 0.2',
      path: 'distribution',
    });
    expect(refusal(null, 'cycle').path).toBe('cycle');
    expect(refusal([1, 2]).message).toContain('got a list');
  });
});

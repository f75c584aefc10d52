// Process capability and performance indices — Cp, Cpk (σ within) and Pp, Ppk (σ overall) —
// for a variable characteristic against its specification limits. Pure: no I/O.
//
// Definitions as in the AIAG SPC reference manual (2nd ed., 2005) and Montgomery, Introduction to
// Statistical Quality Control, ch. 8:
//   Cp  = (USL − LSL) / 6σ_within        Pp  = (USL − LSL) / 6σ_overall
//   Cpu = (USL − μ) / 3σ_within          Ppu = (USL − μ) / 3σ_overall
//   Cpl = (μ − LSL) / 3σ_within          Ppl = (μ − LSL) / 3σ_overall
//   Cpk = min(Cpu, Cpl)                  Ppk = min(Ppu, Ppl)
// μ is the mean of all values. σ_within is the short-term σ̂ a control chart estimates (R̄/d2,
// s̄/c4 or MR̄/d2, or the chart's own σ passed in); σ_overall is the sample standard deviation of
// all values (n − 1), uncorrected by c4. With one specification limit only the one-sided indices
// exist: Cpk = Cpu (or Cpl), and Cp, Pp are null — they need both limits.
import type { Outcome, Refusal } from './sampling.js';
import { type ConstantSet, c4, chartConstants, sampleStandardDeviation } from './spc.js';

const refuse = (
  code: string,
  field: string,
  message: string,
  params?: Refusal['params'],
): { ok: false; error: Refusal } => ({
  ok: false,
  error: { code, message, field, ...(params ? { params } : {}) },
});

export interface SpecificationLimits {
  lsl?: number;
  usl?: number;
}

/** Individual values in time order, or rational subgroups (all of one size). */
export type CapabilityData =
  | { values: readonly number[] }
  | { subgroups: readonly (readonly number[])[] };

/** How σ within is estimated: R̄/d2 or s̄/c4 from subgroups, MR̄/d2(2) from individual values. */
export type WithinSigmaMethod = 'range' | 'standard-deviation' | 'moving-range';

export interface CapabilityOptions {
  /**
   * A method, or σ within itself (e.g. the σ of the control chart the process is run on, so the
   * indices agree with it). Default: 'range' for subgroups, 'moving-range' for individual values.
   */
  sigmaWithin?: WithinSigmaMethod | number;
  /** Constants for d2 and c4 (see spc.ts); default 'table'. */
  constants?: ConstantSet;
}

export interface Capability {
  /** Number of values. */
  n: number;
  mean: number;
  sigmaWithin: number;
  sigmaWithinFrom: WithinSigmaMethod | 'given';
  sigmaOverall: number;
  lsl?: number;
  usl?: number;
  /** Both limits needed: null with a one-sided specification. */
  cp: number | null;
  cpu: number | null;
  cpl: number | null;
  cpk: number;
  pp: number | null;
  ppu: number | null;
  ppl: number | null;
  ppk: number;
}

export type CapabilityIndex = 'cp' | 'cpu' | 'cpl' | 'cpk' | 'pp' | 'ppu' | 'ppl' | 'ppk';

/**
 * Cp, Cpk, Pp, Ppk (and the one-sided Cpu, Cpl, Ppu, Ppl) of the data against the specification.
 * Refuses: no specification limit, LSL ≥ USL, a value that is not finite, fewer than 2 values,
 * subgroups of unequal size or outside 2..25, a method that does not fit the data, and data with
 * no spread (σ = 0 makes every index infinite).
 */
export function processCapability(
  data: CapabilityData,
  spec: SpecificationLimits,
  options: CapabilityOptions = {},
): Outcome<Capability> {
  const { lsl, usl } = spec;
  for (const [field, limit] of [
    ['lsl', lsl],
    ['usl', usl],
  ] as const) {
    if (limit !== undefined && !Number.isFinite(limit)) {
      return refuse('invalid_spec_limit', field, `${field} must be a finite number`);
    }
  }
  if (lsl === undefined && usl === undefined) {
    return refuse(
      'no_spec_limit',
      'spec',
      'a capability index needs at least one specification limit',
    );
  }
  if (lsl !== undefined && usl !== undefined && lsl >= usl) {
    return refuse('inverted_spec_limits', 'spec', `lsl (${lsl}) must be below usl (${usl})`, {
      lsl,
      usl,
    });
  }

  const values = 'values' in data ? [...data.values] : data.subgroups.flat();
  if (!values.every(Number.isFinite)) {
    return refuse('invalid_value', 'data', 'every value must be a finite number');
  }
  if (values.length < 2) {
    return refuse(
      'too_few_values',
      'data',
      `capability needs at least 2 values, got ${values.length}`,
    );
  }
  const within = sigmaWithinOf(data, options);
  if (!within.ok) return within;
  const { sigma: sigmaWithin, from } = within.value;
  const sigmaOverall = sampleStandardDeviation(values);
  if (!(sigmaWithin > 0) || !(sigmaOverall > 0)) {
    return refuse(
      'no_variation',
      'data',
      'the values show no spread: the indices would be infinite',
    );
  }

  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const indices = (sigma: number) => {
    const upper = usl === undefined ? null : (usl - mean) / (3 * sigma);
    const lower = lsl === undefined ? null : (mean - lsl) / (3 * sigma);
    const spread = usl === undefined || lsl === undefined ? null : (usl - lsl) / (6 * sigma);
    // At least one of upper, lower exists (checked above).
    const k = Math.min(upper ?? Number.POSITIVE_INFINITY, lower ?? Number.POSITIVE_INFINITY);
    return { spread, upper, lower, k };
  };
  const c = indices(sigmaWithin);
  const p = indices(sigmaOverall);
  return {
    ok: true,
    value: {
      n: values.length,
      mean,
      sigmaWithin,
      sigmaWithinFrom: from,
      sigmaOverall,
      ...(lsl === undefined ? {} : { lsl }),
      ...(usl === undefined ? {} : { usl }),
      cp: c.spread,
      cpu: c.upper,
      cpl: c.lower,
      cpk: c.k,
      pp: p.spread,
      ppu: p.upper,
      ppl: p.lower,
      ppk: p.k,
    },
  };
}

/**
 * One index, refused when the specification lacks a limit it needs: Cp and Pp need both (they
 * compare the tolerance width with the process spread), Cpu/Ppu the USL, Cpl/Ppl the LSL; Cpk and
 * Ppk take whichever limits there are.
 */
export function capabilityIndex(
  index: CapabilityIndex,
  data: CapabilityData,
  spec: SpecificationLimits,
  options: CapabilityOptions = {},
): Outcome<number> {
  const needs: Record<CapabilityIndex, readonly ('lsl' | 'usl')[]> = {
    cp: ['lsl', 'usl'],
    pp: ['lsl', 'usl'],
    cpu: ['usl'],
    ppu: ['usl'],
    cpl: ['lsl'],
    ppl: ['lsl'],
    cpk: [],
    ppk: [],
  };
  const missing = needs[index].filter((limit) => spec[limit] === undefined);
  if (missing.length > 0) {
    return refuse(
      needs[index].length === 2 ? 'two_sided_spec_required' : 'spec_limit_required',
      missing[0] as string,
      `${index.toUpperCase()} needs ${needs[index].map((l) => l.toUpperCase()).join(' and ')}; the specification has no ${missing.map((l) => l.toUpperCase()).join(' or ')}`,
    );
  }
  const all = processCapability(data, spec, options);
  if (!all.ok) return all;
  return { ok: true, value: all.value[index] as number };
}

// ------------------------------------------------------------ σ within ------

function sigmaWithinOf(
  data: CapabilityData,
  options: CapabilityOptions,
): Outcome<{ sigma: number; from: WithinSigmaMethod | 'given' }> {
  const method = options.sigmaWithin;
  const set = options.constants ?? 'table';
  if (typeof method === 'number') {
    if (!(Number.isFinite(method) && method > 0)) {
      return refuse(
        'invalid_sigma',
        'sigmaWithin',
        `a given σ within must be a number above 0, got ${method}`,
      );
    }
    return { ok: true, value: { sigma: method, from: 'given' } };
  }
  if ('values' in data) {
    if (method !== undefined && method !== 'moving-range') {
      return refuse(
        'method_needs_subgroups',
        'sigmaWithin',
        `σ within by '${method}' needs subgroups; individual values use 'moving-range'`,
      );
    }
    // Montgomery §6.4: σ̂ = MR̄/d2 with moving ranges of span 2.
    const ranges = data.values.slice(1).map((x, i) => Math.abs(x - (data.values[i] as number)));
    const mrBar = ranges.reduce((sum, r) => sum + r, 0) / ranges.length;
    const d2 = (chartConstants(2, set) as { d2: number }).d2;
    return { ok: true, value: { sigma: mrBar / d2, from: 'moving-range' } };
  }
  const chosen = method ?? 'range';
  if (chosen === 'moving-range') {
    return refuse(
      'method_needs_values',
      'sigmaWithin',
      "σ within by 'moving-range' needs individual values, not subgroups",
    );
  }
  const n = data.subgroups[0]?.length ?? 0;
  const unequal = data.subgroups.findIndex((s) => s.length !== n);
  if (unequal >= 0) {
    return refuse(
      'unequal_subgroup_sizes',
      `subgroups[${unequal}]`,
      `every subgroup must have ${n} values (as the first), subgroup ${unequal} has ${data.subgroups[unequal]?.length}`,
    );
  }
  const constants = chartConstants(n, set);
  if (!constants) {
    return refuse('invalid_subgroup_size', 'subgroups', `subgroup size must be 2..25, got ${n}`);
  }
  const average = (f: (subgroup: readonly number[]) => number) =>
    data.subgroups.reduce((sum, s) => sum + f(s), 0) / data.subgroups.length;
  if (chosen === 'range') {
    const rBar = average((s) => Math.max(...s) - Math.min(...s));
    return { ok: true, value: { sigma: rBar / constants.d2, from: 'range' } };
  }
  const sBar = average(sampleStandardDeviation);
  const c4n = set === 'table' ? constants.c4 : c4(n);
  return { ok: true, value: { sigma: sBar / c4n, from: 'standard-deviation' } };
}

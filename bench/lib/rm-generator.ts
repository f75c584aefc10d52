// Synthetic instances of unrelated parallel machines with sequence-dependent
// setups (Rm | S_ijk | Cmax), made the way Vallada & Ruiz (2011) made the
// large instances of their benchmark set (up to 250 jobs x 30 machines, not
// available offline; see src/modules/planning/data/README.md): processing
// times p_jk ~ U[1, 99] for every job and machine, and one setup matrix per
// machine with s_kij ~ U[1, S] for every ordered pair of distinct jobs, S one of
// 9, 49, 99, 124. The diagonal is 0, as in the set's files (a job never follows
// itself). Seeded, so a name and a seed give the same instance on any machine.
// Also a lower bound on the makespan, for the gap of a schedule where no
// optimum or best known makespan is at hand.
import type { RmInstance } from '../../src/modules/planning/rm-instance.js';

/** The set's setup ranges: U[1, 9], U[1, 49], U[1, 99], U[1, 124]. */
export const SETUP_RANGES = [9, 49, 99, 124] as const;
export type SetupRange = (typeof SETUP_RANGES)[number];

/** The set's processing times: U[1, 99]. */
export const PROCESSING_MAX = 99;

export interface RmGeneratorOptions {
  readonly jobs: number;
  readonly machines: number;
  /** Setups are U[1, setupMax]. */
  readonly setupMax: SetupRange;
  /** Which instance of that size and range (the set has ten of each). */
  readonly seed: number | string;
}

/** Uniform on [0, 1). */
export type Random = () => number;

/**
 * mulberry32 (T. Ettinger, public domain) seeded by FNV-1a of the seed's text.
 * The same stream as the scheduler's (src/modules/planning/search-support.ts)
 * but a copy on purpose: a benchmark instance must stay the same instance when
 * the scheduler's randomness changes.
 */
export function seededRandom(seed: number | string): Random {
  let state = 0x811c9dc5;
  for (const ch of String(seed)) state = Math.imul(state ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer uniform on [low, high]. */
export function uniformInt(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** The set's naming: `I_<jobs>_<machines>_S_1-<setupMax>_<seed>`. */
export function rmInstanceName(options: RmGeneratorOptions): string {
  return `I_${options.jobs}_${options.machines}_S_1-${options.setupMax}_${options.seed}`;
}

/**
 * An instance of `jobs` x `machines`: p row by row (job by job), then the
 * setup matrices machine by machine, each row by row. Every job may run on
 * every machine, as in the set.
 */
export function generateRmInstance(options: RmGeneratorOptions): RmInstance {
  const { jobs: n, machines: m, setupMax } = options;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`jobs must be a positive integer: ${n}`);
  if (!Number.isInteger(m) || m < 1) {
    throw new RangeError(`machines must be a positive integer: ${m}`);
  }
  if (!SETUP_RANGES.includes(setupMax)) {
    throw new RangeError(`setupMax must be one of ${SETUP_RANGES.join(', ')}: ${setupMax}`);
  }
  // The seed text names the whole instance, so two sizes with the same seed
  // do not share their first numbers.
  const random = seededRandom(rmInstanceName(options));
  const p = Array.from({ length: n }, () =>
    Array.from({ length: m }, () => uniformInt(random, 1, PROCESSING_MAX)),
  );
  const setup = Array.from({ length: m }, () =>
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 0 : uniformInt(random, 1, setupMax))),
    ),
  );
  return { jobs: n, machines: m, p, setup };
}

/** The instance in the set's file format (tab-separated, as its files are). */
export function formatRmInstance(instance: RmInstance): string {
  const out = [`${instance.jobs}  ${instance.machines}  1`, `${instance.machines}`];
  for (const row of instance.p) {
    const pairs: string[] = [];
    row.forEach((time, k) => {
      if (Number.isFinite(time)) pairs.push(`${k}\t${time}`);
    });
    out.push(`\t${pairs.join('\t')}`);
  }
  out.push('SSD');
  instance.setup.forEach((matrix, k) => {
    out.push(`M${k}`);
    for (const row of matrix) out.push(row.join('\t'));
  });
  return `${out.join('\n')}\n`;
}

/**
 * A lower bound on the makespan, the larger of:
 * - the longest job at its fastest: max_j min_k p_jk;
 * - the total work spread evenly: every job but the first on its machine is
 *   preceded by a setup, so job j costs at least b_j = min_k (p_jk + min_i
 *   s_kij) and a first job at least a_j = min_k p_jk; at most m jobs are first,
 *   so the work is at least sum_j b_j minus the m largest b_j - a_j, and some
 *   machine carries at least 1/m of it (rounded up: the data are integers).
 * Weak where there are few jobs per machine (the bound's machines share work
 * perfectly), so a gap to it is an upper bound on the gap to the optimum.
 */
export function makespanLowerBound(instance: RmInstance): number {
  const { jobs: n, machines: m } = instance;
  let longest = 0;
  let work = 0;
  const saving: number[] = [];
  for (let j = 0; j < n; j++) {
    let a = Number.POSITIVE_INFINITY;
    let b = Number.POSITIVE_INFINITY;
    for (let k = 0; k < m; k++) {
      const time = instance.p[j]?.[k] ?? Number.POSITIVE_INFINITY;
      if (!Number.isFinite(time)) continue;
      let before = n > 1 ? Number.POSITIVE_INFINITY : 0;
      for (let i = 0; i < n; i++) {
        if (i !== j) before = Math.min(before, instance.setup[k]?.[i]?.[j] ?? 0);
      }
      a = Math.min(a, time);
      b = Math.min(b, time + before);
    }
    longest = Math.max(longest, a);
    work += b;
    saving.push(b - a);
  }
  saving.sort((x, y) => y - x);
  for (const s of saving.slice(0, m)) work -= s;
  return Math.max(longest, Math.ceil(work / m - 1e-9));
}

// The benchmark's generated Rm | S_ijk | Cmax instances must be what the
// public set's generator makes (sizes, ranges, diagonal), readable in the set's
// file format, and the same for the same seed; and the lower bound must never
// exceed a makespan (the suite's gaps are measured against it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  parseRmInstance,
  type RmInstance,
} from '../../src/modules/planning/rm-instance.js';
import { solveSchedule } from '../../src/modules/planning/scheduler.js';
import {
  formatRmInstance,
  generateRmInstance,
  makespanLowerBound,
  PROCESSING_MAX,
  rmInstanceName,
  SETUP_RANGES,
  seededRandom,
  uniformInt,
} from './rm-generator.js';

const offDiagonal = (instance: RmInstance) =>
  instance.setup.flatMap((matrix) => matrix.flatMap((row, i) => row.filter((_, j) => j !== i)));

describe('generateRmInstance', () => {
  it.each(SETUP_RANGES)('makes 20 x 4 instances with setups U[1, %i] of the set', (setupMax) => {
    const instance = generateRmInstance({ jobs: 20, machines: 4, setupMax, seed: 1 });
    expect(instance.jobs).toBe(20);
    expect(instance.machines).toBe(4);
    expect(instance.p).toHaveLength(20);
    expect(instance.p.every((row) => row.length === 4)).toBe(true);
    expect(instance.setup).toHaveLength(4);
    expect(instance.setup.every((m) => m.length === 20 && m.every((r) => r.length === 20))).toBe(
      true,
    );
    const p = instance.p.flat();
    expect(p.every((x) => Number.isInteger(x) && x >= 1 && x <= PROCESSING_MAX)).toBe(true);
    const s = offDiagonal(instance);
    expect(s.every((x) => Number.isInteger(x) && x >= 1 && x <= setupMax)).toBe(true);
    expect(instance.setup.every((m) => m.every((row, i) => row[i] === 0))).toBe(true);
  });

  it('gives the same instance for the same seed and another for another seed or size', () => {
    const options = { jobs: 30, machines: 5, setupMax: 49, seed: 3 } as const;
    expect(generateRmInstance(options)).toEqual(generateRmInstance(options));
    expect(generateRmInstance({ ...options, seed: 4 }).p).not.toEqual(
      generateRmInstance(options).p,
    );
    expect(generateRmInstance({ ...options, jobs: 31 }).p.slice(0, 30)).not.toEqual(
      generateRmInstance(options).p,
    );
  });

  it('draws uniformly: every value of the range, mean at its middle', () => {
    const instance = generateRmInstance({ jobs: 100, machines: 20, setupMax: 124, seed: 1 });
    for (const [values, max] of [
      [instance.p.flat(), PROCESSING_MAX],
      [offDiagonal(instance), 124],
    ] as const) {
      expect(new Set(values).size).toBe(max);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      // 2,000 and 198,000 draws: the standard error of the mean is 0.6 and 0.08.
      expect(Math.abs(mean - (1 + max) / 2)).toBeLessThan(0.05 * max);
    }
  });

  it('rejects sizes and setup ranges the set does not have', () => {
    expect(() => generateRmInstance({ jobs: 0, machines: 2, setupMax: 9, seed: 1 })).toThrow();
    expect(() => generateRmInstance({ jobs: 5, machines: 1.5, setupMax: 9, seed: 1 })).toThrow();
    expect(() =>
      generateRmInstance({ jobs: 5, machines: 2, setupMax: 10 as unknown as 9, seed: 1 }),
    ).toThrow(/setupMax/);
  });

  it('names instances as the set does', () => {
    expect(rmInstanceName({ jobs: 50, machines: 10, setupMax: 124, seed: 7 })).toBe(
      'I_50_10_S_1-124_7',
    );
  });
});

describe('formatRmInstance', () => {
  it('writes the set file format, which parseRmInstance reads back', () => {
    const instance = generateRmInstance({ jobs: 12, machines: 3, setupMax: 99, seed: 2 });
    expect(parseRmInstance(formatRmInstance(instance))).toEqual(instance);
  });

  it('writes a reference file back as it reads it', () => {
    const name = 'I_8_3_S_1-49_2';
    const url = new URL(`../../src/modules/planning/data/${name}.txt`, import.meta.url);
    const instance = parseRmInstance(readFileSync(url, 'utf8'), name);
    expect(parseRmInstance(formatRmInstance(instance))).toEqual(instance);
  });
});

describe('uniformInt', () => {
  it('stays within its bounds and reaches both', () => {
    const random = seededRandom('bounds');
    const seen = new Set(Array.from({ length: 1000 }, () => uniformInt(random, 1, 9)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

/** The optimum by enumeration: every assignment of jobs to machines, every order on each. */
function bruteForceMakespan(instance: RmInstance): number {
  const { jobs: n, machines: m } = instance;
  // The best completion of each subset of jobs on each machine (a DP over subsets and last job).
  const full = 1 << n;
  const machineBest: number[][] = [];
  for (let k = 0; k < m; k++) {
    const best = new Array<number>(full).fill(Number.POSITIVE_INFINITY);
    best[0] = 0;
    // end[set * n + last]: the earliest finish of `set` on k ending with `last`.
    const end = new Array<number>(full * n).fill(Number.POSITIVE_INFINITY);
    for (let j = 0; j < n; j++) end[(1 << j) * n + j] = instance.p[j]?.[k] as number;
    for (let set = 1; set < full; set++) {
      for (let last = 0; last < n; last++) {
        const e = end[set * n + last] as number;
        if (!Number.isFinite(e)) continue;
        best[set] = Math.min(best[set] as number, e);
        for (let j = 0; j < n; j++) {
          if (set & (1 << j)) continue;
          const next = set | (1 << j);
          const time =
            e + (instance.setup[k]?.[last]?.[j] as number) + (instance.p[j]?.[k] as number);
          if (time < (end[next * n + j] as number)) end[next * n + j] = time;
        }
      }
    }
    machineBest.push(best);
  }
  // The best makespan of each subset on machines 0..k.
  let upTo = machineBest[0] as number[];
  for (let k = 1; k < m; k++) {
    const own = machineBest[k] as number[];
    const next = new Array<number>(full).fill(Number.POSITIVE_INFINITY);
    for (let set = 0; set < full; set++) {
      for (let sub = set; ; sub = (sub - 1) & set) {
        const c = Math.max(upTo[set ^ sub] as number, own[sub] as number);
        if (c < (next[set] as number)) next[set] = c;
        if (sub === 0) break;
      }
    }
    upTo = next;
  }
  return upTo[full - 1] as number;
}

describe('makespanLowerBound', () => {
  it.each([
    ['I_6_2_S_1-9_1', 74],
    ['I_8_3_S_1-49_2', 147],
    ['I_10_4_S_1-99_3', 105],
    ['I_12_2_S_1-9_5', 275],
    ['I_12_5_S_1-124_4', 97],
  ] as const)('is at most the proven optimum of %s (%i)', (name, optimum) => {
    const url = new URL(`../../src/modules/planning/data/${name}.txt`, import.meta.url);
    const bound = makespanLowerBound(parseRmInstance(readFileSync(url, 'utf8'), name));
    expect(bound).toBeLessThanOrEqual(optimum);
    expect(bound).toBeGreaterThan(0);
  });

  it('checks the enumeration itself: it finds the proven optima of two reference instances', () => {
    for (const [name, optimum] of [
      ['I_6_2_S_1-9_1', 74],
      ['I_8_3_S_1-49_2', 147],
    ] as const) {
      const url = new URL(`../../src/modules/planning/data/${name}.txt`, import.meta.url);
      expect(bruteForceMakespan(parseRmInstance(readFileSync(url, 'utf8'), name))).toBe(optimum);
    }
  });

  it.each(SETUP_RANGES.flatMap((setupMax) => [1, 2, 3].map((seed) => [setupMax, seed] as const)))(
    'is at most the optimum of a generated 7 x 3 instance, setups U[1, %i], seed %i',
    (setupMax, seed) => {
      const instance = generateRmInstance({ jobs: 7, machines: 3, setupMax, seed });
      expect(makespanLowerBound(instance)).toBeLessThanOrEqual(bruteForceMakespan(instance));
    },
  );

  it('is at most the makespan the scheduler finds on a generated 50 x 10 instance', () => {
    const instance = generateRmInstance({ jobs: 50, machines: 10, setupMax: 124, seed: 1 });
    const solved = solveSchedule(instance, { seed: 1, maxIterations: 20 });
    const evaluation = evaluate(instance, solved.sequences);
    expect(evaluation.ok && evaluation.makespan).toBe(solved.makespan);
    expect(makespanLowerBound(instance)).toBeLessThanOrEqual(solved.makespan);
  });

  it('counts the setup before every job but the first on each machine', () => {
    // Two jobs of 10 on one machine, a setup of 5 between them either way: 25.
    const instance: RmInstance = {
      jobs: 2,
      machines: 1,
      p: [[10], [10]],
      setup: [
        [
          [0, 5],
          [5, 0],
        ],
      ],
    };
    expect(makespanLowerBound(instance)).toBe(25);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, parseRmInstance, type RmInstance } from './rm-instance.js';
import { constructSchedule, type Objective, solveSchedule } from './scheduler.js';

// The proven optima of ./data/README.md.
const REFERENCE: [string, number][] = [
  ['I_6_2_S_1-9_1', 74],
  ['I_8_3_S_1-49_2', 147],
  ['I_10_4_S_1-99_3', 105],
  ['I_12_2_S_1-9_5', 275],
  ['I_12_5_S_1-124_4', 97],
];
const load = (name: string) =>
  parseRmInstance(
    readFileSync(fileURLToPath(new URL(`./data/${name}.txt`, import.meta.url)), 'utf8'),
    name,
  );

/** The evaluator's makespan, failing the test if the schedule is not valid. */
function checkedMakespan(instance: RmInstance, sequences: number[][]): number {
  const result = evaluate(instance, sequences);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.makespan;
}

describe('the reference instances', () => {
  it.each(REFERENCE)('solves %s to its proven optimum %i', (name, optimum) => {
    const instance = load(name);
    // An iteration cap, not a time budget, so the run is the same on any machine.
    const result = solveSchedule(instance, { seed: 1, maxIterations: 2000 });
    expect(result.makespan).toBe(optimum);
    expect(checkedMakespan(instance, result.sequences)).toBe(optimum);
    expect(evaluate(instance, result.sequences)).toMatchObject({ completion: result.completion });
  });

  it('builds a valid constructive schedule no better than the optimum', () => {
    for (const [name, optimum] of REFERENCE) {
      const instance = load(name);
      expect(
        checkedMakespan(
          instance,
          constructSchedule(instance).map((s) => [...s]),
        ),
      ).toBeGreaterThanOrEqual(optimum);
    }
  });
});

describe('solveSchedule', () => {
  const instance = load('I_12_5_S_1-124_4');

  it('gives the same schedule for the same seed', () => {
    const a = solveSchedule(instance, { seed: 'lines', maxIterations: 50 });
    const b = solveSchedule(instance, { seed: 'lines', maxIterations: 50 });
    expect(b.sequences).toEqual(a.sequences);
    expect(b.cost).toEqual(a.cost);
    expect(a.iterations).toBe(50);
    expect(a.stoppedBy).toBe('iterations');
  });

  it('stops when the budget on its clock is spent', () => {
    // A clock that advances a millisecond at every reading: the budget is
    // checked without depending on the speed of the machine.
    let now = 0;
    const clock = () => now++;
    const big = randomInstance(42, 60, 6);
    const result = solveSchedule(big, { seed: 3, budgetMs: 50, clock, clockEvery: 1 });
    expect(result.stoppedBy).toBe('budget');
    expect(result.elapsedMs).toBeGreaterThanOrEqual(50);
    expect(result.elapsedMs).toBeLessThanOrEqual(52);
    checkedMakespan(big, result.sequences);
  });

  it('still returns a valid schedule with no budget at all', () => {
    const result = solveSchedule(instance, { budgetMs: 0 });
    expect(result.iterations).toBe(0);
    checkedMakespan(instance, result.sequences);
  });

  it('stops at the target', () => {
    const result = solveSchedule(instance, { seed: 1, maxIterations: 100_000, target: 97 });
    expect(result.stoppedBy).toBe('target');
    expect(result.makespan).toBe(97);
    expect(result.iterations).toBeLessThan(100_000);
  });

  it('minimises the objective it is given', () => {
    const totalTime: Objective = {
      name: 'total completion',
      cost: (completion) => [completion.reduce((sum, c) => sum + c, 0)],
    };
    for (let seed = 1; seed <= 10; seed++) {
      const small = randomInstance(seed, 6, 3);
      const result = solveSchedule(small, { seed, maxIterations: 300, objective: totalTime });
      const check = evaluate(small, result.sequences);
      if (!check.ok) throw new Error(check.problems.join('; '));
      const total = check.completion.reduce((sum, c) => sum + c, 0);
      expect(result.cost).toEqual([total]);
      expect(total).toBe(exhaustiveOptimum(small, (c) => c.reduce((sum, x) => sum + x, 0)));
    }
  });
});

describe('random small instances', () => {
  it('match the exhaustive optimum (n ≤ 7, m ≤ 3, some jobs barred from some machines)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const n = 2 + (seed % 6);
      const m = 1 + (Math.floor(seed / 6) % 3);
      const instance = randomInstance(seed, n, m);
      const result = solveSchedule(instance, { seed, maxIterations: 300 });
      const optimum = exhaustiveOptimum(instance, (c) => Math.max(...c));
      expect({ seed, n, m, makespan: checkedMakespan(instance, result.sequences) }).toEqual({
        seed,
        n,
        m,
        makespan: optimum,
      });
    }
  });
});

/**
 * The optimum by brute force: every assignment of jobs to machines, and for
 * each machine's set of jobs every order of them (memoised per set).
 */
function exhaustiveOptimum(instance: RmInstance, combine: (completion: number[]) => number) {
  const { jobs: n, machines: m, p, setup } = instance;
  const bestOrder = new Map<string, number>();
  const machineTime = (k: number, set: number[]): number => {
    const key = `${k}:${set.join(',')}`;
    const known = bestOrder.get(key);
    if (known !== undefined) return known;
    let best = set.length === 0 ? 0 : Number.POSITIVE_INFINITY;
    const permute = (rest: number[], last: number | undefined, time: number) => {
      if (rest.length === 0) {
        best = Math.min(best, time);
        return;
      }
      rest.forEach((j, i) => {
        const step = (last === undefined ? 0 : setup[k]![last]![j]!) + p[j]![k]!;
        permute([...rest.slice(0, i), ...rest.slice(i + 1)], j, time + step);
      });
    };
    permute(set, undefined, 0);
    bestOrder.set(key, best);
    return best;
  };
  let optimum = Number.POSITIVE_INFINITY;
  for (let code = 0; code < m ** n; code++) {
    const sets: number[][] = Array.from({ length: m }, () => []);
    for (let j = 0, c = code; j < n; j++, c = Math.floor(c / m)) sets[c % m]!.push(j);
    optimum = Math.min(optimum, combine(sets.map((set, k) => machineTime(k, set))));
  }
  return optimum;
}

/** Times 1–99, setups 1–49 (asymmetric), about one (job, machine) in five barred. */
function randomInstance(seed: number, n: number, m: number): RmInstance {
  let state = seed * 2_654_435_761;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const p = Array.from({ length: n }, () => {
    const row = Array.from({ length: m }, () =>
      random() < 0.2 ? Number.POSITIVE_INFINITY : between(1, 99),
    );
    if (!row.some(Number.isFinite)) row[between(0, m - 1)] = between(1, 99);
    return row;
  });
  const setup = Array.from({ length: m }, () =>
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 0 : between(1, 49))),
    ),
  );
  return { jobs: n, machines: m, p, setup };
}

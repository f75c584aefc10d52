// The line scheduler's core: unrelated parallel machines with
// sequence-dependent setups (Rm | S_ijk | Cmax), NP-hard. A constructive
// heuristic, then iterated greedy (Ruiz & Stützle 2007; for this problem
// Vallada & Ruiz 2011 and Fanjul-Peyro & Ruiz 2010): destroy a few jobs,
// reinsert each where it costs least, improve by local search (job
// reinsertion within and across machines, swaps within and across machines),
// accept a worse schedule with a temperature. Pure: no clock but the one
// given, no randomness but the seeded one, so a seed and an iteration cap
// give the same schedule every time.
//
// Moves are priced by how they change the completion times of the one or two
// machines they touch (O(1) per position), never by re-evaluating the
// schedule.
import { invalid } from '../../core/errors.js';
import type { RmInstance, RmSolution } from './rm-instance.js';
import {
  type Cost,
  compareCost,
  type Deadline,
  deadline,
  type Random,
  seededRandom,
  shuffled,
} from './search-support.js';

/**
 * What the search minimises, from each machine's completion time. It must be
 * regular (never better when a machine finishes later): the search places a
 * job on a given machine where that machine finishes earliest. Objectives on
 * jobs' own completion times (weighted tardiness) will need the moves priced
 * per job; the search only talks to the objective through `cost`.
 */
export type { Cost } from './search-support.js';
export { compareCost } from './search-support.js';

export interface Objective {
  readonly name: string;
  cost(completion: readonly number[]): Cost;
}

/**
 * Makespan, ties broken by the sum of the machines' completion times: the
 * tie-break rewards finishing the non-critical machines earlier, which gives
 * the search a slope where the makespan alone is flat (as in Vallada & Ruiz).
 */
export const makespanObjective: Objective = {
  name: 'makespan',
  cost(completion) {
    let max = 0;
    let total = 0;
    for (const c of completion) {
      if (c > max) max = c;
      total += c;
    }
    return [max, total];
  },
};

export interface ScheduleOptions {
  /** Seed of the search's randomness; 1 by default. */
  readonly seed?: number | string;
  /** Stop after this many milliseconds on `clock` (1000 when neither this nor an iteration cap is given). */
  readonly budgetMs?: number;
  /** Stop after this many iterated-greedy iterations. */
  readonly maxIterations?: number;
  /** Stop as soon as the primary cost is at most this (a known optimum or a lower bound). */
  readonly target?: number;
  /** Milliseconds; `performance.now` by default. */
  readonly clock?: () => number;
  /** Read the clock at every this-many-th check (a check per iteration and per local-search pass). */
  readonly clockEvery?: number;
  readonly objective?: Objective;
  /** Jobs removed per iteration (d); 4 by default, at most the number of jobs. */
  readonly destroy?: number;
  /** Acceptance temperature as a fraction of a tenth of the mean processing plus setup time. */
  readonly temperature?: number;
}

export interface ScheduleResult {
  /** Each machine's jobs in processing order. */
  readonly sequences: number[][];
  readonly completion: number[];
  readonly makespan: number;
  readonly cost: Cost;
  readonly iterations: number;
  /** On the given clock, from the start of `solveSchedule` to its end. */
  readonly elapsedMs: number;
  readonly stoppedBy: 'iterations' | 'budget' | 'target';
}

/** The instance in flat arrays, for the inner loops. */
interface Model {
  readonly n: number;
  readonly m: number;
  /** p[j * m + k]; Infinity where j may not run on k. */
  readonly p: Float64Array;
  /** setup[(k * n + i) * n + j]. */
  readonly setup: Float64Array;
  /** The machines each job may run on, ascending. */
  readonly eligible: readonly (readonly number[])[];
}

interface State {
  seq: number[][];
  comp: number[];
  cost: Cost;
}

function modelOf(instance: RmInstance): Model {
  const { jobs: n, machines: m } = instance;
  const p = new Float64Array(n * m);
  const setup = new Float64Array(m * n * n);
  const eligible: number[][] = [];
  for (let j = 0; j < n; j++) {
    const machines: number[] = [];
    for (let k = 0; k < m; k++) {
      const time = instance.p[j]?.[k] ?? Number.POSITIVE_INFINITY;
      p[j * m + k] = time;
      if (Number.isFinite(time)) machines.push(k);
    }
    if (machines.length === 0) {
      throw invalid('schedule_job_without_machine', 'job {{job}} may run on no machine', {
        job: j,
      });
    }
    eligible.push(machines);
  }
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const s = instance.setup[k]?.[i]?.[j];
        if (s === undefined || !Number.isFinite(s)) {
          throw invalid(
            'schedule_setup_missing',
            'no setup time on machine {{machine}} from job {{from}} to job {{to}}',
            { machine: k, from: i, to: j },
          );
        }
        setup[(k * n + i) * n + j] = s;
      }
    }
  }
  return { n, m, p, setup, eligible };
}

const pt = (M: Model, j: number, k: number) => M.p[j * M.m + k] as number;
const st = (M: Model, k: number, i: number, j: number) =>
  M.setup[(k * M.n + i) * M.n + j] as number;

/** How much later machine k finishes when job j is put at `pos` of its sequence s. */
function insertionDelta(M: Model, k: number, s: readonly number[], j: number, pos: number): number {
  const prev = s[pos - 1];
  const next = s[pos];
  let delta = pt(M, j, k);
  if (prev !== undefined) delta += st(M, k, prev, j);
  if (next !== undefined) delta += st(M, k, j, next);
  if (prev !== undefined && next !== undefined) delta -= st(M, k, prev, next);
  return delta;
}

/** Where job j goes on machine k to finish it earliest (the first such place). */
function bestInsertion(M: Model, k: number, s: readonly number[], j: number) {
  let pos = 0;
  let delta = Number.POSITIVE_INFINITY;
  for (let at = 0; at <= s.length; at++) {
    const d = insertionDelta(M, k, s, j, at);
    if (d < delta) {
      delta = d;
      pos = at;
    }
  }
  return { pos, delta };
}

/** How much earlier machine k finishes without the job at `x`, as a negative number. */
function removalDelta(M: Model, k: number, s: readonly number[], x: number): number {
  const job = s[x] as number;
  const prev = s[x - 1];
  const next = s[x + 1];
  let delta = -pt(M, job, k);
  if (prev !== undefined) delta -= st(M, k, prev, job);
  if (next !== undefined) delta -= st(M, k, job, next);
  if (prev !== undefined && next !== undefined) delta += st(M, k, prev, next);
  return delta;
}

/** The change on machine k when the job at `x` is replaced by job j. */
function replacementDelta(M: Model, k: number, s: readonly number[], x: number, j: number) {
  const old = s[x] as number;
  const prev = s[x - 1];
  const next = s[x + 1];
  let delta = pt(M, j, k) - pt(M, old, k);
  if (prev !== undefined) delta += st(M, k, prev, j) - st(M, k, prev, old);
  if (next !== undefined) delta += st(M, k, j, next) - st(M, k, old, next);
  return delta;
}

/** The change on machine k when the jobs at `x` and `x + 1` trade places. */
function adjacentSwapDelta(M: Model, k: number, s: readonly number[], x: number) {
  const a = s[x] as number;
  const b = s[x + 1] as number;
  const prev = s[x - 1];
  const next = s[x + 2];
  let delta = st(M, k, b, a) - st(M, k, a, b);
  if (prev !== undefined) delta += st(M, k, prev, b) - st(M, k, prev, a);
  if (next !== undefined) delta += st(M, k, a, next) - st(M, k, b, next);
  return delta;
}

/** The cost if machine a finished at ca (and b, unless -1, at cb); `comp` is left as it was. */
function costWith(
  objective: Objective,
  comp: number[],
  a: number,
  ca: number,
  b: number,
  cb: number,
): Cost {
  const oldA = comp[a] as number;
  const oldB = b >= 0 ? (comp[b] as number) : 0;
  comp[a] = ca;
  if (b >= 0) comp[b] = cb;
  const cost = objective.cost(comp);
  comp[a] = oldA;
  if (b >= 0) comp[b] = oldB;
  return cost;
}

/** Puts job j where the schedule's cost grows least (ties: the lowest machine). */
function insertGreedily(M: Model, objective: Objective, state: State, j: number): void {
  let best: { k: number; pos: number; delta: number; cost: Cost } | undefined;
  for (const k of M.eligible[j] ?? []) {
    const seq = state.seq[k] as number[];
    const { pos, delta } = bestInsertion(M, k, seq, j);
    const cost = costWith(objective, state.comp, k, (state.comp[k] as number) + delta, -1, 0);
    if (!best || compareCost(cost, best.cost) < 0) best = { k, pos, delta, cost };
  }
  if (!best) {
    throw invalid('schedule_job_without_machine', 'job {{job}} may run on no machine', { job: j });
  }
  (state.seq[best.k] as number[]).splice(best.pos, 0, j);
  state.comp[best.k] = (state.comp[best.k] as number) + best.delta;
  state.cost = best.cost;
}

function locate(state: State, j: number): { k: number; x: number } {
  for (let k = 0; k < state.seq.length; k++) {
    const x = (state.seq[k] as number[]).indexOf(j);
    if (x >= 0) return { k, x };
  }
  throw new Error(`job ${j} is not in the schedule`);
}

function removeJob(M: Model, state: State, j: number): void {
  const { k, x } = locate(state, j);
  const seq = state.seq[k] as number[];
  state.comp[k] = (state.comp[k] as number) + removalDelta(M, k, seq, x);
  seq.splice(x, 1);
}

/** Each job in random order, taken out and put back where the cost is least; true if any moved. */
function reinsertionPass(M: Model, objective: Objective, state: State, random: Random): boolean {
  let improved = false;
  for (const j of shuffled(M.n, random)) {
    const { k: a, x } = locate(state, j);
    const from = state.seq[a] as number[];
    const before = state.comp[a] as number;
    state.comp[a] = before + removalDelta(M, a, from, x);
    from.splice(x, 1);
    let best: { k: number; pos: number; delta: number; cost: Cost } | undefined;
    for (const k of M.eligible[j] ?? []) {
      const { pos, delta } = bestInsertion(M, k, state.seq[k] as number[], j);
      const cost = costWith(objective, state.comp, k, (state.comp[k] as number) + delta, -1, 0);
      if (!best || compareCost(cost, best.cost) < 0) best = { k, pos, delta, cost };
    }
    if (best && compareCost(best.cost, state.cost) < 0) {
      (state.seq[best.k] as number[]).splice(best.pos, 0, j);
      state.comp[best.k] = (state.comp[best.k] as number) + best.delta;
      state.cost = best.cost;
      improved = true;
    } else {
      from.splice(x, 0, j);
      state.comp[a] = before;
    }
  }
  return improved;
}

/** Every pair of jobs, within and across machines, swapped when that lowers the cost. */
function swapPass(M: Model, objective: Objective, state: State): boolean {
  let improved = false;
  const { seq, comp } = state;
  for (let a = 0; a < M.m; a++) {
    const sa = seq[a] as number[];
    for (let x = 0; x < sa.length; x++) {
      for (let b = a; b < M.m; b++) {
        const sb = seq[b] as number[];
        for (let y = a === b ? x + 1 : 0; y < sb.length; y++) {
          const i = sa[x] as number;
          const j = sb[y] as number;
          let cost: Cost;
          let da: number;
          let db = 0;
          if (a === b) {
            da =
              y === x + 1
                ? adjacentSwapDelta(M, a, sa, x)
                : replacementDelta(M, a, sa, x, j) + replacementDelta(M, a, sa, y, i);
            // A regular objective cannot improve unless some machine finishes earlier.
            if (da >= 0) continue;
            cost = costWith(objective, comp, a, (comp[a] as number) + da, -1, 0);
          } else {
            if (!Number.isFinite(pt(M, j, a)) || !Number.isFinite(pt(M, i, b))) continue;
            da = replacementDelta(M, a, sa, x, j);
            db = replacementDelta(M, b, sb, y, i);
            if (da >= 0 && db >= 0) continue;
            cost = costWith(
              objective,
              comp,
              a,
              (comp[a] as number) + da,
              b,
              (comp[b] as number) + db,
            );
          }
          if (compareCost(cost, state.cost) < 0) {
            sa[x] = j;
            sb[y] = i;
            comp[a] = (comp[a] as number) + da;
            if (a !== b) comp[b] = (comp[b] as number) + db;
            state.cost = cost;
            improved = true;
          }
        }
      }
    }
  }
  return improved;
}

function localSearch(
  M: Model,
  objective: Objective,
  state: State,
  random: Random,
  stop: Deadline,
): void {
  let improved = true;
  while (improved && !stop.expired()) {
    improved = reinsertionPass(M, objective, state, random) || swapPass(M, objective, state);
  }
}

function emptyState(M: Model, objective: Objective): State {
  const comp = new Array<number>(M.m).fill(0);
  return { seq: Array.from({ length: M.m }, () => []), comp, cost: objective.cost(comp) };
}

const cloneState = (s: State): State => ({
  seq: s.seq.map((q) => q.slice()),
  comp: s.comp.slice(),
  cost: s.cost,
});

function constructState(M: Model, objective: Objective): State {
  const state = emptyState(M, objective);
  // Longest jobs first (by their shortest time on any machine), so the short
  // ones fill the gaps at the end.
  const shortest = (j: number) => Math.min(...(M.eligible[j] ?? []).map((k) => pt(M, j, k)));
  const order = Array.from({ length: M.n }, (_, j) => j).sort(
    (a, b) => shortest(b) - shortest(a) || a - b,
  );
  for (const j of order) insertGreedily(M, objective, state, j);
  return state;
}

/** The constructive heuristic alone: each job, longest first, where the cost grows least. */
export function constructSchedule(
  instance: RmInstance,
  objective: Objective = makespanObjective,
): RmSolution {
  return constructState(modelOf(instance), objective).seq;
}

/**
 * Iterated greedy with local search from the constructive schedule. Stops at
 * the first of: the iteration cap, the time budget, the target; always
 * returns at least the locally improved constructive schedule.
 */
export function solveSchedule(instance: RmInstance, options: ScheduleOptions = {}): ScheduleResult {
  const clock = options.clock ?? (() => performance.now());
  const budgetMs =
    options.budgetMs ?? (options.maxIterations === undefined ? 1000 : Number.POSITIVE_INFINITY);
  const stop = deadline(clock, budgetMs, Math.max(1, options.clockEvery ?? 4));
  const objective = options.objective ?? makespanObjective;
  const random = seededRandom(options.seed ?? 1);
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const target = options.target ?? Number.NEGATIVE_INFINITY;
  const M = modelOf(instance);
  const destroy = Math.min(M.n, Math.max(1, options.destroy ?? 4));
  const temperature = (options.temperature ?? 0.5) * (meanWork(M) / 10);

  let current = constructState(M, objective);
  localSearch(M, objective, current, random, stop);
  let best = cloneState(current);
  let iterations = 0;
  const reached = () => (best.cost[0] ?? 0) <= target;
  while (iterations < maxIterations && !reached() && !stop.expired()) {
    iterations++;
    const trial = cloneState(current);
    const removed = shuffled(M.n, random).slice(0, destroy);
    for (const j of removed) removeJob(M, trial, j);
    trial.cost = objective.cost(trial.comp);
    for (const j of removed) insertGreedily(M, objective, trial, j);
    localSearch(M, objective, trial, random, stop);
    if (compareCost(trial.cost, current.cost) < 0) {
      current = trial;
      if (compareCost(trial.cost, best.cost) < 0) best = cloneState(trial);
    } else {
      const worse = (trial.cost[0] ?? 0) - (current.cost[0] ?? 0);
      // A draw is taken either way, so the stream does not depend on `worse`.
      const draw = random();
      if (worse <= 0 || (temperature > 0 && draw < Math.exp(-worse / temperature))) {
        current = trial;
      }
    }
  }
  const stoppedBy = reached() ? 'target' : iterations >= maxIterations ? 'iterations' : 'budget';
  return {
    sequences: best.seq,
    completion: best.comp,
    makespan: Math.max(0, ...best.comp),
    cost: best.cost,
    iterations,
    elapsedMs: stop.elapsed(),
    stoppedBy,
  };
}

/** Mean processing time over the allowed (job, machine) pairs plus the mean setup. */
function meanWork(M: Model): number {
  let pSum = 0;
  let pCount = 0;
  for (let j = 0; j < M.n; j++) {
    for (const k of M.eligible[j] ?? []) {
      pSum += pt(M, j, k);
      pCount++;
    }
  }
  let sSum = 0;
  let sCount = 0;
  for (let k = 0; k < M.m; k++) {
    for (let i = 0; i < M.n; i++) {
      for (let j = 0; j < M.n; j++) {
        if (i === j) continue;
        sSum += st(M, k, i, j);
        sCount++;
      }
    }
  }
  return (pCount > 0 ? pSum / pCount : 0) + (sCount > 0 ? sSum / sCount : 0);
}

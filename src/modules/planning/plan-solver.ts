// The plant scheduler: the iterated-greedy search of the benchmark core
// (scheduler.ts) on the plant's own problem. Jobs are orders with due times
// and weights, lines work only in their calendar windows, changeovers depend
// on the line and the pair of products, frozen orders stay at the head of
// their line, and the objectives are lexicographic (see PlanObjective).
//
// A line's sequence is laid out in working minutes; the calendar only maps
// those onto wall-clock time, so putting a job in shifts everything after it
// by one constant number of working minutes. An insertion is priced from
// prefix sums of the line plus a walk of the later jobs that the shift could
// make late: a job is on time exactly when its working-minute end is within
// the working minutes before its due time, a bound computed once per job and
// line. Pure and deterministic for a seed; stops on a budget.
import { invalid } from '../../core/errors.js';
import {
  changeoverMinutes,
  type PlanJob,
  type PlannedJob,
  type PlanObjective,
  type PlanProblem,
  WorkingTime,
} from './plan-problem.js';
import {
  type Cost,
  compareCost,
  deadline,
  type Random,
  seededRandom,
  shuffled,
} from './search-support.js';

export interface PlanOptions {
  readonly seed?: number | string;
  /** Stop after this many milliseconds on `clock` (1000 when neither this nor an iteration cap is given). */
  readonly budgetMs?: number;
  readonly maxIterations?: number;
  readonly clock?: () => number;
  /** Orders taken out and put back per iteration; 6 by default. */
  readonly destroy?: number;
}

export interface PlanResult {
  /** Each line's jobs in order. */
  readonly sequences: Readonly<Record<string, readonly string[]>>;
  readonly jobs: readonly PlannedJob[];
  readonly objective: PlanObjective;
  /** Jobs that end after the last window of their line (the horizon is too short for the load). */
  readonly beyondHorizon: readonly string[];
  readonly iterations: number;
  readonly elapsedMs: number;
  readonly stoppedBy: 'iterations' | 'budget';
}

const MINUTES_PER_HOUR = 60;

/** The problem in flat arrays for the inner loops; products and lines by index. */
interface Model {
  readonly n: number;
  readonly lineCount: number;
  readonly productOf: Int32Array;
  readonly due: Float64Array;
  readonly weight: Float64Array;
  /** proc[j * lineCount + l]: working minutes, Infinity where line l may not make job j's product. */
  readonly proc: Float64Array;
  /** Working minutes of line l before job j's due time: on time iff its end ≤ this. */
  readonly dueWork: Float64Array;
  /** setup[l][from * P + to]; from = P for a clean line. */
  readonly setup: readonly Float64Array[];
  readonly products: number;
  readonly initial: Int32Array;
  readonly time: readonly WorkingTime[];
  readonly previousLine: Int32Array;
  readonly previousStart: Float64Array;
  readonly pinnedLine: Int32Array;
  /** Each line's frozen jobs in rank order. */
  readonly pinned: readonly (readonly number[])[];
  /** The lines each free job may go on. */
  readonly eligible: readonly (readonly number[])[];
  /** Free (not frozen) jobs. */
  readonly free: readonly number[];
}

interface LineState {
  seq: number[];
  /** Working minute at which each job ends. */
  end: number[];
  /** Weighted tardiness of the jobs before position i (length seq + 1). */
  prefixTardiness: number[];
  /** Weight of the late jobs from position i on (length seq + 1): a push of δ minutes costs them at least δ × this. */
  lateWeightFrom: number[];
  tardiness: number;
  changeover: number;
  moved: number;
  /** Calendar end of the last job (0 when empty). */
  finish: number;
}

interface State {
  lines: LineState[];
  cost: Cost;
}

function modelOf(problem: PlanProblem): Model {
  const productIndex = new Map<string, number>();
  for (const job of problem.jobs) {
    if (!productIndex.has(job.product)) productIndex.set(job.product, productIndex.size);
  }
  for (const line of problem.lines) {
    if (line.setUpFor !== null && !productIndex.has(line.setUpFor)) {
      productIndex.set(line.setUpFor, productIndex.size);
    }
  }
  const P = productIndex.size;
  const L = problem.lines.length;
  const n = problem.jobs.length;
  const lineIndex = new Map(problem.lines.map((l, i) => [l.code, i]));
  if (lineIndex.size !== L) throw invalid('plan_line_codes_repeated', 'line codes must be unique');
  const time = problem.lines.map((l) => new WorkingTime(l.windows));
  const setup = problem.lines.map((line) => {
    const matrix = new Float64Array((P + 1) * P);
    for (const [from, a] of productIndex) {
      for (const [to, b] of productIndex) matrix[a * P + b] = changeoverMinutes(line, from, to);
    }
    return matrix;
  });
  const productOf = new Int32Array(n);
  const due = new Float64Array(n);
  const weight = new Float64Array(n);
  const proc = new Float64Array(n * L);
  const dueWork = new Float64Array(n * L);
  const previousLine = new Int32Array(n).fill(-1);
  const previousStart = new Float64Array(n);
  const pinnedLine = new Int32Array(n).fill(-1);
  const pinnedRanks: { job: number; rank: number }[][] = problem.lines.map(() => []);
  const eligible: number[][] = [];
  const free: number[] = [];
  const ids = new Set<string>();
  problem.jobs.forEach((job: PlanJob, j) => {
    if (ids.has(job.id))
      throw invalid('plan_job_twice', 'job {{job}} appears twice', { job: job.id });
    ids.add(job.id);
    if (!(job.quantity > 0))
      throw invalid('plan_job_quantity_not_positive', 'job {{job}}: quantity must be positive', {
        job: job.id,
      });
    if (!(job.weight >= 0))
      throw invalid('plan_job_weight_negative', 'job {{job}}: weight must not be negative', {
        job: job.id,
      });
    productOf[j] = productIndex.get(job.product) as number;
    due[j] = job.due;
    weight[j] = job.weight;
    const lines: number[] = [];
    problem.lines.forEach((line, l) => {
      const rate = line.rates[job.product];
      proc[j * L + l] = rate && rate > 0 ? job.quantity / rate : Number.POSITIVE_INFINITY;
      dueWork[j * L + l] = (time[l] as WorkingTime).before(job.due);
      if (rate && rate > 0 && (!job.onlyLines || job.onlyLines.includes(line.code))) lines.push(l);
    });
    if (job.previousLine !== undefined) previousLine[j] = lineIndex.get(job.previousLine) ?? -1;
    previousStart[j] = job.previousStart ?? 0;
    if (job.pinned) {
      const l = lineIndex.get(job.pinned.line);
      if (l === undefined)
        throw invalid(
          'plan_job_frozen_off_plan',
          'job {{job}} is frozen to {{line}}, not a line of the plan',
          { job: job.id, line: job.pinned.line },
        );
      if (!Number.isFinite(proc[j * L + l] as number)) {
        throw invalid(
          'plan_job_frozen_to_wrong_line',
          'job {{job}} is frozen to {{line}}, which may not make {{product}}',
          { job: job.id, line: job.pinned.line, product: job.product },
        );
      }
      pinnedLine[j] = l;
      pinnedRanks[l]?.push({ job: j, rank: job.pinned.rank });
    } else {
      if (lines.length === 0)
        throw invalid(
          'plan_job_without_line',
          'job {{job}}: no line of those allowed may make {{product}}',
          { job: job.id, product: job.product },
        );
      free.push(j);
    }
    eligible.push(lines);
  });
  const initial = new Int32Array(L);
  problem.lines.forEach((line, l) => {
    initial[l] = line.setUpFor === null ? P : (productIndex.get(line.setUpFor) as number);
  });
  const pinned = pinnedRanks.map((list) => list.sort((a, b) => a.rank - b.rank).map((p) => p.job));
  return {
    n,
    lineCount: L,
    productOf,
    due,
    weight,
    proc,
    dueWork,
    setup,
    products: P,
    initial,
    time,
    previousLine,
    previousStart,
    pinnedLine,
    pinned,
    eligible,
    free,
  };
}

const setupOf = (M: Model, l: number, from: number, to: number) =>
  (M.setup[l] as Float64Array)[from * M.products + to] as number;

/** Weighted tardiness (weight × hours) of job j ending at working minute w of line l. */
function tardinessAt(M: Model, l: number, j: number, w: number): number {
  if (w <= (M.dueWork[j * M.lineCount + l] as number)) return 0;
  const late = (M.time[l] as WorkingTime).endOf(w) - (M.due[j] as number);
  return late > 0 ? ((M.weight[j] as number) * late) / MINUTES_PER_HOUR : 0;
}

/** Lays out a line's sequence from scratch. */
function layOut(M: Model, l: number, seq: number[]): LineState {
  const end: number[] = new Array(seq.length);
  const prefixTardiness: number[] = new Array(seq.length + 1);
  prefixTardiness[0] = 0;
  let w = 0;
  let previous = M.initial[l] as number;
  let tardiness = 0;
  let changeover = 0;
  let moved = 0;
  for (let i = 0; i < seq.length; i++) {
    const j = seq[i] as number;
    const s = setupOf(M, l, previous, M.productOf[j] as number);
    changeover += s;
    w += s + (M.proc[j * M.lineCount + l] as number);
    end[i] = w;
    tardiness += tardinessAt(M, l, j, w);
    prefixTardiness[i + 1] = tardiness;
    const before = M.previousLine[j] as number;
    if (before >= 0 && before !== l) moved++;
    previous = M.productOf[j] as number;
  }
  const finish = seq.length > 0 ? (M.time[l] as WorkingTime).endOf(w) : 0;
  const lateWeightFrom: number[] = new Array(seq.length + 1);
  lateWeightFrom[seq.length] = 0;
  for (let i = seq.length - 1; i >= 0; i--) {
    const j = seq[i] as number;
    const late = (end[i] as number) > (M.dueWork[j * M.lineCount + l] as number);
    lateWeightFrom[i] = (lateWeightFrom[i + 1] as number) + (late ? (M.weight[j] as number) : 0);
  }
  return { seq, end, prefixTardiness, lateWeightFrom, tardiness, changeover, moved, finish };
}

function costOf(lines: readonly LineState[]): Cost {
  let tardiness = 0;
  let moved = 0;
  let changeover = 0;
  let makespan = 0;
  let finishes = 0;
  for (const line of lines) {
    tardiness += line.tardiness;
    moved += line.moved;
    changeover += line.changeover;
    if (line.finish > makespan) makespan = line.finish;
    finishes += line.finish;
  }
  // Sums of fractional minutes drift in the last bits; round so that equal
  // plans compare equal whichever way they were reached.
  return [round6(tardiness), moved, round6(changeover), round6(makespan), round6(finishes)];
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The cost of the plan if line l looked like `changed` (the other lines as they are). */
function costWithLine(
  state: State,
  l: number,
  tardiness: number,
  moved: number,
  changeover: number,
  finish: number,
): Cost {
  let t = tardiness;
  let mv = moved;
  let co = changeover;
  let makespan = finish;
  let finishes = finish;
  state.lines.forEach((line, k) => {
    if (k === l) return;
    t += line.tardiness;
    mv += line.moved;
    co += line.changeover;
    if (line.finish > makespan) makespan = line.finish;
    finishes += line.finish;
  });
  return [round6(t), mv, round6(co), round6(makespan), round6(finishes)];
}

interface Insertion {
  line: number;
  at: number;
  cost: Cost;
}

/**
 * The best place for job j on line l (frozen jobs keep the head), priced
 * without laying the line out. `bound`, if given, is a cost to beat: a
 * position whose tardiness cannot come under it is not walked (pushing later
 * jobs back never makes them less late).
 */
function bestOnLine(
  M: Model,
  state: State,
  l: number,
  j: number,
  best: Insertion | null,
): Insertion | null {
  const line = state.lines[l] as LineState;
  const { seq, end, prefixTardiness } = line;
  const L = M.lineCount;
  const proc = M.proc[j * L + l] as number;
  if (!Number.isFinite(proc)) return best;
  const time = M.time[l] as WorkingTime;
  const product = M.productOf[j] as number;
  const movedHere =
    line.moved + ((M.previousLine[j] as number) >= 0 && M.previousLine[j] !== l ? 1 : 0);
  const otherTardiness = (state.cost[0] as number) - line.tardiness;
  const n = seq.length;
  let result = best;
  const head = (M.pinned[l] as readonly number[]).length;
  // The end first: it needs no walk and gives the bound for the rest.
  for (const at of [n, ...range(head, n)]) {
    const previous =
      at > 0 ? (M.productOf[seq[at - 1] as number] as number) : (M.initial[l] as number);
    const before = at > 0 ? (end[at - 1] as number) : 0;
    const setIn = setupOf(M, l, previous, product);
    const ends = before + setIn + proc;
    let tardiness = (prefixTardiness[at] as number) + tardinessAt(M, l, j, ends);
    let changeover = line.changeover + setIn;
    let finish: number;
    if (at < n) {
      const nextProduct = M.productOf[seq[at] as number] as number;
      const setOut = setupOf(M, l, product, nextProduct) - setupOf(M, l, previous, nextProduct);
      const shift = setIn + proc + setOut;
      if (
        result &&
        shift >= 0 &&
        otherTardiness + tardiness + line.tardiness - (prefixTardiness[at] as number) >
          (result.cost[0] as number) + 1e-5
      ) {
        continue;
      }
      changeover += setOut;
      for (let k = at; k < n; k++) {
        const job = seq[k] as number;
        const w = (end[k] as number) + shift;
        if (w > (M.dueWork[job * L + l] as number)) tardiness += tardinessAt(M, l, job, w);
      }
      finish = time.endOf((end[n - 1] as number) + shift);
    } else {
      finish = time.endOf(ends);
    }
    const cost = costWithLine(state, l, tardiness, movedHere, changeover, finish);
    if (!result || compareCost(cost, result.cost) < 0) result = { line: l, at, cost };
  }
  return result;
}

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) yield i;
}

function bestInsertion(
  M: Model,
  state: State,
  j: number,
  bound: Insertion | null = null,
): Insertion {
  let best: Insertion | null = bound;
  for (const l of M.eligible[j] ?? []) best = bestOnLine(M, state, l, j, best);
  if (!best) throw invalid('plan_job_without_line', 'job {{job}} may go on no line', { job: j });
  return best;
}

function insertAt(M: Model, state: State, j: number, where: Insertion): void {
  const line = state.lines[where.line] as LineState;
  const seq = line.seq.slice();
  seq.splice(where.at, 0, j);
  state.lines[where.line] = layOut(M, where.line, seq);
  state.cost = costOf(state.lines);
}

function lineOf(M: Model, state: State, j: number): { l: number; x: number } {
  for (let l = 0; l < M.lineCount; l++) {
    const x = (state.lines[l] as LineState).seq.indexOf(j);
    if (x >= 0) return { l, x };
  }
  throw new Error(`job ${j} is not in the plan`);
}

function removeJob(M: Model, state: State, j: number): void {
  const { l, x } = lineOf(M, state, j);
  const seq = (state.lines[l] as LineState).seq.slice();
  seq.splice(x, 1);
  state.lines[l] = layOut(M, l, seq);
  state.cost = costOf(state.lines);
}

/** Each of the jobs in random order, taken out and put back where the plan costs least. */
function reinsertionPass(
  M: Model,
  state: State,
  jobs: readonly number[],
  random: Random,
  stop: () => boolean,
): boolean {
  let improved = false;
  for (const index of shuffled(jobs.length, random)) {
    if (stop()) break;
    const j = jobs[index] as number;
    const { l } = lineOf(M, state, j);
    const kept = state.lines[l] as LineState;
    const keptCost = state.cost;
    removeJob(M, state, j);
    // Where it was is the cost to beat.
    const best = bestInsertion(M, state, j, { line: -1, at: -1, cost: keptCost });
    if (best.line >= 0 && compareCost(best.cost, keptCost) < 0) {
      insertAt(M, state, j, best);
      improved = true;
    } else {
      state.lines[l] = kept;
      state.cost = keptCost;
    }
  }
  return improved;
}

/** Neighbours on a line trade places when that lowers the cost. */
function adjacentSwapPass(M: Model, state: State, stop: () => boolean): boolean {
  let improved = false;
  for (let l = 0; l < M.lineCount; l++) {
    const head = (M.pinned[l] as readonly number[]).length;
    for (let x = head; x + 1 < (state.lines[l] as LineState).seq.length; x++) {
      if (stop()) return improved;
      const line = state.lines[l] as LineState;
      const seq = line.seq.slice();
      const a = seq[x] as number;
      seq[x] = seq[x + 1] as number;
      seq[x + 1] = a;
      const swapped = layOut(M, l, seq);
      const cost = costWithLine(
        state,
        l,
        swapped.tardiness,
        swapped.moved,
        swapped.changeover,
        swapped.finish,
      );
      if (compareCost(cost, state.cost) < 0) {
        state.lines[l] = swapped;
        state.cost = costOf(state.lines);
        improved = true;
      }
    }
  }
  return improved;
}

function localSearch(M: Model, state: State, random: Random, stop: () => boolean): void {
  let improved = true;
  while (improved && !stop()) {
    improved = reinsertionPass(M, state, M.free, random, stop);
    improved = adjacentSwapPass(M, state, stop) || improved;
  }
}

function construct(M: Model): State {
  const lines = Array.from({ length: M.lineCount }, (_, l) =>
    layOut(M, l, (M.pinned[l] as number[]).slice()),
  );
  const state: State = { lines, cost: costOf(lines) };
  // Earliest due first, heavier first among equals: the order a planner would load them.
  const order = M.free
    .slice()
    .sort(
      (a, b) =>
        (M.due[a] as number) - (M.due[b] as number) ||
        (M.weight[b] as number) - (M.weight[a] as number) ||
        a - b,
    );
  for (const j of order) insertAt(M, state, j, bestInsertion(M, state, j));
  return state;
}

/**
 * Earliest-due-first greedy insertion alone, without search: the dispatching
 * rule a planner's spreadsheet would apply, and the benchmark's baseline.
 */
export function constructPlan(
  problem: PlanProblem,
): Omit<PlanResult, 'iterations' | 'elapsedMs' | 'stoppedBy'> {
  const M = modelOf(problem);
  return describe(M, problem, construct(M));
}

const cloneState = (s: State): State => ({ lines: s.lines.slice(), cost: s.cost });

/** Plans the problem: construction, local search, then iterated greedy until the budget or the iteration cap. */
export function planLines(problem: PlanProblem, options: PlanOptions = {}): PlanResult {
  const clock = options.clock ?? (() => performance.now());
  const budgetMs =
    options.budgetMs ?? (options.maxIterations === undefined ? 1000 : Number.POSITIVE_INFINITY);
  const limit = deadline(clock, budgetMs, 1);
  const stop = () => limit.expired();
  const random = seededRandom(options.seed ?? 1);
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const M = modelOf(problem);
  const destroy = Math.min(M.free.length, Math.max(1, options.destroy ?? 6));

  let current = construct(M);
  localSearch(M, current, random, stop);
  let best = cloneState(current);
  let iterations = 0;
  while (destroy > 0 && iterations < maxIterations && !stop()) {
    iterations++;
    const trial = cloneState(current);
    const removed = shuffled(M.free.length, random)
      .slice(0, destroy)
      .map((i) => M.free[i] as number);
    for (const j of removed) removeJob(M, trial, j);
    for (const j of removed) insertAt(M, trial, j, bestInsertion(M, trial, j));
    // A full pass costs a reinsertion of every job: on a large plan that is
    // most of a second, so each iteration polishes only around what it moved,
    // and a new best gets the full search.
    let focused = true;
    while (focused && !stop()) {
      focused = reinsertionPass(M, trial, removed, random, stop);
      focused = adjacentSwapPass(M, trial, stop) || focused;
    }
    if (compareCost(trial.cost, best.cost) < 0) localSearch(M, trial, random, stop);
    // Not worse is enough: moving across plateaus of equal cost is how the search escapes them.
    if (compareCost(trial.cost, current.cost) <= 0) {
      current = trial;
      if (compareCost(trial.cost, best.cost) < 0) best = cloneState(trial);
    }
  }
  return {
    ...describe(M, problem, best),
    iterations,
    elapsedMs: limit.elapsed(),
    stoppedBy: iterations >= maxIterations ? 'iterations' : 'budget',
  };
}

function describe(M: Model, problem: PlanProblem, state: State) {
  const jobs: PlannedJob[] = [];
  const sequences: Record<string, string[]> = {};
  const beyondHorizon: string[] = [];
  let changeover = 0;
  let tardiness = 0;
  let makespan = 0;
  let moved = 0;
  state.lines.forEach((line, l) => {
    const code = problem.lines[l]?.code as string;
    const time = M.time[l] as WorkingTime;
    sequences[code] = line.seq.map((j) => problem.jobs[j]?.id as string);
    let w = 0;
    let previous = M.initial[l] as number;
    for (const j of line.seq) {
      const s = setupOf(M, l, previous, M.productOf[j] as number);
      const proc = M.proc[j * M.lineCount + l] as number;
      const end = time.endOf(w + s + proc);
      const late = Math.max(0, end - (M.due[j] as number));
      jobs.push({
        job: problem.jobs[j]?.id as string,
        line: code,
        changeover: s > 0 ? { start: time.startOf(w), end: time.endOf(w + s), minutes: s } : null,
        start: time.startOf(w + s),
        end,
        minutes: proc,
        tardiness: late,
      });
      if (end > time.horizon) beyondHorizon.push(problem.jobs[j]?.id as string);
      changeover += s;
      tardiness += ((M.weight[j] as number) * late) / MINUTES_PER_HOUR;
      if (end > makespan) makespan = end;
      if ((M.previousLine[j] as number) >= 0 && M.previousLine[j] !== l) moved++;
      w += s + proc;
      previous = M.productOf[j] as number;
    }
  });
  const objective: PlanObjective = {
    weightedTardiness: round6(tardiness),
    moved,
    changeoverMinutes: round6(changeover),
    makespan: round6(makespan),
  };
  return { sequences, jobs, objective, beyondHorizon };
}

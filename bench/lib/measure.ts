// Timing and result helpers for the benchmarks. Machines are noisy, so every
// benchmark measures its subject against a baseline in the same process and
// judges the ratio: both sides are run in alternating rounds (A B A B …) so a
// slow patch of the machine hits both, and each side is summarised by the
// median of its rounds.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type Op = () => unknown;

export interface Timing {
  /** Median time of one operation over the rounds, in milliseconds. */
  msPerOp: number;
  /** Operations timed in each round. */
  opsPerRound: number;
  rounds: number;
}

export interface PairOptions {
  /** Time spent running each side before measuring (JIT warm-up), ms. */
  warmupMs?: number;
  /** Target length of one round of one side, ms. */
  roundMs?: number;
  /** Rounds of each side. */
  rounds?: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** One turn of the event loop: lets timers and I/O callbacks that the operations queued run. */
export const turnEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `op` `count` times and returns the elapsed milliseconds. An asynchronous
 * operation gets a turn of the event loop after each call, as a server does
 * between requests; a tight `await` loop would never run the clean-up a
 * request queues for later (Fastify's inject then holds ~9 KB a request).
 */
async function runOps(op: Op, count: number): Promise<number> {
  const start = now();
  for (let i = 0; i < count; i++) {
    const value = op();
    if (isPromise(value)) {
      await value;
      await turnEventLoop();
    }
  }
  return now() - start;
}

/**
 * Runs `op` for about `ms` (JIT warm-up) and returns how many operations fill a
 * round of `roundMs`, judged on the second half of the warm-up, when the code
 * is already compiled.
 */
async function calibrate(op: Op, ms: number, roundMs: number): Promise<number> {
  const start = now();
  let half = Number.NaN;
  let countAtHalf = 0;
  let count = 0;
  let t = start;
  while (t - start < ms || count - countAtHalf < 3) {
    const value = op();
    if (isPromise(value)) {
      await value;
      await turnEventLoop();
    }
    count += 1;
    t = now();
    if (Number.isNaN(half) && t - start >= ms / 2) {
      half = t;
      countAtHalf = count;
    }
  }
  const perOp = (t - half) / (count - countAtHalf);
  return Math.max(1, Math.round(roundMs / perOp));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) throw new Error('median of nothing');
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Times `subject` and `baseline` in alternating rounds after a warm-up of each,
 * and returns the median time per operation of both.
 */
export async function timePair(
  subject: Op,
  baseline: Op,
  options: PairOptions = {},
): Promise<{ subject: Timing; baseline: Timing }> {
  const { warmupMs = 300, roundMs = 100, rounds = 9 } = options;
  const nSubject = await calibrate(subject, warmupMs, roundMs);
  const nBaseline = await calibrate(baseline, warmupMs, roundMs);
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let r = 0; r < rounds; r++) {
    subjectTimes.push((await runOps(subject, nSubject)) / nSubject);
    baselineTimes.push((await runOps(baseline, nBaseline)) / nBaseline);
  }
  return {
    subject: { msPerOp: median(subjectTimes), opsPerRound: nSubject, rounds },
    baseline: { msPerOp: median(baselineTimes), opsPerRound: nBaseline, rounds },
  };
}

/** Times one operation alone (when its baseline is timed another way): median of rounds. */
export async function timeOps(op: Op, options: PairOptions = {}): Promise<Timing> {
  const { warmupMs = 300, roundMs = 100, rounds = 9 } = options;
  const count = await calibrate(op, warmupMs, roundMs);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) times.push((await runOps(op, count)) / count);
  return { msPerOp: median(times), opsPerRound: count, rounds };
}

/**
 * Times an operation that needs fresh state each time (a load into an empty
 * database): `prepare` and `cleanup` run outside the clock. Median of `rounds`.
 */
export async function timeEach<S>(
  rounds: number,
  prepare: () => Promise<S>,
  op: (state: S) => Promise<unknown>,
  cleanup: (state: S) => Promise<unknown>,
): Promise<Timing> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const state = await prepare();
    try {
      const start = now();
      await op(state);
      times.push(now() - start);
    } finally {
      await cleanup(state);
    }
  }
  return { msPerOp: median(times), opsPerRound: 1, rounds };
}

let gcFunction: (() => void) | undefined;

/** A full garbage collection, so heap readings compare live data only. */
export function collectGarbage(): void {
  if (!gcFunction) {
    setFlagsFromString('--expose-gc');
    gcFunction = runInNewContext('gc') as () => void;
  }
  gcFunction();
  gcFunction();
}

/** Heap in use after the event loop has run pending clean-ups and a full collection. */
export async function heapUsedMb(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** What a target limits: the ratio to the baseline (default) or the value itself. */
export interface Target {
  on?: 'ratio' | 'value';
  max?: number;
  min?: number;
}

/** One result line: a measured value, its baseline from the same run, and the verdict. */
export interface BenchResult {
  bench: string;
  unit: string;
  value: number;
  baseline: string;
  baselineValue: number;
  ratio: number;
  target: string;
  ok: boolean;
  [detail: string]: unknown;
}

export function result(fields: {
  bench: string;
  unit: string;
  value: number;
  baseline: string;
  baselineValue: number;
  target: Target;
  /** Defaults to value / baselineValue. */
  ratio?: number;
  detail?: Record<string, unknown>;
}): BenchResult {
  const ratio = fields.ratio ?? fields.value / fields.baselineValue;
  const { on = 'ratio', max, min } = fields.target;
  const checked = on === 'ratio' ? ratio : fields.value;
  const ok =
    Number.isFinite(checked) &&
    (max === undefined || checked <= max) &&
    (min === undefined || checked >= min);
  const limits = [
    min === undefined ? undefined : `${on} >= ${min}`,
    max === undefined ? undefined : `${on} <= ${max}`,
  ].filter((s): s is string => s !== undefined);
  return {
    bench: fields.bench,
    unit: fields.unit,
    value: round(fields.value),
    baseline: fields.baseline,
    baselineValue: round(fields.baselineValue),
    ratio: round(ratio),
    target: limits.join(' and '),
    ok,
    ...fields.detail,
  };
}

/** Four significant digits: enough to compare runs, short enough to read. */
export function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}

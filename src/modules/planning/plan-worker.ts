// The plan solver on a worker thread (see core/worker.ts): a plan of a year
// searches for seconds, which the server must not spend on its event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { runInWorker, siblingModule } from '../../core/worker.js';
import type { PlanProblem } from './plan-problem.js';
import { type PlanOptions, type PlanResult, planLines } from './plan-solver.js';

interface Job {
  problem: PlanProblem;
  /** The solver's options but its clock (a function does not cross to a thread). */
  options: Omit<PlanOptions, 'clock'>;
}

/** Plans on a worker thread; errors of the solver (bad input) come back as errors. */
export async function planLinesInWorker(
  problem: PlanProblem,
  options: Job['options'],
): Promise<PlanResult> {
  const answer = await runInWorker<
    Job,
    { ok: true; result: PlanResult } | { ok: false; message: string }
  >(siblingModule(import.meta.url, 'plan-worker'), { problem, options });
  if (!answer.ok) throw new Error(answer.message);
  return answer.result;
}

if (parentPort && (workerData as Job | undefined)?.problem) {
  const { problem, options } = workerData as Job;
  try {
    parentPort.postMessage({ ok: true, result: planLines(problem, options) });
  } catch (error) {
    parentPort.postMessage({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

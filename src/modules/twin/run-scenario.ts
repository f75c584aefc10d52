// A scenario run: independent replications, each with its own seed, spread
// over worker threads (one per core), then the report. The seeds are the run's
// seed and the replication's number, so a run is reproducible whatever the
// number of workers.
import { availableParallelism } from 'node:os';
import { fieldIssue, invalid } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import { assumptionsFrom, type MeasuredBehaviour } from './calibrated-assumptions.js';
import type { ReplicationResult } from './plant-run.js';
import { runReplication } from './plant-run.js';
import { type ScenarioReport, scenarioReport } from './report.js';
import { buildScenario, type ScenarioInput } from './scenario.js';
import { replicateInWorker } from './twin-worker.js';

export interface RunOptions {
  readonly replications: number;
  readonly seed?: number | string;
  /** Worker threads; the machine's cores by default. 0 runs on the caller's thread (tests, tiny runs). */
  readonly workers?: number;
  readonly onReplication?: (done: number, total: number) => void;
  /** Station behaviour measured from machine data; the uncalibrated placeholder where absent. */
  readonly measured?: readonly MeasuredBehaviour[];
}

export const MAX_REPLICATIONS = 200;

export async function runScenario(
  plant: PlantFile,
  input: ScenarioInput,
  options: RunOptions,
): Promise<ScenarioReport & { wallMs: number; seed: string }> {
  const { replications } = options;
  if (!(Number.isInteger(replications) && replications >= 1 && replications <= MAX_REPLICATIONS)) {
    const range = { minimum: 1, maximum: MAX_REPLICATIONS };
    throw invalid(
      'replications_out_of_range',
      'replications: must be a whole number from {{minimum}} to {{maximum}}',
      range,
    ).withIssues([fieldIssue('replications', 'out_of_range', 'out of range', range)]);
  }
  // Built here too, so bad input is refused before any worker starts.
  const measured = options.measured ?? [];
  const built = buildScenario(plant, input, assumptionsFrom(measured));
  const seed = String(options.seed ?? 1);
  const seeds = Array.from({ length: replications }, (_, i) => `${seed}/${i + 1}`);
  const workers = options.workers ?? availableParallelism();
  const started = performance.now();
  const results: ReplicationResult[] = new Array(replications);
  let done = 0;
  let next = 0;
  const lane = async () => {
    while (next < seeds.length) {
      const i = next++;
      const s = seeds[i] as string;
      results[i] =
        workers === 0
          ? runReplication(built.model, s)
          : await replicateInWorker(plant, input, measured, s);
      done++;
      options.onReplication?.(done, replications);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, replications)) }, lane));
  return { ...scenarioReport(built, results), wallMs: performance.now() - started, seed };
}

// One replication of a scenario on a worker thread (see core/worker.ts): the
// worker builds the scenario from the plant file itself (assumptions hold
// functions, which do not cross threads) and runs it with its seed.
import { parentPort, workerData } from 'node:worker_threads';
import { runInWorker, siblingModule } from '../../core/worker.js';
import type { PlantFile } from '../plant/index.js';
import { assumptionsFrom, type MeasuredBehaviour } from './calibrated-assumptions.js';
import { type ReplicationResult, runReplication } from './plant-run.js';
import { buildScenario, type ScenarioInput } from './scenario.js';

interface Job {
  plant: PlantFile;
  input: ScenarioInput;
  /** Measured station behaviour: plain data, unlike the assumptions made from it. */
  measured: readonly MeasuredBehaviour[];
  seed: string;
}

export function replicateInWorker(
  plant: PlantFile,
  input: ScenarioInput,
  measured: readonly MeasuredBehaviour[],
  seed: string,
): Promise<ReplicationResult> {
  return runInWorker<Job, ReplicationResult>(siblingModule(import.meta.url, 'twin-worker'), {
    plant,
    input,
    measured,
    seed,
  });
}

if (parentPort && (workerData as Job | undefined)?.plant) {
  const { plant, input, measured, seed } = workerData as Job;
  parentPort.postMessage(
    runReplication(buildScenario(plant, input, assumptionsFrom(measured)).model, seed),
  );
}

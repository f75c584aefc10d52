// Scenario runs asked through the API: run on worker threads, kept with their
// input and report, listed newest first for comparison.
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database } from '../../core/db/store.js';
import { notFound } from '../../core/errors.js';
import { usableStock } from '../planning/index.js';
import { currentPlant } from '../plant/index.js';
import { measuredBehaviour } from './measured-behaviour.js';
import type { ScenarioReport } from './report.js';
import { runScenario } from './run-scenario.js';
import { coverDaysOfStock, type ScenarioInput } from './scenario.js';
import { runs } from './schema.js';

export interface StoredTwinRun {
  input: ScenarioInput;
  replications: number;
  seed: string;
  wallMs: number;
  /** Days of machine data the station behaviour was calibrated from; null: the uncalibrated placeholder. */
  calibrationDays: number | null;
  report: ScenarioReport;
}

export interface TwinRun extends StoredTwinRun {
  id: string;
  createdAt: string;
  createdBy: string;
}

const view = (row: typeof runs.$inferSelect): TwinRun => ({
  ...row.document,
  id: row.id,
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdBy,
});

export async function startRun(
  db: Database,
  input: ScenarioInput,
  options: { replications: number; seed?: string | number; calibrationDays?: number },
  actor: string,
  now: Date,
): Promise<TwinRun> {
  const { plant } = await currentPlant(db);
  if (input.scenario === 'supplier-stop' && input.coverDays === undefined) {
    // The stock on hand now is what the plant would have when the supplier stops.
    const held = await usableStock(db, now.toISOString().slice(0, 10));
    const stock = new Map([...held].map(([material, s]) => [material, s.released]));
    const supplier = input.supplier ?? plant.suppliers[0]?.code ?? '';
    input = {
      ...input,
      coverDays: Math.min(366, Math.floor(coverDaysOfStock(plant, input.year, supplier, stock))),
    };
  }
  // Station behaviour from the machine data of the last days, when asked.
  const measured =
    options.calibrationDays === undefined
      ? []
      : await measuredBehaviour(db, {
          from: new Date(now.getTime() - options.calibrationDays * 86_400_000),
          to: now,
          plant,
        });
  const result = await runScenario(plant, input, {
    measured,
    replications: options.replications,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const { wallMs, seed, ...report } = result;
  const document: StoredTwinRun = {
    input,
    replications: options.replications,
    seed,
    wallMs: Math.round(wallMs),
    calibrationDays: options.calibrationDays ?? null,
    report,
  };
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx
      .insert(runs)
      .values({ id, scenario: input.scenario, createdAt: now, createdBy: actor, document });
    await recordAudit(tx, {
      actor,
      action: 'twin.run.made',
      entityType: 'twin_run',
      entityId: id,
      after: { input, replications: options.replications, total: report.total.mean },
    });
  });
  return { ...document, id, createdAt: now.toISOString(), createdBy: actor };
}

export async function listRuns(db: Database, limit: number): Promise<TwinRun[]> {
  const rows = await db
    .select()
    .from(runs)
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(limit);
  return rows.map(view);
}

export async function getRun(db: Database, id: string): Promise<TwinRun> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  if (!row) throw notFound('twin_run_not_found', 'no twin run {{id}}', { id });
  return view(row);
}

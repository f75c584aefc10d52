// Plans and line outages in the database: every plan the scheduler made is
// kept (the newest is the current one, and the next re-plan starts from it);
// an outage is recorded, then cleared when the line is back.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid, notFound, unknownReference } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import type { LineOutage, Priority } from './plan-builder.js';
import {
  readFinding,
  readUnplanned,
  type StoredFinding,
  type StoredUnplanned,
} from './plan-findings.js';
import { lineOutages, plans } from './schema.js';

/** One order's place in a stored plan; times ISO 8601. */
export interface StoredPlacement {
  id: string;
  reference: string;
  kind: 'work_order' | 'proposal';
  product: string;
  quantity: number;
  priority: Priority;
  line: string;
  start: string;
  end: string;
  changeover: { start: string; end: string; minutes: number } | null;
  due: string | null;
  tardinessMinutes: number;
  frozen: null | 'running' | 'released' | 'frozen_horizon';
}

export interface StoredPlan {
  iterations: number;
  elapsedMs: number;
  objective: {
    weightedTardiness: number;
    moved: number;
    changeoverMinutes: number;
    /** The end of the last order, ISO. */
    makespan: string;
  };
  orders: StoredPlacement[];
  unavailable: {
    line: string;
    kind: 'maintenance' | 'outage';
    start: string;
    end: string;
    reason: string;
  }[];
  lines: { code: string; name: string }[];
  /** Orders that could not be planned, and why. */
  unplanned: StoredUnplanned[];
  beyondHorizon: string[];
  /** The independent validator's findings; empty for a sound plan. */
  problems: StoredFinding[];
}

/**
 * A plan as its row holds it: plans stored before findings had codes keep
 * plain sentences, and unplanned orders as `{ id, reason }`.
 */
export type StoredPlanDocument = Omit<StoredPlan, 'unplanned' | 'problems'> & {
  unplanned: (StoredUnplanned | { id: string; reason: string })[];
  problems: (StoredFinding | string)[];
};

/** A stored plan in today's shape, whichever version stored it. */
export const readStoredPlan = (document: StoredPlanDocument): StoredPlan => ({
  ...document,
  unplanned: document.unplanned.map(readUnplanned),
  problems: document.problems.map(readFinding),
});

export interface Plan extends StoredPlan {
  id: string;
  createdAt: string;
  createdBy: string;
  origin: string;
  budgetMs: number;
}

export async function latestPlan(db: Database): Promise<Plan | null> {
  const [row] = await db
    .select()
    .from(plans)
    .orderBy(desc(plans.createdAt), desc(plans.id))
    .limit(1);
  if (!row) return null;
  return {
    ...readStoredPlan(row.document),
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    origin: row.origin.toISOString(),
    budgetMs: row.budgetMs,
  };
}

export async function savePlan(
  db: Database,
  plan: StoredPlan,
  meta: { origin: Date; budgetMs: number; actor: string; at: Date },
): Promise<Plan> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(plans).values({
      id,
      createdAt: meta.at,
      createdBy: meta.actor,
      origin: meta.origin,
      budgetMs: meta.budgetMs,
      document: plan,
    });
    await recordAudit(tx, {
      actor: meta.actor,
      action: 'planning.plan.made',
      entityType: 'plan',
      entityId: id,
      after: {
        objective: plan.objective,
        orders: plan.orders.length,
        problems: plan.problems.length,
      },
    });
  });
  return {
    ...plan,
    id,
    createdAt: meta.at.toISOString(),
    createdBy: meta.actor,
    origin: meta.origin.toISOString(),
    budgetMs: meta.budgetMs,
  };
}

/** Who reserved an outage: a planner marking a line down, or maintenance reserving a job's window. */
export const OUTAGE_SOURCES = ['planner', 'maintenance'] as const;
export type OutageSource = (typeof OUTAGE_SOURCES)[number];

export interface Outage {
  id: string;
  line: string;
  from: string;
  to: string | null;
  reason: string;
  source: OutageSource;
  /** For a maintenance window: the maintenance work order's number. */
  sourceRef: string | null;
  createdBy: string;
  createdAt: string;
}

const outageView = (row: typeof lineOutages.$inferSelect): Outage => ({
  id: row.id,
  line: row.line,
  from: row.from.toISOString(),
  to: row.to?.toISOString() ?? null,
  reason: row.reason,
  source: row.source as OutageSource,
  sourceRef: row.sourceRef,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

/** Outages not cleared and not over by `now`. */
export async function activeOutages(db: Database, now: Date): Promise<Outage[]> {
  const rows = await db
    .select()
    .from(lineOutages)
    .where(and(isNull(lineOutages.clearedAt), or(isNull(lineOutages.to), gt(lineOutages.to, now))))
    .orderBy(lineOutages.from, lineOutages.line);
  return rows.map(outageView);
}

export const asLineOutage = (o: Outage): LineOutage => ({
  line: o.line,
  from: Date.parse(o.from),
  to: o.to === null ? null : Date.parse(o.to),
  reason: o.reason,
});

export async function addOutage(
  db: Database,
  plant: PlantFile,
  input: { line: string; from: string; to?: string | null; reason: string },
  actor: string,
  now: Date,
): Promise<Outage> {
  if (!plant.lines.some((l) => l.code === input.line)) {
    throw unknownReference('line', 'unknown_line', 'line', input.line);
  }
  const from = new Date(input.from);
  const to = input.to ? new Date(input.to) : null;
  if (to && to <= from) {
    throw invalid(
      'outage_ends_before_start',
      'to: the line must be back after it went down',
    ).withIssues([fieldIssue('to', 'outage_ends_before_start', 'must be after from')]);
  }
  if (to && to <= now) {
    throw invalid('outage_over', 'to: the outage is already over').withIssues([
      fieldIssue('to', 'outage_over', 'must be in the future'),
    ]);
  }
  return db.transaction((tx) =>
    recordOutage(tx, { line: input.line, from, to, reason: input.reason }, actor, now),
  );
}

export interface OutageRecord {
  line: string;
  from: Date;
  to: Date | null;
  reason: string;
  /** 'planner' unless said. */
  source?: OutageSource;
  sourceRef?: string;
}

/**
 * Records an outage, with its audit entry, in the caller's transaction: the
 * maintenance module reserves a planned job's window in the transaction that
 * makes the job, so the job and its window exist together or not at all.
 * The caller has checked the line and the times.
 */
export async function recordOutage(
  tx: Transaction,
  input: OutageRecord,
  actor: string,
  now: Date,
): Promise<Outage> {
  const id = randomUUID();
  const source = input.source ?? 'planner';
  const [row] = await tx
    .insert(lineOutages)
    .values({
      id,
      line: input.line,
      from: input.from,
      to: input.to,
      reason: input.reason,
      source,
      sourceRef: input.sourceRef ?? null,
      createdAt: now,
      createdBy: actor,
    })
    .returning();
  if (!row) throw new Error('the outage was not stored');
  await recordAudit(tx, {
    actor,
    action: 'planning.outage.recorded',
    entityType: 'line',
    entityId: input.line,
    after: {
      id,
      from: input.from.toISOString(),
      to: input.to?.toISOString() ?? null,
      reason: input.reason,
      ...(source !== 'planner' ? { source, sourceRef: input.sourceRef ?? null } : {}),
    },
  });
  return outageView(row);
}

export async function clearOutage(
  db: Database,
  id: string,
  actor: string,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const cleared = await clearOutageIn(tx, id, actor, now);
    if (cleared.clearedBefore) {
      throw conflict(
        'outage_cleared_already',
        'the outage of {{line}} was cleared at {{clearedAt}}',
        {
          line: cleared.line,
          clearedAt: cleared.clearedBefore,
        },
      );
    }
  });
}

/**
 * Clears an outage in the caller's transaction (the line is back); one
 * cleared before is left as it was and says when.
 */
export async function clearOutageIn(
  tx: Transaction,
  id: string,
  actor: string,
  now: Date,
): Promise<{ line: string; clearedBefore: string | null }> {
  const [row] = await tx.select().from(lineOutages).where(eq(lineOutages.id, id)).for('update');
  if (!row) throw notFound('outage_not_found', 'no outage {{id}}', { id });
  if (row.clearedAt) return { line: row.line, clearedBefore: row.clearedAt.toISOString() };
  await tx
    .update(lineOutages)
    .set({ clearedAt: now, clearedBy: actor })
    .where(eq(lineOutages.id, id));
  await recordAudit(tx, {
    actor,
    action: 'planning.outage.cleared',
    entityType: 'line',
    entityId: row.line,
    before: outageView(row),
  });
  return { line: row.line, clearedBefore: null };
}

// Nonconformances: opened from a failed inspection, an SPC alarm or by hand;
// investigated; decided — scrap, rework into a suffixed lot, or use as is
// with approval — and closed with a signature. Each concerns one or more
// lots. A decision acts on the lots in the same transaction: scrap rejects
// them, rework makes the reworked lot, use-as-is lets them be released.
import { createHash, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { recordSignature, type VerifiedSigner } from '../../core/audit/signatures.js';
import { recordAudit } from '../../core/audit/trail.js';
import { canonicalJson } from '../../core/canonical-json.js';
import {
  runSql,
  type SqlFragment,
  text as sqlText,
  valueList,
  whereAll,
} from '../../core/db/sql-text.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { everyColumn, tableRows } from '../../core/db/table-rows.js';
import { conflict, fieldIssue, invalid, notFound } from '../../core/errors.js';
import {
  decideLot,
  findLot,
  type GenealogyContext,
  reworkLotInTransaction,
} from '../genealogy/index.js';
import { currentPlant } from '../plant/index.js';
import { nonconformanceLots, nonconformanceNumbers, nonconformances } from './schema.js';

export const NONCONFORMANCE_STATES = ['open', 'investigating', 'decided', 'closed'] as const;
/** Every state but closed: what still needs someone. */
const OPEN_STATES = NONCONFORMANCE_STATES.filter((state) => state !== 'closed');
export type NonconformanceState = (typeof NONCONFORMANCE_STATES)[number];
export const NONCONFORMANCE_DECISIONS = ['scrap', 'rework', 'use_as_is'] as const;
export type NonconformanceDecision = (typeof NONCONFORMANCE_DECISIONS)[number];
export const NONCONFORMANCE_SOURCES = ['inspection', 'spc', 'manual'] as const;

export interface Nonconformance {
  id: string;
  number: string;
  title: string;
  description: string;
  source: (typeof NONCONFORMANCE_SOURCES)[number];
  state: NonconformanceState;
  investigation: string | null;
  decision: NonconformanceDecision | null;
  decisionNote: string | null;
  lots: string[];
  openedAt: string;
  openedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  signatureId: string | null;
}

export const NONCONFORMANCE_ENTITY = 'nonconformance';

async function nextNumber(tx: Transaction): Promise<string> {
  const result = await tx.execute(
    sql`select nextval(${sql.raw(`'quality.${nonconformanceNumbers.seqName}'`)}) as n`,
  );
  const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]?.n);
  return `NC-${String(n).padStart(5, '0')}`;
}

export async function openNonconformanceInTransaction(
  tx: Transaction,
  input: {
    title: string;
    description: string;
    source: (typeof NONCONFORMANCE_SOURCES)[number];
    inspectionId?: string;
    lots: readonly string[];
  },
  at: Date,
  actor: string,
): Promise<string> {
  const id = randomUUID();
  const number = await nextNumber(tx);
  await tx.insert(nonconformances).values({
    id,
    number,
    title: input.title,
    description: input.description,
    source: input.source,
    inspectionId: input.inspectionId ?? null,
    state: 'open',
    openedAt: at,
    openedBy: actor,
  });
  for (const lotKey of new Set(input.lots)) {
    const lot = await findLot(tx, lotKey);
    await tx
      .insert(nonconformanceLots)
      .values({ nonconformanceId: id, lotId: lot.id, lotNumber: lot.number });
  }
  await recordAudit(tx, {
    actor,
    action: 'nonconformance.opened',
    entityType: NONCONFORMANCE_ENTITY,
    entityId: number,
    after: { title: input.title, source: input.source },
  });
  return id;
}

export async function openNonconformance(
  context: GenealogyContext,
  input: { title: string; description: string; lots: string[]; source?: 'manual' | 'spc' },
  actor: string,
): Promise<Nonconformance> {
  if (input.lots.length === 0) {
    throw invalid(
      'nonconformance_without_lots',
      'lots: a nonconformance concerns at least one lot',
    ).withIssues([fieldIssue('lots', 'too_few_items', 'at least one lot', { minimum: 1 })]);
  }
  const id = await context.db.transaction((tx) =>
    openNonconformanceInTransaction(
      tx,
      {
        title: input.title,
        description: input.description,
        source: input.source ?? 'manual',
        lots: input.lots,
      },
      context.clock(),
      actor,
    ),
  );
  return getNonconformance(context.db, id);
}

async function lockNonconformance(tx: Transaction, numberOrId: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(numberOrId);
  const [row] = await tx
    .select()
    .from(nonconformances)
    .where(isUuid ? eq(nonconformances.id, numberOrId) : eq(nonconformances.number, numberOrId))
    .for('update');
  if (!row) {
    throw notFound('nonconformance_not_found', 'nonconformance {{nonconformance}} does not exist', {
      nonconformance: numberOrId,
    });
  }
  return row;
}

export async function recordInvestigation(
  context: GenealogyContext,
  numberOrId: string,
  investigation: string,
  actor: string,
): Promise<Nonconformance> {
  const id = await context.db.transaction(async (tx) => {
    const row = await lockNonconformance(tx, numberOrId);
    if (row.state !== 'open' && row.state !== 'investigating') {
      throw conflict(
        'nonconformance_investigation_closed',
        'nonconformance {{nonconformance}} is {{nonconformanceState}}: its investigation is closed',
        { nonconformance: row.number, nonconformanceState: row.state },
      );
    }
    await tx
      .update(nonconformances)
      .set({ state: 'investigating', investigation, version: sql`${nonconformances.version} + 1` })
      .where(eq(nonconformances.id, row.id));
    await recordAudit(tx, {
      actor,
      action: 'nonconformance.investigated',
      entityType: NONCONFORMANCE_ENTITY,
      entityId: row.number,
      after: { investigation },
    });
    return row.id;
  });
  return getNonconformance(context.db, id);
}

export interface DecisionInput {
  decision: NonconformanceDecision;
  note: string;
  /** Rework: how much of which lot, where it is, and the reworked lot stays there. */
  rework?: { lot: string; quantity: number; location: string };
}

/**
 * The decision, acted on in the same transaction: scrap rejects every lot
 * the nonconformance concerns; rework makes the reworked lot (the next
 * suffix) from the named quantity; use as is leaves the lots to be released.
 */
export async function decideNonconformance(
  context: GenealogyContext,
  numberOrId: string,
  input: DecisionInput,
  actor: string,
): Promise<Nonconformance> {
  const { plant } = await currentPlant(context.db);
  const id = await context.db.transaction(async (tx) => {
    const row = await lockNonconformance(tx, numberOrId);
    if (row.state !== 'open' && row.state !== 'investigating') {
      throw conflict(
        'nonconformance_decided_already',
        'nonconformance {{nonconformance}} is {{nonconformanceState}}: it was decided already',
        { nonconformance: row.number, nonconformanceState: row.state },
      );
    }
    const at = context.clock();
    const lotRows = await tx
      .select()
      .from(nonconformanceLots)
      .where(eq(nonconformanceLots.nonconformanceId, row.id));
    if (input.decision === 'scrap') {
      for (const lot of lotRows) {
        const current = await findLot(tx, lot.lotId);
        if (current.status === 'quarantine' || current.status === 'on_hold') {
          await decideLot(tx, lot.lotId, 'reject', {
            at,
            actor,
            reason: `${row.number}: scrap — ${input.note}`,
          });
        }
      }
    } else if (input.decision === 'rework') {
      if (!input.rework) {
        throw invalid(
          'rework_details_missing',
          'rework: say which lot, how much and where',
        ).withIssues([
          fieldIssue('rework', 'rework_details_missing', 'required for a rework decision'),
        ]);
      }
      const target = await findLot(tx, input.rework.lot);
      if (!lotRows.some((l) => l.lotId === target.id)) {
        const facts = { lot: target.number, nonconformance: row.number };
        throw invalid(
          'rework_lot_not_concerned',
          'rework.lot: {{lot}} is not one of the lots of {{nonconformance}}',
          facts,
        ).withIssues([
          fieldIssue(
            'rework.lot',
            'rework_lot_not_concerned',
            'not a lot of this nonconformance',
            facts,
          ),
        ]);
      }
      const reworked = await reworkLotInTransaction(
        tx,
        plant,
        { ...input.rework, reason: `${row.number}: ${input.note}` },
        at,
        actor,
      );
      await tx
        .insert(nonconformanceLots)
        .values({ nonconformanceId: row.id, lotId: reworked.id, lotNumber: reworked.number });
    }
    await tx
      .update(nonconformances)
      .set({
        state: 'decided',
        decision: input.decision,
        decisionNote: input.note,
        decidedAt: at,
        decidedBy: actor,
        version: sql`${nonconformances.version} + 1`,
      })
      .where(eq(nonconformances.id, row.id));
    await recordAudit(tx, {
      actor,
      action: 'nonconformance.decided',
      entityType: NONCONFORMANCE_ENTITY,
      entityId: row.number,
      after: { ...input },
    });
    return row.id;
  });
  return getNonconformance(context.db, id);
}

/** Closing is signed by the QA manager: the decision was carried out. */
export async function closeNonconformance(
  context: GenealogyContext,
  numberOrId: string,
  signer: VerifiedSigner,
): Promise<Nonconformance> {
  const id = await context.db.transaction(async (tx) => {
    const row = await lockNonconformance(tx, numberOrId);
    if (row.state !== 'decided') {
      throw conflict(
        'nonconformance_not_decided',
        'nonconformance {{nonconformance}} is {{nonconformanceState}}: it is closed once decided',
        { nonconformance: row.number, nonconformanceState: row.state },
      );
    }
    const at = context.clock();
    const content = {
      number: row.number,
      title: row.title,
      decision: row.decision,
      decisionNote: row.decisionNote,
      investigation: row.investigation,
    };
    const signature = await recordSignature(tx, signer, {
      entityType: NONCONFORMANCE_ENTITY,
      entityId: row.number,
      contentHash: createHash('sha256').update(canonicalJson(content)).digest('hex'),
    });
    await tx
      .update(nonconformances)
      .set({
        state: 'closed',
        closedAt: at,
        closedBy: signer.username,
        signatureId: signature.id,
        version: sql`${nonconformances.version} + 1`,
      })
      .where(eq(nonconformances.id, row.id));
    await recordAudit(tx, {
      actor: signer.username,
      action: 'nonconformance.closed',
      entityType: NONCONFORMANCE_ENTITY,
      entityId: row.number,
      after: { decision: row.decision },
    });
    return row.id;
  });
  return getNonconformance(context.db, id);
}

export async function getNonconformance(db: Database, numberOrId: string): Promise<Nonconformance> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(numberOrId);
  const [row] = await db
    .select()
    .from(nonconformances)
    .where(isUuid ? eq(nonconformances.id, numberOrId) : eq(nonconformances.number, numberOrId));
  if (!row) {
    throw notFound('nonconformance_not_found', 'nonconformance {{nonconformance}} does not exist', {
      nonconformance: numberOrId,
    });
  }
  const lots = await db
    .select({ lotNumber: nonconformanceLots.lotNumber })
    .from(nonconformanceLots)
    .where(eq(nonconformanceLots.nonconformanceId, row.id));
  return toNonconformance(
    row,
    lots.map((l) => l.lotNumber),
  );
}

function toNonconformance(
  row: typeof nonconformances.$inferSelect,
  lots: string[],
): Nonconformance {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    source: row.source as Nonconformance['source'],
    state: row.state as NonconformanceState,
    investigation: row.investigation,
    decision: row.decision as NonconformanceDecision | null,
    decisionNote: row.decisionNote,
    lots,
    openedAt: row.openedAt.toISOString(),
    openedBy: row.openedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    closedAt: row.closedAt?.toISOString() ?? null,
    closedBy: row.closedBy,
    signatureId: row.signatureId,
  };
}

export async function listNonconformances(
  db: Database,
  filter: { state?: NonconformanceState; lot?: string; open?: boolean; limit: number },
): Promise<Nonconformance[]> {
  // SQL text, not the query builder: the quality dashboard reads it whenever a lot changes.
  const conditions: SqlFragment[] = [];
  if (filter.state) conditions.push(sqlText`"state" = ${filter.state}`);
  if (filter.open) conditions.push(sqlText`"state" in (${valueList(OPEN_STATES)})`);
  if (filter.lot) {
    const lot = await findLot(db, filter.lot);
    const ids = await runSql<{ id: string }>(
      db,
      sqlText`select "nonconformance_id" as "id" from "quality"."nonconformance_lots" where "lot_id" = ${lot.id}`,
    );
    if (ids.length === 0) return [];
    conditions.push(sqlText`"id" in (${valueList(ids.map((i) => i.id))})`);
  }
  const where = whereAll(conditions);
  const rows = tableRows(
    nonconformances,
    await runSql(
      db,
      sqlText`select ${everyColumn(nonconformances)} from "quality"."nonconformances"${where} order by "opened_at" desc limit ${filter.limit}`,
    ),
  );
  if (rows.length === 0) return [];
  const lotRows = tableRows(
    nonconformanceLots,
    await runSql(
      db,
      sqlText`select ${everyColumn(nonconformanceLots)} from "quality"."nonconformance_lots" where "nonconformance_id" in (${valueList(rows.map((r) => r.id))})`,
    ),
  );
  return rows.map((r) =>
    toNonconformance(
      r,
      lotRows.filter((l) => l.nonconformanceId === r.id).map((l) => l.lotNumber),
    ),
  );
}

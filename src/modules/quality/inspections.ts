// Inspection lots: opened for a lot in quarantine with the plan its
// specification and the switching state of its streams give; results are
// recorded per characteristic (by hand, or a firing-range instrument's CSV);
// completing it judges the lot, moves the switching streams and — for a
// supplier's lot — releases or rejects the lot in the same transaction. A
// rejected inspection opens a nonconformance against the lot.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import { runSql, type SqlFragment, text as sqlText, whereAll } from '../../core/db/sql-text.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid, notFound, refusalError } from '../../core/errors.js';
import { decideLot, findLot, type GenealogyContext, type Lot } from '../genealogy/index.js';
import { currentPlant, type PlantFile, type Specification } from '../plant/index.js';
import {
  type InspectionPlan,
  inspectionPlanFor,
  inspectionVerdict,
  judgeLine,
  type LineVerdict,
  type ResultData,
  streamKey,
} from './inspection.js';
import { openNonconformanceInTransaction } from './nonconformances.js';
import { readRangeCsv } from './range-tests.js';
import {
  inspectionNumbers,
  inspections,
  results,
  switchingSteps,
  switchingStreams,
} from './schema.js';
import {
  initialSwitchingState,
  nextSwitchingState,
  resumeAfterCorrectiveAction,
  type SwitchingOptions,
  type SwitchingState,
} from './switching.js';

export type QualityContext = GenealogyContext & {
  /** How the plant switches inspection severity; ISO 2859-1, reduced inspection allowed, steady production. */
  switching?: SwitchingOptions;
};

const DEFAULT_SWITCHING: SwitchingOptions = {
  rules: 'ISO 2859-1',
  reducedDesired: true,
  steadyProduction: true,
};

export interface Inspection {
  id: string;
  number: string;
  lot: string;
  lotId: string;
  material: string;
  supplier: string | null;
  scope: 'lot_acceptance' | 'incoming';
  specification: string;
  plan: InspectionPlan;
  state: 'open' | 'accepted' | 'rejected';
  openedAt: string;
  openedBy: string;
  completedAt: string | null;
  completedBy: string | null;
  results: {
    characteristic: string;
    data: ResultData;
    verdict: LineVerdict;
    recordedAt: string;
    recordedBy: string;
  }[];
  /** Characteristics with nothing recorded yet. */
  missing: string[];
}

/** The specification a lot is inspected to: a supplier lot's incoming inspection, or the product's lot acceptance. */
export function specificationFor(
  plant: PlantFile,
  lot: Pick<Lot, 'number' | 'material' | 'origin' | 'supplier'>,
  code?: string,
): Specification {
  const scope = lot.origin === 'received' ? 'incoming' : 'lot_acceptance';
  const candidates = plant.specifications.filter(
    (s) => s.product === lot.material && s.scope === scope,
  );
  if (code !== undefined) {
    const chosen = candidates.find((s) => s.code === code);
    if (!chosen) {
      const facts = { specification: code, scope, material: lot.material };
      throw invalid(
        'specification_not_applicable',
        'specification: {{specification}} is not a {{scope, words}} specification of {{material}}',
        facts,
      ).withIssues([
        fieldIssue(
          'specification',
          'specification_not_applicable',
          'not a specification of {{material}}',
          facts,
        ),
      ]);
    }
    return chosen;
  }
  // A supplier's own incoming specification first, then one for every supplier.
  const chosen =
    candidates.find((s) => s.supplier !== undefined && s.supplier === lot.supplier) ??
    candidates.find((s) => s.supplier === undefined);
  if (!chosen) {
    throw conflict(
      'no_specification',
      scope === 'incoming'
        ? 'no incoming inspection specification for {{material}} in the plant file'
        : 'no lot acceptance specification for {{material}} in the plant file',
      { material: lot.material, scope },
    );
  }
  return chosen;
}

async function streamStates(db: Database, streams: readonly string[]) {
  if (streams.length === 0) return new Map<string, SwitchingState>();
  const rows = await db
    .select()
    .from(switchingStreams)
    .where(inArray(switchingStreams.stream, [...streams]));
  return new Map(rows.map((r) => [r.stream, r.state]));
}

async function nextNumber(tx: Transaction): Promise<string> {
  const result = await tx.execute(
    sql`select nextval(${sql.raw(`'quality.${inspectionNumbers.seqName}'`)}) as n`,
  );
  const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]?.n);
  return `IN-${String(n).padStart(6, '0')}`;
}

export async function openInspection(
  context: QualityContext,
  input: { lot: string; specification?: string },
  actor: string,
): Promise<Inspection> {
  const { plant } = await currentPlant(context.db);
  const id = await context.db.transaction(async (tx) => {
    const lot = await findLot(tx, input.lot);
    if (lot.status !== 'quarantine') {
      throw conflict(
        'lot_not_in_quarantine',
        'lot {{lot}} is {{lotStatus, words}}: only a lot in quarantine is inspected for acceptance',
        { lot: lot.number, lotStatus: lot.status },
      );
    }
    if (!(lot.quantity > 0)) {
      throw conflict(
        'lot_without_quantity',
        'lot {{lot}} has no quantity yet: its work order must be completed first',
        { lot: lot.number },
      );
    }
    const [open] = await tx
      .select({ number: inspections.number })
      .from(inspections)
      .where(and(eq(inspections.lotId, lot.id), eq(inspections.state, 'open')));
    if (open) {
      throw conflict(
        'lot_inspection_open',
        'lot {{lot}} is already being inspected ({{inspection}})',
        { lot: lot.number, inspection: open.number },
      );
    }
    const spec = specificationFor(plant, lot, input.specification);
    const lotSize = Math.max(2, Math.round(lot.quantity));
    // Every attribute stream's state, locked so that two inspections of one stream take turns.
    const streams = spec.characteristics.flatMap((c) =>
      c.type === 'attribute'
        ? [streamKey(spec.scope, spec.product, lot.supplier, c.defectClass)]
        : [],
    );
    const states = await streamStates(tx, streams);
    for (const stream of streams) {
      if (states.get(stream)?.severity === 'discontinued') {
        throw conflict(
          'inspection_discontinued',
          'inspection of {{stream}} is discontinued (5 lots not accepted on tightened inspection, ISO 2859-1 §9.4): ' +
            'record the corrective action before inspecting again',
          { stream },
        );
      }
    }
    const planned = inspectionPlanFor(spec, lotSize, lot.supplier, (stream) => {
      const severity = states.get(stream)?.severity ?? 'normal';
      return severity === 'discontinued' ? 'tightened' : severity;
    });
    if (!planned.ok) throw refusalError('invalid', planned.error);
    const id = randomUUID();
    const number = await nextNumber(tx);
    const at = context.clock();
    await tx.insert(inspections).values({
      id,
      number,
      lotId: lot.id,
      lotNumber: lot.number,
      material: lot.material,
      supplier: lot.supplier,
      scope: spec.scope,
      specification: spec.code,
      plan: planned.value,
      state: 'open',
      openedAt: at,
      openedBy: actor,
    });
    await recordAudit(tx, {
      actor,
      action: 'inspection.opened',
      entityType: 'inspection',
      entityId: number,
      after: { lot: lot.number, specification: spec.code, lotSize },
    });
    return id;
  });
  return getInspection(context.db, id);
}

async function lockInspection(tx: Transaction, numberOrId: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(numberOrId);
  const [row] = await tx
    .select()
    .from(inspections)
    .where(isUuid ? eq(inspections.id, numberOrId) : eq(inspections.number, numberOrId))
    .for('update');
  if (!row) {
    throw notFound('inspection_not_found', 'inspection {{inspection}} does not exist', {
      inspection: numberOrId,
    });
  }
  return row;
}

/** Records (or replaces, while the inspection is open) the result of one characteristic. */
export async function recordResult(
  context: QualityContext,
  inspection: string,
  characteristic: string,
  data: ResultData,
  actor: string,
): Promise<Inspection> {
  const id = await context.db.transaction(async (tx) => {
    const row = await lockInspection(tx, inspection);
    if (row.state !== 'open') {
      throw conflict(
        'inspection_results_final',
        'inspection {{inspection}} is {{inspectionState}}: its results are final',
        { inspection: row.number, inspectionState: row.state },
      );
    }
    const line = row.plan.lines.find((l) => l.characteristic === characteristic);
    if (!line) {
      const facts = { specification: row.specification, characteristic };
      throw invalid(
        'characteristic_unknown',
        'characteristic: {{specification}} has no characteristic or test "{{characteristic}}"',
        facts,
      ).withIssues([
        fieldIssue('characteristic', 'characteristic_unknown', 'not in {{specification}}', facts),
      ]);
    }
    const judged = judgeLine(line, data);
    if (!judged.ok) {
      const { code, message, params } = judged.error;
      throw refusalError('invalid', judged.error, [
        { path: 'result', message, code, ...(params ? { params } : {}) },
      ]);
    }
    const at = context.clock();
    await tx
      .insert(results)
      .values({
        inspectionId: row.id,
        characteristic,
        data,
        verdict: judged.value,
        accepted: judged.value.accepted,
        recordedAt: at,
        recordedBy: actor,
      })
      .onConflictDoUpdate({
        target: [results.inspectionId, results.characteristic],
        set: {
          data,
          verdict: judged.value,
          accepted: judged.value.accepted,
          recordedAt: at,
          recordedBy: actor,
        },
      });
    await recordAudit(tx, {
      actor,
      action: 'inspection.result_recorded',
      entityType: 'inspection',
      entityId: row.number,
      after: { characteristic, data, accepted: judged.value.accepted },
    });
    return row.id;
  });
  return getInspection(context.db, id);
}

/** A firing-range test's rounds from the range instrument's CSV export. */
export async function importRangeResults(
  context: QualityContext,
  inspection: string,
  test: string,
  csv: string,
  actor: string,
): Promise<Inspection> {
  const read = readRangeCsv(csv);
  if (!read.ok) {
    // The reader's findings are English sentences: the field issues carry no code.
    throw invalid(
      'range_csv_invalid',
      'the CSV file has {{problemCount}} problem(s): {{problems}}',
      {
        problemCount: read.errors.length,
        problems: read.errors
          .slice(0, 3)
          .map((e) => `line ${e.line}: ${e.message}`)
          .join('; '),
      },
    ).withIssues(read.errors.map((e) => ({ path: `csv.line ${e.line}`, message: e.message })));
  }
  return recordResult(context, inspection, test, { kind: 'range', rounds: read.rounds }, actor);
}

/**
 * Judges the lot on every recorded line. Each attribute stream takes the
 * lot's result for its class (ISO 2859-1 §9); a supplier's lot is released or
 * rejected by the result; a rejection opens a nonconformance.
 */
export async function completeInspection(
  context: QualityContext,
  inspection: string,
  actor: string,
): Promise<Inspection> {
  const options = context.switching ?? DEFAULT_SWITCHING;
  const id = await context.db.transaction(async (tx) => {
    const row = await lockInspection(tx, inspection);
    if (row.state !== 'open') {
      throw conflict(
        'inspection_closed',
        'inspection {{inspection}} is already {{inspectionState}}',
        {
          inspection: row.number,
          inspectionState: row.state,
        },
      );
    }
    const recorded = await tx.select().from(results).where(eq(results.inspectionId, row.id));
    const verdict = inspectionVerdict(
      row.plan,
      new Map(recorded.map((r) => [r.characteristic, r.verdict])),
    );
    if (!verdict.complete) {
      throw conflict(
        'inspection_incomplete',
        'inspection {{inspection}} is not complete: record {{missing}} first',
        { inspection: row.number, missing: verdict.missing },
      ).withIssues(
        verdict.missing.map((m) =>
          fieldIssue(
            'characteristic',
            'characteristic_without_result',
            '{{characteristic}} has no result',
            {
              characteristic: m,
            },
          ),
        ),
      );
    }
    const at = context.clock();
    const state = verdict.accepted ? 'accepted' : 'rejected';
    await tx
      .update(inspections)
      .set({ state, completedAt: at, completedBy: actor, version: sql`${inspections.version} + 1` })
      .where(eq(inspections.id, row.id));
    // Stream rows locked in key order, so concurrent inspections of overlapping streams queue.
    for (const s of [...verdict.streams].sort((a, b) => a.stream.localeCompare(b.stream))) {
      const [current] = await tx
        .select()
        .from(switchingStreams)
        .where(eq(switchingStreams.stream, s.stream))
        .for('update');
      const before = current?.state ?? initialSwitchingState();
      const step = nextSwitchingState(
        before,
        {
          lotId: row.lotNumber,
          at: at.toISOString(),
          accepted: s.accepted,
          nonconforming: s.nonconforming,
          plan: s.plan,
          reinstateNormal: s.reinstateNormal,
        },
        options,
      );
      await tx
        .insert(switchingStreams)
        .values({ stream: s.stream, state: step.state, updatedAt: at })
        .onConflictDoUpdate({
          target: switchingStreams.stream,
          set: { state: step.state, updatedAt: at },
        });
      await tx.insert(switchingSteps).values({
        stream: s.stream,
        inspectionId: row.id,
        lotNumber: row.lotNumber,
        at,
        accepted: s.accepted,
        severityBefore: before.severity,
        severityAfter: step.state.severity,
        transition: step.transition ?? null,
        ignored: step.ignored ?? null,
        actor,
      });
    }
    if (row.scope === 'incoming') {
      await decideLot(tx, row.lotId, verdict.accepted ? 'release' : 'reject', {
        at,
        actor,
        reason: `incoming inspection ${row.number} ${state}`,
      });
    }
    if (!verdict.accepted) {
      const failed = recorded.filter((r) => !r.accepted);
      await openNonconformanceInTransaction(
        tx,
        {
          title: `${row.lotNumber} failed ${row.scope === 'incoming' ? 'incoming inspection' : 'acceptance'} (${row.number})`,
          description: failed.map((f) => `${f.characteristic}: ${f.verdict.summary}`).join('\n'),
          source: 'inspection',
          inspectionId: row.id,
          lots: [row.lotId],
        },
        at,
        actor,
      );
    }
    await recordAudit(tx, {
      actor,
      action: `inspection.${state}`,
      entityType: 'inspection',
      entityId: row.number,
      after: {
        lot: row.lotNumber,
        state,
        failed: recorded.filter((r) => !r.accepted).map((r) => r.characteristic),
      },
    });
    return row.id;
  });
  return getInspection(context.db, id);
}

export async function getInspection(db: Database, numberOrId: string): Promise<Inspection> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(numberOrId);
  const [row] = await db
    .select()
    .from(inspections)
    .where(isUuid ? eq(inspections.id, numberOrId) : eq(inspections.number, numberOrId));
  if (!row) {
    throw notFound('inspection_not_found', 'inspection {{inspection}} does not exist', {
      inspection: numberOrId,
    });
  }
  const recorded = await db
    .select()
    .from(results)
    .where(eq(results.inspectionId, row.id))
    .orderBy(asc(results.recordedAt));
  const done = new Set(recorded.map((r) => r.characteristic));
  return {
    id: row.id,
    number: row.number,
    lot: row.lotNumber,
    lotId: row.lotId,
    material: row.material,
    supplier: row.supplier,
    scope: row.scope as Inspection['scope'],
    specification: row.specification,
    plan: row.plan,
    state: row.state as Inspection['state'],
    openedAt: row.openedAt.toISOString(),
    openedBy: row.openedBy,
    completedAt: row.completedAt?.toISOString() ?? null,
    completedBy: row.completedBy,
    results: recorded.map((r) => ({
      characteristic: r.characteristic,
      data: r.data,
      verdict: r.verdict,
      recordedAt: r.recordedAt.toISOString(),
      recordedBy: r.recordedBy,
    })),
    missing: row.plan.lines.map((l) => l.characteristic).filter((c) => !done.has(c)),
  };
}

export async function listInspections(
  db: Database,
  filter: { lot?: string; state?: Inspection['state']; limit: number },
): Promise<Inspection[]> {
  // SQL text, not the query builder: the quality dashboard reads it whenever a lot changes.
  const conditions: SqlFragment[] = [];
  if (filter.lot) conditions.push(sqlText`"lot_number" = ${filter.lot}`);
  if (filter.state) conditions.push(sqlText`"state" = ${filter.state}`);
  const where = whereAll(conditions);
  const rows = await runSql<{ id: string }>(
    db,
    sqlText`select "id" from "quality"."inspections"${where} order by "opened_at" desc limit ${filter.limit}`,
  );
  return Promise.all(rows.map((r) => getInspection(db, r.id)));
}

export interface SwitchingHistoryRow {
  stream: string;
  lot: string | null;
  at: string;
  accepted: boolean | null;
  severityBefore: string;
  severityAfter: string;
  reason: string | null;
  ignored: string | null;
}

/** Every stream's current severity, and each stream's history of lots and switches. */
export async function switchingOverview(db: Database, stream?: string) {
  const states = await db.select().from(switchingStreams).orderBy(asc(switchingStreams.stream));
  const steps = await db
    .select()
    .from(switchingSteps)
    .where(stream ? eq(switchingSteps.stream, stream) : undefined)
    .orderBy(asc(switchingSteps.seq));
  return {
    streams: states
      .filter((s) => !stream || s.stream === stream)
      .map((s) => ({
        stream: s.stream,
        severity: s.state.severity,
        state: s.state,
        updatedAt: s.updatedAt.toISOString(),
      })),
    history: steps.map(
      (s): SwitchingHistoryRow => ({
        stream: s.stream,
        lot: s.lotNumber,
        at: s.at.toISOString(),
        accepted: s.accepted,
        severityBefore: s.severityBefore,
        severityAfter: s.severityAfter,
        reason: s.transition?.reason ?? null,
        ignored: s.ignored,
      }),
    ),
  };
}

/** After the supplier's corrective action is accepted, a discontinued stream resumes at tightened (ISO 2859-1 §9.4). */
export async function resumeStream(
  context: QualityContext,
  stream: string,
  note: string,
  actor: string,
): Promise<void> {
  await context.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(switchingStreams)
      .where(eq(switchingStreams.stream, stream))
      .for('update');
    if (row?.state.severity !== 'discontinued') {
      throw conflict(
        'inspection_not_discontinued',
        'inspection of {{stream}} is not discontinued',
        {
          stream,
        },
      );
    }
    const at = context.clock();
    const resumed = resumeAfterCorrectiveAction(row.state);
    await tx
      .update(switchingStreams)
      .set({ state: resumed, updatedAt: at })
      .where(eq(switchingStreams.stream, stream));
    await tx.insert(switchingSteps).values({
      stream,
      at,
      severityBefore: 'discontinued',
      severityAfter: 'tightened',
      transition: {
        from: 'discontinued',
        to: 'tightened',
        reason: `corrective action accepted: ${note}`,
        clause: 'ISO 2859-1 §9.4',
        lotId: '',
        at: at.toISOString(),
      },
      actor,
    });
    await recordAudit(tx, {
      actor,
      action: 'inspection.stream_resumed',
      entityType: 'switching_stream',
      entityId: stream,
      after: { note },
    });
  });
}

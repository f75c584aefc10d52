// Recall: from a suspect lot, every lot made from it (the forward trace) that
// is still usable in the plant goes on hold in one transaction, signed by the
// QA manager who starts it, and the report says what is affected: the lots,
// what is on hand where (loose and in which containers), and what already
// left, to which customer in which shipment.
import { createHash, randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { desc, eq, sql } from 'drizzle-orm';
import { recordSignature, type VerifiedSigner } from '../../core/audit/signatures.js';
import { recordAudit } from '../../core/audit/trail.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { Database } from '../../core/db/store.js';
import { notFound } from '../../core/errors.js';
import { type GenealogyContext, holdLotsInTransaction, lockLot } from './lots.js';
import type { LotStatus } from './model.js';
import { recallNumbers, recalls } from './schema.js';
import { traceLot } from './trace.js';

export interface RecallLot {
  lot: string;
  material: string;
  depth: number;
  statusBefore: LotStatus;
  status: LotStatus;
  held: boolean;
  unit: string;
}

export interface RecallReport {
  recall: string;
  suspectLot: string;
  reason: string;
  startedAt: string;
  startedBy: string;
  lots: RecallLot[];
  onHand: { lot: string; location: string; quantity: number; unit: string }[];
  inContainers: {
    lot: string;
    container: string;
    top: string;
    location: string | null;
    quantity: number;
  }[];
  shipped: {
    lot: string;
    customer: string;
    shipment: string;
    container: string;
    quantity: number;
    at: string;
  }[];
  totals: { heldLots: number; onHand: number; shipped: number; customers: number };
}

export interface Recall {
  id: string;
  number: string;
  report: RecallReport;
  signatureId: string | null;
}

export const RECALL_ENTITY = 'recall';

function contentHash(report: RecallReport): string {
  return createHash('sha256').update(canonicalJson(report)).digest('hex');
}

export async function startRecall(
  context: GenealogyContext,
  input: { lot: string; reason: string },
  signer: VerifiedSigner,
): Promise<Recall> {
  return context.db.transaction(async (tx) => {
    const suspect = await lockLot(tx, input.lot);
    const trace = await traceLot(tx, suspect.id, 'forward');
    const at = context.clock();
    const id = randomUUID();
    const result = await tx.execute(
      sql`select nextval(${sql.raw(`'genealogy.${recallNumbers.seqName}'`)}) as n`,
    );
    const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]?.n);
    const number = `RC-${String(n).padStart(5, '0')}`;
    // Every lot of the trace still usable goes on hold, in a few statements.
    const held = await holdLotsInTransaction(
      tx,
      trace.lots.map((l) => l.id),
      { at, actor: signer.username, reason: `recall ${number}: ${input.reason}`, recallId: id },
    );
    const affected: RecallLot[] = trace.lots.map((lot) => {
      const before = held.get(lot.id);
      return {
        lot: lot.number,
        material: lot.material,
        depth: lot.depth,
        statusBefore: before ?? lot.status,
        status: before ? 'on_hold' : lot.status,
        held: before !== undefined,
        unit: lot.unit,
      };
    });
    affected.sort((a, b) => a.depth - b.depth || a.lot.localeCompare(b.lot));
    const report: RecallReport = {
      recall: number,
      suspectLot: suspect.number,
      reason: input.reason,
      startedAt: at.toISOString(),
      startedBy: signer.username,
      lots: affected,
      onHand: trace.lots.flatMap((l) =>
        l.onHand.map((o) => ({
          lot: l.number,
          location: o.location,
          quantity: o.quantity,
          unit: l.unit,
        })),
      ),
      inContainers: trace.lots.flatMap((l) =>
        l.containers.map((c) => ({
          lot: l.number,
          container: c.serial,
          top: c.top,
          location: c.location,
          quantity: c.quantity,
        })),
      ),
      shipped: trace.lots.flatMap((l) => l.shipped.map((s) => ({ lot: l.number, ...s }))),
      totals: { heldLots: 0, onHand: 0, shipped: 0, customers: 0 },
    };
    report.totals = {
      heldLots: affected.filter((a) => a.held).length,
      onHand: report.onHand.reduce((s, o) => s + o.quantity, 0),
      shipped: report.shipped.reduce((s, o) => s + o.quantity, 0),
      customers: new Set(report.shipped.map((s) => s.customer)).size,
    };
    const signature = await recordSignature(tx, signer, {
      entityType: RECALL_ENTITY,
      entityId: number,
      contentHash: contentHash(report),
    });
    await tx.insert(recalls).values({
      id,
      number,
      suspectLotId: suspect.id,
      reason: input.reason,
      startedAt: at,
      startedBy: signer.username,
      signatureId: signature.id,
      report: report as unknown as Record<string, unknown>,
    });
    await recordAudit(tx, {
      actor: signer.username,
      action: 'recall.started',
      entityType: RECALL_ENTITY,
      entityId: number,
      after: {
        suspectLot: suspect.number,
        reason: input.reason,
        totals: report.totals,
        held: affected.filter((a) => a.held).map((a) => a.lot),
      },
    });
    return { id, number, report, signatureId: signature.id };
  });
}

export async function findRecall(db: Database, number: string): Promise<Recall> {
  const [row] = await db.select().from(recalls).where(eq(recalls.number, number));
  if (!row)
    throw notFound('recall_not_found', 'recall {{recall}} does not exist', { recall: number });
  return {
    id: row.id,
    number: row.number,
    report: row.report as unknown as RecallReport,
    signatureId: row.signatureId,
  };
}

export async function listRecalls(db: Database, limit: number): Promise<Recall[]> {
  const rows = await db.select().from(recalls).orderBy(desc(recalls.startedAt)).limit(limit);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    report: row.report as unknown as RecallReport,
    signatureId: row.signatureId,
  }));
}

const CSV_COLUMNS = [
  'section',
  'lot',
  'material',
  'status',
  'location',
  'container',
  'customer',
  'shipment',
  'quantity',
  'unit',
];

/** The report as CSV: one row per affected lot, per stock line and per shipment line. */
export function recallCsv(report: RecallReport): string {
  const unitOf = new Map(report.lots.map((l) => [l.lot, l.unit]));
  const materialOf = new Map(report.lots.map((l) => [l.lot, l.material]));
  const rows: unknown[][] = [CSV_COLUMNS];
  for (const l of report.lots)
    rows.push(['lot', l.lot, l.material, l.status, '', '', '', '', '', l.unit]);
  for (const o of report.onHand)
    rows.push([
      'on_hand',
      o.lot,
      materialOf.get(o.lot),
      '',
      o.location,
      '',
      '',
      '',
      o.quantity,
      o.unit,
    ]);
  for (const c of report.inContainers)
    rows.push([
      'in_container',
      c.lot,
      materialOf.get(c.lot),
      '',
      c.location ?? '',
      c.top === c.container ? c.container : `${c.top} > ${c.container}`,
      '',
      '',
      c.quantity,
      unitOf.get(c.lot),
    ]);
  for (const s of report.shipped)
    rows.push([
      'shipped',
      s.lot,
      materialOf.get(s.lot),
      '',
      '',
      s.container,
      s.customer,
      s.shipment,
      s.quantity,
      unitOf.get(s.lot),
    ]);
  return stringify(rows, { record_delimiter: 'windows' });
}

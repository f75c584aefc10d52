// Lots: numbered when they are received or made, and moved between statuses
// by the commands that may do so. Each command runs in one transaction with
// its lot event, its ledger movement and its audit entry, or writes nothing.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import type { AuditAction } from '../../core/audit/actions.js';
import { recordAudit } from '../../core/audit/trail.js';
import {
  nothing,
  raw,
  runSql,
  runTogether,
  type SqlFragment,
  sendAhead,
  text,
  valueList,
  whereAll,
} from '../../core/db/sql-text.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { everyColumn, instant, tableRows } from '../../core/db/table-rows.js';
import {
  conflict,
  fieldIssue,
  invalid,
  invalidField,
  LotlineError,
  notFound,
} from '../../core/errors.js';
import { currentPlant, type Material, type PlantFile } from '../plant/index.js';
import { moveStock, recordMovement } from '../storage/index.js';
import { insertSettledEdge } from './edges.js';
import {
  DEFAULT_INTERFIXES,
  formatLotNumber,
  type LotNumberScheme,
  maxSequence,
  nextInBlock,
  nextReworkSuffix,
  parseLotNumber,
  productionMonth,
} from './lot-number.js';
import { type LotId, type LotOrigin, type LotStatus, lotRefusal, mayHold } from './model.js';
import { lotEvents, lots } from './schema.js';

export interface GenealogyContext {
  db: Database;
  clock: () => Date;
  /** The Sparkplug group of the plant's machines, for the counts that apportion consumption. */
  machineGroup?: string;
}

export interface Lot {
  id: LotId;
  number: string;
  material: string;
  origin: LotOrigin;
  status: LotStatus;
  heldFrom: LotStatus | null;
  unit: string;
  quantity: number;
  supplier: string | null;
  supplierLot: string | null;
  certificate: string | null;
  expiresOn: string | null;
  workOrderId: string | null;
  workOrderNumber: string | null;
  line: string | null;
  reworkOf: string | null;
  madeFrom: string | null;
  madeTo: string | null;
  createdAt: string;
  createdBy: string;
}

export function toLot(row: typeof lots.$inferSelect): Lot {
  return {
    id: row.id as LotId,
    number: row.number,
    material: row.material,
    origin: row.origin as LotOrigin,
    status: row.status as LotStatus,
    heldFrom: (row.heldFrom as LotStatus | null) ?? null,
    unit: row.unit,
    quantity: row.quantity,
    supplier: row.supplier,
    supplierLot: row.supplierLot,
    certificate: row.certificate,
    expiresOn: row.expiresOn,
    workOrderId: row.workOrderId,
    workOrderNumber: row.workOrderNumber,
    line: row.line,
    reworkOf: row.reworkOf,
    madeFrom: row.madeFrom?.toISOString() ?? null,
    madeTo: row.madeTo?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

export function numberingScheme(plant: PlantFile): LotNumberScheme {
  const manufacturer = plant.site.manufacturerCode;
  if (!manufacturer) {
    throw conflict(
      'no_manufacturer_code',
      'lot numbers need a manufacturer code: set site.manufacturerCode in the plant file',
    );
  }
  return {
    manufacturer,
    identifier: plant.site.lotNumbering.identifier,
    sequenceDigits: plant.site.lotNumbering.sequenceDigits,
  };
}

export function materialOf(plant: PlantFile, code: string, field = 'material'): Material {
  const material = plant.materials.find((m) => m.code === code);
  if (!material) {
    throw invalidField(field, 'material_unknown', 'unknown material "{{material}}"', {
      material: code,
    });
  }
  return material;
}

interface SeriesCounter {
  interfix: number;
  lastSequence: number;
}

/** Reads the counters of the material's interfix block. */
function seriesCounters(plant: PlantFile, material: Material): SqlFragment {
  const block = material.lotInterfixes ?? DEFAULT_INTERFIXES;
  return text`select "interfix", "last_sequence" as "lastSequence" from "genealogy"."lot_series" where "manufacturer" = ${numberingScheme(plant).manufacturer} and "interfix" between ${block.first} and ${block.last}`;
}

/**
 * The next number of the material's interfix block (MIL-STD-1168C), taken
 * under the series row's lock: the increment and its bound are one statement,
 * so two transactions never get the same sequence, and a series that is full
 * hands over to the next interfix.
 */
async function issueLotNumber(
  tx: Transaction,
  plant: PlantFile,
  material: Material,
  at: Date,
  /** The series' counters, when the caller read them with its own first statement (seriesCounters). */
  readBefore?: SeriesCounter[],
): Promise<string> {
  const scheme = numberingScheme(plant);
  const block = material.lotInterfixes ?? DEFAULT_INTERFIXES;
  const max = maxSequence(scheme);
  for (let attempt = 0; attempt <= block.last - block.first + 1; attempt++) {
    const counters =
      attempt === 0 && readBefore
        ? readBefore
        : await runSql<SeriesCounter>(tx, seriesCounters(plant, material));
    const next = nextInBlock(block, counters, scheme);
    if (!next.ok) {
      throw conflict('lot_numbers_exhausted', 'no lot number left for {{material}}: {{reason}}', {
        material: material.code,
        reason: next.reason,
        firstInterfix: block.first,
        lastInterfix: block.last,
      });
    }
    const [taken] = await runSql<{ lastSequence: number }>(
      tx,
      text`insert into "genealogy"."lot_series" ("manufacturer", "interfix", "last_sequence") values (${scheme.manufacturer}, ${next.interfix}, 1) on conflict ("manufacturer", "interfix") do update set "last_sequence" = "genealogy"."lot_series"."last_sequence" + 1 where "genealogy"."lot_series"."last_sequence" < ${max} returning "last_sequence" as "lastSequence"`,
    );
    if (!taken) continue; // filled meanwhile by another transaction: look again
    const { year, month } = productionMonth(at, plant.site.timezone);
    return formatLotNumber(
      {
        manufacturer: scheme.manufacturer,
        year,
        month,
        interfix: next.interfix,
        identifier: scheme.identifier,
        sequence: taken.lastSequence,
        suffix: '',
      },
      scheme.sequenceDigits,
    );
  }
  throw conflict('lot_numbers_exhausted', 'no lot number left for {{material}}', {
    material: material.code,
    firstInterfix: block.first,
    lastInterfix: block.last,
  });
}

export async function writeLotEvent(
  tx: Transaction,
  event: {
    lotId: string;
    type: string;
    at: Date;
    actor: string;
    fromStatus?: LotStatus | null;
    toStatus?: LotStatus | null;
    reason?: string;
    recallId?: string;
    detail?: Record<string, unknown>;
  },
) {
  // SQL text, not the query builder: every receipt and status change writes
  // one (core/db/table-rows.ts); sent with the transaction's next statement.
  await sendAhead(
    tx,
    text`insert into "genealogy"."lot_events" ("id", "lot_id", "type", "at", "actor", "from_status", "to_status", "reason", "recall_id", "detail") values (${randomUUID()}, ${event.lotId}, ${event.type}, ${instant(event.at)}::timestamptz, ${event.actor}, ${event.fromStatus ?? null}, ${event.toStatus ?? null}, ${event.reason ?? null}, ${event.recallId ?? null}, ${event.detail === undefined ? null : JSON.stringify(event.detail)}::jsonb)`,
  );
}

function addDays(at: Date, days: number): string {
  return new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface ReceiptInput {
  material: string;
  supplier: string;
  supplierLot: string;
  certificate?: string;
  quantity: number;
  /** YYYY-MM-DD; from the material's shelf life when omitted. */
  expiresOn?: string;
  /** Where the lot is put on receipt (a quarantine or store location). */
  location: string;
}

/** A supplier's lot received into the plant: numbered, in quarantine until inspected, and in stock. */
export async function receiveLot(
  context: GenealogyContext,
  input: ReceiptInput,
  actor: string,
): Promise<Lot> {
  const { plant } = await currentPlant(context.db);
  const material = materialOf(plant, input.material);
  if (material.kind === 'finished') {
    throw invalid(
      'receipt_of_finished_product',
      'material: {{material}} is made in the plant, not received from a supplier',
      { material: material.code },
    ).withIssues([
      fieldIssue('material', 'receipt_of_finished_product', 'a finished product is not received', {
        material: material.code,
      }),
    ]);
  }
  const supplier = plant.suppliers.find((s) => s.code === input.supplier);
  if (!supplier) {
    throw invalidField('supplier', 'supplier_unknown', 'unknown supplier "{{supplier}}"', {
      supplier: input.supplier,
    });
  }
  if (!supplier.materials.includes(material.code)) {
    throw invalid(
      'supplier_not_approved',
      'supplier: {{supplier}} is not an approved supplier of {{material}}',
      { supplier: supplier.code, material: material.code },
    ).withIssues([
      fieldIssue('supplier', 'supplier_not_approved', '{{supplier}} does not supply {{material}}', {
        supplier: supplier.code,
        material: material.code,
      }),
    ]);
  }
  const at = context.clock();
  const expiresOn =
    input.expiresOn ??
    (material.shelfLifeDays !== undefined ? addDays(at, material.shelfLifeDays) : undefined);
  return context.db.transaction(async (tx) => {
    // The duplicate check and the lot series' counters, in one round trip.
    const [duplicates, counters] = await runTogether<Record<string, unknown>>(tx, [
      text`select "number" from "genealogy"."lots" where "supplier" = ${supplier.code} and "supplier_lot" = ${input.supplierLot} and "material" = ${material.code}`,
      seriesCounters(plant, material),
    ]);
    const duplicate = duplicates?.[0] as { number: string } | undefined;
    if (duplicate) {
      throw conflict(
        'supplier_lot_received_before',
        'supplier lot {{supplierLot}} of {{supplier}} was received before as lot {{lot}}',
        { supplierLot: input.supplierLot, supplier: supplier.code, lot: duplicate.number },
      );
    }
    const number = await issueLotNumber(
      tx,
      plant,
      material,
      at,
      counters as unknown as SeriesCounter[],
    );
    const id = randomUUID();
    const [row] = tableRows(
      lots,
      await runSql(
        tx,
        text`insert into "genealogy"."lots" ("id", "number", "material", "origin", "status", "unit", "quantity", "supplier", "supplier_lot", "certificate", "expires_on", "created_at", "created_by") values (${id}, ${number}, ${material.code}, 'received', 'quarantine', ${material.unit}, ${input.quantity}, ${supplier.code}, ${input.supplierLot}, ${input.certificate ?? null}, ${expiresOn ?? null}::date, ${instant(at)}::timestamptz, ${actor}) returning ${everyColumn(lots)}`,
      ),
    );
    await writeLotEvent(tx, {
      lotId: id,
      type: 'lot.received',
      at,
      actor,
      toStatus: 'quarantine',
      detail: {
        supplier: supplier.code,
        supplierLot: input.supplierLot,
        quantity: input.quantity,
        location: input.location,
      },
    });
    await moveStock(
      tx,
      {
        kind: 'receipt',
        at,
        lotId: id,
        lotNumber: number,
        material: material.code,
        quantity: input.quantity,
        to: input.location,
        actor,
      },
      plant,
    );
    await recordAudit(tx, {
      actor,
      action: 'lot.received',
      entityType: 'lot',
      entityId: number,
      after: {
        material: material.code,
        supplier: supplier.code,
        supplierLot: input.supplierLot,
        quantity: input.quantity,
      },
    });
    return toLot(row as typeof lots.$inferSelect);
  });
}

/** The lot a work order's output goes into, opened in the transaction that starts the order. */
export async function openOutputLot(
  tx: Transaction,
  plant: PlantFile,
  order: { id: string; number: string; product: string; line: string },
  at: Date,
  actor: string,
): Promise<Lot> {
  const [existing] = await tx.select().from(lots).where(eq(lots.workOrderId, order.id));
  if (existing) return toLot(existing);
  const material = materialOf(plant, order.product, 'product');
  const number = await issueLotNumber(tx, plant, material, at);
  const id = randomUUID();
  const [row] = await tx
    .insert(lots)
    .values({
      id,
      number,
      material: material.code,
      origin: 'made',
      status: 'quarantine',
      unit: material.unit,
      quantity: 0,
      workOrderId: order.id,
      workOrderNumber: order.number,
      line: order.line,
      madeFrom: at,
      expiresOn: material.shelfLifeDays !== undefined ? addDays(at, material.shelfLifeDays) : null,
      createdAt: at,
      createdBy: actor,
    })
    .returning();
  await writeLotEvent(tx, {
    lotId: id,
    type: 'lot.opened',
    at,
    actor,
    toStatus: 'quarantine',
    detail: { workOrder: order.number, line: order.line },
  });
  return toLot(row as typeof lots.$inferSelect);
}

/**
 * The id behind each lot number a store was asked for. A lot's number never
 * changes and is never given to another lot (MIL-STD-1168C 4.1.2), so a
 * lookup by number can read the lot by its id: a kept answer about one lot
 * then depends on that lot's row alone and outlives a receipt of another
 * (core/db/row-changes.ts). Kept per database object and bounded; a lot the
 * id no longer finds under that number (a restore put back other data) is
 * looked up by its number again.
 */
const idsByNumber = new WeakMap<Database, Map<string, string>>();
const NUMBERS_KEPT = 10_000;

const isLotId = (numberOrId: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(numberOrId);

async function lotRow(db: Database, key: SqlFragment, options: { forUpdate?: boolean } = {}) {
  const lock = options.forUpdate ? raw(' for update') : nothing;
  const [row] = tableRows(
    lots,
    await runSql(db, text`select ${everyColumn(lots)} from "genealogy"."lots" where ${key}${lock}`),
  );
  return row;
}

const lotNotFound = (numberOrId: string) =>
  notFound('lot_not_found', 'lot {{lot}} does not exist', { lot: numberOrId });

export async function findLot(db: Database, numberOrId: string): Promise<Lot> {
  if (isLotId(numberOrId)) {
    const row = await lotRow(db, text`"id" = ${numberOrId}`);
    if (!row) throw lotNotFound(numberOrId);
    return toLot(row);
  }
  let known = idsByNumber.get(db);
  const id = known?.get(numberOrId);
  if (id !== undefined) {
    const row = await lotRow(db, text`"id" = ${id}`);
    if (row?.number === numberOrId) return toLot(row);
  }
  const row = await lotRow(db, text`"number" = ${numberOrId}`);
  if (!row) throw lotNotFound(numberOrId);
  if (!known) {
    known = new Map();
    idsByNumber.set(db, known);
  }
  if (known.size >= NUMBERS_KEPT) known.clear();
  known.set(numberOrId, row.id);
  return toLot(row);
}

export async function lockLot(tx: Transaction, numberOrId: string): Promise<Lot> {
  const key = isLotId(numberOrId) ? text`"id" = ${numberOrId}` : text`"number" = ${numberOrId}`;
  const row = await lotRow(tx, key, { forUpdate: true });
  if (!row) throw lotNotFound(numberOrId);
  return toLot(row);
}

export interface LotFilter {
  material?: string;
  status?: LotStatus;
  search?: string;
  /** newest first (default), or first expiry first — the order to pick and load in. */
  sort?: 'newest' | 'expiry';
  limit: number;
}

export async function listLots(db: Database, filter: LotFilter): Promise<Lot[]> {
  // SQL text, not the query builder: the QA screens poll it, and a long list
  // was mostly Drizzle mapping its rows (bench/load.ts).
  const conditions: SqlFragment[] = [];
  if (filter.material) conditions.push(text`"material" = ${filter.material}`);
  if (filter.status) conditions.push(text`"status" = ${filter.status}`);
  if (filter.search) {
    conditions.push(text`"number" like ${`%${filter.search.replace(/[%_\\]/g, '\\$&')}%`}`);
  }
  const where = whereAll(conditions);
  const order =
    filter.sort === 'expiry'
      ? raw(' order by "expires_on" asc nulls last, "number" asc')
      : raw(' order by "created_at" desc');
  const rows = tableRows(
    lots,
    await runSql(
      db,
      text`select ${everyColumn(lots)} from "genealogy"."lots"${where}${order} limit ${filter.limit}`,
    ),
  );
  return rows.map(toLot);
}

async function setStatus(
  tx: Transaction,
  lot: Lot,
  to: LotStatus,
  event: { type: AuditAction; at: Date; actor: string; reason?: string; recallId?: string },
  heldFrom: LotStatus | null = null,
) {
  await tx
    .update(lots)
    .set({ status: to, heldFrom, version: sql`${lots.version} + 1` })
    .where(eq(lots.id, lot.id));
  await writeLotEvent(tx, {
    lotId: lot.id,
    type: event.type,
    at: event.at,
    actor: event.actor,
    fromStatus: lot.status,
    toStatus: to,
    ...(event.reason ? { reason: event.reason } : {}),
    ...(event.recallId ? { recallId: event.recallId } : {}),
  });
  await recordAudit(tx, {
    actor: event.actor,
    action: event.type,
    entityType: 'lot',
    entityId: lot.number,
    before: { status: lot.status },
    after: { status: to, ...(event.reason ? { reason: event.reason } : {}) },
  });
}

/**
 * Holds many lots at once (a recall): one locking read in id order, one
 * update of those still usable, one insert of their lot events — a few
 * statements however many lots, so a recall of hundreds of lots stays well
 * under a second. Answers the lots it put on hold, with the status each had.
 */
export async function holdLotsInTransaction(
  tx: Transaction,
  lotIds: readonly string[],
  event: { at: Date; actor: string; reason: string; recallId?: string },
): Promise<Map<string, LotStatus>> {
  const held = new Map<string, LotStatus>();
  if (lotIds.length === 0) return held;
  const ids = [...lotIds];
  await tx
    .select({ id: lots.id })
    .from(lots)
    .where(inArray(lots.id, ids))
    .orderBy(asc(lots.id))
    .for('update');
  // In an UPDATE, held_from = status reads the row's status before the update.
  const changed = await tx
    .update(lots)
    .set({ heldFrom: sql`${lots.status}`, status: 'on_hold', version: sql`${lots.version} + 1` })
    .where(and(inArray(lots.id, ids), inArray(lots.status, ['quarantine', 'released'])))
    .returning({ id: lots.id, before: lots.heldFrom });
  if (changed.length === 0) return held;
  await tx.insert(lotEvents).values(
    changed.map((c) => ({
      id: randomUUID(),
      lotId: c.id,
      type: 'lot.held',
      at: event.at,
      actor: event.actor,
      fromStatus: c.before,
      toStatus: 'on_hold',
      reason: event.reason,
      recallId: event.recallId ?? null,
    })),
  );
  for (const c of changed) held.set(c.id, c.before as LotStatus);
  return held;
}

export const LOT_DECISIONS = ['release', 'reject', 'hold', 'release_hold'] as const;
export type LotDecision = (typeof LOT_DECISIONS)[number];

/**
 * QA's decision on a lot, in the caller's transaction (the quality module
 * signs it and keeps its evidence): release a lot in quarantine, reject one
 * in quarantine or on hold, hold one in quarantine or released, or lift a
 * hold back to the status it held. Anything else is refused, saying why.
 */
export async function decideLot(
  tx: Transaction,
  numberOrId: string,
  decision: LotDecision,
  event: { at: Date; actor: string; reason?: string },
): Promise<Lot> {
  const lot = await lockLot(tx, numberOrId);
  const facts = { lot: lot.number, lotStatus: lot.status };
  const reason = event.reason ? { reason: event.reason } : {};
  switch (decision) {
    case 'release':
      if (lot.status !== 'quarantine') {
        throw conflict(
          'lot_release_not_allowed',
          'lot {{lot}} is {{lotStatus, words}}: only a lot in quarantine is released',
          facts,
        );
      }
      await setStatus(tx, lot, 'released', {
        type: 'lot.released',
        at: event.at,
        actor: event.actor,
        ...reason,
      });
      break;
    case 'reject':
      if (lot.status !== 'quarantine' && lot.status !== 'on_hold') {
        throw conflict(
          'lot_reject_not_allowed',
          'lot {{lot}} is {{lotStatus, words}}: only a lot in quarantine or on hold is rejected',
          facts,
        );
      }
      await setStatus(tx, lot, 'rejected', {
        type: 'lot.rejected',
        at: event.at,
        actor: event.actor,
        ...reason,
      });
      break;
    case 'hold':
      if (lot.status === 'on_hold') {
        throw conflict(
          'lot_already_on_hold',
          'lot {{lot}} is {{lotStatus, words}}: it is on hold already',
          facts,
        );
      }
      if (!mayHold(lot.status)) {
        throw conflict(
          'lot_hold_not_allowed',
          'lot {{lot}} is {{lotStatus, words}}: there is nothing to hold',
          facts,
        );
      }
      await setStatus(
        tx,
        lot,
        'on_hold',
        { type: 'lot.held', at: event.at, actor: event.actor, ...reason },
        lot.status,
      );
      break;
    case 'release_hold':
      if (lot.status !== 'on_hold' || !lot.heldFrom) {
        throw conflict(
          'lot_not_on_hold',
          'lot {{lot}} is {{lotStatus, words}}: it is not on hold',
          facts,
        );
      }
      await setStatus(tx, lot, lot.heldFrom, {
        type: 'lot.hold_released',
        at: event.at,
        actor: event.actor,
        ...reason,
      });
      break;
    default: {
      const unknownDecision: never = decision;
      throw new Error(`unknown decision ${String(unknownDecision)}`);
    }
  }
  return findLot(tx, lot.id);
}

/** A decision in its own transaction (for callers that have none). */
export function decide(
  context: GenealogyContext,
  numberOrId: string,
  decision: LotDecision,
  actor: string,
  reason?: string,
): Promise<Lot> {
  return context.db.transaction((tx) =>
    decideLot(tx, numberOrId, decision, {
      at: context.clock(),
      actor,
      ...(reason ? { reason } : {}),
    }),
  );
}

/** Refuses, as a conflict naming the lot and its status, what the lot's status does not allow. */
export function assertMay(lot: Lot, use: 'consume' | 'ship' | 'pack', at?: Date) {
  const today = at?.toISOString().slice(0, 10);
  const refusal = lotRefusal(lot, use, today);
  if (refusal) throw new LotlineError('conflict', refusal);
}

export interface ReworkInput {
  lot: string;
  quantity: number;
  /** Where the quantity to rework is, and where the reworked lot goes. */
  location: string;
  reason: string;
}

/**
 * Rework: a quantity of a lot becomes a new lot with the next suffix
 * (MIL-STD-1168C 4.6), linked to the original by a genealogy edge.
 */
export async function reworkLot(
  context: GenealogyContext,
  input: ReworkInput,
  actor: string,
): Promise<Lot> {
  const { plant } = await currentPlant(context.db);
  return context.db.transaction((tx) =>
    reworkLotInTransaction(tx, plant, input, context.clock(), actor),
  );
}

/** Rework in the caller's transaction (a nonconformance decided as rework). */
export async function reworkLotInTransaction(
  tx: Transaction,
  plant: PlantFile,
  input: ReworkInput,
  at: Date,
  actor: string,
): Promise<Lot> {
  const scheme = numberingScheme(plant);
  const original = await lockLot(tx, input.lot);
  const parts = parseLotNumber(original.number, scheme);
  if (!parts) {
    throw invalid(
      'lot_not_reworkable',
      "lot: {{lot}} is not numbered by this plant's scheme, so it has no rework suffix",
      { lot: original.number },
    );
  }
  const base = original.number.slice(0, original.number.length - parts.suffix.length);
  const siblings = await tx
    .select({ number: lots.number })
    .from(lots)
    .where(like(lots.number, `${base}%`))
    .orderBy(asc(lots.number));
  let suffix = '';
  for (const s of siblings) {
    const p = parseLotNumber(s.number, scheme);
    if (
      p &&
      s.number.startsWith(base) &&
      (p.suffix.length > suffix.length || (p.suffix.length === suffix.length && p.suffix > suffix))
    ) {
      suffix = p.suffix;
    }
  }
  const next = nextReworkSuffix(suffix);
  if (!next) {
    throw conflict(
      'rework_suffixes_exhausted',
      'lot {{lot}} has been reworked as often as the suffixes allow (ZZ)',
      { lot: base },
    );
  }
  const id = randomUUID();
  const number = `${base}${next}`;
  const [row] = await tx
    .insert(lots)
    .values({
      id,
      number,
      material: original.material,
      origin: 'made',
      status: 'quarantine',
      unit: original.unit,
      quantity: input.quantity,
      reworkOf: original.id,
      madeFrom: at,
      madeTo: at,
      expiresOn: original.expiresOn,
      createdAt: at,
      createdBy: actor,
    })
    .returning();
  await recordMovement(
    tx,
    {
      kind: 'consumption',
      at,
      lotId: original.id,
      lotNumber: original.number,
      material: original.material,
      quantity: input.quantity,
      from: input.location,
      reason: `rework into ${number}`,
      actor,
    },
    plant,
  );
  await recordMovement(
    tx,
    {
      kind: 'production_output',
      at,
      lotId: id,
      lotNumber: number,
      material: original.material,
      quantity: input.quantity,
      to: input.location,
      reason: `rework of ${original.number}`,
      actor,
    },
    plant,
  );
  await insertSettledEdge(tx, {
    parent: original.id,
    child: id,
    quantity: input.quantity,
    unit: original.unit,
    at,
  });
  await writeLotEvent(tx, {
    lotId: id,
    type: 'lot.reworked_from',
    at,
    actor,
    toStatus: 'quarantine',
    reason: input.reason,
    detail: { from: original.number, quantity: input.quantity },
  });
  await writeLotEvent(tx, {
    lotId: original.id,
    type: 'lot.reworked_into',
    at,
    actor,
    reason: input.reason,
    detail: { into: number, quantity: input.quantity },
  });
  await recordAudit(tx, {
    actor,
    action: 'lot.reworked',
    entityType: 'lot',
    entityId: number,
    after: { from: original.number, quantity: input.quantity, reason: input.reason },
  });
  return toLot(row as typeof lots.$inferSelect);
}

/** The numbers of these lots, by id (for modules that keep lot ids only). */
export async function lotNumbers(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await runSql<{ id: string; number: string }>(
    db,
    text`select "id", "number" from "genealogy"."lots" where "id" in (${valueList([...new Set(ids)])})`,
  );
  return new Map(rows.map((r) => [r.id, r.number]));
}

/** The status and expiry of these lots, by id. */
export async function lotStatuses(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, { status: LotStatus; expiresOn: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: lots.id, status: lots.status, expiresOn: lots.expiresOn })
    .from(lots)
    .where(inArray(lots.id, [...new Set(ids)]));
  return new Map(
    rows.map((r) => [r.id, { status: r.status as LotStatus, expiresOn: r.expiresOn }]),
  );
}

// Work orders, persisted: each command runs in one transaction that locks the
// order, applies the pure state machine, writes the new state, its events and
// an audit entry — or refuses and writes nothing. A command sent again with the
// same idempotency key takes effect once.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import {
  joined,
  runSql,
  runTogether,
  type SqlFragment,
  sendAhead,
  text,
  whereAll,
} from '../../core/db/sql-text.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { conflict, type LotlineError, notFound, refusalError } from '../../core/errors.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import { workOrderId } from './model.js';
import { commandKeys, workOrderEvents, workOrderNumbers, workOrders } from './schema.js';
import {
  applyWorkOrderCommand,
  type CommandResult,
  createWorkOrder,
  type ScrapRecord,
  type WorkOrder,
  type WorkOrderCommand,
  type WorkOrderEvent,
  type WorkOrderRefusal,
  type WorkOrderState,
} from './work-order.js';

export type Clock = () => Date;

/**
 * Work another module does in the same transaction as a work-order command
 * (the genealogy module opens the output lot on start and settles component
 * consumption on completion). Wired by the composition root, so production
 * does not import the modules that build on it.
 */
export type WorkOrderHook = (
  tx: Transaction,
  change: { before: WorkOrder; after: WorkOrder; events: readonly WorkOrderEvent[]; actor: string },
) => Promise<void>;

export interface ProductionContext {
  db: Database;
  clock: Clock;
  afterCommand?: WorkOrderHook;
  /** The Sparkplug group the plant's machines publish in (LOTLINE_MQTT_GROUP); the site code if unset. */
  machineGroup?: string;
}

export interface PlanInput {
  product: string;
  line: string;
  quantity: number;
  /** Given by an ERP or a planner; generated (WO-000123) when omitted. */
  number?: string;
}

// Refusals about the request itself are invalid input; the rest are the
// order's state saying no, a conflict.
function refused(error: WorkOrderRefusal): LotlineError {
  const badInput = /^(invalid_|unknown_|reason_required|product_not_made_on_line|scrap_reason_)/;
  return refusalError(badInput.test(error.code) ? 'invalid' : 'conflict', error);
}

export async function planWorkOrder(
  context: ProductionContext,
  input: PlanInput,
  actor: string,
): Promise<WorkOrder> {
  const { plant } = await currentPlant(context.db);
  return context.db.transaction(async (tx) =>
    planWorkOrderInTransaction(tx, { clock: context.clock, plant }, input, actor),
  );
}

/** Plans a work order inside the caller's transaction, so another module can plan several with its own records at once. */
export async function planWorkOrderInTransaction(
  tx: Transaction,
  context: { clock: Clock; plant: PlantFile },
  input: PlanInput,
  actor: string,
): Promise<WorkOrder> {
  const number = input.number ?? (await nextNumber(tx));
  const [taken] = await tx
    .select({ id: workOrders.id })
    .from(workOrders)
    .where(eq(workOrders.number, number));
  if (taken) {
    throw conflict('work_order_exists', 'work order {{workOrder}} already exists', {
      workOrder: number,
    });
  }
  const result = createWorkOrder(
    {
      id: workOrderId(randomUUID()),
      number,
      product: input.product,
      line: input.line,
      quantity: input.quantity,
    },
    { at: context.clock(), actor, plant: context.plant },
  );
  if (!result.ok) throw refused(result.error);
  await tx.insert(workOrders).values(toRow(result.workOrder));
  await writeEvents(tx, result.events);
  await recordAudit(tx, {
    actor,
    action: 'work_order.planned',
    entityType: 'work_order',
    entityId: number,
    after: summary(result.workOrder),
  });
  return result.workOrder;
}

export async function commandWorkOrder(
  context: ProductionContext,
  id: string,
  command: WorkOrderCommand,
  actor: string,
  idempotencyKey?: string,
): Promise<WorkOrder> {
  const { plant } = await currentPlant(context.db);
  return context.db.transaction(async (tx) => {
    const { current, claimed } = await lockForCommand(tx, id, idempotencyKey, command.type);
    if (!current) {
      throw notFound('work_order_not_found', 'work order {{workOrder}} does not exist', {
        workOrder: id,
      });
    }
    if (idempotencyKey && !claimed) {
      const [earlier] = await tx
        .select()
        .from(commandKeys)
        .where(eq(commandKeys.key, idempotencyKey));
      if (earlier?.workOrderId !== id || earlier.command !== command.type) {
        throw conflict(
          'idempotency_key_reused',
          'the idempotency key was used for another command ({{command}})',
          { command: String(earlier?.command) },
        );
      }
      return current; // already applied: the same answer, no second effect
    }
    const result: CommandResult = applyWorkOrderCommand(current, command, {
      at: context.clock(),
      actor,
      plant,
    });
    if (!result.ok) throw refused(result.error);
    const next = result.workOrder;
    await rewriteWorkOrder(tx, next);
    await writeEvents(tx, result.events);
    await context.afterCommand?.(tx, {
      before: current,
      after: next,
      events: result.events,
      actor,
    });
    await recordAudit(tx, {
      actor,
      action: `work_order.${command.type}`,
      entityType: 'work_order',
      entityId: next.number,
      before: summary(current),
      after: { ...summary(next), command },
    });
    return next;
  });
}

export interface WorkOrderFilter {
  line?: string;
  state?: WorkOrderState;
  limit: number;
}

export async function listWorkOrders(db: Database, filter: WorkOrderFilter): Promise<WorkOrder[]> {
  const conditions: SqlFragment[] = [];
  if (filter.line) conditions.push(text`"line_code" = ${filter.line}`);
  if (filter.state) conditions.push(text`"state" = ${filter.state}`);
  const where = whereAll(conditions);
  const rows = await runSql<{ document: WorkOrder }>(
    db,
    text`select "document" from "production"."work_orders"${where} order by "created_at" desc limit ${filter.limit}`,
  );
  return rows.map((r) => r.document);
}

export async function getWorkOrder(db: Database, id: string): Promise<WorkOrder> {
  const order = await readWorkOrder(db, id);
  if (!order) {
    throw notFound('work_order_not_found', 'work order {{workOrder}} does not exist', {
      workOrder: id,
    });
  }
  return order;
}

export async function listWorkOrderEvents(db: Database, id: string): Promise<WorkOrderEvent[]> {
  await getWorkOrder(db, id);
  const rows = await db
    .select({ event: workOrderEvents.event })
    .from(workOrderEvents)
    .where(eq(workOrderEvents.workOrderId, id))
    .orderBy(asc(workOrderEvents.seq));
  return rows.map((r) => r.event);
}

export interface WorkOrderScrap {
  units: number;
  entries: number;
  byReason: { reason: string; units: number; entries: number }[];
  /** Newest first. */
  records: ScrapRecord[];
}

const SCRAP_RECORDED = 'work_order.scrap_recorded' satisfies WorkOrderEvent['type'];

/** Every scrap record of an order is one of its events; the order itself keeps only the latest. */
const scrapEventsOf = (id: string) =>
  and(eq(workOrderEvents.workOrderId, id), eq(workOrderEvents.type, SCRAP_RECORDED));

function scrapRecordOf(event: WorkOrderEvent): ScrapRecord {
  if (event.type !== SCRAP_RECORDED) throw new Error(`not a scrap record: ${event.type}`);
  return {
    quantity: event.quantity,
    reason: event.reason,
    ...(event.station === undefined ? {} : { station: event.station }),
    at: event.at,
    actor: event.actor,
  };
}

/** An order's recorded scrap: its totals by reason, and its latest `limit` records. */
export async function workOrderScrap(
  db: Database,
  id: string,
  limit: number,
): Promise<WorkOrderScrap> {
  await getWorkOrder(db, id); // a 404 for an order that does not exist
  const units = sql<string>`sum((${workOrderEvents.event} ->> 'quantity')::bigint)`;
  const reason = sql<string>`${workOrderEvents.event} ->> 'reason'`;
  const [byReason, latest] = await Promise.all([
    db
      .select({ reason, units, entries: sql<string>`count(*)` })
      .from(workOrderEvents)
      .where(scrapEventsOf(id))
      .groupBy(reason)
      .orderBy(desc(units), asc(reason)),
    db
      .select({ event: workOrderEvents.event })
      .from(workOrderEvents)
      .where(scrapEventsOf(id))
      .orderBy(desc(workOrderEvents.seq))
      .limit(limit),
  ]);
  const reasons = byReason.map((r) => ({
    reason: r.reason,
    units: Number(r.units),
    entries: Number(r.entries),
  }));
  // The totals from the same rows as their breakdown, so the two always agree.
  return {
    units: reasons.reduce((sum, r) => sum + r.units, 0),
    entries: reasons.reduce((sum, r) => sum + r.entries, 0),
    byReason: reasons,
    records: latest.map((r) => scrapRecordOf(r.event)),
  };
}

/** Every scrap record of an order, oldest first: what the operators took off the line by hand. */
export async function allScrapRecords(db: Database, id: string): Promise<ScrapRecord[]> {
  const rows = await db
    .select({ event: workOrderEvents.event })
    .from(workOrderEvents)
    .where(scrapEventsOf(id))
    .orderBy(asc(workOrderEvents.seq));
  return rows.map((r) => scrapRecordOf(r.event));
}

async function nextNumber(tx: Transaction): Promise<string> {
  const result = await tx.execute(
    sql`select nextval(${sql.raw(`'production.${workOrderNumbers.seqName}'`)}) as n`,
  );
  const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]?.n);
  return `WO-${String(n).padStart(6, '0')}`;
}

// The statements every poll and every command runs are written as SQL text
// rather than through Drizzle's query builder: building one costs about
// 0.2 ms of CPU, several times what sending it does, and these run thousands
// of times a minute under a busy plant's terminals (bench/load.ts). They keep
// the shapes the change tracking reads for one row by its id
// (core/db/row-changes.ts), so a command drops only its own order's answers.

/** The order's document, or undefined when there is none. */
async function readWorkOrder(db: Database, id: string): Promise<WorkOrder | undefined> {
  const [row] = await runSql<{ document: WorkOrder }>(
    db,
    text`select "document" from "production"."work_orders" where "id" = ${id}`,
  );
  return row?.document;
}

/**
 * Locks the order's row and claims the command's idempotency key, in one
 * round trip: the order's document (undefined when there is none), and
 * whether the key was new. A claim for an order that does not exist is rolled
 * back with the refusal.
 */
async function lockForCommand(
  tx: Transaction,
  id: string,
  key: string | undefined,
  command: string,
): Promise<{ current: WorkOrder | undefined; claimed: boolean }> {
  const lock = text`select "document" from "production"."work_orders" where "id" = ${id} for update`;
  if (!key) {
    const [row] = await runSql<{ document: WorkOrder }>(tx, lock);
    return { current: row?.document, claimed: true };
  }
  const [locked, claim] = await runTogether<{ document?: WorkOrder }>(tx, [
    lock,
    text`insert into "production"."command_keys" ("key", "work_order_id", "command") values (${key}, ${id}, ${command}) on conflict do nothing returning "key"`,
  ]);
  return { current: locked?.[0]?.document, claimed: (claim?.length ?? 0) > 0 };
}

/** Writes a command's new state over the order's row. */
async function rewriteWorkOrder(tx: Transaction, order: WorkOrder): Promise<void> {
  await sendAhead(
    tx,
    text`update "production"."work_orders" set "number" = ${order.number}, "product_code" = ${order.product}, "line_code" = ${order.line}, "quantity" = ${order.quantity}, "state" = ${order.state}, "good_count" = ${order.goodCount}, "scrap_count" = ${order.scrapCount}, "document" = ${JSON.stringify(order)}::jsonb, "version" = "version" + 1, "updated_at" = ${new Date().toISOString()}::timestamptz where "id" = ${order.id}`,
  );
}

async function writeEvents(tx: Database | Transaction, events: readonly WorkOrderEvent[]) {
  if (events.length === 0) return;
  const rows = events.map(
    (event) =>
      text`(${event.workOrderId}, ${event.type}, ${new Date(event.at).toISOString()}::timestamptz, ${event.actor}, ${JSON.stringify(event)}::jsonb)`,
  );
  await sendAhead(
    tx,
    text`insert into "production"."work_order_events" ("work_order_id", "type", "at", "actor", "event") values ${joined(rows, ', ')}`,
  );
}

function toRow(order: WorkOrder) {
  return {
    id: order.id,
    number: order.number,
    productCode: order.product,
    lineCode: order.line,
    quantity: order.quantity,
    state: order.state,
    goodCount: order.goodCount,
    scrapCount: order.scrapCount,
    document: order,
  };
}

function summary(order: WorkOrder) {
  return {
    number: order.number,
    product: order.product,
    line: order.line,
    quantity: order.quantity,
    state: order.state,
  };
}

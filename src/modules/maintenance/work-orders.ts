// Maintenance work orders, persisted: requests opened by hand or by the
// breakdown watcher, preventive orders from plans, and the technicians'
// commands. Each command runs in one transaction that locks the order,
// applies the pure state machine (model.ts), writes the order and an audit
// entry — and, on closing or cancelling, gives back what it had set aside
// (part reservations, the line window it reserved) — or refuses and writes
// nothing. A command sent again with the same idempotency key takes effect once.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database, Transaction } from '../../core/db/store.js';
import {
  conflict,
  fieldIssue,
  invalid,
  invalidField,
  notFound,
  refusalError,
  unknownReference,
} from '../../core/errors.js';
import { clearOutageIn } from '../planning/index.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import { reportableDowntimeReason } from '../production/index.js';
import {
  applyMaintenanceCommand,
  INPUT_REFUSALS,
  isRequest,
  labourMinutes,
  type MaintenanceCommand,
  type MaintenanceKind,
  type MaintenanceOrder,
  type MaintenanceState,
  maintenanceOrderId,
  type RequestKind,
} from './model.js';
import { repairMs } from './reliability.js';
import {
  breakdowns,
  commandKeys,
  partIssues,
  partReservations,
  plans,
  workOrderNumbers,
  workOrders,
} from './schema.js';

export interface MaintenanceContext {
  db: Database;
  clock: () => Date;
  /** The Sparkplug group of the plant's machines (LOTLINE_MQTT_GROUP); the site code if unset. */
  machineGroup?: string;
}

type Row = typeof workOrders.$inferSelect;

/** A work order as the API shows it: the model's value with what the tables add. */
export interface WorkOrderView extends MaintenanceOrder {
  /** The asset's criticality in the plant file (A, B, C). */
  criticality: 'A' | 'B' | 'C' | null;
  /** Back in service by the machine data (breakdowns from the watcher), ISO. */
  upAt: string | null;
  /** Repair time so far known (see reliability.ts), minutes. */
  repairMinutes: number | null;
  dueCount: number | null;
  window: { from: string; to: string } | null;
  plan: string | null;
  labourMinutes: number;
  overdue: boolean;
}

export interface WorkOrderDetail extends WorkOrderView {
  reservations: { material: string; quantity: number; issued: number; released: boolean }[];
  issues: {
    movementId: string;
    material: string;
    lot: string;
    location: string;
    quantity: number;
    at: string;
    actor: string;
  }[];
}

// ------------------------------------------------------------ creating ----

async function nextNumber(tx: Transaction): Promise<string> {
  const result = await tx.execute(
    sql`select nextval(${sql.raw(`'maintenance.${workOrderNumbers.seqName}'`)}) as n`,
  );
  const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]?.n);
  return `MWO-${String(n).padStart(6, '0')}`;
}

export interface NewOrder {
  kind: MaintenanceKind;
  line: string;
  station: string | null;
  title: string;
  description?: string | null;
  reason?: string | null;
  downAt?: Date | null;
  dueAt?: Date | null;
  dueCount?: number | null;
  window?: { from: Date; to: Date } | null;
  planId?: string | null;
  dueIndex?: number | null;
  breakdownId?: string | null;
  outageId?: string | null;
}

/** Inserts a new open order in the caller's transaction, with its audit entry. */
export async function insertOrder(
  tx: Transaction,
  input: NewOrder & { id?: string },
  actor: string,
  now: Date,
): Promise<MaintenanceOrder> {
  const id = maintenanceOrderId(input.id ?? randomUUID());
  const number = await nextNumber(tx);
  const order: MaintenanceOrder = {
    id,
    number,
    kind: input.kind,
    state: 'open',
    line: input.line,
    station: input.station,
    title: input.title,
    description: input.description ?? null,
    reason: input.reason ?? null,
    downAt: input.downAt?.toISOString() ?? null,
    dueAt: input.dueAt?.toISOString() ?? null,
    cause: null,
    action: null,
    labour: [],
    takenBy: null,
    history: [{ from: null, to: 'open', command: 'open', at: now.toISOString(), actor }],
    openedAt: now.toISOString(),
    openedBy: actor,
    closedAt: null,
  };
  await tx.insert(workOrders).values({
    id,
    number,
    kind: order.kind,
    state: order.state,
    line: order.line,
    station: order.station,
    reason: order.reason,
    downAt: input.downAt ?? null,
    breakdownId: input.breakdownId ?? null,
    planId: input.planId ?? null,
    dueIndex: input.dueIndex ?? null,
    dueAt: input.dueAt ?? null,
    dueCount: input.dueCount ?? null,
    windowFrom: input.window?.from ?? null,
    windowTo: input.window?.to ?? null,
    outageId: input.outageId ?? null,
    openedAt: now,
    document: order,
  });
  await recordAudit(tx, {
    actor,
    action: isRequest(order.kind)
      ? 'maintenance.request.opened'
      : 'maintenance.work_order.generated',
    entityType: 'maintenance_work_order',
    entityId: number,
    after: summary(order),
  });
  return order;
}

/** Sets the outage that reserves an order's window (recorded after the order has its number). */
export async function attachOutage(tx: Transaction, orderId: string, outageId: string) {
  await tx.update(workOrders).set({ outageId }).where(eq(workOrders.id, orderId));
}

export interface RequestInput {
  kind: RequestKind;
  line: string;
  station: string;
  title: string;
  description?: string;
  /** A reportable downtime reason code of the plant. */
  reason?: string;
  /** Breakdowns: when the machine went down (now by default). */
  downAt?: string;
}

/** Checks that a line and station are the plant's, naming the field that is not. */
export function assetOf(plant: PlantFile, line: string, station: string | null) {
  const found = plant.lines.find((l) => l.code === line);
  if (!found) {
    throw unknownReference('line', 'unknown_line', 'line', line);
  }
  if (station === null) return { line: found, station: null };
  const asset = found.stations.find((s) => s.code === station);
  if (!asset) {
    throw invalid('station_unknown', 'station: line {{line}} has no station "{{station}}"', {
      line,
      station,
    }).withIssues([
      fieldIssue('station', 'station_unknown', 'not a station of {{line}}', { line, station }),
    ]);
  }
  return { line: found, station: asset };
}

/** A request opened by hand (a breakdown the machine data does not show, or a fault found). */
export async function openRequest(
  context: MaintenanceContext,
  input: RequestInput,
  actor: string,
  idempotencyKey?: string,
): Promise<WorkOrderDetail> {
  const { plant } = await currentPlant(context.db);
  assetOf(plant, input.line, input.station);
  if (input.reason !== undefined) {
    const reason = reportableDowntimeReason(plant, input.reason);
    if (!reason.ok) {
      throw invalidField('reason', {
        code: reason.error.code,
        params: reason.error.params ?? {},
        text: reason.error.message,
      });
    }
  }
  const now = context.clock();
  const downAt = input.kind === 'breakdown' ? new Date(input.downAt ?? now.getTime()) : null;
  if (input.kind !== 'breakdown' && input.downAt !== undefined) {
    throw invalid(
      'down_at_not_breakdown',
      'downAt: only a breakdown says when the machine went down',
    ).withIssues([fieldIssue('downAt', 'down_at_not_breakdown', 'only for kind breakdown')]);
  }
  if (downAt && downAt.getTime() > now.getTime()) {
    throw invalid(
      'down_at_in_future',
      'downAt: the machine cannot have gone down in the future',
    ).withIssues([fieldIssue('downAt', 'down_at_in_future', 'must not be in the future')]);
  }
  const id = randomUUID();
  const order = await context.db.transaction(async (tx) => {
    if (idempotencyKey) {
      const earlier = await claimKey(tx, idempotencyKey, id, 'open');
      if (earlier) return (await loadRow(tx, earlier)).document;
    }
    if (input.kind === 'breakdown') {
      // One stop, one request: the watcher's or a person's, not both.
      const [open] = await tx
        .select({ number: workOrders.number })
        .from(workOrders)
        .where(
          and(
            eq(workOrders.kind, 'breakdown'),
            eq(workOrders.line, input.line),
            eq(workOrders.station, input.station),
            inArray(workOrders.state, ['open', 'in_progress']),
          ),
        )
        .limit(1);
      if (open) {
        throw conflict(
          'request_already_open',
          'breakdown request {{order}} is already open for {{line}}/{{station}}',
          { order: open.number, line: input.line, station: input.station },
        );
      }
    }
    return insertOrder(
      tx,
      {
        id,
        kind: input.kind,
        line: input.line,
        station: input.station,
        title: input.title,
        description: input.description ?? null,
        reason: input.reason ?? null,
        downAt,
      },
      actor,
      now,
    );
  });
  return getWorkOrder(context.db, order.number, plant, now);
}

// ------------------------------------------------------------ commands ----

/**
 * Records an idempotency key for a command on an order. Returns the order id
 * the key was first used for when it was used before with the same command,
 * undefined when it is new; throws when it was used for something else.
 */
export async function claimKey(
  tx: Transaction,
  key: string,
  workOrderId: string,
  command: string,
): Promise<string | undefined> {
  const inserted = await tx
    .insert(commandKeys)
    .values({ key, workOrderId, command })
    .onConflictDoNothing()
    .returning({ key: commandKeys.key });
  if (inserted.length > 0) return undefined;
  const [earlier] = await tx.select().from(commandKeys).where(eq(commandKeys.key, key));
  if (
    !earlier ||
    earlier.command !== command ||
    (command !== 'open' && earlier.workOrderId !== workOrderId)
  ) {
    throw conflict(
      'idempotency_key_reused',
      'the idempotency key was used for another command ({{command}})',
      { command: earlier?.command ?? 'unknown' },
    );
  }
  return earlier.workOrderId;
}

async function loadRow(db: Database, idOrNumber: string, lock = false): Promise<Row> {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
  const query = db
    .select()
    .from(workOrders)
    .where(byId ? eq(workOrders.id, idOrNumber) : eq(workOrders.number, idOrNumber));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) {
    throw notFound(
      'maintenance_order_not_found',
      'maintenance work order {{order}} does not exist',
      { order: idOrNumber },
    );
  }
  return row;
}

/** Locks an order for a command in the caller's transaction. */
export async function lockOrder(tx: Transaction, idOrNumber: string): Promise<Row> {
  return loadRow(tx, idOrNumber, true);
}

export async function commandWorkOrder(
  context: MaintenanceContext,
  number: string,
  command: MaintenanceCommand,
  actor: string,
  idempotencyKey?: string,
): Promise<WorkOrderDetail> {
  const now = context.clock();
  const { plant } = await currentPlant(context.db);
  const result = await context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    if (idempotencyKey && (await claimKey(tx, idempotencyKey, row.id, command.type))) {
      return row.document; // already applied: the same answer, no second effect
    }
    const outcome = applyMaintenanceCommand(row.document, command, { at: now, actor });
    if (!outcome.ok) {
      const { code, message, field, params } = outcome.error;
      throw refusalError(
        INPUT_REFUSALS.has(code) ? 'invalid' : 'conflict',
        outcome.error,
        field ? [{ path: field, message, code, ...(params ? { params } : {}) }] : [],
      );
    }
    const next = outcome.order;
    await tx
      .update(workOrders)
      .set({
        state: next.state,
        closedAt: next.closedAt ? new Date(next.closedAt) : null,
        document: next,
        version: sql`${workOrders.version} + 1`,
        updatedAt: now,
      })
      .where(eq(workOrders.id, row.id));
    if (next.state === 'closed' || next.state === 'cancelled') {
      await tx
        .update(partReservations)
        .set({ releasedAt: now })
        .where(eq(partReservations.workOrderId, row.id));
      // The line is back as soon as the job is done: what is left of its window is free again.
      if (row.outageId && (row.windowTo === null || row.windowTo > now)) {
        await clearOutageIn(tx, row.outageId, actor, now);
      }
    }
    await recordAudit(tx, {
      actor,
      action: `maintenance.work_order.${command.type === 'record' ? 'worked' : pastTense(command.type)}`,
      entityType: 'maintenance_work_order',
      entityId: next.number,
      before: summary(row.document),
      after: { ...summary(next), command },
    });
    return next;
  });
  return getWorkOrder(context.db, result.number, plant, now);
}

const pastTense = (command: 'take' | 'close' | 'cancel') =>
  (({ take: 'taken', close: 'closed', cancel: 'cancelled' }) as const)[command];

function summary(order: MaintenanceOrder) {
  return {
    number: order.number,
    kind: order.kind,
    state: order.state,
    line: order.line,
    station: order.station,
    ...(order.reason ? { reason: order.reason } : {}),
  };
}

// ------------------------------------------------------------- reading ----

export interface WorkOrderFilter {
  kinds?: readonly MaintenanceKind[];
  states?: readonly MaintenanceState[];
  line?: string;
  station?: string;
  plan?: string;
  /** Opened in [from, to). */
  from?: Date;
  to?: Date;
  /** Preventive orders due by this instant. */
  dueBefore?: Date;
  limit: number;
}

export async function listWorkOrders(
  db: Database,
  filter: WorkOrderFilter,
  plant: PlantFile,
  now: Date,
): Promise<WorkOrderView[]> {
  const conditions: SQL[] = [];
  if (filter.kinds) conditions.push(inArray(workOrders.kind, [...filter.kinds]));
  if (filter.states) conditions.push(inArray(workOrders.state, [...filter.states]));
  if (filter.line) conditions.push(eq(workOrders.line, filter.line));
  if (filter.station) conditions.push(eq(workOrders.station, filter.station));
  if (filter.from) conditions.push(gte(workOrders.openedAt, filter.from));
  if (filter.to) conditions.push(lt(workOrders.openedAt, filter.to));
  if (filter.dueBefore) conditions.push(lte(workOrders.dueAt, filter.dueBefore));
  if (filter.plan) {
    const [plan] = await db.select({ id: plans.id }).from(plans).where(eq(plans.code, filter.plan));
    if (!plan) return [];
    conditions.push(eq(workOrders.planId, plan.id));
  }
  const rows = await db
    .select()
    .from(workOrders)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(
      ...(filter.dueBefore
        ? [asc(workOrders.dueAt), asc(workOrders.number)]
        : [desc(workOrders.openedAt), desc(workOrders.number)]),
    )
    .limit(filter.limit);
  return views(db, rows, plant, now);
}

export async function getWorkOrder(
  db: Database,
  idOrNumber: string,
  plant: PlantFile,
  now: Date,
): Promise<WorkOrderDetail> {
  const row = await loadRow(db, idOrNumber);
  const [view] = await views(db, [row], plant, now);
  if (!view) {
    throw notFound(
      'maintenance_order_not_found',
      'maintenance work order {{order}} does not exist',
      { order: idOrNumber },
    );
  }
  const reservations = await db
    .select()
    .from(partReservations)
    .where(eq(partReservations.workOrderId, row.id))
    .orderBy(asc(partReservations.material));
  const issues = await db
    .select()
    .from(partIssues)
    .where(eq(partIssues.workOrderId, row.id))
    .orderBy(asc(partIssues.at), asc(partIssues.lotNumber));
  return {
    ...view,
    reservations: reservations.map((r) => ({
      material: r.material,
      quantity: r.quantity,
      issued: r.issued,
      released: r.releasedAt !== null,
    })),
    issues: issues.map((i) => ({
      movementId: i.movementId,
      material: i.material,
      lot: i.lotNumber,
      location: i.location,
      quantity: i.quantity,
      at: i.at.toISOString(),
      actor: i.actor,
    })),
  };
}

async function views(
  db: Database,
  rows: readonly Row[],
  plant: PlantFile,
  now: Date,
): Promise<WorkOrderView[]> {
  const breakdownIds = rows.map((r) => r.breakdownId).filter((id): id is string => id !== null);
  const ups = new Map(
    (breakdownIds.length > 0
      ? await db
          .select({ id: breakdowns.id, upAt: breakdowns.upAt, pausedMs: breakdowns.pausedMs })
          .from(breakdowns)
          .where(inArray(breakdowns.id, breakdownIds))
      : []
    ).map((b) => [b.id, b]),
  );
  const planIds = [...new Set(rows.map((r) => r.planId).filter((id): id is string => id !== null))];
  const planCodes = new Map(
    (planIds.length > 0
      ? await db
          .select({ id: plans.id, code: plans.code })
          .from(plans)
          .where(inArray(plans.id, planIds))
      : []
    ).map((p) => [p.id, p.code]),
  );
  return rows.map((row) => {
    const order = row.document;
    const up = row.breakdownId ? ups.get(row.breakdownId) : undefined;
    const repair =
      order.kind === 'breakdown' && row.downAt
        ? repairMs({
            line: row.line,
            station: row.station,
            reason: row.reason,
            down: row.downAt.getTime(),
            up: up?.upAt?.getTime() ?? null,
            pausedMs: up?.pausedMs ?? 0,
            closed: order.state === 'closed' && row.closedAt ? row.closedAt.getTime() : null,
            cause: order.cause,
          })
        : null;
    const station = plant.lines
      .find((l) => l.code === row.line)
      ?.stations.find((s) => s.code === row.station);
    const open = order.state === 'open' || order.state === 'in_progress';
    return {
      ...order,
      criticality: station?.equipment?.criticality ?? null,
      upAt: up?.upAt?.toISOString() ?? null,
      repairMinutes: repair === null ? null : Math.round((repair / 60_000) * 100) / 100,
      dueCount: row.dueCount,
      window:
        row.windowFrom && row.windowTo
          ? { from: row.windowFrom.toISOString(), to: row.windowTo.toISOString() }
          : null,
      plan: row.planId ? (planCodes.get(row.planId) ?? null) : null,
      labourMinutes: labourMinutes(order),
      // Overdue: still open after its planned window (or its due time, without one).
      overdue: open && (row.windowTo ?? row.dueAt ?? now).getTime() < now.getTime(),
    };
  });
}

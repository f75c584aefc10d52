// The maintenance module's tables (PostgreSQL schema `maintenance`).
//
// - work_orders: every maintenance job — breakdown and corrective requests
//   and preventive work orders — with the pure model's value whole
//   (`document`: history, labour) beside the columns that are queried. A
//   preventive order is unique per plan and due point, so a plan never makes
//   two for one point.
// - command_keys: a command sent twice with the same Idempotency-Key takes
//   effect once.
// - plans: preventive plans by calendar or by counter, and the last due point
//   each has generated.
// - watch_cursor / station_watch: how far the breakdown watcher has read
//   telemetry.machine_events (by id, up to the ids known settled), and what
//   it knows of each station
//   (state, counters, the breakdown it is in), both written in the
//   transaction that opens the requests those rows caused — so a restart
//   neither misses nor repeats one.
// - breakdowns: each breakdown the machine data showed, with the request it
//   opened; unique per station and start, a second guard against doubles.
// - part_reservations: spare parts set aside for a work order, and how much
//   of each has been issued (the issues themselves are ledger movements of
//   the storage module, naming the work order).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { MaintenanceOrder } from './model.js';

export const maintenanceSchema = pgSchema('maintenance');

export const workOrderNumbers = maintenanceSchema.sequence('work_order_numbers');

const quantity = (name: string) => numeric(name, { precision: 20, scale: 6, mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const workOrders = maintenanceSchema.table(
  'work_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    kind: text('kind').notNull(),
    state: text('state').notNull(),
    line: text('line').notNull(),
    station: text('station'),
    reason: text('reason'),
    downAt: at('down_at'),
    breakdownId: uuid('breakdown_id'),
    planId: uuid('plan_id'),
    dueIndex: integer('due_index'),
    dueAt: at('due_at'),
    dueCount: bigint('due_count', { mode: 'number' }),
    windowFrom: at('window_from'),
    windowTo: at('window_to'),
    /** The planning outage that reserves the window (a job that needs the line down). */
    outageId: uuid('outage_id'),
    openedAt: at('opened_at').notNull(),
    closedAt: at('closed_at'),
    document: jsonb('document').$type<MaintenanceOrder>().notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('work_orders_station_idx').on(t.line, t.station, t.openedAt),
    index('work_orders_state_idx').on(t.state, t.kind),
    unique('work_orders_plan_due_key').on(t.planId, t.dueIndex),
    check('work_orders_kind', sql`${t.kind} in ('breakdown', 'corrective', 'preventive')`),
    check('work_orders_state', sql`${t.state} in ('open', 'in_progress', 'closed', 'cancelled')`),
  ],
);

export const commandKeys = maintenanceSchema.table('command_keys', {
  key: text('key').primaryKey(),
  workOrderId: uuid('work_order_id').notNull(),
  command: text('command').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const plans = maintenanceSchema.table(
  'plans',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    title: text('title').notNull(),
    instructions: text('instructions'),
    line: text('line').notNull(),
    station: text('station'),
    trigger: text('trigger').notNull(),
    intervalDays: integer('interval_days'),
    firstDue: date('first_due', { mode: 'string' }),
    counter: text('counter'),
    intervalCount: bigint('interval_count', { mode: 'number' }),
    baseline: bigint('baseline', { mode: 'number' }),
    firstDueAfter: bigint('first_due_after', { mode: 'number' }),
    leadDays: integer('lead_days').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    needsLineDown: boolean('needs_line_down').notNull().default(false),
    lastDueIndex: integer('last_due_index').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    check('plans_trigger', sql`${t.trigger} in ('calendar', 'counter')`),
    check(
      'plans_trigger_fields',
      sql`(${t.trigger} = 'calendar' and ${t.intervalDays} > 0 and ${t.firstDue} is not null)
        or (${t.trigger} = 'counter' and ${t.intervalCount} > 0 and ${t.counter} in ('cycles', 'cartridges'))`,
    ),
  ],
);

export const watchCursor = maintenanceSchema.table('watch_cursor', {
  /** The Sparkplug group whose machine data is watched. */
  groupId: text('group_id').primaryKey(),
  /** The last telemetry.machine_events id read. */
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  /** Every id up to this one is settled: its transaction has ended, so no row below it can still appear. */
  settledId: bigint('settled_id', { mode: 'number' }).notNull(),
  /** An id the sequence had reached, settled once the transactions then running (their xid8s) have ended. */
  pendingId: bigint('pending_id', { mode: 'number' }),
  pendingXids: jsonb('pending_xids').$type<string[]>(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const stationWatch = maintenanceSchema.table(
  'station_watch',
  {
    groupId: text('group_id').notNull(),
    line: text('line').notNull(),
    station: text('station').notNull(),
    state: text('state'),
    reason: text('reason').notNull().default(''),
    stateSince: at('state_since'),
    lastGood: bigint('last_good', { mode: 'number' }),
    lastReject: bigint('last_reject', { mode: 'number' }),
    /** Units counted since the watcher first saw the station. */
    good: bigint('good', { mode: 'number' }).notNull().default(0),
    reject: bigint('reject', { mode: 'number' }).notNull().default(0),
    /** The breakdown the station is in: its start, reason and pauses; null when in service. */
    openDownAt: at('open_down_at'),
    openReason: text('open_reason'),
    openPausedSince: at('open_paused_since'),
    openPausedMs: bigint('open_paused_ms', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('station_watch_key').on(t.groupId, t.line, t.station)],
);

export const breakdowns = maintenanceSchema.table(
  'breakdowns',
  {
    id: uuid('id').primaryKey(),
    groupId: text('group_id').notNull(),
    line: text('line').notNull(),
    station: text('station').notNull(),
    reason: text('reason').notNull(),
    downAt: at('down_at').notNull(),
    upAt: at('up_at'),
    pausedMs: bigint('paused_ms', { mode: 'number' }).notNull().default(0),
    /** The machine event that showed it. */
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    workOrderId: uuid('work_order_id').notNull(),
  },
  (t) => [
    unique('breakdowns_station_start_key').on(t.groupId, t.line, t.station, t.downAt),
    index('breakdowns_down_idx').on(t.downAt),
  ],
);

export const partReservations = maintenanceSchema.table(
  'part_reservations',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    material: text('material').notNull(),
    quantity: quantity('quantity').notNull(),
    issued: quantity('issued').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    /** When the order was closed or cancelled: what was not issued is no longer set aside. */
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [
    unique('part_reservations_order_material_key').on(t.workOrderId, t.material),
    index('part_reservations_material_idx').on(t.material),
    check('part_reservations_quantity', sql`${t.quantity} > 0 and ${t.issued} >= 0`),
  ],
);

/** What was issued to a work order: one row per ledger movement it made (storage.movements.id). */
export const partIssues = maintenanceSchema.table(
  'part_issues',
  {
    movementId: uuid('movement_id').primaryKey(),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    material: text('material').notNull(),
    lotId: uuid('lot_id').notNull(),
    lotNumber: text('lot_number').notNull(),
    location: text('location').notNull(),
    quantity: quantity('quantity').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
  },
  (t) => [index('part_issues_order_idx').on(t.workOrderId)],
);

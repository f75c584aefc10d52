// The production module's tables. A work order row keeps the pure model's
// value whole (`document`: history, scrap records) beside the columns that are
// queried; `version` serialises commands on one order. Every event a command
// caused is kept, in order, in `work_order_events`; `command_keys` makes a
// command sent twice with the same Idempotency-Key take effect once.
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { WorkOrder, WorkOrderEvent } from './work-order.js';

export const productionSchema = pgSchema('production');

export const workOrderNumbers = productionSchema.sequence('work_order_numbers');

export const workOrders = productionSchema.table(
  'work_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    productCode: text('product_code').notNull(),
    lineCode: text('line_code').notNull(),
    quantity: integer('quantity').notNull(),
    state: text('state').notNull(),
    goodCount: bigint('good_count', { mode: 'number' }).notNull().default(0),
    scrapCount: bigint('scrap_count', { mode: 'number' }).notNull().default(0),
    document: jsonb('document').$type<WorkOrder>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('work_orders_line_state_idx').on(t.lineCode, t.state)],
);

export const workOrderEvents = productionSchema.table(
  'work_order_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    workOrderId: uuid('work_order_id')
      .notNull()
      .references(() => workOrders.id),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    event: jsonb('event').$type<WorkOrderEvent>().notNull(),
  },
  (t) => [index('work_order_events_order_idx').on(t.workOrderId, t.seq)],
);

export const commandKeys = productionSchema.table('command_keys', {
  key: text('key').primaryKey(),
  workOrderId: uuid('work_order_id').notNull(),
  command: text('command').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

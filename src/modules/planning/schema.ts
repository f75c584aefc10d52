// The planning module's tables (PostgreSQL schema `planning`).
// - forecasts: the demand a planner expects per product and ISO week (the
//   Monday it starts on), beside the customers' firm orders.
import {
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { StoredPlanDocument } from './plan-store.js';

export const planningSchema = pgSchema('planning');

export const forecasts = planningSchema.table(
  'forecasts',
  {
    product: text('product').notNull(),
    /** The Monday the week starts on. */
    week: date('week', { mode: 'string' }).notNull(),
    quantity: numeric('quantity', { precision: 20, scale: 6, mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.product, t.week] })],
);

/** Open purchase orders: what a supplier is to deliver, and when. */
export const purchaseOrders = planningSchema.table('purchase_orders', {
  reference: text('reference').primaryKey(),
  supplier: text('supplier').notNull(),
  material: text('material').notNull(),
  quantity: numeric('quantity', { precision: 20, scale: 6, mode: 'number' }).notNull(),
  /** YYYY-MM-DD: the date it is expected in the plant. */
  due: date('due', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  createdBy: text('created_by').notNull(),
});

/**
 * A line out of service: planned around from `from` to `to` (null: until
 * cleared). `source` says who reserved it: a planner marking a line down, or
 * the maintenance module reserving a planned job's window (`source_ref`: the
 * maintenance work order's number).
 */
export const lineOutages = planningSchema.table(
  'line_outages',
  {
    id: uuid('id').primaryKey(),
    line: text('line').notNull(),
    from: timestamp('from', { withTimezone: true }).notNull(),
    to: timestamp('to', { withTimezone: true }),
    reason: text('reason').notNull(),
    source: text('source').notNull().default('planner'),
    sourceRef: text('source_ref'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    /** When the line was declared back; cleared outages no longer count. */
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedBy: text('cleared_by'),
  },
  (t) => [index('line_outages_line_idx').on(t.line, t.from)],
);

/** Every plan the scheduler made, newest last: the current one is the latest. */
export const plans = planningSchema.table(
  'plans',
  {
    id: uuid('id').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    origin: timestamp('origin', { withTimezone: true }).notNull(),
    budgetMs: integer('budget_ms').notNull(),
    document: jsonb('document').$type<StoredPlanDocument>().notNull(),
  },
  (t) => [index('plans_created_idx').on(t.createdAt)],
);

/** What planning knows of a work order that production does not: when it is due and how urgent (set when a proposal is firmed). */
export const workOrderTargets = planningSchema.table('work_order_targets', {
  workOrderId: uuid('work_order_id').primaryKey(),
  due: timestamp('due', { withTimezone: true }),
  priority: text('priority').notNull(),
  /** The proposal it was firmed from. */
  proposal: text('proposal'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  createdBy: text('created_by').notNull(),
});

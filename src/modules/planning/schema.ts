// The planning module's tables (PostgreSQL schema `planning`).
// - forecasts: the demand a planner expects per product and ISO week (the
//   Monday it starts on), beside the customers' firm orders.
import { date, numeric, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

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

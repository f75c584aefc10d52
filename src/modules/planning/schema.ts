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

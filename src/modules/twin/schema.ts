// The twin module's tables (PostgreSQL schema `twin`).
// - runs: every scenario run asked through the API, with its report, so runs
//   can be compared side by side later.
import { index, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { StoredTwinRun } from './runs.js';

export const twinSchema = pgSchema('twin');

export const runs = twinSchema.table(
  'runs',
  {
    id: uuid('id').primaryKey(),
    scenario: text('scenario').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    document: jsonb('document').$type<StoredTwinRun>().notNull(),
  },
  (t) => [index('twin_runs_created_idx').on(t.createdAt)],
);

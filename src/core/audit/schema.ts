// The audit trail and electronic signatures. Both are append-only: a trigger
// (added in the migration) refuses UPDATE, DELETE and TRUNCATE of either table.
import { bigint, index, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditSchema = pgSchema('audit');

export const entries = auditSchema.table(
  'entries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('entries_entity_idx').on(t.entityType, t.entityId),
    index('entries_at_idx').on(t.at),
  ],
);

export const signatures = auditSchema.table(
  'signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    signedAt: timestamp('signed_at', { withTimezone: true, precision: 3 }).notNull(),
    userId: uuid('user_id').notNull(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    meaning: text('meaning').notNull(),
    reason: text('reason'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    contentHash: text('content_hash').notNull(),
  },
  (t) => [index('signatures_entity_idx').on(t.entityType, t.entityId)],
);

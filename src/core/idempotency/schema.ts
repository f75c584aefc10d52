// Commands taken once: the Idempotency-Key a client sent with a command, what
// the command was, and the answer it got. Written in the command's own
// transaction, so the key is stored if and only if the command's effect is.
import { integer, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

export const idempotencySchema = pgSchema('idempotency');

export const commandKeys = idempotencySchema.table('command_keys', {
  key: text('key').primaryKey(),
  /** Who sent it: a key is one person's (or one token's); someone else's is refused. */
  actor: text('actor').notNull(),
  /** The command's name, e.g. `genealogy.receipt`. */
  command: text('command').notNull(),
  /** SHA-256 of the command's parameters and body (canonical JSON). */
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  /** The answer sent the first time, returned again to a retry. Null until the command is done. */
  response: jsonb('response'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

// Writing and reading the audit trail. `recordAudit` runs inside the caller's
// transaction, so an audit entry exists exactly when the change it describes
// does. Appends are serialised by an advisory lock that the database function
// audit.append_entry takes (migration 0019): the chain needs a single order,
// and the lock is held until the change commits, so the append is one round
// trip and comes last in a command where it can.
import { and, asc, desc, eq, gt, gte, lt, lte, type SQL } from 'drizzle-orm';
import { sendAhead, text } from '../db/sql-text.js';
import type { Database, Transaction } from '../db/store.js';
import type { AuditAction } from './actions.js';
import {
  type AuditEntry,
  type ChainVerdict,
  canonicalHead,
  GENESIS_HASH,
  verifyChain,
} from './chain.js';
import { entries } from './schema.js';

export interface AuditRecord {
  actor: string;
  /** One of AUDIT_ACTIONS: the web app describes each in the reader's language. */
  action: AuditAction;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends the entry for a change made in `tx`. It is sent with the
 * transaction's next statement, its COMMIT at the latest (sendAhead), so the
 * chain's lock is held for as short a time as the change allows.
 */
export async function recordAudit(tx: Transaction, record: AuditRecord): Promise<void> {
  // Round-trip through JSON so the hash covers exactly what jsonb will store.
  const content = {
    at: new Date().toISOString(),
    actor: record.actor,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    before: toJson(record.before),
    after: toJson(record.after),
  };
  // The database takes the lock, the next place and the link, and hashes the
  // text given here completed by the sequence number.
  await sendAhead(
    tx,
    text`select * from "audit"."append_entry"(${content.at}::timestamptz, ${content.actor}, ${content.action}, ${content.entityType}, ${content.entityId}, ${jsonParam(content.before)}::jsonb, ${jsonParam(content.after)}::jsonb, ${canonicalHead(content)})`,
  );
}

/** jsonb parameters go as JSON text; SQL null stays null. */
function jsonParam(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Entries with a sequence number below this (for paging back in time). */
  beforeSeq?: number;
  limit: number;
}

export async function listAudit(db: Database, query: AuditQuery): Promise<AuditEntry[]> {
  const conditions: SQL[] = [];
  if (query.entityType) conditions.push(eq(entries.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(entries.entityId, query.entityId));
  if (query.actor) conditions.push(eq(entries.actor, query.actor));
  if (query.action) conditions.push(eq(entries.action, query.action));
  if (query.from) conditions.push(gte(entries.at, query.from));
  if (query.to) conditions.push(lte(entries.at, query.to));
  if (query.beforeSeq !== undefined) conditions.push(lt(entries.seq, query.beforeSeq));
  const rows = await db
    .select()
    .from(entries)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(entries.seq))
    .limit(query.limit);
  return rows.map(toEntry);
}

/** Walks the whole chain in batches, so memory stays flat however long it is. */
export async function verifyAuditTrail(db: Database, batchSize = 2_000): Promise<ChainVerdict> {
  let afterSeq = 0;
  let startHash = GENESIS_HASH;
  let total = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(entries)
      .where(gt(entries.seq, afterSeq))
      .orderBy(asc(entries.seq))
      .limit(batchSize);
    if (rows.length === 0) return { ok: true, entries: total, lastHash: startHash };
    const batch = rows.map(toEntry);
    // The first entry of a batch must follow the last one checked.
    if (total > 0 && batch[0] && batch[0].seq !== afterSeq + 1) {
      return {
        ok: false,
        entries: total + 1,
        brokenAt: batch[0].seq,
        reason: `entry ${afterSeq + 1} is missing (found ${batch[0].seq} after ${afterSeq})`,
      };
    }
    if (total === 0 && batch[0] && batch[0].seq !== 1) {
      return {
        ok: false,
        entries: 1,
        brokenAt: batch[0].seq,
        reason: 'the first entries are missing',
      };
    }
    const verdict = verifyChain(batch, startHash);
    if (!verdict.ok) return { ...verdict, entries: total + verdict.entries };
    total += verdict.entries;
    startHash = verdict.lastHash;
    afterSeq = batch[batch.length - 1]?.seq ?? afterSeq;
  }
}

function toEntry(row: typeof entries.$inferSelect): AuditEntry {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

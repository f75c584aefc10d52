// The audit trail is a hash chain: each entry holds the hash of the one before
// it, and its own hash covers its content and that link. Changing, removing or
// inserting an entry afterwards breaks the chain at that point. Pure.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface AuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

export function entryHash(content: AuditContent, prevHash: string): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalHead(content))
    .update(`${content.seq}}`)
    .digest('hex');
}

/**
 * The entry's canonical text up to its sequence number, which comes last (keys
 * sort, and `seq` sorts after the others): the database appends the number
 * and the closing brace when it takes the chain's next place
 * (audit.append_entry), so both sides hash the same text.
 */
export function canonicalHead(content: Omit<AuditContent, 'seq'>): string {
  const text = canonicalJson({
    at: content.at,
    actor: content.actor,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    before: content.before ?? null,
    after: content.after ?? null,
    seq: 0,
  });
  return text.slice(0, -SEQ_TAIL.length);
}

const SEQ_TAIL = '0}';

export type ChainVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/** Walks entries in sequence order and reports the first broken link. */
export function verifyChain(entries: Iterable<AuditEntry>, startHash = GENESIS_HASH): ChainVerdict {
  let previousHash = startHash;
  let previousSeq: number | undefined;
  let count = 0;
  for (const entry of entries) {
    count += 1;
    if (previousSeq !== undefined && entry.seq !== previousSeq + 1) {
      return {
        ok: false,
        entries: count,
        brokenAt: entry.seq,
        reason: `entry ${previousSeq + 1} is missing (found ${entry.seq} after ${previousSeq})`,
      };
    }
    if (entry.prevHash !== previousHash) {
      return {
        ok: false,
        entries: count,
        brokenAt: entry.seq,
        reason: `entry ${entry.seq} does not link to the entry before it`,
      };
    }
    if (entryHash(entry, entry.prevHash) !== entry.hash) {
      return {
        ok: false,
        entries: count,
        brokenAt: entry.seq,
        reason: `entry ${entry.seq} was changed after it was written (its hash does not match its content)`,
      };
    }
    previousHash = entry.hash;
    previousSeq = entry.seq;
  }
  return { ok: true, entries: count, lastHash: previousHash };
}

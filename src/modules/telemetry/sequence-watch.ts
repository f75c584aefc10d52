// The sequence check of a shared ingest. Behind an MQTT 5 shared subscription
// each process sees only some of an edge node's messages, so a gap in the seq
// one process sees is usually just the other processes' share; asking for a
// rebirth there would make every node rebirth all the time. The check runs
// instead over what all processes committed (telemetry.message_log: every
// stored message's seq and payload timestamp), by one process at a time (a
// PostgreSQL advisory lock taken per check, so another process takes over
// when the one checking dies), and asks for a rebirth only for a gap still
// open after a grace period: longer than a message can wait in a process
// before it is committed.
//
// A node's current session is its newest stored NBIRTH; its messages are its
// births timestamped at or after the NBIRTH and its data timestamped after it
// (the edge node's own clock tells sessions apart, whichever process read the
// message; a rebirth's certificates carry the time of the last data before
// it). They are walked
// in timestamp order, from the seq the check expects next, taking the
// expected seq among the next few messages (two processes' clocks and batches
// shuffle neighbours a little).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { edgeBirths, messageLog } from './schema.js';

/** One stored message of a session, in timestamp order. */
export interface SequencedMessage {
  key: string;
  seq: number;
}

export interface SequenceWalk {
  /** The messages that follow the sequence, in order. */
  consumed: string[];
  /** The seq expected after them. */
  nextSeq: number;
  /** The seq that is missing while later messages are there. */
  missing?: number;
}

// Fewer than half of seq's 256 values, so a seq found this far ahead is the
// expected one and not the same number one lap later.
const LOOKAHEAD = 64;

/** Walks `messages` (timestamp order) from `nextSeq`. Pure. */
export function walkSequence(
  nextSeq: number,
  messages: readonly SequencedMessage[],
  lookahead = LOOKAHEAD,
): SequenceWalk {
  const open = [...messages];
  const consumed: string[] = [];
  let expected = nextSeq;
  while (open.length > 0) {
    const window = Math.min(open.length, lookahead);
    let found = -1;
    for (let i = 0; i < window; i++) {
      if ((open[i] as SequencedMessage).seq === expected) {
        found = i;
        break;
      }
    }
    if (found < 0) return { consumed, nextSeq: expected, missing: expected };
    consumed.push((open[found] as SequencedMessage).key);
    open.splice(found, 1);
    expected = (expected + 1) % 256;
  }
  return { consumed, nextSeq: expected };
}

export interface SequenceGap {
  group: string;
  node: string;
  missing: number;
}

export interface SequenceCheckOptions {
  db: Database;
  group: string;
  /** A message received this recently may still be on its way into the database (ms). */
  graceMs: number;
  /** Ask again over a gap no rebirth closed after this long (ms). */
  rebirthRetryMs: number;
  now: () => number;
}

// pg_try_advisory_xact_lock key: "sequence check of group …" (one lock per group).
const LOCK_NAMESPACE = 7_201_010;

/**
 * One pass of the check, if no other process is running one: records how far
 * each node's current session is in sequence and returns the gaps to ask a
 * rebirth for (each at most once per retry interval, whichever process asks).
 */
export async function checkSequences(options: SequenceCheckOptions): Promise<SequenceGap[]> {
  const { db, group } = options;
  const now = options.now();
  const settled = new Date(now - options.graceMs);
  return db.transaction(async (tx) => {
    const lock = (await tx.execute(
      sql`SELECT pg_try_advisory_xact_lock(${LOCK_NAMESPACE}, hashtext(${group})) AS locked`,
    )) as unknown as { rows: { locked: boolean }[] };
    if (!lock.rows[0]?.locked) return [];
    const sessions = (await tx.execute(sql`
      SELECT DISTINCT ON (node) birth_key, node, born_at, seq, next_seq, rebirth_asked_at
      FROM ${edgeBirths}
      WHERE group_id = ${group} AND device IS NULL
      ORDER BY node, born_at DESC, received_at DESC`)) as unknown as {
      rows: {
        birth_key: string;
        node: string;
        born_at: string | Date;
        seq: number | null;
        next_seq: number | null;
        rebirth_asked_at: string | Date | null;
      }[];
    };
    const gaps: SequenceGap[] = [];
    for (const s of sessions.rows) {
      const bornAt = new Date(s.born_at);
      const born = bornAt.toISOString();
      const rows = await tx
        .select({
          key: messageLog.messageKey,
          seq: messageLog.seq,
          receivedAt: messageLog.receivedAt,
        })
        .from(messageLog)
        .where(
          and(
            eq(messageLog.groupId, group),
            eq(messageLog.node, s.node),
            sql`not ${messageLog.checked}`,
            sql`(${messageLog.sentAt} > ${born} or (${messageLog.birth} and ${messageLog.sentAt} >= ${born}))`,
          ),
        )
        .orderBy(messageLog.sentAt, messageLog.receivedAt)
        .limit(4_096);
      if (rows.length === 0) continue;
      const walk = walkSequence(s.next_seq ?? s.seq ?? 0, rows);
      // A gap counts only once the message the walk stopped at was received
      // longer ago than the grace period: until then the missing one may
      // still be on its way through another process.
      const done = new Set(walk.consumed);
      const blocking = rows.find((r) => !done.has(r.key));
      const settledGap =
        walk.missing !== undefined && blocking !== undefined && blocking.receivedAt <= settled;
      if (walk.consumed.length > 0) {
        await tx
          .update(messageLog)
          .set({ checked: true })
          .where(inArray(messageLog.messageKey, walk.consumed));
      }
      let askedAt = s.rebirth_asked_at === null ? null : new Date(s.rebirth_asked_at);
      if (
        settledGap &&
        walk.missing !== undefined &&
        (askedAt === null || now - askedAt.getTime() >= options.rebirthRetryMs)
      ) {
        askedAt = new Date(now);
        gaps.push({ group, node: s.node, missing: walk.missing });
      }
      await tx
        .update(edgeBirths)
        .set({ nextSeq: walk.nextSeq, rebirthAskedAt: askedAt })
        .where(eq(edgeBirths.birthKey, s.birth_key));
    }
    return gaps;
  });
}

/**
 * Drops the log's rows received before `before`: it exists for the check (a
 * gap older than that was asked about long ago), not as a record; the
 * machine events are the record.
 */
export async function pruneMessageLog(db: Database, group: string, before: Date): Promise<void> {
  await db
    .delete(messageLog)
    .where(
      and(eq(messageLog.groupId, group), sql`${messageLog.receivedAt} < ${before.toISOString()}`),
    );
}

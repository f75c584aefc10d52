// Telemetry ingest: the Sparkplug B host application that writes machine data.
//
// Subscribes to `spBv1.0/{group}/#` with QoS 1 on a persistent session
// (clean: false, a stable client id), reads each message, feeds the host
// session, and writes what it resolved to machine_events in batches, with the
// line projections in the same transaction (ingest-writer.ts). A message that
// cannot be read or trusted goes to dead_letters with its raw bytes and the
// reason; ingest goes on.
//
// Exactly-once in effect: a QoS 1 message is acknowledged (PUBACK) only after
// the transaction holding it committed, and every row carries the SHA-256 of
// the message's topic and bytes, so a message the broker delivers again (a
// crash before the PUBACK) inserts nothing.
//
// Group commit: the subscriber (subscriber.ts) keeps reading while a batch
// commits, so the next batch holds everything that arrived meanwhile — up to
// maxBatch messages — and its PUBACKs leave together after its commit. When
// more than a few batches wait, reading pauses and the broker holds the rest.
// On a database server two batches may be written at once: the second's rows
// go in while the first commits, and it projects, commits and acknowledges
// only after the first (so PUBACKs and counters keep arrival order).
// A commit that fails is retried with a back-off, the PUBACKs still held; a
// message the database refuses as data (SQLSTATE class 22) is dead-lettered.
//
// Shared ingest (`shared`): several processes subscribe to
// `$share/{shareGroup}/spBv1.0/{group}/#` (MQTT 5), and the broker gives each
// message to one of them (Mosquitto: in turn), so no process sees all of a
// node's messages. What that changes, and where it is handled:
// - aliases: the birth that explains a message may have gone to another
//   process. Births are stored as they commit and read by the others
//   (shared-births.ts); a message no birth held here explains is held,
//   unacknowledged, and tried again as births arrive, for up to `holdMs`
//   (its birth may still be in the other process's batch), and only then
//   dead-lettered as data before a birth, with a rebirth request.
// - seq: not checked here (a gap is mostly the others' share); each stored
//   message's seq is logged, and one process at a time checks the committed
//   stream and asks for a rebirth over a gap open longer than a grace period
//   (sequence-watch.ts).
// - deaths: an NDEATH counts only if it ends the newest stored NBIRTH's session
//   (checked in the batch's transaction, ingest-writer.ts).
// - projections: written so that the processes' commits in any order give
//   what one process would (ingest-writer.ts).
// - de-duplication: the unique message key holds across processes as it does
//   across restarts.
// A process that dies leaves what it was delivered, and what the broker
// queues for its session meanwhile, with its persistent session (Mosquitto
// keeps giving the dead member its turn and queues for it); restarted with
// the same instance id it gets them and stores them.
import { hash } from 'node:crypto';
import type { Database } from '../../core/db/store.js';
import {
  type BirthRecord,
  HostSession,
  type MetricUpdate,
  type RebirthRequest,
  rebirthRequest,
} from './host-session.js';
import {
  type Batch,
  type DeadLetterRow,
  type MessageRows,
  type NodeOffline,
  type SequenceRow,
  type WriterOptions,
  writeBatch,
} from './ingest-writer.js';
import { checkSequences, pruneMessageLog } from './sequence-watch.js';
import { SharedBirths } from './shared-births.js';
import {
  encodePayload,
  formatTopic,
  groupSubscription,
  readMessage,
  type SparkplugMessage,
} from './sparkplug.js';
import { createSubscriber, type Delivery, type Subscriber } from './subscriber.js';

export interface IngestLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface IngestOptions extends WriterOptions {
  db: Database;
  mqttUrl: string;
  group: string;
  /** Stable across restarts: the broker keeps the session (and unacknowledged messages) under it. */
  clientId: string;
  logger?: IngestLogger;
  /** Most messages in one transaction (default 2,000). */
  maxBatch?: number;
  /** How long a batch that is not full waits for more messages before it is written (ms, default 10). */
  lingerMs?: number;
  /**
   * Batches written at once (default 1). More than one needs a database with
   * as many connections to spare (PostgreSQL; PGlite has one connection).
   */
  concurrentBatches?: number;
  /** MQTT protocol to the broker: 5, 4 (3.1.1) or 'auto' (default: 5, else 3.1.1). */
  protocol?: 4 | 5 | 'auto';
  /** Ask a silent edge node for a rebirth again after this long (ms). */
  rebirthRetryMs?: number;
  /** Clock for received_at (ms). */
  now?: () => number;
  /** Share the ingest with other processes through an MQTT 5 shared subscription. */
  shared?: SharedIngestOptions;
}

export interface SharedIngestOptions {
  /** The shared subscription's name: `$share/{shareGroup}/spBv1.0/{group}/#`. */
  shareGroup: string;
  /** This process's id (LOTLINE_INSTANCE_ID), logged with what it stored. */
  instance: string;
  /** Longest a message waits for a birth another process may still be committing (ms, default 8,000). */
  holdMs?: number;
  /** A seq gap younger than this may still be filled (ms, default 20,000; more than holdMs). */
  sequenceGraceMs?: number;
  /** How often births are read and the sequence checked (ms, default 250 and 1,000). */
  birthRefreshMs?: number;
  sequenceCheckMs?: number;
}

export interface IngestStats {
  /** Messages received (including deliveries again). */
  received: number;
  /** Messages acknowledged to the broker after their batch committed. */
  acknowledged: number;
  /** Metric rows inserted into machine_events. */
  events: number;
  /** Metric rows skipped because their message was already stored. */
  duplicates: number;
  /** Dead letters inserted. */
  deadLetters: number;
  batches: number;
  commitFailures: number;
  rebirthRequests: number;
  /** Messages waiting for their commit. */
  pending: number;
  /** Deliveries again of a message this process already holds (a reconnection). */
  redeliveries: number;
  /** Batches written again against the unique key because COPY met a stored message. */
  checkedBatches: number;
  /** Shared ingest: messages waiting for a birth another process may hold. */
  held: number;
  /** Shared ingest: gaps the sequence check asked a rebirth for (from this process). */
  sequenceGaps: number;
}

export interface Ingest {
  /** Commits what is buffered and acknowledges it. */
  flush(): Promise<void>;
  /** Flushes, then disconnects; messages not yet committed stay with the broker. */
  stop(): Promise<void>;
  stats(): IngestStats;
  /** For monitoring: the broker connection, and when the oldest message not yet committed arrived (the lag). */
  health(): IngestHealth;
}

export interface IngestHealth {
  connected: boolean;
  oldestPendingAt: Date | undefined;
}

interface Pending {
  topic: string;
  bytes: Uint8Array;
  key: string;
  receivedAt: Date;
  /** The metric rows to store, if any. */
  rows: MessageRows | undefined;
  deadLetter: DeadLetterRow | undefined;
  offline: NodeOffline[];
  ack: () => void;
  /** Shared ingest: the birth this message was, to store for the others. */
  birth?: BirthRecord;
  /** Shared ingest: its place in its node's sequence. */
  sequence?: SequenceRow;
}

const noopLogger: IngestLogger = { info() {}, warn() {}, error() {} };

/** The batch before this one was given up (while stopping): this one must not commit after it. */
class BatchAbandoned extends Error {}

/** The de-duplication key of a message: SHA-256 (hex) of its topic, a NUL and its bytes. */
export function messageKey(topic: string, payload: Uint8Array): string {
  // One buffer and the one-shot hash: half the time of a Hash object per
  // message, for the same key (the topic, a NUL, the payload).
  const topicBytes = Buffer.byteLength(topic);
  const keyed = Buffer.allocUnsafe(topicBytes + 1 + payload.byteLength);
  keyed.write(topic, 0, 'utf8');
  keyed[topicBytes] = 0;
  keyed.set(payload, topicBytes + 1);
  return hash('sha256', keyed, 'hex');
}

/** The SQLSTATE of a database error, as node-postgres, PGlite or Drizzle's wrapper carry it. */
function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = e.cause?.code ?? e.code;
  return typeof code === 'string' ? code : undefined;
}

// JS dates end at ±8.64e15 ms; PostgreSQL's timestamptz reaches further.
const MAX_DATE_MS = 8.64e15;

/** Why an update cannot be stored, or undefined. */
function storageProblem(u: MetricUpdate): string | undefined {
  if (!(u.timestamp >= 0 && u.timestamp <= MAX_DATE_MS)) {
    return `metric "${u.name}": timestamp ${u.timestamp} is out of range`;
  }
  if (typeof u.value === 'string' && u.value.includes('\u0000')) {
    return `metric "${u.name}": text with a NUL character`;
  }
  return undefined;
}

function deadLetterOf(p: Pending, reason: string): DeadLetterRow {
  return {
    receivedAt: p.receivedAt,
    messageKey: p.key,
    topic: p.topic,
    payload: Buffer.from(p.bytes),
    reason,
  };
}

export async function startIngest(options: IngestOptions): Promise<Ingest> {
  const { db, group } = options;
  const log = options.logger ?? noopLogger;
  const maxBatch = options.maxBatch ?? 2_000;
  const lingerMs = options.lingerMs ?? 10;
  const concurrentBatches = Math.max(1, Math.floor(options.concurrentBatches ?? 1));
  // Past this many messages waiting, reading pauses and the broker holds the rest.
  const highWater = maxBatch * 4;
  const now = options.now ?? Date.now;
  const shared = options.shared;
  const host = new HostSession({
    rebirthRetryMs: options.rebirthRetryMs ?? 5_000,
    sharedStream: shared !== undefined,
  });

  const writer: WriterOptions = {
    ...(options.outputStation ? { outputStation: options.outputStation } : {}),
    ...(options.stationOrder ? { stationOrder: options.stationOrder } : {}),
    ...(shared ? { sharedBy: shared.instance } : {}),
  };
  const stats: IngestStats = {
    received: 0,
    acknowledged: 0,
    events: 0,
    duplicates: 0,
    deadLetters: 0,
    batches: 0,
    commitFailures: 0,
    rebirthRequests: 0,
    pending: 0,
    redeliveries: 0,
    checkedBatches: 0,
    held: 0,
    sequenceGaps: 0,
  };

  let queue: Pending[] = [];
  /** The batches being written, for the age of the oldest message not yet committed. */
  const committing = new Set<Pending[]>();
  let connected = false;
  let writing: Promise<void> | undefined;
  let scheduled = false;
  let stopping = false;
  let stopped: Promise<void> | undefined;

  let subscriber: Subscriber | undefined;
  // Keys of the messages this process took in, so that one the broker delivers
  // again after a lost connection is not fed to the host session twice (its
  // sequence number would read as a gap). The database's unique key covers
  // deliveries again after a restart.
  const seen = new Set<string>();
  const seenOrder: string[] = [];
  const SEEN_LIMIT = 200_000;
  const remember = (key: string) => {
    seen.add(key);
    seenOrder.push(key);
    if (seenOrder.length > SEEN_LIMIT * 1.5) {
      for (const old of seenOrder.splice(0, seenOrder.length - SEEN_LIMIT)) seen.delete(old);
    }
  };

  const askRebirth = (action: RebirthRequest) => {
    stats.rebirthRequests += 1;
    log.info(
      { node: action.node, reason: action.reason },
      'telemetry ingest: asking for a rebirth',
    );
    // Sparkplug B commands travel at QoS 0; an unanswered one is asked again.
    const sent = subscriber?.publish(
      formatTopic(action.command.topic),
      Buffer.from(encodePayload(action.command.payload)),
    );
    if (!sent) log.warn({ node: action.node }, 'telemetry ingest: rebirth request not sent');
  };
  // A request can be lost (QoS 0, a broker restart); one the node did not
  // answer is repeated even when the node sends nothing more meanwhile.
  const retryMs = options.rebirthRetryMs ?? 5_000;
  const rebirthTimer = setInterval(
    () => {
      for (const action of host.overdueRebirths(now())) askRebirth(action);
    },
    Math.max(250, retryMs / 2),
  );
  rebirthTimer.unref();

  /** The message to queue, or undefined when it is held for a birth (shared ingest). */
  const toPending = (delivery: Delivery): Pending | undefined => {
    const { topic, payload: bytes, ack } = delivery;
    const key = messageKey(topic, bytes);
    const receivedAt = new Date(now());
    const pending: Pending = {
      topic,
      bytes,
      key,
      receivedAt,
      rows: undefined,
      deadLetter: undefined,
      offline: [],
      ack,
    };
    const dead = (reason: string) => {
      pending.rows = undefined;
      pending.offline = [];
      pending.deadLetter = deadLetterOf(pending, reason);
    };
    if (seen.has(key)) {
      stats.redeliveries += 1;
      // Delivered again (a new connection) while held: the new delivery's
      // PUBACK is the one that counts, and it must wait for the store.
      const waiting = held.find((h) => h.pending.key === key);
      if (waiting) {
        waiting.pending.ack = ack;
        return undefined;
      }
      return pending;
    }
    remember(key);
    const read = readMessage(topic, bytes);
    if (!read.ok) {
      dead(read.reason);
      return pending;
    }
    const message: SparkplugMessage = read.value;
    if (shared && 'payload' in message) {
      const { topic: t, payload } = message;
      if (payload.seq !== undefined && t.type !== 'NCMD' && t.type !== 'DCMD') {
        pending.sequence = {
          messageKey: key,
          group: t.group,
          node: t.node,
          seq: payload.seq,
          birth: t.type === 'NBIRTH' || t.type === 'DBIRTH',
          sentAt: new Date(payload.timestamp ?? receivedAt.getTime()),
          receivedAt,
        };
      }
    }
    return resolvePending(pending, message) ? pending : holdForBirth(pending, message);
  };

  // Feeds the message to the host session and fills in what to store; false
  // when (shared ingest only) it waits for a birth another process may hold.
  const resolvePending = (pending: Pending, message: SparkplugMessage): boolean => {
    const { key, receivedAt } = pending;
    const dead = (reason: string) => {
      pending.rows = undefined;
      pending.offline = [];
      pending.deadLetter = deadLetterOf(pending, reason);
    };
    const step = host.receive(message, receivedAt.getTime(), key);
    if (step.awaitingBirth) return false;
    for (const action of step.actions) askRebirth(action);
    if (step.outcome === 'refused') {
      dead(step.reason ?? 'refused by the host session');
      return true;
    }
    if (step.birth) pending.birth = step.birth;
    for (const change of step.changes) {
      if (change.kind === 'node_offline') {
        const bdSeq = shared ? host.status(change.group, change.node)?.bdSeq : undefined;
        pending.offline.push({
          group: change.group,
          node: change.node,
          at: new Date(change.timestamp),
          ...(bdSeq !== undefined && bdSeq !== null ? { bdSeq } : {}),
        });
      }
    }
    if (!('payload' in message)) return true;
    const { topic: t, payload } = message;
    if (step.updates.length === 0) return true;
    for (const u of step.updates) {
      const problem = storageProblem(u);
      if (problem) {
        dead(problem);
        return true;
      }
    }
    pending.rows = {
      receivedAt,
      messageKey: key,
      messageType: t.type,
      seq: payload.seq ?? null,
      bdSeq: step.birth?.bdSeq ?? host.status(t.group, t.node)?.bdSeq ?? null,
      updates: step.updates,
    };
    return true;
  };

  // ----- shared ingest: messages waiting for a birth, births, the sequence check
  interface Held {
    pending: Pending;
    message: SparkplugMessage;
    since: number;
  }
  let held: Held[] = [];
  const holdMs = shared?.holdMs ?? 8_000;
  const births = shared ? new SharedBirths(db, group, host) : undefined;
  // One rebirth request per node and retry interval from this process for
  // data it gave up holding (the sequence check rate-limits its own).
  const askedForBirth = new Map<string, number>();
  const holdForBirth = (pending: Pending, message: SparkplugMessage): Pending | undefined => {
    held.push({ pending, message, since: now() });
    stats.held += 1;
    return undefined;
  };
  let retrying: Promise<void> | undefined;
  const retryHeld = (): Promise<void> => {
    retrying ??= (async () => {
      try {
        await births?.refresh();
      } catch (error) {
        log.warn({ err: error }, 'telemetry ingest: reading the stored births failed');
      }
      const waiting = held;
      held = [];
      const at = now();
      for (const h of waiting) {
        if (resolvePending(h.pending, h.message)) {
          enqueue(h.pending);
          continue;
        }
        // While stopping it stays held: unacknowledged, the broker gives it again.
        if (at - h.since < holdMs || stopping) {
          held.push(h);
          continue;
        }
        // No process stored a birth that explains it in time: data before a
        // birth, as on a single process. The births a rebirth brings restore
        // every current value.
        const { topic } = h.message as { topic: { group: string; node: string; type: string } };
        h.pending.deadLetter = deadLetterOf(
          h.pending,
          `${topic.type}: no birth explains it (waited ${holdMs} ms for one from any ingest process)`,
        );
        log.warn(
          { topic: h.pending.topic, heldMs: at - h.since },
          'telemetry ingest: no stored birth explains a held message; dead-lettered',
        );
        const nodeKey = `${topic.group}/${topic.node}`;
        const last = askedForBirth.get(nodeKey);
        if (last === undefined || at - last >= retryMs) {
          askedForBirth.set(nodeKey, at);
          askRebirth(rebirthRequest(topic.group, topic.node, 'data no stored birth explains', at));
        }
        enqueue(h.pending);
      }
      stats.held = held.length;
    })().finally(() => {
      retrying = undefined;
    });
    return retrying;
  };
  const sharedTimers: NodeJS.Timeout[] = [];
  if (shared) {
    await births?.refresh();
    sharedTimers.push(
      setInterval(() => void retryHeld(), shared.birthRefreshMs ?? 250),
      setInterval(
        () =>
          void (async () => {
            const gaps = await checkSequences({
              db,
              group,
              graceMs: shared.sequenceGraceMs ?? 20_000,
              rebirthRetryMs: retryMs,
              now,
            });
            for (const gap of gaps) {
              stats.sequenceGaps += 1;
              askRebirth(
                rebirthRequest(
                  gap.group,
                  gap.node,
                  `seq ${gap.missing} missing from the stored stream`,
                  now(),
                ),
              );
            }
            if (Math.random() < 0.01) {
              await pruneMessageLog(db, group, new Date(now() - 3_600_000));
            }
          })().catch((error: unknown) =>
            log.warn({ err: error }, 'telemetry ingest: sequence check failed'),
          ),
        shared.sequenceCheckMs ?? 1_000,
      ),
    );
    for (const timer of sharedTimers) timer.unref();
  }

  const commit = async (items: Pending[], turn: () => Promise<void>): Promise<void> => {
    const batch: Batch = { messages: [], deadLetters: [], offline: [] };
    for (const item of items) {
      if (item.rows) batch.messages.push(item.rows);
      if (item.deadLetter) batch.deadLetters.push(item.deadLetter);
      batch.offline.push(...item.offline);
    }
    if (shared) {
      batch.births = [];
      batch.sequence = [];
      for (const item of items) {
        if (item.birth && !item.deadLetter) batch.births.push(item.birth);
        if (item.sequence) batch.sequence.push(item.sequence);
      }
    }
    let result: Awaited<ReturnType<typeof writeBatch>>;
    try {
      result = await writeBatch(db, batch, { ...writer, turn, assumeNew: true });
    } catch (error) {
      // A message stored before (delivered again after a restart): write the
      // batch again, skipping the rows already there.
      if (sqlState(error) !== '23505') throw error;
      stats.checkedBatches += 1;
      result = await writeBatch(db, batch, { ...writer, turn });
    }
    stats.batches += 1;
    stats.events += result.inserted;
    stats.duplicates += result.duplicates;
    stats.deadLetters += result.deadLetters;
  };

  // Commits until it succeeds (the PUBACKs held meanwhile); a batch the
  // database refuses as data is split, and a single message it refuses is
  // dead-lettered with the database's reason.
  const commitDurably = async (items: Pending[], turn: () => Promise<void>): Promise<void> => {
    let delay = 100;
    for (;;) {
      try {
        await commit(items, turn);
        return;
      } catch (error) {
        if (error instanceof BatchAbandoned) throw error;
        stats.commitFailures += 1;
        const code = sqlState(error);
        if (typeof code === 'string' && code.startsWith('22')) {
          if (items.length > 1) {
            for (const item of items) await commitDurably([item], turn);
            return;
          }
          const item = items[0] as Pending;
          log.warn({ err: error }, 'telemetry ingest: a message the database refuses');
          item.rows = undefined;
          item.offline = [];
          item.deadLetter = deadLetterOf(
            item,
            `refused by the database: ${(error as Error).message}`,
          );
          continue;
        }
        log.error({ err: error, delay }, 'telemetry ingest: commit failed; retrying');
        if (stopping && stats.commitFailures > 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5_000);
      }
    }
  };

  // Settles true once the latest batch is committed and acknowledged, false
  // if it was given up (only while stopping).
  let latest: Promise<boolean> = Promise.resolve(true);

  const commitInTurn = async (items: Pending[], previous: Promise<boolean>): Promise<boolean> => {
    const turn = async () => {
      if (!(await previous)) throw new BatchAbandoned('an earlier batch was not committed');
    };
    try {
      await commitDurably(items, turn);
    } catch (error) {
      // Only while stopping: give up, unacknowledged, and leave the messages
      // (and those behind them) to the broker's session.
      log.error({ err: error }, 'telemetry ingest: stopping with messages not committed');
      stats.pending -= items.length;
      return false;
    }
    await previous;
    stats.pending -= items.length;
    // In arrival order, as MQTT asks of PUBACKs.
    for (const item of items) {
      item.ack();
      stats.acknowledged += 1;
    }
    if (!stopping && queue.length < highWater / 2) subscriber?.resume();
    return true;
  };

  const drain = async (): Promise<void> => {
    const inFlight = new Set<Promise<boolean>>();
    let gaveUp = false;
    while ((queue.length > 0 && !gaveUp) || inFlight.size > 0) {
      if (inFlight.size >= concurrentBatches || queue.length === 0 || gaveUp) {
        if (!(await Promise.race(inFlight))) gaveUp = true;
        continue;
      }
      // A short wait for a batch that is not full yet: a transaction costs
      // about the same for 50 messages as for 2,000, and on the embedded
      // defaults the broker, the ingest and PGlite share one thread, so
      // messages only arrive while the writer waits.
      if (queue.length < maxBatch && lingerMs > 0 && !stopping) {
        await new Promise((resolve) => setTimeout(resolve, lingerMs));
      }
      const items = queue.slice(0, maxBatch);
      queue = queue.slice(items.length);
      const written = commitInTurn(items, latest);
      latest = written;
      inFlight.add(written);
      committing.add(items);
      void written.then(() => {
        inFlight.delete(written);
        committing.delete(items);
      });
    }
    if (gaveUp) {
      stats.pending -= queue.length;
      queue = [];
    }
  };

  const startDrain = (): Promise<void> => {
    writing ??= drain().finally(() => {
      writing = undefined;
      if (queue.length > 0) void startDrain();
    });
    return writing;
  };

  const onMessage = (delivery: Delivery) => {
    if (stopping) return; // left unacknowledged: the broker keeps it for the session
    stats.received += 1;
    let pending: Pending | undefined;
    try {
      pending = toPending(delivery);
    } catch (error) {
      // A bug here must not stop ingest: keep the message as a dead letter.
      pending = {
        topic: delivery.topic,
        bytes: delivery.payload,
        key: messageKey(delivery.topic, delivery.payload),
        receivedAt: new Date(now()),
        rows: undefined,
        offline: [],
        deadLetter: undefined,
        ack: delivery.ack,
      };
      pending.deadLetter = deadLetterOf(
        pending,
        `ingest failed on it: ${(error as Error).message}`,
      );
    }
    if (pending) enqueue(pending);
  };

  function enqueue(pending: Pending): void {
    queue.push(pending);
    stats.pending += 1;
    if (queue.length >= highWater) subscriber?.pause();
    if (writing === undefined && !scheduled) {
      // Gather what else is already in the socket, then write.
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void startDrain();
      });
    }
  }

  const connection = createSubscriber({
    url: options.mqttUrl,
    clientId: options.clientId,
    // MQTT 5 §4.8.2; a 3.1.1 broker would take `$share/…` for a topic name.
    filter: shared
      ? `$share/${shared.shareGroup}/${groupSubscription(group)}`
      : groupSubscription(group),
    protocol: shared ? 5 : (options.protocol ?? 'auto'),
    onMessage,
    onConnect: ({ protocol, sessionPresent }) => {
      connected = true;
      log.info({ protocol, sessionPresent }, 'telemetry ingest: connected to the broker');
    },
    onDisconnect: (error) => {
      connected = false;
      log.warn({ err: error }, 'telemetry ingest: connection to the broker lost; reconnecting');
    },
  });
  subscriber = connection;
  try {
    await connection.start();
  } catch (error) {
    clearInterval(rebirthTimer);
    for (const timer of sharedTimers) clearInterval(timer);
    throw error;
  }

  const flush = async (): Promise<void> => {
    while (queue.length > 0 || writing !== undefined) await (writing ?? startDrain());
  };

  return {
    flush,
    stats: () => ({ ...stats }),
    health: () => {
      let oldest = queue[0]?.receivedAt;
      for (const items of committing) {
        const first = items[0]?.receivedAt;
        if (first && (!oldest || first < oldest)) oldest = first;
      }
      return { connected: connected && !stopping, oldestPendingAt: oldest };
    },
    stop() {
      stopped ??= (async () => {
        // Messages that arrive from now on stay unacknowledged with the broker.
        stopping = true;
        clearInterval(rebirthTimer);
        for (const timer of sharedTimers) clearInterval(timer);
        subscriber?.pause();
        try {
          await flush();
        } finally {
          await subscriber?.close();
        }
      })();
      return stopped;
    },
  };
}

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
// How the PUBACK is held back: mqtt.js calls `handleMessage(packet, callback)`
// for each incoming PUBLISH and sends the PUBACK when the callback is called;
// that hook works with MQTT 3.1.1 and 5 alike. (`customHandleAcks` is honoured
// only with protocolVersion 5, which the embedded aedes broker does not speak.)
// mqtt.js reads the next packet only once the callback ran, so while a batch
// is being committed the next messages wait in the socket; a batch holds what
// arrived before the pump stopped — in practice one message at a time.
// A commit that fails is retried with a back-off, the PUBACK still held; a
// message the database refuses as data (SQLSTATE class 22) is dead-lettered.
import { createHash } from 'node:crypto';
import { connect, type IPublishPacket, type MqttClient } from 'mqtt';
import type { Database } from '../../core/db/store.js';
import { HostSession, type MetricUpdate } from './host-session.js';
import {
  type Batch,
  type DeadLetterRow,
  type EventRow,
  type NodeOffline,
  valueColumns,
  type WriterOptions,
  writeBatch,
} from './ingest-writer.js';
import {
  encodePayload,
  formatTopic,
  groupSubscription,
  readMessage,
  type SparkplugMessage,
} from './sparkplug.js';

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
  /** Most messages in one transaction (default 500). */
  maxBatch?: number;
  /** Ask a silent edge node for a rebirth again after this long (ms). */
  rebirthRetryMs?: number;
  /** Clock for received_at (ms). */
  now?: () => number;
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
}

export interface Ingest {
  /** Commits what is buffered and acknowledges it. */
  flush(): Promise<void>;
  /** Flushes, then disconnects; messages not yet committed stay with the broker. */
  stop(): Promise<void>;
  stats(): IngestStats;
}

interface Pending {
  topic: string;
  bytes: Uint8Array;
  key: string;
  receivedAt: Date;
  events: EventRow[];
  deadLetter: DeadLetterRow | undefined;
  offline: NodeOffline[];
  ack: () => void;
}

const noopLogger: IngestLogger = { info() {}, warn() {}, error() {} };

/** The de-duplication key of a message: SHA-256 (hex) of its topic, a NUL and its bytes. */
export function messageKey(topic: string, payload: Uint8Array): string {
  return createHash('sha256').update(topic).update('\u0000').update(payload).digest('hex');
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
  const maxBatch = options.maxBatch ?? 500;
  const now = options.now ?? Date.now;
  const host = new HostSession({ rebirthRetryMs: options.rebirthRetryMs ?? 5_000 });
  const writer: WriterOptions = options.outputStation
    ? { outputStation: options.outputStation }
    : {};
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
  };

  let queue: Pending[] = [];
  let writing: Promise<void> | undefined;
  let scheduled = false;
  let stopping = false;
  let stopped: Promise<void> | undefined;

  // The client is made here rather than by connectMqtt so that handleMessage
  // is in place before the CONNACK: a resumed session's messages can follow it
  // at once, and the default handler would acknowledge them unwritten.
  const client: MqttClient = connect(options.mqttUrl, {
    clientId: options.clientId,
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    manualConnect: true,
  });

  const toPending = (packet: IPublishPacket, ack: () => void): Pending => {
    const topic = packet.topic;
    const bytes: Uint8Array =
      typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const key = messageKey(topic, bytes);
    const receivedAt = new Date(now());
    const pending: Pending = {
      topic,
      bytes,
      key,
      receivedAt,
      events: [],
      deadLetter: undefined,
      offline: [],
      ack,
    };
    const dead = (reason: string) => {
      pending.events = [];
      pending.offline = [];
      pending.deadLetter = deadLetterOf(pending, reason);
    };
    const read = readMessage(topic, bytes);
    if (!read.ok) {
      dead(read.reason);
      return pending;
    }
    const message: SparkplugMessage = read.value;
    const step = host.receive(message, receivedAt.getTime());
    for (const action of step.actions) {
      stats.rebirthRequests += 1;
      log.info(
        { node: action.node, reason: action.reason },
        'telemetry ingest: asking for a rebirth',
      );
      client.publish(
        formatTopic(action.command.topic),
        Buffer.from(encodePayload(action.command.payload)),
        { qos: 1 },
        (error) => {
          if (error) log.warn({ err: error }, 'telemetry ingest: rebirth request not sent');
        },
      );
    }
    if (step.outcome === 'refused') {
      dead(step.reason ?? 'refused by the host session');
      return pending;
    }
    for (const change of step.changes) {
      if (change.kind === 'node_offline') {
        pending.offline.push({
          group: change.group,
          node: change.node,
          at: new Date(change.timestamp),
        });
      }
    }
    if (!('payload' in message)) return pending;
    const { topic: t, payload } = message;
    const bdSeq = step.updates.length > 0 ? host.status(t.group, t.node)?.bdSeq : undefined;
    for (const [index, u] of step.updates.entries()) {
      const problem = storageProblem(u);
      if (problem) {
        dead(problem);
        return pending;
      }
      pending.events.push({
        receivedAt,
        messageKey: key,
        metricIndex: index,
        messageType: t.type,
        groupId: u.group,
        node: u.node,
        device: u.device,
        metric: u.name,
        datatype: u.datatype,
        ...valueColumns(u.value),
        birth: u.birth,
        metricAt: new Date(u.timestamp),
        seq: payload.seq ?? null,
        bdSeq: bdSeq ?? null,
      });
    }
    return pending;
  };

  const commit = async (items: Pending[]): Promise<void> => {
    const batch: Batch = { events: [], deadLetters: [], offline: [] };
    for (const item of items) {
      batch.events.push(...item.events);
      if (item.deadLetter) batch.deadLetters.push(item.deadLetter);
      batch.offline.push(...item.offline);
    }
    const result = await writeBatch(db, batch, writer);
    stats.batches += 1;
    stats.events += result.inserted;
    stats.duplicates += result.duplicates;
    stats.deadLetters += result.deadLetters;
  };

  // Commits until it succeeds (the PUBACKs held meanwhile); a batch the
  // database refuses as data is split, and a single message it refuses is
  // dead-lettered with the database's reason.
  const commitDurably = async (items: Pending[]): Promise<void> => {
    let delay = 100;
    for (;;) {
      try {
        await commit(items);
        return;
      } catch (error) {
        stats.commitFailures += 1;
        const code =
          (error as { code?: unknown; cause?: { code?: unknown } }).cause?.code ??
          (error as { code?: unknown }).code;
        if (typeof code === 'string' && code.startsWith('22')) {
          if (items.length > 1) {
            for (const item of items) await commitDurably([item]);
            return;
          }
          const item = items[0] as Pending;
          log.warn({ err: error }, 'telemetry ingest: a message the database refuses');
          item.events = [];
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

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const items = queue.slice(0, maxBatch);
      queue = queue.slice(items.length);
      try {
        await commitDurably(items);
      } catch (error) {
        // Only while stopping: give up, unacknowledged, and leave the
        // messages (and those behind them) to the broker's session.
        log.error({ err: error }, 'telemetry ingest: stopping with messages not committed');
        stats.pending -= items.length + queue.length;
        queue = [];
        return;
      }
      stats.pending -= items.length;
      // In arrival order, as MQTT asks of PUBACKs.
      for (const item of items) {
        item.ack();
        stats.acknowledged += 1;
      }
    }
  };

  const startDrain = (): Promise<void> => {
    writing ??= drain().finally(() => {
      writing = undefined;
      if (queue.length > 0) void startDrain();
    });
    return writing;
  };

  client.handleMessage = (packet, callback) => {
    if (stopping) return; // left unacknowledged: the broker keeps it for the session
    stats.received += 1;
    let pending: Pending;
    try {
      pending = toPending(packet, () => callback());
    } catch (error) {
      // A bug here must not stop ingest: keep the message as a dead letter.
      const bytes =
        typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      pending = {
        topic: packet.topic,
        bytes,
        key: messageKey(packet.topic, bytes),
        receivedAt: new Date(now()),
        events: [],
        offline: [],
        deadLetter: undefined,
        ack: () => callback(),
      };
      pending.deadLetter = deadLetterOf(
        pending,
        `ingest failed on it: ${(error as Error).message}`,
      );
    }
    queue.push(pending);
    stats.pending += 1;
    if (queue.length >= maxBatch) void startDrain();
    else if (!scheduled) {
      // Gather what else is already parsed, then write.
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        void startDrain();
      });
    }
  };

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      client.off('connect', connected);
      client.end(true);
      reject(error);
    };
    const connected = () => {
      client.off('error', failed);
      resolve();
    };
    client.once('connect', connected);
    client.once('error', failed);
    client.connect();
  });
  // After the first connection, errors are news: the client reconnects itself.
  client.on('error', (error) => log.warn({ err: error }, 'telemetry ingest: MQTT error'));
  await client.subscribeAsync(groupSubscription(group), { qos: 1 });

  const flush = async (): Promise<void> => {
    while (queue.length > 0 || writing !== undefined) await (writing ?? startDrain());
  };

  return {
    flush,
    stats: () => ({ ...stats }),
    stop() {
      stopped ??= (async () => {
        // Messages that arrive from now on stay unacknowledged with the broker.
        stopping = true;
        try {
          await flush();
        } finally {
          // A clean DISCONNECT waits for the socket to close, which it cannot
          // while a held message stops mqtt.js from reading; so once the
          // PUBACKs left the socket's buffer, the connection is dropped.
          const stream = client.stream as { writableLength?: number } | undefined;
          const deadline = Date.now() + 2_000;
          while ((stream?.writableLength ?? 0) > 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          await client.endAsync(true);
        }
      })();
      return stopped;
    },
  };
}

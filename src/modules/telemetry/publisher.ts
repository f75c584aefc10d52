// A line's edge node: publishes a simulated line's metric changes as Sparkplug
// B messages, as a real line's gateway would (Eclipse Sparkplug 3.0.0, Operational Behavior):
//
// - CONNECT carries the NDEATH as its will, with the session's bdSeq; every
//   new connection is a new session with the next bdSeq.
// - NBIRTH (seq 0, bdSeq, Node Control/Rebirth = false, current line values)
//   then a DBIRTH per station, each metric with its name and alias.
// - NDATA / DDATA carry aliases only; seq counts every message 0–255 and wraps.
// - An NCMD writing Node Control/Rebirth = true brings the births again.
// - close() publishes the NDEATH itself, since a clean DISCONNECT suppresses
//   the will.
//
// Data go out with QoS 1 by default, where Sparkplug asks for QoS 0: Lotline's
// ingest promises that an acknowledged message is never lost, which needs the
// broker to hold messages for it (see the ingest issue).
import type { MqttClient } from 'mqtt';
import { connectMqtt } from './broker.js';
import { type EdgeMessage, EdgeNodeMessages } from './edge-messages.js';
import type { LineSnapshot, MetricChange } from './simulator/line-model.js';
import { encodePayload, formatTopic, REBIRTH_METRIC, readMessage } from './sparkplug.js';

export interface EdgeNodeOptions {
  /** The broker: the embedded one's URL or MQTT_URL. */
  url: string;
  group: string;
  /** The edge node id: the line code. */
  node: string;
  /** Current values of every metric, for births (the first and each rebirth). */
  snapshot: () => LineSnapshot;
  /** bdSeq of the first session (0–255); later sessions count on from it. */
  bdSeq?: number;
  qos?: 0 | 1;
  clientId?: string;
  /** Clock for certificates that are not simulated data (the NDEATH). */
  now?: () => number;
  onError?: (error: Error) => void;
}

export interface EdgeNode {
  /** bdSeq of the current session. */
  readonly bdSeq: number;
  /** Publishes the changes: one NDATA and one DDATA per station that changed. */
  publish(changes: readonly MetricChange[]): Promise<void>;
  /** Publishes NBIRTH and DBIRTHs again with the snapshot's values. */
  rebirth(): Promise<void>;
  /** Publishes the NDEATH and disconnects. */
  close(): Promise<void>;
}

export async function connectEdgeNode(options: EdgeNodeOptions): Promise<EdgeNode> {
  const { group, node } = options;
  const qos = options.qos ?? 1;
  const now = options.now ?? Date.now;
  let bdSeq = (options.bdSeq ?? 0) % 256;
  const messages = new EdgeNodeMessages(group, node);

  const deathWill = () => {
    const death = messages.death(bdSeq, now());
    return {
      topic: formatTopic(death.topic),
      payload: Buffer.from(encodePayload(death.payload)),
      qos: 1 as const,
      retain: false,
    };
  };

  const client: MqttClient = await connectMqtt(options.url, {
    clientId: options.clientId ?? `lotline-edge-${group}-${node}-${process.pid}`,
    clean: true,
    will: deathWill(),
    ...(options.onError ? { onError: options.onError } : {}),
  });

  // One message at a time, in order: seq must reach the broker as counted.
  let queue: Promise<void> = Promise.resolve();
  const serial = (task: () => Promise<void>): Promise<void> => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };
  const send = async (batch: readonly EdgeMessage[]) => {
    for (const { topic, payload } of batch) {
      await client.publishAsync(formatTopic(topic), Buffer.from(encodePayload(payload)), { qos });
    }
  };
  const births = () => send(messages.births(options.snapshot(), bdSeq));

  const rebirth = () => serial(births);

  // A host asks for births with an NCMD writing Node Control/Rebirth = true,
  // by name or by the alias the NBIRTH gave it.
  const commandTopic = formatTopic({ type: 'NCMD', group, node });
  client.on('message', (topic, bytes) => {
    if (topic !== commandTopic) return;
    const message = readMessage(topic, bytes);
    if (!message.ok || !('payload' in message.value)) return;
    const rebirthAlias = messages.rebirthAlias;
    const asked = message.value.payload.metrics.some(
      (m) =>
        (m.name === REBIRTH_METRIC || (m.alias !== undefined && m.alias === rebirthAlias)) &&
        m.value === true,
    );
    if (asked) rebirth().catch((error: Error) => options.onError?.(error));
  });

  // A lost connection ends the session: the broker sends this session's will,
  // the next CONNECT carries the next bdSeq, and births follow it.
  client.on('close', () => {
    bdSeq = (bdSeq + 1) % 256;
    client.options.will = deathWill();
  });
  client.on('connect', () => {
    rebirth().catch((error: Error) => options.onError?.(error));
  });

  await client.subscribeAsync(commandTopic, { qos: 1 });
  await rebirth();

  let closing: Promise<void> | undefined;
  return {
    get bdSeq() {
      return bdSeq;
    },
    publish: (changes) => serial(() => send(messages.data(changes))),
    rebirth,
    close() {
      closing ??= serial(async () => {
        const death = deathWill();
        await client.publishAsync(death.topic, death.payload, { qos: 1 });
        await client.endAsync();
      });
      return closing;
    },
  };
}

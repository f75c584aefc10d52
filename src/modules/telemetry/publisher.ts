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
import { invalid } from '../../core/errors.js';
import { connectMqtt } from './broker.js';
import type { LineSnapshot, MetricChange } from './simulator/line-model.js';
import {
  BD_SEQ_METRIC,
  type EdgeTopic,
  encodePayload,
  formatTopic,
  REBIRTH_METRIC,
  readMessage,
  type ScalarDataType,
  type SparkplugMetric,
  type SparkplugPayload,
} from './sparkplug.js';

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

interface Alias {
  alias: number;
  datatype: ScalarDataType;
}

const NODE = '';

export async function connectEdgeNode(options: EdgeNodeOptions): Promise<EdgeNode> {
  const { group, node } = options;
  const qos = options.qos ?? 1;
  const now = options.now ?? Date.now;
  let bdSeq = (options.bdSeq ?? 0) % 256;
  let seq = 0;
  const aliases = new Map<string, Alias>();
  const aliasKey = (device: string | null, name: string) => `${device ?? NODE}\u0000${name}`;

  const nodeTopic = (type: 'NBIRTH' | 'NDATA' | 'NDEATH' | 'NCMD'): EdgeTopic => ({
    type,
    group,
    node,
  });
  const deathWill = () => ({
    topic: formatTopic(nodeTopic('NDEATH')),
    payload: Buffer.from(
      encodePayload({
        timestamp: now(),
        metrics: [{ name: BD_SEQ_METRIC, datatype: 'Int64', value: bdSeq }],
      }),
    ),
    qos: 1 as const,
    retain: false,
  });

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
  const send = async (topic: EdgeTopic, payload: SparkplugPayload) => {
    await client.publishAsync(formatTopic(topic), Buffer.from(encodePayload(payload)), { qos });
  };
  const nextSeq = () => {
    seq = (seq + 1) % 256;
    return seq;
  };
  const aliasFor = (device: string | null, name: string, datatype: ScalarDataType): number => {
    const key = aliasKey(device, name);
    let entry = aliases.get(key);
    if (!entry) {
      entry = { alias: aliases.size + 1, datatype };
      aliases.set(key, entry);
    }
    return entry.alias;
  };

  const births = async () => {
    const snapshot = options.snapshot();
    const timestamp = snapshot.timestamp;
    const born = (
      device: string | null,
      name: string,
      datatype: ScalarDataType,
      value: SparkplugMetric['value'],
    ): SparkplugMetric => ({
      name,
      alias: aliasFor(device, name, datatype),
      datatype,
      value,
      timestamp,
    });
    seq = 0;
    await send(nodeTopic('NBIRTH'), {
      timestamp,
      seq,
      metrics: [
        born(null, BD_SEQ_METRIC, 'Int64', bdSeq),
        born(null, REBIRTH_METRIC, 'Boolean', false),
        ...snapshot.node.map((m) => born(null, m.name, m.datatype, m.value)),
      ],
    });
    for (const { device, metrics } of snapshot.devices) {
      await send(
        { type: 'DBIRTH', group, node, device },
        {
          timestamp,
          seq: nextSeq(),
          metrics: metrics.map((m) => born(device, m.name, m.datatype, m.value)),
        },
      );
    }
  };

  const publishChanges = async (changes: readonly MetricChange[]) => {
    const byDevice = new Map<string | null, MetricChange[]>();
    for (const change of changes) {
      const list = byDevice.get(change.device);
      if (list) list.push(change);
      else byDevice.set(change.device, [change]);
    }
    for (const [device, list] of byDevice) {
      let timestamp = 0;
      const metrics = list.map((change): SparkplugMetric => {
        const entry = aliases.get(aliasKey(device, change.name));
        if (!entry) {
          throw invalid(`${change.name} of ${device ?? node} was not in the birth certificate`);
        }
        timestamp = Math.max(timestamp, change.timestamp);
        // tck payloads-alias-data-cmd-requirement: the alias stands for the name.
        return {
          alias: entry.alias,
          datatype: entry.datatype,
          value: change.value,
          timestamp: change.timestamp,
        };
      });
      const topic: EdgeTopic =
        device === null ? nodeTopic('NDATA') : { type: 'DDATA', group, node, device };
      await send(topic, { timestamp, seq: nextSeq(), metrics });
    }
  };

  const rebirth = () => serial(births);

  // A host asks for births with an NCMD writing Node Control/Rebirth = true,
  // by name or by the alias the NBIRTH gave it.
  const commandTopic = formatTopic(nodeTopic('NCMD'));
  client.on('message', (topic, bytes) => {
    if (topic !== commandTopic) return;
    const message = readMessage(topic, bytes);
    if (!message.ok || !('payload' in message.value)) return;
    const rebirthAlias = aliases.get(aliasKey(null, REBIRTH_METRIC))?.alias;
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
    publish: (changes) => serial(() => publishChanges(changes)),
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

// What a line's edge node says, as Sparkplug B messages (Eclipse Sparkplug
// 3.0.0, Operational Behavior), without the sending: births with names and
// aliases, data by alias with seq counting every message 0–255, and the death
// certificate. The publisher sends these over MQTT; the ingest benchmark
// encodes them ahead of time.
import { invalid } from '../../core/errors.js';
import type { LineSnapshot, MetricChange } from './simulator/line-model.js';
import {
  BD_SEQ_METRIC,
  type EdgeTopic,
  REBIRTH_METRIC,
  type ScalarDataType,
  type SparkplugMetric,
  type SparkplugPayload,
} from './sparkplug.js';

export interface EdgeMessage {
  topic: EdgeTopic;
  payload: SparkplugPayload;
}

interface Alias {
  alias: number;
  datatype: ScalarDataType;
}

const NODE = '';

export class EdgeNodeMessages {
  readonly group: string;
  readonly node: string;
  #seq = 0;
  readonly #aliases = new Map<string, Alias>();

  constructor(group: string, node: string) {
    this.group = group;
    this.node = node;
  }

  /** The alias the births gave Node Control/Rebirth, so a command may use it. */
  get rebirthAlias(): number | undefined {
    return this.#aliases.get(aliasKey(null, REBIRTH_METRIC))?.alias;
  }

  /** NBIRTH (seq 0, bdSeq, Node Control/Rebirth = false) and a DBIRTH per station. */
  births(snapshot: LineSnapshot, bdSeq: number): EdgeMessage[] {
    const timestamp = snapshot.timestamp;
    const born = (
      device: string | null,
      name: string,
      datatype: ScalarDataType,
      value: SparkplugMetric['value'],
    ): SparkplugMetric => ({
      name,
      alias: this.#aliasFor(device, name, datatype),
      datatype,
      value,
      timestamp,
    });
    this.#seq = 0;
    const messages: EdgeMessage[] = [
      {
        topic: this.#nodeTopic('NBIRTH'),
        payload: {
          timestamp,
          seq: 0,
          metrics: [
            born(null, BD_SEQ_METRIC, 'Int64', bdSeq),
            born(null, REBIRTH_METRIC, 'Boolean', false),
            ...snapshot.node.map((m) => born(null, m.name, m.datatype, m.value)),
          ],
        },
      },
    ];
    for (const { device, metrics } of snapshot.devices) {
      messages.push({
        topic: { type: 'DBIRTH', group: this.group, node: this.node, device },
        payload: {
          timestamp,
          seq: this.#nextSeq(),
          metrics: metrics.map((m) => born(device, m.name, m.datatype, m.value)),
        },
      });
    }
    return messages;
  }

  /** One NDATA for the line's own changes and one DDATA per station that changed. */
  data(changes: readonly MetricChange[]): EdgeMessage[] {
    const byDevice = new Map<string | null, MetricChange[]>();
    for (const change of changes) {
      const list = byDevice.get(change.device);
      if (list) list.push(change);
      else byDevice.set(change.device, [change]);
    }
    const messages: EdgeMessage[] = [];
    for (const [device, list] of byDevice) {
      let timestamp = 0;
      const metrics = list.map((change): SparkplugMetric => {
        const entry = this.#aliases.get(aliasKey(device, change.name));
        if (!entry) {
          throw invalid(
            'metric_not_in_birth',
            '{{metric}} of {{device}} was not in the birth certificate',
            { metric: change.name, device: device ?? this.node },
          );
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
        device === null
          ? this.#nodeTopic('NDATA')
          : { type: 'DDATA', group: this.group, node: this.node, device };
      messages.push({ topic, payload: { timestamp, seq: this.#nextSeq(), metrics } });
    }
    return messages;
  }

  /** The NDEATH of the session with this bdSeq (the will, or sent on a clean close). */
  death(bdSeq: number, timestamp: number): EdgeMessage {
    return {
      topic: this.#nodeTopic('NDEATH'),
      payload: { timestamp, metrics: [{ name: BD_SEQ_METRIC, datatype: 'Int64', value: bdSeq }] },
    };
  }

  #nodeTopic(type: 'NBIRTH' | 'NDATA' | 'NDEATH'): EdgeTopic {
    return { type, group: this.group, node: this.node };
  }

  #nextSeq(): number {
    this.#seq = (this.#seq + 1) % 256;
    return this.#seq;
  }

  #aliasFor(device: string | null, name: string, datatype: ScalarDataType): number {
    const key = aliasKey(device, name);
    let entry = this.#aliases.get(key);
    if (!entry) {
      entry = { alias: this.#aliases.size + 1, datatype };
      this.#aliases.set(key, entry);
    }
    return entry.alias;
  }
}

function aliasKey(device: string | null, name: string): string {
  return `${device ?? NODE}\u0000${name}`;
}

// The Sparkplug B wire format (Eclipse Sparkplug 3.0.0): the topic namespace
// and the protobuf payload. Pure: bytes and strings in, typed values out.
// Nothing here throws on input from the network; a message that cannot be
// read becomes { ok: false, reason } so that ingest can dead-letter it with
// its raw bytes and carry on.
//
// Payloads go through Eclipse Tahu's sparkplug-payload. Its protobufjs decoder
// returns every uint64 field (timestamps, seq, aliases, Int64/UInt64/DateTime
// values) as a Long; each is turned into a JS number here, and a value beyond
// Number.MAX_SAFE_INTEGER is refused rather than silently rounded.
import sparkplugPayload from 'sparkplug-payload';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload.js';
import protoRoot from 'sparkplug-payload/lib/sparkplugPayloadProto.js';
import { z } from 'zod';
import { invalid } from '../../core/errors.js';
import { formatPath } from '../../core/validation.js';

export const SPARKPLUG_NAMESPACE = 'spBv1.0';
/** The session number metric of NBIRTH and NDEATH (tck topics-nbirth-bdseq-included). */
export const BD_SEQ_METRIC = 'bdSeq';
/** The node control a host writes true to ask for births (tck payloads-nbirth-rebirth-req). */
export const REBIRTH_METRIC = 'Node Control/Rebirth';

const codec = (() => {
  const found = sparkplugPayload.get(SPARKPLUG_NAMESPACE);
  if (!found) throw new Error(`sparkplug-payload has no codec for ${SPARKPLUG_NAMESPACE}`);
  return found;
})();
const RawPayload = protoRoot.org.eclipse.tahu.protobuf.Payload;

/** A value read from the network, or the reason it cannot be used. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

// ---------------------------------------------------------------- topics ----

export const NODE_MESSAGE_TYPES = ['NBIRTH', 'NDATA', 'NDEATH', 'NCMD'] as const;
export const DEVICE_MESSAGE_TYPES = ['DBIRTH', 'DDATA', 'DDEATH', 'DCMD'] as const;
export type NodeMessageType = (typeof NODE_MESSAGE_TYPES)[number];
export type DeviceMessageType = (typeof DEVICE_MESSAGE_TYPES)[number];
export type MessageType = NodeMessageType | DeviceMessageType;

export interface NodeTopic {
  type: NodeMessageType;
  group: string;
  node: string;
}
export interface DeviceTopic {
  type: DeviceMessageType;
  group: string;
  node: string;
  device: string;
}
/** A host application's online/offline certificate (Sparkplug 3.0 `spBv1.0/STATE/{host}`). */
export interface StateTopic {
  type: 'STATE';
  host: string;
}
export type EdgeTopic = NodeTopic | DeviceTopic;
export type SparkplugTopic = EdgeTopic | StateTopic;

const isNodeType = (s: string): s is NodeMessageType =>
  (NODE_MESSAGE_TYPES as readonly string[]).includes(s);
const isDeviceType = (s: string): s is DeviceMessageType =>
  (DEVICE_MESSAGE_TYPES as readonly string[]).includes(s);

// Sparkplug 3.0, Topic Namespace Elements: group, edge node and device ids are non-empty UTF-8
// strings without the MQTT separators and wildcards '/', '+' and '#'.
function idProblem(id: string, what: string): string | undefined {
  if (id.length === 0) return `the ${what} id is empty`;
  if (/[/+#]/.test(id)) return `the ${what} id "${id}" contains '/', '+' or '#'`;
  return undefined;
}

export function parseTopic(topic: string): Decoded<SparkplugTopic> {
  const known = topicsRead.get(topic);
  if (known) return known;
  const read = readTopic(topic);
  // A plant publishes on a few hundred topics, again and again: each is read
  // once. Frozen, since every message of the topic shares it; bounded, since
  // a misbehaving client could publish on endless new ones.
  if (topicsRead.size >= MAX_TOPICS_KEPT) topicsRead.clear();
  if (read.ok) Object.freeze(read.value);
  topicsRead.set(topic, Object.freeze(read));
  return read;
}

const MAX_TOPICS_KEPT = 10_000;
const topicsRead = new Map<string, Decoded<SparkplugTopic>>();

function readTopic(topic: string): Decoded<SparkplugTopic> {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE) {
    return fail(`topic "${topic}" is not in the ${SPARKPLUG_NAMESPACE} namespace`);
  }
  if (parts[1] === 'STATE' && parts.length === 3) {
    const host = parts[2] ?? '';
    const problem = idProblem(host, 'host');
    return problem
      ? fail(`topic "${topic}": ${problem}`)
      : { ok: true, value: { type: 'STATE', host } };
  }
  const [, group = '', type = '', node = '', device] = parts;
  if (parts.length < 4 || parts.length > 5) {
    return fail(
      `topic "${topic}" does not have the shape ${SPARKPLUG_NAMESPACE}/{group}/{type}/{node}[/{device}]`,
    );
  }
  const problem = idProblem(group, 'group') ?? idProblem(node, 'edge node');
  if (problem) return fail(`topic "${topic}": ${problem}`);
  if (isNodeType(type)) {
    if (device !== undefined) return fail(`topic "${topic}": ${type} takes no device id`);
    return { ok: true, value: { type, group, node } };
  }
  if (isDeviceType(type)) {
    if (device === undefined) return fail(`topic "${topic}": ${type} needs a device id`);
    const deviceProblem = idProblem(device, 'device');
    if (deviceProblem) return fail(`topic "${topic}": ${deviceProblem}`);
    return { ok: true, value: { type, group, node, device } };
  }
  return fail(`topic "${topic}": unknown message type "${type}"`);
}

/** The topic string of a message; throws on ids that no Sparkplug topic can carry. */
export function formatTopic(topic: SparkplugTopic): string {
  const ids: [string, string][] =
    topic.type === 'STATE'
      ? [[topic.host, 'host']]
      : 'device' in topic
        ? [
            [topic.group, 'group'],
            [topic.node, 'edge node'],
            [topic.device, 'device'],
          ]
        : [
            [topic.group, 'group'],
            [topic.node, 'edge node'],
          ];
  for (const [id, what] of ids) {
    const problem = idProblem(id, what);
    if (problem) {
      throw invalid('sparkplug_topic_invalid', 'cannot form a Sparkplug topic: {{problem}}', {
        problem,
      });
    }
  }
  if (topic.type === 'STATE') return `${SPARKPLUG_NAMESPACE}/STATE/${topic.host}`;
  const base = `${SPARKPLUG_NAMESPACE}/${topic.group}/${topic.type}/${topic.node}`;
  return 'device' in topic ? `${base}/${topic.device}` : base;
}

/** The subscription that receives every edge node and device message of a group. */
export function groupSubscription(group: string): string {
  const problem = idProblem(group, 'group');
  if (problem) {
    throw invalid('sparkplug_subscription_invalid', 'cannot subscribe: {{problem}}', { problem });
  }
  return `${SPARKPLUG_NAMESPACE}/${group}/#`;
}

// -------------------------------------------------------------- payloads ----

// Sparkplug 3.0 datatypes, in the order of their numeric codes 1–21.
export const DATA_TYPES = [
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
  'Boolean',
  'String',
  'DateTime',
  'Text',
  'UUID',
  'DataSet',
  'Bytes',
  'File',
  'Template',
  'PropertySet',
  'PropertySetList',
] as const;
export type DataType = (typeof DATA_TYPES)[number];

// Structured values have no use in Lotline's metric contract yet; a message
// carrying one is refused (and dead-lettered) rather than half-read.
const UNSUPPORTED_TYPES: ReadonlySet<DataType> = new Set([
  'DataSet',
  'Template',
  'PropertySet',
  'PropertySetList',
]);
export type ScalarDataType = Exclude<
  DataType,
  'DataSet' | 'Template' | 'PropertySet' | 'PropertySetList'
>;

export type MetricValue = number | boolean | string | Uint8Array | null;

export interface SparkplugMetric {
  /** Present in births; data messages may carry an alias instead. */
  name?: string | undefined;
  alias?: number | undefined;
  /**
   * Always present in births. Data messages SHOULD leave it out
   * (tck payloads-metric-datatype-not-req); the host then reads the value by
   * the datatype the birth gave.
   */
  datatype?: ScalarDataType | undefined;
  /** null when the metric is sent as is_null. */
  value: MetricValue;
  /** Milliseconds since the epoch (UTC). */
  timestamp?: number | undefined;
  isHistorical?: boolean | undefined;
  isTransient?: boolean | undefined;
}

export interface SparkplugPayload {
  timestamp?: number | undefined;
  /** 0–255; absent only on NDEATH (tck payloads-sequence-num-always-included). */
  seq?: number | undefined;
  uuid?: string | undefined;
  body?: Uint8Array | undefined;
  metrics: SparkplugMetric[];
}

const INTEGER_RANGES: Partial<Record<DataType, readonly [number, number]>> = {
  Int8: [-128, 127],
  Int16: [-32_768, 32_767],
  Int32: [-2_147_483_648, 2_147_483_647],
  Int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UInt8: [0, 255],
  UInt16: [0, 65_535],
  UInt32: [0, 4_294_967_295],
  UInt64: [0, Number.MAX_SAFE_INTEGER],
  DateTime: [0, Number.MAX_SAFE_INTEGER],
};

/** Why a value cannot be a metric of the datatype, or undefined when it can. */
export function valueProblem(datatype: ScalarDataType, value: MetricValue): string | undefined {
  if (value === null) return undefined;
  const range = INTEGER_RANGES[datatype];
  if (range) {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return `expected a whole number for ${datatype}`;
    }
    if (value < range[0] || value > range[1]) {
      return `${value} is outside the range of ${datatype}`;
    }
    return undefined;
  }
  switch (datatype) {
    case 'Float':
    case 'Double':
      return typeof value === 'number' ? undefined : `expected a number for ${datatype}`;
    case 'Boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false for Boolean';
    case 'String':
    case 'Text':
    case 'UUID':
      return typeof value === 'string' ? undefined : `expected a string for ${datatype}`;
    case 'Bytes':
    case 'File':
      return value instanceof Uint8Array ? undefined : `expected bytes for ${datatype}`;
    default:
      return `unexpected datatype ${datatype}`;
  }
}

const Uint = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const ScalarType = z.enum(DATA_TYPES).refine((t) => !UNSUPPORTED_TYPES.has(t), {
  message: 'datatype not supported by Lotline',
}) as unknown as z.ZodType<ScalarDataType>;

const Metric = z
  .object({
    name: z.string().min(1).optional(),
    alias: Uint.optional(),
    datatype: ScalarType.optional(),
    value: z.union([z.number(), z.boolean(), z.string(), z.instanceof(Uint8Array), z.null()]),
    timestamp: Uint.optional(),
    isHistorical: z.boolean().optional(),
    isTransient: z.boolean().optional(),
  })
  .superRefine((metric, ctx) => {
    // tck payloads-name-requirement: a name unless an alias stands for it.
    if (metric.name === undefined && metric.alias === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a metric needs a name or an alias' });
    }
    if (metric.datatype !== undefined) {
      const problem = valueProblem(metric.datatype, metric.value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
    }
  });

/** The decoded shape of a Sparkplug B payload, after 64-bit fields became numbers. */
export const SparkplugPayloadSchema: z.ZodType<SparkplugPayload> = z.object({
  timestamp: Uint.optional(),
  seq: z.number().int().min(0).max(255).optional(),
  uuid: z.string().optional(),
  body: z.instanceof(Uint8Array).optional(),
  metrics: z.array(Metric),
});

/** A Long from protobufjs (or the `long` package), seen structurally. */
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}
const isLongLike = (v: unknown): v is LongLike =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as LongLike).low === 'number' &&
  typeof (v as LongLike).high === 'number' &&
  typeof (v as LongLike).unsigned === 'boolean';

const TWO_POW_32 = 4_294_967_296;

/**
 * A 64-bit integer (Long or number) as a JS number, or why it cannot be one.
 * high·2³² is exact in a double and adding the low word rounds only past 2⁵³,
 * which the safe-integer check then catches.
 */
export function toSafeInteger(value: unknown, what: string): Decoded<number> {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (isLongLike(value)) {
    const high = value.unsigned ? value.high >>> 0 : value.high | 0;
    n = high * TWO_POW_32 + (value.low >>> 0);
  } else return fail(`${what}: expected an integer`);
  if (!Number.isSafeInteger(n)) {
    const text = isLongLike(value) ? longText(value) : String(n);
    return fail(`${what}: ${text} is beyond the safe integer range of JavaScript`);
  }
  return { ok: true, value: n };
}

function longText(v: LongLike): string {
  const high = BigInt(v.unsigned ? v.high >>> 0 : v.high | 0);
  return (high * 4_294_967_296n + BigInt(v.low >>> 0)).toString();
}

const isSet = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/** Read a payload. Never throws: malformed bytes give { ok: false, reason }. */
export function decodePayload(bytes: Uint8Array): Decoded<SparkplugPayload> {
  let raw: UPayload;
  try {
    raw = codec.decodePayload(bytes);
  } catch (error) {
    return fail(`not a Sparkplug B payload: ${(error as Error).message}`);
  }
  const payload: Record<string, unknown> = {};
  for (const field of ['timestamp', 'seq'] as const) {
    if (!isSet(raw[field])) continue;
    const n = toSafeInteger(raw[field], field);
    if (!n.ok) return n;
    payload[field] = n.value;
  }
  if (isSet(raw.uuid)) payload.uuid = raw.uuid;
  if (isSet(raw.body)) payload.body = raw.body;
  const metrics: Record<string, unknown>[] = [];
  const rawMetrics = raw.metrics ?? [];
  let untyped: RawValues | undefined;
  for (const [i, m] of rawMetrics.entries()) {
    const label = `metric ${isSet(m.name) ? `"${m.name}"` : `#${i}`}`;
    const metric = normaliseMetric(m, label);
    if (!metric.ok) return metric;
    // The library reads a value by its datatype; a metric sent without one
    // (as data messages should be) comes back null, so read the wire field.
    if (m.type === undefined) {
      untyped ??= rawValues(bytes);
      const value = untyped[i];
      if (value === undefined) return fail(`${label}: cannot read its value`);
      if (!value.ok) return fail(`${label}: ${value.reason}`);
      metric.value.value = value.value;
    }
    metrics.push(metric.value);
  }
  payload.metrics = metrics;
  const problem = payloadProblem(payload as unknown as SparkplugPayload);
  if (problem) {
    const where = problem.path.length > 0 ? formatPath(problem.path) : '';
    return fail(`invalid Sparkplug B payload${where ? ` at ${where}` : ''}: ${problem.message}`);
  }
  return { ok: true, value: payload as unknown as SparkplugPayload };
}

interface PayloadProblem {
  path: (string | number)[];
  message: string;
}

const isUint = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

const isMetricValue = (v: unknown): boolean =>
  v === null ||
  typeof v === 'number' ||
  typeof v === 'boolean' ||
  typeof v === 'string' ||
  v instanceof Uint8Array;

/**
 * What SparkplugPayloadSchema would refuse in a payload decodePayload built,
 * checked directly: this runs once per machine message, and a schema library's
 * general walk cost more than the protobuf decoding itself. The schema stays
 * the contract; the decoder's fuzz test holds every accepted payload to it.
 */
function payloadProblem(payload: SparkplugPayload): PayloadProblem | undefined {
  if (payload.timestamp !== undefined && !isUint(payload.timestamp)) {
    return {
      path: ['timestamp'],
      message: 'expected a whole number of milliseconds, not negative',
    };
  }
  if (payload.seq !== undefined && !(isUint(payload.seq) && payload.seq <= 255)) {
    return { path: ['seq'], message: `seq ${payload.seq} is outside 0–255` };
  }
  if (payload.uuid !== undefined && typeof payload.uuid !== 'string') {
    return { path: ['uuid'], message: 'expected a string' };
  }
  if (payload.body !== undefined && !(payload.body instanceof Uint8Array)) {
    return { path: ['body'], message: 'expected bytes' };
  }
  for (const [i, metric] of payload.metrics.entries()) {
    const at = (field?: string): (string | number)[] =>
      field ? ['metrics', i, field] : ['metrics', i];
    if (metric.name !== undefined && (typeof metric.name !== 'string' || metric.name === '')) {
      return { path: at('name'), message: 'a metric name cannot be empty' };
    }
    if (metric.alias !== undefined && !isUint(metric.alias)) {
      return { path: at('alias'), message: 'expected a whole number, not negative' };
    }
    if (metric.timestamp !== undefined && !isUint(metric.timestamp)) {
      return { path: at('timestamp'), message: 'expected a whole number of milliseconds' };
    }
    for (const flag of ['isHistorical', 'isTransient'] as const) {
      if (metric[flag] !== undefined && typeof metric[flag] !== 'boolean') {
        return { path: at(flag), message: 'expected true or false' };
      }
    }
    if (!isMetricValue(metric.value)) {
      return {
        path: at('value'),
        message: 'expected a number, true or false, text, bytes or null',
      };
    }
    // tck payloads-name-requirement: a name unless an alias stands for it.
    if (metric.name === undefined && metric.alias === undefined) {
      return { path: at(), message: 'a metric needs a name or an alias' };
    }
    if (metric.datatype !== undefined) {
      const problem = valueProblem(metric.datatype, metric.value);
      if (problem) return { path: at('value'), message: problem };
    }
  }
  return undefined;
}

function normaliseMetric(m: UMetric, label: string): Decoded<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (isSet(m.name)) out.name = m.name;
  if (isSet(m.alias)) {
    const alias = toSafeInteger(m.alias, `${label} alias`);
    if (!alias.ok) return alias;
    out.alias = alias.value;
  }
  if (isSet(m.timestamp)) {
    const ts = toSafeInteger(m.timestamp, `${label} timestamp`);
    if (!ts.ok) return ts;
    out.timestamp = ts.value;
  }
  if (isSet(m.isHistorical)) out.isHistorical = m.isHistorical;
  if (isSet(m.isTransient)) out.isTransient = m.isTransient;
  const type = m.type as DataType | undefined;
  if (type !== undefined) {
    if (!(DATA_TYPES as readonly string[]).includes(type)) {
      return fail(`${label}: unknown datatype ${String(type)}`);
    }
    if (UNSUPPORTED_TYPES.has(type)) {
      return fail(`${label}: datatype ${type} is not supported by Lotline`);
    }
    out.datatype = type;
  }
  const value = m.value;
  if (value === null || value === undefined) out.value = null;
  else if (
    type === 'Int64' ||
    type === 'UInt64' ||
    type === 'DateTime' ||
    type === 'UInt32' ||
    isLongLike(value)
  ) {
    const n = toSafeInteger(value, `${label} value`);
    if (!n.ok) return n;
    out.value = n.value;
  } else out.value = value;
  return { ok: true, value: out };
}

type RawValues = Decoded<MetricValue>[];

// Values of metrics that came without a datatype, read from the protobuf oneof
// of each metric. A 64-bit value is read as signed (Int64 is sent as two's
// complement); the host re-reads it by the datatype of the birth.
function rawValues(bytes: Uint8Array): RawValues {
  const decoded = RawPayload.decode(bytes);
  return decoded.metrics.map((metric) => {
    // The library also leaves the type out for a code it does not know.
    if (metric.datatype !== 0) return fail(`unknown datatype ${metric.datatype}`);
    const field = (metric as unknown as { value?: string }).value;
    const record = metric as unknown as Record<string, unknown>;
    switch (field) {
      case 'intValue':
      case 'floatValue':
      case 'doubleValue':
      case 'booleanValue':
      case 'stringValue':
      case 'bytesValue':
        return { ok: true, value: record[field] as MetricValue };
      case 'longValue': {
        const long = record.longValue;
        const signed = isLongLike(long) ? { ...long, unsigned: false } : long;
        return toSafeInteger(signed, 'value');
      }
      case undefined:
        return { ok: true, value: null };
      default:
        return fail(`its ${field} is not supported by Lotline`);
    }
  });
}

/** Bytes of a payload. Throws on a metric whose value does not fit its datatype (a bug here). */
export function encodePayload(payload: SparkplugPayload): Uint8Array {
  const metrics = payload.metrics.map((metric, i): UMetric => {
    const label = metric.name ?? `#${i}`;
    if (metric.datatype === undefined) {
      throw invalid(
        'sparkplug_metric_without_datatype',
        'metric {{metric}}: a datatype is needed to encode a value',
        { metric: label },
      );
    }
    const problem = valueProblem(metric.datatype, metric.value);
    if (problem) {
      throw invalid('sparkplug_metric_value_invalid', 'metric {{metric}}: {{problem}}', {
        metric: label,
        problem,
      });
    }
    const out: UMetric = { type: metric.datatype, value: metric.value };
    if (metric.name !== undefined) out.name = metric.name;
    if (metric.alias !== undefined) out.alias = metric.alias;
    if (metric.timestamp !== undefined) out.timestamp = metric.timestamp;
    if (metric.isHistorical !== undefined) out.isHistorical = metric.isHistorical;
    if (metric.isTransient !== undefined) out.isTransient = metric.isTransient;
    return out;
  });
  const out: UPayload = { metrics };
  if (payload.timestamp !== undefined) out.timestamp = payload.timestamp;
  if (payload.seq !== undefined) out.seq = payload.seq;
  if (payload.uuid !== undefined) out.uuid = payload.uuid;
  if (payload.body !== undefined) out.body = payload.body;
  return codec.encodePayload(out);
}

// -------------------------------------------------------------- messages ----

/** A host application's STATE certificate (Sparkplug 3.0: JSON, not protobuf). */
export interface HostState {
  online: boolean;
  timestamp: number;
}

export type SparkplugMessage =
  | { topic: EdgeTopic; payload: SparkplugPayload }
  | { topic: StateTopic; state: HostState };

const HostStateSchema = z.object({ online: z.boolean(), timestamp: Uint });

/** A message as it came off the broker: its topic and payload read, or why they cannot be. */
export function readMessage(topic: string, bytes: Uint8Array): Decoded<SparkplugMessage> {
  const parsedTopic = parseTopic(topic);
  if (!parsedTopic.ok) return parsedTopic;
  const t = parsedTopic.value;
  if (t.type === 'STATE') {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (error) {
      return fail(`STATE payload is not JSON: ${(error as Error).message}`);
    }
    const state = HostStateSchema.safeParse(json);
    if (!state.success) return fail('STATE payload is not { online, timestamp }');
    return { ok: true, value: { topic: t, state: state.data } };
  }
  const payload = decodePayload(bytes);
  if (!payload.ok) return payload;
  return { ok: true, value: { topic: t, payload: payload.value } };
}

// The host application's view of its edge nodes (Eclipse Sparkplug 3.0.0,
// Operational Behavior of host applications): who is online, which birth session each is in, what each
// alias stands for, and whether the message sequence can be trusted. Pure:
// decoded messages in, metric updates, status changes and actions out, as
// values; no clock, no broker. Deterministic for the same inputs (the caller
// passes the time each message was received).
//
// What is trusted: data of an edge node in sequence since its NBIRTH, and of a
// device since its DBIRTH. Anything else (data before a birth, a gap in seq,
// an alias or device no birth named) is refused whole, and the host asks the
// edge node for a rebirth (an NCMD writing Node Control/Rebirth = true); the
// rebirth restores every current value, so refusing loses nothing that a
// cumulative counter cannot recover.
//
// Shared stream (several ingest processes behind one MQTT 5 shared
// subscription, shared-ingest.ts): the broker hands each process only some of
// an edge node's messages, so here
// - seq is not checked: a gap is usually the other processes' messages; the
//   check runs over the committed stream of all of them (sequence-watch.ts);
// - a birth another process received is adopted from the database
//   (adoptBirth), and a newer birth supersedes the one held, whichever process
//   saw it first; "newer" is by the birth's timestamp, then by when it was
//   received, not by the order this process happened to see them in;
// - data that no birth held here explains (before a birth, an unknown alias,
//   a device not born) is refused with `awaitingBirth`, without asking for a
//   rebirth: its birth may be in another process, not committed yet, and the
//   caller holds the message and tries again before it gives up on it.
import {
  BD_SEQ_METRIC,
  type EdgeTopic,
  type MetricValue,
  REBIRTH_METRIC,
  type ScalarDataType,
  type SparkplugMessage,
  type SparkplugMetric,
  type SparkplugPayload,
  valueProblem,
} from './sparkplug.js';

export interface MetricUpdate {
  group: string;
  node: string;
  /** null for a metric of the edge node itself. */
  device: string | null;
  name: string;
  datatype: ScalarDataType;
  value: MetricValue;
  /** The metric's timestamp, else the payload's, else the time it was received (ms, UTC). */
  timestamp: number;
  /** From a birth certificate: the current value at birth rather than a change. */
  birth: boolean;
}

export interface StatusChange {
  kind: 'node_online' | 'node_offline' | 'device_online' | 'device_offline';
  group: string;
  node: string;
  device: string | null;
  timestamp: number;
}

/** Publish `command` (an NCMD) so the edge node sends its births again. */
export interface RebirthRequest {
  kind: 'rebirth';
  group: string;
  node: string;
  reason: string;
  command: { topic: EdgeTopic; payload: SparkplugPayload };
}
export type HostAction = RebirthRequest;

export interface HostStep {
  /**
   * applied: the message changed the host's view. ignored: nothing to do (a
   * command, a host STATE, a late death). refused: the data is not trusted.
   */
  outcome: 'applied' | 'ignored' | 'refused';
  reason?: string;
  updates: MetricUpdate[];
  changes: StatusChange[];
  actions: HostAction[];
  /** Shared stream: refused because no birth held here explains it (yet). */
  awaitingBirth?: boolean;
  /** Shared stream: the birth certificate this message was (an NBIRTH or DBIRTH), to store for the others. */
  birth?: BirthRecord;
}

/** One metric of a birth certificate as the others need it: name, alias, datatype. */
export interface BirthMetricDef {
  name: string;
  alias?: number;
  datatype: ScalarDataType;
}

/** A birth certificate as stored for, and adopted from, the other ingest processes. */
export interface BirthRecord {
  /** The birth message's key: its identity. */
  birthKey: string;
  group: string;
  node: string;
  /** null for an NBIRTH. */
  device: string | null;
  bdSeq: number;
  /** The NBIRTH of the node session (an NBIRTH's own key). */
  nodeBirthKey: string;
  seq: number | null;
  /** The payload's timestamp, else when it was received (ms). */
  bornAt: number;
  receivedAt: number;
  metrics: BirthMetricDef[];
}

export interface NodeStatus {
  group: string;
  node: string;
  online: boolean;
  /** In sequence since its birth; false while a rebirth is awaited. */
  synced: boolean;
  bdSeq: number | null;
  lastSeq: number | null;
  devices: { device: string; online: boolean }[];
}

export interface HostSessionOptions {
  /** Ask a silent edge node again after this long (ms); one request at a time before that. */
  rebirthRetryMs?: number;
  /** This process sees only part of each node's messages (a shared subscription); see the head of the file. */
  sharedStream?: boolean;
}

/** Which birth is newer: by its timestamp, then by when it was received. */
function newerBirth(
  a: { bornAt: number; receivedAt: number },
  b: { bornAt: number; receivedAt: number },
) {
  return a.bornAt !== b.bornAt ? a.bornAt > b.bornAt : a.receivedAt > b.receivedAt;
}

interface MetricDef {
  name: string;
  datatype: ScalarDataType;
}

interface MetricBook {
  byAlias: Map<number, MetricDef>;
  byName: Map<string, MetricDef>;
}

interface BirthIdentity {
  birthKey: string;
  bornAt: number;
  receivedAt: number;
}

interface DeviceState {
  online: boolean;
  book: MetricBook;
  /** The device's birth (kept on a shared stream, to tell a newer one). */
  birth?: BirthIdentity;
}

interface NodeState {
  group: string;
  node: string;
  online: boolean;
  bdSeq: number | null;
  /** seq of the last trusted message; null when none can be trusted until a birth. */
  lastSeq: number | null;
  book: MetricBook;
  devices: Map<string, DeviceState>;
  rebirthRequestedAt: number | null;
  /** The NBIRTH of the current session (kept on a shared stream). */
  birth?: BirthIdentity;
}

const emptyBook = (): MetricBook => ({ byAlias: new Map(), byName: new Map() });
const nextSeq = (seq: number) => (seq + 1) % 256;

export class HostSession {
  readonly #nodes = new Map<string, NodeState>();
  readonly #rebirthRetryMs: number;
  readonly #shared: boolean;

  constructor(options: HostSessionOptions = {}) {
    this.#rebirthRetryMs = options.rebirthRetryMs ?? 5_000;
    this.#shared = options.sharedStream ?? false;
  }

  /**
   * Apply one decoded message received at `receivedAt` (ms). On a shared
   * stream `messageKey` names the message, so that a birth can be stored and
   * the data attributed to its node session.
   */
  receive(message: SparkplugMessage, receivedAt: number, messageKey = ''): HostStep {
    this.#messageKey = messageKey;
    if (!('payload' in message)) return ignored('STATE is not edge data');
    const { topic, payload } = message;
    switch (topic.type) {
      case 'NCMD':
      case 'DCMD':
        return ignored(`${topic.type} is not edge data`);
      case 'NBIRTH':
        return this.#shared
          ? this.#sharedNodeBirth(topic.group, topic.node, payload, receivedAt)
          : this.#nodeBirth(topic.group, topic.node, payload, receivedAt);
      case 'NDEATH':
        return this.#nodeDeath(topic.group, topic.node, payload, receivedAt);
      case 'NDATA':
      case 'DBIRTH':
      case 'DDATA':
      case 'DDEATH':
        return this.#sequenced(topic, payload, receivedAt);
    }
  }

  #messageKey = '';

  /**
   * Shared stream: take a birth another process stored, unless the one held
   * is the same or newer. A DBIRTH is taken only into a node session that
   * is not newer than it (adopt the NBIRTH first): sessions are told apart by
   * the edge node's timestamps, since a DBIRTH another process read may have
   * been placed in the session that process held then. Returns whether it
   * was taken.
   */
  adoptBirth(record: BirthRecord): boolean {
    const book = bookOf(record.metrics);
    if (!book.ok) return false;
    const identity: BirthIdentity = {
      birthKey: record.birthKey,
      bornAt: record.bornAt,
      receivedAt: record.receivedAt,
    };
    const state = this.#node(record.group, record.node);
    if (record.device === null) {
      const held = state.birth;
      if (held && (held.birthKey === record.birthKey || !newerBirth(identity, held))) return false;
      // Devices born before this session are void; one born after it (read
      // here before this NBIRTH was known) stays.
      for (const [device, d] of state.devices) {
        if (!d.birth || d.birth.bornAt < record.bornAt) state.devices.delete(device);
      }
      state.online = true;
      state.bdSeq = record.bdSeq;
      state.lastSeq = record.seq ?? 0;
      state.book = book.value;
      state.birth = identity;
      state.rebirthRequestedAt = null;
      return true;
    }
    if (!state.online || !state.birth || record.bornAt < state.birth.bornAt) return false;
    const held = state.devices.get(record.device)?.birth;
    if (held && (held.birthKey === record.birthKey || !newerBirth(identity, held))) return false;
    state.devices.set(record.device, { online: true, book: book.value, birth: identity });
    return true;
  }

  status(group: string, node: string): NodeStatus | undefined {
    const state = this.#nodes.get(key(group, node));
    return state ? statusOf(state) : undefined;
  }

  statuses(): NodeStatus[] {
    return [...this.#nodes.values()].map(statusOf);
  }

  #node(group: string, node: string): NodeState {
    const k = key(group, node);
    let state = this.#nodes.get(k);
    if (!state) {
      state = {
        group,
        node,
        online: false,
        bdSeq: null,
        lastSeq: null,
        book: emptyBook(),
        devices: new Map(),
        rebirthRequestedAt: null,
      };
      this.#nodes.set(k, state);
    }
    return state;
  }

  #nodeBirth(group: string, node: string, payload: SparkplugPayload, at: number): HostStep {
    const state = this.#node(group, node);
    // tck payloads-sequence-num-zero-nbirth asks for seq 0; a node that sends
    // another value still starts its sequence there, so only its absence fails.
    if (payload.seq === undefined) return this.#untrusted(state, 'an NBIRTH without seq', at);
    const bdSeq = bdSeqOf(payload);
    // A birth without bdSeq could never be matched to its death; a rebirth
    // would bring the same certificate, so none is asked for.
    if (bdSeq === undefined) return refused('an NBIRTH without an integer bdSeq metric');
    const book = bookOf(payload.metrics);
    if (!book.ok) return this.#untrusted(state, `NBIRTH: ${book.reason}`, at);

    const timestamp = payload.timestamp ?? at;
    const changes: StatusChange[] = [];
    // A new session voids the devices of the old one until their DBIRTHs.
    for (const [device, d] of state.devices) {
      if (d.online) changes.push({ kind: 'device_offline', group, node, device, timestamp });
    }
    state.devices.clear();
    state.online = true;
    state.bdSeq = bdSeq;
    state.lastSeq = payload.seq;
    state.book = book.value;
    state.rebirthRequestedAt = null;
    changes.push({ kind: 'node_online', group, node, device: null, timestamp });
    return {
      outcome: 'applied',
      updates: birthUpdates(group, node, null, payload, at),
      changes,
      actions: [],
    };
  }

  // The same certificate checks as #nodeBirth; the birth becomes the node's
  // session only if it is newer than the one held (a late one from another
  // process's share may come after a newer one was adopted), and it is
  // returned for storing either way: its values are the node's at its time.
  #sharedNodeBirth(group: string, node: string, payload: SparkplugPayload, at: number): HostStep {
    const state = this.#node(group, node);
    if (payload.seq === undefined) return this.#untrusted(state, 'an NBIRTH without seq', at);
    const bdSeq = bdSeqOf(payload);
    if (bdSeq === undefined) return refused('an NBIRTH without an integer bdSeq metric');
    const book = bookOf(payload.metrics);
    if (!book.ok) return this.#untrusted(state, `NBIRTH: ${book.reason}`, at);
    const timestamp = payload.timestamp ?? at;
    const identity: BirthIdentity = {
      birthKey: this.#messageKey,
      bornAt: timestamp,
      receivedAt: at,
    };
    const birth: BirthRecord = {
      ...identity,
      group,
      node,
      device: null,
      bdSeq,
      nodeBirthKey: identity.birthKey,
      seq: payload.seq,
      metrics: birthDefs(payload.metrics),
    };
    const updates = birthUpdates(group, node, null, payload, at);
    const held = state.birth;
    if (held && !newerBirth(identity, held)) {
      return { outcome: 'applied', updates, changes: [], actions: [], birth };
    }
    const changes: StatusChange[] = [];
    // Devices of the old session are void; a DBIRTH of this session that
    // reached this process (from another's share) before its NBIRTH stays.
    for (const [device, d] of state.devices) {
      if (d.birth && d.birth.bornAt >= timestamp) continue;
      if (d.online) changes.push({ kind: 'device_offline', group, node, device, timestamp });
      state.devices.delete(device);
    }
    state.online = true;
    state.bdSeq = bdSeq;
    state.lastSeq = payload.seq;
    state.book = book.value;
    state.birth = identity;
    state.rebirthRequestedAt = null;
    changes.push({ kind: 'node_online', group, node, device: null, timestamp });
    return { outcome: 'applied', updates, changes, actions: [], birth };
  }

  #nodeDeath(group: string, node: string, payload: SparkplugPayload, at: number): HostStep {
    const state = this.#nodes.get(key(group, node));
    const bdSeq = bdSeqOf(payload);
    if (!state?.online) return ignored('NDEATH of an edge node that is not online');
    // The will of an earlier connection can arrive after the next birth; only
    // the death of the current session ends it (tck payloads-ndeath-bdseq).
    if (bdSeq === undefined || bdSeq !== state.bdSeq) {
      return ignored(
        `NDEATH with bdSeq ${bdSeq ?? 'missing'} does not end the session of bdSeq ${state.bdSeq}`,
      );
    }
    // The will was composed when the edge node connected, so its timestamp is
    // old news: the death happened when the broker delivered it.
    return {
      outcome: 'applied',
      updates: [],
      changes: this.#offline(state, at),
      actions: [],
    };
  }

  #offline(state: NodeState, timestamp: number): StatusChange[] {
    const { group, node } = state;
    const changes: StatusChange[] = [];
    for (const [device, d] of state.devices) {
      if (d.online) changes.push({ kind: 'device_offline', group, node, device, timestamp });
      d.online = false;
    }
    state.online = false;
    state.lastSeq = null;
    // A node that reconnects is born anew; no need to keep asking a dead one.
    state.rebirthRequestedAt = null;
    changes.push({ kind: 'node_offline', group, node, device: null, timestamp });
    return changes;
  }

  #sequenced(topic: EdgeTopic, payload: SparkplugPayload, at: number): HostStep {
    const state = this.#node(topic.group, topic.node);
    const shared = this.#shared;
    if (!state.online) return this.#untrusted(state, `${topic.type} before an NBIRTH`, at, true);
    if (state.lastSeq === null) {
      return this.#untrusted(state, `${topic.type} while a rebirth is awaited`, at);
    }
    if (payload.seq === undefined) return this.#untrusted(state, `${topic.type} without seq`, at);
    const expected = nextSeq(state.lastSeq);
    if (!shared && payload.seq !== expected) {
      state.lastSeq = null;
      return this.#untrusted(
        state,
        `${topic.type} with seq ${payload.seq} where ${expected} was next`,
        at,
      );
    }

    const { group, node } = state;
    const device = 'device' in topic ? topic.device : null;
    const timestamp = payload.timestamp ?? at;
    if (topic.type === 'DBIRTH' && device !== null) {
      // The sequence holds either way; only this device is in doubt.
      state.lastSeq = payload.seq;
      const book = bookOf(payload.metrics);
      if (!book.ok) return this.#untrusted(state, `DBIRTH of ${device}: ${book.reason}`, at);
      const updates = birthUpdates(group, node, device, payload, at);
      if (!shared) {
        state.devices.set(device, { online: true, book: book.value });
        return {
          outcome: 'applied',
          updates,
          changes: [{ kind: 'device_online', group, node, device, timestamp }],
          actions: [],
        };
      }
      const identity: BirthIdentity = {
        birthKey: this.#messageKey,
        bornAt: timestamp,
        receivedAt: at,
      };
      const birth: BirthRecord = {
        ...identity,
        group,
        node,
        device,
        bdSeq: state.bdSeq ?? 0,
        nodeBirthKey: state.birth?.birthKey ?? '',
        seq: payload.seq,
        metrics: birthDefs(payload.metrics),
      };
      const held = state.devices.get(device)?.birth;
      if (held && !newerBirth(identity, held)) {
        return { outcome: 'applied', updates, changes: [], actions: [], birth };
      }
      state.devices.set(device, { online: true, book: book.value, birth: identity });
      return {
        outcome: 'applied',
        updates,
        changes: [{ kind: 'device_online', group, node, device, timestamp }],
        actions: [],
        birth,
      };
    }

    if (device !== null && !state.devices.get(device)?.online) {
      state.lastSeq = payload.seq;
      if (topic.type === 'DDEATH') return ignored(`DDEATH of ${device}, which is not online`);
      return this.#untrusted(state, `DDATA of ${device} before its DBIRTH`, at, true);
    }
    if (topic.type === 'DDEATH' && device !== null) {
      state.lastSeq = payload.seq;
      const d = state.devices.get(device);
      if (d) d.online = false;
      return {
        outcome: 'applied',
        updates: [],
        changes: [{ kind: 'device_offline', group, node, device, timestamp: at }],
        actions: [],
      };
    }
    const book = device === null ? state.book : state.devices.get(device)?.book;
    if (!book) return this.#untrusted(state, `${topic.type} names nothing born`, at);
    const updates: MetricUpdate[] = [];
    for (const metric of payload.metrics) {
      const resolved = resolve(book, metric);
      if (!resolved.ok) {
        // One unknown alias means the host's alias map is out of date, so the
        // other aliases of the message cannot be trusted either. On a shared
        // stream the newer birth may be another process's.
        if (!shared) state.lastSeq = null;
        return this.#untrusted(state, `${topic.type}: ${resolved.reason}`, at, true);
      }
      updates.push({
        group,
        node,
        device,
        name: resolved.def.name,
        datatype: resolved.def.datatype,
        value: resolved.value,
        timestamp: metric.timestamp ?? payload.timestamp ?? at,
        birth: false,
      });
    }
    state.lastSeq = payload.seq;
    return { outcome: 'applied', updates, changes: [], actions: [] };
  }

  /**
   * Rebirth requests to repeat now: a node asked for one that has not been
   * born since, when the last request is older than the retry interval. The
   * caller's timer calls this, so a lost request is asked again even when the
   * node sends nothing more until it is reborn.
   */
  overdueRebirths(at: number): HostAction[] {
    const actions: HostAction[] = [];
    for (const state of this.#nodes.values()) {
      const last = state.rebirthRequestedAt;
      if (last === null || at - last < this.#rebirthRetryMs) continue;
      state.rebirthRequestedAt = at;
      actions.push(rebirthRequest(state.group, state.node, 'no birth since the last request', at));
    }
    return actions;
  }

  /**
   * Refuse the message and ask for a rebirth, unless one was asked for
   * recently. On a shared stream a message that a birth not held here may
   * explain (`birthMayExplain`) asks for nothing yet: the caller holds it.
   */
  #untrusted(state: NodeState, reason: string, at: number, birthMayExplain = false): HostStep {
    const step = refused(reason);
    if (this.#shared && birthMayExplain) {
      step.awaitingBirth = true;
      return step;
    }
    const last = state.rebirthRequestedAt;
    if (last === null || at - last >= this.#rebirthRetryMs || at < last) {
      state.rebirthRequestedAt = at;
      step.actions.push(rebirthRequest(state.group, state.node, reason, at));
    }
    return step;
  }
}

/** The NCMD that asks an edge node to publish its births again (Sparkplug 3.0, Node Control). */
export function rebirthRequest(
  group: string,
  node: string,
  reason: string,
  timestamp: number,
): RebirthRequest {
  return {
    kind: 'rebirth',
    group,
    node,
    reason,
    command: {
      topic: { type: 'NCMD', group, node },
      payload: {
        timestamp,
        metrics: [{ name: REBIRTH_METRIC, datatype: 'Boolean', value: true, timestamp }],
      },
    },
  };
}

const key = (group: string, node: string) => `${group}/${node}`;

function statusOf(state: NodeState): NodeStatus {
  return {
    group: state.group,
    node: state.node,
    online: state.online,
    synced: state.online && state.lastSeq !== null,
    bdSeq: state.bdSeq,
    lastSeq: state.lastSeq,
    devices: [...state.devices].map(([device, d]) => ({ device, online: d.online })),
  };
}

function ignored(reason: string): HostStep {
  return { outcome: 'ignored', reason, updates: [], changes: [], actions: [] };
}

function refused(reason: string): HostStep {
  return { outcome: 'refused', reason, updates: [], changes: [], actions: [] };
}

function bdSeqOf(payload: SparkplugPayload): number | undefined {
  const metric = payload.metrics.find((m) => m.name === BD_SEQ_METRIC);
  const value = metric?.value;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

// tck payloads-alias-birth-requirement and payloads-metric-datatype-req: each
// birth metric has a name and a datatype; an alias, if any, is unique.
function bookOf(
  metrics: readonly Pick<SparkplugMetric, 'name' | 'alias' | 'datatype'>[],
): Result<MetricBook> {
  const book = emptyBook();
  for (const metric of metrics) {
    if (metric.name === undefined) return { ok: false, reason: 'a birth metric without a name' };
    if (metric.datatype === undefined) {
      return { ok: false, reason: `birth metric "${metric.name}" has no datatype` };
    }
    const def = { name: metric.name, datatype: metric.datatype };
    if (metric.alias !== undefined) {
      const other = book.byAlias.get(metric.alias);
      if (other && other.name !== metric.name) {
        return {
          ok: false,
          reason: `alias ${metric.alias} names both "${other.name}" and "${metric.name}"`,
        };
      }
      book.byAlias.set(metric.alias, def);
    }
    book.byName.set(metric.name, def);
  }
  return { ok: true, value: book };
}

function birthDefs(metrics: readonly SparkplugMetric[]): BirthMetricDef[] {
  return metrics.map((m) => ({
    name: m.name as string,
    datatype: m.datatype as ScalarDataType,
    ...(m.alias !== undefined ? { alias: m.alias } : {}),
  }));
}

function birthUpdates(
  group: string,
  node: string,
  device: string | null,
  payload: SparkplugPayload,
  at: number,
): MetricUpdate[] {
  return payload.metrics.map((metric) => ({
    group,
    node,
    device,
    name: metric.name as string,
    datatype: metric.datatype as ScalarDataType,
    value: metric.value,
    timestamp: metric.timestamp ?? payload.timestamp ?? at,
    birth: true,
  }));
}

type Resolved = { ok: true; def: MetricDef; value: MetricValue } | { ok: false; reason: string };

function resolve(book: MetricBook, metric: SparkplugMetric): Resolved {
  const def =
    metric.alias !== undefined
      ? book.byAlias.get(metric.alias)
      : metric.name !== undefined
        ? book.byName.get(metric.name)
        : undefined;
  if (!def) {
    const what = metric.alias !== undefined ? `alias ${metric.alias}` : `"${metric.name}"`;
    return { ok: false, reason: `metric ${what} is not in the birth certificate` };
  }
  if (metric.datatype !== undefined && metric.datatype !== def.datatype) {
    return {
      ok: false,
      reason: `metric "${def.name}" came as ${metric.datatype}, born as ${def.datatype}`,
    };
  }
  if (metric.datatype !== undefined) return { ok: true, def, value: metric.value };
  const read = asDatatype(def.datatype, metric.value);
  return read.ok
    ? { ok: true, def, value: read.value }
    : { ok: false, reason: `metric "${def.name}": ${read.reason}` };
}

// A value sent without its datatype, as the codec read it off the wire (a
// 32-bit field unsigned, a 64-bit one signed), re-read by the birth's datatype.
function asDatatype(datatype: ScalarDataType, value: MetricValue): Result<MetricValue> {
  const signed32 = datatype === 'Int8' || datatype === 'Int16' || datatype === 'Int32';
  const v = typeof value === 'number' && signed32 ? value | 0 : value;
  const problem = valueProblem(datatype, v);
  return problem ? { ok: false, reason: problem } : { ok: true, value: v };
}

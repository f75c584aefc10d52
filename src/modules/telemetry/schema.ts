// The telemetry module's tables (PostgreSQL schema `telemetry`).
//
// - machine_events: append-only, one row per metric value the host session
//   resolved. (message_key, metric_index) is unique: message_key is the
//   SHA-256 of the topic and the raw payload bytes, so a QoS 1 message the
//   broker delivers again inserts nothing (ON CONFLICT DO NOTHING).
// - dead_letters: messages that could not be read or trusted, with their raw
//   bytes and the reason; unique by message_key too, for the same reason.
// - station_state / line_state: projections kept in the transaction of each
//   batch. Counters of the contract are cumulative per birth; the projection
//   keeps the last cumulative value per station and adds the differences.
// - edge_births / message_log: written only when several processes share the
//   ingest (shared-ingest.ts): the births every process resolves aliases and
//   deaths against, and the sequence number of every stored message, which
//   one process checks for gaps over the whole stream.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

export const telemetrySchema = pgSchema('telemetry');

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export const machineEvents = telemetrySchema.table(
  'machine_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    messageKey: text('message_key').notNull(),
    /** Position of the metric in its message. */
    metricIndex: integer('metric_index').notNull(),
    /** Sparkplug message type: NBIRTH, NDATA, DBIRTH, DDATA. */
    messageType: text('message_type').notNull(),
    groupId: text('group_id').notNull(),
    /** The edge node: a line code. */
    node: text('node').notNull(),
    /** The device: a station code, or null for a metric of the line itself. */
    device: text('device'),
    metric: text('metric').notNull(),
    datatype: text('datatype').notNull(),
    valueNumber: doublePrecision('value_number'),
    valueText: text('value_text'),
    valueBool: boolean('value_bool'),
    birth: boolean('birth').notNull(),
    metricAt: timestamp('metric_at', { withTimezone: true, precision: 3 }).notNull(),
    seq: integer('seq'),
    bdSeq: integer('bd_seq'),
  },
  (t) => [
    unique('machine_events_message_metric_key').on(t.messageKey, t.metricIndex),
    index('machine_events_station_metric_idx').on(t.node, t.device, t.metric, t.metricAt),
  ],
);

export const deadLetters = telemetrySchema.table(
  'dead_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    messageKey: text('message_key').notNull().unique(),
    topic: text('topic').notNull(),
    payload: bytea('payload').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('dead_letters_received_idx').on(t.receivedAt)],
);

export const stationState = telemetrySchema.table(
  'station_state',
  {
    groupId: text('group_id').notNull(),
    line: text('line').notNull(),
    station: text('station').notNull(),
    state: text('state'),
    reason: text('reason'),
    since: timestamp('since', { withTimezone: true, precision: 3 }),
    /** Last cumulative Counts/Good and Counts/Reject as the station reported them. */
    lastGood: bigint('last_good', { mode: 'number' }),
    lastReject: bigint('last_reject', { mode: 'number' }),
    /** Timestamp of the State report shown: a report older than it changes nothing (several ingest processes commit out of order). */
    stateAt: timestamp('state_at', { withTimezone: true, precision: 3 }),
    /** Sum of the increments seen since ingest first saw the station. */
    good: bigint('good', { mode: 'number' }).notNull().default(0),
    reject: bigint('reject', { mode: 'number' }).notNull().default(0),
    lastEventAt: timestamp('last_event_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.line, t.station] })],
);

export const lineState = telemetrySchema.table(
  'line_state',
  {
    /** The Sparkplug group (the site); a line code is unique within it. */
    groupId: text('group_id').notNull(),
    line: text('line').notNull(),
    state: text('state').notNull(),
    reason: text('reason').notNull().default(''),
    since: timestamp('since', { withTimezone: true, precision: 3 }).notNull(),
    /** Good units out of the line's output station (when ingest knows which it is). */
    good: bigint('good', { mode: 'number' }).notNull().default(0),
    /** Units scrapped at any station of the line. */
    reject: bigint('reject', { mode: 'number' }).notNull().default(0),
    workOrder: text('work_order'),
    product: text('product'),
    /** Timestamp of the Line/WorkOrder or Line/Product report shown (as state_at). */
    orderAt: timestamp('order_at', { withTimezone: true, precision: 3 }),
    lastEventAt: timestamp('last_event_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.line] })],
);

/** A birth certificate's alias map as stored: what every ingest process resolves against. */
export interface StoredMetricDef {
  name: string;
  alias?: number;
  datatype: string;
}

export const edgeBirths = telemetrySchema.table(
  'edge_births',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The birth message's key (message_key of machine_events): its identity. */
    birthKey: text('birth_key').notNull().unique(),
    groupId: text('group_id').notNull(),
    node: text('node').notNull(),
    /** null for an NBIRTH. */
    device: text('device'),
    /** An NBIRTH's own bdSeq; a DBIRTH's is that of its node's session. */
    bdSeq: integer('bd_seq').notNull(),
    /** A DBIRTH's NBIRTH (the node session it belongs to); an NBIRTH's own key. */
    nodeBirthKey: text('node_birth_key').notNull(),
    seq: integer('seq'),
    /** The payload's timestamp, else when it was received: which birth is newer. */
    bornAt: timestamp('born_at', { withTimezone: true, precision: 3 }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    metrics: jsonb('metrics').$type<StoredMetricDef[]>().notNull(),
    /** An NBIRTH's session: the seq the sequence check expects next (null: the birth's own). */
    nextSeq: integer('next_seq'),
    /** An NBIRTH's session: when the sequence check last asked for a rebirth over a gap. */
    rebirthAskedAt: timestamp('rebirth_asked_at', { withTimezone: true }),
    /** When the row was written: other processes read the births stored since they last looked. */
    storedAt: timestamp('stored_at', { withTimezone: true })
      .notNull()
      .default(sql`clock_timestamp()`),
  },
  (t) => [
    index('edge_births_node_idx').on(t.groupId, t.node, t.bornAt),
    index('edge_births_stored_idx').on(t.storedAt),
  ],
);

export const messageLog = telemetrySchema.table(
  'message_log',
  {
    messageKey: text('message_key').primaryKey(),
    groupId: text('group_id').notNull(),
    node: text('node').notNull(),
    seq: integer('seq').notNull(),
    /** The payload's timestamp (the edge node's clock): which birth session the message is in, and its order. */
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** LOTLINE_INSTANCE_ID of the process that stored it. */
    instance: text('instance').notNull(),
    /** An NBIRTH or DBIRTH: at its session's own timestamp (data of the session come after it). */
    birth: boolean('birth').notNull().default(false),
    /** The sequence check has passed over it. */
    checked: boolean('checked').notNull().default(false),
  },
  (t) => [
    index('message_log_unchecked_idx').on(t.groupId, t.node, t.sentAt).where(sql`not ${t.checked}`),
    index('message_log_received_idx').on(t.receivedAt),
  ],
);

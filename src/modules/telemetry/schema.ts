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
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
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
    lastEventAt: timestamp('last_event_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.line] })],
);

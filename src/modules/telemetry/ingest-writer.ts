// Writes one batch of ingested messages in one transaction: the metric rows,
// the dead letters, and the station / line projections, which are computed
// from the rows that were actually inserted. Metric rows go in by COPY when
// the batch is believed new (the common case: ingest keeps the keys of what
// it took in); otherwise, or when COPY hit a stored row, by one INSERT …
// SELECT FROM unnest(column arrays) … ON CONFLICT DO NOTHING, so a message
// delivered again adds nothing.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { copyInto, copyText } from '../../core/db/copy.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { METRICS, STATES_WITH_REASON } from './contract.js';
import { counterIncrement, lineReading } from './line-state.js';
import { deadLetters, lineState, machineEvents, stationState } from './schema.js';
import type { MetricValue } from './sparkplug.js';

export type EventRow = typeof machineEvents.$inferInsert;
export type DeadLetterRow = typeof deadLetters.$inferInsert;

export interface NodeOffline {
  group: string;
  node: string;
  at: Date;
}

export interface Batch {
  events: EventRow[];
  deadLetters: DeadLetterRow[];
  offline: NodeOffline[];
}

export interface BatchResult {
  inserted: number;
  duplicates: number;
  deadLetters: number;
}

export interface WriterOptions {
  /**
   * The rows are believed new (no message of the batch was stored before):
   * they go in by COPY, and a row already stored fails the whole transaction
   * with a unique violation (23505), after which the caller writes the batch
   * again without this flag, row by row against the unique key.
   */
  assumeNew?: boolean;
  /** The output station of a line, whose good count is the line's; undefined when unknown. */
  outputStation?: (line: string) => string | undefined;
  /**
   * A line's station codes in flow order (the plant's), for the line's state
   * (line-state.ts); undefined for a line the plant does not know, whose
   * state is then the most telling of its stations' (down before setup …).
   */
  stationOrder?: (line: string) => readonly string[] | undefined;
}

// One array parameter per column, whatever the number of rows: a multi-row
// VALUES list would need 16 parameters a row (and PostgreSQL takes 65,535 a
// statement), and building it through the query builder cost ~150 µs a row.
const ROWS_PER_INSERT = 20_000;

/** A metric value in the column that fits its type. */
export function valueColumns(
  value: MetricValue,
): Pick<EventRow, 'valueNumber' | 'valueText' | 'valueBool'> {
  if (typeof value === 'number') return { valueNumber: value };
  if (typeof value === 'boolean') return { valueBool: value };
  if (typeof value === 'string') return { valueText: value };
  if (value instanceof Uint8Array) return { valueText: Buffer.from(value).toString('base64') };
  return {};
}

export async function writeBatch(
  db: Database,
  batch: Batch,
  options: WriterOptions = {},
): Promise<BatchResult> {
  // Formatted before the transaction opens, so the database does not wait on it.
  const copy =
    options.assumeNew && batch.events.length > 0 ? eventsCopyText(batch.events) : undefined;
  return db.transaction(async (tx) => {
    const inserted: EventRow[] = [];
    if (options.assumeNew) {
      if (copy !== undefined) {
        await copyInto(tx, 'telemetry.machine_events', EVENT_COLUMNS, copy);
      }
      inserted.push(...batch.events);
    } else
      for (let i = 0; i < batch.events.length; i += ROWS_PER_INSERT) {
        const chunk = batch.events.slice(i, i + ROWS_PER_INSERT);
        const fresh = await insertEvents(tx, chunk);
        for (const row of chunk)
          if (fresh.has(`${row.messageKey}:${row.metricIndex}`)) inserted.push(row);
      }
    let dead = 0;
    let storedBefore = 0;
    if (batch.deadLetters.length > 0) {
      // After a restart the host session has forgotten the nodes' births, so a
      // message stored before the crash and delivered again (its PUBACK was
      // lost with the process) reads as data without a birth. It is a
      // duplicate, not a dead letter.
      const keys = batch.deadLetters.map((d) => d.messageKey);
      const stored = await tx
        .selectDistinct({ key: machineEvents.messageKey })
        .from(machineEvents)
        .where(inArray(machineEvents.messageKey, keys));
      const known = new Set(stored.map((r) => r.key));
      const letters = batch.deadLetters.filter((d) => !known.has(d.messageKey));
      storedBefore = batch.deadLetters.length - letters.length;
      if (letters.length > 0) {
        const rows = await tx
          .insert(deadLetters)
          .values(letters)
          .onConflictDoNothing()
          .returning({ id: deadLetters.id });
        dead = rows.length;
      }
    }
    await project(tx, inserted, batch.offline, options);
    return {
      inserted: inserted.length,
      duplicates: batch.events.length - inserted.length + storedBefore,
      deadLetters: dead,
    };
  });
}

const iso = (d: Date) => d.toISOString();

const EVENT_COLUMNS = [
  'received_at',
  'message_key',
  'metric_index',
  'message_type',
  'group_id',
  'node',
  'device',
  'metric',
  'datatype',
  'value_number',
  'value_text',
  'value_bool',
  'birth',
  'metric_at',
  'seq',
  'bd_seq',
];

function eventsCopyText(rows: readonly EventRow[]): string {
  return copyText(
    rows.map((r) => [
      iso(r.receivedAt),
      r.messageKey,
      r.metricIndex,
      r.messageType,
      r.groupId,
      r.node,
      r.device,
      r.metric,
      r.datatype,
      r.valueNumber,
      r.valueText,
      r.valueBool,
      r.birth,
      iso(r.metricAt),
      r.seq,
      r.bdSeq,
    ]),
  );
}

/** Inserts the rows that are new; returns `messageKey:metricIndex` of those. */
async function insertEvents(tx: Transaction, rows: readonly EventRow[]): Promise<Set<string>> {
  const column = <T>(pick: (r: EventRow) => T) => sql.param(rows.map(pick));
  const result = (await tx.execute(sql`
    INSERT INTO telemetry.machine_events
      (received_at, message_key, metric_index, message_type, group_id, node, device, metric,
       datatype, value_number, value_text, value_bool, birth, metric_at, seq, bd_seq)
    SELECT * FROM unnest(
      ${column((r) => iso(r.receivedAt))}::timestamptz[],
      ${column((r) => r.messageKey)}::text[],
      ${column((r) => r.metricIndex)}::int[],
      ${column((r) => r.messageType)}::text[],
      ${column((r) => r.groupId)}::text[],
      ${column((r) => r.node)}::text[],
      ${column((r) => r.device ?? null)}::text[],
      ${column((r) => r.metric)}::text[],
      ${column((r) => r.datatype)}::text[],
      ${column((r) => r.valueNumber ?? null)}::float8[],
      ${column((r) => r.valueText ?? null)}::text[],
      ${column((r) => r.valueBool ?? null)}::bool[],
      ${column((r) => r.birth)}::bool[],
      ${column((r) => iso(r.metricAt))}::timestamptz[],
      ${column((r) => r.seq ?? null)}::int[],
      ${column((r) => r.bdSeq ?? null)}::int[])
    ON CONFLICT DO NOTHING
    RETURNING message_key, metric_index`)) as unknown as {
    rows: { message_key: string; metric_index: number }[];
  };
  const fresh = new Set<string>();
  for (const r of result.rows) fresh.add(`${r.message_key}:${r.metric_index}`);
  return fresh;
}

// ---------------------------------------------------------- projection ----

type StationRow = typeof stationState.$inferSelect;
type LineRow = typeof lineState.$inferSelect;

// For a line the plant does not know (no flow order), its state is the first
// of these that any of its stations is in.
const LINE_STATE_PRIORITY = [
  'down',
  'setup',
  'planned_stop',
  'running',
  'blocked',
  'starved',
  'idle',
];

async function project(
  tx: Transaction,
  rows: readonly EventRow[],
  offline: readonly NodeOffline[],
  options: WriterOptions,
): Promise<void> {
  const lineKeys = new Map<string, { group: string; line: string }>();
  for (const r of rows)
    lineKeys.set(`${r.groupId}\u0000${r.node}`, { group: r.groupId, line: r.node });
  for (const o of offline)
    lineKeys.set(`${o.group}\u0000${o.node}`, { group: o.group, line: o.node });
  if (lineKeys.size === 0) return;

  const stations = new Map<string, StationRow>();
  const lines = new Map<string, LineRow>();
  const changedStations = new Set<string>();
  const changedLines = new Set<string>();
  // One read of the rows of every line in the batch (locked: the batch owns them until commit).
  const groups = [...new Set([...lineKeys.values()].map((k) => k.group))];
  const lineCodes = [...new Set([...lineKeys.values()].map((k) => k.line))];
  const existingStations = await tx
    .select()
    .from(stationState)
    .where(and(inArray(stationState.groupId, groups), inArray(stationState.line, lineCodes)))
    .for('update');
  for (const s of existingStations) {
    if (lineKeys.has(`${s.groupId}\u0000${s.line}`))
      stations.set(`${s.groupId}\u0000${s.line}\u0000${s.station}`, s);
  }
  const existingLines = await tx
    .select()
    .from(lineState)
    .where(and(inArray(lineState.groupId, groups), inArray(lineState.line, lineCodes)))
    .for('update');
  for (const l of existingLines) {
    const k = `${l.groupId}\u0000${l.line}`;
    if (lineKeys.has(k)) lines.set(k, l);
  }

  const lineOf = (group: string, line: string, at: Date): LineRow => {
    const k = `${group}\u0000${line}`;
    let l = lines.get(k);
    if (!l) {
      l = {
        groupId: group,
        line,
        state: 'idle',
        reason: '',
        since: at,
        good: 0,
        reject: 0,
        workOrder: null,
        product: null,
        lastEventAt: at,
      };
      lines.set(k, l);
    }
    changedLines.add(k);
    if (at > l.lastEventAt) l.lastEventAt = at;
    return l;
  };

  for (const r of rows) {
    const at = r.metricAt;
    const line = lineOf(r.groupId, r.node, at);
    if (r.device === null || r.device === undefined) {
      if (r.metric === METRICS.workOrder) line.workOrder = r.valueText ?? null;
      if (r.metric === METRICS.product) line.product = r.valueText ?? null;
      continue;
    }
    const k = `${r.groupId}\u0000${r.node}\u0000${r.device}`;
    let s = stations.get(k);
    if (!s) {
      s = {
        groupId: r.groupId,
        line: r.node,
        station: r.device,
        state: null,
        reason: null,
        since: null,
        lastGood: null,
        lastReject: null,
        good: 0,
        reject: 0,
        lastEventAt: at,
      };
      stations.set(k, s);
    }
    changedStations.add(k);
    if (at > s.lastEventAt) s.lastEventAt = at;
    const n = r.valueNumber;
    switch (r.metric) {
      case METRICS.good:
      case METRICS.reject: {
        if (typeof n !== 'number') break;
        const good = r.metric === METRICS.good;
        const last = good ? s.lastGood : s.lastReject;
        const delta = counterIncrement(last, n, r.birth);
        if (good) {
          s.lastGood = n;
          s.good += delta;
          if (options.outputStation?.(r.node) === r.device) line.good += delta;
        } else {
          s.lastReject = n;
          s.reject += delta;
          line.reject += delta;
        }
        break;
      }
      case METRICS.state:
        if (r.valueText && r.valueText !== s.state) {
          s.state = r.valueText;
          s.since = at;
          if (!STATES_WITH_REASON.has(r.valueText as never)) s.reason = '';
        }
        break;
      case METRICS.stateReason:
        s.reason = r.valueText ?? '';
        break;
    }
  }

  // Line states from their stations' states.
  for (const k of changedLines) {
    const l = lines.get(k) as LineRow;
    const own = [...stations.values()].filter((s) => s.groupId === l.groupId && s.line === l.line);
    let next: { state: string; reason: string } | undefined;
    const order = options.stationOrder?.(l.line);
    if (order) {
      const byCode = new Map(own.map((s) => [s.station, s]));
      const reading = lineReading(
        order.map((code) => {
          const s = byCode.get(code);
          return { state: s?.state, reason: s?.reason };
        }),
      );
      if (reading) next = { state: reading.state, reason: reading.reason ?? '' };
    } else {
      for (const state of LINE_STATE_PRIORITY) {
        const s = own.find((x) => x.state === state);
        if (s) {
          next = { state, reason: s.reason ?? '' };
          break;
        }
      }
    }
    if (next && (next.state !== l.state || next.reason !== l.reason)) {
      l.state = next.state;
      l.reason = next.reason;
      l.since = l.lastEventAt;
    }
  }
  for (const o of offline) {
    const l = lineOf(o.group, o.node, o.at);
    if (l.state !== 'offline') {
      l.state = 'offline';
      l.reason = '';
      l.since = o.at;
    }
  }

  const changedStationRows = [...changedStations].map((k) => stations.get(k) as StationRow);
  if (changedStationRows.length > 0) {
    await tx
      .insert(stationState)
      .values(changedStationRows)
      .onConflictDoUpdate({
        target: [stationState.groupId, stationState.line, stationState.station],
        set: excluded([
          'state',
          'reason',
          'since',
          'last_good',
          'last_reject',
          'good',
          'reject',
          'last_event_at',
        ]),
      });
  }
  const changedLineRows = [...changedLines].map((k) => lines.get(k) as LineRow);
  if (changedLineRows.length > 0) {
    await tx
      .insert(lineState)
      .values(changedLineRows)
      .onConflictDoUpdate({
        target: [lineState.groupId, lineState.line],
        set: excluded([
          'state',
          'reason',
          'since',
          'good',
          'reject',
          'work_order',
          'product',
          'last_event_at',
        ]),
      });
  }
}

/** `SET column = excluded.column` for each column: one upsert statement for many rows. */
function excluded(columns: readonly string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const c of columns) {
    const key = c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
    set[key] = sql.raw(`excluded.${c}`);
  }
  return set;
}

/** Line codes whose state rows exist, for tests and the CLI. */
export async function lineStates(db: Database, group: string) {
  return db.select().from(lineState).where(eq(lineState.groupId, group));
}

export async function stationStates(db: Database, group: string, lines?: readonly string[]) {
  return db
    .select()
    .from(stationState)
    .where(
      lines
        ? and(eq(stationState.groupId, group), inArray(stationState.line, [...lines]))
        : eq(stationState.groupId, group),
    );
}

/** Number of dead letters whose topic is in the group. */
export async function deadLetterCount(db: Database, group: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(deadLetters)
    .where(sql`${deadLetters.topic} like ${`spBv1.0/${group}/%`}`);
  return row?.n ?? 0;
}

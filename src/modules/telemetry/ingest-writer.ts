// Writes one batch of ingested messages in one transaction: the metric rows,
// the dead letters, and the station / line projections, which are computed
// from the rows that were actually inserted. Metric rows go in by COPY when
// the batch is believed new (the common case: ingest keeps the keys of what
// it took in); otherwise, or when COPY hit a stored row, by one INSERT …
// SELECT FROM unnest(column arrays) … ON CONFLICT DO NOTHING, so a message
// delivered again adds nothing.
//
// A message's rows are kept as the host session's metric updates plus the
// columns the message shares, and written straight into COPY's text: no row
// object per metric on the common path (ingest's time went largely to
// building and collecting those).
//
// Shared ingest (several processes on one MQTT 5 shared subscription): the
// batch also stores its births and the sequence numbers of its messages, a
// death counts only if it ends the newest stored birth session, and the
// projections are written so that two processes committing in either order
// give what one process would (see `project`).
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { copyInto, copyText } from '../../core/db/copy.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { METRICS, STATES_WITH_REASON } from './contract.js';
import type { BirthRecord, MetricUpdate } from './host-session.js';
import { counterIncrement, lineReading, sharedCounterStep } from './line-state.js';
import {
  deadLetters,
  edgeBirths,
  lineState,
  machineEvents,
  messageLog,
  stationState,
} from './schema.js';
import type { MetricValue } from './sparkplug.js';

export type EventRow = typeof machineEvents.$inferInsert;
export type DeadLetterRow = typeof deadLetters.$inferInsert;

export interface NodeOffline {
  group: string;
  node: string;
  at: Date;
  /** Shared ingest: the death's bdSeq; it counts only if the newest stored NBIRTH of the node has it. */
  bdSeq?: number;
}

/** Shared ingest: a stored message's place in its node's sequence. */
export interface SequenceRow {
  messageKey: string;
  group: string;
  node: string;
  seq: number;
  /** An NBIRTH or DBIRTH. */
  birth: boolean;
  /** The payload's timestamp (the edge node's clock). */
  sentAt: Date;
  receivedAt: Date;
}

/** One message's metric rows: the columns they share, and a row per update. */
export interface MessageRows {
  readonly receivedAt: Date;
  readonly messageKey: string;
  readonly messageType: string;
  readonly seq: number | null;
  readonly bdSeq: number | null;
  /** Row `metricIndex` is `updates[metricIndex]`. */
  readonly updates: readonly MetricUpdate[];
}

export interface Batch {
  messages: MessageRows[];
  deadLetters: DeadLetterRow[];
  offline: NodeOffline[];
  /** Shared ingest only: births to store for the other processes. */
  births?: BirthRecord[];
  /** Shared ingest only: the sequence numbers of the batch's messages. */
  sequence?: SequenceRow[];
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
  /**
   * Awaited inside the transaction after the rows are in and before the line
   * projections: a batch written beside an earlier one waits there for the
   * earlier one's commit, so counters and states advance in arrival order.
   * Rejecting abandons the batch (its transaction rolls back).
   */
  turn?: () => Promise<void>;
  /**
   * Several processes share the ingest (LOTLINE_INSTANCE_ID of this one):
   * projections are written order-independently, deaths checked against the
   * stored births.
   */
  sharedBy?: string;
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
  const rowCount = batch.messages.reduce((n, m) => n + m.updates.length, 0);
  // Formatted before the transaction opens, so the database does not wait on it.
  const copy = options.assumeNew && rowCount > 0 ? eventsCopyText(batch.messages) : undefined;
  return db.transaction(async (tx) => {
    let inserted: MetricUpdate[] = [];
    if (options.assumeNew) {
      if (copy !== undefined) {
        await copyInto(tx, 'telemetry.machine_events', EVENT_COLUMNS, copy);
      }
      for (const m of batch.messages) for (const u of m.updates) inserted.push(u);
    } else inserted = await insertNewEvents(tx, batch.messages);
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
    let offline = batch.offline;
    if (options.sharedBy !== undefined) {
      await storeShared(tx, batch, options.sharedBy);
      if (offline.length > 0) offline = await currentDeaths(tx, offline);
    }
    await options.turn?.();
    await project(tx, inserted, offline, options);
    return {
      inserted: inserted.length,
      duplicates: rowCount - inserted.length + storedBefore,
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

// COPY's text format (see core/db/copy.ts), written directly: a batch is
// tens of thousands of rows, and the shared columns of a message are
// formatted once for all its metrics.
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const copyField = (text: string): string =>
  NEEDS_ESCAPE.test(text) ? copyText([[text]]).slice(0, -1) : text;
const NULL = '\\N';

function eventsCopyText(messages: readonly MessageRows[]): string {
  let text = '';
  for (const m of messages) {
    const head = `${iso(m.receivedAt)}\t${m.messageKey}\t`;
    const type = `\t${copyField(m.messageType)}\t`;
    const tail = `\t${m.seq ?? NULL}\t${m.bdSeq ?? NULL}\n`;
    let lastTimestamp = Number.NaN;
    let lastIso = '';
    for (let i = 0; i < m.updates.length; i++) {
      const u = m.updates[i] as MetricUpdate;
      if (u.timestamp !== lastTimestamp) {
        lastTimestamp = u.timestamp;
        lastIso = new Date(u.timestamp).toISOString();
      }
      const v = u.value;
      const number = typeof v === 'number' ? String(v) : NULL;
      const bool = typeof v === 'boolean' ? (v ? 't' : 'f') : NULL;
      const textValue =
        typeof v === 'string'
          ? copyField(v)
          : v instanceof Uint8Array
            ? Buffer.from(v).toString('base64')
            : NULL;
      text +=
        head +
        i +
        type +
        `${copyField(u.group)}\t${copyField(u.node)}\t${u.device === null ? NULL : copyField(u.device)}\t` +
        `${copyField(u.name)}\t${u.datatype}\t${number}\t${textValue}\t${bool}\t` +
        `${u.birth ? 't' : 'f'}\t${lastIso}${tail}`;
    }
  }
  return text;
}

/** The messages' rows as table rows (the path that checks each row against the unique key). */
function eventRows(m: MessageRows): EventRow[] {
  return m.updates.map((u, metricIndex) => ({
    receivedAt: m.receivedAt,
    messageKey: m.messageKey,
    metricIndex,
    messageType: m.messageType,
    groupId: u.group,
    node: u.node,
    device: u.device,
    metric: u.name,
    datatype: u.datatype,
    ...valueColumns(u.value),
    birth: u.birth,
    metricAt: new Date(u.timestamp),
    seq: m.seq,
    bdSeq: m.bdSeq,
  }));
}

/** Inserts the messages' rows against the unique key; returns the updates of the rows that were new. */
async function insertNewEvents(
  tx: Transaction,
  messages: readonly MessageRows[],
): Promise<MetricUpdate[]> {
  const inserted: MetricUpdate[] = [];
  let chunk: { rows: EventRow[]; updates: MetricUpdate[] } = { rows: [], updates: [] };
  const flush = async () => {
    const fresh = await insertEvents(tx, chunk.rows);
    chunk.rows.forEach((row, i) => {
      if (fresh.has(`${row.messageKey}:${row.metricIndex}`))
        inserted.push(chunk.updates[i] as MetricUpdate);
    });
    chunk = { rows: [], updates: [] };
  };
  for (const m of messages) {
    chunk.rows.push(...eventRows(m));
    chunk.updates.push(...m.updates);
    if (chunk.rows.length >= ROWS_PER_INSERT) await flush();
  }
  if (chunk.rows.length > 0) await flush();
  return inserted;
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

// ------------------------------------------------------- shared ingest ----

async function storeShared(tx: Transaction, batch: Batch, instance: string): Promise<void> {
  if (batch.births && batch.births.length > 0) {
    await tx
      .insert(edgeBirths)
      .values(
        batch.births.map((b) => ({
          birthKey: b.birthKey,
          groupId: b.group,
          node: b.node,
          device: b.device,
          bdSeq: b.bdSeq,
          nodeBirthKey: b.nodeBirthKey,
          seq: b.seq,
          bornAt: new Date(b.bornAt),
          receivedAt: new Date(b.receivedAt),
          metrics: b.metrics,
        })),
      )
      .onConflictDoNothing();
  }
  const rows = batch.sequence ?? [];
  if (rows.length === 0) return;
  const column = <T>(pick: (r: SequenceRow) => T) => sql.param(rows.map(pick));
  await tx.execute(sql`
    INSERT INTO ${messageLog}
      (message_key, group_id, node, seq, birth, sent_at, received_at, instance)
    SELECT k, g, n, s, b, t, r, ${instance} FROM unnest(
      ${column((r) => r.messageKey)}::text[],
      ${column((r) => r.group)}::text[],
      ${column((r) => r.node)}::text[],
      ${column((r) => r.seq)}::int[],
      ${column((r) => r.birth)}::bool[],
      ${column((r) => iso(r.sentAt))}::timestamptz[],
      ${column((r) => iso(r.receivedAt))}::timestamptz[]) AS u(k, g, n, s, b, t, r)
    ON CONFLICT DO NOTHING`);
}

/**
 * The deaths that end the newest stored birth session of their node. Another
 * process may have stored the next session's NBIRTH already (the will of a
 * connection can reach the broker after the node reconnected), or this
 * process may not have seen it when it read the death.
 */
async function currentDeaths(
  tx: Transaction,
  deaths: readonly NodeOffline[],
): Promise<NodeOffline[]> {
  const nodes = [...new Set(deaths.map((d) => d.node))];
  const groups = [...new Set(deaths.map((d) => d.group))];
  const newest = (await tx.execute(sql`
    SELECT DISTINCT ON (group_id, node) group_id, node, bd_seq
    FROM ${edgeBirths}
    WHERE device IS NULL AND group_id = ANY(${sql.param(groups)}::text[])
      AND node = ANY(${sql.param(nodes)}::text[])
    ORDER BY group_id, node, born_at DESC, received_at DESC`)) as unknown as {
    rows: { group_id: string; node: string; bd_seq: number }[];
  };
  const bdSeqOf = new Map(newest.rows.map((r) => [`${r.group_id}\u0000${r.node}`, r.bd_seq]));
  return deaths.filter(
    (d) => d.bdSeq === undefined || bdSeqOf.get(`${d.group}\u0000${d.node}`) === d.bdSeq,
  );
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
  rows: readonly MetricUpdate[],
  offline: readonly NodeOffline[],
  options: WriterOptions,
): Promise<void> {
  const lineKeys = new Map<string, { group: string; line: string }>();
  for (const r of rows) lineKeys.set(`${r.group}\u0000${r.node}`, { group: r.group, line: r.node });
  for (const o of offline)
    lineKeys.set(`${o.group}\u0000${o.node}`, { group: o.group, line: o.node });
  if (lineKeys.size === 0) return;

  const stations = new Map<string, StationRow>();
  const lines = new Map<string, LineRow>();
  const changedStations = new Set<string>();
  const changedLines = new Set<string>();
  const shared = options.sharedBy !== undefined;
  // One read of the rows of every line in the batch (locked: the batch owns them until commit).
  const groups = [...new Set([...lineKeys.values()].map((k) => k.group))];
  const lineCodes = [...new Set([...lineKeys.values()].map((k) => k.line))];
  // Shared: another process's transaction may be about to create the same
  // rows; two inserts of a new row would end in one overwriting the other's
  // counts (a lost update). So every row is made to exist first (doing
  // nothing where it does) and then locked, in key order so that two
  // transactions lock in the same order and cannot deadlock each other.
  if (shared) await ensureRows(tx, rows, offline);
  const existingStations = await tx
    .select()
    .from(stationState)
    .where(and(inArray(stationState.groupId, groups), inArray(stationState.line, lineCodes)))
    .orderBy(stationState.groupId, stationState.line, stationState.station)
    .for('update');
  for (const s of existingStations) {
    if (lineKeys.has(`${s.groupId}\u0000${s.line}`))
      stations.set(`${s.groupId}\u0000${s.line}\u0000${s.station}`, s);
  }
  const existingLines = await tx
    .select()
    .from(lineState)
    .where(and(inArray(lineState.groupId, groups), inArray(lineState.line, lineCodes)))
    .orderBy(lineState.groupId, lineState.line)
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
        orderAt: null,
        lastEventAt: at,
      };
      lines.set(k, l);
    }
    changedLines.add(k);
    if (at > l.lastEventAt) l.lastEventAt = at;
    return l;
  };

  for (const r of rows) {
    const at = new Date(r.timestamp);
    const text = typeof r.value === 'string' ? r.value : undefined;
    const line = lineOf(r.group, r.node, at);
    if (r.device === null) {
      if (r.name !== METRICS.workOrder && r.name !== METRICS.product) continue;
      // Shared: the newest report wins, whichever process commits last.
      if (shared && line.orderAt !== null && at < line.orderAt) continue;
      line.orderAt = at;
      if (r.name === METRICS.workOrder) line.workOrder = text ?? null;
      else line.product = text ?? null;
      continue;
    }
    const k = `${r.group}\u0000${r.node}\u0000${r.device}`;
    let s = stations.get(k);
    if (!s) {
      s = {
        groupId: r.group,
        line: r.node,
        station: r.device,
        state: null,
        reason: null,
        since: null,
        lastGood: null,
        lastReject: null,
        stateAt: null,
        good: 0,
        reject: 0,
        lastEventAt: at,
      };
      stations.set(k, s);
    }
    changedStations.add(k);
    // Shared: a birth older than the station's newest report is a late one,
    // not a machine that started counting again.
    const newest = at >= s.lastEventAt;
    if (at > s.lastEventAt) s.lastEventAt = at;
    const n = r.value;
    switch (r.name) {
      case METRICS.good:
      case METRICS.reject: {
        if (typeof n !== 'number') break;
        const good = r.name === METRICS.good;
        const last = good ? s.lastGood : s.lastReject;
        let delta: number;
        let next = n;
        if (shared) {
          const step = sharedCounterStep(last, n, r.birth && newest);
          delta = step.increment;
          next = step.last;
        } else delta = counterIncrement(last, n, r.birth);
        if (good) {
          s.lastGood = next;
          s.good += delta;
          if (options.outputStation?.(r.node) === r.device) line.good += delta;
        } else {
          s.lastReject = next;
          s.reject += delta;
          line.reject += delta;
        }
        break;
      }
      case METRICS.state:
        // Shared: a report older than the one shown changes nothing.
        if (shared && s.stateAt !== null && at < s.stateAt) break;
        s.stateAt = at;
        if (text && text !== s.state) {
          s.state = text;
          s.since = at;
          if (!STATES_WITH_REASON.has(text as never)) s.reason = '';
        }
        break;
      case METRICS.stateReason:
        if (shared && s.stateAt !== null && at < s.stateAt) break;
        s.reason = text ?? '';
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
          'state_at',
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
          'order_at',
          'last_event_at',
        ]),
      });
  }
}

/** Shared ingest: the batch's station and line rows exist (as a new one starts) before they are locked. */
async function ensureRows(
  tx: Transaction,
  rows: readonly MetricUpdate[],
  offline: readonly NodeOffline[],
): Promise<void> {
  const stations = new Map<string, typeof stationState.$inferInsert>();
  const lines = new Map<string, typeof lineState.$inferInsert>();
  const touchLine = (group: string, line: string, at: Date) => {
    const k = `${group}\u0000${line}`;
    const l = lines.get(k);
    if (!l) lines.set(k, { groupId: group, line, state: 'idle', since: at, lastEventAt: at });
    else if (at < (l.lastEventAt as Date)) l.lastEventAt = l.since = at;
  };
  for (const r of rows) {
    const at = new Date(r.timestamp);
    touchLine(r.group, r.node, at);
    if (r.device === null) continue;
    const k = `${r.group}\u0000${r.node}\u0000${r.device}`;
    const s = stations.get(k);
    if (!s) {
      stations.set(k, { groupId: r.group, line: r.node, station: r.device, lastEventAt: at });
    } else if (at < (s.lastEventAt as Date)) s.lastEventAt = at;
  }
  for (const o of offline) touchLine(o.group, o.node, o.at);
  const byKey = <T>(m: Map<string, T>) =>
    [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  if (stations.size > 0) {
    await tx.insert(stationState).values(byKey(stations)).onConflictDoNothing();
  }
  if (lines.size > 0) await tx.insert(lineState).values(byKey(lines)).onConflictDoNothing();
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

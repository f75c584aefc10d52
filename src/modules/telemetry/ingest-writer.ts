// Writes one batch of ingested messages in one transaction: the metric rows
// (multi-row INSERT … ON CONFLICT DO NOTHING, so a redelivered message adds
// nothing), the dead letters, and the station / line projections, which are
// computed from the rows that were actually inserted.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../core/db/store.js';
import { METRICS, STATES_WITH_REASON } from './contract.js';
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
  /** The output station of a line, whose good count is the line's; undefined when unknown. */
  outputStation?: (line: string) => string | undefined;
}

// PostgreSQL takes at most 65,535 parameters a statement; 17 columns a row.
const ROWS_PER_INSERT = 1_000;

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
  return db.transaction(async (tx) => {
    const inserted: EventRow[] = [];
    for (let i = 0; i < batch.events.length; i += ROWS_PER_INSERT) {
      const chunk = batch.events.slice(i, i + ROWS_PER_INSERT);
      const keys = await tx
        .insert(machineEvents)
        .values(chunk)
        .onConflictDoNothing()
        .returning({ key: machineEvents.messageKey, index: machineEvents.metricIndex });
      const fresh = new Set(keys.map((k) => `${k.key}:${k.index}`));
      for (const row of chunk)
        if (fresh.has(`${row.messageKey}:${row.metricIndex}`)) inserted.push(row);
    }
    let dead = 0;
    if (batch.deadLetters.length > 0) {
      const rows = await tx
        .insert(deadLetters)
        .values(batch.deadLetters)
        .onConflictDoNothing()
        .returning({ id: deadLetters.id });
      dead = rows.length;
    }
    await project(tx, inserted, batch.offline, options);
    return {
      inserted: inserted.length,
      duplicates: batch.events.length - inserted.length,
      deadLetters: dead,
    };
  });
}

// ---------------------------------------------------------- projection ----

type StationRow = typeof stationState.$inferSelect;
type LineRow = typeof lineState.$inferSelect;

// The line's state is the first of these that any of its stations is in: a
// station down stops the line; otherwise it runs if any station does.
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
  for (const { group, line } of lineKeys.values()) {
    const existing = await tx
      .select()
      .from(stationState)
      .where(and(eq(stationState.groupId, group), eq(stationState.line, line)))
      .for('update');
    for (const s of existing) stations.set(`${group}\u0000${line}\u0000${s.station}`, s);
    const [l] = await tx
      .select()
      .from(lineState)
      .where(and(eq(lineState.groupId, group), eq(lineState.line, line)))
      .for('update');
    if (l) lines.set(`${group}\u0000${line}`, l);
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
        const delta = increment(last, n, r.birth);
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
    for (const state of LINE_STATE_PRIORITY) {
      const s = own.find((x) => x.state === state);
      if (s) {
        next = { state, reason: s.reason ?? '' };
        break;
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

  for (const k of changedStations) {
    const s = stations.get(k) as StationRow;
    await tx
      .insert(stationState)
      .values(s)
      .onConflictDoUpdate({
        target: [stationState.groupId, stationState.line, stationState.station],
        set: {
          state: s.state,
          reason: s.reason,
          since: s.since,
          lastGood: s.lastGood,
          lastReject: s.lastReject,
          good: s.good,
          reject: s.reject,
          lastEventAt: s.lastEventAt,
        },
      });
  }
  for (const k of changedLines) {
    const l = lines.get(k) as LineRow;
    await tx
      .insert(lineState)
      .values(l)
      .onConflictDoUpdate({
        target: [lineState.groupId, lineState.line],
        set: {
          state: l.state,
          reason: l.reason,
          since: l.since,
          good: l.good,
          reject: l.reject,
          workOrder: l.workOrder,
          product: l.product,
          lastEventAt: l.lastEventAt,
        },
      });
  }
}

/**
 * What a cumulative counter added since its last value. Counters never fall
 * within a birth (contract.ts); a lower value in a birth means the machine
 * started counting again, so all of it is new. A lower value outside a birth
 * breaks the contract and adds nothing.
 */
export function increment(last: number | null, value: number, birth: boolean): number {
  if (last === null) return 0;
  if (value >= last) return value - last;
  return birth ? value : 0;
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

// The breakdown watcher: runs inside the server, reads the machine events
// ingest stored since it last looked (by id, telemetry.machine_events), and
// opens one maintenance request per breakdown (breakdown-detection.ts says
// what one is). Each poll is one transaction: the rows read, the stations'
// watches, the breakdowns and requests they caused and the cursor moved past
// them commit together, so a restart resumes exactly where the last commit
// left off — no breakdown missed, none opened twice (and a breakdown is
// unique per station and start besides). Several Lotline processes may run
// it: the cursor row is locked, so they take turns.
//
// Ids are handed out when rows are inserted, not when they commit: with two
// ingest batches in the database at once (as on PostgreSQL), a row with a
// lower id can become visible after one with a higher id. So the watcher
// reads only up to an id known to be settled: it notes how far the id
// sequence had got and which transactions were running just after, and once
// all of those have ended, no row at or below that id can still appear. That
// id is settled at once when nothing was running (an idle or single-writer
// database), else at the next poll.
//
// The same tick then lets the preventive plans generate what has come due
// (plans.ts), each plan in its own transaction.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { recordAudit } from '../../core/audit/trail.js';
import { rowsOf } from '../../core/db/rows.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import { machineEvents } from '../telemetry/index.js';
import {
  advanceWatch,
  type BreakdownChange,
  type StationWatch,
  WATCHED_METRICS,
  type WatchedRow,
  watchKey,
} from './breakdown-detection.js';
import { breakdownReasons, OPEN_STATES } from './model.js';
import { generatePreventive } from './plans.js';
import { breakdowns, stationWatch, watchCursor, workOrders } from './schema.js';
import { insertOrder } from './work-orders.js';

/** Who the watcher's records name as their actor. */
export const WATCHER_ACTOR = 'lotline:breakdown-watcher';
const BATCH_ROWS = 5_000;
const METRICS = Object.values(WATCHED_METRICS);

export interface WatcherContext {
  db: Database;
  clock: () => Date;
  /** The Sparkplug group whose machine data is watched. */
  group: string;
  /** Rows read per transaction (5,000 by default). */
  batchRows?: number;
}

export interface PollResult {
  /** Machine events read. */
  read: number;
  /** Requests opened, by number. */
  opened: string[];
  /** Breakdowns the machine data showed ended. */
  ended: number;
  /** True when more rows wait (the batch was full). */
  more: boolean;
  /**
   * True when the poll read every id handed out when it began; false while
   * transactions then running (of any database on the server) have not ended
   * — their rows are read by a later poll.
   */
  caughtUp: boolean;
}

interface EventRow {
  id: number | string;
  message_key: string;
  node: string;
  device: string;
  metric: string;
  at: number | string;
  number: number | string | null;
  text: string | null;
  birth: boolean;
}

const AT = sql.raw('round(extract(epoch from metric_at) * 1000)::float8');

/**
 * One poll: reads the machine events after the cursor (at most a batch),
 * advances the stations' watches and opens a request per breakdown, all in
 * one transaction. A first poll on a database starts at the newest event:
 * machine data from before the watcher existed opens no requests.
 */
export async function pollBreakdowns(
  context: WatcherContext,
  plant?: PlantFile,
): Promise<PollResult> {
  const current = plant ?? (await currentPlant(context.db)).plant;
  const reasons = breakdownReasons(current);
  const isBreakdown = (reason: string) => reasons.has(reason);
  const stations = new Set(
    current.lines.flatMap((l) => l.stations.map((s) => watchKey(l.code, s.code))),
  );
  const limit = context.batchRows ?? BATCH_ROWS;
  return context.db.transaction(async (tx) => {
    const now = context.clock();
    const horizon = await readHorizon(tx);
    const position = await lockCursor(tx, context.group, now, horizon);
    const cursor = position.lastEventId;
    const result = await tx.execute(sql`
      select id, message_key, node, device, metric, ${AT} as at,
        value_number as number, value_text as text, birth
      from ${machineEvents}
      where id > ${cursor} and id <= ${position.settledId}
        and group_id = ${context.group} and device is not null
        and metric in (${sql.join(
          METRICS.map((m) => sql`${m}`),
          sql`, `,
        )})
      order by id
      limit ${limit}`);
    let rows = rowsOf<EventRow>(result);
    const more = rows.length === limit;
    if (more) {
      // Never split a message: its metrics (a State and its State/Reason) belong together.
      const lastKey = rows.at(-1)?.message_key;
      const cut = rows.findIndex((r) => r.message_key === lastKey);
      if (cut > 0) rows = rows.slice(0, cut);
    }
    // A short batch has read everything settled: the cursor moves on to it.
    const lastId = more ? Number(rows.at(-1)?.id ?? cursor) : Math.max(cursor, position.settledId);
    const watched: WatchedRow[] = rows
      .filter((r) => stations.has(watchKey(r.node, r.device)))
      .map((r) => ({
        id: Number(r.id),
        line: r.node,
        station: r.device,
        metric: r.metric,
        at: Number(r.at),
        number: r.number === null ? null : Number(r.number),
        text: r.text,
        birth: r.birth,
      }));
    const before = await loadWatches(tx, context.group, [
      ...new Set(watched.map((r) => watchKey(r.line, r.station))),
    ]);
    const { watches, changes } = advanceWatch(before, watched, isBreakdown);
    const opened = await applyChanges(tx, context.group, changes, now);
    await saveWatches(tx, context.group, [...watches.values()], now);
    await tx
      .update(watchCursor)
      .set({
        lastEventId: lastId,
        settledId: position.settledId,
        pendingId: position.pending?.id ?? null,
        pendingXids: position.pending?.running ?? null,
        updatedAt: now,
      })
      .where(eq(watchCursor.groupId, context.group));
    return {
      read: rows.length,
      opened,
      ended: changes.filter((c) => c.kind === 'up').length,
      more,
      caughtUp: !more && position.pending === null,
    };
  });
}

interface Horizon {
  /** An upper bound of every id handed out so far. */
  id: number;
  /** The transactions running just after it was read (xid8, as text). */
  running: string[];
}

const table = getTableConfig(machineEvents);
const qualifiedName = `${table.schema ?? 'public'}.${table.name}`;

/**
 * How far the id sequence has got, then which transactions are running: in
 * two statements, so that every transaction that took an id up to it either
 * has ended or is in the list. Read before this transaction writes anything
 * (it is then in no list of its own).
 */
async function readHorizon(tx: Transaction): Promise<Horizon> {
  const [last] = rowsOf<{ id: number | string | null }>(
    await tx.execute(
      sql`select pg_sequence_last_value(pg_get_serial_sequence(${qualifiedName}, 'id')::regclass) as id`,
    ),
  );
  const running = rowsOf<{ xid: string }>(
    await tx.execute(sql`select x::text as xid from pg_snapshot_xip(pg_current_snapshot()) as x`),
  );
  return {
    id: last?.id === null || last?.id === undefined ? 0 : Number(last.id),
    running: running.map((r) => r.xid),
  };
}

async function allEnded(tx: Transaction, xids: readonly string[]): Promise<boolean> {
  if (xids.length === 0) return true;
  const [row] = rowsOf<{ ended: boolean | null }>(
    await tx.execute(sql`
      select bool_and(coalesce(pg_xact_status(x) <> 'in progress', true)) as ended
      from unnest(array[${sql.join(
        xids.map((x) => sql`${x}`),
        sql`, `,
      )}]::xid8[]) as x`),
  );
  return row?.ended === true;
}

interface Cursor {
  /** The last id read. */
  lastEventId: number;
  /** Ids up to here are settled and may be read. */
  settledId: number;
  pending: Horizon | null;
}

/**
 * The group's cursor, locked for this poll, with its settled id moved on as
 * far as the transactions it waited for allow. A first poll starts at the
 * newest id.
 */
async function lockCursor(
  tx: Transaction,
  group: string,
  now: Date,
  horizon: Horizon,
): Promise<Cursor> {
  const select = () =>
    tx.select().from(watchCursor).where(eq(watchCursor.groupId, group)).for('update');
  let [row] = await select();
  if (!row) {
    await tx
      .insert(watchCursor)
      .values({ groupId: group, lastEventId: horizon.id, settledId: horizon.id, updatedAt: now })
      .onConflictDoNothing();
    // Another process may have made it meanwhile: take its row, locked.
    [row] = await select();
    if (!row) throw new Error('the watcher cursor was not stored');
  }
  let settledId = row.settledId;
  let pending: Horizon | null =
    row.pendingId !== null ? { id: row.pendingId, running: row.pendingXids ?? [] } : null;
  if (pending && (await allEnded(tx, pending.running))) {
    settledId = Math.max(settledId, pending.id);
    pending = null;
  }
  if (horizon.running.length === 0) settledId = Math.max(settledId, horizon.id);
  else pending ??= horizon;
  return { lastEventId: row.lastEventId, settledId, pending };
}

async function loadWatches(
  tx: Transaction,
  group: string,
  keys: readonly string[],
): Promise<Map<string, StationWatch>> {
  if (keys.length === 0) return new Map();
  const lines = [...new Set(keys.map((k) => k.split('/')[0] as string))];
  const rows = await tx
    .select()
    .from(stationWatch)
    .where(and(eq(stationWatch.groupId, group), inArray(stationWatch.line, lines)));
  const wanted = new Set(keys);
  const out = new Map<string, StationWatch>();
  for (const r of rows) {
    const key = watchKey(r.line, r.station);
    if (!wanted.has(key)) continue;
    out.set(key, {
      line: r.line,
      station: r.station,
      state: r.state,
      reason: r.reason,
      stateSince: r.stateSince?.getTime() ?? null,
      lastGood: r.lastGood,
      lastReject: r.lastReject,
      good: r.good,
      reject: r.reject,
      open: r.openDownAt
        ? {
            downAt: r.openDownAt.getTime(),
            reason: r.openReason ?? '',
            pausedSince: r.openPausedSince?.getTime() ?? null,
            pausedMs: r.openPausedMs,
          }
        : null,
    });
  }
  return out;
}

async function saveWatches(
  tx: Transaction,
  group: string,
  watches: readonly StationWatch[],
  now: Date,
) {
  for (const w of watches) {
    const values = {
      state: w.state,
      reason: w.reason,
      stateSince: w.stateSince === null ? null : new Date(w.stateSince),
      lastGood: w.lastGood,
      lastReject: w.lastReject,
      good: w.good,
      reject: w.reject,
      openDownAt: w.open ? new Date(w.open.downAt) : null,
      openReason: w.open?.reason ?? null,
      openPausedSince:
        w.open?.pausedSince === null || w.open?.pausedSince === undefined
          ? null
          : new Date(w.open.pausedSince),
      openPausedMs: w.open?.pausedMs ?? 0,
      updatedAt: now,
    };
    await tx
      .insert(stationWatch)
      .values({ groupId: group, line: w.line, station: w.station, ...values })
      .onConflictDoUpdate({
        target: [stationWatch.groupId, stationWatch.line, stationWatch.station],
        set: values,
      });
  }
}

async function applyChanges(
  tx: Transaction,
  group: string,
  changes: readonly BreakdownChange[],
  now: Date,
): Promise<string[]> {
  const opened: string[] = [];
  for (const change of changes) {
    if (change.kind === 'down') {
      const id = randomUUID();
      const downAt = new Date(change.at);
      // A person may have reported the stop before the machine data showed it:
      // that request is this breakdown's, not a second one.
      const [reported] = await tx
        .select()
        .from(workOrders)
        .where(
          and(
            eq(workOrders.kind, 'breakdown'),
            eq(workOrders.line, change.line),
            eq(workOrders.station, change.station),
            inArray(workOrders.state, [...OPEN_STATES]),
            isNull(workOrders.breakdownId),
          ),
        )
        .limit(1)
        .for('update');
      const inserted = await tx
        .insert(breakdowns)
        .values({
          id,
          groupId: group,
          line: change.line,
          station: change.station,
          reason: change.reason,
          downAt,
          eventId: change.eventId,
          // A new request shares the breakdown's id.
          workOrderId: reported?.id ?? id,
        })
        .onConflictDoNothing()
        .returning({ id: breakdowns.id });
      if (inserted.length === 0) continue; // seen before: its request exists
      if (reported) {
        await linkReported(tx, reported, { id, downAt, reason: change.reason });
        continue;
      }
      const order = await insertOrder(
        tx,
        {
          id,
          kind: 'breakdown',
          line: change.line,
          station: change.station,
          title: `Breakdown at ${change.line}/${change.station}: ${change.reason}`,
          reason: change.reason,
          downAt,
          breakdownId: id,
        },
        WATCHER_ACTOR,
        now,
      );
      opened.push(order.number);
    } else {
      await tx
        .update(breakdowns)
        .set({ upAt: new Date(change.at), pausedMs: change.pausedMs })
        .where(
          and(
            eq(breakdowns.groupId, group),
            eq(breakdowns.line, change.line),
            eq(breakdowns.station, change.station),
            eq(breakdowns.downAt, new Date(change.downAt)),
          ),
        );
    }
  }
  return opened;
}

/** Ties a request opened by hand to the breakdown the machine data then showed, and dates it by the machine. */
async function linkReported(
  tx: Transaction,
  row: typeof workOrders.$inferSelect,
  breakdown: { id: string; downAt: Date; reason: string },
) {
  const document = {
    ...row.document,
    downAt: breakdown.downAt.toISOString(),
    reason: row.document.reason ?? breakdown.reason,
  };
  await tx
    .update(workOrders)
    .set({
      breakdownId: breakdown.id,
      downAt: breakdown.downAt,
      reason: document.reason,
      document,
    })
    .where(eq(workOrders.id, row.id));
  await recordAudit(tx, {
    actor: WATCHER_ACTOR,
    action: 'maintenance.request.linked_to_breakdown',
    entityType: 'maintenance_work_order',
    entityId: row.number,
    before: { downAt: row.document.downAt, reason: row.document.reason },
    after: { downAt: document.downAt, reason: document.reason },
  });
}

export interface WatcherLogger {
  warn(object: object, message: string): void;
  info?(object: object, message: string): void;
}

export interface RunningWatcher {
  /** One tick now: poll until caught up, then generate due preventive orders. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the watcher: a tick every `intervalMs` (5 s by default), one at a
 * time. A failed tick is logged and the next one tries again from the cursor.
 */
export function startMaintenanceWatcher(
  context: WatcherContext & { logger: WatcherLogger; intervalMs?: number },
): RunningWatcher {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    const { plant } = await currentPlant(context.db);
    // Catch up in batches, but give the event loop back between them.
    for (let round = 0; round < 20 && !stopped; round++) {
      const polled = await pollBreakdowns(context, plant);
      if (!polled.more) break;
    }
    if (!stopped) await generatePreventive(context, plant);
  };
  const guarded = () => {
    running ??= tick()
      .catch((error) => context.logger.warn({ err: error }, 'maintenance watcher: tick failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void guarded(), context.intervalMs ?? 5_000);
  timer.unref();
  void guarded();
  return {
    tick: async () => {
      await running;
      await guarded();
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

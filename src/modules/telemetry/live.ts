// The live plant floor: what every line is doing now, pushed to whoever
// watches (GET /api/telemetry/live, server-sent events).
//
// One poller serves every watcher. It runs only while someone watches, reads
// the line and station projections that ingest keeps (two small queries every
// `pollMs`), and hands each watcher only the lines whose figures changed.
// Polling the projections, rather than hooking ingest, keeps this side
// independent of how ingest batches and of which process ingests: several
// Lotline processes over one database all see the same floor.
//
// Two figures cost more than a projection read; they are refreshed in the
// background, one line after another, and cached:
// - the rate, every `rateMs` (5 s): good units per minute over the last
//   `rateWindowMs` (5 minutes),
//   from the output station's cumulative Counts/Good in machine_events (the
//   same increments the projection adds up, see `increment`). A line that
//   began reporting inside the window is divided by the time it has reported,
//   so a line just started is not shown as slow; under 10 s of data, no rate.
// - the current shift's ISO 22400-2 figures (OEE and its factors, counts),
//   every `shiftFiguresMs` (30 s, and at once when the shift changes), from
//   the production module's machine KPIs over [shift start, now). They read
//   the whole shift's machine data: near the end of a shift some 0.2 s per
//   line on PostgreSQL and 0.45 s on PGlite, where they hold the one
//   connection that ingest and this poller also need; hence the interval.
import { and, asc, desc, eq, gt, lte } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { findCurrentPlant, type PlantFile } from '../plant/index.js';
import {
  type KpiReport,
  type Outcome,
  operationCalendarFor,
  shiftInstances,
} from '../production/index.js';
import { METRICS } from './contract.js';
import { counterIncrement } from './line-state.js';
import { lineState, machineEvents, stationState } from './schema.js';

export interface LiveStation {
  station: string;
  state: string | null;
  reason: string | null;
  since: string | null;
  good: number;
  reject: number;
}

/** The current shift of a line and its ISO 22400-2 figures so far. */
export interface ShiftFigures {
  shift: string;
  day: string;
  from: string;
  to: string;
  /** Ratios 0…1 (effectiveness may exceed 1); null where the standard leaves them undefined. */
  oee: number | null;
  availability: number | null;
  effectiveness: number | null;
  qualityRatio: number | null;
  good: number;
  scrap: number;
  /** Why the figures could not be computed, when they could not. */
  unavailable?: string;
}

export interface LiveLine {
  group: string;
  line: string;
  state: string;
  reason: string;
  since: string;
  /** Cumulative counts since ingest first saw the line (the projection's). */
  good: number;
  reject: number;
  /** Good units per minute over the last few minutes; null until there are enough data. */
  ratePerMinute: number | null;
  /** The work order and product the line reports running. */
  workOrder: string | null;
  product: string | null;
  lastEventAt: string;
  /** null when the line has no shift now (off shift, holiday) or the plant has no such line. */
  shift: ShiftFigures | null;
  stations: LiveStation[];
}

export type LiveMessage =
  /** Every line: the first message a watcher gets, and again after it fell behind. */
  | { type: 'snapshot'; at: string; lines: LiveLine[] }
  /** One line whose figures changed. */
  | { type: 'line'; at: string; line: LiveLine };

export type LiveListener = (message: LiveMessage) => void;

/** The figures that cost a query over machine data, and when each was taken. */
interface Derived {
  rateAt: number;
  ratePerMinute: number | null;
  shiftAt: number;
  shift: ShiftFigures | null;
}

/** A line's ISO 22400-2 KPIs from machine data over a window (production's machineLineKpis). */
export type LineKpisSource = (
  db: Database,
  plant: PlantFile,
  query: { line: string; from: Date; to: Date; group?: string; now?: Date },
) => Promise<Outcome<KpiReport>>;

export interface LiveFloorOptions {
  db: Database;
  /** Where the shift figures come from; without it a shift shows no OEE. */
  lineKpis?: LineKpisSource;
  /** How often the projections are read while someone watches (ms). */
  pollMs?: number;
  /** How often a line's rate is refreshed (ms). */
  rateMs?: number;
  /** How often a line's shift figures are refreshed (ms). */
  shiftFiguresMs?: number;
  rateWindowMs?: number;
  now?: () => number;
  /** A failed poll or refresh; the poller goes on. */
  onError?: (error: unknown) => void;
}

export const DEFAULT_POLL_MS = 300;
export const DEFAULT_RATE_MS = 5_000;
export const DEFAULT_SHIFT_FIGURES_MS = 30_000;
export const RATE_WINDOW_MS = 5 * 60_000;
const MIN_RATE_SPAN_MS = 10_000;
const MINUTE_MS = 60_000;

const keyOf = (group: string, line: string) => `${group}\u0000${line}`;
const iso = (d: Date | null) => d?.toISOString() ?? null;
const orNull = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? null : n);

export class LiveFloor {
  private readonly db: Database;
  private readonly pollMs: number;
  private readonly rateMs: number;
  private readonly shiftFiguresMs: number;
  private readonly rateWindowMs: number;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly lineKpis: LineKpisSource | undefined;

  private readonly listeners = new Set<LiveListener>();
  /** Watchers that joined since the last poll and still wait for their snapshot. */
  private readonly joining = new Set<LiveListener>();
  /** The lines as last handed out, and their serialised form for comparison. */
  private readonly lines = new Map<string, { line: LiveLine; json: string }>();
  private readonly derived = new Map<string, Derived>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private refreshing: Promise<void> | undefined;
  private closed = false;

  constructor(options: LiveFloorOptions) {
    this.db = options.db;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.rateMs = options.rateMs ?? DEFAULT_RATE_MS;
    this.shiftFiguresMs = options.shiftFiguresMs ?? DEFAULT_SHIFT_FIGURES_MS;
    this.rateWindowMs = options.rateWindowMs ?? RATE_WINDOW_MS;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => {});
    this.lineKpis = options.lineKpis;
  }

  /** How many watch now (for tests and the log). */
  get watchers(): number {
    return this.listeners.size;
  }

  /** Whether the poller runs (it runs only while someone watches). */
  get running(): boolean {
    return this.timer !== undefined || this.polling !== undefined;
  }

  /**
   * Starts handing messages to the listener: a snapshot after the next poll,
   * then each changed line. Returns the function that stops it.
   */
  watch(listener: LiveListener): () => void {
    if (this.closed) throw new Error('the live floor is closed');
    this.listeners.add(listener);
    this.joining.add(listener);
    if (this.listeners.size === 1) {
      // Nobody watched: what was handed out and computed before may be stale.
      this.lines.clear();
      this.derived.clear();
    }
    // A newcomer should not wait a whole interval for its snapshot.
    this.schedule(0);
    return () => {
      this.listeners.delete(listener);
      this.joining.delete(listener);
      if (this.listeners.size === 0) this.stopTimer();
    };
  }

  /** Stops the poller and drops every listener; waits for a poll or refresh in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.joining.clear();
    this.stopTimer();
    await Promise.allSettled([this.polling, this.refreshing]);
  }

  private stopTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number) {
    if (this.closed || this.listeners.size === 0) return;
    // The poll in flight schedules the next one.
    if (this.polling !== undefined) return;
    this.stopTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.poll()
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.polling = undefined;
          this.schedule(this.joining.size > 0 ? 0 : this.pollMs);
        });
    }, delayMs);
    // A watcher keeps its own connection open; the poller alone must not keep
    // the process alive.
    this.timer.unref();
  }

  /** One poll: read the projections, hand out what changed, start due refreshes. */
  private async poll(): Promise<void> {
    const projected = await readProjections(this.db);
    if (this.closed) return;
    const now = this.now();
    const at = new Date(now).toISOString();
    const changed: LiveLine[] = [];
    const due: ProjectedLine[] = [];
    for (const p of projected) {
      const key = keyOf(p.group, p.line);
      const derived = this.derived.get(key);
      if (!derived || this.rateDue(derived, now) || this.shiftDue(derived, now)) due.push(p);
      const line: LiveLine = {
        ...p,
        ratePerMinute: derived?.ratePerMinute ?? null,
        shift: derived?.shift ?? null,
      };
      const json = JSON.stringify(line);
      if (this.lines.get(key)?.json !== json) {
        this.lines.set(key, { line, json });
        changed.push(line);
      }
    }
    const joining = [...this.joining];
    this.joining.clear();
    if (joining.length > 0) {
      const snapshot: LiveMessage = {
        type: 'snapshot',
        at,
        lines: [...this.lines.values()].map((l) => l.line),
      };
      for (const listener of joining) this.deliver(listener, snapshot);
    }
    for (const line of changed) {
      const message: LiveMessage = { type: 'line', at, line };
      for (const listener of this.listeners) {
        if (!joining.includes(listener)) this.deliver(listener, message);
      }
    }
    if (due.length > 0 && this.refreshing === undefined) {
      this.refreshing = this.refresh(due)
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.refreshing = undefined;
        });
    }
  }

  private deliver(listener: LiveListener, message: LiveMessage) {
    try {
      listener(message);
    } catch (error) {
      // One broken watcher must not stop the others.
      this.onError(error);
    }
  }

  private rateDue(derived: Derived, now: number): boolean {
    return now - derived.rateAt >= this.rateMs;
  }

  private shiftDue(derived: Derived, now: number): boolean {
    const shiftOver = derived.shift !== null && now >= Date.parse(derived.shift.to);
    return shiftOver || now - derived.shiftAt >= this.shiftFiguresMs;
  }

  /** Refreshes what is due of the lines' rates and shift figures, one line after another. */
  private async refresh(lines: readonly ProjectedLine[]): Promise<void> {
    const plant = (await findCurrentPlant(this.db))?.plant;
    for (const line of lines) {
      if (this.closed) return;
      const key = keyOf(line.group, line.line);
      const now = this.now();
      const next: Derived = {
        ...(this.derived.get(key) ?? {
          rateAt: Number.NEGATIVE_INFINITY,
          ratePerMinute: null,
          shiftAt: Number.NEGATIVE_INFINITY,
          shift: null,
        }),
      };
      if (this.rateDue(next, now)) {
        // A line's good output is what its last station passes (as src/app.ts tells ingest).
        const output = plant?.lines.find((l) => l.code === line.line)?.stations.at(-1)?.code;
        next.ratePerMinute = output ? await this.rateOf(line.group, line.line, output, now) : null;
        next.rateAt = now;
      }
      if (this.shiftDue(next, now)) {
        next.shift = plant
          ? await shiftFiguresOf(this.db, plant, line.group, line.line, now, this.lineKpis)
          : null;
        next.shiftAt = now;
      }
      this.derived.set(key, next);
    }
  }

  private async rateOf(group: string, line: string, station: string, now: number) {
    const window = { from: now - this.rateWindowMs, to: now };
    const where = (...more: Parameters<typeof and>) =>
      and(
        eq(machineEvents.node, line),
        eq(machineEvents.device, station),
        eq(machineEvents.metric, METRICS.good),
        eq(machineEvents.groupId, group),
        ...more,
      );
    const columns = {
      value: machineEvents.valueNumber,
      birth: machineEvents.birth,
      at: machineEvents.metricAt,
    };
    const [before] = await this.db
      .select(columns)
      .from(machineEvents)
      .where(where(lte(machineEvents.metricAt, new Date(window.from))))
      .orderBy(desc(machineEvents.metricAt), desc(machineEvents.id))
      .limit(1);
    const inside = await this.db
      .select(columns)
      .from(machineEvents)
      .where(
        where(
          gt(machineEvents.metricAt, new Date(window.from)),
          lte(machineEvents.metricAt, new Date(window.to)),
        ),
      )
      .orderBy(asc(machineEvents.metricAt), asc(machineEvents.id));
    const sample = (r: { value: number | null; birth: boolean; at: Date }) =>
      r.value === null ? [] : [{ value: r.value, birth: r.birth, at: r.at.getTime() }];
    return goodRatePerMinute(
      before ? sample(before)[0] : undefined,
      inside.flatMap(sample),
      window,
    );
  }
}

// ------------------------------------------------------------ pure parts ----

/** One reported value of a cumulative counter. */
export interface CounterSample {
  value: number;
  /** Reported in a birth certificate (a lower value there means the machine counts anew). */
  birth: boolean;
  at: number;
}

/**
 * Good units per minute in the window, from a cumulative counter: the sum of
 * its increments (the projection's rule, `increment`) over the time it covers.
 * `before` is the last value reported before the window; without it the line
 * began reporting inside the window and only the time since is counted.
 * Returns null when less than 10 s of data cover the window.
 */
export function goodRatePerMinute(
  before: CounterSample | undefined,
  inside: readonly CounterSample[],
  window: { from: number; to: number },
): number | null {
  const first = inside[0];
  const start = before ? window.from : first?.at;
  if (start === undefined) return before ? 0 : null;
  const span = window.to - start;
  if (span < MIN_RATE_SPAN_MS) return null;
  let last: number | null = before?.value ?? null;
  let good = 0;
  for (const s of inside) {
    good += counterIncrement(last, s.value, s.birth);
    last = s.value;
  }
  return (good * MINUTE_MS) / span;
}

/** A line as the projections hold it. */
type ProjectedLine = Omit<LiveLine, 'ratePerMinute' | 'shift'>;

export async function readProjections(db: Database): Promise<ProjectedLine[]> {
  const lines = await db.select().from(lineState).orderBy(asc(lineState.line));
  const stations = await db
    .select()
    .from(stationState)
    .orderBy(asc(stationState.line), asc(stationState.station));
  const byLine = new Map<string, LiveStation[]>();
  for (const s of stations) {
    const key = keyOf(s.groupId, s.line);
    const list = byLine.get(key) ?? [];
    list.push({
      station: s.station,
      state: s.state,
      reason: s.reason,
      since: iso(s.since),
      good: s.good,
      reject: s.reject,
    });
    byLine.set(key, list);
  }
  return lines.map((l) => ({
    group: l.groupId,
    line: l.line,
    state: l.state,
    reason: l.reason,
    since: l.since.toISOString(),
    good: l.good,
    reject: l.reject,
    workOrder: l.workOrder,
    product: l.product,
    lastEventAt: l.lastEventAt.toISOString(),
    stations: byLine.get(keyOf(l.groupId, l.line)) ?? [],
  }));
}

/** The line's shift at `now` and its figures from the start of the shift to now; null off shift. */
export async function shiftFiguresOf(
  db: Database,
  plant: PlantFile,
  group: string,
  line: string,
  now: number,
  lineKpis: LineKpisSource | undefined,
): Promise<ShiftFigures | null> {
  const calendar = operationCalendarFor(plant, line);
  if (!calendar.ok) return null;
  const shifts = shiftInstances(calendar.value, { from: now, to: now + 1 });
  if (!shifts.ok) return null;
  const shift = shifts.value.find((s) => s.from <= now && now < s.to);
  if (!shift) return null;
  const base = {
    shift: shift.shift,
    day: shift.day,
    from: new Date(shift.from).toISOString(),
    to: new Date(shift.to).toISOString(),
  };
  const none = { oee: null, availability: null, effectiveness: null, qualityRatio: null };
  if (now <= shift.from) return { ...base, ...none, good: 0, scrap: 0 };
  if (!lineKpis) {
    return { ...base, ...none, good: 0, scrap: 0, unavailable: 'no source of machine KPIs' };
  }
  const report = await lineKpis(db, plant, {
    line,
    group,
    from: new Date(shift.from),
    to: new Date(now),
    now: new Date(now),
  });
  if (!report.ok) return { ...base, ...none, good: 0, scrap: 0, unavailable: report.error.message };
  const { kpis, quantities } = report.value;
  return {
    ...base,
    oee: orNull(kpis.oee),
    availability: orNull(kpis.availability),
    effectiveness: orNull(kpis.effectiveness),
    qualityRatio: orNull(kpis.qualityRatio),
    good: quantities.good,
    scrap: quantities.scrap,
  };
}

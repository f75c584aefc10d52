// What the machines of a line reported, turned into the inputs of the ISO
// 22400-2 KPIs: the line's state intervals and its count records. Pure: the
// rows of telemetry.machine_events come in as data (machine-kpis.ts reads them).
//
// Which machine says what the line does — a choice the standard leaves to the
// implementer, made here so:
// - The line produces when its output station, the last in flow order,
//   produces: what leaves it is the line's output, so the line's state is
//   the output station's State (with its State/Reason). APT is the output
//   station's running time; a station upstream that stops shows in the line
//   only once its buffers no longer feed the output.
// - When the output station is starved, the line takes the state and reason
//   of the station that starves it: the nearest station upstream that is not
//   itself starved, if that one is down, in setup, in a planned stop or idle.
//   So a line starved by a crimping breakdown is down for MECH-CS, one starved
//   by a changeover is in setup, one whose feed stopped for want of an order
//   is idle (ADOT, not a delay). Starved behind a running station (a slower
//   one) stays starved, without a reason: a speed loss, not a stop.
//   The time-model class of starved and down is the same (ADET); the reason
//   is what the downtime Pareto needs.
// - Good units are the increments of the output station's Counts/Good;
//   rejects are the increments of Counts/Reject at every station (a unit
//   scrapped anywhere is scrap of the line). This is what the line simulator
//   tallies and what the line_state projection of ingest counts.
// - Counters are cumulative within a birth (telemetry contract); an increment
//   is the difference to the counter's previous value, and a lower value in
//   a birth means the machine counts again from zero, as ingest reads them.
// - A counter reported at t counts units made since its previous report, all
//   before t; its record is placed at t − 1 ms, so that the report machines
//   (and the simulator) make at the last instant of a shift counts to the
//   shift that made the units, not to the next.
// - The product a count belongs to is the line's Line/Product at the time,
//   for the planned runtime per unit of mixed production.
// - A state runs from the instant it was reported to the next report, or to
//   the end of the window. machine_events holds no row for a death
//   certificate, so a line that went offline keeps its last state here.

import { counterIncrement, lineReading } from '../telemetry/line-state.js';

// The counter rule is telemetry's, shared with ingest's projections.
export { counterIncrement };

import { type CountRecord, PARETO_STATES, type ParetoEntry, rankPareto } from './kpi.js';
import { type EpochMs, LINE_STATES, type LineState, type TimeWindow } from './model.js';
import { type ShiftInstance, type StateInterval, unionOfSpans } from './time-model.js';

// The telemetry contract's metric names (src/modules/telemetry/contract.ts).
export const MACHINE_METRICS = {
  state: 'State',
  reason: 'State/Reason',
  good: 'Counts/Good',
  reject: 'Counts/Reject',
  product: 'Line/Product',
} as const;

// States in which State/Reason carries a reason code (the contract's
// STATES_WITH_REASON); in the others a stale reason is ignored.
const REASONED_STATES: ReadonlySet<LineState> = new Set(['down', 'setup', 'planned_stop']);
const KNOWN_STATES: ReadonlySet<string> = new Set(LINE_STATES);

/** One row of telemetry.machine_events, the columns the KPIs need. */
export interface MachineEventRow {
  /** The station; null for a metric of the line (edge node) itself. */
  device: string | null;
  metric: string;
  /** metric_at: when the machine says it happened. */
  at: EpochMs;
  number: number | null;
  text: string | null;
  birth: boolean;
}

export interface LineLayout {
  /** Station codes in flow order; the last is the output station. */
  stations: readonly string[];
}

export interface ProductCountRecord extends CountRecord {
  /** The product the line reported it was set up for (Line/Product), if it said. */
  product: string | undefined;
}

export interface ProductChange {
  at: EpochMs;
  product: string | undefined;
}

export interface StationIntervals {
  station: string;
  intervals: StateInterval[];
}

export interface LineMachineData {
  window: TimeWindow;
  /** The line's states, clipped to the window, sorted and disjoint; gaps where nothing was known. */
  intervals: StateInterval[];
  /** Each station's own reported states, the same way. */
  stations: StationIntervals[];
  /** Counter increments in the window, in time order. */
  counts: ProductCountRecord[];
  /** The product in effect at the window's start (first entry), then each change. */
  products: ProductChange[];
}

interface Reported {
  state: LineState | undefined;
  reason: string;
}

type Span = { state: LineState; reason: string | undefined } | undefined;

/** Builds disjoint intervals, clipped to a window, from values that change at instants. */
class Timeline {
  readonly #window: TimeWindow;
  readonly #out: StateInterval[] = [];
  #current: Span;
  #since: EpochMs;

  constructor(window: TimeWindow) {
    this.#window = window;
    this.#since = window.from;
  }

  set(at: EpochMs, next: Span): void {
    const current = this.#current;
    if (current?.state === next?.state && current?.reason === next?.reason) return;
    const instant = Math.min(Math.max(at, this.#window.from), this.#window.to);
    this.#close(instant);
    this.#current = next;
    this.#since = instant;
  }

  finish(): StateInterval[] {
    this.#close(this.#window.to);
    this.#current = undefined;
    return this.#out;
  }

  #close(at: EpochMs): void {
    const current = this.#current;
    if (!current || at <= this.#since) return;
    this.#out.push({
      from: this.#since,
      to: at,
      state: current.state,
      ...(current.reason !== undefined ? { reason: current.reason } : {}),
    });
  }
}

const spanOf = (r: Reported): Span => {
  const reading = lineReading([r]);
  return reading ? { state: reading.state as LineState, reason: reading.reason } : undefined;
};

/** The line's state from its stations' (in flow order), by the rule of telemetry's line-state.ts. */
export function lineStateOf(stations: readonly Reported[]): Span {
  const reading = lineReading(stations);
  return reading ? { state: reading.state as LineState, reason: reading.reason } : undefined;
}

/**
 * The line's state intervals and count records in the window from its
 * machine_events rows. `rows` are in the order they were stored (metric_at,
 * then id) and hold, for each metric of each station, its last row at or
 * before the window's start (the state and counter values the window starts
 * from), then the rows after the start up to and including its end.
 */
export function lineMachineData(
  rows: readonly MachineEventRow[],
  layout: LineLayout,
  window: TimeWindow,
): LineMachineData {
  const { stations } = layout;
  const output = stations.at(-1);
  const position = new Map(stations.map((code, i) => [code, i]));
  const reported: Reported[] = stations.map(() => ({ state: undefined, reason: '' }));
  const line = new Timeline(window);
  const own = stations.map(() => new Timeline(window));
  const lastCount = new Map<string, number>();
  const counts: ProductCountRecord[] = [];
  let product: string | undefined;
  let startProduct: string | undefined;
  const products: ProductChange[] = [];

  let i = 0;
  while (i < rows.length) {
    const at = (rows[i] as MachineEventRow).at;
    // Counts reported at `at` were made before it, under the product before it.
    const productBefore = product;
    const touched = new Set<number>();
    for (; i < rows.length && (rows[i] as MachineEventRow).at === at; i++) {
      const row = rows[i] as MachineEventRow;
      if (row.device === null) {
        if (row.metric === MACHINE_METRICS.product) product = row.text || undefined;
        continue;
      }
      const s = position.get(row.device);
      if (s === undefined) continue;
      switch (row.metric) {
        case MACHINE_METRICS.state: {
          const state = row.text ?? '';
          (reported[s] as Reported).state = KNOWN_STATES.has(state)
            ? (state as LineState)
            : undefined;
          touched.add(s);
          break;
        }
        case MACHINE_METRICS.reason:
          (reported[s] as Reported).reason = row.text ?? '';
          touched.add(s);
          break;
        case MACHINE_METRICS.good:
        case MACHINE_METRICS.reject: {
          if (row.number === null) break;
          const key = `${row.device}\u0000${row.metric}`;
          const added = counterIncrement(lastCount.get(key) ?? null, row.number, row.birth);
          lastCount.set(key, row.number);
          const good = row.metric === MACHINE_METRICS.good && row.device === output ? added : 0;
          const reject = row.metric === MACHINE_METRICS.reject ? added : 0;
          if (good + reject === 0 || at <= window.from || at > window.to) break;
          const previous = counts.at(-1);
          if (previous && previous.at === at - 1 && previous.product === productBefore) {
            previous.good += good;
            previous.reject += reject;
          } else counts.push({ at: at - 1, good, reject, product: productBefore });
          break;
        }
      }
    }
    if (at <= window.from) startProduct = product;
    else if (product !== productBefore) products.push({ at, product });
    if (touched.size > 0) {
      for (const s of touched) (own[s] as Timeline).set(at, spanOf(reported[s] as Reported));
      line.set(at, lineStateOf(reported));
    }
  }
  products.unshift({ at: window.from, product: startProduct });
  return {
    window,
    intervals: line.finish(),
    stations: stations.map((station, s) => ({
      station,
      intervals: (own[s] as Timeline).finish(),
    })),
    counts,
    products,
  };
}

/** The product the line was set up for at an instant, from the changes in time order. */
export function productAt(products: readonly ProductChange[], at: EpochMs): string | undefined {
  let product: string | undefined;
  for (const change of products) {
    if (change.at > at) break;
    product = change.product;
  }
  return product;
}

/**
 * The intervals with the time outside the calendar's shifts marked off shift
 * (the calendar's to say, not the machine's), except where the line ran or
 * was set up: that is overtime, which the time model counts. Inside the shifts,
 * and on maintenance days, the intervals stay as reported. Adjacent equal
 * intervals are merged.
 */
export function markOffShift(
  intervals: readonly StateInterval[],
  shifts: readonly ShiftInstance[],
  window: TimeWindow,
): StateInterval[] {
  const planned = unionOfSpans(
    shifts.map((s) => ({ from: Math.max(s.from, window.from), to: Math.min(s.to, window.to) })),
  );
  const out: StateInterval[] = [];
  const push = (piece: StateInterval) => {
    if (piece.to <= piece.from) return;
    const last = out.at(-1);
    if (
      last &&
      last.to === piece.from &&
      last.state === piece.state &&
      last.reason === piece.reason
    ) {
      last.to = piece.to;
    } else out.push({ ...piece });
  };
  const offShift = (interval: StateInterval, from: EpochMs, to: EpochMs): StateInterval =>
    interval.state === 'running' || interval.state === 'setup'
      ? { ...interval, from, to }
      : { from, to, state: 'off_shift' };
  let j = 0;
  for (const interval of intervals) {
    let at = interval.from;
    while (j < planned.length && (planned[j] as TimeWindow).to <= at) j++;
    for (let k = j; k < planned.length && at < interval.to; k++) {
      const segment = planned[k] as TimeWindow;
      if (segment.from >= interval.to) break;
      if (segment.from > at) push(offShift(interval, at, segment.from));
      const end = Math.min(segment.to, interval.to);
      push({ ...interval, from: Math.max(at, segment.from), to: end });
      at = end;
    }
    if (at < interval.to) push(offShift(interval, at, interval.to));
  }
  return out;
}

/** The intervals cut to the spans (sorted and disjoint), e.g. the time a work order held the line. */
export function clipToSpans(
  intervals: readonly StateInterval[],
  spans: readonly TimeWindow[],
): StateInterval[] {
  const out: StateInterval[] = [];
  let j = 0;
  for (const span of spans) {
    while (j < intervals.length && (intervals[j] as StateInterval).to <= span.from) j++;
    for (let k = j; k < intervals.length; k++) {
      const interval = intervals[k] as StateInterval;
      if (interval.from >= span.to) break;
      const from = Math.max(interval.from, span.from);
      const to = Math.min(interval.to, span.to);
      if (to > from) out.push({ ...interval, from, to });
    }
  }
  return out;
}

/** The records counted within the spans. */
export function countsInSpans<T extends CountRecord>(
  records: readonly T[],
  spans: readonly TimeWindow[],
): T[] {
  return records.filter((r) => spans.some((s) => r.at >= s.from && r.at < s.to));
}

// A work order holds its line while it runs or is paused (a pause is a stop
// of the order, whose downtime is the order's); on hold, another order may
// use the line, and before its start or after its completion it is not there.
const HOLDING_STATES: ReadonlySet<string> = new Set(['running', 'paused']);

/** The spans in which a work order held its line, from its transitions in order. */
export function workOrderSpans(
  transitions: readonly { to: string; at: EpochMs }[],
  until: EpochMs,
): TimeWindow[] {
  const spans: TimeWindow[] = [];
  let since: EpochMs | undefined;
  for (const t of transitions) {
    const holding = HOLDING_STATES.has(t.to);
    if (holding && since === undefined) since = t.at;
    else if (!holding && since !== undefined) {
      if (t.at > since) spans.push({ from: since, to: t.at });
      since = undefined;
    }
  }
  if (since !== undefined && until > since) spans.push({ from: since, to: until });
  return spans;
}

/**
 * Sums the downtime Pareto of several machines (each one's station time), so
 * that one reason's entry is the machine time lost to it across the line;
 * shares are recomputed over the total.
 */
export function mergePareto(lists: readonly (readonly ParetoEntry[])[]): ParetoEntry[] {
  const totals = new Map<string | null, { durationMs: number; count: number }>();
  for (const list of lists) {
    for (const entry of list) {
      const total = totals.get(entry.reason) ?? { durationMs: 0, count: 0 };
      total.durationMs += entry.durationMs;
      total.count += entry.count;
      totals.set(entry.reason, total);
    }
  }
  return rankPareto(totals);
}

/** The states a station's own downtime Pareto counts: its stops that carry a reason. */
export const STATION_PARETO_STATES: readonly LineState[] = PARETO_STATES.filter((s) =>
  REASONED_STATES.has(s),
);

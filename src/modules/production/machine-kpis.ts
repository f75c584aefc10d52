// ISO 22400-2 KPIs of a line from what its machines reported: reads the
// line's rows of telemetry.machine_events for a window, turns them into state
// intervals and counts (machine-data.ts, pure, where the rules are) and
// computes the KPIs on the plant's calendar (kpi.ts, time-model.ts).
//
// Reading stays narrow: only the metrics the KPIs use (State, State/Reason
// and Counts/Reject of every station, Counts/Good of the output station,
// Line/Product), each series through the (node, device, metric, metric_at)
// index, plus each series' last row before the window (its value at the
// start). A day of a line is some 50,000 rows of the 600,000 it publishes.
//
// Planned runtime per unit (PRU) with mixed production: each count carries
// the product the line reported (Line/Product); a report's PRU is the mean of
// the products' PRU weighted by the units produced, which keeps
// OEE = Availability × Effectiveness × Quality = PRU × GQ / PBT exact.
import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../core/db/rows.js';
import type { Database } from '../../core/db/store.js';
import {
  refusalError as asError,
  errorMessage,
  type LotlineError,
  notFound,
} from '../../core/errors.js';
import { currentPlant, type Line, type PlantFile } from '../plant/index.js';
import { machineEvents } from '../telemetry/index.js';
import {
  type CountRecord,
  type DayKpiReport,
  downtimePareto,
  type KpiInput,
  type KpiReport,
  kpisByDay,
  kpisByShift,
  kpisOf,
  lineKpis,
  type ParetoEntry,
  plannedRuntimePerUnitMs,
  type ShiftKpiReport,
  type WorkOrderKpiReport,
  workOrderKpis,
} from './kpi.js';
import {
  clipToSpans,
  countsInSpans,
  type LineLayout,
  type LineMachineData,
  lineMachineData,
  MACHINE_METRICS,
  type MachineEventRow,
  markOffShift,
  mergePareto,
  type ProductChange,
  type ProductCountRecord,
  productAt,
  STATION_PARETO_STATES,
  workOrderSpans,
} from './machine-data.js';
import { type EpochMs, type Outcome, type Refusal, refuse, type TimeWindow } from './model.js';
import { workOrderEvents, workOrders } from './schema.js';
import {
  type OperationCalendar,
  operationCalendarFor,
  type ShiftInstance,
  type StateInterval,
  shiftInstances,
} from './time-model.js';
import type { WorkOrderState } from './work-order.js';

/** The longest window a KPI query reads: a month of a line is some 1.5 million rows. */
export const MAX_WINDOW_DAYS = 31;
const DAY_MS = 86_400_000;

export interface MachineKpiQuery {
  line: string;
  from: Date;
  to: Date;
  /** The Sparkplug group the line publishes in; by default the plant's site code, as ingest's. */
  group?: string;
  /**
   * The present: a window reaching past it ends here, so the state a line
   * last reported is not taken to last into the future.
   */
  now?: Date;
}

export type ParetoScope = 'line' | 'stations';

export interface MachineParetoQuery extends MachineKpiQuery {
  /**
   * 'line' (the default): line time by the reason the line stood (see
   * machine-data.ts). 'stations': machine time, every station's own stops
   * that carry a reason (down, setup, planned stop) summed per reason.
   */
  scope?: ParetoScope;
}

interface Prepared {
  line: Line;
  group: string;
  layout: LineLayout;
  calendar: OperationCalendar;
  window: TimeWindow;
  shifts: ShiftInstance[];
}

/** The window of a query, checked and cut at `now`. */
export function machineWindow(
  q: Pick<MachineKpiQuery, 'from' | 'to' | 'now'>,
): Outcome<TimeWindow> {
  const from = q.from.getTime();
  const to = q.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    return refuse(
      errorMessage('invalid_window', 'the window needs a start and an end that are dates'),
    );
  }
  if (to <= from) {
    return refuse(
      errorMessage(
        'invalid_window',
        'the window must end after it starts (from {{from}}, to {{to}})',
        { from: q.from.toISOString(), to: q.to.toISOString() },
      ),
    );
  }
  if (to - from > MAX_WINDOW_DAYS * DAY_MS) {
    return refuse(
      errorMessage(
        'window_too_long',
        'the window is longer than {{maxDays}} days; ask for a shorter one',
        { maxDays: MAX_WINDOW_DAYS },
      ),
    );
  }
  const now = q.now?.getTime();
  return {
    ok: true,
    value: { from, to: now === undefined ? to : Math.max(from, Math.min(to, now)) },
  };
}

function prepareLine(
  plant: PlantFile,
  lineCode: string,
  window: TimeWindow,
  group: string | undefined,
): Outcome<Prepared> {
  const line = plant.lines.find((l) => l.code === lineCode);
  if (!line) {
    return refuse(
      errorMessage('unknown_line', 'the plant has no line "{{line}}"', { line: lineCode }),
    );
  }
  const calendar = operationCalendarFor(plant, line.code);
  if (!calendar.ok) return calendar;
  const shifts = shiftInstances(calendar.value, window);
  if (!shifts.ok) return shifts;
  return {
    ok: true,
    value: {
      line,
      group: group ?? plant.site.code,
      layout: { stations: line.stations.map((s) => s.code) },
      calendar: calendar.value,
      window,
      shifts: shifts.value,
    },
  };
}

function prepare(plant: PlantFile, q: MachineKpiQuery): Outcome<Prepared> {
  const window = machineWindow(q);
  if (!window.ok) return window;
  return prepareLine(plant, q.line, window.value, q.group);
}

interface Loaded {
  data: LineMachineData;
  /** The line's intervals with the time outside the calendar off shift. */
  intervals: StateInterval[];
}

async function load(db: Database, p: Prepared): Promise<Loaded> {
  const rows = await readLineRows(db, p.group, p.line.code, p.layout, p.window);
  const data = lineMachineData(rows, p.layout, p.window);
  return { data, intervals: markOffShift(data.intervals, p.shifts, p.window) };
}

// ------------------------------------------------------------ reading ----

interface RawRow {
  device: string | null;
  metric: string;
  at: number | string;
  number: number | string | null;
  text: string | null;
  birth: boolean;
}

// metric_at as ms since the epoch: extract() is exact (numeric) and the
// column keeps milliseconds, so the double holds it exactly.
const AT = sql.raw('round(extract(epoch from metric_at) * 1000)::float8');
const STATION_SERIES = [MACHINE_METRICS.state, MACHINE_METRICS.reason, MACHINE_METRICS.reject];

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * The rows lineMachineData reads: each series' last row at or before the
 * window's start, then its rows in (from, to], in stored order.
 */
export async function readLineRows(
  db: Database,
  group: string,
  line: string,
  layout: LineLayout,
  window: TimeWindow,
): Promise<MachineEventRow[]> {
  const output = layout.stations.at(-1) ?? '';
  const from = sql`${new Date(window.from).toISOString()}::timestamptz`;
  const to = sql`${new Date(window.to).toISOString()}::timestamptz`;
  const columns = sql`id, device, metric, ${AT} as at, value_number as number, value_text as text, birth`;
  const series = [
    ...layout.stations.flatMap((station) => STATION_SERIES.map((metric) => [station, metric])),
    [output, MACHINE_METRICS.good],
  ];
  const seriesValues = sql.join(
    series.map(([device, metric]) => sql`(${device}::text, ${metric}::text)`),
    sql`, `,
  );
  // One index descent per series for its value at the start.
  const start = await db.execute(sql`
    select e.* from (values ${seriesValues}) as s(device, metric)
    cross join lateral (
      select ${columns} from ${machineEvents}
      where node = ${line} and device = s.device and metric = s.metric
        and metric_at <= ${from} and group_id = ${group}
      order by metric_at desc, id desc limit 1) e
    union all
    (select ${columns} from ${machineEvents}
      where node = ${line} and device is null and metric = ${MACHINE_METRICS.product}
        and metric_at <= ${from} and group_id = ${group}
      order by metric_at desc, id desc limit 1)
    order by at, id`);
  const inWindow = sql`metric_at > ${from} and metric_at <= ${to} and group_id = ${group}`;
  const rows = await db.execute(sql`
    select ${columns} from ${machineEvents}
      where node = ${line} and device in (${list(layout.stations)})
        and metric in (${list(STATION_SERIES)}) and ${inWindow}
    union all
    select ${columns} from ${machineEvents}
      where node = ${line} and device = ${output} and metric = ${MACHINE_METRICS.good} and ${inWindow}
    union all
    select ${columns} from ${machineEvents}
      where node = ${line} and device is null and metric = ${MACHINE_METRICS.product} and ${inWindow}
    order by at, id`);
  return [...rowsOf<RawRow>(start), ...rowsOf<RawRow>(rows)].map((r) => ({
    device: r.device,
    metric: r.metric,
    at: Number(r.at),
    number: r.number === null ? null : Number(r.number),
    text: r.text,
    birth: r.birth,
  }));
}

// node-postgres and PGlite both answer a raw query with { rows }.

// --------------------------------------------------------------- PRU ----

/** The rated rate of a product on the line; for an unknown one, the rate the line is rated at. */
export function ratedRateOf(line: Line, product: string | undefined): number {
  const made = line.products.find((p) => p.product === product);
  if (made) return made.ratePerMinute;
  // As rated capacity: the time-weighted mix with planned shares, else the first product.
  if (line.products.every((p) => p.share !== undefined)) {
    return line.products.reduce((sum, p) => sum + (p.share ?? 0) * p.ratePerMinute, 0);
  }
  return line.products[0]?.ratePerMinute ?? 1;
}

function firstAtOrAfter(sorted: readonly CountRecord[], at: EpochMs): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as CountRecord).at < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

interface PlannedTime {
  /** Σ PRU × units produced, ms. */
  plannedMs: number;
  produced: number;
}

function plannedTimeIn(
  line: Line,
  records: readonly ProductCountRecord[],
  window: TimeWindow,
): PlannedTime {
  let plannedMs = 0;
  let produced = 0;
  const end = firstAtOrAfter(records, window.to);
  for (let i = firstAtOrAfter(records, window.from); i < end; i++) {
    const r = records[i] as ProductCountRecord;
    const units = r.good + r.reject + (r.rework ?? 0);
    plannedMs += plannedRuntimePerUnitMs(ratedRateOf(line, r.product)) * units;
    produced += units;
  }
  return { plannedMs, produced };
}

/** The report with the PRU of what was made in it (the product at its start if nothing was). */
function repriced<T extends KpiReport>(
  report: T,
  planned: PlannedTime,
  line: Line,
  products: readonly ProductChange[],
): T {
  const pruMs =
    planned.produced > 0
      ? planned.plannedMs / planned.produced
      : plannedRuntimePerUnitMs(ratedRateOf(line, productAt(products, report.window.from)));
  return { ...report, pruMs, kpis: kpisOf(report.times, report.quantities, pruMs) };
}

function kpiInput(p: Prepared, loaded: Loaded): KpiInput {
  return {
    window: p.window,
    intervals: loaded.intervals,
    counts: loaded.data.counts,
    // Replaced per report by the PRU of what was made (repriced).
    ratedRatePerMinute: ratedRateOf(p.line, undefined),
    calendar: p.calendar,
  };
}

// --------------------------------------------------------- line KPIs ----

/** KPIs of a line over a window, from its machine data. */
export async function machineLineKpis(
  db: Database,
  plant: PlantFile,
  q: MachineKpiQuery,
): Promise<Outcome<KpiReport>> {
  const prepared = prepare(plant, q);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const loaded = await load(db, p);
  const result = lineKpis(kpiInput(p, loaded));
  if (!result.ok) return result;
  const { counts, products } = loaded.data;
  return {
    ok: true,
    value: repriced(result.value, plannedTimeIn(p.line, counts, p.window), p.line, products),
  };
}

/** KPIs of every shift of the line's calendar that overlaps the window, each clipped to it. */
export async function machineKpisByShift(
  db: Database,
  plant: PlantFile,
  q: MachineKpiQuery,
): Promise<Outcome<ShiftKpiReport[]>> {
  const prepared = prepare(plant, q);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const loaded = await load(db, p);
  return shiftReports(p, loaded);
}

function shiftReports(p: Prepared, loaded: Loaded): Outcome<ShiftKpiReport[]> {
  const result = kpisByShift(kpiInput(p, loaded));
  if (!result.ok) return result;
  const { counts, products } = loaded.data;
  return {
    ok: true,
    value: result.value.map((shift) =>
      repriced(shift, plannedTimeIn(p.line, counts, shift.window), p.line, products),
    ),
  };
}

/** KPIs of every production day (the day a shift starts) with a shift in the window. */
export async function machineKpisByDay(
  db: Database,
  plant: PlantFile,
  q: MachineKpiQuery,
): Promise<Outcome<DayKpiReport[]>> {
  const prepared = prepare(plant, q);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const loaded = await load(db, p);
  const days = kpisByDay(kpiInput(p, loaded));
  if (!days.ok) return days;
  // A day counts what its shifts counted (overtime between shifts is in no
  // shift, as kpisByDay has it), so its PRU comes from its shifts.
  const shifts = shiftReports(p, loaded);
  if (!shifts.ok) return shifts;
  const { counts, products } = loaded.data;
  return {
    ok: true,
    value: days.value.map((day) => {
      const planned = { plannedMs: 0, produced: 0 };
      for (const shift of shifts.value) {
        if (shift.day !== day.day) continue;
        const part = plannedTimeIn(p.line, counts, shift.window);
        planned.plannedMs += part.plannedMs;
        planned.produced += part.produced;
      }
      return repriced(day, planned, p.line, products);
    }),
  };
}

/** Downtime by reason within the window, longest first (the time off shift is not downtime). */
export async function machineDowntimePareto(
  db: Database,
  plant: PlantFile,
  q: MachineParetoQuery,
): Promise<Outcome<ParetoEntry[]>> {
  const prepared = prepare(plant, q);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const loaded = await load(db, p);
  if ((q.scope ?? 'line') === 'line') return downtimePareto(loaded.intervals, p.window);
  const lists: ParetoEntry[][] = [];
  for (const station of loaded.data.stations) {
    const intervals = markOffShift(station.intervals, p.shifts, p.window);
    const entries = downtimePareto(intervals, p.window, { states: STATION_PARETO_STATES });
    if (!entries.ok) return entries;
    lists.push(entries.value);
  }
  return { ok: true, value: mergePareto(lists) };
}

/** Throws a refusal as the error the HTTP layer and the CLI understand. */
export function refusalError(error: Refusal): LotlineError {
  return asError(error.code.startsWith('unknown_') ? 'not_found' : 'invalid', error);
}

/**
 * The line's states over the window as its machines reported them (see
 * machine-data.ts for which machine speaks for the line), with the time
 * outside the calendar's shifts off shift. Gaps are times nothing was known.
 */
export async function lineStateTimeline(
  db: Database,
  q: MachineKpiQuery & { plant?: PlantFile },
): Promise<StateInterval[]> {
  const plant = q.plant ?? (await currentPlant(db)).plant;
  const prepared = prepare(plant, q);
  if (!prepared.ok) throw refusalError(prepared.error);
  return (await load(db, prepared.value)).intervals;
}

// -------------------------------------------------------- work orders ----

export interface WorkOrderMachineOptions {
  group?: string;
  /** The present: an order still running holds its line until now. */
  now?: Date;
}

export interface WorkOrderMachineCounts {
  workOrder: {
    id: string;
    number: string;
    line: string;
    product: string;
    state: WorkOrderState;
  };
  /** When the order held its line (running or paused), in order. */
  spans: TimeWindow[];
  /** Good units out of the line's output station while the order held the line. */
  good: number;
  /** Units scrapped at any station of the line meanwhile. */
  reject: number;
}

export interface WorkOrderMachineKpis extends WorkOrderMachineCounts {
  /** Null for an order that never held its line. */
  report: WorkOrderKpiReport | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LoadedOrder {
  counts: WorkOrderMachineCounts;
  prepared?: Prepared;
  loaded?: Loaded;
  records: ProductCountRecord[];
}

async function loadWorkOrder(
  db: Database,
  plant: PlantFile,
  id: string,
  options: WorkOrderMachineOptions,
): Promise<Outcome<LoadedOrder>> {
  const [order] = UUID.test(id)
    ? await db
        .select({
          id: workOrders.id,
          number: workOrders.number,
          line: workOrders.lineCode,
          product: workOrders.productCode,
          state: workOrders.state,
        })
        .from(workOrders)
        .where(eq(workOrders.id, id))
    : [];
  if (!order) {
    throw notFound('work_order_not_found', 'work order {{workOrder}} does not exist', {
      workOrder: id,
    });
  }
  const events = await db
    .select({ at: workOrderEvents.at, event: workOrderEvents.event })
    .from(workOrderEvents)
    .where(
      and(
        eq(workOrderEvents.workOrderId, id),
        eq(workOrderEvents.type, 'work_order.state_changed'),
      ),
    )
    .orderBy(asc(workOrderEvents.seq));
  const transitions = events.flatMap(({ at, event }) =>
    event.type === 'work_order.state_changed' ? [{ to: event.to, at: at.getTime() }] : [],
  );
  const spans = workOrderSpans(transitions, (options.now ?? new Date()).getTime());
  const counts: WorkOrderMachineCounts = {
    workOrder: { ...order, state: order.state as WorkOrderState },
    spans,
    good: 0,
    reject: 0,
  };
  const first = spans[0];
  const last = spans.at(-1);
  if (!first || !last) return { ok: true, value: { counts, records: [] } };
  const prepared = prepareLine(plant, order.line, { from: first.from, to: last.to }, options.group);
  if (!prepared.ok) return prepared;
  const loaded = await load(db, prepared.value);
  const records = countsInSpans(loaded.data.counts, spans);
  for (const r of records) {
    counts.good += r.good;
    counts.reject += r.reject;
  }
  return { ok: true, value: { counts, prepared: prepared.value, loaded, records } };
}

/**
 * A work order's good and rejected units as the machines counted them while
 * the order held its line (from its start to its completion, less the time
 * on hold), from the order's own transitions in work_order_events.
 */
export async function workOrderMachineCounts(
  db: Database,
  workOrderId: string,
  options: WorkOrderMachineOptions & { plant?: PlantFile } = {},
): Promise<WorkOrderMachineCounts> {
  const plant = options.plant ?? (await currentPlant(db)).plant;
  const result = await loadWorkOrder(db, plant, workOrderId, options);
  if (!result.ok) throw refusalError(result.error);
  return result.value.counts;
}

/**
 * A work order's counts and its ISO 22400-2 KPIs: the line's states and
 * counts while the order held it, over its execution (first start to last
 * stop; AOET). PRU is the rated rate of the order's product on its line.
 * Time on hold inside the execution is unrecorded (ADOT) for the order.
 */
export async function machineWorkOrderKpis(
  db: Database,
  plant: PlantFile,
  workOrderId: string,
  options: WorkOrderMachineOptions = {},
): Promise<Outcome<WorkOrderMachineKpis>> {
  const result = await loadWorkOrder(db, plant, workOrderId, options);
  if (!result.ok) return result;
  const { counts, prepared, loaded, records } = result.value;
  if (!prepared || !loaded) return { ok: true, value: { ...counts, report: null } };
  const report = workOrderKpis({
    window: prepared.window,
    intervals: clipToSpans(loaded.intervals, counts.spans),
    counts: records,
    ratedRatePerMinute: ratedRateOf(prepared.line, counts.workOrder.product),
    calendar: prepared.calendar,
  });
  if (!report.ok) return report;
  return { ok: true, value: { ...counts, report: report.value } };
}

export interface WorkOrderUnitLog {
  /** When the order held its line. */
  spans: TimeWindow[];
  /** Units made (good plus rejected) in each period, as the machines counted them, while the order held its line. */
  units: { at: EpochMs; units: number }[];
  good: number;
  reject: number;
}

/**
 * A work order's units over time from the machine data, for apportioning
 * component consumption to the lots in its feeders (genealogy).
 */
export async function workOrderUnitLog(
  db: Database,
  workOrderId: string,
  options: WorkOrderMachineOptions & { plant?: PlantFile } = {},
): Promise<WorkOrderUnitLog> {
  const plant = options.plant ?? (await currentPlant(db)).plant;
  const result = await loadWorkOrder(db, plant, workOrderId, options);
  if (!result.ok) throw refusalError(result.error);
  const { counts, records } = result.value;
  return {
    spans: counts.spans,
    units: records.map((r) => ({ at: r.at, units: r.good + r.reject })),
    good: counts.good,
    reject: counts.reject,
  };
}

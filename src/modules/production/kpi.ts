// ISO 22400-2 key performance indicators of a work unit (a line) over a
// window, a shift, a production day or a work order, and the downtime Pareto.
// Pure: intervals, counts and the calendar come in as data; counts are the
// machine's, not operator timers (issue 4).
//
// ISO 22400-2:2014 KPI formulas (§6; as restated by the public ISO 22400-2
// ontology, see the time model in time-model.ts for the elements):
//   Availability          = APT / PBT
//   Effectiveness         = PRU × PQ / APT       (performance; may exceed 1)
//   Quality ratio         = GQ / PQ
//   OEE index             = Availability × Effectiveness × Quality ratio = PRU × GQ / PBT
//   NEE index             = (AUPT / PBT) × Effectiveness × Quality ratio (setup is no loss)
//   Allocation efficiency = AUBT / PBT
//   Utilization efficiency= APT / AUBT
//   Technical efficiency  = APT / (APT + ADET)
//   Setup rate            = ASUT / AUPT
//   Scrap ratio           = SQ / PQ;  Rework ratio = RQ / PQ
//   Production process ratio = APT / AOET;  Throughput rate = PQ / AOET (per order)
// PRU is the planned runtime per unit, 1 / rated rate; PQ = GQ + SQ + RQ.
// A ratio over zero is undefined, never NaN or Infinity. OEE is computed as
// PRU × GQ / PBT, which equals the product whenever all three factors exist
// and stays 0 for a line that stood all the planned time (where effectiveness
// and quality, 0/0, do not exist).
import { errorMessage } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import {
  downtimeReasonIndex,
  type EpochMs,
  type LineState,
  type Outcome,
  refuse,
  type TimeWindow,
} from './model.js';
import {
  addTimeElements,
  checkIntervals,
  checkWindow,
  firstOverlapping,
  NO_TIME,
  type OperationCalendar,
  type ShiftInstance,
  type StateInterval,
  shiftInstances,
  type TimeElements,
  timeElementsOfChecked,
} from './time-model.js';

/** Units counted by the machines: good, rejected (scrap) and, if the line reworks, rework. */
export interface ProductionCounts {
  good: number;
  reject: number;
  rework?: number;
}

/** Counts reported at an instant (a counter increment), so they can be split by shift. */
export interface CountRecord extends ProductionCounts {
  at: EpochMs;
}

/** GQ, SQ, RQ and PQ = GQ + SQ + RQ. */
export interface Quantities {
  good: number;
  scrap: number;
  rework: number;
  produced: number;
}

export interface Kpis {
  availability: number | undefined;
  effectiveness: number | undefined;
  qualityRatio: number | undefined;
  oee: number | undefined;
  nee: number | undefined;
  allocationEfficiency: number | undefined;
  utilizationEfficiency: number | undefined;
  technicalEfficiency: number | undefined;
  setupRate: number | undefined;
  scrapRatio: number | undefined;
  reworkRatio: number | undefined;
}

export interface KpiReport {
  window: TimeWindow;
  /** Planned runtime per unit, milliseconds. */
  pruMs: number;
  times: TimeElements;
  quantities: Quantities;
  kpis: Kpis;
}

export interface ShiftKpiReport extends KpiReport {
  shift: string;
  day: string;
  maintenance: boolean;
}

export interface DayKpiReport extends KpiReport {
  day: string;
  shifts: string[];
}

export interface WorkOrderKpiReport extends KpiReport {
  /** Actual order execution time: the order's first interval to its last, ms. */
  aoet: number;
  productionProcessRatio: number | undefined;
  /** PQ / AOET, units per minute. */
  throughputPerMinute: number | undefined;
}

export interface KpiInput {
  window: TimeWindow;
  /** The unit's states, sorted and disjoint; they are clipped to each window. */
  intervals: readonly StateInterval[];
  /** Totals for the window, or timestamped records (needed to split by shift or day). */
  counts: ProductionCounts | readonly CountRecord[];
  /** The rated rate of the product made, units per minute: PRU = 1 / rate. */
  ratedRatePerMinute: number;
  calendar: OperationCalendar;
}

const MINUTE_MS = 60_000;

/** PRU in milliseconds from a rated rate in units per minute. */
export function plannedRuntimePerUnitMs(ratePerMinute: number): number {
  return MINUTE_MS / ratePerMinute;
}

const ratio = (numerator: number, denominator: number): number | undefined =>
  denominator > 0 ? numerator / denominator : undefined;

/** The KPIs from time elements (any one unit of time, PRU in the same), and quantities. */
export function kpisOf(
  times: Pick<TimeElements, 'pbt' | 'aubt' | 'aupt' | 'apt' | 'asut' | 'adet'>,
  quantities: Quantities,
  pru: number,
): Kpis {
  const { pbt, aubt, aupt, apt, asut, adet } = times;
  const { good, scrap, rework, produced } = quantities;
  const effectiveness = ratio(pru * produced, apt);
  const qualityRatio = ratio(good, produced);
  const oee = ratio(pru * good, pbt);
  let nee: number | undefined;
  if (pbt > 0) {
    if (effectiveness !== undefined && qualityRatio !== undefined) {
      nee = (aupt / pbt) * effectiveness * qualityRatio;
    } else if (produced === 0) nee = 0;
  }
  return {
    availability: ratio(apt, pbt),
    effectiveness,
    qualityRatio,
    oee,
    nee,
    allocationEfficiency: ratio(aubt, pbt),
    utilizationEfficiency: ratio(apt, aubt),
    technicalEfficiency: ratio(apt, apt + adet),
    setupRate: ratio(asut, aupt),
    scrapRatio: ratio(scrap, produced),
    reworkRatio: ratio(rework, produced),
  };
}

/** KPIs of a line over a window. */
export function lineKpis(input: KpiInput): Outcome<KpiReport> {
  const checked = checkInput(input);
  if (!checked.ok) return checked;
  const { shifts, pruMs } = checked.value;
  return {
    ok: true,
    value: report(input, input.window, shifts, pruMs, quantitiesIn(input.counts, input.window)),
  };
}

/** KPIs of every shift that overlaps the window, each clipped to it. */
export function kpisByShift(input: KpiInput): Outcome<ShiftKpiReport[]> {
  const checked = checkInput(input);
  if (!checked.ok) return checked;
  if (!isRecords(input.counts)) {
    return refuse(
      errorMessage(
        'counts_not_timestamped',
        'to split counts by shift, give them as records with the time they were counted',
      ),
    );
  }
  const { shifts, pruMs } = checked.value;
  // Sorted once, so each shift finds its counts by binary search.
  const records = [...input.counts].sort((a, b) => a.at - b.at);
  // Each shift is a window of its own; overtime outside every shift appears
  // in the line's figures for the whole window, not in any shift's.
  return {
    ok: true,
    value: shifts.map((shift) => {
      const window = {
        from: Math.max(shift.from, input.window.from),
        to: Math.min(shift.to, input.window.to),
      };
      const inShift = shifts.filter((s) => s.from < window.to && s.to > window.from);
      return {
        shift: shift.shift,
        day: shift.day,
        maintenance: shift.maintenance,
        ...report(input, window, inShift, pruMs, sumCounts(recordsIn(records, window))),
      };
    }),
  };
}

/** KPIs of every production day (the day a shift starts) with a shift in the window. */
export function kpisByDay(input: KpiInput): Outcome<DayKpiReport[]> {
  const byShift = kpisByShift(input);
  if (!byShift.ok) return byShift;
  const days: DayKpiReport[] = [];
  for (const shift of byShift.value) {
    const last = days.at(-1);
    if (last && last.day === shift.day) {
      last.shifts.push(shift.shift);
      last.window = {
        from: Math.min(last.window.from, shift.window.from),
        to: Math.max(last.window.to, shift.window.to),
      };
      last.times = addTimeElements(last.times, shift.times);
      last.quantities = addQuantities(last.quantities, shift.quantities);
    } else {
      days.push({
        day: shift.day,
        shifts: [shift.shift],
        window: shift.window,
        pruMs: shift.pruMs,
        times: shift.times,
        quantities: shift.quantities,
        kpis: shift.kpis,
      });
    }
  }
  for (const day of days) day.kpis = kpisOf(day.times, day.quantities, day.pruMs);
  return { ok: true, value: days };
}

export interface WorkOrderKpiInput extends Omit<KpiInput, 'window'> {
  /** The order's execution; by default its first interval's start to its last's end. */
  window?: TimeWindow;
}

/** KPIs of a work order from its own intervals and counts. */
export function workOrderKpis(input: WorkOrderKpiInput): Outcome<WorkOrderKpiReport> {
  const first = input.intervals[0];
  const last = input.intervals.at(-1);
  const window = input.window ?? (first && last ? { from: first.from, to: last.to } : undefined);
  if (!window) {
    return refuse(
      errorMessage('no_intervals', 'a work order without state intervals needs a window'),
    );
  }
  const result = lineKpis({ ...input, window });
  if (!result.ok) return result;
  const aoet = window.to - window.from;
  return {
    ok: true,
    value: {
      ...result.value,
      aoet,
      productionProcessRatio: ratio(result.value.times.apt, aoet),
      throughputPerMinute: ratio(result.value.quantities.produced * MINUTE_MS, aoet),
    },
  };
}

/** One reason's share of the downtime. */
export interface ParetoEntry {
  /** The reason code (or its group); null for stops reported without a reason. */
  reason: string | null;
  durationMs: number;
  /** Stops: contiguous intervals with the same state and reason count once. */
  count: number;
  share: number;
  cumulativeShare: number;
}

export interface ParetoOptions {
  /** The states that count as downtime; all but running and off_shift by default. */
  states?: readonly LineState[];
  /** Rolls a reason up, e.g. to its group in the plant's tree (see `reasonGroup`). */
  groupBy?: (reason: string) => string;
}

export const PARETO_STATES: readonly LineState[] = [
  'idle',
  'starved',
  'blocked',
  'down',
  'setup',
  'planned_stop',
];

/** Downtime by reason within the window, longest first, with cumulative shares. */
export function downtimePareto(
  intervals: readonly StateInterval[],
  window: TimeWindow,
  options: ParetoOptions = {},
): Outcome<ParetoEntry[]> {
  const checked = checkIntervals(intervals);
  if (!checked.ok) return checked;
  const windowChecked = checkWindow(window);
  if (!windowChecked.ok) return windowChecked;
  const states = new Set(options.states ?? PARETO_STATES);
  const totals = new Map<string | null, { durationMs: number; count: number }>();
  let previous: StateInterval | undefined;
  for (let i = firstOverlapping(intervals, window.from); i < intervals.length; i++) {
    const interval = intervals[i];
    if (!interval || interval.from >= window.to) break;
    const duration = Math.min(interval.to, window.to) - Math.max(interval.from, window.from);
    if (duration <= 0 || !states.has(interval.state)) {
      previous = undefined;
      continue;
    }
    const continues =
      previous !== undefined &&
      previous.to === interval.from &&
      previous.state === interval.state &&
      previous.reason === interval.reason;
    const key =
      interval.reason === undefined
        ? null
        : options.groupBy
          ? options.groupBy(interval.reason)
          : interval.reason;
    const total = totals.get(key) ?? { durationMs: 0, count: 0 };
    total.durationMs += duration;
    if (!continues) total.count += 1;
    totals.set(key, total);
    previous = interval;
  }
  return { ok: true, value: rankPareto(totals) };
}

/** Pareto entries from totals by reason: longest first, then most stops, then by reason; with shares. */
export function rankPareto(
  totals: ReadonlyMap<string | null, { durationMs: number; count: number }>,
): ParetoEntry[] {
  const grand = [...totals.values()].reduce((sum, t) => sum + t.durationMs, 0);
  const sorted = [...totals.entries()].sort(
    ([reasonA, a], [reasonB, b]) =>
      b.durationMs - a.durationMs || b.count - a.count || compareReasons(reasonA, reasonB),
  );
  let cumulative = 0;
  return sorted.map(([reason, total]) => {
    cumulative += total.durationMs;
    return {
      reason,
      durationMs: total.durationMs,
      count: total.count,
      share: total.durationMs / grand,
      cumulativeShare: cumulative / grand,
    };
  });
}

/**
 * Rolls a reported reason up to its group `level` levels below the top of the
 * plant's tree (0: the top group); a reason above that level, or unknown, stays itself.
 */
export function reasonGroup(plant: PlantFile, level = 0): (reason: string) => string {
  const index = downtimeReasonIndex(plant);
  return (reason) => index.get(reason)?.ancestors[level] ?? reason;
}

function compareReasons(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function checkInput(input: KpiInput): Outcome<{ shifts: ShiftInstance[]; pruMs: number }> {
  const intervals = checkIntervals(input.intervals);
  if (!intervals.ok) return intervals;
  if (!(input.ratedRatePerMinute > 0) || !Number.isFinite(input.ratedRatePerMinute)) {
    return refuse(
      errorMessage(
        'invalid_rate',
        'the rated rate must be a positive number of units per minute, got {{rate}}',
        { rate: input.ratedRatePerMinute },
      ),
    );
  }
  const records = isRecords(input.counts) ? input.counts : [input.counts];
  for (const [i, record] of records.entries()) {
    for (const field of ['good', 'reject', 'rework'] as const) {
      const value = record[field] ?? 0;
      if (!Number.isInteger(value) || value < 0) {
        const where = isRecords(input.counts) ? `count record ${i}` : 'the counts';
        return refuse(
          errorMessage(
            'invalid_counts',
            '{{where}}: {{field}} must be a whole number of units, 0 or more, got {{value}}',
            { where, field, value },
          ),
        );
      }
    }
    if ('at' in record && !Number.isFinite(record.at)) {
      return refuse(
        errorMessage('invalid_counts', 'count record {{record}} has a time that is not a number', {
          record: i,
        }),
      );
    }
  }
  const shifts = shiftInstances(input.calendar, input.window);
  if (!shifts.ok) return shifts;
  return {
    ok: true,
    value: { shifts: shifts.value, pruMs: plannedRuntimePerUnitMs(input.ratedRatePerMinute) },
  };
}

function isRecords(
  counts: ProductionCounts | readonly CountRecord[],
): counts is readonly CountRecord[] {
  return Array.isArray(counts);
}

function report(
  input: KpiInput,
  window: TimeWindow,
  shifts: readonly ShiftInstance[],
  pruMs: number,
  quantities: Quantities,
): KpiReport {
  const times =
    window.to > window.from ? timeElementsOfChecked(input.intervals, window, shifts) : NO_TIME;
  return { window, pruMs, times, quantities, kpis: kpisOf(times, quantities, pruMs) };
}

function quantitiesIn(
  counts: ProductionCounts | readonly CountRecord[],
  window: TimeWindow,
): Quantities {
  return sumCounts(
    isRecords(counts) ? counts.filter((c) => c.at >= window.from && c.at < window.to) : [counts],
  );
}

/** The records counted in [from, to), from records sorted by time. */
function recordsIn(sorted: readonly CountRecord[], window: TimeWindow): readonly CountRecord[] {
  const firstAtOrAfter = (at: EpochMs) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((sorted[mid]?.at ?? Number.POSITIVE_INFINITY) < at) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return sorted.slice(firstAtOrAfter(window.from), firstAtOrAfter(window.to));
}

function sumCounts(records: readonly ProductionCounts[]): Quantities {
  let good = 0;
  let scrap = 0;
  let rework = 0;
  for (const c of records) {
    good += c.good;
    scrap += c.reject;
    rework += c.rework ?? 0;
  }
  return { good, scrap, rework, produced: good + scrap + rework };
}

function addQuantities(a: Quantities, b: Quantities): Quantities {
  return {
    good: a.good + b.good,
    scrap: a.scrap + b.scrap,
    rework: a.rework + b.rework,
    produced: a.produced + b.produced,
  };
}

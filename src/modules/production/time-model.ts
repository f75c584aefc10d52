// The ISO 22400-2 time model of a work unit (a line): which part of a window
// was planned operation, and how the line spent it, from the states it
// reported. Pure: the plant's calendar and the state intervals come in as data.
//
// ISO 22400-2:2014 §5 time elements (as restated by the public ISO 22400-2
// ontology and OPC 40501-1 Annex C):
//   POT  planned operation time   time the unit can be used, from the operation calendar
//   PBT  planned busy time        POT − planned down time (breaks, planned maintenance)
//   AUBT actual unit busy time    AUPT + ADET
//   AUPT actual unit processing   APT + ASUT
//   APT  actual production time   the unit produces
//   ASUT actual setup time        setup and changeover
//   ADET actual unit delay time   breakdowns, minor stoppages and other unplanned delays
//   ADOT actual unit down time    unit available but not running with orders
//   so that  POT = PBT + planned down time,  PBT = AUBT + ADOT.
//
// Line states map to the elements so:
//   running → APT   setup → ASUT   down, starved, blocked → ADET   idle → ADOT
//   planned_stop, off_shift → planned down time
// Choices the standard leaves to the implementer, made here:
// - POT comes from the calendar's shifts. The calendar gives a shift's break
//   minutes but not when they fall, so breaks are what the line reports as
//   planned stops (reason e.g. PLN-BREAK); a break it does not report shows
//   as idle, a visible loss, rather than being deducted on trust.
// - A scheduled shift on a day of planned maintenance is POT and planned down
//   time, except the part in which the line ran or was set up anyway.
// - Outside the calendar (off shift, holidays) the unit was not planned; time
//   in which it evidently was used, running or setting up, is overtime and is
//   added to POT and PBT. Other states there are not counted (a fault latched
//   over a weekend is not a loss of a shift that did not exist).
// - Time inside planned operation with no reported state is ADOT (the unit
//   was available and did not produce) and is also reported as `unrecorded`.
import { errorMessage } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import {
  type EpochMs,
  LINE_STATES,
  type LineState,
  type Outcome,
  refuse,
  type TimeWindow,
} from './model.js';

type Calendar = PlantFile['calendars'][number];
type Weekday = Calendar['shifts'][number]['days'][number];

/** The operation calendar of one work unit: its shifts, read in the plant's time zone. */
export interface OperationCalendar {
  calendar: Calendar;
  /** IANA time zone the shift times are in (the site's). */
  timezone: string;
  /** Whole days of planned maintenance of this unit, inclusive, as YYYY-MM-DD. */
  maintenance?: readonly { from: string; to: string }[];
}

/** The operation calendar of a line of a plant: its calendar, the site's zone, its maintenance. */
export function operationCalendarFor(
  plant: PlantFile,
  lineCode: string,
): Outcome<OperationCalendar> {
  const line = plant.lines.find((l) => l.code === lineCode);
  if (!line) {
    return refuse(errorMessage('unknown_line', 'unknown line "{{line}}"', { line: lineCode }));
  }
  const calendar = plant.calendars.find((c) => c.code === line.calendar);
  if (!calendar) {
    return refuse(
      errorMessage('unknown_calendar', 'line {{line}}: unknown calendar "{{calendar}}"', {
        line: line.code,
        calendar: line.calendar,
      }),
    );
  }
  return {
    ok: true,
    value: {
      calendar,
      timezone: plant.site.timezone,
      maintenance: plant.maintenance
        .filter((m) => m.lines.includes(line.code))
        .map((m) => ({ from: m.from, to: m.to })),
    },
  };
}

/** One occurrence of a shift. */
export interface ShiftInstance {
  shift: string;
  /** The production day, in the plant's zone: a shift past midnight belongs to the day it starts. */
  day: string;
  from: EpochMs;
  to: EpochMs;
  /** On a day of planned maintenance of the unit. */
  maintenance: boolean;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const WEEKDAY_OF_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Every shift occurrence that overlaps the window, in order of start (not clipped). */
export function shiftInstances(
  operation: OperationCalendar,
  window: TimeWindow,
): Outcome<ShiftInstance[]> {
  const zone = zoneOf(operation.timezone);
  if (!zone) {
    return refuse(
      errorMessage('invalid_timezone', 'unknown time zone "{{timezone}}"', {
        timezone: operation.timezone,
      }),
    );
  }
  const windowChecked = checkWindow(window);
  if (!windowChecked.ok) return windowChecked;
  if (window.to <= window.from) return { ok: true, value: [] };
  const { calendar } = operation;
  const maintenance = operation.maintenance ?? [];
  const instances: ShiftInstance[] = [];
  // A shift that starts the day before the window may run into it.
  const first = localDayNumber(zone, window.from) - 1;
  const last = localDayNumber(zone, Math.max(window.from, window.to - 1));
  for (let dayNumber = first; dayNumber <= last; dayNumber++) {
    const day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    const weekday = WEEKDAY_OF_UTC_DAY[new Date(dayNumber * DAY_MS).getUTCDay()];
    const holiday = calendar.holidays.some((h) => h.date === day || h.annual === day.slice(5));
    if (holiday || weekday === undefined) continue;
    const underMaintenance = maintenance.some((m) => m.from <= day && day <= m.to);
    for (const shift of calendar.shifts) {
      if (!shift.days.includes(weekday)) continue;
      const start = clockMinutes(shift.start);
      let end = clockMinutes(shift.end);
      if (end <= start) end += 24 * 60;
      const from = zonedEpoch(zone, dayNumber, start);
      const to = zonedEpoch(zone, dayNumber, end);
      if (to <= window.from || from >= window.to) continue;
      instances.push({ shift: shift.code, day, from, to, maintenance: underMaintenance });
    }
  }
  instances.sort((a, b) => a.from - b.from || a.to - b.to);
  return { ok: true, value: instances };
}

/** A span of time in which the unit reported one state. */
export interface StateInterval {
  from: EpochMs;
  to: EpochMs;
  state: LineState;
  /** A leaf code of the plant's downtime tree, when the state is a stop. */
  reason?: string;
}

/** The ISO 22400-2 time elements of a window, in milliseconds. */
export interface TimeElements {
  pot: number;
  plannedDowntime: number;
  pbt: number;
  aubt: number;
  aupt: number;
  apt: number;
  asut: number;
  adet: number;
  adot: number;
  /** The part of ADOT in which the unit reported nothing. */
  unrecorded: number;
  /** The part of POT outside the calendar, in which the unit ran or was set up. */
  overtime: number;
  /** Reported time in the window by state, whether planned or not. */
  byState: Record<LineState, number>;
}

/** Refuses intervals that are not in order, overlap or run backwards; gaps are allowed. */
export function checkIntervals(intervals: readonly StateInterval[]): Outcome<void> {
  let previous: StateInterval | undefined;
  for (const [i, interval] of intervals.entries()) {
    if (!Number.isFinite(interval.from) || !Number.isFinite(interval.to)) {
      return refuse(
        errorMessage('invalid_interval', 'interval {{interval}} has a time that is not a number', {
          interval: i,
        }),
      );
    }
    if (interval.to < interval.from) {
      return refuse(
        errorMessage(
          'invalid_interval',
          'interval {{interval}} ({{lineState}}) ends at {{to}}, before it starts at {{from}}',
          {
            interval: i,
            lineState: interval.state,
            to: iso(interval.to),
            from: iso(interval.from),
          },
        ),
      );
    }
    if (previous && interval.from < previous.from) {
      return refuse(
        errorMessage(
          'unsorted_intervals',
          'interval {{interval}} starts at {{from}}, before interval {{previous}} ({{previousFrom}}); sort the intervals by start',
          {
            interval: i,
            from: iso(interval.from),
            previous: i - 1,
            previousFrom: iso(previous.from),
          },
        ),
      );
    }
    if (previous && interval.from < previous.to) {
      return refuse(
        errorMessage(
          'overlapping_intervals',
          'interval {{interval}} ({{lineState}}) starts at {{from}}, before interval {{previous}} ({{previousState}}) ends at {{previousTo}}',
          {
            interval: i,
            lineState: interval.state,
            from: iso(interval.from),
            previous: i - 1,
            previousState: previous.state,
            previousTo: iso(previous.to),
          },
        ),
      );
    }
    previous = interval;
  }
  return { ok: true, value: undefined };
}

export function checkWindow(window: TimeWindow): Outcome<void> {
  if (!Number.isFinite(window.from) || !Number.isFinite(window.to)) {
    return refuse(errorMessage('invalid_window', 'the window has a time that is not a number'));
  }
  if (window.to < window.from) {
    return refuse(
      errorMessage('invalid_window', 'the window ends at {{to}}, before it starts at {{from}}', {
        to: iso(window.to),
        from: iso(window.from),
      }),
    );
  }
  return { ok: true, value: undefined };
}

/** The time elements of a window: intervals are clipped to it, the calendar gives POT. */
export function timeElements(
  intervals: readonly StateInterval[],
  window: TimeWindow,
  operation: OperationCalendar,
): Outcome<TimeElements> {
  const checked = checkIntervals(intervals);
  if (!checked.ok) return checked;
  const shifts = shiftInstances(operation, window);
  if (!shifts.ok) return shifts;
  return { ok: true, value: timeElementsOfChecked(intervals, window, shifts.value) };
}

type PlanKind = 'operation' | 'maintenance';
interface PlanSegment {
  from: EpochMs;
  to: EpochMs;
  kind: PlanKind;
}

const zeroByState = (): Record<LineState, number> =>
  Object.fromEntries(LINE_STATES.map((s) => [s, 0])) as Record<LineState, number>;

/**
 * The time elements of a window from intervals already checked and shift
 * instances already expanded (for callers that split one data set many ways).
 */
export function timeElementsOfChecked(
  intervals: readonly StateInterval[],
  window: TimeWindow,
  shifts: readonly ShiftInstance[],
): TimeElements {
  const plan = planSegments(shifts, window);
  const planned = { operation: zeroByState(), maintenance: zeroByState() };
  const outside = zeroByState();
  const byState = zeroByState();

  let j = 0;
  for (let i = firstOverlapping(intervals, window.from); i < intervals.length; i++) {
    const interval = intervals[i];
    if (!interval || interval.from >= window.to) break;
    const from = Math.max(interval.from, window.from);
    const to = Math.min(interval.to, window.to);
    if (to <= from) continue;
    byState[interval.state] += to - from;
    while (j < plan.length && (plan[j]?.to ?? 0) <= from) j++;
    let inPlan = 0;
    for (let k = j; k < plan.length; k++) {
      const segment = plan[k];
      if (!segment || segment.from >= to) break;
      const overlap = Math.min(to, segment.to) - Math.max(from, segment.from);
      if (overlap > 0) {
        planned[segment.kind][interval.state] += overlap;
        inPlan += overlap;
      }
    }
    outside[interval.state] += to - from - inPlan;
  }

  const length = (kind: PlanKind) =>
    plan.filter((s) => s.kind === kind).reduce((sum, s) => sum + s.to - s.from, 0);
  const sum = (times: Record<LineState, number>) =>
    LINE_STATES.reduce((total, state) => total + times[state], 0);
  const op = planned.operation;
  const mt = planned.maintenance;
  const operationTime = length('operation');
  const maintenanceTime = length('maintenance');

  const overtime = outside.running + outside.setup;
  const unrecorded = operationTime - sum(op);
  const pot = operationTime + maintenanceTime + overtime;
  const plannedDowntime =
    op.planned_stop + op.off_shift + (maintenanceTime - mt.running - mt.setup);
  const apt = op.running + mt.running + outside.running;
  const asut = op.setup + mt.setup + outside.setup;
  const adet = op.down + op.starved + op.blocked;
  const adot = op.idle + unrecorded;
  const aupt = apt + asut;
  const aubt = aupt + adet;
  return {
    pot,
    plannedDowntime,
    pbt: pot - plannedDowntime,
    aubt,
    aupt,
    apt,
    asut,
    adet,
    adot,
    unrecorded,
    overtime,
    byState,
  };
}

/** Field-wise sum, for aggregating shifts into days. */
export function addTimeElements(a: TimeElements, b: TimeElements): TimeElements {
  const byState = zeroByState();
  for (const state of LINE_STATES) byState[state] = a.byState[state] + b.byState[state];
  return {
    pot: a.pot + b.pot,
    plannedDowntime: a.plannedDowntime + b.plannedDowntime,
    pbt: a.pbt + b.pbt,
    aubt: a.aubt + b.aubt,
    aupt: a.aupt + b.aupt,
    apt: a.apt + b.apt,
    asut: a.asut + b.asut,
    adet: a.adet + b.adet,
    adot: a.adot + b.adot,
    unrecorded: a.unrecorded + b.unrecorded,
    overtime: a.overtime + b.overtime,
    byState,
  };
}

export const NO_TIME: TimeElements = {
  pot: 0,
  plannedDowntime: 0,
  pbt: 0,
  aubt: 0,
  aupt: 0,
  apt: 0,
  asut: 0,
  adet: 0,
  adot: 0,
  unrecorded: 0,
  overtime: 0,
  byState: zeroByState(),
};

/** Index of the first interval that ends after `at` (intervals sorted and disjoint). */
export function firstOverlapping(intervals: readonly StateInterval[], at: EpochMs): number {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((intervals[mid]?.to ?? Number.POSITIVE_INFINITY) <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

// Shifts of the calendar, clipped to the window, as disjoint sorted segments.
// Where shifts overlap, operation wins over maintenance: one shift still
// planned to run means the unit was planned to be used.
function planSegments(shifts: readonly ShiftInstance[], window: TimeWindow): PlanSegment[] {
  const clip = (s: ShiftInstance) => ({
    from: Math.max(s.from, window.from),
    to: Math.min(s.to, window.to),
  });
  const operation = unionOfSpans(shifts.filter((s) => !s.maintenance).map(clip));
  const maintenance = subtract(
    unionOfSpans(shifts.filter((s) => s.maintenance).map(clip)),
    operation,
  );
  return [
    ...operation.map((s) => ({ ...s, kind: 'operation' as const })),
    ...maintenance.map((s) => ({ ...s, kind: 'maintenance' as const })),
  ].sort((a, b) => a.from - b.from);
}

/** Spans merged where they touch or overlap, in order; empty spans dropped. */
export function unionOfSpans(spans: readonly TimeWindow[]): TimeWindow[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: TimeWindow[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else out.push({ ...span });
  }
  return out;
}

function subtract(spans: readonly TimeWindow[], holes: readonly TimeWindow[]): TimeWindow[] {
  const out: TimeWindow[] = [];
  for (const span of spans) {
    let from = span.from;
    for (const hole of holes) {
      if (hole.to <= from || hole.from >= span.to) continue;
      if (hole.from > from) out.push({ from, to: hole.from });
      from = Math.max(from, hole.to);
    }
    if (from < span.to) out.push({ from, to: span.to });
  }
  return out;
}

// Time zones through Intl, which is pure: the wall clock of an instant in a
// zone, and the instant of a wall-clock time (two passes settle the offset
// either side of a daylight-saving change; a time in the spring-forward gap
// comes out shifted by the gap, a repeated autumn time as its first instance).
const zones = new Map<string, Intl.DateTimeFormat>();

function zoneOf(timezone: string): Intl.DateTimeFormat | undefined {
  const known = zones.get(timezone);
  if (known) return known;
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zones.set(timezone, format);
    return format;
  } catch {
    return undefined;
  }
}

/** The wall-clock reading of an instant in the zone, as if it were UTC (ms). */
function wallClock(zone: Intl.DateTimeFormat, at: EpochMs): number {
  const part: Record<string, number> = {};
  for (const p of zone.formatToParts(new Date(at))) {
    if (p.type !== 'literal') part[p.type] = Number(p.value);
  }
  const hour = part.hour === 24 ? 0 : (part.hour ?? 0);
  return Date.UTC(
    part.year ?? 1970,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    hour,
    part.minute ?? 0,
    part.second ?? 0,
  );
}

function offsetAt(zone: Intl.DateTimeFormat, at: EpochMs): number {
  return wallClock(zone, at) - Math.floor(at / 1000) * 1000;
}

/** Days since the epoch of the local date of an instant. */
function localDayNumber(zone: Intl.DateTimeFormat, at: EpochMs): number {
  return Math.floor(wallClock(zone, at) / DAY_MS);
}

/** The instant of a wall-clock time: a local day and minutes after its midnight (may pass 24 h). */
function zonedEpoch(zone: Intl.DateTimeFormat, dayNumber: number, minutes: number): EpochMs {
  const wall = dayNumber * DAY_MS + minutes * MINUTE_MS;
  const guess = wall - offsetAt(zone, wall);
  return wall - offsetAt(zone, guess);
}

function clockMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

// A time far outside the calendar (a corrupt reading) is shown as its number.
const iso = (at: EpochMs) => (Math.abs(at) <= 8.64e15 ? new Date(at).toISOString() : String(at));

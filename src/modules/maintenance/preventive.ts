// Preventive plans: when each job falls due, and which due points to turn
// into work orders now. Pure.
//
// - A calendar plan is due every N days from its first due date: point k
//   (k = 1, 2, …) on firstDue + (k − 1)·N days.
// - A counter plan is due every N cycles (units the station processed, good
//   and rejected) or N cartridges (good units it passed) of its station, as
//   the machine data counted them since the plan was made: point k at
//   baseline + firstDueAfter + (k − 1)·N on the station's counter, where the
//   baseline is the counter when the plan was made.
// - A point is generated once its lead time has come: a calendar point
//   `leadDays` before its date; a counter point when the station is within the
//   units it makes in `leadDays` of its calendar at its nominal rate (0 days:
//   when the count is reached).
// - Each point is generated once: the plan remembers the last point it
//   generated (and the database refuses a second order for a point). A point
//   already overdue when a later one is also due is not generated: the later
//   job covers it (a plan that was off, or a counter that jumped, makes one
//   job, not a backlog).
// - The job's window: a calendar job from the start of the line's first
//   production window on its due date, a counter job from when the count is
//   (expected to be) reached, for its duration in wall-clock time.
import { addDays } from '../../core/dates.js';
import { type PlantFile, ShiftCalendar, zonedEpoch } from '../plant/index.js';

export const COUNTERS = ['cycles', 'cartridges'] as const;
export type Counter = (typeof COUNTERS)[number];

export interface CalendarTrigger {
  kind: 'calendar';
  intervalDays: number;
  /** YYYY-MM-DD: the first due date. */
  firstDue: string;
}

export interface CounterTrigger {
  kind: 'counter';
  counter: Counter;
  intervalCount: number;
  /** The station's counter when the plan was made. */
  baseline: number;
  /** Units after the baseline at which the first job is due. */
  firstDueAfter: number;
}

export type Trigger = CalendarTrigger | CounterTrigger;

export function calendarDueDate(trigger: CalendarTrigger, index: number): string {
  return addDays(trigger.firstDue, (index - 1) * trigger.intervalDays);
}

export function counterDueCount(trigger: CounterTrigger, index: number): number {
  return trigger.baseline + trigger.firstDueAfter + (index - 1) * trigger.intervalCount;
}

/** The station's counter a counter plan reads. */
export function counterValue(counter: Counter, counts: { good: number; reject: number }): number {
  return counter === 'cartridges' ? counts.good : counts.good + counts.reject;
}

export interface CalendarDue {
  index: number;
  /** YYYY-MM-DD. */
  due: string;
}

/** At most this many points ahead of the present are made at once (a short interval with a long lead). */
export const MAX_POINTS_AHEAD = 100;
const DAY_MS = 86_400_000;

/** The last point already due (its due value reached), 0 when none; the arithmetic, not a walk. */
function lastReached(reached: number, first: number, interval: number): number {
  return reached < first ? 0 : Math.floor((reached - first) / interval) + 1;
}

/**
 * The points after `lastIndex` to generate: the last one already due (it
 * covers any earlier ones not yet generated), then those ahead whose lead has
 * come, at most MAX_POINTS_AHEAD of them.
 */
function pointsToMake(lastIndex: number, reached: number, isLeadCome: (index: number) => boolean) {
  const out: number[] = [];
  if (reached > lastIndex) out.push(reached);
  for (let index = Math.max(reached, lastIndex) + 1; isLeadCome(index); index++) {
    if (out.length >= MAX_POINTS_AHEAD) break;
    out.push(index);
  }
  return out;
}

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** Calendar points to generate on `today` (local date), after point `lastIndex`. */
export function calendarPointsDue(
  trigger: CalendarTrigger,
  lastIndex: number,
  leadDays: number,
  today: string,
): CalendarDue[] {
  const horizon = addDays(today, leadDays);
  const reached = lastReached(dayNumber(today), dayNumber(trigger.firstDue), trigger.intervalDays);
  return pointsToMake(
    lastIndex,
    reached,
    (index) => calendarDueDate(trigger, index) <= horizon,
  ).map((index) => ({ index, due: calendarDueDate(trigger, index) }));
}

export interface CounterDue {
  index: number;
  /** The counter value at which it is due. */
  dueCount: number;
}

/** Counter points to generate at `count`, after point `lastIndex`, with `leadUnits` of lead. */
export function counterPointsDue(
  trigger: CounterTrigger,
  lastIndex: number,
  count: number,
  leadUnits: number,
): CounterDue[] {
  const reached = lastReached(count, counterDueCount(trigger, 1), trigger.intervalCount);
  return pointsToMake(
    lastIndex,
    reached,
    (index) => counterDueCount(trigger, index) - leadUnits <= count,
  ).map((index) => ({ index, dueCount: counterDueCount(trigger, index) }));
}

// ------------------------------------------------- time on the calendar ----

type Line = PlantFile['lines'][number];

function lineOf(plant: PlantFile, code: string): Line {
  const line = plant.lines.find((l) => l.code === code);
  if (!line) throw new Error(`the plant has no line ${code}`);
  return line;
}

/** Production minutes of the line in [from, to). */
export function productionMinutes(plant: PlantFile, line: string, from: number, to: number) {
  if (to <= from) return 0;
  return new ShiftCalendar(plant, lineOf(plant, line))
    .windowsBetween(from, to)
    .reduce((sum, w) => sum + (w.end - w.start) / 60_000, 0);
}

/**
 * When the station will have made `units` more from `from`, at `ratePerMinute`
 * in the line's production time; null beyond a year and a bit.
 */
export function whenMade(
  plant: PlantFile,
  line: string,
  from: number,
  units: number,
  ratePerMinute: number,
): number | null {
  if (units <= 0) return from;
  let left = units / ratePerMinute; // production minutes
  const limit = from + 400 * 86_400_000;
  for (const w of new ShiftCalendar(plant, lineOf(plant, line)).windowsFrom(from)) {
    const start = Math.max(w.start, from);
    if (start >= limit) return null;
    const minutes = (w.end - start) / 60_000;
    if (minutes >= left) return start + left * 60_000;
    left -= minutes;
  }
  return null;
}

/**
 * A job's window: from the start of the line's first production window that
 * ends after `from` (not before `from` itself), lasting `durationMinutes`.
 */
export function jobWindow(
  plant: PlantFile,
  line: string,
  from: number,
  durationMinutes: number,
): { from: number; to: number } {
  let start = from;
  for (const w of new ShiftCalendar(plant, lineOf(plant, line)).windowsFrom(from)) {
    start = Math.max(w.start, from);
    break;
  }
  return { from: start, to: start + durationMinutes * 60_000 };
}

/** The first instant of a local date in the plant's time zone. */
export const startOfDay = (plant: PlantFile, date: string) =>
  zonedEpoch(date, 0, plant.site.timezone);

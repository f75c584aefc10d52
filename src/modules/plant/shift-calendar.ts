// When a line may produce: the shifts of its calendar in the plant's time
// zone, less breaks, holidays and planned maintenance, the same rules rated
// capacity uses (plant/capacity.ts). Pure: the time zone rules come from the
// ICU data built into the runtime, not from the clock.
//
// The plant file says how long a shift's breaks are, not when they are taken;
// the simulator takes them in one piece in the middle of the shift.
import { addDays } from '../../core/dates.js';
import type { PlantFile } from './model.js';

type Line = PlantFile['lines'][number];
type Calendar = PlantFile['calendars'][number];

/** A stretch of planned production time, [start, end) in ms since the epoch. */
export interface ProductionWindow {
  start: number;
  end: number;
  /** The shift's code and the local date it starts on: together, one shift worked. */
  shift: string;
  date: string;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
// A calendar may stand still for a long time (maintenance, a holiday season),
// but a year without a single shift means it never produces.
const MAX_EMPTY_DAYS = 400;

export class ShiftCalendar {
  readonly #calendar: Calendar;
  readonly #timeZone: string;
  readonly #maintenance: { from: string; to: string }[];

  constructor(plant: PlantFile, line: Line) {
    const calendar = plant.calendars.find((c) => c.code === line.calendar);
    if (!calendar)
      throw new Error(`line ${line.code}: calendar ${line.calendar} is not in the plant`);
    this.#calendar = calendar;
    this.#timeZone = plant.site.timezone;
    this.#maintenance = plant.maintenance
      .filter((m) => m.lines.includes(line.code))
      .map((m) => ({ from: m.from, to: m.to }));
  }

  /** Windows that end after `from`, in order, without end (unless the calendar never produces). */
  *windowsFrom(from: number): Generator<ProductionWindow> {
    // Start a day early: a shift that began yesterday may still be running.
    let day = addDays(localDate(from, this.#timeZone), -1);
    let lastEnd = Number.NEGATIVE_INFINITY;
    let emptyDays = 0;
    while (emptyDays < MAX_EMPTY_DAYS) {
      const windows = this.#windowsOn(day);
      emptyDays = windows.length === 0 ? emptyDays + 1 : 0;
      for (const window of windows) {
        // Overlapping shifts are worked once.
        const start = Math.max(window.start, lastEnd);
        if (window.end <= start || window.end <= from) continue;
        lastEnd = window.end;
        yield { ...window, start };
      }
      day = addDays(day, 1);
    }
  }

  /** The windows that overlap [from, to), clipped to it. */
  windowsBetween(from: number, to: number): ProductionWindow[] {
    const out: ProductionWindow[] = [];
    for (const w of this.windowsFrom(from)) {
      if (w.start >= to) break;
      out.push({ ...w, start: Math.max(w.start, from), end: Math.min(w.end, to) });
    }
    return out;
  }

  #windowsOn(date: string): ProductionWindow[] {
    if (this.#isHoliday(date) || this.#maintenance.some((m) => m.from <= date && date <= m.to)) {
      return [];
    }
    const weekday = WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()];
    const windows: ProductionWindow[] = [];
    for (const shift of this.#calendar.shifts) {
      if (!weekday || !shift.days.includes(weekday)) continue;
      const startMinute = clockMinutes(shift.start);
      const span = spanMinutes(shift.start, shift.end);
      const at = (minute: number) => zonedEpoch(date, startMinute + minute, this.#timeZone);
      const piece = (from: number, to: number) => ({
        start: at(from),
        end: at(to),
        shift: shift.code,
        date,
      });
      if (shift.breakMinutes <= 0) windows.push(piece(0, span));
      else {
        const before = Math.floor((span - shift.breakMinutes) / 2);
        windows.push(piece(0, before), piece(before + shift.breakMinutes, span));
      }
    }
    return windows.filter((w) => w.end > w.start).sort((a, b) => a.start - b.start);
  }

  #isHoliday(date: string): boolean {
    return this.#calendar.holidays.some((h) => h.date === date || h.annual === date.slice(5));
  }
}

const clockMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

// A shift whose end is not after its start ends the next day.
function spanMinutes(start: string, end: string): number {
  const span = clockMinutes(end) - clockMinutes(start);
  return span > 0 ? span : span + 24 * 60;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone, read as if they were UTC. */
function wallAsUtc(epoch: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epoch))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(epoch: number, timeZone: string): string {
  return new Date(wallAsUtc(epoch, timeZone)).toISOString().slice(0, 10);
}

/** The instant at which the local clock shows `minutes` past midnight of `date`. */
export function zonedEpoch(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  // The offset at the guess, then again at the corrected instant, settles
  // every case but the hour a DST change skips or repeats.
  const first = wall - (wallAsUtc(wall, timeZone) - wall);
  return wall - (wallAsUtc(first, timeZone) - first);
}

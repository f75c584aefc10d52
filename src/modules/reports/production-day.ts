// The production day a report covers, and the checks on what it was asked
// for: which lines, which shift of which day, naming the field of the query
// that is wrong. A production day is the day its shifts start on (a shift
// past midnight belongs to the day it started, as the production KPIs have
// it); its window runs from its local midnight — or from the end of a shift
// of the day before that ran past it — to the next midnight, or to the end of
// its own last shift if that runs past it. Days so made never overlap.
import { addDays } from '../../core/dates.js';
import { type ErrorMessage, errorMessage, LotlineError, refusalError } from '../../core/errors.js';
import type { Line, PlantFile } from '../plant/index.js';
import { zonedEpoch } from '../plant/index.js';
import {
  type OperationCalendar,
  type Outcome,
  operationCalendarFor,
  type ShiftInstance,
  shiftInstances,
  type TimeWindow,
} from '../production/index.js';

const DAY_MS = 86_400_000;

/** A refusal of one field of the request, as the HTTP layer shows it (errors[].path). */
export function fieldError(field: string, reason: ErrorMessage): LotlineError {
  return new LotlineError(
    'invalid',
    { code: reason.code, params: reason.params, text: 'the report cannot be made as asked' },
    [{ path: field, message: reason.text, code: reason.code, params: reason.params }],
  );
}

/** The value of a production computation, or its refusal as the error the HTTP layer understands. */
export function orThrow<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw refusalError(
    outcome.error.code.startsWith('unknown_') ? 'not_found' : 'invalid',
    outcome.error,
  );
}

/** The lines a report covers: the one asked for, or every line of the plant. */
export function selectLines(plant: PlantFile, line: string | undefined): Line[] {
  if (line === undefined) return plant.lines;
  const found = plant.lines.find((l) => l.code === line);
  if (!found) {
    const known = plant.lines.map((l) => l.code).join(', ');
    throw fieldError(
      'query.line',
      errorMessage('unknown_line', 'the plant has no line "{{line}}" (its lines: {{known}})', {
        line,
        known,
      }),
    );
  }
  return [found];
}

export interface LineDay {
  line: Line;
  calendar: OperationCalendar;
  /** The shifts of the day on this line, in order (none on a holiday or a day off). */
  shifts: ShiftInstance[];
}

export interface ProductionDay {
  date: string;
  /** Where lots finished and work orders worked are looked for. */
  window: TimeWindow;
  lines: LineDay[];
}

/** The day's shifts on each line and the window of the day; refuses a day that has not begun. */
export function productionDay(
  plant: PlantFile,
  lines: readonly Line[],
  date: string,
  now: Date,
): ProductionDay {
  const zone = plant.site.timezone;
  const midnight = zonedEpoch(date, 0, zone);
  const nextMidnight = zonedEpoch(addDays(date, 1), 0, zone);
  if (midnight > now.getTime()) {
    throw fieldError(
      'query.date',
      errorMessage('date_in_future', '{{date}} has not begun at the plant yet', { date }),
    );
  }
  const dayBefore = addDays(date, -1);
  let from = midnight;
  let to = nextMidnight;
  const lineDays = lines.map((line): LineDay => {
    const calendar = orThrow(operationCalendarFor(plant, line.code));
    // From the day before (a shift of it may run past midnight) to the day after.
    const around = orThrow(
      shiftInstances(calendar, { from: midnight - DAY_MS, to: nextMidnight + DAY_MS }),
    );
    for (const shift of around) {
      if (shift.day === dayBefore) from = Math.max(from, shift.to);
      if (shift.day === date) to = Math.max(to, shift.to);
    }
    return { line, calendar, shifts: around.filter((s) => s.day === date) };
  });
  return { date, window: { from, to }, lines: lineDays };
}

/** The shift codes the lines' calendars know, in calendar order, for the message of a refusal. */
export function knownShifts(lines: readonly LineDay[]): string[] {
  const codes = new Set<string>();
  for (const { calendar } of lines) for (const s of calendar.calendar.shifts) codes.add(s.code);
  return [...codes];
}

/** The named shift of the calendar (its name and clock times), if it has it. */
export function calendarShift(calendar: OperationCalendar, code: string) {
  return calendar.calendar.shifts.find((s) => s.code === code);
}

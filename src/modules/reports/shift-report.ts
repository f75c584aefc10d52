// What the shift report says: for one shift of one production day, on every
// line that works it (or the one asked for), the line's ISO 22400-2 figures
// for the shift, its downtime by reason and its scrap by reason, and the
// plant's totals. The figures are the production module's, read from the
// machine data exactly as the production pages read them (machineKpisByShift,
// machineDowntimePareto); nothing is computed here but sums.
import type { Database } from '../../core/db/store.js';
import { errorMessage } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import {
  type DowntimeReasonEntry,
  downtimeReasonIndex,
  machineDowntimePareto,
  machineKpisByShift,
  type ParetoEntry,
  type ShiftKpiReport,
  type TimeWindow,
} from '../production/index.js';
import {
  calendarShift,
  fieldError,
  knownShifts,
  orThrow,
  productionDay,
  selectLines,
} from './production-day.js';
import { recordedScrap, type ScrapByReason, scrapByReason } from './scrap.js';
import { combinedFigures, type Figures } from './totals.js';

export interface ReportQuery {
  /** The production day, YYYY-MM-DD. */
  date: string;
  /** One line, or every line of the plant. */
  line?: string;
  /** The Sparkplug group the machines publish in. */
  group: string;
  now: Date;
}

export interface DowntimeByReason extends ParetoEntry {
  name: string | null;
  category: DowntimeReasonEntry['category'] | null;
}

export interface ShiftLineReport {
  line: string;
  lineName: string;
  /** The shift on this line as worked so far: its start to its end, or to now. */
  window: TimeWindow;
  figures: ShiftKpiReport;
  downtime: DowntimeByReason[];
  scrap: ScrapByReason[];
}

export interface Site {
  code: string;
  name: string;
  timezone: string;
}

export interface ShiftReport {
  site: Site;
  date: string;
  shift: { code: string; name: string; start: string; end: string };
  generatedAt: Date;
  /** False while the shift still runs on some line: its figures end at `generatedAt`. */
  complete: boolean;
  lines: ShiftLineReport[];
  /** Lines asked for that do not work this shift on this day. */
  notWorking: string[];
  totals: Figures & { downtimeMs: number; stops: number; recordedScrap: number };
}

export function siteOf(plant: PlantFile): Site {
  return { code: plant.site.code, name: plant.site.name, timezone: plant.site.timezone };
}

export async function shiftReport(
  db: Database,
  plant: PlantFile,
  query: ReportQuery & { shift: string },
): Promise<ShiftReport> {
  const day = productionDay(plant, selectLines(plant, query.line), query.date, query.now);
  const withShift = day.lines.filter((l) => calendarShift(l.calendar, query.shift));
  const first = withShift[0];
  if (!first) {
    const known = knownShifts(day.lines).join(', ');
    throw fieldError(
      'query.shift',
      errorMessage(
        'unknown_shift',
        `no line's calendar has a shift "{{shift}}" (its shifts: {{known}})`,
        { shift: query.shift, known },
      ),
    );
  }
  const worked = withShift.flatMap((l) => {
    const instance = l.shifts.find((s) => s.shift === query.shift);
    return instance ? [{ ...l, instance }] : [];
  });
  if (worked.length === 0) {
    throw fieldError(
      'query.date',
      errorMessage(
        'shift_not_worked',
        'shift {{shift}} is not worked on {{date}} (a day off, a holiday)',
        { shift: query.shift, date: query.date },
      ),
    );
  }
  const now = query.now.getTime();
  const started = worked.filter((l) => l.instance.from < now);
  if (started.length === 0) {
    throw fieldError(
      'query.date',
      errorMessage('shift_not_started', 'shift {{shift}} of {{date}} has not started yet', {
        shift: query.shift,
        date: query.date,
      }),
    );
  }
  const reasons = downtimeReasonIndex(plant);
  const lines: ShiftLineReport[] = [];
  for (const { line, instance } of started) {
    const asked = {
      line: line.code,
      from: new Date(instance.from),
      to: new Date(instance.to),
      group: query.group,
      now: query.now,
    };
    const shifts = orThrow(await machineKpisByShift(db, plant, asked));
    const figures = shifts.find((s) => s.shift === query.shift && s.day === query.date);
    if (!figures) continue; // cannot happen: the window is this shift's
    const pareto = orThrow(await machineDowntimePareto(db, plant, { ...asked, scope: 'line' }));
    const recorded = await recordedScrap(db, line.code, figures.window);
    lines.push({
      line: line.code,
      lineName: line.name,
      window: figures.window,
      figures,
      downtime: pareto.map((entry) => {
        const known = entry.reason === null ? undefined : reasons.get(entry.reason);
        return { ...entry, name: known?.name ?? null, category: known?.category ?? null };
      }),
      scrap: scrapByReason(plant, recorded, figures.quantities.scrap),
    });
  }
  const shift = calendarShift(first.calendar, query.shift);
  const totals = combinedFigures(lines.map((l) => l.figures));
  return {
    site: siteOf(plant),
    date: query.date,
    shift: {
      code: query.shift,
      name: shift?.name ?? query.shift,
      start: shift?.start ?? '',
      end: shift?.end ?? '',
    },
    generatedAt: query.now,
    complete: started.every((l) => l.instance.to <= now) && started.length === worked.length,
    lines,
    notWorking: day.lines
      .filter((l) => !worked.some((w) => w.line.code === l.line.code))
      .map((l) => l.line.code),
    totals: {
      ...totals,
      downtimeMs: sum(lines.flatMap((l) => l.downtime.map((d) => d.durationMs))),
      stops: sum(lines.flatMap((l) => l.downtime.map((d) => d.count))),
      recordedScrap: sum(
        lines.flatMap((l) => l.scrap.filter((s) => s.reason !== null).map((s) => s.quantity)),
      ),
    },
  };
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

// Reliability figures from the maintenance records: each breakdown request
// (opened by the watcher from the machine data, or by hand) with when the
// machine data showed the station back and when the technician closed it,
// over the line's production calendar. The rules are reliability.ts's.
import { and, eq, gte, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { fieldIssue, invalid } from '../../core/errors.js';
import { currentPlant, type PlantFile, ShiftCalendar } from '../plant/index.js';
import {
  type Failure,
  type ReliabilityFigures,
  reliabilityFigures,
  repairMs,
  type Span,
  type WeekFigures,
  weeklyTrend,
} from './reliability.js';
import { breakdowns, workOrders } from './schema.js';

/** The longest window the figures are asked for. */
export const MAX_RELIABILITY_DAYS = 366;
const DAY_MS = 86_400_000;

/** A window from the query, checked: by default the last 90 days up to now. */
export function reliabilityWindow(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): Span {
  const to = query.to ? Date.parse(query.to) : now.getTime();
  const from = query.from ? Date.parse(query.from) : to - 90 * DAY_MS;
  if (!(to > from)) {
    throw invalid('window_ends_before_start', 'the window must end after it starts').withIssues([
      fieldIssue('query.to', 'window_ends_before_start', 'must be after from'),
    ]);
  }
  if (to - from > MAX_RELIABILITY_DAYS * DAY_MS) {
    const limit = { maxDays: MAX_RELIABILITY_DAYS };
    throw invalid(
      'window_too_long',
      'the window is longer than {{maxDays}} days',
      limit,
    ).withIssues([
      fieldIssue('query.from', 'window_too_long', 'at most {{maxDays}} days before to', limit),
    ]);
  }
  return { from, to };
}

/**
 * The failures that touch the window: breakdown requests (not cancelled — a
 * cancelled one was no failure) that went down before its end and were not
 * over before its start.
 */
export async function failuresIn(
  db: Database,
  window: Span,
  where: { line?: string; station?: string } = {},
): Promise<Failure[]> {
  const conditions: (SQL | undefined)[] = [
    eq(workOrders.kind, 'breakdown'),
    ne(workOrders.state, 'cancelled'),
    lt(workOrders.downAt, new Date(window.to)),
    or(
      isNull(workOrders.closedAt),
      gte(workOrders.closedAt, new Date(window.from)),
      isNull(breakdowns.upAt),
      gte(breakdowns.upAt, new Date(window.from)),
    ),
    where.line ? eq(workOrders.line, where.line) : undefined,
    where.station ? eq(workOrders.station, where.station) : undefined,
  ];
  const rows = await db
    .select({
      line: workOrders.line,
      station: workOrders.station,
      reason: workOrders.reason,
      downAt: workOrders.downAt,
      state: workOrders.state,
      closedAt: workOrders.closedAt,
      document: workOrders.document,
      upAt: breakdowns.upAt,
      pausedMs: breakdowns.pausedMs,
    })
    .from(workOrders)
    .leftJoin(breakdowns, eq(breakdowns.id, workOrders.breakdownId))
    .where(and(...conditions));
  return rows.flatMap((r) =>
    r.downAt
      ? [
          {
            line: r.line,
            station: r.station,
            reason: r.reason,
            down: r.downAt.getTime(),
            up: r.upAt?.getTime() ?? null,
            pausedMs: r.pausedMs ?? 0,
            closed: r.state === 'closed' && r.closedAt ? r.closedAt.getTime() : null,
            cause: r.document.cause,
          },
        ]
      : [],
  );
}

/** The line's production time in the window: its shifts less breaks, holidays and planned maintenance. */
export function scheduledSpans(plant: PlantFile, lineCode: string, window: Span): Span[] {
  const line = plant.lines.find((l) => l.code === lineCode);
  if (!line) return [];
  return new ShiftCalendar(plant, line)
    .windowsBetween(window.from, window.to)
    .map((w) => ({ from: w.start, to: w.end }));
}

export interface StationReliability {
  line: string;
  station: string;
  name: string;
  figures: ReliabilityFigures;
}

export interface LineReliability {
  line: string;
  name: string;
  figures: ReliabilityFigures;
  trend: WeekFigures[];
  stations: StationReliability[];
}

export async function reliabilityReport(
  db: Database,
  window: Span,
  options: { line?: string; plant?: PlantFile } = {},
): Promise<{ window: Span; lines: LineReliability[] }> {
  const plant = options.plant ?? (await currentPlant(db)).plant;
  if (options.line && !plant.lines.some((l) => l.code === options.line)) {
    // Said of the query's field, as the schema's refusals are.
    throw invalid('unknown_line', 'line: unknown line "{{line}}"', {
      line: options.line,
    }).withIssues([
      fieldIssue('query.line', 'unknown_line', 'unknown line', { line: options.line }),
    ]);
  }
  const failures = await failuresIn(db, window, options.line ? { line: options.line } : {});
  const lines = plant.lines
    .filter((l) => !options.line || l.code === options.line)
    .map((line) => {
      const scheduled = scheduledSpans(plant, line.code, window);
      const mine = failures.filter((f) => f.line === line.code);
      return {
        line: line.code,
        name: line.name,
        figures: reliabilityFigures(mine, window, scheduled),
        trend: weeklyTrend(mine, window, plant.site.timezone, scheduled),
        stations: line.stations.map((station) => ({
          line: line.code,
          station: station.code,
          name: station.name,
          figures: reliabilityFigures(
            mine.filter((f) => f.station === station.code),
            window,
            scheduled,
          ),
        })),
      };
    });
  return { window, lines };
}

/** One station's figures and weekly trend. */
export async function stationReliability(
  db: Database,
  plant: PlantFile,
  line: string,
  station: string,
  window: Span,
): Promise<{ figures: ReliabilityFigures; trend: WeekFigures[] }> {
  const failures = await failuresIn(db, window, { line, station });
  const scheduled = scheduledSpans(plant, line, window);
  return {
    figures: reliabilityFigures(failures, window, scheduled),
    trend: weeklyTrend(failures, window, plant.site.timezone, scheduled),
  };
}

export interface MeasuredFailureBehaviour {
  line: string;
  station: string;
  /** Breakdowns that began in the window. */
  failures: number;
  /** Production minutes the station was not down for a breakdown (its uptime). */
  operatingMinutes: number;
  /** Operating minutes per failure; null without a failure. */
  mtbfMinutes: number | null;
  /**
   * Repair times in minutes of the window's breakdowns whose length is known
   * (back in service by the machine data, or closed), in the order they failed.
   */
  repairMinutes: number[];
}

/**
 * Each station's measured failure behaviour over a window, for the twin: mean
 * operating time between breakdowns (production time less breakdown downtime,
 * per breakdown) and the sample of repair times. Micro-stops are not in it:
 * they are no breakdowns (the twin's calibration measures them from the
 * machine data itself).
 */
export async function measuredFailureBehaviour(
  db: Database,
  query: { from: Date; to: Date; lines?: readonly string[]; plant?: PlantFile },
): Promise<MeasuredFailureBehaviour[]> {
  const plant = query.plant ?? (await currentPlant(db)).plant;
  const window = { from: query.from.getTime(), to: query.to.getTime() };
  if (!(window.to > window.from)) {
    throw invalid('window_ends_before_start', 'the window must end after it starts');
  }
  const failures = await failuresIn(db, window);
  const wanted = query.lines ? new Set(query.lines) : undefined;
  return plant.lines
    .filter((l) => !wanted || wanted.has(l.code))
    .flatMap((line) => {
      const scheduled = scheduledSpans(plant, line.code, window);
      return line.stations.map((station) => {
        const mine = failures.filter((f) => f.line === line.code && f.station === station.code);
        const figures = reliabilityFigures(mine, window, scheduled);
        const began = mine
          .filter((f) => f.down >= window.from && f.down < window.to)
          .sort((a, b) => a.down - b.down);
        return {
          line: line.code,
          station: station.code,
          failures: figures.failures,
          operatingMinutes: figures.uptimeMinutes,
          mtbfMinutes: figures.mtbfMinutes,
          repairMinutes: began
            .map(repairMs)
            .filter((r): r is number => r !== null)
            .map((r) => Math.round((r / 60_000) * 1000) / 1000),
        };
      });
    });
}

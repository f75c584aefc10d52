// Reliability figures of an asset (a station) or of a line, from its failures:
// when each breakdown began and ended by the machine data, and the repair
// record the technician closed. Pure.
//
// Definitions (IEC 60050-192 terms, measured over a window of time):
// - Scheduled time: the line's production windows (shifts less breaks,
//   holidays and planned maintenance) inside the window; the whole window
//   when no calendar is given.
// - A failure is a breakdown that began in the window.
// - Downtime: scheduled time in which the asset was down for a breakdown, from
//   its start until the machine data shows it back in service — or, where the
//   machine data never says so (a request opened by hand), until the request
//   was closed, or until the window's end while neither happened. For a line,
//   the union over its stations: two stations down at once stop it once.
// - Uptime = scheduled time − downtime.
// - MTBF (mean operating time between failures) = uptime / failures.
// - Repair time of a failure: down → back in service by the machine data, less
//   the breaks and shift ends it stood through; where the machine data does
//   not show it back, down → the request's close. MTTR is the mean repair time
//   of the repairs closed in the window: a repair counts once a technician has
//   closed its request, so closing a request is what moves MTTR.
// - Availability = uptime / scheduled time (what the breakdowns left of it).
// - Top causes: the machine's downtime reasons by downtime in the window, and
//   the technicians' recorded causes by number of repairs.
// - The weekly trend is the same figures for each week (Monday to Monday in
//   the plant's time zone) of the window.
import { addDays } from '../../core/dates.js';
import { localDate, zonedEpoch } from '../plant/index.js';

/** A half-open span [from, to), ms since the epoch. */
export interface Span {
  from: number;
  to: number;
}

export interface Failure {
  line: string;
  station: string | null;
  /** The downtime reason the machine reported (or the request named). */
  reason: string | null;
  /** When it went down, ms. */
  down: number;
  /** Back in service by the machine data, ms; null when not (yet) seen. */
  up: number | null;
  /** Time inside [down, up) it stood through a break or a shift end, ms. */
  pausedMs: number;
  /** When the request was closed, ms; null while open. */
  closed: number | null;
  /** The technician's recorded cause. */
  cause: string | null;
}

export interface ReliabilityFigures {
  window: Span;
  scheduledMinutes: number;
  failures: number;
  downtimeMinutes: number;
  uptimeMinutes: number;
  /** Null without a failure in the window. */
  mtbfMinutes: number | null;
  /** Repairs closed in the window, and their mean length; null without one. */
  repairs: number;
  mttrMinutes: number | null;
  /** Null without scheduled time. */
  availability: number | null;
  topReasons: { reason: string | null; failures: number; downtimeMinutes: number }[];
  topCauses: { cause: string; repairs: number }[];
}

export interface WeekFigures extends ReliabilityFigures {
  /** The Monday the week starts on (local date). */
  week: string;
}

const MINUTE_MS = 60_000;
const TOP = 5;

/** Repair time in ms, or null while it is not known. */
export function repairMs(f: Failure): number | null {
  if (f.up !== null) return Math.max(0, f.up - f.down - f.pausedMs);
  if (f.closed !== null) return Math.max(0, f.closed - f.down);
  return null;
}

/** When a failure stopped counting as down: back up, else closed, else not yet. */
function downUntil(f: Failure): number {
  return f.up ?? f.closed ?? Number.POSITIVE_INFINITY;
}

/** Sorted, disjoint union of spans. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

/** Total length of the overlap of two sets of spans (each disjoint). */
function overlapMs(a: readonly Span[], b: readonly Span[]): number {
  let total = 0;
  let j = 0;
  for (const x of a) {
    while (j < b.length && (b[j] as Span).to <= x.from) j++;
    for (let k = j; k < b.length && (b[k] as Span).from < x.to; k++) {
      const y = b[k] as Span;
      total += Math.max(0, Math.min(x.to, y.to) - Math.max(x.from, y.from));
    }
  }
  return total;
}

const clip = (spans: readonly Span[], window: Span): Span[] =>
  spans
    .map((s) => ({ from: Math.max(s.from, window.from), to: Math.min(s.to, window.to) }))
    .filter((s) => s.to > s.from);

const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * The figures of one asset or line over a window. `failures` may hold any
 * failures (those outside the window are ignored as the definitions say);
 * `scheduled` is the production time, the whole window when omitted.
 */
export function reliabilityFigures(
  failures: readonly Failure[],
  window: Span,
  scheduled?: readonly Span[],
): ReliabilityFigures {
  const production = union(clip(scheduled ?? [window], window));
  const scheduledMs = production.reduce((s, w) => s + w.to - w.from, 0);
  const downSpans = union(
    clip(
      failures.map((f) => ({ from: f.down, to: downUntil(f) })),
      window,
    ),
  );
  const downtimeMs = overlapMs(downSpans, production);
  const uptimeMs = scheduledMs - downtimeMs;
  const began = failures.filter((f) => f.down >= window.from && f.down < window.to);
  const repaired = failures.filter(
    (f) => f.closed !== null && f.closed >= window.from && f.closed < window.to,
  );
  const repairTimes = repaired.map(repairMs).filter((r): r is number => r !== null);

  const byReason = new Map<string | null, { failures: number; downtimeMs: number }>();
  for (const f of began) {
    const entry = byReason.get(f.reason) ?? { failures: 0, downtimeMs: 0 };
    entry.failures += 1;
    byReason.set(f.reason, entry);
  }
  for (const f of failures) {
    const mine = clip([{ from: f.down, to: downUntil(f) }], window);
    const ms = overlapMs(mine, production);
    if (ms === 0) continue;
    const entry = byReason.get(f.reason) ?? { failures: 0, downtimeMs: 0 };
    entry.downtimeMs += ms;
    byReason.set(f.reason, entry);
  }
  const byCause = new Map<string, number>();
  for (const f of repaired) {
    const cause = f.cause?.trim();
    if (cause) byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
  }

  return {
    window,
    scheduledMinutes: round(scheduledMs / MINUTE_MS),
    failures: began.length,
    downtimeMinutes: round(downtimeMs / MINUTE_MS),
    uptimeMinutes: round(uptimeMs / MINUTE_MS),
    mtbfMinutes: began.length > 0 ? round(uptimeMs / began.length / MINUTE_MS) : null,
    repairs: repairTimes.length,
    mttrMinutes:
      repairTimes.length > 0
        ? round(repairTimes.reduce((s, r) => s + r, 0) / repairTimes.length / MINUTE_MS)
        : null,
    availability: scheduledMs > 0 ? round(uptimeMs / scheduledMs, 6) : null,
    topReasons: [...byReason]
      .map(([reason, e]) => ({
        reason,
        failures: e.failures,
        downtimeMinutes: round(e.downtimeMs / MINUTE_MS),
      }))
      .sort(
        (a, b) =>
          b.downtimeMinutes - a.downtimeMinutes ||
          b.failures - a.failures ||
          String(a.reason).localeCompare(String(b.reason)),
      )
      .slice(0, TOP),
    topCauses: [...byCause]
      .map(([cause, repairs]) => ({ cause, repairs }))
      .sort((a, b) => b.repairs - a.repairs || a.cause.localeCompare(b.cause))
      .slice(0, TOP),
  };
}

/** The weeks (Monday 00:00 to Monday 00:00 in the time zone) that overlap the window, clipped to it. */
export function weeksOf(window: Span, timeZone: string): { week: string; span: Span }[] {
  const first = localDate(window.from, timeZone);
  const weekday = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  let monday = addDays(first, -weekday);
  const out: { week: string; span: Span }[] = [];
  for (;;) {
    const from = zonedEpoch(monday, 0, timeZone);
    if (from >= window.to) break;
    const next = addDays(monday, 7);
    const to = zonedEpoch(next, 0, timeZone);
    const span = { from: Math.max(from, window.from), to: Math.min(to, window.to) };
    if (span.to > span.from) out.push({ week: monday, span });
    monday = next;
  }
  return out;
}

/** The figures week by week. */
export function weeklyTrend(
  failures: readonly Failure[],
  window: Span,
  timeZone: string,
  scheduled?: readonly Span[],
): WeekFigures[] {
  return weeksOf(window, timeZone).map(({ week, span }) => ({
    week,
    ...reliabilityFigures(failures, span, scheduled),
  }));
}

// Breakdowns and counts from the machine data, row by row as ingest stored
// them: each station's State and State/Reason say when it failed and when it
// was back, its Counts/Good and Counts/Reject how many units (cartridges) and
// cycles it has done for the counter plans. Pure: the watcher (watcher.ts)
// reads the rows and keeps each station's watch in the database.
//
// The rules:
// - A breakdown begins when a station is down for a breakdown reason (see
//   model.ts, breakdownReasons). It begins when the station went down: a stop
//   first reported as a micro-stop and then given a breakdown reason is one
//   breakdown from its first moment.
// - It ends when the station is back in service: running, or starved, blocked
//   or in setup (the machine works; it waits for others). A planned stop or
//   idle (a break, the end of the shift) only pauses it: a machine still down
//   when work resumes is the same breakdown, and the pause is not repair time
//   (as the twin's calibration counts repairs).
// - Rows of one instant are taken together, so a State and its State/Reason
//   sent in one message count as one change, in whichever order they come.
// - Counters are cumulative within a birth; what they add is the telemetry
//   contract's rule (counterIncrement). The first value seen of a counter is
//   where counting starts.
import { counterIncrement } from '../production/index.js';

/** One row of telemetry.machine_events of a station: the columns the watch reads. */
export interface WatchedRow {
  id: number;
  line: string;
  station: string;
  metric: string;
  /** metric_at, ms since the epoch. */
  at: number;
  number: number | null;
  text: string | null;
  birth: boolean;
}

export const WATCHED_METRICS = {
  state: 'State',
  reason: 'State/Reason',
  good: 'Counts/Good',
  reject: 'Counts/Reject',
} as const;

/** States in which the machine works again, ending a breakdown. */
const BACK_IN_SERVICE: ReadonlySet<string> = new Set(['running', 'starved', 'blocked', 'setup']);
/** States that pause a breakdown without ending it. */
const PAUSING: ReadonlySet<string> = new Set(['planned_stop', 'idle']);

export interface OpenBreakdown {
  downAt: number;
  reason: string;
  /** When a break or the end of the shift paused it; null while it is not paused. */
  pausedSince: number | null;
  /** Paused time so far, ms. */
  pausedMs: number;
}

/** What the watch knows of one station after the rows it has read. */
export interface StationWatch {
  line: string;
  station: string;
  state: string | null;
  reason: string;
  /** When the current state began (ms), as far as the watch has seen. */
  stateSince: number | null;
  lastGood: number | null;
  lastReject: number | null;
  /** Units counted good, and rejected, since the watch first saw the station. */
  good: number;
  reject: number;
  open: OpenBreakdown | null;
}

export type BreakdownChange =
  | { kind: 'down'; line: string; station: string; reason: string; at: number; eventId: number }
  | {
      kind: 'up';
      line: string;
      station: string;
      /** The breakdown's start, which identifies it. */
      downAt: number;
      at: number;
      pausedMs: number;
    };

export const watchKey = (line: string, station: string) => `${line}/${station}`;

export function newWatch(line: string, station: string): StationWatch {
  return {
    line,
    station,
    state: null,
    reason: '',
    stateSince: null,
    lastGood: null,
    lastReject: null,
    good: 0,
    reject: 0,
    open: null,
  };
}

/**
 * Reads rows (in the order they were stored) into the stations' watches.
 * Returns the watches it changed, by key, and the breakdowns that began or
 * ended, in order; the input map is left as it was.
 */
export function advanceWatch(
  watches: ReadonlyMap<string, StationWatch>,
  rows: readonly WatchedRow[],
  isBreakdown: (reason: string) => boolean,
): { watches: Map<string, StationWatch>; changes: BreakdownChange[] } {
  const touched = new Map<string, StationWatch>();
  const changes: BreakdownChange[] = [];
  // The instant each station's rows are being gathered for, and its last row's id.
  const pending = new Map<string, { at: number; eventId: number }>();

  const watchOf = (line: string, station: string): StationWatch => {
    const key = watchKey(line, station);
    let watch = touched.get(key);
    if (!watch) {
      const before = watches.get(key);
      watch = before
        ? { ...before, open: before.open ? { ...before.open } : null }
        : newWatch(line, station);
      touched.set(key, watch);
    }
    return watch;
  };

  const settle = (watch: StationWatch, at: number, eventId: number) => {
    const { state } = watch;
    const open = watch.open;
    if (!open) {
      if (state === 'down' && isBreakdown(watch.reason)) {
        const downAt = watch.stateSince ?? at;
        watch.open = { downAt, reason: watch.reason, pausedSince: null, pausedMs: 0 };
        changes.push({
          kind: 'down',
          line: watch.line,
          station: watch.station,
          reason: watch.reason,
          at: downAt,
          eventId,
        });
      }
      return;
    }
    if (state !== null && BACK_IN_SERVICE.has(state)) {
      const pausedMs = open.pausedMs + (open.pausedSince !== null ? at - open.pausedSince : 0);
      changes.push({
        kind: 'up',
        line: watch.line,
        station: watch.station,
        downAt: open.downAt,
        at,
        pausedMs,
      });
      watch.open = null;
    } else if (state !== null && PAUSING.has(state)) {
      if (open.pausedSince === null) open.pausedSince = at;
    } else if (state === 'down' && open.pausedSince !== null) {
      open.pausedMs += at - open.pausedSince;
      open.pausedSince = null;
    }
  };

  const flush = (key: string) => {
    const instant = pending.get(key);
    const watch = touched.get(key);
    if (!instant || !watch) return;
    pending.delete(key);
    settle(watch, instant.at, instant.eventId);
  };

  for (const row of rows) {
    const key = watchKey(row.line, row.station);
    const instant = pending.get(key);
    if (instant && instant.at !== row.at) flush(key);
    const watch = watchOf(row.line, row.station);
    switch (row.metric) {
      case WATCHED_METRICS.state: {
        const state = row.text ?? null;
        if (state !== watch.state) {
          watch.state = state;
          watch.stateSince = row.at;
        }
        break;
      }
      case WATCHED_METRICS.reason:
        watch.reason = row.text ?? '';
        break;
      case WATCHED_METRICS.good:
        if (row.number !== null) {
          watch.good += counterIncrement(watch.lastGood, row.number, row.birth);
          watch.lastGood = row.number;
        }
        break;
      case WATCHED_METRICS.reject:
        if (row.number !== null) {
          watch.reject += counterIncrement(watch.lastReject, row.number, row.birth);
          watch.lastReject = row.number;
        }
        break;
      default:
        break;
    }
    pending.set(key, { at: row.at, eventId: row.id });
  }
  for (const key of [...pending.keys()]) flush(key);
  return { watches: touched, changes };
}

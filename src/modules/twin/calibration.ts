// Calibrating the twin from what the machines reported: for each station of a line, the cycle
// time per cartridge, the operating time between stops, the time a stop lasts and the reject
// rate, read from telemetry.machine_events over a window, each duration sample fitted with
// `fitDurations`. The station behaviour the twin assumes (plant-model.ts: cycle CV, stops with
// their repair distribution, reject rate) can then be measured rather than guessed.
//
// All durations are in minutes, the twin's time unit, so a fit's spec goes into the twin as it is.
//
// What the machine data holds (telemetry/contract.ts) and how each quantity is derived from it
// (the rules are in `stationCalibrationOf`, pure, below):
// - State (running | idle | starved | blocked | down | setup | planned_stop) and State/Reason,
//   at the instant they change. A stop is a transition into down, micro-stops (reason MICRO)
//   and breakdowns alike; `stopsByReason` keeps them apart (stops per operating time, mean
//   length and its spread, per reason), and the twin runs each reason as a stop process of
//   its own (calibrated-assumptions.ts).
// - Uptime is operating time between stops: the time in running from the end of one stop to the
//   start of the next. Starved, blocked, setup, breaks and off-shift time do not count and do
//   not end it (a machine that waits does not wear: the twin's failures run on operating time).
// - A repair is the time in down from a stop's start to the next state that is not down. A
//   break or the end of a shift (planned_stop, idle) only pauses it: a stop that is down again
//   for the same reason when work resumes is the same stop, so its repair is its down time
//   before and after.
// - Intervals the window cuts are censored and left out of the samples: the state before the
//   first row of the window is unknown, so a stop or uptime counts only from a transition seen;
//   one still open at the window's end has no length (a stop begun is still counted as a stop).
// - Counts/Good and Counts/Reject are cumulative (within a birth); the increments, by the
//   contract's rule (telemetry/line-state.ts), give the parts made and the reject rate.
// - Cycle/Time is the mean cycle time of the units finished since the previous report (10 s in
//   the simulator), in ms. Each reported value is one observation of `cycle`: the fit describes
//   report-interval means, which vary much less than single cartridges, and a station that
//   changes speed (catching up on a full buffer) shows as a mixture. The per-cartridge CV the
//   twin needs (`cycleCv`) comes from successive reports with the units of each (the counters'
//   increments between two reports), robustly: for means m_j of k_j units,
//   d_j = (m_j − m_{j−1})² / (1/k_j + 1/k_{j−1}) has expectation σ², and σ² is estimated by
//   median(d) / 0.4549 (the median of χ²₁), so the jumps where the speed changes, and drifts,
//   do not count as the variation of a cartridge.
// - Without Cycle/Time, the cycle time is running time over units: spans where the station ran
//   throughout between count reports, taken together until they hold at least
//   MIN_UNITS_PER_COUNTED_CYCLE units; those averages cannot resolve one cartridge's variation,
//   so `cycleCv` is null.
import { sql } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { type ErrorParams, invalid, LotlineError } from '../../core/errors.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import { machineEvents } from '../telemetry/index.js';
// The counter rule is the telemetry module's, as ingest's projections and the KPIs read it.
import { counterIncrement } from '../telemetry/line-state.js';
import { type FitReport, fitDurations, MIN_FIT_SAMPLE } from './fitting.js';

export interface StationCalibration {
  /** The Sparkplug group (site) the data came from. */
  group: string;
  line: string;
  station: string;
  /** Cycle time in minutes: reported interval means, or running time over units (see `cycleSource`). */
  cycle: FitReport | null;
  cycleSource: 'cycle-time metric' | 'counts over running time' | null;
  /** Estimated coefficient of variation of one cartridge's cycle time; null when not estimable. */
  cycleCv: number | null;
  /** Operating minutes between stops. */
  uptime: FitReport | null;
  /**
   * Minutes a stop lasts (restart after a micro-stop, repair after a breakdown). Short restarts
   * and long repairs together are a mixture no single family fits well: the best fit's mean can
   * lie well below the sample's (`repair.summary.mean`); `stopsByReason` has them apart.
   */
  repair: FitReport | null;
  /** Rejects over parts (good + reject) in the window; null when it made none. */
  rejectRate: number | null;
  observations: {
    /** Cycle-time observations (reported values, or counted spans). */
    cycles: number;
    /** Stops that began in the window. */
    stops: number;
    /** Complete uptimes (between the end of one stop and the start of the next). */
    uptimes: number;
    /** Complete stops (start and end seen). */
    repairs: number;
    /** Units made (good + reject). */
    parts: number;
    rejects: number;
    /** Operating (running) minutes seen, from the first state reported in the window to its end. */
    runningMinutes: number;
  };
  /**
   * Stops by their reason (State/Reason while down), most frequent first: micro-stops and
   * breakdowns apart, for a twin that models them as separate kinds of stop.
   */
  stopsByReason: ReasonStops[];
  /** What could not be fitted and why ("uptime: not enough data (4 observations, need 10)"). */
  notes: string[];
  /** The same, in data: one per note, in the notes' order. */
  unfitted: Unfitted[];
}

/** What a note is about: a duration fitted, the reject rate, or the CV of a cartridge's cycle. */
export type NoteQuantity = 'cycle' | 'uptime' | 'repair' | 'rejectRate' | 'cycleCv';

/**
 * Why a quantity was not measured, in data for a client to word (`code` with its `params`) and in
 * English (`text`, the note). The codes: `not_enough_data` (params `observations`, `minimum`),
 * `no_parts_counted`, `too_few_counted_reports`, or the refusal of the fit itself, passed on with
 * its code and params (`fit_sample_without_spread`: `size` durations all equal to `value` minutes).
 */
export interface Unfitted {
  quantity: NoteQuantity;
  code: string;
  params: ErrorParams;
  text: string;
}

export interface ReasonStops {
  reason: string;
  /** Stops for the reason that began in the window. */
  stops: number;
  /**
   * Operating minutes per stop for the reason: runningMinutes / stops, the maximum-likelihood
   * mean of exponential times between stops with the window's censored ends included.
   */
  meanMinutesBetween: number | null;
  /** Complete stops for the reason, and their mean length and standard deviation in minutes. */
  repairs: number;
  meanRepairMinutes: number | null;
  /** Null below two complete stops. */
  sdRepairMinutes: number | null;
}

export interface CalibrationQuery {
  from: Date;
  to: Date;
  /** Line codes; by default every line of the plant. */
  lines?: readonly string[];
  /** The Sparkplug group; by default the plant's site code, as ingest's. */
  group?: string;
  /** The plant (lines and stations in flow order); by default the current plant in the database. */
  plant?: PlantFile;
}

/** The longest window read: a month of a station is about 1.3 million rows at one report a second. */
export const MAX_CALIBRATION_DAYS = 31;
export const MIN_UNITS_PER_COUNTED_CYCLE = 50;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const METRIC = {
  state: 'State',
  reason: 'State/Reason',
  good: 'Counts/Good',
  reject: 'Counts/Reject',
  cycleTime: 'Cycle/Time',
} as const;

/** One row of telemetry.machine_events of a station, the columns calibration reads. */
export interface StationEventRow {
  metric: string;
  /** metric_at, ms since the epoch. */
  at: number;
  number: number | null;
  text: string | null;
  birth: boolean;
}

/**
 * Calibrates every station of the lines asked for (all the plant's by default) from the machine
 * events in [from, to], both ends included: a counter reported at `to` counts units made before
 * it, and one reported at `from` is the baseline of the increments after it, so adjacent windows
 * share their boundary rows without counting a unit twice. Stations come in the plant's order,
 * each with whatever the window held: a station without data has null fits and says so in its
 * notes.
 */
export async function calibrateStations(
  db: Database,
  query: CalibrationQuery,
): Promise<StationCalibration[]> {
  const from = query.from.getTime();
  const to = query.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw invalid(
      'calibration_window_not_dates',
      'the calibration window needs a start and an end that are dates',
    );
  }
  if (to <= from) {
    throw invalid(
      'calibration_window_backwards',
      'the calibration window must end after it starts (from {{from}}, to {{to}})',
      { from: query.from.toISOString(), to: query.to.toISOString() },
    );
  }
  if (to - from > MAX_CALIBRATION_DAYS * DAY_MS) {
    throw invalid(
      'calibration_window_too_long',
      'the calibration window is longer than {{maxDays}} days',
      { maxDays: MAX_CALIBRATION_DAYS },
    );
  }
  const plant = query.plant ?? (await currentPlant(db)).plant;
  const group = query.group ?? plant.site.code;
  const codes = query.lines ?? plant.lines.map((l) => l.code);
  const lines = codes.map((code) => {
    const line = plant.lines.find((l) => l.code === code);
    if (!line) {
      throw invalid('unknown_line', 'the plant has no line "{{line}}"', {
        line: code,
      }).withIssues([
        { path: 'lines', message: code, code: 'unknown_line', params: { line: code } },
      ]);
    }
    return line;
  });
  const out: StationCalibration[] = [];
  // One station at a time: its Counts/Good rows are most of what is read, and only one
  // station's are held at once.
  for (const line of lines) {
    for (const station of line.stations) {
      const rows = await readStationRows(db, group, line.code, station.code, from, to);
      const key = { group, line: line.code, station: station.code };
      out.push(stationCalibrationOf(key, rows, { from, to }));
    }
  }
  return out;
}

// metric_at as ms since the epoch, exactly (the column keeps milliseconds).
const AT = sql.raw('round(extract(epoch from metric_at) * 1000)::float8');

async function readStationRows(
  db: Database,
  group: string,
  line: string,
  station: string,
  from: number,
  to: number,
): Promise<StationEventRow[]> {
  const metrics = sql.join(
    Object.values(METRIC).map((m) => sql`${m}`),
    sql`, `,
  );
  // The (node, device, metric, metric_at) index serves each metric's range.
  const result = await db.execute(sql`
    select metric, ${AT} as at, value_number as number, value_text as text, birth
    from ${machineEvents}
    where node = ${line} and device = ${station} and metric in (${metrics})
      and metric_at >= ${new Date(from).toISOString()}::timestamptz
      and metric_at <= ${new Date(to).toISOString()}::timestamptz
      and group_id = ${group}
    order by metric_at, id`);
  // node-postgres and PGlite both answer a raw query with { rows }.
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return rows.map((r) => ({
    metric: r.metric as string,
    at: Number(r.at),
    number: r.number === null ? null : Number(r.number),
    text: (r.text as string | null) ?? null,
    birth: r.birth as boolean,
  }));
}

// ---------------------------------------------------------------------------------------------
// From rows to observations (pure).

/** The states that pause an open stop or uptime without ending it: a break, off shift. */
const PAUSE_STATES: ReadonlySet<string> = new Set(['planned_stop', 'idle']);

export interface StationObservations {
  /** Cycle times, minutes. */
  cycles: number[];
  cycleSource: StationCalibration['cycleSource'];
  cycleCv: number | null;
  uptimes: number[];
  repairs: number[];
  /** Every stop that began in the window, with its length in minutes when its end was seen too. */
  stops: { reason: string; minutes: number | null }[];
  runningMinutes: number;
  good: number;
  reject: number;
}

interface OpenStop {
  reason: string;
  downMs: number;
  /** False for a stop already under way when the window's data starts. */
  startSeen: boolean;
}

/** Order within one instant: counters, then the cycle report they belong to, then the state. */
const ORDER: Record<string, number> = {
  [METRIC.good]: 0,
  [METRIC.reject]: 0,
  [METRIC.cycleTime]: 1,
  [METRIC.state]: 2,
  [METRIC.reason]: 2,
};

/** A window of time, ms since the epoch, both ends included. */
export interface CalibrationWindow {
  from: number;
  to: number;
}

/**
 * A station's observations from its rows in time order (metric_at, then storage order) within
 * `window` (by default from the first row to the last): the last state reported lasts to its end.
 */
export function stationObservations(
  rows: readonly StationEventRow[],
  window?: CalibrationWindow,
): StationObservations {
  const cycleReports: CycleReport[] = [];
  const counted: number[] = [];
  const uptimes: number[] = [];
  const repairs: number[] = [];
  const stops: StationObservations['stops'] = [];
  let runningMs = 0;

  // Counters, and the units made by the last cycle report.
  let lastGood: number | null = null;
  let lastReject: number | null = null;
  let good = 0;
  let reject = 0;
  let unitsAtCycleReport: number | undefined;

  // States. `reasonReported` is State/Reason's current value, which changes on its own rows.
  let state: string | undefined;
  let reasonReported = '';
  let since = 0;
  let stop: OpenStop | undefined;
  /** Operating ms since the last stop ended; undefined until a stop's end has been seen. */
  let uptime: number | undefined;

  // Counted cycles: running time and units between count reports while the station ran throughout.
  let lastCountAt: number | undefined;
  let unitsAtCount = 0;
  let ranSinceCount = false;
  let spanMs = 0;
  let spanUnits = 0;

  const closeStop = () => {
    if (stop?.startSeen) {
      const minutes = stop.downMs > 0 ? stop.downMs / MINUTE_MS : null;
      if (minutes !== null) repairs.push(minutes);
      stops.push({ reason: stop.reason, minutes });
    }
    stop = undefined;
  };

  const enter = (at: number, next: string, reason: string) => {
    const elapsed = at - since;
    if (state === 'running') {
      runningMs += elapsed;
      if (uptime !== undefined) uptime += elapsed;
    }
    if (state === 'down' && stop) stop.downMs += elapsed;
    if (next !== 'running') ranSinceCount = false;
    since = at;
    const previous = state;
    state = next;
    if (next === 'down') {
      if (previous === 'down' && stop) {
        stop.reason = reason; // re-classified while down: the same stop
        return;
      }
      if (stop && previous !== undefined && PAUSE_STATES.has(previous)) {
        if (stop.reason === reason) return; // the stop goes on after a break
        closeStop();
      }
      // A new stop: the operating time since the last one ends here.
      if (uptime !== undefined && uptime > 0) uptimes.push(uptime / MINUTE_MS);
      uptime = undefined;
      stop = { reason, downMs: 0, startSeen: previous !== undefined };
      return;
    }
    if (PAUSE_STATES.has(next)) return;
    if (stop) {
      closeStop();
      uptime = 0;
    }
  };

  let i = 0;
  while (i < rows.length) {
    const at = (rows[i] as StationEventRow).at;
    let j = i;
    while (j < rows.length && (rows[j] as StationEventRow).at === at) j++;
    const instant = rows
      .slice(i, j)
      .sort((a, b) => (ORDER[a.metric] ?? 3) - (ORDER[b.metric] ?? 3));
    i = j;

    let nextState = state;
    let counts = false;
    for (const row of instant) {
      switch (row.metric) {
        case METRIC.good:
        case METRIC.reject: {
          if (row.number === null) break;
          if (row.metric === METRIC.good) {
            good += counterIncrement(lastGood, row.number, row.birth);
            lastGood = row.number;
          } else {
            reject += counterIncrement(lastReject, row.number, row.birth);
            lastReject = row.number;
          }
          counts = true;
          break;
        }
        case METRIC.cycleTime: {
          // A birth repeats the last value reported; only data messages are new reports.
          if (row.birth || row.number === null || !(row.number > 0)) break;
          const units = good + reject;
          // A report at the window's start is of cycles before it: only the units' baseline.
          if (window === undefined || at > window.from) {
            cycleReports.push({
              ms: row.number,
              units: unitsAtCycleReport === undefined ? undefined : units - unitsAtCycleReport,
            });
          }
          unitsAtCycleReport = units;
          break;
        }
        case METRIC.state:
          if (row.text !== null && row.text !== '') nextState = row.text;
          break;
        case METRIC.reason:
          reasonReported = row.text ?? '';
          break;
      }
    }
    if (counts) {
      const units = good + reject;
      // `state` is still the one in force since the last count report.
      if (lastCountAt !== undefined && ranSinceCount && state === 'running') {
        spanMs += at - lastCountAt;
        spanUnits += units - unitsAtCount;
        if (spanUnits >= MIN_UNITS_PER_COUNTED_CYCLE) {
          counted.push(spanMs / spanUnits / MINUTE_MS);
          spanMs = 0;
          spanUnits = 0;
        }
      } else {
        spanMs = 0;
        spanUnits = 0;
      }
      lastCountAt = at;
      unitsAtCount = units;
    }
    if (nextState !== undefined) {
      const reason = nextState === 'down' ? reasonReported : '';
      const current = stop && state === 'down' ? stop.reason : '';
      if (nextState !== state || (nextState === 'down' && reason !== current)) {
        enter(at, nextState, reason);
      }
    }
    // The next span of counts starts running if the station runs once this instant's changes are in.
    if (counts) ranSinceCount = state === 'running';
  }

  // The window ends: the state reported last runs to its end; a stop still open is counted, its
  // length unknown.
  const last = rows.at(-1)?.at;
  const until = Math.max(window?.to ?? last ?? 0, last ?? 0);
  if (state === 'running') runningMs += until - since;
  if (stop?.startSeen) stops.push({ reason: stop.reason, minutes: null });

  const fromMetric = cycleReports.length > 0;
  return {
    cycles: fromMetric ? cycleReports.map((c) => c.ms / MINUTE_MS) : counted,
    cycleSource: fromMetric
      ? 'cycle-time metric'
      : counted.length > 0
        ? 'counts over running time'
        : null,
    cycleCv: fromMetric ? perCartridgeCv(cycleReports) : null,
    uptimes,
    repairs,
    stops,
    runningMinutes: runningMs / MINUTE_MS,
    good,
    reject,
  };
}

interface CycleReport {
  /** The reported mean cycle time, ms. */
  ms: number;
  /** Units made since the previous report; undefined for the first one. */
  units: number | undefined;
}

/**
 * One cartridge's CV from successive interval means: Var(m_j) = σ²/k_j, so the difference of two
 * neighbours scaled by 1/k_j + 1/k_{j−1} is N(0, σ²) when the station kept its speed; the median
 * of the squares (over χ²₁'s median) ignores the minority of pairs across a change of speed,
 * which a mean of squares would count as variation (four to ten times the truth at stations that
 * catch up on their buffers in the simulator).
 */
function perCartridgeCv(reports: readonly CycleReport[]): number | null {
  let units = 0;
  let weighted = 0;
  const scaled: number[] = [];
  let previous: { ms: number; units: number } | undefined;
  for (const r of reports) {
    if (r.units === undefined || r.units <= 0) {
      previous = undefined;
      continue;
    }
    units += r.units;
    weighted += r.units * r.ms;
    if (previous) scaled.push((r.ms - previous.ms) ** 2 / (1 / r.units + 1 / previous.units));
    previous = { ms: r.ms, units: r.units };
  }
  if (scaled.length < MIN_FIT_SAMPLE) return null;
  scaled.sort((a, b) => a - b);
  const middle = scaled.length / 2;
  const median =
    scaled.length % 2 === 1
      ? (scaled[Math.floor(middle)] as number)
      : ((scaled[middle - 1] as number) + (scaled[middle] as number)) / 2;
  return Math.sqrt(median / CHI2_1_MEDIAN) / (weighted / units);
}

/** The median of χ² with one degree of freedom: of Z² for a standard normal Z. */
const CHI2_1_MEDIAN = 0.454936423119572;

// ---------------------------------------------------------------------------------------------
// From observations to a calibration (pure).

/** A station's calibration from its rows in time order within `window`. */
export function stationCalibrationOf(
  key: { group: string; line: string; station: string },
  rows: readonly StationEventRow[],
  window?: CalibrationWindow,
): StationCalibration {
  const o = stationObservations(rows, window);
  const unfitted: Unfitted[] = [];
  const fitted = (quantity: 'cycle' | 'uptime' | 'repair', sample: number[]): FitReport | null => {
    if (sample.length < MIN_FIT_SAMPLE) {
      unfitted.push(notEnoughData(quantity, sample.length));
      return null;
    }
    try {
      return fitDurations(sample);
    } catch (error) {
      // A sample without spread (every report the same) is data, not a failure of the window.
      if (error instanceof LotlineError && error.kind === 'invalid') {
        unfitted.push({
          quantity,
          code: error.code,
          params: error.params,
          text: `${quantity}: ${error.message}`,
        });
        return null;
      }
      throw error;
    }
  };
  const cycle = fitted('cycle', o.cycles);
  const uptime = fitted('uptime', o.uptimes);
  const repair = fitted('repair', o.repairs);
  const parts = o.good + o.reject;
  if (parts === 0) {
    unfitted.push({
      quantity: 'rejectRate',
      code: 'no_parts_counted',
      params: {},
      text: 'reject rate: not enough data (no parts counted)',
    });
  }
  if (cycle && o.cycleSource === 'cycle-time metric' && o.cycleCv === null) {
    unfitted.push({
      quantity: 'cycleCv',
      code: 'too_few_counted_reports',
      params: {},
      text: 'cycle CV: too few reports with their units counted',
    });
  }
  return {
    ...key,
    cycle,
    cycleSource: o.cycleSource,
    cycleCv: o.cycleCv,
    uptime,
    repair,
    rejectRate: parts > 0 ? o.reject / parts : null,
    observations: {
      cycles: o.cycles.length,
      stops: o.stops.length,
      uptimes: o.uptimes.length,
      repairs: o.repairs.length,
      parts,
      rejects: o.reject,
      runningMinutes: o.runningMinutes,
    },
    stopsByReason: stopsByReason(o.stops, o.runningMinutes),
    notes: unfitted.map((u) => u.text),
    unfitted,
  };
}

function notEnoughData(quantity: NoteQuantity, observations: number): Unfitted {
  const n = observations;
  return {
    quantity,
    code: 'not_enough_data',
    params: { observations: n, minimum: MIN_FIT_SAMPLE },
    text: `${quantity}: not enough data (${n} observation${n === 1 ? '' : 's'}, need ${MIN_FIT_SAMPLE})`,
  };
}

function stopsByReason(stops: StationObservations['stops'], runningMinutes: number): ReasonStops[] {
  const byReason = new Map<
    string,
    { stops: number; repairs: number; minutes: number; squares: number }
  >();
  for (const stop of stops) {
    const entry = byReason.get(stop.reason) ?? { stops: 0, repairs: 0, minutes: 0, squares: 0 };
    entry.stops += 1;
    if (stop.minutes !== null) {
      entry.repairs += 1;
      entry.minutes += stop.minutes;
      entry.squares += stop.minutes * stop.minutes;
    }
    byReason.set(stop.reason, entry);
  }
  return [...byReason.entries()]
    .map(([reason, e]) => ({
      reason,
      stops: e.stops,
      meanMinutesBetween: runningMinutes > 0 ? runningMinutes / e.stops : null,
      repairs: e.repairs,
      meanRepairMinutes: e.repairs > 0 ? e.minutes / e.repairs : null,
      sdRepairMinutes:
        e.repairs > 1
          ? Math.sqrt(
              Math.max(0, (e.squares - (e.minutes * e.minutes) / e.repairs) / (e.repairs - 1)),
            )
          : null,
    }))
    .sort((a, b) => b.stops - a.stops || a.reason.localeCompare(b.reason));
}

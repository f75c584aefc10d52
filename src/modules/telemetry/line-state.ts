// How the machines' reports are read — what a line is doing, from what its
// stations report, and what a cumulative counter added — one rule for the
// live floor (ingest's projections, live.ts) and for the KPIs, timelines and
// Pareto (production's machine-data.ts), so the tile and the timeline never
// disagree. Pure.
//
// - The line produces when its output station, the last in flow order,
//   produces: the line's state is the output station's State (with its
//   State/Reason); a station upstream that stops shows in the line only once
//   its buffers no longer feed the output.
// - When the output station is starved, the line takes the state and reason
//   of the station that starves it: the nearest station upstream that is not
//   itself starved, if that one is down, in setup, in a planned stop or idle.
//   Starved behind a running (slower) station stays starved, without a
//   reason: a speed loss, not a stop.

/** What one station last reported. */
export interface StationReport {
  state: string | null | undefined;
  reason: string | null | undefined;
}

export interface LineReading {
  state: string;
  /** A reason code, for the states that carry one; otherwise undefined. */
  reason: string | undefined;
}

// States in which State/Reason carries a reason code (contract.ts, STATES_WITH_REASON).
const REASONED_STATES: ReadonlySet<string> = new Set(['down', 'setup', 'planned_stop']);
// States of a station upstream that, starving the output, are the line's state.
const CAUSING_STATES: ReadonlySet<string> = new Set(['down', 'setup', 'planned_stop', 'idle']);

function readingOf(report: StationReport): LineReading | undefined {
  if (report.state === undefined || report.state === null) return undefined;
  const reason = REASONED_STATES.has(report.state) && report.reason ? report.reason : undefined;
  return { state: report.state, reason };
}

/** The line's state from its stations' reports, in flow order; undefined before the output station reported. */
export function lineReading(stations: readonly StationReport[]): LineReading | undefined {
  const output = stations.at(-1);
  if (!output) return undefined;
  if (output.state === 'starved') {
    for (let i = stations.length - 2; i >= 0; i--) {
      const upstream = stations[i] as StationReport;
      if (upstream.state === 'starved') continue;
      if (upstream.state && CAUSING_STATES.has(upstream.state)) return readingOf(upstream);
      break;
    }
  }
  return readingOf(output);
}

/**
 * What a cumulative counter added since its last value. Counters never fall
 * within a birth (contract.ts); a lower value in a birth means the machine
 * started counting again, so all of it is new. A lower value outside a birth
 * breaks the contract and adds nothing.
 */
export function counterIncrement(last: number | null, value: number, birth: boolean): number {
  if (last === null) return 0;
  if (value >= last) return value - last;
  return birth ? value : 0;
}

/**
 * The same rule when several ingest processes commit one station's reports
 * out of order: the counter's last value only rises within a birth, so the
 * increment is how far a value passes the highest seen, which is the same in
 * any order. A lower value in a birth is a machine that started counting
 * again (all of it new, and the new level); a lower value outside a birth is
 * an older report committed late, and adds nothing.
 */
export function sharedCounterStep(
  last: number | null,
  value: number,
  birth: boolean,
): { increment: number; last: number } {
  if (last === null) return { increment: 0, last: value };
  if (value >= last) return { increment: value - last, last: value };
  return birth ? { increment: value, last: value } : { increment: 0, last };
}

// Station behaviour measured from machine data, as plain numbers (they cross
// to worker threads), and the twin's assumptions made from them. Where a
// station's data is too thin the uncalibrated placeholder stands, and the
// assumptions' name says how many stations were calibrated.
import type { StationCalibration } from './calibration.js';
import { lognormal } from './distributions.js';
import type { Assumptions, StationBehaviour } from './plant-model.js';
import { UNCALIBRATED } from './scenario.js';

export interface MeasuredBehaviour {
  readonly line: string;
  readonly station: string;
  /** Coefficient of variation of one cartridge's cycle. */
  readonly cycleCv: number | null;
  /** Operating minutes between stops, on average. */
  readonly meanMinutesBetweenStops: number | null;
  /** Minutes a stop lasts: mean and standard deviation of the observed stops. */
  readonly repairMeanMinutes: number | null;
  readonly repairSdMinutes: number | null;
  readonly rejectRate: number | null;
}

export function behaviourFromCalibration(
  calibrations: readonly StationCalibration[],
): MeasuredBehaviour[] {
  return calibrations.map((c) => ({
    line: c.line,
    station: c.station,
    cycleCv: c.cycleCv,
    // Sample means, not the best fit's: restarts and repairs mixed fit no single family (see calibration.ts).
    meanMinutesBetweenStops: c.uptime?.summary.mean ?? null,
    repairMeanMinutes: c.repair?.summary.mean ?? null,
    repairSdMinutes: c.repair?.summary.sd ?? null,
    rejectRate: c.rejectRate,
  }));
}

export function assumptionsFrom(
  measured: readonly MeasuredBehaviour[],
  fallback: Assumptions = UNCALIBRATED,
): Assumptions {
  const byStation = new Map(measured.map((m) => [`${m.line}/${m.station}`, m]));
  const complete = measured.filter(
    (m) => m.cycleCv !== null && m.meanMinutesBetweenStops !== null && m.repairMeanMinutes !== null,
  );
  return {
    ...fallback,
    name:
      measured.length === 0
        ? fallback.name
        : `calibrated from machine data (${complete.length} of ${measured.length} stations; the rest: ${fallback.name})`,
    station(line, station, kind): StationBehaviour {
      const base = fallback.station(line, station, kind);
      const m = byStation.get(`${line}/${station}`);
      if (!m) return base;
      const stopsMeasured =
        m.meanMinutesBetweenStops !== null &&
        m.repairMeanMinutes !== null &&
        m.repairMeanMinutes > 0;
      return {
        cycleCv: m.cycleCv ?? base.cycleCv,
        stops: stopsMeasured
          ? [
              {
                meanMinutesBetween: m.meanMinutesBetweenStops as number,
                // Moment-matched: keeps the observed mean and spread of stop lengths.
                repair: lognormal(
                  m.repairMeanMinutes as number,
                  Math.max(1e-6, m.repairSdMinutes ?? (m.repairMeanMinutes as number)),
                ),
              },
            ]
          : base.stops,
        rejectRate: m.rejectRate ?? base.rejectRate,
      };
    },
  };
}

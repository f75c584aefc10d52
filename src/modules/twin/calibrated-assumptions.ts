// Station behaviour measured from machine data, as plain numbers (they cross
// to worker threads), and the twin's assumptions made from them. Where a
// station's data is too thin the uncalibrated placeholder stands, and the
// assumptions say how many stations were calibrated. Stops measured
// by reason (micro-stops, each kind of breakdown) become stop processes of
// their own, each with its rate and its repair; without reasons, the stops
// together are one process.
import type { StationCalibration } from './calibration.js';
import { lognormal } from './distributions.js';
import type { Assumptions, StationBehaviour } from './plant-model.js';
import { type StatedAssumptions, UNCALIBRATED } from './scenario.js';

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
  /** Stops by reason: operating minutes between them, and how long they last (mean, standard deviation). */
  readonly stopsByReason?: readonly {
    readonly reason: string;
    readonly meanMinutesBetween: number | null;
    readonly repairMeanMinutes: number | null;
    readonly repairSdMinutes: number | null;
  }[];
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
    stopsByReason: c.stopsByReason.map((r) => ({
      reason: r.reason,
      meanMinutesBetween: r.meanMinutesBetween,
      repairMeanMinutes: r.meanRepairMinutes,
      repairSdMinutes: r.sdRepairMinutes,
    })),
  }));
}

export function assumptionsFrom(
  measured: readonly MeasuredBehaviour[],
  fallback: StatedAssumptions = UNCALIBRATED,
): Assumptions {
  const byStation = new Map(measured.map((m) => [`${m.line}/${m.station}`, m]));
  const complete = measured.filter(
    (m) => m.cycleCv !== null && m.meanMinutesBetweenStops !== null && m.repairMeanMinutes !== null,
  );
  return {
    ...fallback,
    behaviour:
      measured.length === 0
        ? fallback.behaviour
        : {
            kind: 'calibrated',
            complete: complete.length,
            stations: measured.length,
            rest: fallback.behaviour.kind,
            ...(fallback.behaviour.buffers === undefined
              ? {}
              : { buffers: fallback.behaviour.buffers }),
          },
    station(line, station, kind): StationBehaviour {
      const base = fallback.station(line, station, kind);
      const m = byStation.get(`${line}/${station}`);
      if (!m) return base;
      const stopsMeasured =
        m.meanMinutesBetweenStops !== null &&
        m.repairMeanMinutes !== null &&
        m.repairMeanMinutes > 0;
      // Moment-matched: keeps the observed mean and spread of stop lengths.
      const repair = (mean: number, sd: number | null) =>
        lognormal(mean, Math.max(1e-6, sd ?? mean));
      // A reason whose stops never ended in the window lasts as long as the station's stops do.
      const byReason = (m.stopsByReason ?? []).flatMap((r) => {
        const mean = r.repairMeanMinutes ?? m.repairMeanMinutes;
        return r.meanMinutesBetween !== null &&
          r.meanMinutesBetween > 0 &&
          mean !== null &&
          mean > 0
          ? [
              {
                reason: r.reason,
                meanMinutesBetween: r.meanMinutesBetween,
                repair: repair(
                  mean,
                  r.repairMeanMinutes === null ? m.repairSdMinutes : r.repairSdMinutes,
                ),
              },
            ]
          : [];
      });
      return {
        cycleCv: m.cycleCv ?? base.cycleCv,
        stops:
          byReason.length > 0
            ? byReason
            : stopsMeasured
              ? [
                  {
                    meanMinutesBetween: m.meanMinutesBetweenStops as number,
                    repair: repair(m.repairMeanMinutes as number, m.repairSdMinutes),
                  },
                ]
              : base.stops,
        rejectRate: m.rejectRate ?? base.rejectRate,
      };
    },
  };
}

/** The reason a station's breakdowns carry when they come from the maintenance records. */
export const MAINTENANCE_BREAKDOWNS = 'breakdowns (maintenance records)';

/** A station's breakdowns as the maintenance module measured them (machine data and closed requests). */
export interface RecordedBreakdowns {
  readonly line: string;
  readonly station: string;
  /** Operating minutes per breakdown; null without one. */
  readonly mtbfMinutes: number | null;
  /** Known repair times, minutes. */
  readonly repairMinutes: readonly number[];
}

/**
 * Breakdowns from the maintenance records instead of the machine data's
 * breakdown reasons, where the records hold any: their repair times are the
 * technicians' (back in service, or the request closed), and a breakdown is
 * counted once however many stop reports it took. Micro-stops and other
 * stops stay as the machine data measured them.
 */
export function withRecordedBreakdowns(
  measured: readonly MeasuredBehaviour[],
  recorded: readonly RecordedBreakdowns[],
  breakdownReasons: ReadonlySet<string>,
): MeasuredBehaviour[] {
  const byStation = new Map(recorded.map((r) => [`${r.line}/${r.station}`, r]));
  return measured.map((m) => {
    const r = byStation.get(`${m.line}/${m.station}`);
    if (!r || r.mtbfMinutes === null || r.repairMinutes.length === 0) return m;
    const n = r.repairMinutes.length;
    const mean = r.repairMinutes.reduce((sum, x) => sum + x, 0) / n;
    const sd =
      n > 1
        ? Math.sqrt(r.repairMinutes.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1))
        : null;
    const others = (m.stopsByReason ?? []).filter((s) => !breakdownReasons.has(s.reason));
    return {
      ...m,
      stopsByReason: [
        ...others,
        {
          reason: MAINTENANCE_BREAKDOWNS,
          meanMinutesBetween: r.mtbfMinutes,
          repairMeanMinutes: mean,
          repairSdMinutes: sd,
        },
      ],
    };
  });
}

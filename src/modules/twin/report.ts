// What a scenario's replications say: annual output per product with a 95 %
// confidence interval (Student's t over independent replications), OEE per
// line on the ISO 22400 time model, each station's shares of time, and the
// bottleneck. Pure.
import type { ReplicationResult } from './plant-run.js';
import type { BuiltScenario } from './scenario.js';

export interface Interval {
  readonly mean: number;
  readonly sd: number;
  /** The 95 % confidence interval of the mean. */
  readonly low: number;
  readonly high: number;
}

export interface StationShares {
  readonly station: string;
  readonly busy: number;
  readonly blocked: number;
  readonly starved: number;
  readonly down: number;
}

export interface LineReport {
  readonly line: string;
  readonly workingMinutes: number;
  readonly changeoverMinutes: number;
  readonly produced: Interval;
  /** Good output over planned busy time × the rated mix rate, and its factors. */
  readonly oee: number;
  readonly availability: number;
  readonly performance: number;
  readonly quality: number;
  /** The station least often blocked or starved: where the line's pace is set. */
  readonly bottleneck: string;
  readonly stations: StationShares[];
}

export interface ScenarioReport {
  readonly scenario: string;
  readonly description: string;
  readonly year: number;
  readonly assumptions: string;
  readonly replications: number;
  readonly products: {
    product: string;
    output: Interval;
    demand: number | null;
    shortfall: number | null;
    perReplication: number[];
  }[];
  readonly total: Interval;
  readonly lines: LineReport[];
  readonly eventsPerReplication: number;
}

/** Two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom; 1.96 beyond. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

export function interval(values: readonly number[]): Interval {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n);
  if (n < 2) return { mean, sd: 0, low: mean, high: mean };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const t = n - 1 <= T95.length ? (T95[n - 2] as number) : 1.96;
  const half = (t * sd) / Math.sqrt(n);
  return { mean, sd, low: mean - half, high: mean + half };
}

export function scenarioReport(
  built: BuiltScenario,
  runs: readonly ReplicationResult[],
): ScenarioReport {
  const { model } = built;
  const products = [...new Set(model.segments.map((s) => s.product))];
  const productReports = products.map((product) => {
    const perReplication = runs.map((r) =>
      r.segments.filter((s) => s.product === product).reduce((sum, s) => sum + s.produced, 0),
    );
    const output = interval(perReplication);
    const demand = built.demand?.[product] ?? null;
    return {
      product,
      output,
      demand,
      shortfall: demand === null ? null : Math.max(0, demand - output.mean),
      perReplication,
    };
  });
  const lines = model.lines.map((line): LineReport => {
    const segments = model.segments.filter((s) => s.line === line.line);
    const ratedMix =
      segments.reduce((sum, s) => sum + s.minutes * s.ratePerMinute, 0) /
      Math.max(
        1,
        segments.reduce((sum, s) => sum + s.minutes, 0),
      );
    const produced = interval(
      runs.map((r) =>
        r.segments.filter((s) => s.line === line.line).reduce((sum, s) => sum + s.produced, 0),
      ),
    );
    const rejected =
      runs.reduce(
        (sum, r) =>
          sum + r.segments.filter((s) => s.line === line.line).reduce((a, s) => a + s.rejected, 0),
        0,
      ) / Math.max(1, runs.length);
    // Station shares, weighted by each segment's minutes and averaged over replications.
    const names = segments[0]?.spec.stations.map((s) => s.name) ?? [];
    const totalMinutes = segments.reduce((sum, s) => sum + s.minutes, 0) * runs.length;
    const stations = names.map((station, i): StationShares => {
      const share = (key: 'busy' | 'blocked' | 'starved' | 'down') =>
        runs.reduce(
          (sum, r) =>
            sum +
            r.segments
              .filter((s) => s.line === line.line)
              .reduce((a, s) => a + s.minutes * ((s.stations[i]?.[key] as number) ?? 0), 0),
          0,
        ) / Math.max(1e-9, totalMinutes);
      return {
        station,
        busy: share('busy'),
        blocked: share('blocked'),
        starved: share('starved'),
        down: share('down'),
      };
    });
    const bottleneck = [...stations].sort(
      (a, b) => a.blocked + a.starved - (b.blocked + b.starved),
    )[0];
    const planned = line.workingMinutes;
    const producing = segments.reduce((sum, s) => sum + s.minutes, 0);
    const lostToStops = producing * (bottleneck?.down ?? 0);
    const availability = planned > 0 ? (producing - lostToStops) / planned : 0;
    const good = produced.mean;
    const quality = good + rejected > 0 ? good / (good + rejected) : 1;
    const oee = planned > 0 && ratedMix > 0 ? good / (planned * ratedMix) : 0;
    const performance = availability > 0 && quality > 0 ? oee / (availability * quality) : 0;
    return {
      line: line.line,
      workingMinutes: planned,
      changeoverMinutes: line.changeoverMinutes,
      produced,
      oee,
      availability,
      performance,
      quality,
      bottleneck: bottleneck?.station ?? '',
      stations,
    };
  });
  return {
    scenario: built.input.scenario,
    description: built.description,
    year: model.year,
    assumptions: model.assumptions,
    replications: runs.length,
    products: productReports,
    total: interval(runs.map((r) => r.produced)),
    lines,
    eventsPerReplication: runs.reduce((sum, r) => sum + r.events, 0) / Math.max(1, runs.length),
  };
}

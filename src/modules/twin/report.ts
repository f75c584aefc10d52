// What a scenario's replications say: annual output per product with a 95 %
// confidence interval (Student's t over independent replications), OEE per
// line on the ISO 22400 time model, each station's shares of time, and the
// bottleneck. Pure.
import { type Assumed, behaviourInEnglish, supplyInEnglish } from './assumed.js';
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
  /** Being changed over to another product. */
  readonly changeover: number;
}

export interface LineReport {
  readonly line: string;
  readonly workingMinutes: number;
  /** Working minutes the line spent changing product, on average over replications. */
  readonly changeoverMinutes: number;
  /** Working minutes its first station waited for a component, on average. */
  readonly materialStarvedMinutes: number;
  /** The components it waited for (in any replication). */
  readonly shortOf: string[];
  readonly produced: Interval;
  /** Good output over planned busy time × the rated mix rate, and its factors. */
  readonly oee: number;
  /** Planned busy time less changeovers, waiting for material and the bottleneck's stops, over planned busy time. */
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
  /** How the stations were assumed to behave, in English ("uncalibrated defaults"). */
  readonly assumptions: string;
  /** How components are assumed to reach the lines, in English. */
  readonly supply: string;
  /** The two in data, for a client to word in its reader's language. */
  readonly assumed: Assumed;
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
  const products = [
    ...new Set(
      model.lines.flatMap((l) => l.products.filter((p) => p.share > 0).map((p) => p.product)),
    ),
  ];
  const mean = (values: readonly number[]) =>
    values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const productReports = products.map((product) => {
    const perReplication = runs.map((r) =>
      r.lines.reduce(
        (sum, l) =>
          sum + l.products.reduce((a, p) => a + (p.product === product ? p.produced : 0), 0),
        0,
      ),
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
  const lines = model.lines.map((line, l): LineReport => {
    const results = runs.map((r) => r.lines[l]).filter((x) => x !== undefined);
    const planned = line.workingMinutes;
    const shares = line.products.reduce((sum, p) => sum + p.share, 0);
    const ratedMix =
      shares > 0
        ? line.products.reduce((sum, p) => sum + p.share * p.ratePerMinute, 0) / shares
        : 0;
    const produced = interval(results.map((r) => r.produced));
    const rejected = mean(results.map((r) => r.rejected));
    const changeoverMinutes = mean(results.map((r) => r.changeoverMinutes));
    const materialStarvedMinutes = mean(results.map((r) => r.materialStarvedMinutes));
    const stations = line.spec.stations.map((station, i): StationShares => {
      const share = (key: 'busy' | 'blocked' | 'starved' | 'down' | 'changeover') =>
        mean(results.map((r) => r.stations[i]?.[key] ?? 0));
      return {
        station: station.name,
        busy: share('busy'),
        blocked: share('blocked'),
        starved: share('starved'),
        down: share('down'),
        changeover: share('changeover'),
      };
    });
    const bottleneck = [...stations].sort(
      (a, b) => a.blocked + a.starved - (b.blocked + b.starved),
    )[0];
    const lost = planned > 0 ? (changeoverMinutes + materialStarvedMinutes) / planned : 0;
    const availability = planned > 0 ? Math.max(0, 1 - lost - (bottleneck?.down ?? 0)) : 0;
    const good = produced.mean;
    const quality = good + rejected > 0 ? good / (good + rejected) : 1;
    const oee = planned > 0 && ratedMix > 0 ? good / (planned * ratedMix) : 0;
    const performance = availability > 0 && quality > 0 ? oee / (availability * quality) : 0;
    return {
      line: line.line,
      workingMinutes: planned,
      changeoverMinutes,
      materialStarvedMinutes,
      shortOf: [...new Set(results.flatMap((r) => r.shortOf))],
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
    assumptions: behaviourInEnglish(model.assumed.behaviour),
    supply: supplyInEnglish(model.assumed.supply),
    assumed: model.assumed,
    replications: runs.length,
    products: productReports,
    total: interval(runs.map((r) => r.produced)),
    lines,
    eventsPerReplication: mean(runs.map((r) => r.events)),
  };
}

// The plant as the twin simulates it, built from the plant's master data:
// each line's stations in the plant file's order, their nominal rates, the
// product's rated line rate, the product mix, the line's shift calendar,
// holidays and planned maintenance. Behaviour the plant file does not hold
// (variability, stops, failures, rejects, buffers) comes from assumptions:
// "rated" (deterministic at the rated rate, nothing lost: the rated-capacity
// figure) or measured ones (calibration from machine data). Pure.
//
// Time is the line's working time in minutes: shifts less breaks, holidays
// and maintenance, as rated capacity counts it. Lines only pause between
// shifts, so a year is simulated as its working minutes one after another,
// and a failure's clock runs in working time.
//
// A simulated unit is a tray of `unit` cartridges (100 by default): a line
// makes about 18 million a year, and one event per cartridge per station
// would be 130 million events a line-year. A tray's cycle is the sum of its
// cartridges' cycles.
import type { PlantFile } from '../plant/index.js';
import { ShiftCalendar } from '../plant/index.js';
import { constant, type Distribution, gamma } from './distributions.js';
import type { LineSpec, StationSpec } from './serial-line.js';

/** How the stations behave beyond their rates; per cartridge unless said. */
export interface StationBehaviour {
  /** Coefficient of variation of one cartridge's cycle time (0: deterministic). */
  readonly cycleCv: number;
  /** Operating minutes between stops (micro-stops and breakdowns alike), and minutes to restart or repair. */
  readonly stops: readonly { readonly meanMinutesBetween: number; readonly repair: Distribution }[];
  /** Share of cartridges rejected at the station. */
  readonly rejectRate: number;
}

export interface Assumptions {
  readonly name: string;
  /** Cartridges per simulated unit. */
  readonly unit: number;
  /** Buffer after each station, in cartridges. */
  readonly bufferCartridges: number;
  readonly station: (line: string, station: string, kind: string) => StationBehaviour;
  /** Changeovers a year on a line that makes several products (each way). */
  readonly campaignsPerYear: number;
}

/** The rating's assumptions: every station exactly at pace, nothing lost, no changeovers. */
export const RATED: Assumptions = {
  name: 'rated',
  unit: 100,
  bufferCartridges: 2000,
  station: () => ({ cycleCv: 0, stops: [], rejectRate: 0 }),
  campaignsPerYear: 0,
};

/** One run of a line making one product: the line's spec and how many working minutes it runs. */
export interface LineSegment {
  readonly line: string;
  readonly product: string;
  readonly spec: LineSpec;
  readonly minutes: number;
  /** Cartridges per simulated unit (the spec's time unit is the minute, its parts are trays). */
  readonly unit: number;
  readonly ratePerMinute: number;
}

export interface PlantModel {
  readonly year: number;
  readonly assumptions: string;
  readonly segments: readonly LineSegment[];
  /** Working minutes of each line in the year, and the minutes its changeovers take from them. */
  readonly lines: readonly { line: string; workingMinutes: number; changeoverMinutes: number }[];
}

const MINUTE_MS = 60_000;

/** Working minutes of a line in a year (or in it before the local date `until`): its shift windows less breaks, holidays and maintenance. */
export function workingMinutes(
  plant: PlantFile,
  lineCode: string,
  year: number,
  until?: string,
): number {
  const line = plant.lines.find((l) => l.code === lineCode);
  if (!line) throw new Error(`no line ${lineCode}`);
  const calendar = new ShiftCalendar(plant, line);
  // The plant's local year: from its first to its last local midnight.
  const from = Date.parse(`${year}-01-01T00:00:00Z`) - 14 * 3_600_000;
  const to = Date.parse(`${year + 1}-01-01T00:00:00Z`) + 14 * 3_600_000;
  let minutes = 0;
  for (const w of calendar.windowsBetween(from, to)) {
    if (w.date.startsWith(String(year)) && (until === undefined || w.date < until)) {
      minutes += (w.end - w.start) / MINUTE_MS;
    }
  }
  return minutes;
}

export function buildPlantModel(
  plant: PlantFile,
  year: number,
  assumptions: Assumptions,
): PlantModel {
  const segments: LineSegment[] = [];
  const lines: PlantModel['lines'][number][] = [];
  for (const line of plant.lines) {
    const minutes = workingMinutes(plant, line.code, year);
    // Changeovers: a campaign of each product per cycle, each changeover its own length.
    let changeoverMinutes = 0;
    if (line.products.length > 1) {
      for (const from of line.products) {
        for (const to of line.products) {
          if (from.product === to.product) continue;
          const c = line.changeovers.find((x) => x.from === from.product && x.to === to.product);
          changeoverMinutes +=
            (assumptions.campaignsPerYear * (c?.minutes ?? line.defaultChangeoverMinutes ?? 0)) /
            (line.products.length - 1);
        }
      }
    }
    const producing = Math.max(0, minutes - changeoverMinutes);
    lines.push({ line: line.code, workingMinutes: minutes, changeoverMinutes });
    const slowest = Math.min(...line.stations.map((s) => s.ratePerMinute));
    for (const product of line.products) {
      const share = product.share ?? 1 / line.products.length;
      // The line runs at the product's rated pace: every station slowed in proportion, the slowest at that pace.
      const pace = product.ratePerMinute / slowest;
      const stations: StationSpec[] = line.stations.map((station) => {
        const behaviour = assumptions.station(line.code, station.code, station.kind);
        const unitCycle = assumptions.unit / (station.ratePerMinute * pace);
        const stops = behaviour.stops;
        if (stops.length > 1) throw new Error('one kind of stop per station for now');
        const stop = stops[0];
        return {
          name: station.code,
          cycle: trayCycle(unitCycle, behaviour.cycleCv, assumptions.unit),
          ...(stop
            ? {
                failure: {
                  timeToFailure: gammaOrConstant(stop.meanMinutesBetween, 1),
                  timeToRepair: stop.repair,
                  basis: 'operating' as const,
                },
              }
            : {}),
          // Trays are rejected whole at the cartridge reject rate: the expected loss is the same.
          ...(behaviour.rejectRate > 0 ? { rejectProbability: behaviour.rejectRate } : {}),
        };
      });
      const buffer = Math.max(0, Math.round(assumptions.bufferCartridges / assumptions.unit));
      segments.push({
        line: line.code,
        product: product.product,
        spec: {
          name: `${line.code}/${product.product}`,
          stations,
          buffers: stations.slice(1).map(() => buffer),
        },
        minutes: producing * share,
        unit: assumptions.unit,
        ratePerMinute: product.ratePerMinute,
      });
    }
  }
  return { year, assumptions: assumptions.name, segments, lines };
}

/** A tray's cycle: the sum of `unit` cartridge cycles of mean m and CV cv — gamma with the same mean and variance. */
function trayCycle(mean: number, cv: number, unit: number): Distribution {
  if (cv <= 0) return constant(mean);
  const trayCv = cv / Math.sqrt(unit);
  const shape = 1 / (trayCv * trayCv);
  return gamma(shape, mean / shape);
}

/** Exponential (shape 1) or any gamma with the given mean; a constant when shape is infinite. */
function gammaOrConstant(mean: number, shape: number): Distribution {
  return Number.isFinite(shape) ? gamma(shape, mean / shape) : constant(mean);
}

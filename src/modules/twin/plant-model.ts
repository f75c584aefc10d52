// The plant as the twin simulates it, built from the plant's master data:
// each line's stations in the plant file's order, their nominal rates, the
// products' rated line rates, the product mix as campaigns with the plant
// file's changeover times between them, the line's shift calendar, holidays
// and planned maintenance, and the components each product takes from its
// bill of materials. Behaviour the plant file does not hold (variability,
// stops, rejects, buffers, how often the product changes, how components
// are replenished) comes from assumptions: "rated" (deterministic at the
// rated rate, nothing lost: the rated-capacity figure) or measured ones
// (calibration from machine data) over stated placeholders. Pure.
//
// Time is the line's working time in minutes: shifts less breaks, holidays
// and maintenance, as rated capacity counts it. The line only works in its
// shifts, so its year is simulated as its working minutes one after another;
// what goes on while it stands (a repair under way, a calendar-time clock to
// failure) goes on through the off-shift gaps between them (`offShift`).
//
// A simulated unit is a tray of `unit` cartridges (100 by default): a line
// makes about 18 million a year, and one event per cartridge per station
// would be 130 million events a line-year. A tray's cycle is the sum of its
// cartridges' cycles.
import { addDays } from '../../core/dates.js';
import type { PlantFile } from '../plant/index.js';
import { ShiftCalendar } from '../plant/index.js';
import type { Assumed, AssumedBehaviour } from './assumed.js';
import { constant, type Distribution, gamma } from './distributions.js';
import type { LineSpec, StationSpec, StopProcess } from './serial-line.js';

/** One way a station stops: its own clock to the next stop and its own repair. */
export interface StopBehaviour {
  /** What stops it (a reason code such as MICRO, or a kind of breakdown); names its random stream. */
  readonly reason?: string;
  /** Minutes between stops, on average (exponential): operating minutes, or calendar minutes. */
  readonly meanMinutesBetween: number;
  /** Minutes to restart or repair. */
  readonly repair: Distribution;
  /** Operating (the default): the clock runs only while the station works. */
  readonly basis?: 'operating' | 'calendar';
}

/** How the stations behave beyond their rates; per cartridge unless said. */
export interface StationBehaviour {
  /** Coefficient of variation of one cartridge's cycle time (0: deterministic). */
  readonly cycleCv: number;
  /** Independent stop processes (micro-stops and breakdowns apart, when measured so). */
  readonly stops: readonly StopBehaviour[];
  /** Share of cartridges rejected at the station. */
  readonly rejectRate: number;
}

/** How a line's components are replenished: periodic review, order up to a stock position, a lead time. */
export interface SupplyAssumption {
  /** Days between reviews of a line's stock; each review orders what restores the position. */
  readonly reviewDays: number;
  /** Calendar days from an order to its delivery at the line. */
  readonly leadTimeDays: number;
  /** The stock position (on hand and on order) each order restores, in days of the line's use at its rated mix; the year starts with it on hand. */
  readonly stockDays: number;
}

export interface Assumptions {
  /** What they are, for the report: the rating, the placeholders, or calibrated over one of them. */
  readonly behaviour: AssumedBehaviour;
  /** Cartridges per simulated unit. */
  readonly unit: number;
  /** Buffer after each station, in cartridges. */
  readonly bufferCartridges: number;
  readonly station: (line: string, station: string, kind: string) => StationBehaviour;
  /** Campaign cycles a year on a line that makes several products: each cycle makes each product once. */
  readonly campaignsPerYear: number;
  /** Whether a change of product takes the plant file's changeover time (the rating takes none). */
  readonly changeovers: boolean;
  /** How components reach the lines; null: they never run short (the rating's view). */
  readonly supply: SupplyAssumption | null;
}

/** The rating's assumptions: every station exactly at pace, nothing lost, no changeover time, never short of components. */
export const RATED: Assumptions = {
  behaviour: { kind: 'rated' },
  unit: 100,
  bufferCartridges: 2000,
  station: () => ({ cycleCv: 0, stops: [], rejectRate: 0 }),
  campaignsPerYear: 1,
  changeovers: false,
  supply: null,
};

/** A product as a line makes it: its pace at each station and the components a tray takes. */
export interface ProductPlan {
  readonly product: string;
  readonly ratePerMinute: number;
  /** Share of the line's time planned for it (the rated mix). */
  readonly share: number;
  /** A tray's cycle at each station at this product's pace. */
  readonly cycles: readonly Distribution[];
  /** Each of the line's materials (`LineSupplyPlan.materials`) a tray takes. */
  readonly perTray: readonly number[];
}

/** A campaign: the change into a product, then the product until the planned end. */
export interface Campaign {
  /** Index into the line's products. */
  readonly product: number;
  readonly changeoverMinutes: number;
  /** Working minute at which the line stops taking in this product and runs out. */
  readonly end: number;
}

export interface LineSupplyPlan {
  readonly materials: readonly string[];
  /** Per material: the stock position each order restores, and the stock on hand at the start. */
  readonly target: readonly number[];
  /** Per material: what the line uses a calendar day at its rated mix. */
  readonly perDay: readonly number[];
  /** Each review (an order) and its delivery, in working minutes (Infinity: after the year). */
  readonly reviews: readonly { readonly at: number; readonly arrives: number }[];
  /** A supplier's stop: from `at`, the materials' stock is `stock` and nothing more arrives. */
  readonly stop: {
    readonly at: number;
    readonly materials: readonly number[];
    readonly stock: readonly number[];
  } | null;
}

/** One line's year. */
export interface LineModel {
  readonly line: string;
  /** The stations (set up for the first campaign's product) and buffers, in trays. */
  readonly spec: LineSpec;
  /** Cartridges per simulated unit (the spec's time unit is the minute, its parts are trays). */
  readonly unit: number;
  readonly workingMinutes: number;
  readonly products: readonly ProductPlan[];
  readonly campaigns: readonly Campaign[];
  /** Where the line stands between shifts: at working minute `at`, for `minutes` of calendar time. */
  readonly offShift: readonly { readonly at: number; readonly minutes: number }[];
  readonly supply: LineSupplyPlan | null;
}

export interface PlantModel {
  readonly year: number;
  /** How the stations are assumed to behave and how components reach the lines. */
  readonly assumed: Assumed;
  readonly lines: readonly LineModel[];
}

/** A supplier delivering nothing from a date, leaving `coverDays` of the lines' rated use of its materials. */
export interface SupplierStop {
  readonly materials: readonly string[];
  /** The first local date without deliveries. */
  readonly from: string;
  readonly coverDays: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface Window {
  readonly start: number;
  readonly end: number;
  readonly date: string;
}

/** The line's production windows of a year (or of it before the local date `until`). */
function yearWindows(plant: PlantFile, lineCode: string, year: number, until?: string): Window[] {
  const line = plant.lines.find((l) => l.code === lineCode);
  if (!line) throw new Error(`no line ${lineCode}`);
  const calendar = new ShiftCalendar(plant, line);
  // The plant's local year: from its first to its last local midnight.
  const from = Date.parse(`${year}-01-01T00:00:00Z`) - 14 * 3_600_000;
  const to = Date.parse(`${year + 1}-01-01T00:00:00Z`) + 14 * 3_600_000;
  return calendar
    .windowsBetween(from, to)
    .filter((w) => w.date.startsWith(String(year)) && (until === undefined || w.date < until));
}

/** Working minutes of a line in a year (or in it before the local date `until`): its shift windows less breaks, holidays and maintenance. */
export function workingMinutes(
  plant: PlantFile,
  lineCode: string,
  year: number,
  until?: string,
): number {
  return yearWindows(plant, lineCode, year, until).reduce(
    (sum, w) => sum + (w.end - w.start) / MINUTE_MS,
    0,
  );
}

/** The rated mix's shares, as rated capacity takes them: the planned shares, or all on the first product without them. */
function plannedShares(line: PlantFile['lines'][number]): number[] {
  const hasShares = line.products.every((p) => p.share !== undefined);
  return line.products.map((p, i) => (hasShares ? (p.share ?? 0) : i === 0 ? 1 : 0));
}

/** Cartridges each product of each line makes in a year at the rated mix, without losses. */
export function ratedOutput(
  plant: PlantFile,
  year: number,
): { line: string; product: string; cartridges: number }[] {
  return plant.lines.flatMap((line) => {
    const minutes = workingMinutes(plant, line.code, year);
    const shares = plannedShares(line);
    return line.products.map((p, i) => ({
      line: line.code,
      product: p.product,
      cartridges: minutes * (shares[i] as number) * p.ratePerMinute,
    }));
  });
}

export function buildPlantModel(
  plant: PlantFile,
  year: number,
  assumptions: Assumptions,
  supplierStop?: SupplierStop,
): PlantModel {
  const lines = plant.lines.map((line): LineModel => {
    const windows = yearWindows(plant, line.code, year);
    // Working minute at the start of each window.
    const offsets: number[] = [];
    let minutes = 0;
    for (const w of windows) {
      offsets.push(minutes);
      minutes += (w.end - w.start) / MINUTE_MS;
    }
    const offShift = windows.slice(1).map((w, i) => ({
      at: offsets[i + 1] as number,
      minutes: (w.start - (windows[i] as Window).end) / MINUTE_MS,
    }));
    /** The working minute at an instant: within a window, or at the start of the next. */
    const workingAt = (instant: number): number => {
      for (const [i, w] of windows.entries()) {
        if (w.end > instant)
          return (offsets[i] as number) + Math.max(0, instant - w.start) / MINUTE_MS;
      }
      return Number.POSITIVE_INFINITY;
    };

    const shares = plannedShares(line);
    const slowest = Math.min(...line.stations.map((s) => s.ratePerMinute));
    const behaviours = line.stations.map((station) =>
      assumptions.station(line.code, station.code, station.kind),
    );
    const boms = line.products.map((p) => plant.boms.find((b) => b.product === p.product));
    const materials = [
      ...new Set(
        boms.flatMap((bom, i) =>
          bom && (shares[i] as number) > 0 ? bom.items.map((item) => item.material) : [],
        ),
      ),
    ];
    const products = line.products.map((product, i): ProductPlan => {
      // The line runs at the product's rated pace: every station slowed in proportion, the slowest at that pace.
      const pace = product.ratePerMinute / slowest;
      const bom = boms[i];
      return {
        product: product.product,
        ratePerMinute: product.ratePerMinute,
        share: shares[i] as number,
        cycles: line.stations.map((station, s) =>
          trayCycle(
            assumptions.unit / (station.ratePerMinute * pace),
            (behaviours[s] as StationBehaviour).cycleCv,
            assumptions.unit,
          ),
        ),
        // A tray takes its cartridges' components when the first station starts it.
        perTray: materials.map((material) => {
          const item = bom?.items.find((x) => x.material === material);
          return bom && item ? (assumptions.unit * item.quantity) / bom.basis : 0;
        }),
      };
    });
    const campaigns = campaignPlan(line, shares, minutes, assumptions);
    const firstProduct = products[campaigns[0]?.product ?? 0] as ProductPlan;
    const stations: StationSpec[] = line.stations.map((station, s) => {
      const behaviour = behaviours[s] as StationBehaviour;
      return {
        name: station.code,
        cycle: firstProduct.cycles[s] as Distribution,
        stops: behaviour.stops.map(
          (stop, i): StopProcess => ({
            // The first unnamed process draws from the station's ".../failure" stream.
            ...(stop.reason !== undefined
              ? { name: stop.reason }
              : i > 0
                ? { name: String(i + 1) }
                : {}),
            timeToFailure: gamma(1, stop.meanMinutesBetween),
            timeToRepair: stop.repair,
            basis: stop.basis ?? 'operating',
          }),
        ),
        // Trays are rejected whole at the cartridge reject rate: the expected loss is the same.
        ...(behaviour.rejectRate > 0 ? { rejectProbability: behaviour.rejectRate } : {}),
      };
    });
    const buffer = Math.max(0, Math.round(assumptions.bufferCartridges / assumptions.unit));

    let supply: LineSupplyPlan | null = null;
    if (assumptions.supply && materials.length > 0) {
      const { reviewDays, leadTimeDays, stockDays } = assumptions.supply;
      // The line's use a calendar day at its rated mix (as coverDaysOfStock counts it).
      const perDay = materials.map(
        (_, m) =>
          products.reduce(
            (sum, p) =>
              sum +
              (minutes * p.share * p.ratePerMinute * (p.perTray[m] as number)) / assumptions.unit,
            0,
          ) / 365,
      );
      const reviews: { at: number; arrives: number }[] = [];
      let next = '';
      for (const [i, w] of windows.entries()) {
        if (w.date < next) continue;
        reviews.push({
          at: offsets[i] as number,
          arrives: workingAt(w.start + leadTimeDays * DAY_MS),
        });
        // The next review: the first shift on or after `reviewDays` from this one's day.
        next = addDays(w.date, reviewDays);
      }
      let stop: LineSupplyPlan['stop'] = null;
      const stopped = materials.flatMap((m, i) => (supplierStop?.materials.includes(m) ? [i] : []));
      if (supplierStop && stopped.length > 0) {
        const i = windows.findIndex((w) => w.date >= supplierStop.from);
        if (i >= 0)
          stop = {
            at: offsets[i] as number,
            materials: stopped,
            stock: stopped.map((m) => supplierStop.coverDays * (perDay[m] as number)),
          };
      }
      supply = {
        materials,
        target: perDay.map((d) => stockDays * d),
        perDay,
        reviews,
        stop,
      };
    }
    return {
      line: line.code,
      spec: {
        name: line.code,
        stations,
        buffers: stations.slice(1).map(() => buffer),
      },
      unit: assumptions.unit,
      workingMinutes: minutes,
      products,
      campaigns,
      offShift,
      supply,
    };
  });
  return {
    year,
    assumed: { behaviour: assumptions.behaviour, supply: assumptions.supply },
    lines,
  };
}

/**
 * The line's campaigns in its working year: `campaignsPerYear` cycles of equal length, each
 * making every planned product once in the plant file's order, each product's campaign the
 * change into it and then its share of the cycle's time left after the changes. The plan
 * repeats from year to year, so the year begins with the change from the last product into the
 * first. A line with one product makes it all year.
 */
function campaignPlan(
  line: PlantFile['lines'][number],
  shares: readonly number[],
  minutes: number,
  assumptions: Assumptions,
): Campaign[] {
  const planned = line.products.flatMap((p, i) =>
    (shares[i] as number) > 0 ? [{ index: i, product: p.product, share: shares[i] as number }] : [],
  );
  if (planned.length <= 1)
    return [{ product: planned[0]?.index ?? 0, changeoverMinutes: 0, end: minutes }];
  const cycles = Math.max(1, Math.round(assumptions.campaignsPerYear));
  const cycle = minutes / cycles;
  const changes = planned.map((p, j) => {
    if (!assumptions.changeovers) return 0;
    const from = (planned[(j - 1 + planned.length) % planned.length] as { product: string })
      .product;
    const c = line.changeovers.find((x) => x.from === from && x.to === p.product);
    return c?.minutes ?? line.defaultChangeoverMinutes ?? 0;
  });
  const running = Math.max(0, cycle - changes.reduce((a, b) => a + b, 0));
  const totalShare = planned.reduce((sum, p) => sum + p.share, 0);
  const campaigns: Campaign[] = [];
  for (let k = 0; k < cycles; k++) {
    let t = k * cycle;
    for (const [j, p] of planned.entries()) {
      t += (changes[j] as number) + (running * p.share) / totalShare;
      const last = k === cycles - 1 && j === planned.length - 1;
      campaigns.push({
        product: p.index,
        changeoverMinutes: changes[j] as number,
        end: last ? minutes : Math.min(t, minutes),
      });
    }
  }
  return campaigns;
}

/** A tray's cycle: the sum of `unit` cartridge cycles of mean m and CV cv — gamma with the same mean and variance. */
function trayCycle(mean: number, cv: number, unit: number): Distribution {
  if (cv <= 0) return constant(mean);
  const trayCv = cv / Math.sqrt(unit);
  const shape = 1 / (trayCv * trayCv);
  return gamma(shape, mean / shape);
}

// One line's year as one simulation (plant-model.ts builds what it runs):
// the line's stations in series making its products campaign after
// campaign, standing between shifts, and drawing components from a stock
// that deliveries replenish. Pure.
//
// - Campaigns: at a campaign's planned end the line stops taking in trays
//   and runs out (a cartridge line is emptied before it is reset for another
//   product: parts of two products must not mix, and a lot is one product);
//   when the last tray has left, its stations are in changeover for the plant
//   file's time for that pair of products, then take the next product's
//   cycles and start again. Running out and changing over both come out of
//   the planned time: the next campaign still ends when planned.
// - Components: each tray takes its cartridges' components (from the bill of
//   materials) when the first station starts it; a component short leaves
//   the first station waiting — starved for material — until a delivery
//   brings enough. Periodic review: every review orders what brings the
//   stock position (on hand and on order) back to its target, delivered a
//   lead time later. A supplier's stop sets the stock of its materials to
//   what it leaves and delivers nothing more.
// - Off shift: at the end of each working window the line stands for the
//   calendar time until the next; repairs and calendar-time clocks to
//   failure go on through it (SerialLines.offShift).
import type { Distribution } from './distributions.js';
import type { Model } from './engine.js';
import { Simulation } from './engine.js';
import type { LineModel } from './plant-model.js';
import {
  LINE_EVENT_KINDS,
  type LineControl,
  SerialLines,
  type StationStatistics,
} from './serial-line.js';

const CAMPAIGN_END = LINE_EVENT_KINDS;
const CHANGEOVER_END = LINE_EVENT_KINDS + 1;
const OFF_SHIFT = LINE_EVENT_KINDS + 2;
const REVIEW = LINE_EVENT_KINDS + 3;
const DELIVERY = LINE_EVENT_KINDS + 4;
const SUPPLIER_STOP = LINE_EVENT_KINDS + 5;

/** The line is the only one in its simulation. */
const LINE = 0;
/** Stock below a tray's need by less than this is enough (rounding of the per-tray quantities). */
const EPSILON = 1e-9;

export interface LineYearResult {
  readonly line: string;
  readonly workingMinutes: number;
  /** Cartridges per product, good and rejected, in the plant file's order. */
  readonly products: readonly { product: string; produced: number; rejected: number }[];
  /** Good cartridges, all products. */
  readonly produced: number;
  readonly rejected: number;
  /** Working minutes the line's stations spent in changeover. */
  readonly changeoverMinutes: number;
  /** Working minutes the first station waited for a component. */
  readonly materialStarvedMinutes: number;
  /** The materials it waited for. */
  readonly shortOf: readonly string[];
  readonly events: number;
  readonly stations: readonly StationStatistics[];
}

class LineYear implements Model, LineControl {
  readonly startHeld = true;
  readonly #model: LineModel;
  readonly #sim: Simulation;
  readonly #lines: SerialLines;
  #campaign = 0;
  #changeoverFrom = Number.NaN;
  #changeoverMinutes = 0;
  /** Cartridges (good, rejected) per product, and the line's output counted at the last product change. */
  readonly #produced: Float64Array;
  readonly #rejected: Float64Array;
  #countedProduced = 0;
  #countedRejected = 0;

  readonly #stock: Float64Array;
  readonly #onOrder: Float64Array;
  readonly #stopped: Uint8Array;
  /** What each review ordered, per material. */
  readonly #ordered: Float64Array;
  #waitingSince = Number.NaN;
  #starvedMinutes = 0;
  readonly #shortOf = new Set<number>();

  constructor(model: LineModel, seed: number | string) {
    this.#model = model;
    this.#sim = new Simulation();
    this.#produced = new Float64Array(model.products.length);
    this.#rejected = new Float64Array(model.products.length);
    const supply = model.supply;
    const materials = supply?.materials.length ?? 0;
    this.#stock = Float64Array.from(supply?.target ?? []);
    this.#onOrder = new Float64Array(materials);
    this.#stopped = new Uint8Array(materials);
    this.#ordered = new Float64Array((supply?.reviews.length ?? 0) * materials);
    this.#lines = new SerialLines(this.#sim, [model.spec], seed, this);

    const calendar = this.#sim.calendar;
    if (model.offShift.length > 0) calendar.schedule(model.offShift[0]?.at ?? 0, OFF_SHIFT, 0, 0);
    if (supply) {
      if (supply.reviews.length > 0) calendar.schedule(supply.reviews[0]?.at ?? 0, REVIEW, 0, 0);
      if (supply.stop) calendar.schedule(supply.stop.at, SUPPLIER_STOP, 0, 0);
    }
    this.#startCampaign(0, 0);
  }

  run(): LineYearResult {
    const until = this.#model.workingMinutes;
    this.#sim.run(this, until);
    this.#countOutput();
    if (!Number.isNaN(this.#changeoverFrom))
      this.#changeoverMinutes += until - this.#changeoverFrom;
    this.#stopWaiting(until);
    const [stats] = this.#lines.statistics();
    if (!stats) throw new Error('no statistics');
    const unit = this.#model.unit;
    const products = this.#model.products.map((p, i) => ({
      product: p.product,
      produced: (this.#produced[i] as number) * unit,
      rejected: (this.#rejected[i] as number) * unit,
    }));
    return {
      line: this.#model.line,
      workingMinutes: until,
      products,
      produced: stats.produced * unit,
      rejected: stats.rejected * unit,
      changeoverMinutes: this.#changeoverMinutes,
      materialStarvedMinutes: this.#starvedMinutes,
      shortOf: [...this.#shortOf]
        .sort((a, b) => a - b)
        .map((m) => this.#model.supply?.materials[m] ?? ''),
      events: this.#sim.events,
      stations: stats.stations,
    };
  }

  handle(kind: number, target: number, token: number, now: number): void {
    if (kind < LINE_EVENT_KINDS) {
      this.#lines.handle(kind, target, token, now);
      return;
    }
    switch (kind) {
      case CAMPAIGN_END:
        if (token === this.#campaign) {
          this.#stopWaiting(now);
          this.#lines.hold(LINE);
        }
        break;
      case CHANGEOVER_END:
        this.#endChangeover(now);
        break;
      case OFF_SHIFT: {
        const gaps = this.#model.offShift;
        this.#lines.offShift(LINE, gaps[target]?.minutes ?? 0, now);
        const next = gaps[target + 1];
        if (next) this.#sim.calendar.schedule(next.at, OFF_SHIFT, target + 1, 0);
        break;
      }
      case REVIEW:
        this.#review(target);
        break;
      case DELIVERY:
        this.#deliver(target, now);
        break;
      case SUPPLIER_STOP:
        this.#supplierStop(now);
        break;
      default:
        throw new Error(`line year: unknown event kind ${kind}`);
    }
  }

  /** The first station asks for a tray's components: all there, or it waits. */
  take(_line: number, now: number): boolean {
    const supply = this.#model.supply;
    if (!supply) return true;
    const need = this.#model.products[this.#currentProduct()]?.perTray ?? [];
    const stock = this.#stock;
    let short = -1;
    for (let m = 0; m < need.length; m++) {
      if ((stock[m] as number) + EPSILON < (need[m] as number)) {
        short = m;
        break;
      }
    }
    if (short >= 0) {
      if (Number.isNaN(this.#waitingSince)) this.#waitingSince = now;
      this.#shortOf.add(short);
      return false;
    }
    for (let m = 0; m < need.length; m++) stock[m] = (stock[m] as number) - (need[m] as number);
    this.#stopWaiting(now);
    return true;
  }

  /** The line has run out at the end of a campaign: the change into the next begins. */
  empty(_line: number, now: number): void {
    this.#countOutput();
    const next = this.#campaign + 1;
    if (next < this.#model.campaigns.length) this.#startCampaign(next, now);
  }

  #currentProduct(): number {
    return this.#model.campaigns[this.#campaign]?.product ?? 0;
  }

  /** The output since the last change belongs to the product the line was making. */
  #countOutput(): void {
    const { produced, rejected } = this.#lines.output(LINE);
    const p = this.#currentProduct();
    this.#produced[p] = (this.#produced[p] as number) + produced - this.#countedProduced;
    this.#rejected[p] = (this.#rejected[p] as number) + rejected - this.#countedRejected;
    this.#countedProduced = produced;
    this.#countedRejected = rejected;
  }

  #startCampaign(index: number, now: number): void {
    this.#campaign = index;
    const campaign = this.#model.campaigns[index];
    if (!campaign) return;
    if (campaign.changeoverMinutes > 0) {
      this.#lines.beginChangeover(LINE, now);
      this.#changeoverFrom = now;
      this.#sim.schedule(campaign.changeoverMinutes, CHANGEOVER_END, 0, index);
    } else this.#endChangeover(now);
  }

  #endChangeover(now: number): void {
    if (!Number.isNaN(this.#changeoverFrom)) {
      this.#changeoverMinutes += now - this.#changeoverFrom;
      this.#changeoverFrom = Number.NaN;
    }
    const campaign = this.#model.campaigns[this.#campaign];
    if (!campaign) return;
    const cycles = this.#model.products[campaign.product]?.cycles as readonly Distribution[];
    this.#lines.endChangeover(LINE, cycles, now);
    if (campaign.end <= now) {
      // The change took all the campaign's time: on to the next.
      this.#lines.hold(LINE);
      return;
    }
    this.#lines.release(LINE, now);
    if (campaign.end < this.#model.workingMinutes)
      this.#sim.calendar.schedule(campaign.end, CAMPAIGN_END, 0, this.#campaign);
  }

  #stopWaiting(now: number): void {
    if (Number.isNaN(this.#waitingSince)) return;
    this.#starvedMinutes += now - this.#waitingSince;
    this.#waitingSince = Number.NaN;
  }

  #review(k: number): void {
    const supply = this.#model.supply;
    const review = supply?.reviews[k];
    if (!supply || !review) return;
    const materials = supply.materials.length;
    let any = false;
    for (let m = 0; m < materials; m++) {
      if (this.#stopped[m]) continue;
      const order =
        (supply.target[m] as number) - (this.#stock[m] as number) - (this.#onOrder[m] as number);
      if (order > 0) {
        this.#ordered[k * materials + m] = order;
        this.#onOrder[m] = (this.#onOrder[m] as number) + order;
        any = true;
      }
    }
    if (any && Number.isFinite(review.arrives))
      this.#sim.calendar.schedule(review.arrives, DELIVERY, k, 0);
    const next = supply.reviews[k + 1];
    if (next) this.#sim.calendar.schedule(next.at, REVIEW, k + 1, 0);
  }

  #deliver(k: number, now: number): void {
    const supply = this.#model.supply;
    if (!supply) return;
    const materials = supply.materials.length;
    for (let m = 0; m < materials; m++) {
      const quantity = this.#ordered[k * materials + m] as number;
      // What a stopped supplier had on order does not come.
      if (quantity <= 0 || this.#stopped[m]) continue;
      this.#onOrder[m] = (this.#onOrder[m] as number) - quantity;
      this.#stock[m] = (this.#stock[m] as number) + quantity;
    }
    if (!Number.isNaN(this.#waitingSince)) this.#lines.feed(LINE, now);
  }

  #supplierStop(now: number): void {
    const stop = this.#model.supply?.stop;
    if (!stop) return;
    for (const [i, m] of stop.materials.entries()) {
      this.#stopped[m] = 1;
      this.#onOrder[m] = 0;
      this.#stock[m] = stop.stock[i] as number;
    }
    if (!Number.isNaN(this.#waitingSince)) this.#lines.feed(LINE, now);
  }
}

/** One replication of a line's year, its randomness from `seed`. */
export function runLineYear(model: LineModel, seed: number | string): LineYearResult {
  return new LineYear(model, seed).run();
}

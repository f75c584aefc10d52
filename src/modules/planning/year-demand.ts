// A year of customer demand for a plant, generated from its master data: for
// each product, weekly orders whose total is a chosen share of what the
// lines that make it can produce, due some weeks after they arrive, with a
// realistic spread of sizes and priorities. The planning benchmark, the
// scheduler's tests and the demo plant all plan against it. Deterministic for
// a seed.
import type { PlantFile } from '../plant/index.js';
import { type OrderToPlan, PRIORITIES, type Priority } from './plan-builder.js';
import { seededRandom } from './search-support.js';

export interface YearDemandOptions {
  /** Monday (local date) of the first week. */
  readonly from: string;
  readonly weeks?: number;
  /** Share of the lines' rated weekly output asked for; 0.85 by default. */
  readonly load?: number;
  /** Orders per product and week, on average; 4 by default. */
  readonly ordersPerWeek?: number;
  /** Weeks from an order's arrival to its due date; 2 by default. */
  readonly leadWeeks?: number;
  readonly seed?: number | string;
}

const WORKING_MINUTES_PER_WEEK_GUESS = 5 * 900;
const DAY_MS = 86_400_000;

/** Orders to plan (kind `proposal`); each is due at 22:00 UTC of a weekday `leadWeeks` after its week. */
export function yearDemand(plant: PlantFile, options: YearDemandOptions): OrderToPlan[] {
  const random = seededRandom(options.seed ?? 1);
  const weeks = options.weeks ?? 52;
  const load = options.load ?? 0.85;
  const perWeek = options.ordersPerWeek ?? 4;
  const lead = options.leadWeeks ?? 2;
  // What each product can get of the lines' time: a line's share for the product, else an even split.
  const weekly = new Map<string, number>();
  for (const line of plant.lines) {
    const shares = line.products.map((p) => p.share ?? 1 / line.products.length);
    line.products.forEach((p, i) => {
      const units = p.ratePerMinute * WORKING_MINUTES_PER_WEEK_GUESS * (shares[i] as number);
      weekly.set(p.product, (weekly.get(p.product) ?? 0) + units);
    });
  }
  const start = Date.parse(`${options.from}T00:00:00Z`);
  const orders: OrderToPlan[] = [];
  let serial = 0;
  for (let week = 0; week < weeks; week++) {
    for (const [product, capacity] of weekly) {
      const count = Math.max(1, Math.round(perWeek * (0.5 + random())));
      const sizes = Array.from({ length: count }, () => 0.4 + random() * 1.2);
      const total = sizes.reduce((a, b) => a + b, 0);
      sizes.forEach((size) => {
        serial++;
        const quantity = Math.max(
          10_000,
          Math.round((capacity * load * size) / total / 10_000) * 10_000,
        );
        const day = Math.floor(random() * 5);
        const due = start + ((week + lead) * 7 + day) * DAY_MS + 22 * 3_600_000;
        orders.push({
          id: `D${String(serial).padStart(4, '0')}`,
          reference: `D${String(serial).padStart(4, '0')}`,
          kind: 'proposal',
          product,
          quantity,
          due,
          priority: priorityDraw(random()),
        });
      });
    }
  }
  return orders;
}

function priorityDraw(x: number): Priority {
  // 5 % low, 70 % normal, 20 % high, 5 % urgent.
  if (x < 0.05) return PRIORITIES[0];
  if (x < 0.75) return PRIORITIES[1];
  if (x < 0.95) return PRIORITIES[2];
  return PRIORITIES[3];
}

// The master production schedule: by product and ISO week, the demand (the
// larger of firm orders and forecast, as in coverage), what the unmade work
// orders bring, and what must be planned to keep the projected stock from
// going negative, in whole lots. Its planned quantities become the
// scheduler's proposals, each due at the start of its week. Pure.
import { addDays } from '../../core/dates.js';
import type { Priority } from './plan-builder.js';

export interface MpsInput {
  /** Mondays (YYYY-MM-DD), ascending: the buckets. */
  readonly weeks: readonly string[];
  readonly products: readonly string[];
  /** Released stock of each product now. */
  readonly onHand: ReadonlyMap<string, number>;
  /** Open customer order lines; an overdue line counts in the first week. */
  readonly orders: readonly {
    product: string;
    due: string;
    quantity: number;
    priority: Priority;
  }[];
  readonly forecasts: readonly { product: string; week: string; quantity: number }[];
  /** Unmade work orders: units still to come, counted in the first week. */
  readonly workOrders: readonly { product: string; quantity: number }[];
  /** Planned quantities are whole multiples of this (by product); 10,000 by default. */
  readonly lotSize?: ReadonlyMap<string, number>;
}

export interface MpsRow {
  readonly week: string;
  readonly orders: number;
  readonly forecast: number;
  /** The larger of orders and forecast. */
  readonly demand: number;
  readonly fromWorkOrders: number;
  readonly planned: number;
  /** Stock at the week's end: last week's, plus what comes in, less demand. */
  readonly projected: number;
  /** The highest priority of the week's orders (normal for forecast alone). */
  readonly priority: Priority;
}

export interface MpsProduct {
  readonly product: string;
  readonly onHand: number;
  readonly rows: MpsRow[];
}

const DEFAULT_LOT = 10_000;
const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

export function masterProductionSchedule(input: MpsInput): MpsProduct[] {
  const { weeks } = input;
  if (weeks.length === 0) return [];
  const bucketOf = (date: string) => {
    // The last week starting on or before the date; earlier dates fall in the first.
    let bucket = 0;
    for (let i = 0; i < weeks.length; i++) if ((weeks[i] as string) <= date) bucket = i;
    return bucket;
  };
  const lastWeekEnd = addDays(weeks[weeks.length - 1] as string, 7);
  return input.products.map((product) => {
    const orders = new Array<number>(weeks.length).fill(0);
    const priority = new Array<Priority>(weeks.length).fill('normal');
    const touched = new Array<boolean>(weeks.length).fill(false);
    for (const o of input.orders) {
      if (o.product !== product || o.due >= lastWeekEnd) continue;
      const b = bucketOf(o.due);
      orders[b] = (orders[b] as number) + o.quantity;
      const current = priority[b] as Priority;
      // The week takes its most urgent order's priority.
      if (!touched[b] || PRIORITY_RANK[o.priority] > PRIORITY_RANK[current])
        priority[b] = o.priority;
      touched[b] = true;
    }
    const forecast = weeks.map((w) =>
      input.forecasts
        .filter((f) => f.product === product && f.week === w)
        .reduce((sum, f) => sum + f.quantity, 0),
    );
    const fromWorkOrders = input.workOrders
      .filter((w) => w.product === product)
      .reduce((sum, w) => sum + w.quantity, 0);
    const lot = input.lotSize?.get(product) ?? DEFAULT_LOT;
    const onHand = input.onHand.get(product) ?? 0;
    let projected = onHand;
    const rows = weeks.map((week, i): MpsRow => {
      const demand = Math.max(orders[i] as number, forecast[i] as number);
      const incoming = i === 0 ? fromWorkOrders : 0;
      const before = projected + incoming - demand;
      const planned = before < 0 ? Math.ceil(-before / lot) * lot : 0;
      projected = before + planned;
      return {
        week,
        orders: orders[i] as number,
        forecast: forecast[i] as number,
        demand,
        fromWorkOrders: incoming,
        planned,
        projected,
        priority: priority[i] as Priority,
      };
    });
    return { product, onHand, rows };
  });
}

/** The Mondays of `count` ISO weeks from the week holding `date`. */
export function weeksFrom(date: string, count: number): string[] {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  const monday = addDays(date, -((day + 6) % 7));
  return Array.from({ length: count }, (_, i) => addDays(monday, 7 * i));
}

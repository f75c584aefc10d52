// The plan as the Gantt chart draws it: one row per line, the orders, their
// changeovers and the time each line cannot work, in epoch milliseconds. Pure,
// so the chart stays a thin drawing of it and the figures are tested here.
import type { Outage, Plan, PlannedOrder, Unavailable } from '../../api/planning';

const DAY_MS = 86_400_000;
/** What the chart shows at first: four weeks from the plan's start. */
export const INITIAL_DAYS = 28;

export interface Bar<T> {
  row: number;
  start: number;
  end: number;
  item: T;
}

export interface GanttModel {
  lines: { code: string; name: string }[];
  orders: (Bar<PlannedOrder> & { late: boolean })[];
  changeovers: Bar<PlannedOrder>[];
  blocks: Bar<Unavailable>[];
  /** The products planned, sorted: their order fixes their colours. */
  products: string[];
  origin: number;
  /** The first and last moment anything is drawn. */
  extent: [number, number];
  /** The zoom the chart opens with. */
  initialWindow: [number, number];
}

const ms = (iso: string): number => new Date(iso).getTime();

/** The plan's rows and bars. A line that only an order or a block names gets a row too. */
export function ganttModel(plan: Plan): GanttModel {
  const lines = [...plan.lines];
  const known = new Set(lines.map((l) => l.code));
  for (const code of [...plan.orders.map((o) => o.line), ...plan.unavailable.map((u) => u.line)]) {
    if (!known.has(code)) {
      known.add(code);
      lines.push({ code, name: code });
    }
  }
  const rowOf = new Map(lines.map((l, i) => [l.code, i]));
  const row = (line: string) => rowOf.get(line) ?? 0;
  const orders = plan.orders.map((order) => ({
    row: row(order.line),
    start: ms(order.start),
    end: ms(order.end),
    item: order,
    late: order.tardinessMinutes > 0,
  }));
  const changeovers = plan.orders.flatMap((order) =>
    order.changeover && order.changeover.minutes > 0
      ? [
          {
            row: row(order.line),
            start: ms(order.changeover.start),
            end: ms(order.changeover.end),
            item: order,
          },
        ]
      : [],
  );
  const blocks = plan.unavailable.map((block) => ({
    row: row(block.line),
    start: ms(block.start),
    end: ms(block.end),
    item: block,
  }));
  const origin = ms(plan.origin);
  const ends = [...orders, ...changeovers].map((b) => b.end);
  const starts = [...orders, ...changeovers].map((b) => b.start);
  const first = Math.min(origin, ...starts);
  const last = Math.max(origin + DAY_MS, ...ends);
  return {
    lines,
    orders,
    changeovers,
    blocks,
    products: [...new Set(plan.orders.map((o) => o.product))].sort(),
    origin,
    extent: [first, last],
    initialWindow: [
      origin,
      Math.max(origin + DAY_MS, Math.min(last, origin + INITIAL_DAYS * DAY_MS)),
    ],
  };
}

// Dark enough for white labels; red is kept for lateness, grey for changeovers and downtime.
const PALETTE = [
  '#1d4ed8',
  '#0f766e',
  '#7c3aed',
  '#b45309',
  '#be185d',
  '#4d7c0f',
  '#0369a1',
  '#6b21a8',
  '#92400e',
  '#115e59',
];

/** Each product's colour, by its place in the sorted list. */
export function productColours(products: readonly string[]): Map<string, string> {
  return new Map(products.map((p, i) => [p, PALETTE[i % PALETTE.length] as string]));
}

/** The late orders, latest first (weighted by nothing: minutes late). */
export const lateOrders = (plan: Plan): PlannedOrder[] =>
  plan.orders
    .filter((o) => o.tardinessMinutes > 0)
    .sort((a, b) => b.tardinessMinutes - a.tardinessMinutes || a.start.localeCompare(b.start));

/** The orders of each line in the order they run, lines in the plan's order. */
export function ordersByLine(plan: Plan): { line: string; orders: PlannedOrder[] }[] {
  const { lines } = ganttModel(plan);
  return lines.map(({ code }) => ({
    line: code,
    orders: plan.orders
      .filter((o) => o.line === code)
      .sort((a, b) => a.start.localeCompare(b.start)),
  }));
}

/** Whether an order works on its line while the line is out (to null: until further notice). */
export function overlapsOutage(order: PlannedOrder, outage: Outage): boolean {
  if (order.line !== outage.line) return false;
  const to = outage.to === null ? Number.POSITIVE_INFINITY : ms(outage.to);
  return ms(order.start) < to && ms(order.end) > ms(outage.from);
}

/** An outage still to come or under way at `now`. */
export const isActive = (outage: Outage, now: number): boolean =>
  outage.to === null || ms(outage.to) > now;

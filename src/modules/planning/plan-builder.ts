// From the plant's master data and the orders to make, the problem the plan
// solver takes (plan-problem.ts): each line's working windows from its shift
// calendar (shifts less breaks, holidays, planned maintenance, outages), its
// rates and changeovers from the plant file, and the frozen horizon: what is
// running or released stays where it is, and so does anything the last plan
// started within the frozen hours, unless its line is out.
import { invalid } from '../../core/errors.js';
import { type PlantFile, ShiftCalendar } from '../plant/index.js';
import { finding, type UnplannedOrder } from './plan-findings.js';
import type { PlanJob, PlanLine, PlannedJob, PlanProblem, Window } from './plan-problem.js';
import type { PlacedOrder } from './plan-validator.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** What can be planned: a work order not yet made, or a proposal of the master production schedule. */
export interface OrderToPlan {
  readonly id: string;
  /** Work order number or proposal reference, for people. */
  readonly reference: string;
  readonly kind: 'work_order' | 'proposal';
  readonly product: string;
  /** Units still to make. */
  readonly quantity: number;
  /** ms since the epoch; null when the order has no due date (it then weighs nothing in tardiness). */
  readonly due: number | null;
  readonly priority: Priority;
  /** Work orders: their state and line. */
  readonly state?: 'planned' | 'released' | 'running' | 'paused';
  readonly line?: string;
}

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Tardiness weight per priority: each step doubles what an hour late costs. */
export const PRIORITY_WEIGHT: Readonly<Record<Priority, number>> = {
  low: 1,
  normal: 2,
  high: 4,
  urgent: 8,
};

/** A line out of service (breakdown, unplanned stop) from `from` to `to` (ms; `to` null: until further notice). */
export interface LineOutage {
  readonly line: string;
  readonly from: number;
  readonly to: number | null;
  readonly reason: string;
}

/** Where the last plan put an order. */
export interface PreviousPlacement {
  readonly line: string;
  /** ms since the epoch. */
  readonly start: number;
}

export interface PlanInput {
  /** The plan's origin, ms since the epoch. */
  readonly now: number;
  readonly orders: readonly OrderToPlan[];
  readonly outages?: readonly LineOutage[];
  readonly previous?: ReadonlyMap<string, PreviousPlacement>;
  /** Hours from now in which the last plan's starts are kept; 48 by default. */
  readonly frozenHours?: number;
  /** Days of calendar to lay out; 400 by default (a year and its tail). */
  readonly horizonDays?: number;
  /** The product each line is set up for now (from its last work order). */
  readonly setUpFor?: Readonly<Record<string, string | null>>;
  /** Only these lines (all by default). */
  readonly lines?: readonly string[];
  /**
   * Re-planning keeps each order of the last plan on its line unless that
   * line has an outage (true by default): orders are re-sequenced, and only
   * those of a line that went down change line. False lets every order move
   * when that lowers tardiness.
   */
  readonly keepLines?: boolean;
}

export interface BuiltProblem {
  readonly problem: PlanProblem;
  readonly origin: number;
  /** Why each frozen job is frozen. */
  readonly frozen: ReadonlyMap<string, 'running' | 'released' | 'frozen_horizon'>;
  /** Orders that could not be planned, with the reason. */
  readonly unplanned: readonly UnplannedOrder[];
}

const toMinutes = (ms: number, origin: number) => (ms - origin) / MINUTE_MS;

export function buildPlanProblem(plant: PlantFile, input: PlanInput): BuiltProblem {
  const origin = input.now;
  const horizonEnd = origin + (input.horizonDays ?? 400) * DAY_MS;
  const frozenUntil = origin + (input.frozenHours ?? 48) * 3_600_000;
  const outages = input.outages ?? [];
  const selected = input.lines ? new Set(input.lines) : null;
  const plantLines = plant.lines.filter((l) => !selected || selected.has(l.code));
  if (plantLines.length === 0) throw invalid('no_line_to_plan', 'no line to plan');

  const lines: PlanLine[] = plantLines.map((line) => {
    const changeovers: Record<string, Record<string, number>> = {};
    for (const c of line.changeovers) {
      const row = changeovers[c.from] ?? {};
      row[c.to] = c.minutes;
      changeovers[c.from] = row;
    }
    const shifts = new ShiftCalendar(plant, line).windowsBetween(origin, horizonEnd);
    const down = outages
      .filter((o) => o.line === line.code)
      .map((o) => ({ start: o.from, end: o.to ?? horizonEnd }));
    const windows = subtract(
      shifts.map((w) => ({ start: w.start, end: w.end })),
      down,
    ).map((w) => ({ start: toMinutes(w.start, origin), end: toMinutes(w.end, origin) }));
    return {
      code: line.code,
      windows,
      rates: Object.fromEntries(line.products.map((p) => [p.product, p.ratePerMinute])),
      changeovers,
      defaultChangeover: line.defaultChangeoverMinutes ?? 0,
      setUpFor: input.setUpFor?.[line.code] ?? null,
    };
  });
  const lineCodes = new Set(lines.map((l) => l.code));
  const isDownNow = (line: string) =>
    outages.some(
      (o) => o.line === line && o.from <= frozenUntil && (o.to === null || o.to > origin),
    );

  const jobs: PlanJob[] = [];
  const frozen = new Map<string, 'running' | 'released' | 'frozen_horizon'>();
  const unplanned: UnplannedOrder[] = [];
  // Frozen ranks: running first, then released, then the last plan's early starts, each by start.
  const pinnedOrder: { order: OrderToPlan; line: string; tier: number; start: number }[] = [];
  for (const order of input.orders) {
    if (!(order.quantity > 0)) continue;
    if (!lines.some((l) => (l.rates[order.product] ?? 0) > 0)) {
      unplanned.push({
        id: order.id,
        ...finding('no_line_for_product', { reference: order.reference, product: order.product }),
      });
      continue;
    }
    const previous = input.previous?.get(order.id);
    const onLine = order.line && lineCodes.has(order.line) ? order.line : undefined;
    const running = order.state === 'running' || order.state === 'paused';
    if (order.line && !onLine && (running || order.state === 'released')) {
      unplanned.push({
        id: order.id,
        ...finding('order_line_not_in_plan', { reference: order.reference, line: order.line }),
      });
      continue;
    }
    let pin: { line: string; tier: number; start: number } | null = null;
    if (onLine && running) pin = { line: onLine, tier: 0, start: previous?.start ?? 0 };
    else if (onLine && order.state === 'released' && !isDownNow(onLine)) {
      pin = { line: onLine, tier: 1, start: previous?.start ?? 0 };
    } else if (
      previous &&
      lineCodes.has(previous.line) &&
      previous.start < frozenUntil &&
      !isDownNow(previous.line) &&
      (lines.find((l) => l.code === previous.line)?.rates[order.product] ?? 0) > 0
    ) {
      pin = { line: previous.line, tier: 2, start: previous.start };
    }
    if (pin) {
      pinnedOrder.push({ order, ...pin });
      frozen.set(
        order.id,
        pin.tier === 0 ? 'running' : pin.tier === 1 ? 'released' : 'frozen_horizon',
      );
    }
    const keepLine =
      (input.keepLines ?? true) &&
      previous !== undefined &&
      lineCodes.has(previous.line) &&
      !outages.some((o) => o.line === previous.line) &&
      (lines.find((l) => l.code === previous.line)?.rates[order.product] ?? 0) > 0;
    jobs.push({
      id: order.id,
      ...(keepLine ? { onlyLines: [previous.line] } : {}),
      product: order.product,
      quantity: order.quantity,
      due: order.due === null ? toMinutes(horizonEnd, origin) : toMinutes(order.due, origin),
      weight: order.due === null ? 0 : PRIORITY_WEIGHT[order.priority],
      ...(previous
        ? { previousLine: previous.line, previousStart: toMinutes(previous.start, origin) }
        : onLine && order.state === 'planned'
          ? { previousLine: onLine }
          : {}),
    });
  }
  pinnedOrder.sort(
    (a, b) =>
      a.tier - b.tier || a.start - b.start || a.order.reference.localeCompare(b.order.reference),
  );
  const rank = new Map(pinnedOrder.map((p, i) => [p.order.id, { line: p.line, rank: i }]));
  const pinnedJobs = jobs.map((job) => {
    const pinned = rank.get(job.id);
    return pinned ? { ...job, pinned } : job;
  });
  return { problem: { lines, jobs: pinnedJobs }, origin, frozen, unplanned };
}

/** Windows less the intervals that take time away, both in any order; the result ascending and disjoint. */
export function subtract(windows: readonly Window[], cuts: readonly Window[]): Window[] {
  const sortedCuts = cuts.filter((c) => c.end > c.start).sort((a, b) => a.start - b.start);
  const out: Window[] = [];
  for (const w of [...windows].sort((a, b) => a.start - b.start)) {
    let start = w.start;
    for (const cut of sortedCuts) {
      if (cut.end <= start || cut.start >= w.end) continue;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
      if (start >= w.end) break;
    }
    if (start < w.end) out.push({ start, end: w.end });
  }
  return out;
}

/** The solver's plan in wall-clock time (ms), one entry per order, for the validator, the store and the pages. */
export function placeOrders(
  built: BuiltProblem,
  jobs: readonly PlannedJob[],
  orders: readonly OrderToPlan[],
): (PlacedOrder & {
  reference: string;
  kind: OrderToPlan['kind'];
  priority: Priority;
  frozen: string | null;
})[] {
  const byId = new Map(orders.map((o) => [o.id, o]));
  const at = (minutes: number) => Math.round(built.origin + minutes * MINUTE_MS);
  return jobs.map((job) => {
    const order = byId.get(job.job);
    if (!order) throw new Error(`the plan holds ${job.job}, which is not an order`);
    return {
      id: order.id,
      reference: order.reference,
      kind: order.kind,
      product: order.product,
      quantity: order.quantity,
      priority: order.priority,
      line: job.line,
      start: at(job.start),
      end: at(job.end),
      changeover: job.changeover
        ? {
            start: at(job.changeover.start),
            end: at(job.changeover.end),
            minutes: job.changeover.minutes,
          }
        : null,
      due: order.due,
      tardinessMinutes: order.due === null ? 0 : Math.max(0, (at(job.end) - order.due) / MINUTE_MS),
      frozen: built.frozen.get(order.id) ?? null,
    };
  });
}

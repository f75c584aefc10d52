// Planning with the plant's own data: the master production schedule from
// customer orders, forecasts, released stock and unmade work orders; then the
// line plan of the work orders and the schedule's proposals, from the last
// plan and the outages, checked by the independent validator and kept.
import type { Database } from '../../core/db/store.js';
import { currentPlant, localDate, type PlantFile, zonedEpoch } from '../plant/index.js';
import { listWorkOrders, workOrderMachineCounts } from '../production/index.js';
import { listOrders } from '../shipping/index.js';
import { usableStock } from './coverage-service.js';
import { listForecasts } from './forecasts.js';
import { type MpsProduct, masterProductionSchedule, weeksFrom } from './mps.js';
import {
  buildPlanProblem,
  type OrderToPlan,
  type PreviousPlacement,
  placeOrders,
} from './plan-builder.js';
import { finding, type UnplannedOrder } from './plan-findings.js';
import { workOrderTargetsOf } from './plan-firming.js';
import {
  activeOutages,
  asLineOutage,
  latestPlan,
  type Plan,
  type StoredPlan,
  savePlan,
} from './plan-store.js';
import { validatePlan } from './plan-validator.js';
import { planLinesInWorker } from './plan-worker.js';

const OPEN_ORDER_STATES = ['open', 'allocated', 'picked'] as const;
const PLANNABLE_STATES = ['planned', 'released', 'running', 'paused'] as const;
/** Weeks of demand the schedule's proposals cover. */
export const PROPOSAL_WEEKS = 26;
/** A proposal is at most this many working minutes of its fastest line: small enough to share lines. */
const PROPOSAL_MINUTES = 1800;
const LOT_ROUNDING = 10_000;

export interface MasterSchedule {
  weeks: string[];
  products: MpsProduct[];
}

interface Demand {
  plant: PlantFile;
  today: string;
  schedule: MasterSchedule;
  workOrders: OrderToPlan[];
  held: UnplannedOrder[];
  setUpFor: Record<string, string | null>;
}

async function gatherDemand(db: Database, now: Date, weeks: number): Promise<Demand> {
  const { plant } = await currentPlant(db);
  const today = localDate(now.getTime(), plant.site.timezone);
  const products = plant.materials.filter((m) => m.kind === 'finished').map((m) => m.code);

  const workOrders: OrderToPlan[] = [];
  const setUpFor: Record<string, string | null> = {};
  for (const state of PLANNABLE_STATES) {
    for (const order of await listWorkOrders(db, { state, limit: 1000 })) {
      const running = state === 'running' || state === 'paused';
      const made = running ? (await workOrderMachineCounts(db, order.id, { plant, now })).good : 0;
      if (running) setUpFor[order.line] = order.product;
      workOrders.push({
        id: order.id,
        reference: order.number,
        kind: 'work_order',
        product: order.product,
        quantity: Math.max(0, order.quantity - made),
        due: null,
        priority: 'normal',
        state,
        line: order.line,
      });
    }
  }
  // A line not running is set up for what it made last.
  for (const line of plant.lines) {
    if (setUpFor[line.code] !== undefined) continue;
    const [last] = await listWorkOrders(db, { line: line.code, state: 'completed', limit: 1 });
    setUpFor[line.code] = last?.product ?? null;
  }
  // Work orders firmed from proposals keep their due dates and priorities.
  const targets = await workOrderTargetsOf(
    db,
    workOrders.map((w) => w.id),
  );
  for (const [i, w] of workOrders.entries()) {
    const target = targets.get(w.id);
    if (target) workOrders[i] = { ...w, due: target.due, priority: target.priority };
  }
  const held = (await listWorkOrders(db, { state: 'on_hold', limit: 1000 })).map((o) => ({
    id: o.id,
    ...finding('order_on_hold', { reference: o.number }),
  }));

  const orders: {
    product: string;
    due: string;
    quantity: number;
    priority: OrderToPlan['priority'];
  }[] = [];
  for (const state of OPEN_ORDER_STATES) {
    for (const order of await listOrders(db, { state, limit: 1000 })) {
      for (const line of order.lines) {
        const open = line.quantity - line.shipped;
        if (open > 0)
          orders.push({
            product: line.product,
            due: line.due,
            quantity: open,
            priority: order.priority,
          });
      }
    }
  }
  const bucket = weeksFrom(today, weeks);
  const forecasts = await listForecasts(db, { from: bucket[0] as string });
  const stock = await usableStock(db, today);
  const schedule = {
    weeks: bucket,
    products: masterProductionSchedule({
      weeks: bucket,
      products,
      onHand: new Map(products.map((p) => [p, stock.get(p)?.released ?? 0])),
      orders,
      forecasts,
      workOrders: workOrders.map((w) => ({ product: w.product, quantity: w.quantity })),
    }),
  };
  return { plant, today, schedule, workOrders, held, setUpFor };
}

export async function masterSchedule(
  db: Database,
  now: Date,
  weeks: number,
): Promise<MasterSchedule> {
  return (await gatherDemand(db, now, weeks)).schedule;
}

/** The schedule's planned quantities as orders to plan: lots no longer than PROPOSAL_MINUTES of the fastest line. */
function proposals(plant: PlantFile, schedule: MasterSchedule, now: number): OrderToPlan[] {
  const out: OrderToPlan[] = [];
  for (const product of schedule.products) {
    const fastest = Math.max(
      0,
      ...plant.lines.flatMap((l) =>
        l.products.filter((p) => p.product === product.product).map((p) => p.ratePerMinute),
      ),
    );
    if (fastest === 0) continue;
    const lot = Math.max(
      LOT_ROUNDING,
      Math.floor((fastest * PROPOSAL_MINUTES) / LOT_ROUNDING) * LOT_ROUNDING,
    );
    for (const row of product.rows) {
      let left = row.planned;
      // Needed by the start of its week; for the current week, now.
      const due = Math.max(now, zonedEpoch(row.week, 0, plant.site.timezone));
      for (let n = 1; left > 0; n++) {
        const quantity = Math.min(lot, left);
        left -= quantity;
        out.push({
          id: `MPS:${product.product}:${row.week}:${n}`,
          reference: `${product.product} ${row.week} #${n}`,
          kind: 'proposal',
          product: product.product,
          quantity,
          due,
          priority: row.priority,
        });
      }
    }
  }
  return out;
}

export interface ReplanOptions {
  budgetMs: number;
  seed?: number;
}

export async function replan(
  db: Database,
  now: Date,
  actor: string,
  options: ReplanOptions,
): Promise<Plan> {
  const demand = await gatherDemand(db, now, PROPOSAL_WEEKS);
  const { plant } = demand;
  const orders = [...demand.workOrders, ...proposals(plant, demand.schedule, now.getTime())];
  const outages = (await activeOutages(db, now)).map(asLineOutage);
  const last = await latestPlan(db);
  const previous = new Map<string, PreviousPlacement>(
    (last?.orders ?? []).map((o) => [o.id, { line: o.line, start: Date.parse(o.start) }]),
  );
  const built = buildPlanProblem(plant, {
    now: now.getTime(),
    orders,
    outages,
    previous,
    setUpFor: demand.setUpFor,
  });
  const result = await planLinesInWorker(built.problem, {
    budgetMs: options.budgetMs,
    seed: options.seed ?? 1,
  });
  const placed = placeOrders(built, result.jobs, orders);
  const planned = new Set(built.problem.jobs.map((j) => j.id));
  const frozen = built.problem.jobs
    .filter((j) => j.pinned)
    .sort((a, b) => (a.pinned?.rank ?? 0) - (b.pinned?.rank ?? 0))
    .map((j) => ({ id: j.id, line: j.pinned?.line as string }));
  const problems = validatePlan(
    plant,
    { origin: now.getTime(), orders: placed },
    {
      expected: new Map(orders.filter((o) => planned.has(o.id)).map((o) => [o.id, o])),
      frozen,
      outages,
      setUpFor: demand.setUpFor,
    },
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  const horizonEnd = Math.max(now.getTime(), ...placed.map((p) => p.end));
  const document: StoredPlan = {
    iterations: result.iterations,
    elapsedMs: Math.round(result.elapsedMs),
    objective: {
      weightedTardiness: result.objective.weightedTardiness,
      moved: result.objective.moved,
      changeoverMinutes: result.objective.changeoverMinutes,
      makespan: iso(now.getTime() + result.objective.makespan * 60_000),
    },
    orders: placed.map((p) => ({
      id: p.id,
      reference: p.reference,
      kind: p.kind,
      product: p.product,
      quantity: p.quantity,
      priority: p.priority,
      line: p.line,
      start: iso(p.start),
      end: iso(p.end),
      changeover: p.changeover
        ? {
            start: iso(p.changeover.start),
            end: iso(p.changeover.end),
            minutes: p.changeover.minutes,
          }
        : null,
      due: p.due === null ? null : iso(p.due),
      tardinessMinutes: Math.round(p.tardinessMinutes * 100) / 100,
      frozen: p.frozen as StoredPlan['orders'][number]['frozen'],
    })),
    unavailable: [
      ...plant.maintenance.flatMap((m) =>
        m.lines.map((line) => ({
          line,
          kind: 'maintenance' as const,
          start: iso(zonedEpoch(m.from, 0, plant.site.timezone)),
          end: iso(zonedEpoch(m.to, 24 * 60, plant.site.timezone)),
          reason: m.reason,
        })),
      ),
      ...outages.map((o) => ({
        line: o.line,
        kind: 'outage' as const,
        start: iso(o.from),
        end: iso(o.to ?? horizonEnd),
        reason: o.reason,
      })),
    ].filter((u) => Date.parse(u.end) > now.getTime()),
    lines: plant.lines.map((l) => ({ code: l.code, name: l.name })),
    unplanned: [...built.unplanned, ...demand.held],
    beyondHorizon: [...result.beyondHorizon],
    problems,
  };
  return savePlan(db, document, { origin: now, budgetMs: options.budgetMs, actor, at: now });
}

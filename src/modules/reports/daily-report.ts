// What the daily production report says: for one production day, each line's
// shifts with their ISO 22400-2 figures and the day's, the work orders that
// held a line that day, the lots finished that day, and the plant's totals.
// Figures come from the production module's machine KPIs, as on the
// production pages (machineKpisByShift, machineKpisByDay); a work order's
// counts are the ones its page shows (workOrderMachineCounts).
import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { lots } from '../genealogy/schema.js';
import type { PlantFile } from '../plant/index.js';
import {
  type DayKpiReport,
  getWorkOrder,
  machineKpisByDay,
  machineKpisByShift,
  type ShiftKpiReport,
  type TimeWindow,
  type WorkOrderState,
  workOrderMachineCounts,
} from '../production/index.js';
import { workOrderSpans } from '../production/machine-data.js';
import { workOrderEvents, workOrders } from '../production/schema.js';
import { orThrow, productionDay, selectLines } from './production-day.js';
import { type ReportQuery, type Site, siteOf } from './shift-report.js';
import { combinedFigures, type Figures } from './totals.js';

export interface DailyLineReport {
  line: string;
  lineName: string;
  /** The day's shifts on the line as worked so far (none on a day off). */
  shifts: ShiftKpiReport[];
  /** The day's figures; null when no shift of the day has started. */
  day: DayKpiReport | null;
}

export interface WorkedOrder {
  number: string;
  line: string;
  product: string;
  quantity: number;
  state: WorkOrderState;
  /** How long the order held its line (running or paused) within the day, ms. */
  heldMs: number;
  /** The order's counts so far, as the machines counted them while it held its line. */
  good: number;
  reject: number;
  /** Scrap the operators recorded on the order so far. */
  recordedScrap: number;
}

export interface FinishedLot {
  number: string;
  material: string;
  line: string | null;
  workOrder: string | null;
  quantity: number;
  unit: string;
  status: string;
  finishedAt: Date;
}

export interface DailyReport {
  site: Site;
  date: string;
  window: TimeWindow;
  generatedAt: Date;
  /** False while a shift of the day still runs: its figures end at `generatedAt`. */
  complete: boolean;
  lines: DailyLineReport[];
  workOrders: WorkedOrder[];
  lots: FinishedLot[];
  totals: Figures & { workOrders: number; lots: number };
}

export async function dailyReport(
  db: Database,
  plant: PlantFile,
  query: ReportQuery,
): Promise<DailyReport> {
  const day = productionDay(plant, selectLines(plant, query.line), query.date, query.now);
  const now = query.now.getTime();
  const lines: DailyLineReport[] = [];
  for (const { line, shifts } of day.lines) {
    const first = shifts[0];
    if (!first) {
      lines.push({ line: line.code, lineName: line.name, shifts: [], day: null });
      continue;
    }
    const asked = {
      line: line.code,
      from: new Date(first.from),
      to: new Date(Math.max(...shifts.map((s) => s.to))),
      group: query.group,
      now: query.now,
    };
    const byShift = orThrow(await machineKpisByShift(db, plant, asked));
    const byDay = orThrow(await machineKpisByDay(db, plant, asked));
    lines.push({
      line: line.code,
      lineName: line.name,
      shifts: byShift.filter((s) => s.day === query.date),
      day: byDay.find((d) => d.day === query.date) ?? null,
    });
  }
  const lineCodes = day.lines.map((l) => l.line.code);
  const orders = await ordersWorked(db, plant, lineCodes, day.window, query);
  const finished = await lotsFinished(db, query.line === undefined ? null : lineCodes, day.window);
  const figures = combinedFigures(lines.flatMap((l) => (l.day ? [l.day] : [])));
  return {
    site: siteOf(plant),
    date: query.date,
    window: day.window,
    generatedAt: query.now,
    complete: day.lines.every((l) => l.shifts.every((s) => s.to <= now)),
    lines,
    workOrders: orders,
    lots: finished,
    totals: { ...figures, workOrders: orders.length, lots: finished.length },
  };
}

const overlap = (a: TimeWindow, b: TimeWindow) =>
  Math.max(0, Math.min(a.to, b.to) - Math.max(a.from, b.from));

/** The work orders that held one of the lines within the window, by line and start. */
async function ordersWorked(
  db: Database,
  plant: PlantFile,
  lineCodes: readonly string[],
  window: TimeWindow,
  query: ReportQuery,
): Promise<WorkedOrder[]> {
  if (lineCodes.length === 0) return [];
  // Candidates: orders that hold or may again hold their line now, and those
  // whose state changed since the day began. Their spans say which held it.
  const changedSince = sql`exists (select 1 from ${workOrderEvents}
    where ${workOrderEvents.workOrderId} = ${workOrders.id}
      and ${workOrderEvents.type} = 'work_order.state_changed'
      and ${workOrderEvents.at} >= ${new Date(window.from).toISOString()}::timestamptz)`;
  const candidates = await db
    .select({ id: workOrders.id })
    .from(workOrders)
    .where(
      and(
        inArray(workOrders.lineCode, [...lineCodes]),
        or(inArray(workOrders.state, ['running', 'paused', 'on_hold']), changedSince),
      ),
    );
  if (candidates.length === 0) return [];
  const events = await db
    .select({
      id: workOrderEvents.workOrderId,
      at: workOrderEvents.at,
      event: workOrderEvents.event,
    })
    .from(workOrderEvents)
    .where(
      and(
        inArray(
          workOrderEvents.workOrderId,
          candidates.map((c) => c.id),
        ),
        eq(workOrderEvents.type, 'work_order.state_changed'),
        lt(workOrderEvents.at, new Date(window.to)),
      ),
    )
    .orderBy(asc(workOrderEvents.seq));
  const transitions = new Map<string, { to: string; at: number }[]>();
  for (const { id, at, event } of events) {
    if (event.type !== 'work_order.state_changed') continue;
    const list = transitions.get(id) ?? [];
    list.push({ to: event.to, at: at.getTime() });
    transitions.set(id, list);
  }
  const until = Math.min(window.to, query.now.getTime());
  const worked: (WorkedOrder & { since: number })[] = [];
  for (const [id, list] of transitions) {
    const spans = workOrderSpans(list, until);
    const heldMs = spans.reduce((total, span) => total + overlap(span, window), 0);
    const first = spans.find((span) => overlap(span, window) > 0);
    if (!first) continue;
    const order = await getWorkOrder(db, id);
    const counts = await workOrderMachineCounts(db, id, {
      plant,
      group: query.group,
      now: query.now,
    });
    worked.push({
      number: order.number,
      line: order.line,
      product: order.product,
      quantity: order.quantity,
      state: order.state,
      heldMs,
      good: counts.good,
      reject: counts.reject,
      recordedScrap: order.recordedScrap,
      since: first.from,
    });
  }
  worked.sort((a, b) => a.line.localeCompare(b.line) || a.since - b.since);
  return worked.map(({ since: _since, ...order }) => order);
}

/** Lots made in the plant whose making ended within the window (rework lots with every line). */
async function lotsFinished(
  db: Database,
  lineCodes: readonly string[] | null,
  window: TimeWindow,
): Promise<FinishedLot[]> {
  const rows = await db
    .select()
    .from(lots)
    .where(
      and(
        eq(lots.origin, 'made'),
        gte(lots.madeTo, new Date(window.from)),
        lt(lots.madeTo, new Date(window.to)),
        ...(lineCodes ? [inArray(lots.line, [...lineCodes])] : []),
      ),
    )
    .orderBy(asc(lots.madeTo), asc(lots.number));
  return rows.map((row) => ({
    number: row.number,
    material: row.material,
    line: row.line,
    workOrder: row.workOrderNumber,
    quantity: row.quantity,
    unit: row.unit,
    status: row.status,
    finishedAt: row.madeTo ?? row.createdAt,
  }));
}

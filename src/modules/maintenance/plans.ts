// Preventive plans, persisted: made by a maintenance planner, and turned into
// preventive work orders as their due points come (preventive.ts has the
// rules). Each plan generates in its own transaction, under a lock on its
// row: the orders, the line windows they reserve (planning outages, so the
// next line plan works around them) and the plan's last generated point move
// together, and the database refuses a second order for a point.
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import { addDays } from '../../core/dates.js';
import type { Transaction } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid, notFound } from '../../core/errors.js';
import { recordOutage } from '../planning/index.js';
import { currentPlant, localDate, type PlantFile } from '../plant/index.js';
import { watchKey } from './breakdown-detection.js';
import { stationCounts } from './equipment.js';
import {
  type CalendarTrigger,
  type Counter,
  type CounterTrigger,
  calendarDueDate,
  calendarPointsDue,
  counterDueCount,
  counterPointsDue,
  counterValue,
  jobWindow,
  productionMinutes,
  startOfDay,
  whenMade,
} from './preventive.js';
import { plans } from './schema.js';
import { assetOf, attachOutage, insertOrder, type MaintenanceContext } from './work-orders.js';

/** Who generated orders name as their actor. */
export const PLANS_ACTOR = 'lotline:preventive-plans';

interface PlanCommon {
  code: string;
  title: string;
  instructions?: string;
  line: string;
  station?: string;
  /** Days ahead of the due point the order is made (0: on the day, or at the count). */
  leadDays: number;
  durationMinutes: number;
  /** The job stops the line: its window is reserved in the line plan. */
  needsLineDown: boolean;
}

export type PlanInput =
  | (PlanCommon & { trigger: 'calendar'; everyDays: number; firstDue?: string })
  | (PlanCommon & { trigger: 'counter'; counter: Counter; every: number; firstDueAfter?: number });

type PlanRow = typeof plans.$inferSelect;

export interface PlanView {
  code: string;
  title: string;
  instructions: string | null;
  line: string;
  station: string | null;
  trigger: 'calendar' | 'counter';
  everyDays: number | null;
  firstDue: string | null;
  counter: Counter | null;
  every: number | null;
  /** Counter plans: the station's counter when the plan was made. */
  baseline: number | null;
  leadDays: number;
  durationMinutes: number;
  needsLineDown: boolean;
  active: boolean;
  lastDueIndex: number;
  next: {
    index: number;
    /** Calendar plans: the date of the next due point. */
    due: string | null;
    /** Counter plans: the counter value of the next due point, the counter now, and what is left. */
    dueCount: number | null;
    count: number | null;
    remaining: number | null;
  };
  createdAt: string;
  createdBy: string;
}

function triggerOf(row: PlanRow): CalendarTrigger | CounterTrigger {
  return row.trigger === 'calendar'
    ? { kind: 'calendar', intervalDays: row.intervalDays ?? 1, firstDue: row.firstDue ?? '' }
    : {
        kind: 'counter',
        counter: (row.counter ?? 'cycles') as Counter,
        intervalCount: row.intervalCount ?? 1,
        baseline: row.baseline ?? 0,
        firstDueAfter: row.firstDueAfter ?? row.intervalCount ?? 1,
      };
}

function view(row: PlanRow, count: number | null): PlanView {
  const trigger = triggerOf(row);
  const index = row.lastDueIndex + 1;
  const dueCount = trigger.kind === 'counter' ? counterDueCount(trigger, index) : null;
  return {
    code: row.code,
    title: row.title,
    instructions: row.instructions,
    line: row.line,
    station: row.station,
    trigger: trigger.kind,
    everyDays: trigger.kind === 'calendar' ? trigger.intervalDays : null,
    firstDue: trigger.kind === 'calendar' ? trigger.firstDue : null,
    counter: trigger.kind === 'counter' ? trigger.counter : null,
    every: trigger.kind === 'counter' ? trigger.intervalCount : null,
    baseline: trigger.kind === 'counter' ? trigger.baseline : null,
    leadDays: row.leadDays,
    durationMinutes: row.durationMinutes,
    needsLineDown: row.needsLineDown,
    active: row.active,
    lastDueIndex: row.lastDueIndex,
    next: {
      index,
      due: trigger.kind === 'calendar' ? calendarDueDate(trigger, index) : null,
      dueCount,
      count: trigger.kind === 'counter' ? count : null,
      remaining: dueCount !== null && count !== null ? Math.max(0, dueCount - count) : null,
    },
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

const groupOf = (context: MaintenanceContext, plant: PlantFile) =>
  context.machineGroup ?? plant.site.code;

async function countOf(
  context: MaintenanceContext,
  plant: PlantFile,
  row: Pick<PlanRow, 'line' | 'station' | 'counter' | 'trigger'>,
): Promise<number | null> {
  if (row.trigger !== 'counter' || !row.station) return null;
  const counts = await stationCounts(context.db, groupOf(context, plant));
  const station = counts.get(watchKey(row.line, row.station));
  return counterValue((row.counter ?? 'cycles') as Counter, station ?? { good: 0, reject: 0 });
}

export async function createPlan(
  context: MaintenanceContext,
  input: PlanInput,
  actor: string,
): Promise<PlanView> {
  const { plant } = await currentPlant(context.db);
  assetOf(plant, input.line, input.station ?? null);
  const now = context.clock();
  const today = localDate(now.getTime(), plant.site.timezone);
  let values: Partial<typeof plans.$inferInsert>;
  if (input.trigger === 'calendar') {
    const firstDue = input.firstDue ?? addDays(today, input.everyDays);
    if (firstDue < today) {
      throw invalid('plan_starts_in_past', 'firstDue: a plan starts today or later', {
        today,
      }).withIssues([
        fieldIssue('firstDue', 'date_before_minimum', 'must be {{minimum}} or later', {
          minimum: today,
        }),
      ]);
    }
    values = { trigger: 'calendar', intervalDays: input.everyDays, firstDue };
  } else {
    if (!input.station) {
      throw invalid(
        'counter_plan_needs_station',
        "station: a counter plan counts one station's units",
      ).withIssues([
        fieldIssue('station', 'counter_plan_needs_station', 'required for a counter plan'),
      ]);
    }
    const baseline =
      (await countOf(context, plant, {
        line: input.line,
        station: input.station,
        counter: input.counter,
        trigger: 'counter',
      })) ?? 0;
    values = {
      trigger: 'counter',
      counter: input.counter,
      intervalCount: input.every,
      baseline,
      firstDueAfter: input.firstDueAfter ?? input.every,
    };
  }
  const row = await context.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.code, input.code));
    if (taken) {
      throw conflict('preventive_plan_exists', 'preventive plan {{plan}} exists already', {
        plan: input.code,
      });
    }
    const [inserted] = await tx
      .insert(plans)
      .values({
        id: randomUUID(),
        code: input.code,
        title: input.title,
        instructions: input.instructions ?? null,
        line: input.line,
        station: input.station ?? null,
        trigger: input.trigger,
        ...values,
        leadDays: input.leadDays,
        durationMinutes: input.durationMinutes,
        needsLineDown: input.needsLineDown,
        createdAt: now,
        createdBy: actor,
      })
      .returning();
    if (!inserted) throw new Error('the plan was not stored');
    await recordAudit(tx, {
      actor,
      action: 'maintenance.plan.created',
      entityType: 'maintenance_plan',
      entityId: input.code,
      after: input,
    });
    return inserted;
  });
  // What is due at once is generated at once.
  await generateForPlan(context, plant, groupOf(context, plant), row.id);
  return getPlan(context, input.code);
}

export async function listPlans(context: MaintenanceContext): Promise<PlanView[]> {
  const { plant } = await currentPlant(context.db);
  const rows = await context.db.select().from(plans).orderBy(asc(plans.code));
  const counts = await stationCounts(context.db, groupOf(context, plant));
  return rows.map((row) => {
    const station = row.station ? counts.get(watchKey(row.line, row.station)) : undefined;
    const count =
      row.trigger === 'counter'
        ? counterValue((row.counter ?? 'cycles') as Counter, station ?? { good: 0, reject: 0 })
        : null;
    return view(row, count);
  });
}

export async function getPlan(context: MaintenanceContext, code: string): Promise<PlanView> {
  const { plant } = await currentPlant(context.db);
  const [row] = await context.db.select().from(plans).where(eq(plans.code, code));
  if (!row) {
    throw notFound('preventive_plan_not_found', 'preventive plan {{plan}} does not exist', {
      plan: code,
    });
  }
  return view(row, await countOf(context, plant, row));
}

/** Generates what every active plan has due now; returns the new orders' numbers. */
export async function generatePreventive(
  context: Pick<MaintenanceContext, 'db' | 'clock'> & {
    /** The Sparkplug group whose counters the counter plans read. */
    group: string;
  },
  plant?: PlantFile,
): Promise<string[]> {
  const current = plant ?? (await currentPlant(context.db)).plant;
  const rows = await context.db
    .select({ id: plans.id })
    .from(plans)
    .where(eq(plans.active, true))
    .orderBy(asc(plans.code));
  const made: string[] = [];
  for (const { id } of rows) {
    made.push(...(await generateForPlan(context, current, context.group, id)));
  }
  return made;
}

async function generateForPlan(
  context: Pick<MaintenanceContext, 'db' | 'clock'>,
  plant: PlantFile,
  group: string,
  planId: string,
): Promise<string[]> {
  const now = context.clock();
  const counts = await stationCounts(context.db, group);
  return context.db.transaction(async (tx) => {
    const [row] = await tx.select().from(plans).where(eq(plans.id, planId)).for('update');
    if (!row?.active) return [];
    const line = plant.lines.find((l) => l.code === row.line);
    // A plan whose line or station left the plant generates nothing.
    if (!line) return [];
    const station = row.station ? line.stations.find((s) => s.code === row.station) : undefined;
    if (row.station && !station) return [];
    const trigger = triggerOf(row);
    const points: { index: number; dueAt: Date; dueCount: number | null; from: number }[] = [];
    if (trigger.kind === 'calendar') {
      const today = localDate(now.getTime(), plant.site.timezone);
      for (const p of calendarPointsDue(trigger, row.lastDueIndex, row.leadDays, today)) {
        const window = jobWindow(plant, row.line, startOfDay(plant, p.due), row.durationMinutes);
        points.push({
          index: p.index,
          dueAt: new Date(window.from),
          dueCount: null,
          from: window.from,
        });
      }
    } else if (station) {
      const count = counterValue(
        trigger.counter,
        counts.get(watchKey(row.line, station.code)) ?? { good: 0, reject: 0 },
      );
      const leadUnits =
        row.leadDays > 0
          ? productionMinutes(
              plant,
              row.line,
              now.getTime(),
              now.getTime() + row.leadDays * 86_400_000,
            ) * station.ratePerMinute
          : 0;
      for (const p of counterPointsDue(trigger, row.lastDueIndex, count, leadUnits)) {
        const at =
          whenMade(plant, row.line, now.getTime(), p.dueCount - count, station.ratePerMinute) ??
          now.getTime();
        points.push({ index: p.index, dueAt: new Date(at), dueCount: p.dueCount, from: at });
      }
    }
    const made: string[] = [];
    for (const point of points) {
      made.push(await makeOrder(tx, plant, row, point, now));
    }
    const last = points.at(-1);
    if (last) {
      await tx.update(plans).set({ lastDueIndex: last.index }).where(eq(plans.id, row.id));
    }
    return made;
  });
}

async function makeOrder(
  tx: Transaction,
  plant: PlantFile,
  plan: PlanRow,
  point: { index: number; dueAt: Date; dueCount: number | null; from: number },
  now: Date,
): Promise<string> {
  const window = jobWindow(plant, plan.line, point.from, plan.durationMinutes);
  const order = await insertOrder(
    tx,
    {
      kind: 'preventive',
      line: plan.line,
      station: plan.station,
      title: plan.title,
      description: plan.instructions,
      dueAt: point.dueAt,
      dueCount: point.dueCount,
      window: { from: new Date(window.from), to: new Date(window.to) },
      planId: plan.id,
      dueIndex: point.index,
    },
    PLANS_ACTOR,
    now,
  );
  // A job that stops the line takes its window out of the line plan's capacity.
  if (plan.needsLineDown && window.to > now.getTime()) {
    const outage = await recordOutage(
      tx,
      {
        line: plan.line,
        from: new Date(window.from),
        to: new Date(window.to),
        reason: `maintenance ${order.number}: ${plan.title}`,
        source: 'maintenance',
        sourceRef: order.number,
      },
      PLANS_ACTOR,
      now,
    );
    await attachOutage(tx, order.id, outage.id);
  }
  return order.number;
}

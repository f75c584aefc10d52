// HTTP routes for work orders and line KPIs. Each command has its own route
// so that it can name its own permission: planners plan, release, hold and
// close; line operators start, pause, resume, record scrap and complete. A
// client may send an Idempotency-Key header so that a retried command takes
// effect once. The KPI routes read what the machines reported (machine-kpis.ts).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../../core/auth/roles.js';
import { refusalError as windowRefusal } from '../../core/errors.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { currentPlant } from '../plant/index.js';
import type { KpiReport, Kpis, ParetoEntry, WorkOrderKpiReport } from './kpi.js';
import {
  lineStateTimeline,
  MAX_WINDOW_DAYS,
  machineDowntimePareto,
  machineKpisByDay,
  machineKpisByShift,
  machineLineKpis,
  machineWindow,
  machineWorkOrderKpis,
  refusalError,
} from './machine-kpis.js';
import { downtimeReasonIndex, LINE_STATES, type Outcome, type TimeWindow } from './model.js';
import * as service from './service.js';
import type { StateInterval } from './time-model.js';
import { RECENT_SCRAP_KEPT, WORK_ORDER_STATES, type WorkOrderCommand } from './work-order.js';

const Transition = z.object({
  from: z.enum(WORK_ORDER_STATES).nullable(),
  to: z.enum(WORK_ORDER_STATES),
  command: z.string(),
  at: z.string(),
  actor: z.string(),
  reason: z.string().optional(),
  note: z.string().optional(),
});
const ScrapRecord = z
  .object({
    quantity: z.number(),
    reason: z.string(),
    station: z.string().optional(),
    at: z.string(),
    actor: z.string(),
  })
  .meta({ id: 'ScrapRecord' });
const WorkOrder = z
  .object({
    id: z.string(),
    number: z.string(),
    product: z.string(),
    line: z.string(),
    quantity: z.number().int(),
    state: z.enum(WORK_ORDER_STATES),
    heldFrom: z.enum(WORK_ORDER_STATES).nullable(),
    goodCount: z.number(),
    scrapCount: z.number(),
    recordedScrap: z.number().int().describe('units of scrap the operators recorded by hand'),
    scrapEntries: z.number().int().describe('how many scrap records make up recordedScrap'),
    recentScrap: z
      .array(ScrapRecord)
      .readonly()
      .describe(
        `the latest scrap records, oldest first (at most ${RECENT_SCRAP_KEPT}); all of them at /work-orders/{id}/scrap`,
      ),
    history: z.array(Transition).readonly(),
  })
  .meta({ id: 'WorkOrder' });

const WorkOrderScrap = z
  .object({
    units: z.number().int(),
    entries: z.number().int(),
    byReason: z.array(
      z.object({ reason: z.string(), units: z.number().int(), entries: z.number().int() }),
    ),
    records: z.array(ScrapRecord).describe('newest first, at most `limit`'),
  })
  .meta({ id: 'WorkOrderScrap' });

const IdParams = z.object({ id: z.uuid() });
const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .optional()
    .describe('a client-chosen key; the same key again returns the order without a second effect'),
});
const errors = { 400: Problem, 404: Problem, 409: Problem };

const Code = z.string().min(1).max(40);

/** The body of each command route, and the permission it needs. */
const COMMANDS = {
  release: { access: 'production.plan', body: z.object({}).strict() },
  start: { access: 'production.operate', body: z.object({}).strict() },
  pause: {
    access: 'production.operate',
    body: z.strictObject({
      reason: Code.describe('a reportable downtime reason code of the plant'),
      note: z.string().max(500).optional(),
    }),
  },
  resume: { access: 'production.operate', body: z.object({}).strict() },
  hold: {
    access: 'production.plan',
    body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
  },
  unhold: { access: 'production.plan', body: z.object({}).strict() },
  scrap: {
    access: 'production.operate',
    body: z.strictObject({
      quantity: z.number().int().positive(),
      reason: Code.describe('a scrap reason code of the plant'),
      station: Code.optional(),
    }),
  },
  complete: { access: 'production.operate', body: z.object({}).strict() },
  close: { access: 'production.plan', body: z.object({}).strict() },
  cancel: {
    access: 'production.plan',
    body: z.strictObject({ reason: z.string().max(500).optional() }),
  },
} as const satisfies Record<string, { access: Permission; body: z.ZodType }>;
type CommandRoute = keyof typeof COMMANDS;

function toCommand(route: CommandRoute, body: Record<string, unknown>): WorkOrderCommand {
  switch (route) {
    case 'scrap':
      return {
        type: 'recordScrap',
        ...(body as { quantity: number; reason: string; station?: string }),
      };
    case 'pause':
      return { type: 'pause', ...(body as { reason: string; note?: string }) };
    case 'hold':
      return { type: 'hold', ...(body as { reason: string }) };
    case 'cancel':
      return { type: 'cancel', ...(body as { reason?: string }) };
    case 'release':
    case 'start':
    case 'resume':
    case 'unhold':
    case 'complete':
    case 'close':
      return { type: route };
    default: {
      const unknownRoute: never = route;
      throw new Error(`unhandled command route ${String(unknownRoute)}`);
    }
  }
}

// ------------------------------------------------------- KPI schemas ----

const Instant = z.string().describe('ISO 8601 date-time');
const Window = z.object({ from: Instant, to: Instant });
const Ms = z.number().describe('milliseconds');
const Ratio = z.number().nullable().describe('a ratio; null where its denominator is 0');

const TimeElements = z
  .object({
    pot: Ms.describe("planned operation time: the calendar's shifts, plus overtime"),
    plannedDowntime: Ms.describe('breaks and other planned stops, planned maintenance'),
    pbt: Ms.describe('planned busy time: POT less planned down time'),
    aubt: Ms.describe('actual unit busy time: AUPT + ADET'),
    aupt: Ms.describe('actual unit processing time: APT + ASUT'),
    apt: Ms.describe('actual production time: the line ran'),
    asut: Ms.describe('actual setup time: changeovers'),
    adet: Ms.describe('actual unit delay time: down, starved, blocked'),
    adot: Ms.describe('actual unit down time: idle, and unrecorded'),
    unrecorded: Ms.describe('planned time in which the machines reported nothing'),
    overtime: Ms.describe('time outside the calendar in which the line ran or was set up'),
    byState: z.record(z.enum(LINE_STATES), Ms).describe('reported time by line state'),
  })
  .meta({ id: 'TimeElements' });

const KpiValues = z
  .object({
    availability: Ratio.describe('APT / PBT'),
    effectiveness: Ratio.describe('PRU × PQ / APT (performance; may exceed 1)'),
    qualityRatio: Ratio.describe('GQ / PQ'),
    oee: Ratio.describe('availability × effectiveness × quality ratio = PRU × GQ / PBT'),
    nee: Ratio.describe('(AUPT / PBT) × effectiveness × quality ratio'),
    allocationEfficiency: Ratio.describe('AUBT / PBT'),
    utilizationEfficiency: Ratio.describe('APT / AUBT'),
    technicalEfficiency: Ratio.describe('APT / (APT + ADET)'),
    setupRate: Ratio.describe('ASUT / AUPT'),
    scrapRatio: Ratio.describe('SQ / PQ'),
    reworkRatio: Ratio.describe('RQ / PQ'),
  })
  .meta({ id: 'Kpis' });

const reportFields = {
  window: Window,
  pruMs: Ms.describe('planned runtime per unit (1 / rated rate), weighted by what was made'),
  times: TimeElements,
  quantities: z.object({
    good: z.number().int(),
    scrap: z.number().int(),
    rework: z.number().int(),
    produced: z.number().int(),
  }),
  kpis: KpiValues,
};

const KpiReportSchema = z
  .object({
    ...reportFields,
    shift: z.string().optional().describe('with by=shift: the shift code'),
    day: z.string().optional().describe('with by=shift or by=day: the production day'),
    maintenance: z.boolean().optional().describe('with by=shift: a day of planned maintenance'),
    shifts: z.array(z.string()).optional().describe('with by=day: the shifts of the day'),
  })
  .meta({ id: 'KpiReport' });

const LineKpis = z
  .object({
    line: z.string(),
    group: z.string().describe('the Sparkplug group the machine data came from'),
    by: z.enum(['window', 'shift', 'day']),
    window: Window,
    reports: z.array(KpiReportSchema),
  })
  .meta({ id: 'LineKpis' });

const ParetoEntrySchema = z.object({
  reason: z.string().nullable().describe('a downtime reason code; null for stops without one'),
  name: z.string().nullable().describe("the reason's name in the plant's tree"),
  category: z.string().nullable(),
  durationMs: Ms,
  count: z.number().int().describe('stops: contiguous time with one state and reason counts once'),
  share: z.number(),
  cumulativeShare: z.number(),
});

const IntervalSchema = z.object({
  from: Instant,
  to: Instant,
  state: z.enum(LINE_STATES),
  reason: z.string().optional(),
});

const WorkOrderKpis = z
  .object({
    workOrder: z.object({
      id: z.string(),
      number: z.string(),
      line: z.string(),
      product: z.string(),
      state: z.enum(WORK_ORDER_STATES),
    }),
    spans: z.array(Window).describe('when the order held its line: running or paused'),
    good: z.number().int().describe("good units out of the line's output station meanwhile"),
    reject: z.number().int().describe('units scrapped at any station meanwhile'),
    report: z
      .object({
        ...reportFields,
        aoetMs: Ms.describe('actual order execution time: first start to last stop'),
        productionProcessRatio: Ratio.describe('APT / AOET'),
        throughputPerMinute: z.number().nullable().describe('PQ / AOET, units per minute'),
      })
      .nullable()
      .describe('null for an order that never ran'),
  })
  .meta({ id: 'WorkOrderKpis' });

const LineParams = z.object({ line: Code });
const WindowQuery = {
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('start of the window; by default 24 hours before its end'),
  to: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      `end of the window (at most ${MAX_WINDOW_DAYS} days after its start); by default now`,
    ),
};

const iso = (ms: number) => new Date(ms).toISOString();
const windowOut = (w: TimeWindow) => ({ from: iso(w.from), to: iso(w.to) });
const kpisOut = (k: Kpis) =>
  Object.fromEntries(Object.entries(k).map(([name, v]) => [name, v ?? null])) as {
    [K in keyof Kpis]: number | null;
  };
const reportOut = (r: KpiReport) => ({
  window: windowOut(r.window),
  pruMs: r.pruMs,
  times: r.times,
  quantities: r.quantities,
  kpis: kpisOut(r.kpis),
});
const intervalOut = (i: StateInterval) => ({
  from: iso(i.from),
  to: iso(i.to),
  state: i.state,
  ...(i.reason !== undefined ? { reason: i.reason } : {}),
});

function orThrow<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw refusalError(outcome.error);
  return outcome.value;
}

/** The window a KPI route reads, checked, naming the field that is wrong. */
function requestedWindow(
  query: { from?: string; to?: string },
  now: Date,
): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
  const checked = machineWindow({ from, to });
  if (!checked.ok) {
    const field = checked.error.code === 'window_too_long' ? 'query.from' : 'query.to';
    const { code, message, params } = checked.error;
    throw windowRefusal('invalid', { code, message: 'the window is not valid', params }, [
      { path: field, message, code, ...(params ? { params } : {}) },
    ]);
  }
  return { from, to };
}

export function productionRoutes(context: service.ProductionContext): FastifyPluginAsync {
  const { db } = context;
  const actorOf = (request: FastifyRequest) => requirePrincipal(request).user.username;
  /** A command's order, as its terminal polls it: the command's own path without its last step. */
  const orderUrl = (request: FastifyRequest) => {
    const path = request.url.split('?', 1)[0] ?? request.url;
    return path.slice(0, path.lastIndexOf('/'));
  };
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['production'];

    app.get(
      '/work-orders',
      {
        config: { readCache: true, access: 'production.read' },
        schema: {
          tags,
          summary: 'Work orders, newest first',
          querystring: z.object({
            line: Code.optional(),
            state: z.enum(WORK_ORDER_STATES).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.array(WorkOrder), ...errors },
        },
      },
      async (request) => service.listWorkOrders(db, request.query),
    );

    app.get(
      '/work-orders/:id',
      {
        config: { readCache: true, access: 'production.read' },
        schema: {
          tags,
          summary: 'One work order',
          params: IdParams,
          response: { 200: WorkOrder, ...errors },
        },
      },
      async (request) => service.getWorkOrder(db, request.params.id),
    );

    app.get(
      '/work-orders/:id/scrap',
      {
        config: { readCache: true, access: 'production.read' },
        schema: {
          tags,
          summary: "A work order's recorded scrap: totals by reason and the latest records",
          params: IdParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(1_000).default(100),
          }),
          response: { 200: WorkOrderScrap, ...errors },
        },
      },
      async (request) => service.workOrderScrap(db, request.params.id, request.query.limit),
    );

    app.get(
      '/work-orders/:id/events',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary: 'What happened to a work order, in order',
          params: IdParams,
          response: {
            200: z.array(
              z.looseObject({
                type: z.string(),
                at: z.string(),
                actor: z.string(),
                workOrderNumber: z.string(),
              }),
            ),
            ...errors,
          },
        },
      },
      async (request) =>
        (await service.listWorkOrderEvents(db, request.params.id)).map((event) => ({ ...event })),
    );

    app.post(
      '/work-orders',
      {
        config: { access: 'production.plan' },
        schema: {
          tags,
          summary: 'Plan a work order: make N of a product on a line',
          body: z.strictObject({
            product: Code,
            line: Code,
            quantity: z.number().int().positive(),
            number: z
              .string()
              .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'expected letters, digits, . _ -')
              .optional(),
          }),
          response: { 201: WorkOrder, ...errors },
        },
      },
      async (request, reply) => {
        const order = await service.planWorkOrder(context, request.body, actorOf(request));
        return reply.status(201).send(order);
      },
    );

    for (const [route, spec] of Object.entries(COMMANDS) as [
      CommandRoute,
      (typeof COMMANDS)[CommandRoute],
    ][]) {
      app.post(
        `/work-orders/:id/${route}`,
        {
          // Its answer is the order as a poll of it would read it now.
          config: { access: spec.access, primesReadCache: orderUrl },
          schema: {
            tags,
            summary: `Work order command: ${route}`,
            params: IdParams,
            headers: IdempotencyHeaders,
            body: spec.body,
            response: { 200: WorkOrder, ...errors },
          },
        },
        async (request) =>
          service.commandWorkOrder(
            context,
            request.params.id,
            toCommand(route, (request.body ?? {}) as Record<string, unknown>),
            actorOf(request),
            request.headers['idempotency-key'] as string | undefined,
          ),
      );
    }

    // ---------------------------------------------- KPIs from machine data ----

    const machineQuery = async (line: string, query: { from?: string; to?: string }) => {
      const { plant } = await currentPlant(db);
      const now = context.clock();
      return {
        plant,
        q: {
          line,
          ...requestedWindow(query, now),
          group: context.machineGroup ?? plant.site.code,
          now,
        },
      };
    };

    app.get(
      '/lines/:line/kpis',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary:
            "A line's ISO 22400-2 KPIs from its machine data: for the window, by shift or by day",
          description:
            'Counts and states as the machines reported them; a window reaching past now ends now.',
          params: LineParams,
          querystring: z.object({
            ...WindowQuery,
            by: z
              .enum(['window', 'shift', 'day'])
              .default('window')
              .describe('one report for the window, one per shift, or one per production day'),
          }),
          response: { 200: LineKpis, ...errors },
        },
      },
      async (request) => {
        const { plant, q } = await machineQuery(request.params.line, request.query);
        const by = request.query.by;
        let reports: z.infer<typeof KpiReportSchema>[];
        if (by === 'shift') {
          reports = orThrow(await machineKpisByShift(db, plant, q)).map((r) => ({
            ...reportOut(r),
            shift: r.shift,
            day: r.day,
            maintenance: r.maintenance,
          }));
        } else if (by === 'day') {
          reports = orThrow(await machineKpisByDay(db, plant, q)).map((r) => ({
            ...reportOut(r),
            day: r.day,
            shifts: r.shifts,
          }));
        } else {
          reports = [reportOut(orThrow(await machineLineKpis(db, plant, q)))];
        }
        return {
          line: q.line,
          group: q.group,
          by,
          window: windowOut(orThrow(machineWindow(q))),
          reports,
        };
      },
    );

    app.get(
      '/lines/:line/downtime-pareto',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary: "A line's downtime by reason, longest first, from its machine data",
          params: LineParams,
          querystring: z.object({
            ...WindowQuery,
            scope: z
              .enum(['line', 'stations'])
              .default('line')
              .describe(
                "line: the line's time by the reason it stood; stations: machine time, every station's own stops summed",
              ),
          }),
          response: {
            200: z.object({
              line: z.string(),
              scope: z.enum(['line', 'stations']),
              window: Window,
              entries: z.array(ParetoEntrySchema),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { plant, q } = await machineQuery(request.params.line, request.query);
        const scope = request.query.scope;
        const entries = orThrow(await machineDowntimePareto(db, plant, { ...q, scope }));
        const reasons = downtimeReasonIndex(plant);
        return {
          line: q.line,
          scope,
          window: windowOut(orThrow(machineWindow(q))),
          entries: entries.map((e: ParetoEntry) => {
            const known = e.reason === null ? undefined : reasons.get(e.reason);
            return { ...e, name: known?.name ?? null, category: known?.category ?? null };
          }),
        };
      },
    );

    app.get(
      '/lines/:line/timeline',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary: "A line's states over a window, as its machines reported them",
          description:
            'The output station speaks for the line; a starved output takes the state and reason of the station that starves it. Outside the shifts the line is off_shift unless it ran. Gaps: nothing was reported.',
          params: LineParams,
          querystring: z.object(WindowQuery),
          response: {
            200: z.object({ line: z.string(), window: Window, intervals: z.array(IntervalSchema) }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { plant, q } = await machineQuery(request.params.line, request.query);
        const intervals = await lineStateTimeline(db, { ...q, plant });
        return {
          line: q.line,
          window: windowOut(orThrow(machineWindow(q))),
          intervals: intervals.map(intervalOut),
        };
      },
    );

    app.get(
      '/work-orders/:id/kpis',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary: "A work order's counts and ISO 22400-2 KPIs from the machines of its line",
          description:
            'Counted while the order held its line (running or paused, from start to completion; not on hold).',
          params: IdParams,
          response: { 200: WorkOrderKpis, ...errors },
        },
      },
      async (request) => {
        const { plant } = await currentPlant(db);
        const result = orThrow(
          await machineWorkOrderKpis(db, plant, request.params.id, {
            group: context.machineGroup ?? plant.site.code,
            now: context.clock(),
          }),
        );
        const report: WorkOrderKpiReport | null = result.report;
        return {
          workOrder: result.workOrder,
          spans: result.spans.map(windowOut),
          good: result.good,
          reject: result.reject,
          report: report
            ? {
                ...reportOut(report),
                aoetMs: report.aoet,
                productionProcessRatio: report.productionProcessRatio ?? null,
                throughputPerMinute: report.throughputPerMinute ?? null,
              }
            : null,
        };
      },
    );
  };
}

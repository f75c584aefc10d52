// HTTP routes of the maintenance module, under /api/maintenance: equipment
// (the stations as assets, one with its history and reliability), requests
// and work orders with the technicians' commands, preventive plans, spare
// parts, and reliability by line and station. Reading needs
// maintenance.read; opening a request maintenance.request; taking, recording
// work, closing, cancelling and reserving or issuing parts maintenance.work;
// making plans maintenance.plan. Commands take an Idempotency-Key header so a
// retried one takes effect once.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldIssue, invalid } from '../../core/errors.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { currentPlant } from '../plant/index.js';
import { assetHistory, listEquipment } from './equipment.js';
import {
  MAINTENANCE_KINDS,
  MAINTENANCE_STATES,
  type MaintenanceCommand,
  REQUEST_KINDS,
} from './model.js';
import { createPlan, getPlan, listPlans } from './plans.js';
import { COUNTERS } from './preventive.js';
import { reliabilityReport, reliabilityWindow } from './reliability-service.js';
import { issueParts, reserveParts, sparePartShortages, sparePartStock } from './spare-parts.js';
import {
  commandWorkOrder,
  getWorkOrder,
  listWorkOrders,
  type MaintenanceContext,
  openRequest,
} from './work-orders.js';

const tags = ['maintenance'];
const errors = { 400: Problem, 404: Problem, 409: Problem };
const Code = z.string().min(1).max(40);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Instant = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
const IsoDate = z.iso.date().describe('YYYY-MM-DD');
const NumberParams = z.object({
  number: z.string().min(1).max(40).describe('the work order number, e.g. MWO-000012'),
});
const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .optional()
    .describe('a client-chosen key; the same key again returns the order without a second effect'),
});
const Limit = z.coerce.number().int().min(1).max(500).default(100);

// ------------------------------------------------------------ schemas ----

const Labour = z.object({
  technician: z.string(),
  minutes: z.number(),
  at: z.string(),
  note: z.string().optional(),
});

const WorkOrder = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(MAINTENANCE_KINDS),
    state: z.enum(MAINTENANCE_STATES),
    line: z.string(),
    station: z.string().nullable().describe('the asset; null for a job on the whole line'),
    criticality: z.enum(['A', 'B', 'C']).nullable(),
    title: z.string(),
    description: z.string().nullable(),
    reason: z.string().nullable().describe('the downtime reason the machine reported'),
    downAt: z.string().nullable().describe('breakdowns: when the machine went down'),
    upAt: z
      .string()
      .nullable()
      .describe('breakdowns: when the machine data showed it back in service'),
    repairMinutes: z
      .number()
      .nullable()
      .describe(
        'down → back in service (less breaks and shift ends); without machine data, down → closed',
      ),
    dueAt: z.string().nullable().describe('preventive: when it is due'),
    dueCount: z.number().nullable().describe("counter plans: the station's count it is due at"),
    window: z
      .object({ from: z.string(), to: z.string() })
      .nullable()
      .describe('preventive: the planned window (reserved in the line plan if the line must stop)'),
    plan: z.string().nullable().describe('the preventive plan it came from'),
    overdue: z.boolean().describe('open after its planned window'),
    cause: z.string().nullable(),
    action: z.string().nullable(),
    labour: z.array(Labour),
    labourMinutes: z.number(),
    takenBy: z.string().nullable(),
    history: z.array(
      z.object({
        from: z.enum(MAINTENANCE_STATES).nullable(),
        to: z.enum(MAINTENANCE_STATES),
        command: z.string(),
        at: z.string(),
        actor: z.string(),
        reason: z.string().optional(),
      }),
    ),
    openedAt: z.string(),
    openedBy: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'MaintenanceWorkOrder' });

const WorkOrderDetail = WorkOrder.extend({
  reservations: z.array(
    z.object({
      material: z.string(),
      quantity: z.number(),
      issued: z.number(),
      released: z.boolean().describe('the order is closed: what was not issued is free again'),
    }),
  ),
  issues: z.array(
    z.object({
      movementId: z.string().describe('the stock ledger movement'),
      material: z.string(),
      lot: z.string(),
      location: z.string(),
      quantity: z.number(),
      at: z.string(),
      actor: z.string(),
    }),
  ),
}).meta({ id: 'MaintenanceWorkOrderDetail' });

const Figures = z
  .object({
    scheduledMinutes: z.number().describe('production time in the window'),
    failures: z.number().int().describe('breakdowns that began in the window'),
    downtimeMinutes: z.number().describe('production time lost to breakdowns'),
    uptimeMinutes: z.number(),
    mtbfMinutes: z.number().nullable().describe('uptime / failures'),
    repairs: z.number().int().describe('repairs closed in the window'),
    mttrMinutes: z.number().nullable().describe('mean repair time of the repairs closed'),
    availability: z.number().nullable().describe('uptime / production time'),
    topReasons: z.array(
      z.object({
        reason: z.string().nullable(),
        failures: z.number().int(),
        downtimeMinutes: z.number(),
      }),
    ),
    topCauses: z.array(z.object({ cause: z.string(), repairs: z.number().int() })),
  })
  .meta({ id: 'ReliabilityFigures' });
const WeekSchema = Figures.extend({ week: z.string().describe('the Monday the week starts on') });

const Asset = z
  .object({
    line: z.string(),
    station: z.string(),
    name: z.string(),
    kind: z.string(),
    make: z.string().nullable(),
    model: z.string().nullable(),
    serial: z.string().nullable(),
    criticality: z.enum(['A', 'B', 'C']).nullable(),
    state: z.string().nullable().describe('what the machine data last said'),
    inBreakdownSince: z.string().nullable(),
    openWorkOrders: z.number().int(),
    counts: z
      .object({ cartridges: z.number(), cycles: z.number() })
      .describe('units counted since the breakdown watcher first saw the station'),
  })
  .meta({ id: 'MaintenanceAsset' });

const Plan = z
  .object({
    code: z.string(),
    title: z.string(),
    instructions: z.string().nullable(),
    line: z.string(),
    station: z.string().nullable(),
    trigger: z.enum(['calendar', 'counter']),
    everyDays: z.number().nullable(),
    firstDue: z.string().nullable(),
    counter: z.enum(COUNTERS).nullable(),
    every: z.number().nullable(),
    baseline: z.number().nullable(),
    leadDays: z.number(),
    durationMinutes: z.number(),
    needsLineDown: z.boolean(),
    active: z.boolean(),
    lastDueIndex: z.number(),
    next: z.object({
      index: z.number(),
      due: z.string().nullable(),
      dueCount: z.number().nullable(),
      count: z.number().nullable(),
      remaining: z.number().nullable(),
    }),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'MaintenancePlan' });

const planCommon = {
  code: Code,
  title: Text(200),
  instructions: Text(4000).optional(),
  line: Code,
  station: Code.optional().describe('the asset; omit for a job on the whole line'),
  leadDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(0)
    .describe('days ahead of the due point the work order is made'),
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(14 * 24 * 60)
    .default(60),
  needsLineDown: z
    .boolean()
    .default(false)
    .describe('the job stops the line: its window is reserved in the line plan'),
};
const PlanBody = z.discriminatedUnion('trigger', [
  z.strictObject({
    ...planCommon,
    trigger: z.literal('calendar'),
    everyDays: z.number().int().positive().max(3650),
    firstDue: IsoDate.optional().describe('the first due date; everyDays from today by default'),
  }),
  z.strictObject({
    ...planCommon,
    trigger: z.literal('counter'),
    counter: z
      .enum(COUNTERS)
      .describe('cycles: units the station processed (good and rejected); cartridges: good units'),
    every: z.number().int().positive(),
    firstDueAfter: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('units from now to the first due point; `every` by default'),
  }),
]);

const SparePart = z
  .object({
    material: z.string(),
    name: z.string(),
    unit: z.string(),
    reorderPoint: z.number(),
    reorderQuantity: z.number().nullable(),
    onHand: z.number().describe('usable stock: lots in quarantine or released, not expired'),
    onOrder: z.number().describe('purchase orders due today or later'),
    reserved: z.number().describe('reserved by open work orders and not issued yet'),
    available: z.number().describe('on hand − reserved'),
    position: z.number().describe('on hand + on order − reserved'),
    belowReorderPoint: z.boolean(),
    locations: z.array(z.object({ location: z.string(), quantity: z.number() })),
  })
  .meta({ id: 'SparePart' });

const LabourInput = z.strictObject({
  minutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60),
  technician: Text(100).optional().describe('who worked; whoever records it by default'),
  note: Text(500).optional(),
});
const WorkBody = z.strictObject({
  cause: Text(1000).optional().describe('why it failed'),
  action: Text(2000).optional().describe('what was done'),
  labour: z.array(LabourInput).max(20).optional(),
});

// -------------------------------------------------------------- routes ----

export function maintenanceRoutes(context: MaintenanceContext): FastifyPluginAsync {
  const { db } = context;
  const actorOf = (request: FastifyRequest) => requirePrincipal(request).user.username;
  const keyOf = (request: FastifyRequest) =>
    request.headers['idempotency-key'] as string | undefined;
  const plantAndGroup = async () => {
    const { plant } = await currentPlant(db);
    return { plant, group: context.machineGroup ?? plant.site.code };
  };

  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    // ---------------------------------------------------- equipment ----

    app.get(
      '/equipment',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'The stations as maintainable assets, with their state and open work',
          querystring: z.object({ line: Code.optional() }),
          response: { 200: z.array(Asset), ...errors },
        },
      },
      async (request) => {
        const { plant, group } = await plantAndGroup();
        return listEquipment(db, plant, group, request.query);
      },
    );

    app.get(
      '/equipment/:line/:station',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'One asset: its history (work orders, breakdowns) and reliability',
          params: z.object({ line: Code, station: Code }),
          querystring: z.object({
            from: Instant.optional().describe('by default 90 days before `to`'),
            to: Instant.optional().describe('by default now'),
          }),
          response: {
            200: z.object({
              asset: Asset,
              window: z.object({ from: z.string(), to: z.string() }),
              reliability: Figures,
              trend: z.array(WeekSchema),
              workOrders: z.array(WorkOrder),
              breakdowns: z.array(
                z.object({
                  reason: z.string(),
                  downAt: z.string(),
                  upAt: z.string().nullable(),
                  request: z.string().nullable(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { plant, group } = await plantAndGroup();
        const now = context.clock();
        const window = reliabilityWindow(request.query, now);
        return assetHistory(
          db,
          plant,
          group,
          request.params.line,
          request.params.station,
          window,
          now,
        );
      },
    );

    // ------------------------------------------ requests, work orders ----

    app.get(
      '/requests',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'Maintenance requests (breakdowns and faults), newest first',
          querystring: z.object({
            kind: z.enum(REQUEST_KINDS).optional(),
            state: z.enum(MAINTENANCE_STATES).optional(),
            line: Code.optional(),
            station: Code.optional(),
            from: Instant.optional().describe('opened at or after'),
            to: Instant.optional().describe('opened before'),
            limit: Limit,
          }),
          response: { 200: z.array(WorkOrder), ...errors },
        },
      },
      async (request) => {
        const q = request.query;
        const { plant } = await plantAndGroup();
        return listWorkOrders(
          db,
          {
            kinds: q.kind ? [q.kind] : REQUEST_KINDS,
            ...(q.state ? { states: [q.state] } : {}),
            ...(q.line ? { line: q.line } : {}),
            ...(q.station ? { station: q.station } : {}),
            ...(q.from ? { from: new Date(q.from) } : {}),
            ...(q.to ? { to: new Date(q.to) } : {}),
            limit: q.limit,
          },
          plant,
          context.clock(),
        );
      },
    );

    app.post(
      '/requests',
      {
        config: { access: 'maintenance.request' },
        schema: {
          tags,
          summary: 'Open a request by hand: a breakdown the machine data does not show, or a fault',
          headers: IdempotencyHeaders,
          body: z.strictObject({
            kind: z.enum(REQUEST_KINDS),
            line: Code,
            station: Code,
            title: Text(200),
            description: Text(4000).optional(),
            reason: Code.optional().describe('a reportable downtime reason code of the plant'),
            downAt: Instant.optional().describe(
              'breakdowns: when the machine went down (now by default)',
            ),
          }),
          response: { 201: WorkOrder, ...errors },
        },
      },
      async (request, reply) => {
        const order = await openRequest(context, request.body, actorOf(request), keyOf(request));
        return reply.status(201).send(order);
      },
    );

    app.get(
      '/work-orders',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'Maintenance work orders of every kind, newest first',
          querystring: z.object({
            kind: z.enum(MAINTENANCE_KINDS).optional(),
            state: z.enum(MAINTENANCE_STATES).optional(),
            line: Code.optional(),
            station: Code.optional(),
            plan: Code.optional(),
            limit: Limit,
          }),
          response: { 200: z.array(WorkOrder), ...errors },
        },
      },
      async (request) => {
        const q = request.query;
        const { plant } = await plantAndGroup();
        return listWorkOrders(
          db,
          {
            ...(q.kind ? { kinds: [q.kind] } : {}),
            ...(q.state ? { states: [q.state] } : {}),
            ...(q.line ? { line: q.line } : {}),
            ...(q.station ? { station: q.station } : {}),
            ...(q.plan ? { plan: q.plan } : {}),
            limit: q.limit,
          },
          plant,
          context.clock(),
        );
      },
    );

    app.get(
      '/work-orders/due',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'Open preventive work orders due within the days asked (overdue ones first)',
          querystring: z.object({
            days: z.coerce.number().int().min(0).max(365).default(14),
            line: Code.optional(),
          }),
          response: { 200: z.array(WorkOrder), ...errors },
        },
      },
      async (request) => {
        const { plant } = await plantAndGroup();
        const now = context.clock();
        return listWorkOrders(
          db,
          {
            kinds: ['preventive'],
            states: ['open', 'in_progress'],
            dueBefore: new Date(now.getTime() + request.query.days * 86_400_000),
            ...(request.query.line ? { line: request.query.line } : {}),
            limit: 500,
          },
          plant,
          now,
        );
      },
    );

    app.get(
      '/work-orders/:number',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'One maintenance work order, with its labour, reserved and issued parts',
          params: NumberParams,
          response: { 200: WorkOrderDetail, ...errors },
        },
      },
      async (request) => {
        const { plant } = await plantAndGroup();
        return getWorkOrder(db, request.params.number, plant, context.clock());
      },
    );

    const command = (
      route: string,
      summary: string,
      body: z.ZodType,
      toCommand: (body: never) => MaintenanceCommand,
    ) =>
      app.post(
        `/work-orders/:number/${route}`,
        {
          config: { access: 'maintenance.work' },
          schema: {
            tags,
            summary,
            params: NumberParams,
            headers: IdempotencyHeaders,
            body,
            response: { 200: WorkOrderDetail, ...errors },
          },
        },
        async (request) =>
          commandWorkOrder(
            context,
            request.params.number,
            toCommand(request.body as never),
            actorOf(request),
            keyOf(request),
          ),
      );

    command('take', 'Take the job: open → in progress, yours', z.strictObject({}), () => ({
      type: 'take',
    }));
    command(
      'work',
      'Record work on a job in progress: cause, action, labour (minutes, who)',
      WorkBody,
      (body: z.infer<typeof WorkBody>) => {
        if (!body.cause && !body.action && !body.labour?.length) {
          throw invalid('maintenance_work_empty', 'record a cause, an action or labour').withIssues(
            [fieldIssue('labour', 'maintenance_work_empty', 'nothing to record')],
          );
        }
        return { type: 'record', ...body };
      },
    );
    command(
      'close',
      'Close a job in progress: with its action (and a request with its cause)',
      WorkBody,
      (body: z.infer<typeof WorkBody>) => ({ type: 'close', ...body }),
    );
    command(
      'cancel',
      'Cancel an open job (a false alarm, a job no longer needed), saying why',
      z.strictObject({ reason: Text(500) }),
      (body: { reason: string }) => ({ type: 'cancel', reason: body.reason }),
    );

    // ----------------------------------------------------- spare parts ----

    app.post(
      '/work-orders/:number/reservations',
      {
        config: { access: 'maintenance.work' },
        schema: {
          tags,
          summary: 'Reserve spare parts for a work order (added to what it reserved)',
          params: NumberParams,
          headers: IdempotencyHeaders,
          body: z.strictObject({ material: Code, quantity: z.number().positive() }),
          response: { 200: WorkOrderDetail, ...errors },
        },
      },
      async (request) =>
        reserveParts(
          context,
          request.params.number,
          request.body,
          actorOf(request),
          keyOf(request),
        ),
    );

    app.post(
      '/work-orders/:number/issues',
      {
        config: { access: 'maintenance.work' },
        schema: {
          tags,
          summary: 'Issue spare parts to a work order: stock ledger movements out of the store',
          params: NumberParams,
          headers: IdempotencyHeaders,
          body: z.strictObject({
            material: Code,
            quantity: z.number().positive(),
            location: Code.optional().describe('take from this store only'),
          }),
          response: { 200: WorkOrderDetail, ...errors },
        },
      },
      async (request) =>
        issueParts(context, request.params.number, request.body, actorOf(request), keyOf(request)),
    );

    app.get(
      '/spare-parts',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'Spare parts with stock, reservations, orders and reorder state',
          response: { 200: z.array(SparePart), ...errors },
        },
      },
      async () => sparePartStock(db, context.clock()),
    );

    app.get(
      '/spare-parts/shortages',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'Spare parts below their reorder point (on hand + on order − reserved)',
          response: {
            200: z.array(
              SparePart.extend({ suggestedOrder: z.number() }).meta({ id: 'SparePartShortage' }),
            ),
            ...errors,
          },
        },
      },
      async () => sparePartShortages(db, context.clock()),
    );

    // ------------------------------------------------------------ plans ----

    app.get(
      '/plans',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'Preventive plans, with their next due point',
          response: { 200: z.array(Plan), ...errors },
        },
      },
      async () => listPlans(context),
    );

    app.post(
      '/plans',
      {
        config: { access: 'maintenance.plan' },
        schema: {
          tags,
          summary:
            'Make a preventive plan, by calendar (every N days) or by counter (every N units)',
          body: PlanBody,
          response: { 201: Plan, ...errors },
        },
      },
      async (request, reply) => {
        const plan = await createPlan(context, request.body, actorOf(request));
        return reply.status(201).send(plan);
      },
    );

    app.get(
      '/plans/:code',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary: 'One preventive plan',
          params: z.object({ code: Code }),
          response: { 200: Plan, ...errors },
        },
      },
      async (request) => getPlan(context, request.params.code),
    );

    // ------------------------------------------------------ reliability ----

    app.get(
      '/reliability',
      {
        config: { access: 'maintenance.read' },
        schema: {
          tags,
          summary:
            'MTBF, MTTR, availability and top causes per line and station, with a weekly trend',
          querystring: z.object({
            line: Code.optional(),
            from: Instant.optional().describe('by default 90 days before `to`'),
            to: Instant.optional().describe('by default now'),
          }),
          response: {
            200: z.object({
              window: z.object({ from: z.string(), to: z.string() }),
              lines: z.array(
                z.object({
                  line: z.string(),
                  name: z.string(),
                  figures: Figures,
                  trend: z.array(WeekSchema),
                  stations: z.array(
                    z.object({
                      line: z.string(),
                      station: z.string(),
                      name: z.string(),
                      figures: Figures,
                    }),
                  ),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { plant } = await plantAndGroup();
        const window = reliabilityWindow(request.query, context.clock());
        const report = await reliabilityReport(db, window, {
          plant,
          ...(request.query.line ? { line: request.query.line } : {}),
        });
        return {
          window: {
            from: new Date(window.from).toISOString(),
            to: new Date(window.to).toISOString(),
          },
          lines: report.lines,
        };
      },
    );
  };
}

// HTTP routes of the line plan: the current plan, re-planning, line outages
// and the master production schedule.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { currentPlant } from '../plant/index.js';
import { PRIORITIES } from './plan-builder.js';
import { PLAN_FINDING_CODES } from './plan-findings.js';
import { firmProposals } from './plan-firming.js';
import { masterSchedule, replan } from './plan-service.js';
import { activeOutages, addOutage, clearOutage, latestPlan, OUTAGE_SOURCES } from './plan-store.js';

const Timestamp = z.iso.datetime({ offset: true });

/** What the planner says about a plan, in data for a translation and in English. */
const findingFields = {
  code: z
    .enum(PLAN_FINDING_CODES)
    .nullable()
    .describe('stable code, for translations; null in a plan stored before findings had codes'),
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]))
    .describe('the values the text names, by name (orders by id, times ISO 8601)'),
  text: z.string().describe('the same in English'),
};
const Finding = z.object(findingFields).meta({ id: 'PlanFinding' });
const UnplannedOrder = z
  .object({ id: z.string(), ...findingFields })
  .meta({ id: 'UnplannedOrder', description: 'an order that could not be planned, and why' });

const Plan = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    origin: z.string(),
    budgetMs: z.number(),
    iterations: z.number(),
    elapsedMs: z.number(),
    objective: z.object({
      weightedTardiness: z
        .number()
        .describe('Σ weight × hours late (weights: low 1, normal 2, high 4, urgent 8)'),
      moved: z.number().describe('orders now on another line than in the last plan'),
      changeoverMinutes: z.number(),
      makespan: z.string().describe('the end of the last order'),
    }),
    orders: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        kind: z.enum(['work_order', 'proposal']),
        product: z.string(),
        quantity: z.number(),
        priority: z.enum(PRIORITIES),
        line: z.string(),
        start: z.string(),
        end: z.string(),
        changeover: z
          .object({ start: z.string(), end: z.string(), minutes: z.number() })
          .nullable(),
        due: z.string().nullable(),
        tardinessMinutes: z.number(),
        frozen: z.enum(['running', 'released', 'frozen_horizon']).nullable(),
      }),
    ),
    unavailable: z.array(
      z.object({
        line: z.string(),
        kind: z.enum(['maintenance', 'outage']),
        start: z.string(),
        end: z.string(),
        reason: z.string(),
      }),
    ),
    lines: z.array(z.object({ code: z.string(), name: z.string() })),
    unplanned: z.array(UnplannedOrder),
    beyondHorizon: z.array(z.string()),
    problems: z
      .array(Finding)
      .describe("the independent validator's findings; empty for a sound plan"),
  })
  .meta({ id: 'LinePlan' });

const Outage = z
  .object({
    id: z.string(),
    line: z.string(),
    from: z.string(),
    to: z.string().nullable(),
    reason: z.string(),
    source: z
      .enum(OUTAGE_SOURCES)
      .describe("planner: a line marked down; maintenance: a planned maintenance job's window"),
    sourceRef: z.string().nullable().describe("the maintenance work order's number"),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'LineOutage' });

const MpsProduct = z
  .object({
    product: z.string(),
    onHand: z.number(),
    rows: z.array(
      z.object({
        week: z.string(),
        orders: z.number(),
        forecast: z.number(),
        demand: z.number(),
        fromWorkOrders: z.number(),
        planned: z.number(),
        projected: z.number(),
        priority: z.enum(PRIORITIES),
      }),
    ),
  })
  .meta({ id: 'MpsProduct' });

export function scheduleRoutes(context: { db: Database; clock: () => Date }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['planning'];
    app.get(
      '/schedule',
      {
        config: { access: 'planning.read' },
        schema: {
          tags,
          summary: 'The current line plan (null before the first)',
          response: { 200: z.object({ plan: Plan.nullable() }), 400: Problem },
        },
      },
      async () => ({ plan: await latestPlan(context.db) }),
    );
    app.post(
      '/schedule',
      {
        config: { access: 'planning.edit' },
        schema: {
          tags,
          summary: 'Re-plan the lines',
          description:
            'Plans the unmade work orders and the master schedule’s proposals on the lines from the last plan: running and released orders and the last plan’s starts within 48 h stay; outages are planned around; objectives in order: weighted tardiness, orders moved, changeover minutes, makespan.',
          body: z
            .strictObject({
              budgetMs: z.number().int().min(50).max(20_000).default(2000),
              seed: z
                .number()
                .int()
                .min(0)
                .max(2 ** 31)
                .optional(),
            })
            .default({ budgetMs: 2000 }),
          response: { 201: z.object({ plan: Plan }), 400: Problem },
        },
      },
      async (request, reply) => {
        const plan = await replan(
          context.db,
          context.clock(),
          requirePrincipal(request).user.username,
          {
            budgetMs: request.body.budgetMs,
            ...(request.body.seed !== undefined ? { seed: request.body.seed } : {}),
          },
        );
        return reply.status(201).send({ plan });
      },
    );
    app.post(
      '/schedule/firm',
      {
        config: { access: 'planning.edit' },
        schema: {
          tags,
          summary: "Firm proposals of the current plan into work orders on the plan's lines",
          description:
            'All or nothing. The work orders keep the proposals’ due dates and priorities for later plans; the plan is kept with the proposals replaced by them. 409 when `planId` is no longer the current plan.',
          body: z.strictObject({
            planId: z.uuid(),
            proposals: z.array(z.string().min(1).max(120)).min(1).max(500),
          }),
          response: {
            201: z.object({
              plan: Plan,
              workOrders: z.array(
                z.object({
                  proposal: z.string(),
                  id: z.string(),
                  number: z.string(),
                  line: z.string(),
                  quantity: z.number(),
                }),
              ),
            }),
            400: Problem,
            409: Problem,
          },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await firmProposals(
              context.db,
              request.body,
              requirePrincipal(request).user.username,
              context.clock(),
            ),
          ),
    );
    app.get(
      '/outages',
      {
        config: { access: 'planning.read' },
        schema: {
          tags,
          summary: 'Line outages now or to come',
          response: { 200: z.array(Outage), 400: Problem },
        },
      },
      async () => activeOutages(context.db, context.clock()),
    );
    app.post(
      '/outages',
      {
        config: { access: 'planning.edit' },
        schema: {
          tags,
          summary: 'Mark a line down (re-plan afterwards to plan around it)',
          body: z.strictObject({
            line: z.string().min(1).max(40),
            from: Timestamp,
            to: Timestamp.nullable().optional().describe('absent or null: until further notice'),
            reason: z.string().trim().min(1).max(200),
          }),
          response: { 201: Outage, 400: Problem },
        },
      },
      async (request, reply) => {
        const { plant } = await currentPlant(context.db);
        const outage = await addOutage(
          context.db,
          plant,
          request.body,
          requirePrincipal(request).user.username,
          context.clock(),
        );
        return reply.status(201).send(outage);
      },
    );
    app.delete(
      '/outages/:id',
      {
        config: { access: 'planning.edit' },
        schema: {
          tags,
          summary: 'The line is back: clear its outage',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null(), 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (request, reply) => {
        await clearOutage(
          context.db,
          request.params.id,
          requirePrincipal(request).user.username,
          context.clock(),
        );
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/mps',
      {
        config: { access: 'planning.read' },
        schema: {
          tags,
          summary: 'The master production schedule by product and week',
          querystring: z.object({ weeks: z.coerce.number().int().min(1).max(104).default(12) }),
          response: {
            200: z.object({ weeks: z.array(z.string()), products: z.array(MpsProduct) }),
            400: Problem,
          },
        },
      },
      async (request) => masterSchedule(context.db, context.clock(), request.query.weeks),
    );
  };
}

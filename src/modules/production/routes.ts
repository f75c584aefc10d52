// HTTP routes for work orders. Each command has its own route so that it can
// name its own permission: planners plan, release, hold and close; line
// operators start, pause, resume, record scrap and complete. A client may send
// an Idempotency-Key header so that a retried command takes effect once.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../../core/auth/roles.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import * as service from './service.js';
import { WORK_ORDER_STATES, type WorkOrderCommand } from './work-order.js';

const Transition = z.object({
  from: z.enum(WORK_ORDER_STATES).nullable(),
  to: z.enum(WORK_ORDER_STATES),
  command: z.string(),
  at: z.string(),
  actor: z.string(),
  reason: z.string().optional(),
  note: z.string().optional(),
});
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
    scrapRecords: z
      .array(
        z.object({
          quantity: z.number(),
          reason: z.string(),
          station: z.string().optional(),
          at: z.string(),
          actor: z.string(),
        }),
      )
      .readonly(),
    history: z.array(Transition).readonly(),
  })
  .meta({ id: 'WorkOrder' });

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

export function productionRoutes(context: service.ProductionContext): FastifyPluginAsync {
  const { db } = context;
  const actorOf = (request: FastifyRequest) => requirePrincipal(request).user.username;
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['production'];

    app.get(
      '/work-orders',
      {
        config: { access: 'production.read' },
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
        config: { access: 'production.read' },
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
          config: { access: spec.access },
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
  };
}

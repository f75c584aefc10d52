// HTTP routes of planning. So far coverage: the days of supply of each
// product against open orders and of each component against the work orders
// not yet made and the recent rate of use.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { currentPlant } from '../plant/index.js';
import { coverage } from './coverage-service.js';
import { listForecasts, setForecast } from './forecasts.js';
import { addPurchaseOrder, disruptionPlan, requirementsPlan } from './requirements-service.js';

const ProductCoverage = z
  .object({
    product: z.string(),
    released: z.number(),
    quarantine: z.number(),
    onOrder: z.number(),
    forecast: z.number(),
    shortOn: z.string().nullable(),
    daysOfSupply: z.number().nullable(),
    shortfall: z.number(),
  })
  .meta({ id: 'ProductCoverage' });

const ComponentCoverage = z
  .object({
    material: z.string(),
    unit: z.string(),
    released: z.number(),
    quarantine: z.number(),
    openWorkOrderNeed: z.number(),
    dailyUse: z.number(),
    daysOfSupply: z.number().nullable(),
    coversOpenWorkOrders: z.boolean(),
  })
  .meta({ id: 'ComponentCoverage' });

const Forecast = z
  .object({ product: z.string(), week: z.string(), quantity: z.number() })
  .meta({ id: 'Forecast' });

export function planningRoutes(context: { db: Database; clock: () => Date }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const Shortage = z.object({
      material: z.string(),
      startsOn: z.string(),
      quantity: z.number(),
      stops: z.array(z.object({ source: z.string(), date: z.string(), missing: z.number() })),
    });
    const MaterialPlan = z
      .object({
        material: z.string(),
        required: z.number(),
        fromStock: z.number(),
        fromReceipts: z.number(),
        expiredUnused: z.array(
          z.object({ lot: z.string(), quantity: z.number(), expiresOn: z.string() }),
        ),
        shortage: Shortage.nullable(),
      })
      .meta({ id: 'MaterialPlan' });
    app.get(
      '/material-requirements',
      {
        config: { access: 'planning.read' },
        schema: {
          tags: ['planning'],
          summary:
            'Component requirements of the unmade work orders and the forecast, against released stock and open purchase orders; shortages first',
          response: { 200: z.array(MaterialPlan), 400: Problem },
        },
      },
      async () => requirementsPlan(context.db, context.clock()),
    );
    app.get(
      '/supplier-disruption',
      {
        config: { access: 'planning.read' },
        schema: {
          tags: ['planning'],
          summary:
            'What if a supplier delivers nothing from a date: when each work order or forecast week first runs short',
          querystring: z.object({ supplier: z.string().min(1).max(40), from: z.iso.date() }),
          response: {
            200: z.object({
              supplier: z.string(),
              from: z.string(),
              plans: z.array(MaterialPlan),
              firstShort: z.array(z.object({ source: z.string(), date: z.string() })),
            }),
            400: Problem,
          },
        },
      },
      async (request) =>
        disruptionPlan(context.db, context.clock(), request.query.supplier, request.query.from),
    );
    app.post(
      '/purchase-orders',
      {
        config: { access: 'planning.edit' },
        schema: {
          tags: ['planning'],
          summary: 'Record an open purchase order: what a supplier is to deliver, and when',
          body: z.strictObject({
            reference: z.string().trim().min(1).max(40),
            supplier: z.string().min(1).max(40),
            material: z.string().min(1).max(40),
            quantity: z.number().positive().max(1e12),
            due: z.iso.date(),
          }),
          response: {
            201: z.object({
              reference: z.string(),
              supplier: z.string(),
              material: z.string(),
              quantity: z.number(),
              due: z.string(),
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
            await addPurchaseOrder(
              context.db,
              request.body,
              requirePrincipal(request).user.username,
              context.clock(),
            ),
          ),
    );
    app.get(
      '/forecasts',
      {
        config: { access: 'planning.read' },
        schema: {
          tags: ['planning'],
          summary: 'Forecast demand by product and week',
          querystring: z.object({
            product: z.string().min(1).max(40).optional(),
            from: z.iso.date().optional(),
          }),
          response: { 200: z.array(Forecast), 400: Problem },
        },
      },
      async (request) => listForecasts(context.db, request.query),
    );
    app.put(
      '/forecasts',
      {
        config: { access: 'planning.edit' },
        schema: {
          tags: ['planning'],
          summary: "Set a product's forecast for some weeks (a week set to 0 is removed)",
          body: z.strictObject({
            product: z.string().min(1).max(40),
            weeks: z
              .array(
                z.strictObject({
                  week: z.iso.date().describe('the Monday the week starts on'),
                  quantity: z.number().min(0).max(1e10),
                }),
              )
              .min(1)
              .max(260),
          }),
          response: { 200: z.array(Forecast), 400: Problem },
        },
      },
      async (request) => {
        const { plant } = await currentPlant(context.db);
        return setForecast(
          context.db,
          plant,
          request.body,
          requirePrincipal(request).user.username,
          context.clock(),
        );
      },
    );
    app.get(
      '/coverage',
      {
        config: { access: 'planning.read' },
        schema: {
          tags: ['planning'],
          summary:
            'Days of supply: products against open orders, components against unmade work orders and recent use',
          response: {
            200: z.object({
              today: z.string(),
              products: z.array(ProductCoverage),
              components: z.array(ComponentCoverage),
            }),
            400: Problem,
          },
        },
      },
      async () => coverage(context.db, context.clock()),
    );
  };
}

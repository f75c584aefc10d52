// HTTP routes of planning. So far coverage: the days of supply of each
// product against open orders and of each component against the work orders
// not yet made and the recent rate of use.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { Problem } from '../../core/http/problem.js';
import { coverage } from './coverage-service.js';

const ProductCoverage = z
  .object({
    product: z.string(),
    released: z.number(),
    quarantine: z.number(),
    onOrder: z.number(),
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

export function planningRoutes(context: { db: Database; clock: () => Date }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
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

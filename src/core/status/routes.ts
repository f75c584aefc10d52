// GET /api/admin/status: the system's status for the administrator's page.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/store.js';
import { Problem } from '../http/problem.js';
import type { SystemProbes } from './probes.js';
import { startStatusReporter } from './status.js';

const State = z.enum(['ok', 'warning', 'error']);

const SystemStatus = z
  .object({
    version: z.string(),
    checkedAt: z.string(),
    startedAt: z.string(),
    uptimeSeconds: z.number(),
    overall: State.describe('the worst of the checks'),
    checks: z.array(z.object({ name: z.string(), state: State, detail: z.string() })),
    store: z.object({
      kind: z.enum(['pglite', 'postgres']),
      reachable: z.boolean(),
      pingMs: z.number().nullable(),
      error: z.string().nullable(),
      pool: z.object({
        max: z.number(),
        total: z.number(),
        idle: z.number(),
        waiting: z.number(),
      }),
      migrations: z.object({ applied: z.number().nullable(), known: z.number() }),
    }),
    machineData: z
      .object({
        broker: z.string(),
        embedded: z.boolean(),
        group: z.string(),
        connected: z.boolean(),
        counters: z.object({
          received: z.number(),
          acknowledged: z.number(),
          events: z.number(),
          duplicates: z.number(),
          deadLetters: z.number(),
          batches: z.number(),
          commitFailures: z.number(),
          rebirthRequests: z.number(),
          pending: z.number(),
          redeliveries: z.number(),
        }),
        lagSeconds: z.number().describe('age of the oldest message not yet committed'),
        rates: z
          .object({
            received: z.number(),
            acknowledged: z.number(),
            events: z.number(),
            deadLetters: z.number(),
          })
          .nullable()
          .describe('per second over rateSeconds'),
        rateSeconds: z.number().nullable(),
      })
      .nullable()
      .describe('null when this process does not ingest machine data'),
    deadLettersLastHour: z.number().nullable(),
    watcher: z.array(
      z.object({
        group: z.string(),
        updatedAt: z.string(),
        ageSeconds: z.number(),
        eventsBehind: z.number(),
      }),
    ),
    liveSubscribers: z.number(),
    memory: z.object({
      rssMb: z.number(),
      heapUsedMb: z.number(),
      heapTotalMb: z.number(),
      externalMb: z.number(),
    }),
  })
  .meta({ id: 'SystemStatus' });

export function statusRoutes(options: { db: Database; probes: SystemProbes }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const reporter = startStatusReporter(options.db, options.probes);
    app.addHook('onClose', async () => reporter.stop());
    app.get(
      '/status',
      {
        config: { access: 'system.monitor' },
        schema: {
          tags: ['admin'],
          summary: 'The system status: store, ingest, watcher, live floor, memory, with checks',
          response: { 200: SystemStatus, 401: Problem, 403: Problem },
        },
      },
      async () => reporter.report(),
    );
  };
}

// Reading what the machines report: each line's and station's state and
// counts as ingest projected them, and the dead letters ingest set aside.
import { asc, count, desc } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { Problem } from '../../core/http/problem.js';
import { deadLetters, lineState, stationState } from './schema.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const StationState = z.object({
  station: z.string(),
  state: z.string().nullable(),
  reason: z.string().nullable(),
  since: z.string().nullable(),
  good: z.number(),
  reject: z.number(),
  lastEventAt: z.string().nullable(),
});
const LineState = z
  .object({
    group: z.string(),
    line: z.string(),
    state: z.string(),
    reason: z.string(),
    since: z.string().nullable(),
    good: z.number(),
    reject: z.number(),
    workOrder: z.string().nullable(),
    product: z.string().nullable(),
    lastEventAt: z.string().nullable(),
    stations: z.array(StationState),
  })
  .meta({ id: 'LineState' });

export function telemetryRoutes(db: Database): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['telemetry'];

    app.get(
      '/line-states',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary: "Each line's state and counts, and its stations', as the machines report them",
          response: { 200: z.array(LineState), 400: Problem },
        },
      },
      async () => {
        const lines = await db.select().from(lineState).orderBy(asc(lineState.line));
        const stations = await db
          .select()
          .from(stationState)
          .orderBy(asc(stationState.line), asc(stationState.station));
        return lines.map((l) => ({
          group: l.groupId,
          line: l.line,
          state: l.state,
          reason: l.reason,
          since: iso(l.since),
          good: l.good,
          reject: l.reject,
          workOrder: l.workOrder,
          product: l.product,
          lastEventAt: iso(l.lastEventAt),
          stations: stations
            .filter((s) => s.groupId === l.groupId && s.line === l.line)
            .map((s) => ({
              station: s.station,
              state: s.state,
              reason: s.reason,
              since: iso(s.since),
              good: s.good,
              reject: s.reject,
              lastEventAt: iso(s.lastEventAt),
            })),
        }));
      },
    );

    app.get(
      '/dead-letters',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary: 'Messages ingest could not use, newest first, with the reason',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
          response: {
            200: z.object({
              total: z.number().int(),
              latest: z.array(
                z.object({
                  id: z.number(),
                  receivedAt: z.string(),
                  topic: z.string(),
                  reason: z.string(),
                  bytes: z.number().int(),
                }),
              ),
            }),
            400: Problem,
          },
        },
      },
      async (request) => {
        const [total] = await db.select({ n: count() }).from(deadLetters);
        const rows = await db
          .select()
          .from(deadLetters)
          .orderBy(desc(deadLetters.id))
          .limit(request.query.limit);
        return {
          total: Number(total?.n ?? 0),
          latest: rows.map((r) => ({
            id: r.id,
            receivedAt: r.receivedAt.toISOString(),
            topic: r.topic,
            reason: r.reason,
            bytes: r.payload.length,
          })),
        };
      },
    );
  };
}

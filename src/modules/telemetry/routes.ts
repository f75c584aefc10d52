// Reading what the machines report: each line's and station's state and
// counts as ingest projected them, the same live as server-sent events, and
// the dead letters ingest set aside.
import type { ServerResponse } from 'node:http';
import { asc, count, desc } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { Problem } from '../../core/http/problem.js';
import { machineLineKpis } from '../production/index.js';
import { LiveFloor, type LiveFloorOptions, type LiveMessage } from './live.js';
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

/** Tuning of the live stream; the defaults suit a plant, tests shorten them. */
export interface LiveStreamOptions extends Omit<LiveFloorOptions, 'db' | 'onError' | 'lineKpis'> {
  /**
   * A `heartbeat` event this often: idle proxies keep the stream, and the
   * browser, which never sees SSE comments, can tell a dead stream from a quiet floor.
   */
  heartbeatMs?: number;
  /**
   * A stream is ended after this long; the browser reconnects at once and
   * passes the access check again, so a revoked session or role stops seeing
   * the floor within this time.
   */
  maxStreamMs?: number;
}

const HEARTBEAT_MS = 15_000;
const MAX_STREAM_MS = 10 * 60_000;
/** A watcher this far behind (bytes unsent) is cut off; its browser reconnects and starts afresh. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** What the browser waits before it reconnects (the SSE `retry` field), ms. */
const RECONNECT_MS = 2_000;

/** One server-sent event; the data are JSON on one line. */
export function sseEvent(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function telemetryRoutes(
  db: Database,
  liveOptions: LiveStreamOptions = {},
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['telemetry'];
    let lastWarning = Number.NEGATIVE_INFINITY;
    const floor = new LiveFloor({
      lineKpis: machineLineKpis,
      ...liveOptions,
      db,
      // A store that is down fails every poll: say so once a minute, not three times a second.
      onError: (error) => {
        const now = Date.now();
        if (now - lastWarning < 60_000) return;
        lastWarning = now;
        app.log.warn({ err: error }, 'live plant floor: reading the projections failed');
      },
    });
    /** Open streams, each with the way to end it, saying why. */
    const streams = new Map<ServerResponse, (reason: 'renew' | 'shutdown') => void>();
    // Open streams would hold the server open: end them, and the poller, first.
    app.addHook('preClose', async () => {
      for (const end of streams.values()) end('shutdown');
      await floor.close();
    });

    app.get(
      '/line-states',
      {
        config: { readCache: true, access: 'production.read' },
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
      '/live',
      {
        config: { access: 'production.read' },
        // A HEAD would open a stream with no body to end it.
        exposeHeadRoute: false,
        schema: {
          tags,
          summary: "Every line's state, counts, rate and shift OEE, live (server-sent events)",
          description: [
            'A `text/event-stream`. The first event, `snapshot`, holds every line; after it each',
            '`line` event holds one line whose figures changed (new counts, state, work order,',
            'rate or shift figures). A `heartbeat` event comes every 15 s. Data are JSON objects',
            'of the `LiveLine` shape: the projections of `/line-states` plus `ratePerMinute`',
            '(good units per minute over the last 5 minutes of machine data) and `shift` (the',
            "current shift's ISO 22400-2 OEE, availability, effectiveness and quality ratio, and",
            'its good and scrap counts; null off shift). Counts and states follow within a',
            'fraction of a second; the rate is refreshed every 5 s, the shift figures every 30 s.',
            'The server ends a stream with an `end` event: `{"reason":"renew"}` after 10 minutes',
            '(reconnect at once; access is checked again) or `{"reason":"shutdown"}`.',
          ].join('\n'),
          response: {
            200: {
              description: 'A stream of server-sent events',
              content: { 'text/event-stream': { schema: z.string() } },
            },
            400: Problem,
          },
        },
      },
      async (_request, reply) => {
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-store, no-transform',
          // The connection ends with the stream: at shutdown a kept-alive one
          // would hold the server open for the keep-alive timeout.
          connection: 'close',
          // Reverse proxies (nginx) must pass events on at once, not buffer them.
          'x-accel-buffering': 'no',
        });
        raw.flushHeaders();
        let id = 0;
        const send = (event: string, data: unknown) => {
          if (raw.writableEnded || raw.destroyed) return;
          if (raw.writableLength > MAX_BUFFERED_BYTES) {
            raw.destroy();
            return;
          }
          id += 1;
          raw.write(sseEvent(event, data, id));
        };
        // An `end` event says the server ends the stream on purpose:
        // `renew` (reconnect at once) or `shutdown`.
        const end = (reason: 'renew' | 'shutdown') => {
          send('end', { reason });
          raw.end();
        };
        raw.write(`retry: ${RECONNECT_MS}\n\n`);
        streams.set(raw, end);
        const stopWatching = floor.watch((message: LiveMessage) =>
          message.type === 'snapshot'
            ? send('snapshot', { at: message.at, lines: message.lines })
            : send('line', { at: message.at, line: message.line }),
        );
        const heartbeat = setInterval(
          () => send('heartbeat', { at: new Date().toISOString() }),
          liveOptions.heartbeatMs ?? HEARTBEAT_MS,
        );
        const lifetime = setTimeout(() => end('renew'), liveOptions.maxStreamMs ?? MAX_STREAM_MS);
        heartbeat.unref();
        lifetime.unref();
        raw.on('close', () => {
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          stopWatching();
          streams.delete(raw);
        });
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

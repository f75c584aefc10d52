// Prometheus metrics at GET /metrics (prom-client), for the plant's monitoring.
//
// - The process: prom-client's default metrics (CPU, memory, event-loop lag,
//   garbage collection, open handles), under their standard names.
// - HTTP: a latency histogram by method, route pattern and status class. The
//   route is the pattern a request matched (`/api/production/work-orders/:number`),
//   never the URL, and an unmatched request counts as `unmatched`, so the
//   number of series stays bounded whatever clients ask for.
// - Ingest, the store's connection pool and the live floor: read from the
//   system probes when Prometheus scrapes, so a scrape costs no query and
//   nothing is counted twice.
//
// The endpoint needs the `system.monitor` permission: Prometheus sends an API
// token of a user with the `monitor` role as a bearer token.
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type IngestCounters, ingestLagSeconds, type SystemProbes } from '../status/probes.js';

/** The live plant floor's stream: its requests last as long as someone watches. */
export const LIVE_STREAM_ROUTE = '/api/telemetry/live';

// From a cached read (~1 ms) to a slow report; the target is p99 under 50 ms.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const INGEST_COUNTERS: { name: string; help: string; of: keyof IngestCounters }[] = [
  {
    name: 'lotline_ingest_messages_received_total',
    help: 'MQTT messages the ingest received (deliveries again included)',
    of: 'received',
  },
  {
    name: 'lotline_ingest_messages_acknowledged_total',
    help: 'MQTT messages acknowledged to the broker after their batch committed',
    of: 'acknowledged',
  },
  {
    name: 'lotline_ingest_metric_rows_written_total',
    help: 'Machine-event rows (one per Sparkplug metric) written',
    of: 'events',
  },
  {
    name: 'lotline_ingest_duplicate_rows_total',
    help: 'Metric rows skipped because their message was already stored',
    of: 'duplicates',
  },
  {
    name: 'lotline_ingest_dead_letters_total',
    help: 'Messages kept as dead letters (unreadable, untrusted or refused)',
    of: 'deadLetters',
  },
  { name: 'lotline_ingest_batches_total', help: 'Ingest transactions committed', of: 'batches' },
  {
    name: 'lotline_ingest_commit_failures_total',
    help: 'Ingest commits that failed and were retried',
    of: 'commitFailures',
  },
  {
    name: 'lotline_ingest_rebirth_requests_total',
    help: 'Sparkplug rebirth requests sent to edge nodes',
    of: 'rebirthRequests',
  },
  {
    name: 'lotline_ingest_redeliveries_total',
    help: 'Messages the broker delivered again after a lost connection',
    of: 'redeliveries',
  },
];

export interface Metrics {
  registry: Registry;
  /** Counts a lookup of the read cache (read-cache.ts). */
  countReadCache(result: 'hit' | 'miss'): void;
}

/**
 * Adds the HTTP hooks and GET /metrics. Call after the auth guard is
 * installed (the route names its permission) and before the modules' routes.
 */
export function installMetrics(app: FastifyInstance, probes: SystemProbes): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'lotline_info',
    help: 'Always 1; the labels name the version and the store',
    labelNames: ['version', 'store'] as const,
    registers,
    collect() {
      this.set({ version: probes.version, store: probes.store.kind }, 1);
    },
  });

  const duration = new Histogram({
    name: 'lotline_http_request_duration_seconds',
    help: 'HTTP request latency, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const inFlight = new Gauge({
    name: 'lotline_http_requests_in_flight',
    help: 'HTTP requests being answered now (open live-floor streams included)',
    registers,
  });
  new Gauge({
    name: 'lotline_live_subscribers',
    help: 'Live plant-floor streams open now',
    registers,
    collect() {
      this.set(probes.liveSubscribers);
    },
  });

  const readCache = new Counter({
    name: 'lotline_read_cache_lookups_total',
    help: 'Reads of cacheable routes, by whether the answer came from the read cache',
    labelNames: ['result'] as const,
    registers,
  });

  app.addHook('onRequest', (request, reply, done) => {
    inFlight.inc();
    const live = request.routeOptions.url === LIVE_STREAM_ROUTE;
    if (live) probes.liveSubscribers += 1;
    reply.raw.once('close', () => {
      inFlight.dec();
      if (live) probes.liveSubscribers -= 1;
    });
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    // A stream's duration is how long someone watched, not a latency.
    if (route !== LIVE_STREAM_ROUTE) {
      duration.observe(
        {
          method: request.method,
          route: request.is404 ? 'unmatched' : route,
          status_class: `${Math.floor(reply.statusCode / 100)}xx`,
        },
        reply.elapsedTime / 1000,
      );
    }
    done();
  });

  const ingestNow = () => probes.machineData?.ingest;
  new Gauge({
    name: 'lotline_ingest_up',
    help: '1 when this process runs the telemetry ingest',
    registers,
    collect() {
      this.set(ingestNow() ? 1 : 0);
    },
  });
  for (const counter of INGEST_COUNTERS) {
    new Counter({
      name: counter.name,
      help: counter.help,
      registers,
      collect() {
        const ingest = ingestNow();
        this.reset();
        if (ingest) this.inc(ingest.stats()[counter.of]);
      },
    });
  }
  new Gauge({
    name: 'lotline_ingest_pending_messages',
    help: 'Messages received and not yet committed and acknowledged',
    registers,
    collect() {
      this.set(ingestNow()?.stats().pending ?? 0);
    },
  });
  new Gauge({
    name: 'lotline_ingest_lag_seconds',
    help: 'Age of the oldest message received and not yet committed; 0 when none waits',
    registers,
    collect() {
      const ingest = ingestNow();
      this.set(ingest ? ingestLagSeconds(ingest, probes.now()) : 0);
    },
  });
  new Gauge({
    name: 'lotline_ingest_broker_connected',
    help: '1 while the ingest is connected to the MQTT broker',
    registers,
    collect() {
      this.set(ingestNow()?.health().connected ? 1 : 0);
    },
  });

  const pool = () => probes.store.pool();
  const poolGauges: { name: string; help: string; of: keyof ReturnType<typeof pool> }[] = [
    { name: 'lotline_db_pool_max', help: 'Most database connections the pool opens', of: 'max' },
    { name: 'lotline_db_pool_connections', help: 'Database connections open', of: 'total' },
    { name: 'lotline_db_pool_idle', help: 'Database connections open and idle', of: 'idle' },
    {
      name: 'lotline_db_pool_waiting',
      help: 'Queries waiting for a database connection',
      of: 'waiting',
    },
  ];
  for (const gauge of poolGauges) {
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      registers,
      collect() {
        this.set(pool()[gauge.of]);
      },
    });
  }

  app.get(
    '/metrics',
    { schema: { hide: true }, config: { access: 'system.monitor' } },
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );

  return { registry, countReadCache: (result) => readCache.inc({ result }) };
}

// GET /metrics against the real app: who may scrape it, that the figures move
// when requests are answered and machine data are ingested (a real broker and
// database), and that the latency series stay bounded whatever URLs arrive.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestToken,
  createTestUser,
  type Session,
  signInAs,
  type TestToken,
} from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { startTestBroker, type TestBroker, uniqueGroup } from '../../../test/support/mqtt.js';
import { buildApp } from '../../app.js';
import { currentPlant } from '../../modules/plant/index.js';
import {
  connectEdgeNode,
  connectMqtt,
  type Ingest,
  LineSimulator,
  startIngest,
} from '../../modules/telemetry/index.js';
import type { Store } from '../db/store.js';
import { createProbes, type SystemProbes } from '../status/probes.js';
import type { App } from './server.js';

let store: Store;
let broker: TestBroker;
let app: App;
let ingest: Ingest;
let probes: SystemProbes;
let monitor: TestToken;
let viewer: Session;
const group = uniqueGroup('metrics');

beforeAll(async () => {
  store = await createReferenceStore();
  broker = await startTestBroker();
  probes = createProbes({ version: 'test', store });
  app = await buildApp({ store, logger: pino({ level: 'silent' }), probes });
  ingest = await startIngest({ db: store.db, mqttUrl: broker.url, group, clientId: group });
  probes.machineData = { broker: broker.url, embedded: true, group, ingest };
  const { user } = await createTestUser(store.db, 'prometheus', ['monitor']);
  monitor = await createTestToken(store.db, user.id, { name: 'prometheus' });
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);
});

afterAll(async () => {
  await app?.close();
  await ingest?.stop();
  await store?.close();
  await broker?.close();
});

/** One scrape, parsed: sample name with its labels → value. */
async function scrape(): Promise<Map<string, number>> {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers: monitor.headers });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  const samples = new Map<string, number>();
  for (const line of response.body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

const value = (samples: Map<string, number>, name: string) => {
  const found = samples.get(name);
  if (found === undefined) throw new Error(`no sample ${name}`);
  return found;
};

async function waitFor(what: string, condition: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('GET /metrics', () => {
  it('is refused without credentials and to a user without system.monitor', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    const plantReader = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: viewer.headers,
    });
    expect(plantReader.statusCode).toBe(403);
    expect(plantReader.json().detail).toContain('system.monitor');
  });

  it('gives the monitoring token the process, pool and store figures', async () => {
    const samples = await scrape();
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(samples, `lotline_info{version="test",store="${store.kind}"}`)).toBe(1);
    expect(value(samples, 'lotline_db_pool_max')).toBe(store.kind === 'pglite' ? 1 : 5);
    expect(value(samples, 'lotline_db_pool_waiting')).toBe(0);
    expect(value(samples, 'lotline_ingest_up')).toBe(1);
    expect(value(samples, 'lotline_ingest_broker_connected')).toBe(1);
  });

  it('counts requests by route pattern and status class', async () => {
    const series =
      'lotline_http_request_duration_seconds_count{method="GET",route="/api/plant/lines",status_class="2xx"}';
    const before = (await scrape()).get(series) ?? 0;
    for (let i = 0; i < 3; i++) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/plant/lines?probe=${i}`,
        headers: viewer.headers,
      });
      expect(response.statusCode).toBe(200);
    }
    const refused = await app.inject({ method: 'GET', url: '/api/plant/lines' });
    expect(refused.statusCode).toBe(401);
    const after = await scrape();
    expect(value(after, series)).toBe(before + 3);
    expect(
      value(
        after,
        'lotline_http_request_duration_seconds_count{method="GET",route="/api/plant/lines",status_class="4xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('keeps the number of series bounded: URLs never become labels', async () => {
    const routesBefore = routeLabels(await scrape());
    for (let i = 0; i < 40; i++) {
      await app.inject({ method: 'GET', url: `/api/no-such-thing/${i}`, headers: viewer.headers });
      await app.inject({
        method: 'GET',
        url: `/api/plant/revisions/${1000 + i}`,
        headers: viewer.headers,
      });
    }
    const routes = routeLabels(await scrape());
    expect(routes).toContain('unmatched');
    expect(routes).toContain('/api/plant/revisions/:number');
    expect([...routes].some((r) => /\d{4}|no-such-thing/.test(r))).toBe(false);
    // 80 different URLs added at most the two patterns they matched.
    expect(routes.size - routesBefore.size).toBeLessThanOrEqual(2);
    const catalogued = new Set(app.routeCatalog.map((r) => r.url));
    for (const route of routes) if (route !== 'unmatched') expect(catalogued).toContain(route);
  });

  it('moves the ingest figures as machine data arrive, and counts dead letters', async () => {
    const before = await scrape();
    const received = value(before, 'lotline_ingest_messages_received_total');
    const rows = value(before, 'lotline_ingest_metric_rows_written_total');
    const dead = value(before, 'lotline_ingest_dead_letters_total');

    const { plant } = await currentPlant(store.db);
    const start = Date.parse('2027-03-15T10:00:00Z');
    const sim = new LineSimulator({ plant, line: 'L1', seed: 5, start });
    const births = ingest.stats().acknowledged;
    const edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L1',
      snapshot: () => sim.snapshot(),
    });
    const raw = await connectMqtt(broker.url, { clientId: `raw-${group}`, clean: true });
    try {
      await waitFor('the births', () => ingest.stats().acknowledged > births);
      await raw.publishAsync(`spBv1.0/${group}/DDATA/L1/XX`, Buffer.from('not protobuf'), {
        qos: 1,
      });
      await edge.publish(sim.advanceTo(start + 60_000));
      await waitFor('every message', () => {
        const s = ingest.stats();
        return s.pending === 0 && s.deadLetters >= dead + 1 && s.received > received + 2;
      });
    } finally {
      await raw.endAsync();
      await edge.close();
    }
    // The edge node's death certificate may still be on its way after close:
    // scrape once nothing is pending and nothing has arrived for a while.
    let quietSince = Date.now();
    let lastReceived = ingest.stats().received;
    await waitFor('the ingest to go quiet', () => {
      const s = ingest.stats();
      if (s.received !== lastReceived || s.pending !== 0) {
        lastReceived = s.received;
        quietSince = Date.now();
      }
      return s.pending === 0 && Date.now() - quietSince > 500;
    });
    const after = await scrape();
    const stats = ingest.stats();
    expect(value(after, 'lotline_ingest_messages_received_total')).toBe(stats.received);
    expect(stats.received).toBeGreaterThan(received + 2);
    expect(value(after, 'lotline_ingest_messages_acknowledged_total')).toBe(stats.acknowledged);
    expect(value(after, 'lotline_ingest_metric_rows_written_total')).toBeGreaterThan(rows);
    expect(value(after, 'lotline_ingest_dead_letters_total')).toBe(dead + 1);
    expect(value(after, 'lotline_ingest_batches_total')).toBeGreaterThan(0);
    expect(value(after, 'lotline_ingest_pending_messages')).toBe(0);
    expect(value(after, 'lotline_ingest_lag_seconds')).toBe(0);
  });
});

function routeLabels(samples: Map<string, number>): Set<string> {
  const routes = new Set<string>();
  for (const name of samples.keys()) {
    if (!name.startsWith('lotline_http_request_duration_seconds_count')) continue;
    const route = /route="([^"]*)"/.exec(name)?.[1];
    if (route) routes.add(route);
  }
  return routes;
}

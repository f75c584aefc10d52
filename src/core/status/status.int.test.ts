// GET /api/admin/status against the real app and store, with and without a
// running ingest: who may read it, and that its figures are the system's.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestToken,
  createTestUser,
  type Session,
  signInAs,
} from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { startTestBroker, type TestBroker, uniqueGroup } from '../../../test/support/mqtt.js';
import { buildApp } from '../../app.js';
import { type Ingest, startIngest } from '../../modules/telemetry/index.js';
import type { Store } from '../db/store.js';
import type { App } from '../http/server.js';
import { createProbes, type SystemProbes } from './probes.js';
import type { SystemStatus } from './status.js';

let store: Store;
let broker: TestBroker;
let app: App;
let probes: SystemProbes;
let admin: Session;
let ingest: Ingest | undefined;

beforeAll(async () => {
  store = await createReferenceStore();
  broker = await startTestBroker();
  probes = createProbes({ version: 'test', store });
  app = await buildApp({ store, logger: pino({ level: 'silent' }), probes });
  admin = await signInAs(app, store.db, 'ada', ['admin']);
});

afterAll(async () => {
  await app?.close();
  await ingest?.stop();
  await store?.close();
  await broker?.close();
});

async function status(headers: Record<string, string>): Promise<SystemStatus> {
  const response = await app.inject({ method: 'GET', url: '/api/admin/status', headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SystemStatus;
}

describe('GET /api/admin/status', () => {
  it('is for the administrator and the monitoring role only', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/admin/status' })).statusCode).toBe(401);
    for (const role of ['viewer', 'qa_manager', 'storekeeper'] as const) {
      const session = await signInAs(app, store.db, `u-${role}`, [role]);
      const response = await app.inject({
        method: 'GET',
        url: '/api/admin/status',
        headers: session.headers,
      });
      expect(response.statusCode, role).toBe(403);
    }
    const { user } = await createTestUser(store.db, 'prometheus', ['monitor']);
    const token = await createTestToken(store.db, user.id);
    expect((await status(token.headers)).version).toBe('test');
    expect((await status(admin.headers)).version).toBe('test');
  });

  it('reports the store, its migrations and a process without ingest', async () => {
    const report = await status(admin.headers);
    expect(report.store).toMatchObject({ kind: store.kind, reachable: true, error: null });
    expect(report.store.migrations.known).toBeGreaterThan(10);
    expect(report.store.migrations.applied).toBe(report.store.migrations.known);
    expect(report.store.pool.max).toBe(store.kind === 'pglite' ? 1 : 5);
    expect(report.machineData).toBeNull();
    expect(report.deadLettersLastHour).toBe(0);
    expect(report.liveSubscribers).toBe(0);
    expect(report.memory.heapUsedMb).toBeGreaterThan(1);
    expect(report.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(report.overall).toBe('ok');
    expect(report.checks.find((c) => c.name === 'store')?.state).toBe('ok');
  });

  it('shows the ingest once it runs: broker connection, counters, lag', async () => {
    const group = uniqueGroup('status');
    ingest = await startIngest({ db: store.db, mqttUrl: broker.url, group, clientId: group });
    probes.machineData = { broker: broker.url, embedded: true, group, ingest };
    const report = await status(admin.headers);
    expect(report.machineData).toMatchObject({ group, connected: true, lagSeconds: 0 });
    expect(report.machineData?.counters.pending).toBe(0);
    expect(report.checks.find((c) => c.name === 'broker')?.state).toBe('ok');

    // The broker connection lost (ingest stopped): the page says so as an error.
    await ingest.stop();
    const down = await status(admin.headers);
    expect(down.machineData?.connected).toBe(false);
    expect(down.checks.find((c) => c.name === 'broker')?.state).toBe('error');
    expect(down.overall).toBe('error');
  });
});

// Every pooled connection held: two maintenance requests wait behind a lock
// an outside connection took on their table, each holding one of the pool's
// two connections. Further requests wait at most DATABASE_POOL_TIMEOUT_MS for
// a connection and then get a 503 problem with Retry-After — not a hang until
// their client gives up — and when the lock is released the waiting requests
// finish and new ones go through. A private PostgreSQL.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/app.js';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres.js';
import { RequestWriter, startLotlineWith, technicianToken, waitUntil } from './services-load.js';

let postgres: PrivatePostgres;
let lotline: Running | undefined;
let locker: pg.Client | undefined;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  await postgres.query('create database lotline');
});

afterAll(async () => {
  await locker?.end().catch(() => {});
  await lotline?.stop().catch(() => {});
  await postgres?.destroy();
});

const POOL_TIMEOUT_MS = 500;

describe('an exhausted connection pool', () => {
  it('answers 503 with Retry-After within the acquire timeout, and recovers', async () => {
    const running = await startLotlineWith({
      DATABASE_URL: postgres.url('lotline'),
      DATABASE_POOL_SIZE: '2',
      DATABASE_POOL_TIMEOUT_MS: String(POOL_TIMEOUT_MS),
      // The embedded broker and no machines: nothing else takes a connection.
      LOTLINE_MQTT_PORT: '0',
    });
    lotline = running;
    const authorization = await technicianToken(running.store.db);
    const writer = new RequestWriter(running.url, authorization, 'pool');
    expect((await writer.call('pool-before')).status).toBe(201);

    // Writes to the table wait behind the lock; reads of it do not.
    locker = new pg.Client({ connectionString: postgres.url('lotline') });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table maintenance.work_orders in exclusive mode');
    const blocked = [writer.call('pool-blocked-1'), writer.call('pool-blocked-2')];
    await waitUntil('both pooled connections wait on the lock', async () => {
      const [row] = await postgres.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = 'lotline' and wait_event_type = 'Lock'`,
      );
      return row?.n === 2;
    });

    // Every further request: a quick, clean refusal.
    const refusals = await Promise.all([
      writer.call('pool-refused-1'),
      writer.call('pool-refused-2'),
      (async () => {
        const started = Date.now();
        const response = await fetch(`${running.url}/api/maintenance/work-orders`, {
          headers: { authorization },
          signal: AbortSignal.timeout(15_000),
        });
        return {
          status: response.status,
          ms: Date.now() - started,
          body: await response.json(),
          retryAfter: response.headers.get('retry-after'),
        };
      })(),
    ]);
    for (const refused of refusals) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      expect(refused.body).toMatchObject({ status: 503, code: 'database_busy' });
      expect((refused.body as { detail: string }).detail).toMatch(/DATABASE_POOL_TIMEOUT_MS/);
      expect(refused.retryAfter).toBe('1');
      expect(refused.ms).toBeGreaterThanOrEqual(POOL_TIMEOUT_MS - 50);
      expect(refused.ms).toBeLessThan(POOL_TIMEOUT_MS + 3_000);
    }

    // The lock goes: the waiting requests finish, new ones go through.
    await locker.query('commit');
    for (const outcome of await Promise.all(blocked)) expect(outcome.status).toBe(201);
    expect((await writer.call('pool-after')).status).toBe(201);
    const list = await fetch(`${running.url}/api/maintenance/work-orders`, {
      headers: { authorization },
    });
    expect(list.status).toBe(200);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
  });
});

// PostgreSQL goes away under load: stopped for a while (pg_ctl stop -m fast,
// then start), and restarted as after a crash (pg_ctl restart -m immediate),
// while an edge node publishes machine data and a client opens maintenance
// requests. Lotline answers a clean 503 while the database is down, says so at
// /readyz, reconnects by itself and catches up: every message the broker
// acknowledged to the edge node is stored exactly once, every counter matches,
// every acknowledged request is there once. A private PostgreSQL and a private
// Mosquitto; the shared servers are not touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/app.js';
import { type PrivateMosquitto, startPrivateMosquitto } from '../support/private-mosquitto.js';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres.js';
import {
  AckedEdgeNode,
  expectMachineDataOnce,
  expectRequestsOnce,
  goodOnFloor,
  type Outcome,
  RequestWriter,
  sleep,
  startLotlineWith,
  technicianToken,
  waitUntil,
} from './services-load.js';

let postgres: PrivatePostgres;
let mosquitto: PrivateMosquitto;
let lotline: Running | undefined;
const group = `fault-pg-${process.pid}`;

beforeAll(async () => {
  [postgres, mosquitto] = await Promise.all([startPrivatePostgres(), startPrivateMosquitto()]);
  await postgres.query('create database lotline');
});

afterAll(async () => {
  await lotline?.stop().catch(() => {});
  await postgres?.destroy();
  await mosquitto?.destroy();
});

async function readiness(url: string): Promise<Outcome> {
  const started = Date.now();
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    ms: Date.now() - started,
    body: await response.json(),
    retryAfter: response.headers.get('retry-after'),
  };
}

describe('PostgreSQL restarted under load', () => {
  it('refuses cleanly while it is down, reconnects, and loses or doubles nothing', async () => {
    const running = await startLotlineWith({
      DATABASE_URL: postgres.url('lotline'),
      DATABASE_POOL_SIZE: '4',
      MQTT_URL: mosquitto.url,
      LOTLINE_MQTT_GROUP: group,
    });
    lotline = running;
    const db = running.store.db;
    const authorization = await technicianToken(db);

    const edge = new AckedEdgeNode(mosquitto.url, group);
    await edge.connect();
    const writer = new RequestWriter(running.url, authorization, 'pg-restart');
    try {
      edge.run(10);
      writer.run(20);
      await waitUntil('the floor shows good output', async () => {
        return (await goodOnFloor(running.url, authorization)) > 0;
      });
      expect((await readiness(running.url)).status).toBe(200);

      // Down for a while: every call is refused at once, with the cause.
      await postgres.stop('fast');
      const down: Outcome[] = [];
      for (let i = 0; i < 5; i++) {
        down.push(await writer.call(`pg-down-probe-${i}`));
        down.push(await readiness(running.url));
        await sleep(200);
      }
      for (const outcome of down) {
        expect(outcome.status, JSON.stringify(outcome)).toBe(503);
        expect(outcome.ms).toBeLessThan(2_000);
        expect(outcome.retryAfter).toMatch(/^\d+$/);
      }
      const refused = down[0]?.body as { code: string; detail: string };
      expect(refused.code).toBe('database_unavailable');
      expect(refused.detail).toMatch(/database is unavailable/);
      expect((down[1]?.body as { detail?: string } | undefined)?.detail).toMatch(
        /^not ready: the database is unavailable/,
      );
      const outageWrites = writer.outcomes.length;
      await sleep(1_500);
      await postgres.start();
      await waitUntil('ready again', async () => (await readiness(running.url)).status === 200);

      // A crash and a recovery in the middle of the stream.
      const beforeCrash = writer.acknowledged.size;
      await waitUntil('requests go in again', () => writer.acknowledged.size > beforeCrash + 5);
      await postgres.restart('immediate');
      const afterCrash = writer.acknowledged.size;
      await waitUntil(
        'requests go in after the crash',
        () => writer.acknowledged.size > afterCrash + 5,
      );

      await Promise.all([edge.stop(), writer.stop()]);
      // The writer's own calls during the outage were refused too, not failed.
      expect(writer.outcomes.length).toBeGreaterThan(outageWrites);
      const statuses = new Set(writer.outcomes.map((o) => o.status));
      for (const status of statuses) expect([201, 503]).toContain(status);
      expect(statuses.has(503)).toBe(true);

      // Caught up: the floor shows what the machines made.
      const expectedGood = edge.simulator.tally().good;
      await waitUntil(
        `the floor shows ${expectedGood} good`,
        async () => (await goodOnFloor(running.url, authorization)) === expectedGood,
        60_000,
      );
      await expectMachineDataOnce(db, edge);
      await expectRequestsOnce(db, writer);
      // Every connection the outage broke went back to the pool: with the work
      // done, none is held (a failed BEGIN used to keep its connection for good).
      await waitUntil(
        'every pooled connection back in the pool',
        async () => {
          const pool = running.store.pool();
          return pool.total === pool.idle;
        },
        10_000,
      );
    } finally {
      await edge.close();
      await writer.stop();
    }
  });
});

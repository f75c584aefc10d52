// The MQTT broker goes away under load while an edge node publishes machine
// data. Stopped and started again (SIGTERM: Mosquitto saves its persistence
// file), the broker gives the ingest its persistent session back: the edge
// node reconnects first (250 ms against the ingest's 1 s), so what it
// publishes before the ingest is back reaches Lotline only through that
// session — and every message the broker acknowledged is stored exactly once.
// Killed (SIGKILL), Mosquitto loses what it held in memory since its last
// autosave, which is the broker's promise, not Lotline's: Lotline still
// reconnects, counts on, and stores nothing twice.
// A private Mosquitto and a private PostgreSQL; the shared servers are not touched.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/app.js';
import { type PrivateMosquitto, startPrivateMosquitto } from '../support/private-mosquitto.js';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres.js';
import {
  AckedEdgeNode,
  expectMachineDataOnce,
  goodOnFloor,
  sleep,
  startLotlineWith,
  technicianToken,
  waitUntil,
} from './services-load.js';

let postgres: PrivatePostgres;
let mosquitto: PrivateMosquitto;
let lotline: Running | undefined;
let edge: AckedEdgeNode | undefined;
let database = 0;

beforeAll(async () => {
  [postgres, mosquitto] = await Promise.all([startPrivatePostgres(), startPrivateMosquitto()]);
});

afterEach(async () => {
  await edge?.close();
  edge = undefined;
  await lotline?.stop().catch(() => {});
  lotline = undefined;
});

afterAll(async () => {
  await postgres?.destroy();
  await mosquitto?.destroy();
});

/** Lotline on a database of its own, with an edge node publishing every 10 ms. */
async function underLoad(group: string) {
  database += 1;
  await postgres.query(`create database lotline_${database}`);
  const running = await startLotlineWith({
    DATABASE_URL: postgres.url(`lotline_${database}`),
    MQTT_URL: mosquitto.url,
    LOTLINE_MQTT_GROUP: group,
  });
  lotline = running;
  const authorization = await technicianToken(running.store.db);
  const node = new AckedEdgeNode(mosquitto.url, group);
  edge = node;
  await node.connect();
  node.run(10);
  await waitUntil('the floor shows good output', async () => {
    return (await goodOnFloor(running.url, authorization)) > 0;
  });
  const caughtUp = async () => {
    await node.stop();
    const expectedGood = node.simulator.tally().good;
    await waitUntil(
      `the floor shows ${expectedGood} good`,
      async () => (await goodOnFloor(running.url, authorization)) === expectedGood,
      60_000,
    );
  };
  return { running, node, caughtUp, authorization };
}

describe('the MQTT broker restarted under load', () => {
  it('gives the ingest its session back: nothing acknowledged is lost or doubled', async () => {
    const { running, node, caughtUp } = await underLoad(`fault-mqtt-${process.pid}`);
    for (let round = 0; round < 2; round++) {
      const before = node.acknowledged.length;
      await mosquitto.stop('SIGTERM');
      await sleep(1_000);
      await mosquitto.start();
      await waitUntil(
        'the edge node publishes again',
        () => node.acknowledged.length > before + 50,
      );
    }
    await caughtUp();
    const { stored } = await expectMachineDataOnce(running.store.db, node, {
      // Data the edge node sent again after the restart (mqtt.js resends what
      // was not acknowledged) behind its new session's births is refused by
      // the host session as stale, and kept as a dead letter.
      allowDeadLetters: true,
    });
    expect(stored).toBeGreaterThan(0);
    expect(mosquitto.log()).not.toMatch(/error/i);
  });

  it('reconnects after the broker is killed, and counts nothing twice', async () => {
    const { running, node, authorization } = await underLoad(`fault-mqtt-kill-${process.pid}`);
    const before = node.acknowledged.length;
    await mosquitto.stop('SIGKILL');
    const goodAtKill = await goodOnFloor(running.url, authorization);
    await sleep(1_000);
    await mosquitto.start();
    await waitUntil('the edge node publishes again', () => node.acknowledged.length > before + 50);
    // The ingest is back: the floor moves on from where it stood.
    await waitUntil(
      'the floor counts again',
      async () => (await goodOnFloor(running.url, authorization)) > goodAtKill + 10,
      60_000,
    );
    await node.stop();
    await sleep(1_000);
    // Nothing counted twice: the floor never shows more than the machines
    // made (what the killed broker held in memory may be missing, and a
    // birth starts a new count, so it may show less), and no message's
    // metric is stored twice.
    expect(await goodOnFloor(running.url, authorization)).toBeLessThanOrEqual(
      node.simulator.tally().good,
    );
    const rows = (await running.store.db.execute(
      sql`select count(*)::int as n from (select message_key, metric_index
          from telemetry.machine_events group by 1, 2 having count(*) > 1) d`,
    )) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0]?.n).toBe(0);
  });
});

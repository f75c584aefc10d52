// The database's disk fills up under load. The test database lives in a
// tablespace on a small tmpfs (its WAL stays on the big disk: a full WAL disk
// makes PostgreSQL PANIC, which is another failure), which an outside
// connection fills to the last byte while an edge node publishes. Lotline
// refuses writes with a 507 problem naming the cause, keeps serving reads,
// holds the ingest's PUBACKs and retries instead of dropping or
// dead-lettering; when the tmpfs is grown it recovers by itself and catches
// up with nothing lost or doubled. Needs root (mount).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/app.js';
import { deadLetters, machineEvents } from '../../src/modules/telemetry/index.js';
import { type PrivateMosquitto, startPrivateMosquitto } from '../support/private-mosquitto.js';
import {
  giveToPostgres,
  type PrivatePostgres,
  startPrivatePostgres,
} from '../support/private-postgres.js';
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

const MB = 1024 * 1024;
let postgres: PrivatePostgres;
let mosquitto: PrivateMosquitto;
let lotline: Running | undefined;
let disk: string | undefined;
let mounted = false;
const group = `fault-disk-${process.pid}`;

function usedBytes(dir: string): number {
  const s = statfsSync(dir);
  return (s.blocks - s.bfree) * s.bsize;
}

function resize(dir: string, bytes: number): void {
  execFileSync('mount', ['-o', `remount,size=${Math.ceil(bytes / 4096) * 4096}`, dir]);
}

beforeAll(async () => {
  [postgres, mosquitto] = await Promise.all([startPrivatePostgres(), startPrivateMosquitto()]);
  disk = mkdtempSync(path.join(os.tmpdir(), 'lotline-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128m', 'tmpfs', disk]);
  mounted = true;
  giveToPostgres(disk);
  await postgres.query(`create tablespace small_disk location '${disk}'`);
  await postgres.query('create database lotline tablespace small_disk');
});

afterAll(async () => {
  await lotline?.stop().catch(() => {});
  await postgres?.destroy();
  await mosquitto?.destroy();
  if (disk) {
    if (mounted) execFileSync('umount', ['-l', disk]);
    rmSync(disk, { recursive: true, force: true });
  }
});

describe('the database disk full', () => {
  it('refuses writes with 507, serves reads, holds machine data, and recovers when space is freed', async () => {
    const dir = disk as string;
    const running = await startLotlineWith({
      DATABASE_URL: postgres.url('lotline'),
      MQTT_URL: mosquitto.url,
      LOTLINE_MQTT_GROUP: group,
    });
    lotline = running;
    const db = running.store.db;
    const authorization = await technicianToken(db);
    const edge = new AckedEdgeNode(mosquitto.url, group);
    await edge.connect();
    const writer = new RequestWriter(running.url, authorization, 'disk');
    try {
      edge.run(10);
      await waitUntil('the floor shows good output', async () => {
        return (await goodOnFloor(running.url, authorization)) > 0;
      });
      expect((await writer.call('disk-before')).status).toBe(201);

      // Leave a little room, then fill it from outside to the last byte.
      resize(dir, usedBytes(dir) + 2 * MB);
      await postgres.query('create table filler (b text)', [], 'lotline');
      await postgres.query('alter table filler alter column b set storage external', [], 'lotline');
      let full = false;
      for (let i = 0; i < 500 && !full; i++) {
        try {
          await postgres.query(
            `insert into filler select string_agg(md5(random()::text), '')
               from generate_series(1, 200) g, generate_series(1, 20) r group by r`,
            [],
            'lotline',
          );
        } catch (error) {
          expect((error as { code?: string }).code).toBe('53100');
          full = true;
        }
      }
      expect(full).toBe(true);

      // Writes are refused, with the cause and when to come back. A small
      // write may still fit in free room of a page already there; one that
      // needs a new page is refused.
      let refused: Outcome | undefined;
      for (let i = 0; i < 300 && !refused; i++) {
        const outcome = await writer.call(`disk-full-${i}`);
        writer.outcomes.push(outcome);
        if (outcome.status === 201) {
          writer.acknowledged.set(`disk-full-${i}`, (outcome.body as { id: string }).id);
        } else refused = outcome;
      }
      expect(refused?.status, JSON.stringify(refused?.body)).toBe(507);
      expect(refused?.body).toMatchObject({ code: 'database_disk_full', status: 507 });
      expect((refused?.body as { detail?: string } | undefined)?.detail).toMatch(/disk is full/);
      expect(refused?.retryAfter).toMatch(/^\d+$/);
      // Reads go on.
      const read = await fetch(`${running.url}/api/maintenance/work-orders`, {
        headers: { authorization },
      });
      expect(read.status).toBe(200);
      expect(await goodOnFloor(running.url, authorization)).toBeGreaterThan(0);
      expect((await fetch(`${running.url}/readyz`)).status).toBe(200);

      // The ingest holds on: once the last free room is used, it stores
      // nothing more while the edge node goes on publishing, and turns
      // nothing into a dead letter.
      const events = () => db.$count(machineEvents, eq(machineEvents.groupId, group));
      let last = -1;
      await waitUntil('machine data stop going in', async () => {
        const now = await events();
        const stalled = now === last;
        last = now;
        await sleep(500);
        return stalled;
      });
      const publishedWhenFull = edge.acknowledged.length;
      await sleep(2_000);
      expect(edge.acknowledged.length).toBeGreaterThan(publishedWhenFull);
      expect(await events()).toBe(last);
      expect(await db.$count(deadLetters)).toBe(0);

      // Space is freed: Lotline recovers by itself.
      writer.run(20);
      resize(dir, 128 * MB);
      await waitUntil('requests go in again', () => writer.acknowledged.size > 5, 20_000);
      await Promise.all([edge.stop(), writer.stop()]);
      const expectedGood = edge.simulator.tally().good;
      await waitUntil(
        `the floor shows ${expectedGood} good`,
        async () => (await goodOnFloor(running.url, authorization)) === expectedGood,
        60_000,
      );
      await expectMachineDataOnce(db, edge);
      await expectRequestsOnce(db, writer);
      for (const outcome of writer.outcomes) expect([201, 507]).toContain(outcome.status);
    } finally {
      await edge.close();
      await writer.stop();
    }
  });
});

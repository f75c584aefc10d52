// Ingest against a real broker (aedes, or LOTLINE_TEST_MQTT_URL) and a real
// database (PGlite, or LOTLINE_TEST_DATABASE_URL): a simulated line goes in,
// and what is committed is what the simulator says it made.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/support/database.js';
import { startTestBroker, type TestBroker, uniqueGroup } from '../../../test/support/mqtt.js';
import type { Store } from '../../core/db/store.js';
import { readPlantText } from '../plant/index.js';
import { connectMqtt } from './broker.js';
import { type Ingest, messageKey, startIngest } from './ingest.js';
import { connectEdgeNode } from './publisher.js';
import { deadLetters, lineState, machineEvents, stationState } from './schema.js';
import { LineSimulator, type MetricChange } from './simulator/line-model.js';
import { encodePayload, formatTopic } from './sparkplug.js';

const plantResult = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
if (!plantResult.ok) throw new Error('the reference plant is not valid');
const plant = plantResult.plant;
const L1 = plant.lines.find((l) => l.code === 'L1');
if (!L1) throw new Error('the reference plant has no L1');
const OUTPUT = L1.stations.at(-1)?.code as string;
// Monday 15 March 2027, 06:00 in Caracas: the start of shift A.
const SHIFT_A = Date.parse('2027-03-15T10:00:00Z');

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const messagesFor = (changes: readonly MetricChange[]) =>
  new Set(changes.map((c) => c.device)).size;

describe('telemetry ingest', () => {
  let broker: TestBroker;
  let store: Store;

  beforeAll(async () => {
    broker = await startTestBroker();
    store = await createTestStore();
  });

  afterAll(async () => {
    await store?.close();
    await broker?.close();
  });

  const ingestFor = (
    group: string,
    clientId = `lotline-ingest-${group}`,
    batches: { maxBatch?: number; lingerMs?: number; concurrentBatches?: number } = {},
  ) =>
    startIngest({
      db: store.db,
      mqttUrl: broker.url,
      group,
      clientId,
      ...batches,
      outputStation: (line) => (line === 'L1' ? OUTPUT : undefined),
      rebirthRetryMs: 500,
    });

  async function stationRows(group: string) {
    const rows = await store.db.select().from(stationState).where(eq(stationState.groupId, group));
    return new Map(rows.map((r) => [r.station, r]));
  }

  async function lastCounts(group: string, metric: string) {
    // The last value of each station's counter in machine_events.
    const rows = await store.db.execute<{ device: string; value: number }>(sql`
      select distinct on (device) device, value_number as value
      from ${machineEvents}
      where group_id = ${group} and metric = ${metric}
      order by device, metric_at desc, id desc`);
    const list = (rows as unknown as { rows?: { device: string; value: number }[] }).rows ?? rows;
    return new Map(
      (list as { device: string; value: number }[]).map((r) => [r.device, Number(r.value)]),
    );
  }

  it('commits a simulated line, counts what the simulator tallied, and measures throughput', async () => {
    const group = uniqueGroup('ingest');
    const ingest = await ingestFor(group);
    const sim = new LineSimulator({ plant, line: 'L1', seed: 34, start: SHIFT_A });
    const started = performance.now();
    const edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L1',
      snapshot: () => sim.snapshot(),
    });
    let published = 1 + L1.stations.length;
    try {
      // Twenty simulated minutes in 10-second slices; keep the broker's queue
      // for ingest short (Mosquitto drops QoS 1 messages past max_queued_messages).
      for (let t = SHIFT_A; t < SHIFT_A + 20 * 60_000; ) {
        t += 10_000;
        const changes = sim.advanceTo(t);
        published += messagesFor(changes);
        await edge.publish(changes);
        await waitFor(`message ${published}`, () => ingest.stats().acknowledged >= published);
      }
      await ingest.flush();
      const elapsedS = (performance.now() - started) / 1_000;
      const stats = ingest.stats();
      console.info(
        `ingest (${store.kind}, ${broker.kind}): ${stats.acknowledged} messages, ${stats.events} metrics in ${elapsedS.toFixed(2)} s = ${Math.round(stats.events / elapsedS)} metrics/s, ${stats.batches} batches`,
      );
      expect(stats).toMatchObject({ deadLetters: 0, duplicates: 0, commitFailures: 0 });
      expect(published).toBeGreaterThan(300);

      const tally = sim.tally();
      expect(tally.good).toBeGreaterThan(1_000);
      const stations = await stationRows(group);
      const good = await lastCounts(group, 'Counts/Good');
      const reject = await lastCounts(group, 'Counts/Reject');
      for (const s of tally.stations) {
        const row = stations.get(s.station);
        expect(row, s.station).toMatchObject({
          lastGood: s.good,
          lastReject: s.reject,
          good: s.good,
          reject: s.reject,
        });
        expect(good.get(s.station), s.station).toBe(s.good);
        expect(reject.get(s.station), s.station).toBe(s.reject);
      }
      const [line] = await store.db.select().from(lineState).where(eq(lineState.groupId, group));
      expect(line).toMatchObject({
        line: 'L1',
        good: tally.good,
        reject: tally.reject,
        workOrder: 'L1-SIM',
      });
      // One row per gauged cartridge.
      const [gauged] = await store.db
        .select({ n: count() })
        .from(machineEvents)
        .where(
          and(
            eq(machineEvents.groupId, group),
            eq(machineEvents.metric, 'Gauge/OAL'),
            eq(machineEvents.birth, false),
          ),
        );
      const ga = tally.stations.find((s) => s.station === 'GA');
      expect(gauged?.n).toBe((ga?.good ?? 0) + (ga?.reject ?? 0));
    } finally {
      await edge.close();
    }
    await waitFor('the line offline', async () => {
      await ingest.flush();
      const [line] = await store.db.select().from(lineState).where(eq(lineState.groupId, group));
      return line?.state === 'offline';
    });
    await ingest.stop();
  });

  it('writes two small batches at once and still counts in arrival order', async () => {
    // Batches of 20 messages, two in the database at a time: the second's
    // rows go in while the first commits, its counters only after.
    const group = uniqueGroup('overlap');
    const ingest = await ingestFor(group, undefined, {
      maxBatch: 20,
      lingerMs: 0,
      concurrentBatches: 2,
    });
    const sim = new LineSimulator({ plant, line: 'L1', seed: 71, start: SHIFT_A });
    const edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L1',
      snapshot: () => sim.snapshot(),
    });
    let published = 1 + L1.stations.length;
    try {
      // Ten simulated minutes, published without waiting for ingest.
      for (let t = SHIFT_A; t < SHIFT_A + 10 * 60_000; ) {
        t += 5_000;
        const changes = sim.advanceTo(t);
        published += messagesFor(changes);
        await edge.publish(changes);
      }
      await waitFor('every message', () => ingest.stats().acknowledged >= published, 60_000);
      await ingest.flush();
      const stats = ingest.stats();
      expect(stats).toMatchObject({ deadLetters: 0, duplicates: 0, commitFailures: 0 });
      expect(stats.batches).toBeGreaterThan(10);
      const tally = sim.tally();
      const stations = await stationRows(group);
      for (const s of tally.stations) {
        expect(stations.get(s.station), s.station).toMatchObject({
          lastGood: s.good,
          lastReject: s.reject,
          good: s.good,
          reject: s.reject,
        });
      }
      const [line] = await store.db.select().from(lineState).where(eq(lineState.groupId, group));
      expect(line).toMatchObject({ good: tally.good, reject: tally.reject });
    } finally {
      await edge.close();
      await ingest.stop();
    }
  });

  it('dead-letters a malformed payload with its bytes and reason, and goes on', async () => {
    const group = uniqueGroup('dead');
    const ingest = await ingestFor(group);
    const raw = await connectMqtt(broker.url, { clientId: `raw-${group}`, clean: true });
    try {
      const topic = formatTopic({ type: 'DDATA', group, node: 'L1', device: 'CF' });
      const garbage = Buffer.from([0xff, 0xff, 0xff, 0x01, 0x02]);
      await raw.publishAsync(topic, garbage, { qos: 1 });
      const birth = encodePayload({
        timestamp: SHIFT_A,
        seq: 0,
        metrics: [
          { name: 'bdSeq', datatype: 'Int64', value: 0 },
          { name: 'Line/WorkOrder', alias: 1, datatype: 'String', value: 'WO-1' },
        ],
      });
      await raw.publishAsync(
        formatTopic({ type: 'NBIRTH', group, node: 'L1' }),
        Buffer.from(birth),
        {
          qos: 1,
        },
      );
      await waitFor('both messages', () => ingest.stats().acknowledged >= 2);
      const rows = await store.db
        .select()
        .from(deadLetters)
        .where(eq(deadLetters.messageKey, messageKey(topic, garbage)));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.topic).toBe(topic);
      expect(Buffer.from(rows[0]?.payload ?? [])).toEqual(garbage);
      expect(rows[0]?.reason).toMatch(/not a Sparkplug B payload/);
      // Ingest went on: the birth after it was written.
      const [line] = await store.db.select().from(lineState).where(eq(lineState.groupId, group));
      expect(line?.workOrder).toBe('WO-1');
    } finally {
      await raw.endAsync();
      await ingest.stop();
    }
  });

  it('stores a message delivered twice once', async () => {
    const group = uniqueGroup('dup');
    const ingest = await ingestFor(group);
    const raw = await connectMqtt(broker.url, { clientId: `raw-${group}`, clean: true });
    try {
      const topic = formatTopic({ type: 'NBIRTH', group, node: 'L1' });
      const birth = Buffer.from(
        encodePayload({
          timestamp: SHIFT_A,
          seq: 0,
          metrics: [
            { name: 'bdSeq', datatype: 'Int64', value: 3 },
            { name: 'Line/WorkOrder', alias: 1, datatype: 'String', value: 'WO-2' },
            { name: 'Line/Product', alias: 2, datatype: 'String', value: 'C762-BALL' },
          ],
        }),
      );
      // The same bytes twice, as a broker redelivers a message whose PUBACK it missed.
      await raw.publishAsync(topic, birth, { qos: 1 });
      await raw.publishAsync(topic, birth, { qos: 1 });
      await waitFor('both deliveries', () => ingest.stats().acknowledged >= 2);
      const [stored] = await store.db
        .select({ n: count() })
        .from(machineEvents)
        .where(eq(machineEvents.messageKey, messageKey(topic, birth)));
      expect(stored?.n).toBe(3);
      // Known to this process, the second delivery does not reach the database at all.
      expect(ingest.stats()).toMatchObject({ events: 3, redeliveries: 1 });
    } finally {
      await raw.endAsync();
      await ingest.stop();
    }
  });

  it('stores text with tabs, line breaks and backslashes, and bytes, exactly as sent', async () => {
    // Rows go in by COPY, whose text format escapes these characters; a
    // second store of the same message takes the row-by-row path.
    const group = uniqueGroup('text');
    const raw = await connectMqtt(broker.url, { clientId: `raw-${group}`, clean: true });
    const awkward = 'lot\tA\\B\nline two\r\\N';
    const bytes = new Uint8Array([0, 9, 10, 13, 92, 255]);
    const birthTopic = formatTopic({ type: 'NBIRTH', group, node: 'L1' });
    const birth = Buffer.from(
      encodePayload({
        timestamp: SHIFT_A,
        seq: 0,
        metrics: [
          { name: 'bdSeq', datatype: 'Int64', value: 7 },
          { name: 'Line/Note', datatype: 'String', value: awkward },
          { name: 'Line/Blob', datatype: 'Bytes', value: bytes },
          { name: 'Line/Rate', datatype: 'Double', value: -0.125 },
          { name: 'Line/On', datatype: 'Boolean', value: false },
        ],
      }),
    );
    const ingest = await ingestFor(group);
    try {
      await raw.publishAsync(birthTopic, birth, { qos: 1 });
      await waitFor('the birth', () => ingest.stats().acknowledged >= 1);
      const rows = await store.db
        .select()
        .from(machineEvents)
        .where(eq(machineEvents.groupId, group))
        .orderBy(machineEvents.metricIndex);
      expect(
        rows.map((r) => [
          r.metricIndex,
          r.metric,
          r.valueText,
          r.valueNumber,
          r.valueBool,
          r.device,
          r.seq,
          r.bdSeq,
          r.birth,
          r.metricAt.getTime(),
        ]),
      ).toEqual([
        [0, 'bdSeq', null, 7, null, null, 0, 7, true, SHIFT_A],
        [1, 'Line/Note', awkward, null, null, null, 0, 7, true, SHIFT_A],
        [
          2,
          'Line/Blob',
          Buffer.from(bytes).toString('base64'),
          null,
          null,
          null,
          0,
          7,
          true,
          SHIFT_A,
        ],
        [3, 'Line/Rate', null, -0.125, null, null, 0, 7, true, SHIFT_A],
        [4, 'Line/On', null, null, false, null, 0, 7, true, SHIFT_A],
      ]);
      expect(rows[0]?.messageKey).toBe(messageKey(birthTopic, birth));
      expect(rows[0]?.messageType).toBe('NBIRTH');
    } finally {
      await raw.endAsync();
      await ingest.stop();
    }
  });

  it('takes a stored message delivered again after a restart as a duplicate, not a dead letter', async () => {
    // The broker redelivers what the killed process stored but never acknowledged;
    // the new process has no birth for the node yet, so the data reads as orphaned.
    const group = uniqueGroup('restart');
    const raw = await connectMqtt(broker.url, { clientId: `raw-${group}`, clean: true });
    const birthTopic = formatTopic({ type: 'NBIRTH', group, node: 'L1' });
    const dataTopic = formatTopic({ type: 'NDATA', group, node: 'L1' });
    const birth = Buffer.from(
      encodePayload({
        timestamp: SHIFT_A,
        seq: 0,
        metrics: [
          { name: 'bdSeq', datatype: 'Int64', value: 4 },
          { name: 'Line/Product', alias: 1, datatype: 'String', value: 'C762-BALL' },
        ],
      }),
    );
    const data = Buffer.from(
      encodePayload({
        timestamp: SHIFT_A + 1000,
        seq: 1,
        metrics: [
          { alias: 1, datatype: 'String', value: 'C762-TRACER', timestamp: SHIFT_A + 1000 },
        ],
      }),
    );
    try {
      const first = await ingestFor(group, `lotline-ingest-${group}-a`);
      await raw.publishAsync(birthTopic, birth, { qos: 1 });
      await raw.publishAsync(dataTopic, data, { qos: 1 });
      await waitFor('birth and data', () => first.stats().acknowledged >= 2);
      await first.stop();
      // A new process: it never saw the birth.
      const second = await ingestFor(group, `lotline-ingest-${group}-b`);
      try {
        await raw.publishAsync(dataTopic, data, { qos: 1 });
        await waitFor('the redelivery', () => second.stats().acknowledged >= 1);
        expect(second.stats()).toMatchObject({ deadLetters: 0, duplicates: 1 });
        const letters = await store.db
          .select({ n: count() })
          .from(deadLetters)
          .where(eq(deadLetters.messageKey, messageKey(dataTopic, data)));
        expect(letters[0]?.n).toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      await raw.endAsync();
    }
  });

  it('counts nothing twice when ingest stops and resumes its session mid-stream', async () => {
    const group = uniqueGroup('resume');
    const clientId = `lotline-ingest-${group}`;
    let ingest: Ingest = await ingestFor(group, clientId);
    const sim = new LineSimulator({ plant, line: 'L1', seed: 55, start: SHIFT_A });
    const edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L1',
      snapshot: () => sim.snapshot(),
    });
    try {
      let t = SHIFT_A;
      const step = async () => {
        t += 10_000;
        await edge.publish(sim.advanceTo(t));
      };
      for (let i = 0; i < 30; i++) await step();
      // Stop while messages keep coming; the broker holds them for the session.
      await ingest.stop();
      for (let i = 0; i < 10; i++) await step();
      ingest = await ingestFor(group, clientId);
      for (let i = 0; i < 30; i++) await step();
      const tally = sim.tally();
      const last = tally.stations.at(-1);
      await waitFor('the final counts', async () => {
        await ingest.flush();
        const rows = await stationRows(group);
        return rows.get(OUTPUT)?.lastGood === last?.good;
      });
      const rows = await stationRows(group);
      for (const s of tally.stations) {
        expect(rows.get(s.station), s.station).toMatchObject({
          lastGood: s.good,
          lastReject: s.reject,
          good: s.good,
          reject: s.reject,
        });
      }
      const [line] = await store.db.select().from(lineState).where(eq(lineState.groupId, group));
      expect(line).toMatchObject({ good: tally.good, reject: tally.reject });
      // Data the new session could not place until the rebirth it asked for.
      expect(ingest.stats().rebirthRequests).toBeGreaterThan(0);
    } finally {
      await edge.close();
      await ingest.stop();
    }
  });
});

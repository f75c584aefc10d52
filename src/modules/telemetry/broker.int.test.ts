// Sparkplug B through a real broker — the embedded aedes broker, or Mosquitto
// when LOTLINE_TEST_MQTT_URL names it: a simulated line's edge node publishes
// births and data, a host session receives, decodes and resolves them, and
// the counts it ends with are the ones the simulator says it made.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker, uniqueGroup } from '../../../test/support/mqtt.js';
import { readPlantText } from '../plant/index.js';
import { connectMqtt } from './broker.js';
import { HostSession, type HostStep, type MetricUpdate } from './host-session.js';
import { connectEdgeNode } from './publisher.js';
import { LineSimulator, type MetricChange } from './simulator/line-model.js';
import { encodePayload, formatTopic, groupSubscription, readMessage } from './sparkplug.js';

const plantResult = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
if (!plantResult.ok) throw new Error('the reference plant is not valid');
const plant = plantResult.plant;
// Monday 15 March 2027, 06:00 in Caracas: the start of shift A.
const SHIFT_A = Date.parse('2027-03-15T10:00:00Z');

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A host application: subscribes to a group and feeds a HostSession, answering its actions. */
async function startHost(url: string, group: string) {
  const host = new HostSession({ rebirthRetryMs: 1_000 });
  const steps: HostStep[] = [];
  const updates: MetricUpdate[] = [];
  const unreadable: string[] = [];
  let received = 0;
  const client: MqttClient = await connectMqtt(url, {
    clientId: `lotline-host-${group}`,
    clean: true,
  });
  client.on('message', (topic, bytes) => {
    received += 1;
    const message = readMessage(topic, bytes);
    if (!message.ok) {
      unreadable.push(message.reason);
      return;
    }
    const step = host.receive(message.value, Date.now());
    steps.push(step);
    updates.push(...step.updates);
    for (const action of step.actions) {
      client.publish(
        formatTopic(action.command.topic),
        Buffer.from(encodePayload(action.command.payload)),
        { qos: 1 },
      );
    }
  });
  await client.subscribeAsync(groupSubscription(group), { qos: 1 });
  return {
    host,
    steps,
    updates,
    unreadable,
    get received() {
      return received;
    },
    /** The last value the host holds for each station's metric. */
    latest(name: string): Map<string | null, unknown> {
      const values = new Map<string | null, unknown>();
      for (const u of updates) if (u.name === name) values.set(u.device, u.value);
      return values;
    },
    close: () => client.endAsync(),
  };
}

/** Messages one publish() call sends: one per device (or the node) that changed. */
const messagesFor = (changes: readonly MetricChange[]) =>
  new Set(changes.map((c) => c.device)).size;

describe('Sparkplug B through a broker', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await startTestBroker();
  });

  afterAll(async () => {
    await broker?.close();
  });

  it('carries a simulated line from birth to death, and the host ends with its tally', async () => {
    const group = uniqueGroup('int');
    const host = await startHost(broker.url, group);
    const sim = new LineSimulator({ plant, line: 'L1', seed: 21, start: SHIFT_A });
    const edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L1',
      bdSeq: 5,
      snapshot: () => sim.snapshot(),
    });
    try {
      let published = 1 + plant.lines[0]!.stations.length;
      await waitFor('the births', () => host.received >= published);
      expect(host.host.status(group, 'L1')).toMatchObject({ online: true, bdSeq: 5 });

      // Twenty simulated minutes in 10-second slices: some 500 messages, so
      // seq wraps past 255 at least once.
      for (let t = SHIFT_A; t < SHIFT_A + 20 * 60_000; ) {
        t += 10_000;
        const changes = sim.advanceTo(t);
        published += messagesFor(changes);
        await edge.publish(changes);
        // Keep the broker's queue for the host short (Mosquitto drops QoS 1
        // messages past max_queued_messages).
        await waitFor(`message ${published}`, () => host.received >= published);
      }
      expect(published).toBeGreaterThan(300);

      expect(host.unreadable).toEqual([]);
      expect(host.steps.filter((s) => s.outcome !== 'applied')).toEqual([]);
      const status = host.host.status(group, 'L1');
      expect(status).toMatchObject({ online: true, synced: true, bdSeq: 5 });
      expect(status?.devices.every((d) => d.online)).toBe(true);

      const tally = sim.tally();
      const good = host.latest('Counts/Good');
      const reject = host.latest('Counts/Reject');
      const state = host.latest('State');
      const snapshot = sim.snapshot();
      for (const station of tally.stations) {
        expect(good.get(station.station), station.station).toBe(station.good);
        expect(reject.get(station.station), station.station).toBe(station.reject);
        const born = snapshot.devices.find((d) => d.device === station.station);
        expect(state.get(station.station)).toBe(
          born?.metrics.find((m) => m.name === 'State')?.value,
        );
      }
      expect(tally.good).toBeGreaterThan(1_000);
      // Gauge values arrive one per cartridge, with their own timestamps.
      const gauged = host.updates.filter((u) => u.name === 'Gauge/OAL' && !u.birth);
      const ga = tally.stations.find((s) => s.station === 'GA')!;
      expect(gauged).toHaveLength(ga.good + ga.reject);
      expect(host.latest('Line/WorkOrder').get(null)).toBe('L1-SIM');
    } finally {
      await edge.close();
    }
    // close() publishes the NDEATH of the session.
    await waitFor('the NDEATH', () => host.host.status(group, 'L1')?.online === false);
    expect(host.host.status(group, 'L1')?.devices.every((d) => !d.online)).toBe(true);
    await host.close();
  });

  it('lets a host that joins late ask for a rebirth and catch up', async () => {
    const group = uniqueGroup('late');
    const sim = new LineSimulator({ plant, line: 'L3', seed: 8, start: SHIFT_A });
    const edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L3',
      snapshot: () => sim.snapshot(),
    });
    // The births went out before anyone listened.
    await edge.publish(sim.advanceTo(SHIFT_A + 60_000));
    const host = await startHost(broker.url, group);
    try {
      let t = SHIFT_A + 60_000;
      const step = async () => {
        t += 10_000;
        await edge.publish(sim.advanceTo(t));
      };
      await step();
      await waitFor('a refused message', () => host.steps.length > 0);
      expect(host.steps[0]).toMatchObject({
        outcome: 'refused',
        actions: [{ kind: 'rebirth', node: 'L3' }],
      });
      await waitFor('the rebirth', () => host.host.status(group, 'L3')?.synced === true);
      for (let i = 0; i < 12; i++) await step();
      const last = sim.tally().stations.at(-1)!;
      await waitFor('the last count', () => host.latest('Counts/Good').get('PK') === last.good);
      expect(host.unreadable).toEqual([]);
      // Once reborn, nothing more was refused.
      const firstApplied = host.steps.findIndex((s) => s.outcome === 'applied');
      expect(host.steps.slice(firstApplied).filter((s) => s.outcome !== 'applied')).toEqual([]);
      expect(host.latest('Line/Product').get(null)).toBe('C762-TRACER');
    } finally {
      await edge.close();
      await host.close();
    }
  });

  it('delivers the NDEATH will of an edge node whose connection drops', async () => {
    const group = uniqueGroup('will');
    const host = await startHost(broker.url, group);
    const topic = (type: 'NBIRTH' | 'NDEATH') => formatTopic({ type, group, node: 'L2' });
    const death = encodePayload({
      timestamp: Date.now(),
      metrics: [{ name: 'bdSeq', datatype: 'Int64', value: 7 }],
    });
    const edge = await connectMqtt(broker.url, {
      clientId: `lotline-edge-${group}`,
      clean: true,
      reconnectPeriod: 0,
      will: { topic: topic('NDEATH'), payload: Buffer.from(death), qos: 1, retain: false },
    });
    await edge.publishAsync(
      topic('NBIRTH'),
      Buffer.from(
        encodePayload({
          timestamp: Date.now(),
          seq: 0,
          metrics: [{ name: 'bdSeq', alias: 1, datatype: 'Int64', value: 7 }],
        }),
      ),
      { qos: 1 },
    );
    await waitFor('the birth', () => host.host.status(group, 'L2')?.online === true);
    // No DISCONNECT: the socket just goes, as when a gateway loses power.
    edge.stream.destroy();
    await waitFor('the will', () => host.host.status(group, 'L2')?.online === false);
    expect(host.steps.at(-1)?.changes).toMatchObject([{ kind: 'node_offline', node: 'L2' }]);
    await edge.endAsync(true);
    await host.close();
  });
});

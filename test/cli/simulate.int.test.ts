// `lotline simulate` as a user runs it: a real process publishing to a real
// broker (aedes, or LOTLINE_TEST_MQTT_URL), watched by an MQTT subscriber;
// stopped by its duration or by a signal, it leaves death certificates; bad
// options end it with a message and exit code 1.
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqtt, parseTopic } from '../../src/modules/telemetry/index.js';
import { startTestBroker, type TestBroker, uniqueGroup } from '../support/mqtt.js';
import { finished, lotline, SLOW, spawnLotline, waitForOutput } from './lotline.js';

let broker: TestBroker;

beforeAll(async () => {
  broker = await startTestBroker();
});

afterAll(async () => {
  await broker?.close();
});

/** Every topic published in the group, in order, as "TYPE node[/device]". */
async function watch(group: string): Promise<{ seen: string[]; client: MqttClient }> {
  const client = await connectMqtt(broker.url, { clientId: `watch-${group}`, clean: true });
  const seen: string[] = [];
  client.on('message', (topic) => {
    const parsed = parseTopic(topic);
    if (parsed.ok && 'node' in parsed.value) {
      const t = parsed.value;
      seen.push(`${t.type} ${t.node}${'device' in t && t.device ? `/${t.device}` : ''}`);
    }
  });
  await client.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });
  return { seen, client };
}

async function until(what: string, condition: () => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const count = (seen: readonly string[], prefix: string) =>
  seen.filter((s) => s.startsWith(prefix)).length;

describe('lotline simulate', () => {
  it(
    'publishes births, data and deaths of the chosen lines only, and stops after its duration',
    async () => {
      const group = uniqueGroup('cli-sim');
      const { seen, client } = await watch(group);
      try {
        // Shift A of Monday 15 March 2027 in Caracas, 20 simulated minutes at 600×.
        const run = await lotline([
          'simulate',
          '--mqtt-url',
          broker.url,
          '--group',
          group,
          '--lines',
          'L1,L3',
          '--start',
          '2027-03-15T06:00:00-04:00',
          '--speed',
          '600',
          '--duration',
          '20m',
        ]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(
          /^simulating L1, L3 of PLT-01 into mqtt:\/\/\S+ as Sparkplug B group cli-sim-\S+, from 2027-03-15 06:00 \(America\/Caracas\) at 600× for 20 min\n/,
        );
        const done =
          /done: 2027-03-15 06:20 \(20 min simulated\): ([\d,]+) messages, ([\d,]+) metrics, ([\d,]+) good cartridges\n$/.exec(
            run.stdout,
          );
        expect(done, run.stdout).not.toBeNull();
        await until('the death certificates', () => count(seen, 'NDEATH') === 2);
        for (const line of ['L1', 'L3']) {
          expect(seen).toContain(`NBIRTH ${line}`);
          expect(count(seen, `DBIRTH ${line}/`)).toBe(7);
          expect(count(seen, `DDATA ${line}/`)).toBeGreaterThan(7);
          expect(seen).toContain(`NDEATH ${line}`);
        }
        expect(seen.filter((s) => / L[24]/.test(s))).toEqual([]);
        // What it says it published is what the broker delivered.
        expect(Number(done?.[1]?.replaceAll(',', ''))).toBe(seen.length);
        expect(Number(done?.[3]?.replaceAll(',', ''))).toBeGreaterThan(1_000);
      } finally {
        await client.endAsync();
      }
    },
    SLOW,
  );

  it(
    'stops cleanly on SIGTERM, with a death certificate for each line',
    async () => {
      const group = uniqueGroup('cli-sig');
      const { seen, client } = await watch(group);
      try {
        const child = spawnLotline(
          ['simulate', '--lines', 'L2', '--group', group, '--start', '2027-03-15T10:00:00Z'],
          { MQTT_URL: broker.url },
        );
        const exit = finished(child);
        await waitForOutput(child, exit, /simulating L2/);
        await until('data from L2', () => count(seen, 'DDATA L2/') > 0);
        child.kill('SIGTERM');
        const run = await exit;
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/SIGTERM: publishing death certificates and stopping\n/);
        expect(run.stdout).toMatch(/done: 2027-03-15 06:0\d/);
        await until('the death certificate', () => seen.includes('NDEATH L2'));
        expect(count(seen, 'NDEATH')).toBe(1);
      } finally {
        await client.endAsync();
      }
    },
    SLOW,
  );

  it.each([
    [['--speed', '0'], /--speed <n>.*'0' is invalid\. expected a number above 0/],
    [['--speed', 'fast'], /--speed <n>.*'fast' is invalid/],
    [['--duration', '8x'], /--duration <d>.*'8x' is invalid\. expected a duration such as 8h/],
    [['--start', 'tomorrow'], /--start <time>.*'tomorrow' is invalid/],
    [['--mqtt-url', 'http://x'], /--mqtt-url <url>.*expected an mqtt:\/\//],
    [
      ['--lines', 'L1,L9'],
      /^lotline: --lines: the plant has no line L9; its lines are L1, L2, L3, L4\n$/,
    ],
    [
      ['--plant', 'no/such/plant.yaml'],
      /^lotline: cannot read the plant file no\/such\/plant\.yaml/,
    ],
  ])('refuses %j with a message and exit code 1', async (args, message) => {
    const run = await lotline(['simulate', '--mqtt-url', broker.url, ...args]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('needs a broker', async () => {
    const run = await lotline(['simulate', '--duration', '1m'], { MQTT_URL: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('lotline: no MQTT broker: give --mqtt-url or set MQTT_URL\n');
  });

  it('says so when the broker cannot be reached', async () => {
    const run = await lotline(['simulate', '--mqtt-url', 'mqtt://127.0.0.1:1', '--duration', '1m']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^lotline: cannot reach the MQTT broker at mqtt:\/\/127\.0\.0\.1:1: /,
    );
  });
});

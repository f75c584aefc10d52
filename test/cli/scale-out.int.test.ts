// Two `lotline start` processes share the ingest through an MQTT 5 shared
// subscription against one PostgreSQL and one Mosquitto: three lines publish
// with births, aliases, a rebirth and a death with a new session; then one
// process is killed with SIGKILL and started again under its instance id.
// Every message the broker carried is stored once (as machine events or a
// dead letter, never both), both processes stored a real share of it, the
// counters and line states are the simulator's own, and no edge node was
// asked for a rebirth while both ran.
//
// Sharing needs a server database and an MQTT 5 broker, so without
// LOTLINE_TEST_DATABASE_URL and LOTLINE_TEST_MQTT_URL (npm test on PGlite and
// the embedded aedes, which has no shared subscriptions) the test is skipped.
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type Store } from '../../src/core/db/store.js';
import { loadPlantFile, readPlantText } from '../../src/modules/plant/index.js';
import { messageKey } from '../../src/modules/telemetry/ingest.js';
import { connectEdgeNode, type EdgeNode } from '../../src/modules/telemetry/publisher.js';
import {
  deadLetters,
  lineState,
  machineEvents,
  messageLog,
  stationState,
} from '../../src/modules/telemetry/schema.js';
import { LineSimulator } from '../../src/modules/telemetry/simulator/line-model.js';
import { createServerDatabase, REFERENCE_PLANT } from '../support/database.js';
import { storedAndDeadLettered } from '../support/machine-events.js';
import { uniqueGroup } from '../support/mqtt.js';
import { type Finished, finished, SLOW, spawnLotline, waitForOutput } from './lotline.js';

const databaseServer = process.env.LOTLINE_TEST_DATABASE_URL;
const mqttUrl = process.env.LOTLINE_TEST_MQTT_URL;
const why =
  'sharing the ingest needs a server database and an MQTT 5 broker: set LOTLINE_TEST_DATABASE_URL and LOTLINE_TEST_MQTT_URL';

const plantRead = readPlantText(readFileSync(REFERENCE_PLANT, 'utf8'));
if (!plantRead.ok) throw new Error('the reference plant is not valid');
const plant = plantRead.plant;
const SHIFT_A = Date.parse('2027-03-15T10:00:00Z');
const STEP_MS = 10_000;
const LINES = ['L1', 'L2', 'L3'];

interface Server {
  kill(signal: NodeJS.Signals): Promise<Finished>;
}

let database: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  if (databaseServer && mqttUrl) database = await createServerDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const skipped = !databaseServer || !mqttUrl;
describe.skipIf(skipped)(
  `two ingest processes on a shared subscription${skipped ? ` (skipped: ${why})` : ''}`,
  () => {
    it(
      'store every message once, both take a share, and count what the machines count',
      async () => {
        if (!database || !mqttUrl) throw new Error(why);
        const group = uniqueGroup('scale');
        {
          const store = await openPostgresStore(database.url, 2);
          try {
            await loadPlantFile(store.db, REFERENCE_PLANT);
          } finally {
            await store.close();
          }
        }
        const env = (instance: string) => ({
          DATABASE_URL: database?.url as string,
          LOTLINE_PORT: '0',
          MQTT_URL: mqttUrl,
          LOTLINE_MQTT_GROUP: group,
          LOTLINE_SIMULATE: 'false',
          LOTLINE_INGEST_SHARE_GROUP: `ingest-${group}`,
          LOTLINE_INSTANCE_ID: instance,
        });
        const startServer = async (instance: string): Promise<Server> => {
          const child = spawnLotline(['start'], env(instance));
          const exit = finished(child, SLOW * 3);
          await waitForOutput(child, exit, /is running at (http:\/\/127\.0\.0\.1:\d+)/);
          return {
            kill: (signal) => {
              child.kill(signal);
              return exit;
            },
          };
        };

        // What the broker carried in the group, and every rebirth request.
        const carried = new Set<string>();
        let rebirthRequests = 0;
        const recorder: MqttClient = await connectAsync(mqttUrl, {
          clientId: `recorder-${group}`,
          clean: true,
        });
        recorder.on('message', (topic, payload) => {
          if (topic.includes('/NCMD/')) rebirthRequests += 1;
          else if (!topic.includes('/NDEATH/')) carried.add(messageKey(topic, payload));
        });
        await recorder.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });

        const sims = new Map(
          LINES.map((line, i) => [
            line,
            new LineSimulator({ plant, line, seed: 700 + i, start: SHIFT_A }),
          ]),
        );
        const edges = new Map<string, EdgeNode>();
        const connect = async (line: string, bdSeq = 0) => {
          const sim = sims.get(line) as LineSimulator;
          edges.set(
            line,
            await connectEdgeNode({
              url: mqttUrl,
              group,
              node: line,
              bdSeq,
              snapshot: () => sim.snapshot(),
            }),
          );
        };
        let t = SHIFT_A;
        const step = async () => {
          t += STEP_MS;
          await Promise.all(
            LINES.map((line) =>
              (edges.get(line) as EdgeNode).publish((sims.get(line) as LineSimulator).advanceTo(t)),
            ),
          );
        };

        let a: Server | undefined;
        let b: Server | undefined;
        const store: Store = await openPostgresStore(database.url, 2);
        try {
          a = await startServer('a');
          b = await startServer('b');
          for (const line of LINES) await connect(line);
          for (let i = 0; i < 120; i++) await step();
          // A rebirth on the same connection, and a death and a new session.
          await (edges.get('L2') as EdgeNode).rebirth();
          for (let i = 0; i < 40; i++) await step();
          const l3 = edges.get('L3') as EdgeNode;
          const bdSeq = l3.bdSeq;
          await l3.close();
          await connect('L3', bdSeq + 1);
          for (let i = 0; i < 120; i++) await step();

          // Both took a real share of the stream, and no node was asked for a rebirth.
          // Until what was stored is what the recorder saw (both still arriving).
          const settle = async () => {
            const deadline = Date.now() + 60_000;
            for (;;) {
              const [row] = await store.db
                .select({ n: sql<number>`count(*)::int` })
                .from(messageLog)
                .where(eq(messageLog.groupId, group));
              if ((row?.n ?? 0) === carried.size) return;
              if (Date.now() > deadline) throw new Error(`${row?.n} logged of ${carried.size}`);
              await new Promise((resolve) => setTimeout(resolve, 500));
            }
          };
          await settle();
          const shares = await store.db
            .select({ instance: messageLog.instance, n: sql<number>`count(*)::int` })
            .from(messageLog)
            .where(eq(messageLog.groupId, group))
            .groupBy(messageLog.instance);
          const byInstance = new Map(shares.map((s) => [s.instance, s.n]));
          const total = (byInstance.get('a') ?? 0) + (byInstance.get('b') ?? 0);
          expect(total).toBe(carried.size);
          expect(byInstance.get('a') ?? 0).toBeGreaterThan(total * 0.2);
          expect(byInstance.get('b') ?? 0).toBeGreaterThan(total * 0.2);
          // The sequence check ran over the whole stream (with a grace of 20 s
          // it needs a moment) and found no gap: nothing asked for a rebirth.
          await new Promise((resolve) => setTimeout(resolve, 23_000));
          const letters = await store.db
            .select({ reason: deadLetters.reason, topic: deadLetters.topic })
            .from(deadLetters)
            .where(sql`${deadLetters.topic} like ${`spBv1.0/${group}/%`}`);
          expect(rebirthRequests, JSON.stringify(letters.slice(0, 5))).toBe(0);
          expect(letters).toEqual([]);
          // Every message of each node's current session passed the check (the
          // sessions before a rebirth or a death were superseded, not checked to the end).
          const unchecked = (await store.db.execute(sql`
          select count(*)::int as n from telemetry.message_log m
          join (select distinct on (node) node, born_at from telemetry.edge_births
                where group_id = ${group} and device is null
                order by node, born_at desc) b on b.node = m.node
          where m.group_id = ${group} and not m.checked and m.sent_at > b.born_at`)) as unknown as {
            rows: { n: number }[];
          };
          expect(unchecked.rows[0]?.n).toBe(0);

          // One process dies mid-stream; the other goes on; the dead one comes
          // back under its id and takes what its session kept.
          const publishing = (async () => {
            for (let i = 0; i < 60; i++) await step();
          })();
          await new Promise((resolve) => setTimeout(resolve, 300));
          const killed = await b.kill('SIGKILL');
          b = undefined;
          expect(killed.signal).toBe('SIGKILL');
          await publishing;
          b = await startServer('b');
          for (let i = 0; i < 60; i++) await step();

          // Every counter where the simulators say it is.
          const deadline = Date.now() + 90_000;
          const goodOnFloor = async () =>
            (
              await store.db
                .select({ line: lineState.line, good: lineState.good })
                .from(lineState)
                .where(eq(lineState.groupId, group))
            ).reduce((n, l) => n + l.good, 0);
          const expectedGood = LINES.reduce(
            (n, line) => n + (sims.get(line) as LineSimulator).tally().good,
            0,
          );
          while ((await goodOnFloor()) !== expectedGood) {
            if (Date.now() > deadline) {
              throw new Error(
                `the floor never showed ${expectedGood} good (${await goodOnFloor()})`,
              );
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          for (const line of LINES) await (edges.get(line) as EdgeNode).close();
          edges.clear();
          // The closing deaths are ingested before the processes stop: a
          // message the broker handed to a process that then stops for good
          // stays in that process's session (see the operating rules).
          const offlineLines = async () =>
            (
              await store.db
                .select({ state: lineState.state })
                .from(lineState)
                .where(eq(lineState.groupId, group))
            ).filter((l) => l.state === 'offline').length;
          while ((await offlineLines()) !== LINES.length) {
            if (Date.now() > deadline) {
              throw new Error(`only ${await offlineLines()} lines went offline after their deaths`);
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          expect((await a.kill('SIGTERM')).code).toBe(0);
          a = undefined;
          expect((await b.kill('SIGTERM')).code).toBe(0);
          b = undefined;

          for (const line of LINES) {
            const tally = (sims.get(line) as LineSimulator).tally();
            const stations = await store.db
              .select()
              .from(stationState)
              .where(eq(stationState.groupId, group));
            for (const s of tally.stations) {
              const row = stations.find((r) => r.line === line && r.station === s.station);
              expect({ line, station: s.station, good: row?.good, reject: row?.reject }).toEqual({
                line,
                station: s.station,
                good: s.good,
                reject: s.reject,
              });
            }
            const [state] = await store.db
              .select()
              .from(lineState)
              .where(sql`${lineState.groupId} = ${group} and ${lineState.line} = ${line}`);
            expect(state).toMatchObject({ good: tally.good, reject: tally.reject });
            // The line's last reported state: the closing NDEATH made it offline.
            expect(state?.state).toBe('offline');
          }

          // Stored once: as events or as a dead letter, never both, never missing.
          const keys = [...carried];
          const { stored, dead } = await storedAndDeadLettered(store.db, group, keys);
          const rowsPerKey = await store.db
            .select({ n: sql<number>`count(*)::int` })
            .from(machineEvents)
            .where(eq(machineEvents.groupId, group))
            .groupBy(machineEvents.messageKey, machineEvents.metricIndex)
            .having(sql`count(*) > 1`);
          expect(rowsPerKey).toEqual([]);
          // DDEATHs leave no event row; they are in the message log.
          const logged = new Set(
            (
              await store.db
                .select({ key: messageLog.messageKey })
                .from(messageLog)
                .where(eq(messageLog.groupId, group))
            ).map((r) => r.key),
          );
          const missing = keys.filter((k) => !stored.has(k) && !dead.has(k) && !logged.has(k));
          const both = keys.filter((k) => stored.has(k) && dead.has(k));
          expect(missing).toEqual([]);
          expect(both).toEqual([]);
          expect(logged.size).toBe(keys.length);
        } finally {
          for (const edge of edges.values()) await edge.close().catch(() => {});
          await a?.kill('SIGKILL');
          await b?.kill('SIGKILL');
          await recorder.endAsync();
          await store.close();
        }
      },
      SLOW * 5,
    );
  },
);

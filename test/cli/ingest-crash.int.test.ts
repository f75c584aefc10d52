// The server is killed with SIGKILL in the middle of ingest and started again:
// no message the broker carried is lost or stored twice, and every counter
// ends where the machines say it is. A real `lotline start` process (PGlite in
// a data directory, or LOTLINE_TEST_DATABASE_URL), a real broker (aedes in
// this process, whose sessions outlive the server, or LOTLINE_TEST_MQTT_URL).
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPgliteStore, openPostgresStore, type Store } from '../../src/core/db/store.js';
import { loadPlantFile, readPlantText } from '../../src/modules/plant/index.js';
import { messageKey } from '../../src/modules/telemetry/ingest.js';
import { connectEdgeNode, type EdgeNode } from '../../src/modules/telemetry/publisher.js';
import { lineState, machineEvents, stationState } from '../../src/modules/telemetry/schema.js';
import { LineSimulator } from '../../src/modules/telemetry/simulator/line-model.js';
import { createTestToken, createTestUser } from '../support/auth.js';
import { createServerDatabase, REFERENCE_PLANT } from '../support/database.js';
import { storedAndDeadLettered } from '../support/machine-events.js';
import { startTestBroker, type TestBroker, uniqueGroup } from '../support/mqtt.js';
import {
  type Finished,
  finished,
  freshDataDir,
  SLOW,
  spawnLotline,
  waitForOutput,
} from './lotline.js';

const plantRead = readPlantText(readFileSync(REFERENCE_PLANT, 'utf8'));
if (!plantRead.ok) throw new Error('the reference plant is not valid');
const plant = plantRead.plant;
// Monday 15 March 2027, 06:00 in Caracas: shift A of the reference plant.
const SHIFT_A = Date.parse('2027-03-15T10:00:00Z');
const STEP_MS = 10_000;

/** Where the server keeps its data: a PGlite data directory or a database of its own. */
interface Place {
  env: Record<string, string>;
  open(): Promise<Store>;
  remove(): Promise<void>;
}

async function freshPlace(): Promise<Place> {
  const database = await createServerDatabase();
  if (database) {
    return {
      env: { DATABASE_URL: database.url },
      open: () => openPostgresStore(database.url, 2),
      remove: database.drop,
    };
  }
  const dataDir = freshDataDir();
  const dump = readFileSync(inject('pgliteTemplate'));
  let first = true;
  return {
    env: { LOTLINE_DATA_DIR: dataDir },
    // The first opening starts the data directory from the migrated template.
    open: () => {
      const options = first ? { dataDir, loadDataDir: new Blob([dump]) } : { dataDir };
      first = false;
      return openPgliteStore(options);
    },
    remove: async () => {},
  };
}

interface Server {
  url: string;
  kill(signal: NodeJS.Signals): Promise<Finished>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawnLotline(['start'], env);
  const exit = finished(child, SLOW * 3);
  const [, url] = await waitForOutput(child, exit, /is running at (http:\/\/127\.0\.0\.1:\d+)/);
  return {
    url: url as string,
    kill: (signal) => {
      child.kill(signal);
      return exit;
    },
  };
}

interface StationCounts {
  station: string;
  good: number;
  reject: number;
}

let broker: TestBroker;
let place: Place;
const group = uniqueGroup('crash');

beforeAll(async () => {
  broker = await startTestBroker();
  place = await freshPlace();
});

afterAll(async () => {
  await place?.remove();
  await broker?.close();
});

describe('ingest across a SIGKILL', () => {
  it(
    'loses no message and counts none twice when the server is killed mid-stream',
    async () => {
      // The plant and a viewer's API token, written before the server owns the store.
      let authorization: string;
      {
        const store = await place.open();
        try {
          await loadPlantFile(store.db, REFERENCE_PLANT);
          const { user } = await createTestUser(store.db, 'floor', ['viewer']);
          authorization = (await createTestToken(store.db, user.id)).headers.authorization;
        } finally {
          await store.close();
        }
      }
      const env = {
        ...place.env,
        LOTLINE_PORT: '0',
        MQTT_URL: broker.url,
        LOTLINE_MQTT_GROUP: group,
        LOTLINE_SIMULATE: 'false',
      };

      // Everything the broker carries in the group, as the server should store it.
      const carried = new Set<string>();
      const recorder: MqttClient = await connectAsync(broker.url, {
        clientId: `recorder-${group}`,
        clean: true,
      });
      // Commands are the host's own; a death certificate changes line state
      // and leaves no row (the last one may come after the server stopped).
      recorder.on('message', (topic, payload) => {
        if (!topic.includes('/NCMD/') && !topic.includes('/NDEATH/')) {
          carried.add(messageKey(topic, payload));
        }
      });
      await recorder.subscribeAsync(`spBv1.0/${group}/#`, { qos: 1 });

      const sim = new LineSimulator({ plant, line: 'L1', seed: 404, start: SHIFT_A });
      let edge: EdgeNode | undefined;
      let server: Server | undefined = await startServer(env);
      try {
        edge = await connectEdgeNode({
          url: broker.url,
          group,
          node: 'L1',
          snapshot: () => sim.snapshot(),
        });
        let t = SHIFT_A;
        const step = async () => {
          t += STEP_MS;
          await (edge as EdgeNode).publish(sim.advanceTo(t));
        };
        const goodOnFloor = async (url: string): Promise<number> => {
          const response = await fetch(`${url}/api/telemetry/line-states`, {
            headers: { authorization },
          });
          if (response.status !== 200) return -1;
          const lines = (await response.json()) as { line: string; good: number }[];
          return lines.find((l) => l.line === 'L1')?.good ?? -1;
        };

        // Publish until the server has committed good output, then kill it
        // with messages still coming, and go on publishing while it is dead.
        const url = server.url;
        let committedBeforeKill = -1;
        for (let i = 0; i < 400 && committedBeforeKill <= 0; i++) {
          await step();
          if (i % 5 === 4) committedBeforeKill = await goodOnFloor(url);
        }
        expect(committedBeforeKill).toBeGreaterThan(0);
        const publishing = (async () => {
          for (let i = 0; i < 30; i++) await step();
        })();
        const killed = await server.kill('SIGKILL');
        server = undefined;
        expect(killed.signal).toBe('SIGKILL');
        await publishing;

        // What the killed server left: some of the stream, not all of it.
        let eventsAtKill: number;
        {
          const store = await place.open();
          try {
            eventsAtKill = await store.db.$count(machineEvents, eq(machineEvents.groupId, group));
          } finally {
            await store.close();
          }
        }
        expect(eventsAtKill).toBeGreaterThan(0);

        // Start again: the broker hands over what the dead session missed.
        server = await startServer(env);
        for (let i = 0; i < 30; i++) await step();
        const tally = sim.tally();
        const expectedGood = tally.good;
        const deadline = Date.now() + 90_000;
        while ((await goodOnFloor(server.url)) !== expectedGood) {
          if (Date.now() > deadline) {
            throw new Error(
              `the floor never showed ${expectedGood} good (shows ${await goodOnFloor(server.url)})`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await edge.close();
        edge = undefined;
        const stopped = await server.kill('SIGTERM');
        server = undefined;
        expect(stopped.code).toBe(0);

        const store = await place.open();
        try {
          // Every counter where the simulator says it is: nothing lost, nothing twice.
          const stations = await store.db
            .select()
            .from(stationState)
            .where(eq(stationState.groupId, group));
          const byStation = new Map<string, StationCounts>(
            stations.map((s) => [
              s.station,
              { station: s.station, good: s.good, reject: s.reject },
            ]),
          );
          for (const s of tally.stations) {
            expect(byStation.get(s.station), s.station).toEqual({
              station: s.station,
              good: s.good,
              reject: s.reject,
            });
          }
          const [line] = await store.db
            .select()
            .from(lineState)
            .where(eq(lineState.groupId, group));
          expect(line).toMatchObject({ good: tally.good, reject: tally.reject });

          // Every message the broker carried is stored once: as machine events
          // or, when it could not be placed (data before the rebirth the new
          // session asked for), as a dead letter — never both, never missing.
          const keys = [...carried];
          const { stored, dead } = await storedAndDeadLettered(store.db, group, keys);
          const missing = keys.filter((k) => !stored.has(k) && !dead.has(k));
          const both = keys.filter((k) => stored.has(k) && dead.has(k));
          expect(missing).toEqual([]);
          expect(both).toEqual([]);
          expect(stored.size + dead.size).toBe(keys.length);
          const events = await store.db.$count(machineEvents, eq(machineEvents.groupId, group));
          expect(events).toBeGreaterThan(eventsAtKill);
        } finally {
          await store.close();
        }
      } finally {
        await edge?.close().catch(() => {});
        await server?.kill('SIGKILL');
        await recorder.endAsync();
      }
    },
    SLOW * 4,
  );
});

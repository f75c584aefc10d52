// From publish to the live page: while lines L2–L4 of the reference plant run
// simulated at their real rate, a probe plays line L1's edge node and counts
// one good unit out of packing every PROBE_MS, stamping each message with the
// wall-clock time it publishes it. A client reads GET /api/telemetry/live over
// HTTP, as the floor page's EventSource does, and notes when L1's good count
// reaches each value. The baseline, in the same run: when a plain MQTT
// subscriber on the same broker receives the same messages (the broker's own
// share of the delay). Target (issue 4): under one second, publish to page.

import mqtt from 'mqtt';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { createApiToken, createUser } from '../src/core/auth/service.js';
import type { Store } from '../src/core/db/store.js';
import { loadPlant, type PlantFile } from '../src/modules/plant/index.js';
import { startEmbeddedBroker } from '../src/modules/telemetry/broker.js';
import { startIngest } from '../src/modules/telemetry/ingest.js';
import { connectEdgeNode } from '../src/modules/telemetry/publisher.js';
import { runSimulatedPlant } from '../src/modules/telemetry/simulator/runner.js';
import { freshPglite, freshPostgres, SERVICES, servicesAnswer } from './lib/ingest-stores.js';
import { median, result } from './lib/measure.js';
import { checkedPlant, referencePlantText, type Suite } from './lib/suite.js';

const PROBE_MS = 250;
const SAMPLES = 60;
const { databaseUrl: DATABASE_URL, mqttUrl: MQTT_URL } = SERVICES;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Calls `onLine` with each line figure the live stream sends (snapshot or change). */
async function watchLive(
  url: string,
  authorization: string,
  onLine: (line: { line: string; good: number }) => void,
): Promise<() => void> {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/telemetry/live`, {
    headers: { accept: 'text/event-stream', authorization },
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`GET /api/telemetry/live answered ${response.status}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (data) {
            const message = JSON.parse(data) as {
              type?: string;
              line?: { line: string; good: number };
              lines?: { line: string; good: number }[];
            };
            if (message.line) onLine(message.line);
            for (const l of message.lines ?? []) onLine(l);
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return () => abort.abort();
}

async function measureLatency(
  plant: PlantFile,
  store: Store,
  mqttUrl: string,
): Promise<{ page: number[]; broker: number[] }> {
  const group = `LAT${process.pid}${Date.now().toString(36)}`;
  await loadPlant(store.db, plant, { source: 'bench' });
  const viewer = await createUser(
    store.db,
    {
      username: 'bench-viewer',
      displayName: 'Bench',
      roles: ['viewer'],
      password: 'bench-password-123',
    },
    'bench',
  );
  const { token } = await createApiToken(
    store.db,
    { name: 'bench', userId: viewer.user.id },
    'bench',
  );
  const authorization = `Bearer ${token}`;
  const clientId = `lotline-bench-latency-${process.pid}`;
  const ingest = await startIngest({
    db: store.db,
    mqttUrl,
    group,
    clientId,
    outputStation: (line) => plant.lines.find((l) => l.code === line)?.stations.at(-1)?.code,
    stationOrder: (line) => plant.lines.find((l) => l.code === line)?.stations.map((s) => s.code),
  });
  const app = await buildApp({ store, logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;

  // The rest of the plant at its real rate: the load the floor carries anyway.
  const others = runSimulatedPlant({
    plant: { ...plant, lines: plant.lines.filter((l) => l.code !== 'L1') },
    mqttUrl,
    group,
  });
  const published = new Map<number, number>();
  const page: number[] = [];
  const brokerDelays: number[] = [];
  const raw = await mqtt.connectAsync(mqttUrl, {
    clientId: `bench-raw-${process.pid}`,
    clean: true,
  });
  const probeTopic = `spBv1.0/${group}/DDATA/L1/PK`;
  let sentCount = 0;
  raw.on('message', (topic) => {
    if (topic !== probeTopic) return;
    // DDATA of the probe arrive in order, one per count.
    const sentAt = published.get(++sentCount);
    if (sentAt !== undefined) brokerDelays.push(performance.now() - sentAt);
  });
  await raw.subscribeAsync(probeTopic, { qos: 1 });

  let baseGood: number | undefined;
  const stopWatching = await watchLive(url, authorization, (line) => {
    if (line.line !== 'L1') return;
    baseGood ??= line.good;
    // The page shows count n from the first figure at or past it (the stream
    // sends the latest figures, so one event may cover several counts).
    const shown = line.good - baseGood;
    const now = performance.now();
    for (let n = page.length + 1; n <= shown; n++) {
      const sentAt = published.get(n);
      if (sentAt === undefined) break;
      page.push(now - sentAt);
    }
  });

  const output = 'PK';
  const probe = await connectEdgeNode({
    url: mqttUrl,
    group,
    node: 'L1',
    snapshot: () => ({
      line: 'L1',
      timestamp: Date.now(),
      node: [
        { name: 'Line/WorkOrder', datatype: 'String', value: 'WO-PROBE' },
        { name: 'Line/Product', datatype: 'String', value: 'C556-BALL' },
      ],
      devices: [
        {
          device: output,
          metrics: [
            { name: 'Counts/Good', datatype: 'UInt64', value: 0 },
            { name: 'State', datatype: 'String', value: 'running' },
          ],
        },
      ],
    }),
  });
  try {
    // Let births and the first snapshot settle.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (let n = 1; n <= SAMPLES; n++) {
      published.set(n, performance.now());
      await probe.publish([
        { device: output, name: 'Counts/Good', value: n, timestamp: Date.now() },
      ]);
      await new Promise((resolve) => setTimeout(resolve, PROBE_MS));
    }
    const deadline = Date.now() + 10_000;
    while (page.length < SAMPLES && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    stopWatching();
    await probe.close();
    await (await others).stop();
    await raw.endAsync();
    await app.close();
    await ingest.stop();
    const forget = await mqtt.connectAsync(mqttUrl, { clientId, clean: true });
    await forget.endAsync();
  }
  return { page, broker: brokerDelays };
}

function emitLatency(
  emit: Parameters<Suite['run']>[0],
  name: string,
  setup: string,
  samples: { page: number[]; broker: number[] },
) {
  if (samples.page.length < SAMPLES * 0.9) {
    throw new Error(`${name}: the page saw ${samples.page.length} of ${SAMPLES} probe counts`);
  }
  emit(
    result({
      bench: name,
      unit: 'ms p95',
      value: percentile(samples.page, 95),
      baseline: 'publish to a plain MQTT subscriber on the same broker (p95)',
      baselineValue: percentile(samples.broker, 95),
      target: { on: 'value', max: 1_000 },
      detail: {
        setup,
        samples: samples.page.length,
        medianMs: Number(median(samples.page).toFixed(1)),
        maxMs: Number(Math.max(...samples.page).toFixed(1)),
        probeEveryMs: PROBE_MS,
        load: 'lines L2-L4 simulated at their real rate',
      },
    }),
  );
}

export const suite: Suite = {
  name: 'ingest.latency',
  async run(emit) {
    const plant = checkedPlant(referencePlantText());
    const broker = await startEmbeddedBroker();
    const embedded = await freshPglite();
    try {
      emitLatency(
        emit,
        'ingest.latency.embedded',
        'aedes in-process + PGlite in memory',
        await measureLatency(plant, embedded.store, broker.url),
      );
    } finally {
      await embedded.close();
      await broker.stop();
    }
    if (await servicesAnswer()) {
      const server = await freshPostgres(DATABASE_URL);
      try {
        emitLatency(
          emit,
          'ingest.latency.services',
          'Mosquitto + PostgreSQL server',
          await measureLatency(plant, server.store, MQTT_URL),
        );
      } finally {
        await server.close();
      }
    } else {
      console.error('bench: ingest.latency.services skipped: no PostgreSQL or no broker');
    }
  },
};

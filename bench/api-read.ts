// The API's read path in-process (Fastify inject, no sockets): plant reads on
// a PGlite in-memory store holding the reference plant, against the bare
// framework endpoint /healthz in the same run. Also the heap the loaded plant
// and those requests leave behind.
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { createApiToken, createUser } from '../src/core/auth/service.js';
import type { App } from '../src/core/http/server.js';
import { loadPlant } from '../src/modules/plant/index.js';
import { heapUsedMb, result, round, timePair, turnEventLoop } from './lib/measure.js';
import { emptyStore } from './lib/store.js';
import { checkedPlant, referencePlantText, type Suite } from './lib/suite.js';

// Reads go as a signed-in client would: a viewer's API token on every request,
// so the guard's token lookup is part of what is measured.
let authorization: string | undefined;

async function get(app: App, url: string): Promise<void> {
  const response = await app.inject({
    method: 'GET',
    url,
    ...(authorization ? { headers: { authorization } } : {}),
  });
  if (response.statusCode !== 200) {
    throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
  }
}

const ROUTES = [
  { bench: 'api.read.lines', url: '/api/plant/lines', target: 100 },
  { bench: 'api.read.capacity', url: '/api/plant/capacity?year=2027', target: 100 },
];

const RETENTION_REQUESTS = 1000;

export const suite: Suite = {
  name: 'api.read',
  async run(emit) {
    const plant = checkedPlant(referencePlantText());
    const store = await emptyStore();
    const app = await buildApp({ store, logger: pino({ level: 'silent' }) });
    try {
      await app.ready();
      await get(app, '/healthz');
      const heapEmpty = await heapUsedMb();
      await loadPlant(store.db, plant, { source: 'bench' });
      const viewer = await createUser(
        store.db,
        {
          username: 'bench-viewer',
          displayName: 'Bench viewer',
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
      authorization = `Bearer ${token}`;
      for (const { url } of ROUTES) await get(app, url);
      const heapLoaded = await heapUsedMb();

      for (const route of ROUTES) {
        const timing = await timePair(
          () => get(app, route.url),
          () => get(app, '/healthz'),
          { rounds: 15 },
        );
        emit(
          result({
            bench: route.bench,
            unit: 'ms/op',
            value: timing.subject.msPerOp,
            baseline: 'app.inject GET /healthz',
            baselineValue: timing.baseline.msPerOp,
            target: { max: route.target },
            detail: { request: `app.inject GET ${route.url}` },
          }),
        );
      }

      const memory = process.memoryUsage();
      emit(
        result({
          bench: 'api.read.heap',
          unit: 'MB',
          value: heapLoaded,
          baseline: 'heap used by the app on the empty store',
          baselineValue: heapEmpty,
          target: { max: 1.25 },
          detail: {
            subject: 'heap used after loading the reference plant and reading it once',
            note: 'after a full GC; PGlite keeps the database in WebAssembly memory, outside the heap',
            rssMb: round(memory.rss / 2 ** 20),
            externalMb: round(memory.external / 2 ** 20),
          },
        }),
      );

      // Heap that stays behind per request: a cache or listener that grows with
      // every request would show here long before it shows in production.
      const retained = async (url: string) => {
        const before = await heapUsedMb();
        for (let i = 0; i < RETENTION_REQUESTS; i++) {
          await get(app, url);
          await turnEventLoop();
        }
        return (((await heapUsedMb()) - before) * 1024) / RETENTION_REQUESTS;
      };
      const perHealthz = await retained('/healthz');
      const perRead = await retained('/api/plant/lines');
      emit(
        result({
          bench: 'api.read.retained',
          unit: 'KB/request',
          value: perRead,
          baseline: `heap kept per GET /healthz over ${RETENTION_REQUESTS} requests`,
          baselineValue: perHealthz,
          ratio: Number.NaN,
          target: { on: 'value', max: 1 },
          detail: {
            subject: `heap kept per GET /api/plant/lines over ${RETENTION_REQUESTS} requests`,
          },
        }),
      );
    } finally {
      await app.close();
      await store.close();
    }
  },
};

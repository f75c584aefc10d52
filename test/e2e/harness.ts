// What the browser tests share: an in-process Lotline over a fresh reference
// store, serving the built web app on a free port.
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import type { Store } from '../../src/core/db/store.js';
import type { App } from '../../src/core/http/server.js';
import { createReferenceStore } from '../support/database.js';

export interface Served {
  store: Store;
  app: App;
  baseUrl: string;
  close(): Promise<void>;
}

export async function serveReferencePlant(options: { demo?: boolean } = {}): Promise<Served> {
  const store = await createReferenceStore();
  const app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    ...(options.demo ? { demo: true } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('the server has no address');
  return {
    store,
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

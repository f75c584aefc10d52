// The composition root: the one place that builds the running system from its
// parts — configuration, logger, store, modules and the HTTP server.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from './core/config.js';
import type { Store } from './core/db/store.js';
import { openStore } from './core/db/store.js';
import { type App, buildServer } from './core/http/server.js';
import { createLogger } from './core/logger.js';
import { findCurrentPlant, loadPlantFile, plantRoutes } from './modules/plant/index.js';

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

export interface AppOptions {
  store: Store;
  logger: Logger;
  webRoot?: string;
}

/** The HTTP application over a store; tests call it in-process with `inject`. */
export function buildApp({ store, logger, webRoot }: AppOptions): Promise<App> {
  return buildServer({
    logger,
    version: VERSION,
    readiness: () => store.ping(),
    modules: [{ prefix: '/api/plant', plugin: plantRoutes(store.db) }],
    ...(webRoot ? { webRoot } : {}),
  });
}

/** Opens the store, migrates it and, when it holds no plant yet, loads the initial plant file. */
export async function prepareStore(
  config: Config,
  logger: Logger,
  options: { loadInitialPlant: boolean },
): Promise<Store> {
  const store = await openStore(config.store);
  try {
    await store.migrate();
    if (options.loadInitialPlant && !(await findCurrentPlant(store.db))) {
      const result = await loadPlantFile(store.db, config.initialPlantFile);
      logger.info(
        { revision: result.revision.number, file: config.initialPlantFile },
        'loaded the initial plant file into an empty store',
      );
    }
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

export interface Running {
  url: string;
  app: App;
  store: Store;
  stop(): Promise<void>;
}

export async function startLotline(config: Config): Promise<Running> {
  const logger = createLogger(config.log);
  const store = await prepareStore(config, logger, { loadInitialPlant: true });
  const app = await buildApp({ store, logger });
  try {
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    await app.close();
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Finish in-flight requests, then release the store (and its lock).
      try {
        await app.close();
      } finally {
        await store.close();
      }
    })();
    return stopping;
  };
  return { url: `http://${host}:${port}`, app, store, stop };
}

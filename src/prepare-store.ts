// Opening the store for any command: migrated, and on a first start holding
// the initial plant. Apart from app.ts so that the command line's store
// commands need not load the server.
import type { Logger } from 'pino';
import type { Config } from './core/config.js';
import { openStore, type Store } from './core/db/store.js';
import { findCurrentPlant, loadPlantFile } from './modules/plant/index.js';

/** Opens the store, migrates it and, when it holds no plant yet, loads the initial plant file. */
export async function prepareStore(
  config: Config,
  logger: Logger,
  options: { loadInitialPlant: boolean },
): Promise<Store> {
  const store = await openStore(config.store, {
    onAbandoned: (queries) =>
      logger.warn({ queries }, 'closing the store: ended connections whose queries never answered'),
  });
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

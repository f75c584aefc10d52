// In-memory PGlite stores for the benchmarks: migrated once into a template,
// then each fresh store starts from a copy of it (as the test suites do), so
// a benchmark that needs an empty database does not time the migrations.
import { openPgliteStore, type Store } from '../../src/core/db/store.js';

let template: Blob | undefined;

async function migratedTemplate(): Promise<Blob> {
  if (!template) {
    const store = await openPgliteStore({});
    try {
      await store.migrate();
      const client = (store.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } })
        .$client;
      template = await client.dumpDataDir('none');
    } finally {
      await store.close();
    }
  }
  return template;
}

/** A fresh, migrated, empty in-memory store. */
export async function emptyStore(): Promise<Store> {
  return openPgliteStore({ loadDataDir: await migratedTemplate() });
}

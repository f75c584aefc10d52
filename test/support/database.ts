// A fresh, migrated store for one test file: a copy of the run's template, on
// PGlite by default or on the PostgreSQL server named by LOTLINE_TEST_DATABASE_URL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { openPgliteStore, openPostgresStore, type Store } from '../../src/core/db/store.js';
import { loadPlantFile } from '../../src/modules/plant/index.js';
import { adminQuery, withDatabase } from './global-setup.js';

export const REFERENCE_PLANT = path.resolve('plants/reference.yaml');

let counter = 0;

/**
 * On the PostgreSQL server named by LOTLINE_TEST_DATABASE_URL, a new database
 * copied from the run's migrated template; undefined when the tests run on PGlite.
 */
export async function createServerDatabase(): Promise<
  { url: string; drop(): Promise<void> } | undefined
> {
  const serverUrl = process.env.LOTLINE_TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (!serverUrl || !template) return undefined;
  counter += 1;
  const name = `lotline_t_${template.slice('lotline_tpl_'.length)}_${process.pid}_${counter}`;
  await adminQuery(serverUrl, `create database ${name} template ${template}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

export async function createTestStore(): Promise<Store> {
  const database = await createServerDatabase();
  if (database) {
    const store = await openPostgresStore(database.url, 5);
    return {
      ...store,
      close: async () => {
        await store.close();
        await database.drop();
      },
    };
  }
  const dump = readFileSync(inject('pgliteTemplate'));
  return openPgliteStore({ loadDataDir: new Blob([dump]) });
}

/** A fresh store holding the reference plant. */
export async function createReferenceStore(): Promise<Store> {
  const store = await createTestStore();
  await loadPlantFile(store.db, REFERENCE_PLANT);
  return store;
}

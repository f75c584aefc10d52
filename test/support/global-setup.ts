// Builds one migrated database template per test run; each test file then
// starts from a copy of it (PGlite: a dumped data directory; PostgreSQL:
// CREATE DATABASE … TEMPLATE). Migrating once keeps the suites fast.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPgliteStore, openPostgresStore } from '../../src/core/db/store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    /** A migrated, empty Lotline data directory (PGlite) for the CLI tests to copy. */
    dataDirTemplate: string;
  }
}

export async function setup(project: TestProject) {
  const serverUrl = process.env.LOTLINE_TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `lotline_tpl_${process.pid}_${Date.now()}`;
    await adminQuery(serverUrl, `create database ${name}`);
    const store = await openPostgresStore(withDatabase(serverUrl, name), 2);
    await store.migrate();
    await store.close();
    project.provide('postgresTemplate', name);
    project.provide('pgliteTemplate', '');
    // The lotline command's tests run on PGlite data directories either way.
    const dataDir = await migratedDataDir(await migratedPgliteDump());
    project.provide('dataDirTemplate', dataDir);
    return async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await dropTestDatabases(serverUrl, name);
    };
  }
  const dump = await migratedPgliteDump();
  const dir = path.resolve('.tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  const dataDir = await migratedDataDir(dump);
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  project.provide('dataDirTemplate', dataDir);
  return () => {
    rmSync(file, { force: true });
    rmSync(dataDir, { recursive: true, force: true });
  };
}

async function migratedPgliteDump(): Promise<Blob> {
  const store = await openPgliteStore({});
  await store.migrate();
  const client = (store.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } })
    .$client;
  const dump = await client.dumpDataDir('none');
  await store.close();
  return dump;
}

/** A Lotline data directory holding the migrated database, as `lotline migrate` leaves it. */
async function migratedDataDir(dump: Blob): Promise<string> {
  const dataDir = path.resolve('.tmp', `data-dir-template-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const store = await openPgliteStore({ dataDir, loadDataDir: dump });
  await store.close();
  return dataDir;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function dropTestDatabases(url: string, template: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`lotline_t_${template.slice('lotline_tpl_'.length)}_%`],
    );
    for (const { datname } of rows)
      await client.query(`drop database if exists ${datname} with (force)`);
    await client.query(`drop database if exists ${template} with (force)`);
  } finally {
    await client.end();
  }
}

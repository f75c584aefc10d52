// The current plant's head kept in a server's memory: read once while nothing
// says it changed, read again at once when this process or another records a
// new revision, and read every time while another process's change could go
// unheard (the listening connection down).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  createServerDatabase,
  createTestStore,
  REFERENCE_PLANT,
} from '../../../test/support/database.js';
import { openPostgresStore, type Store } from '../../core/db/store.js';
import { loadPlantFile } from './load-file.js';
import type { PlantFileInput } from './model.js';
import { findCurrentPlant, keepPlantHead, loadPlant } from './service.js';

type Query = (...args: unknown[]) => unknown;

/** Whether `work` read the plant's revisions from the database: every statement the store's driver sends, transactions' too. */
async function readsRevisions(store: Store, work: () => Promise<unknown>): Promise<boolean> {
  let read = false;
  const watched =
    (query: Query, self: unknown): Query =>
    (...args) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      if (text?.includes('"plant"."revisions"')) read = true;
      return query.apply(self, args);
    };
  const driver = (store.db as unknown as { $client: Record<string, Query> }).$client;
  const saved = { query: driver.query, transaction: driver.transaction, connect: driver.connect };
  driver.query = watched(saved.query as Query, driver);
  if (store.kind === 'pglite') {
    // A PGlite transaction runs its statements on a handle of its own.
    driver.transaction = (callback) =>
      (saved.transaction as Query).call(driver, (tx: Record<string, Query>) => {
        tx.query = watched(tx.query as Query, tx);
        return (callback as (tx: unknown) => unknown)(tx);
      });
  } else {
    // A node-postgres transaction runs on a client checked out of the pool
    // (by promise; the pool's own query checks one out by callback, and is watched above).
    driver.connect = (...args) => {
      if (typeof args.at(-1) === 'function') return (saved.connect as Query).apply(driver, args);
      return checkedOut(args);
    };
    const checkedOut = async (args: unknown[]) => {
      const client = (await (saved.connect as Query).apply(driver, args)) as Record<string, Query>;
      const own = client.query as Query;
      client.query = watched(own, client);
      const release = client.release as Query;
      client.release = (...releaseArgs) => {
        client.query = own;
        client.release = release;
        return release.apply(client, releaseArgs);
      };
      return client;
    };
  }
  try {
    await work();
    return read;
  } finally {
    Object.assign(driver, saved);
  }
}

/** The reference plant with line 1 a little faster each time: a new revision. */
let faster = 80;
function changedPlant(): PlantFileInput {
  const doc = parse(readFileSync(REFERENCE_PLANT, 'utf8')) as PlantFileInput;
  const l1 = doc.lines.find((l) => l.code === 'L1');
  if (!l1) throw new Error('reference plant has no L1');
  faster += 1;
  l1.products[0] = { product: 'C762-BALL', ratePerMinute: faster };
  return doc;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the current plant on a server', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    await loadPlantFile(store.db, REFERENCE_PLANT);
    keepPlantHead(store);
    await until('the store hears other processes', async () => store.hearsOtherProcesses());
  });
  afterEach(async () => {
    await store.close();
  });

  it('is kept while nothing changes, and read again at once after its own change', async () => {
    const first = await findCurrentPlant(store.db);
    for (let i = 0; i < 5; i++) {
      expect(await readsRevisions(store, () => findCurrentPlant(store.db))).toBe(false);
    }
    // A command's transaction finds it in memory too.
    const inTransaction = await readsRevisions(store, () =>
      store.db.transaction(async (tx) => {
        expect((await findCurrentPlant(tx))?.revision.number).toBe(first?.revision.number);
      }),
    );
    expect(inTransaction).toBe(false);
    const changed = await loadPlant(store.db, changedPlant(), { source: 'test' });
    let after: Awaited<ReturnType<typeof findCurrentPlant>>;
    expect(
      await readsRevisions(store, async () => {
        after = await findCurrentPlant(store.db);
      }),
    ).toBe(true);
    expect(after?.revision.number).toBe(changed.revision.number);
    expect(after?.revision.number).toBe((first?.revision.number ?? 0) + 1);
  });
});

// On PGlite one process holds the store: there is no other process to hear.
const onServer = Boolean(process.env.LOTLINE_TEST_DATABASE_URL);

describe.runIf(onServer)('the current plant with another process on the same PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let server: Store;
  let other: Store;
  beforeAll(async () => {
    const made = await createServerDatabase();
    if (!made) throw new Error('no PostgreSQL database for the test');
    database = made;
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    server = await openPostgresStore(database.url, 3);
    other = await openPostgresStore(database.url, 3);
    await loadPlantFile(other.db, REFERENCE_PLANT);
    keepPlantHead(server);
    await until('the server hears other processes', async () => server.hearsOtherProcesses());
  });
  afterEach(async () => {
    await server.close();
    await other.close();
  });

  it('sees another process’s new revision at once, not when the head would be read again', async () => {
    const before = await findCurrentPlant(server.db);
    const changed = await loadPlant(other.db, changedPlant(), { source: 'other process' });
    const started = Date.now();
    await until('the server sees the new revision', async () => {
      const now = await findCurrentPlant(server.db);
      return now?.revision.number === changed.revision.number;
    });
    // Well inside the 5 s after which a kept head is read again anyway.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(changed.revision.number).toBe((before?.revision.number ?? 0) + 1);
  });

  it('reads it every time while it cannot hear, and keeps it again once it can', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await findCurrentPlant(server.db);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and query ilike 'listen %'`,
      );
      await until('the server knows it cannot hear', async () => !server.hearsOtherProcesses());
      expect(await readsRevisions(server, () => findCurrentPlant(server.db))).toBe(true);
      expect(await readsRevisions(server, () => findCurrentPlant(server.db))).toBe(true);
      // A change made while it could not hear is seen on the very next read.
      const changed = await loadPlant(other.db, changedPlant(), { source: 'other process' });
      expect((await findCurrentPlant(server.db))?.revision.number).toBe(changed.revision.number);
      await until('the server hears again', async () => server.hearsOtherProcesses());
      await findCurrentPlant(server.db);
      expect(await readsRevisions(server, () => findCurrentPlant(server.db))).toBe(false);
    } finally {
      await admin.end();
    }
  });
});

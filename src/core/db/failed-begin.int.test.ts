// A transaction whose BEGIN fails must give its connection back. Drizzle sends
// BEGIN before the `try` that releases the client, so without the store's
// watch (change-tracking.ts) every failed BEGIN — what a database going away
// under load causes — kept one pooled connection checked out for good, until
// the pool had none left and a stop waited for one that never came back.
// PostgreSQL only: PGlite has one connection and no pool.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from '../../../test/support/database.js';
import { openPostgresStore, type Store } from './store.js';

const onServer = process.env.LOTLINE_TEST_DATABASE_URL !== undefined;
let store: Store | undefined;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const database = await createServerDatabase();
  if (!database) return;
  drop = database.drop;
  // One connection, and a short wait for it: a leaked connection shows at once.
  store = await openPostgresStore(database.url, 1, { acquireTimeoutMs: 2_000 });
});

afterAll(async () => {
  await store?.close();
  await drop?.();
});

// BEGIN with an isolation level PostgreSQL does not know: a BEGIN that fails, on demand.
const failingBegin = { isolationLevel: 'of no kind' } as unknown as {
  isolationLevel: 'serializable';
};

/** node-postgres answers with a result whose rows are the data. */
const rowsOf = (result: unknown) => (result as { rows: unknown[] }).rows;

describe('a transaction whose BEGIN fails', () => {
  it.runIf(onServer)('gives its connection back: the pool of one goes on serving', async () => {
    const db = (store as Store).db;
    for (let i = 0; i < 3; i++) {
      await expect(db.transaction(async () => 'never run', failingBegin)).rejects.toThrow();
    }
    const answer = await db.transaction(
      async (tx) => (await tx.execute(sql`select 1 as one`)) as unknown,
    );
    expect(rowsOf(answer)).toEqual([{ one: 1 }]);
    expect((store as Store).pool()).toMatchObject({ max: 1, waiting: 0 });
  });

  it.runIf(onServer)('leaves a transaction that began well to its owner', async () => {
    const db = (store as Store).db;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        throw new Error('refused inside');
      }),
    ).rejects.toThrow('refused inside');
    const answer = await db.transaction(
      async (tx) => (await tx.execute(sql`select 2 as two`)) as unknown,
    );
    expect(rowsOf(answer)).toEqual([{ two: 2 }]);
  });
});

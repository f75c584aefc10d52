// Closing a PostgreSQL store never waits on a query that does not come back:
// past the close timeout, the connections still in use are ended and named.
// Needs the PostgreSQL server (LOTLINE_TEST_DATABASE_URL); PGlite has no pool.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerDatabase } from '../../../test/support/database.js';
import { openPostgresStore } from './store.js';

let database: Awaited<ReturnType<typeof createServerDatabase>>;

beforeAll(async () => {
  database = await createServerDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describe.skipIf(!process.env.LOTLINE_TEST_DATABASE_URL)('closing a PostgreSQL store', () => {
  it('ends a connection whose query does not answer in time, and says which', async () => {
    const abandoned: string[][] = [];
    const store = await openPostgresStore(database?.url ?? '', 4, {
      closeTimeoutMs: 300,
      onAbandoned: (queries) => abandoned.push(queries),
    });
    const stuck = store.db.execute(sql`select pg_sleep(30)`).then(
      () => 'answered',
      () => 'ended',
    );
    // The query is on the server before the close begins.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await store.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await stuck).toBe('ended');
    expect(abandoned).toEqual([['select pg_sleep(30)']]);
  });

  it('waits for a query that answers within the timeout, and ends nothing', async () => {
    const abandoned: string[][] = [];
    const store = await openPostgresStore(database?.url ?? '', 4, {
      closeTimeoutMs: 5_000,
      onAbandoned: (queries) => abandoned.push(queries),
    });
    const quick = store.db.execute(sql`select pg_sleep(0.3)`).then(
      () => 'answered',
      () => 'ended',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await store.close();
    expect(await quick).toBe('answered');
    expect(abandoned).toEqual([]);
  });
});

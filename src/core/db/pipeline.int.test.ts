// Statements held back and sent together (pipeline.ts, sql-text.ts): the
// same answers and the same all-or-nothing as one at a time, on both stores;
// and on PostgreSQL, fewer writes to the socket — the point of it.
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/support/database.js';
import { runSql, runTogether, sendAhead, text } from './sql-text.js';
import type { Store } from './store.js';

let store: Store;
let writes = 0;
const counted = new WeakSet<object>();

beforeAll(async () => {
  store = await createTestStore();
  await runSql(
    store.db,
    text`create table if not exists "public"."pipeline_t" ("id" integer primary key, "v" text not null)`,
  );
  if (store.kind === 'postgres') {
    // Every write a checked-out connection makes to its socket.
    const pool = (store.db as unknown as { $client: pg.Pool }).$client;
    pool.on('acquire', (client) => {
      const stream = (client as unknown as { connection: { stream: Record<string, unknown> } })
        .connection.stream;
      if (counted.has(stream)) return;
      counted.add(stream);
      for (const method of ['_write', '_writev'] as const) {
        const original = stream[method] as (...args: unknown[]) => unknown;
        stream[method] = function (this: unknown, ...args: unknown[]) {
          writes += 1;
          return original.apply(this, args);
        };
      }
    });
  }
});

afterAll(async () => {
  await store?.close();
});

beforeEach(async () => {
  await runSql(store.db, text`delete from "public"."pipeline_t"`);
  writes = 0;
});

const insert = (id: number, v: string) =>
  text`insert into "public"."pipeline_t" ("id", "v") values (${id}, ${v})`;
/** The error's message and its causes', one after the other. */
function messagesOf(error: unknown): string {
  const messages: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages.join(' / ');
}

const rows = () =>
  runSql<{ id: number; v: string }>(
    store.db,
    text`select "id", "v" from "public"."pipeline_t" order by "id"`,
  );

describe('statements sent ahead and together', () => {
  it('are seen by the statements after them, and kept when the transaction commits', async () => {
    const seen = await store.db.transaction(async (tx) => {
      await sendAhead(tx, insert(1, 'a'));
      await sendAhead(tx, insert(2, 'b'));
      return runSql<{ n: number }>(
        tx,
        text`select count(*)::int as "n" from "public"."pipeline_t"`,
      );
    });
    expect(seen).toEqual([{ n: 2 }]);
    expect(await rows()).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
    ]);
  });

  it('answer each statement run together with its own rows, in order', async () => {
    const answers = await store.db.transaction((tx) =>
      runTogether<{ id: number }>(tx, [
        text`insert into "public"."pipeline_t" ("id", "v") values (7, 'x') returning "id"`,
        text`select "id" from "public"."pipeline_t" where "id" = ${7}`,
        text`select "id" from "public"."pipeline_t" where "id" = ${8}`,
      ]),
    );
    expect(answers).toEqual([[{ id: 7 }], [{ id: 7 }], []]);
  });

  it('roll the whole change back when a write sent ahead fails, naming that write', async () => {
    const change = store.db.transaction(async (tx) => {
      await sendAhead(tx, insert(1, 'first'));
      await sendAhead(tx, insert(1, 'the same id again'));
      await sendAhead(tx, insert(2, 'after it'));
    });
    // On PostgreSQL it fails at COMMIT, on PGlite where it is made; either way
    // the database's error is the cause, and the messages name the write.
    const error = await change.catch((e: unknown) => e);
    expect(error).toMatchObject({ cause: { code: '23505' } });
    expect(messagesOf(error)).toContain('insert into "public"."pipeline_t"');
    expect(await rows()).toEqual([]);
  });

  it('roll back when one statement run together fails, and the connection serves on', async () => {
    await runSql(store.db, insert(1, 'there before'));
    await expect(
      store.db.transaction((tx) =>
        runTogether(tx, [insert(2, 'two'), insert(1, 'a duplicate'), insert(3, 'three')]),
      ),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(await rows()).toEqual([{ id: 1, v: 'there before' }]);
    for (let i = 0; i < 8; i++) {
      await store.db.transaction((tx) => runSql(tx, text`select 1`));
    }
  });

  it('drop what was held when the transaction is refused before anything went out', async () => {
    await expect(
      store.db.transaction(async (tx) => {
        await sendAhead(tx, insert(5, 'never sent'));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    if (store.kind === 'postgres') expect(writes).toBe(0);
    expect(await rows()).toEqual([]);
  });

  it('run at once outside a transaction', async () => {
    await sendAhead(store.db, insert(9, 'alone'));
    expect(await rows()).toEqual([{ id: 9, v: 'alone' }]);
    expect(await runTogether(store.db, [text`select 1 as "a"`, text`select 2 as "b"`])).toEqual([
      [{ a: 1 }],
      [{ b: 2 }],
    ]);
  });

  it('commit a transaction that did nothing', async () => {
    await expect(store.db.transaction(async () => 'nothing')).resolves.toBe('nothing');
  });
});

describe.runIf(process.env.LOTLINE_TEST_DATABASE_URL !== undefined)(
  'on PostgreSQL: one write to the socket per round trip',
  () => {
    it('sends BEGIN with the first statement and the writes sent ahead with the COMMIT', async () => {
      await store.db.transaction(async (tx) => {
        await runTogether(tx, [text`select 1`, text`select 2`]);
        await sendAhead(tx, insert(1, 'a'));
        await sendAhead(tx, insert(2, 'b'));
        await sendAhead(tx, insert(3, 'c'));
      });
      // BEGIN + two selects; three inserts + COMMIT. One at a time, it was seven.
      expect(writes).toBe(2);
      expect((await rows()).length).toBe(3);
    });

    it('sends a statement that needs its answer at once, with whatever was held', async () => {
      await store.db.transaction(async (tx) => {
        await sendAhead(tx, insert(1, 'a'));
        const [row] = await runSql<{ n: number }>(
          tx,
          text`select count(*)::int as "n" from "public"."pipeline_t"`,
        );
        expect(row?.n).toBe(1);
      });
      // BEGIN + insert + select; COMMIT.
      expect(writes).toBe(2);
    });
  },
);

describe.runIf(process.env.LOTLINE_TEST_DATABASE_URL !== undefined)(
  'on PostgreSQL: each statement text parsed once per connection',
  () => {
    // A text no other test sends, so what the connections prepared before does not count.
    const insertNamed = (id: number, v: string) =>
      text`insert into "public"."pipeline_t" ("v", "id") values (${v}, ${id})`;
    const prepared = (tx: Parameters<Parameters<Store['db']['transaction']>[0]>[0], like: string) =>
      runSql<{ n: number }>(
        tx,
        text`select count(*)::int as "n" from pg_prepared_statements where statement like ${like}`,
      );

    it('prepares a statement the first time its connection sends it, and binds it after that', async () => {
      const counts = await store.db.transaction(async (tx) => {
        const seen: number[] = [];
        for (let i = 0; i < 3; i++) {
          await runSql(tx, insertNamed(10 + i, 'named'));
          seen.push(
            (await prepared(tx, 'insert into "public"."pipeline_t" ("v", "id")%'))[0]?.n ?? -1,
          );
        }
        await sendAhead(tx, insertNamed(20, 'ahead'));
        await runTogether(tx, [insertNamed(21, 'together'), insertNamed(22, 'together')]);
        seen.push(
          (await prepared(tx, 'insert into "public"."pipeline_t" ("v", "id")%'))[0]?.n ?? -1,
        );
        return seen;
      });
      expect(counts).toEqual([1, 1, 1, 1]);
      expect((await rows()).map((r) => r.id)).toEqual([10, 11, 12, 20, 21, 22]);
    });

    it('prepares a text again when a change of schema alters what it answers', async () => {
      await runSql(store.db, text`drop table if exists "public"."pipeline_shape"`);
      await runSql(store.db, text`create table "public"."pipeline_shape" ("a" integer)`);
      await runSql(store.db, text`insert into "public"."pipeline_shape" ("a") values (1)`);
      const everything = text`select * from "public"."pipeline_shape"`;
      // Every connection of the pool prepares it.
      await Promise.all(
        Array.from({ length: 10 }, () => store.db.transaction((tx) => runSql(tx, everything))),
      );
      await runSql(store.db, text`alter table "public"."pipeline_shape" add column "b" integer`);
      const answers = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.db.transaction((tx) => runSql(tx, everything))),
      );
      // At most the statements already sent under the old name fail; then it is named anew.
      for (const answer of answers) {
        if (answer.status === 'rejected') {
          expect(answer.reason).toMatchObject({ cause: { code: '0A000' } });
        }
      }
      for (let i = 0; i < 10; i++) {
        expect(await store.db.transaction((tx) => runSql(tx, everything))).toEqual([
          { a: 1, b: null },
        ]);
      }
      await runSql(store.db, text`drop table "public"."pipeline_shape"`);
    });

    it('serves a statement again after it was refused in an aborted transaction', async () => {
      const fresh = text`select ${'first use'}::text as "v", 'refused-then-served' as "tag"`;
      await expect(
        store.db.transaction(async (tx) => {
          await sendAhead(tx, insert(1, 'x'));
          await sendAhead(tx, insert(1, 'duplicate: aborts the transaction'));
          // Its Parse goes out behind the failing write and is refused with it.
          await runSql(tx, fresh);
        }),
      ).rejects.toMatchObject({ cause: { code: '23505' } });
      for (let i = 0; i < 12; i++) {
        expect(await store.db.transaction((tx) => runSql(tx, fresh))).toEqual([
          { v: 'first use', tag: 'refused-then-served' },
        ]);
      }
    });
  },
);

// The one row a statement reads or writes: named only when it is certain, so
// that an answer about one row is never kept past a change to it.
import { describe, expect, it } from 'vitest';
import { rowOf, rowRead, rowReadPlan, rowWritePlan, rowWritten } from './row-changes.js';

const ORDER = '0b6f3a52-3c1e-4b8e-9d54-2a1f6f0c9e11';
const ORDER_HEX = '0b6f3a523c1e4b8e9d542a1f6f0c9e11';
const OTHER = '7d1c2b3a-0000-4000-8000-000000000001';

describe('rowRead', () => {
  it('names the row of a read of one table by its id, as Drizzle writes it', () => {
    expect(
      rowRead(
        'select "document" from "production"."work_orders" where "production"."work_orders"."id" = $1',
        [ORDER],
      ),
    ).toEqual({ table: 'work_orders', id: ORDER_HEX });
    expect(
      rowRead(
        'select "id", "state" from "production"."work_orders" where ("production"."work_orders"."id" = $1 and "production"."work_orders"."state" = $2) limit $3',
        [ORDER, 'running', 1],
      ),
    ).toEqual({ table: 'work_orders', id: ORDER_HEX });
    expect(rowRead('select * from t where (t.id = $1::uuid)', [ORDER])?.id).toBe(ORDER_HEX);
    expect(rowRead('SELECT * FROM lots WHERE id = $1 FOR UPDATE', [42])).toEqual({
      table: 'lots',
      id: '42',
    });
  });

  it('spells one id one way, however the database would accept it', () => {
    const spellings = [ORDER, ORDER.toUpperCase(), ORDER_HEX, `{${ORDER}}`];
    for (const spelling of spellings) {
      expect(rowRead('select * from "a"."t" where "a"."t"."id" = $1', [spelling])?.id).toBe(
        ORDER_HEX,
      );
    }
    expect(rowRead('select * from t where id = $1', ['007'])?.id).toBe('7');
    expect(rowRead('select * from t where id = $1', [7n])?.id).toBe('7');
  });

  it('names no row when the read may reach other rows or tables', () => {
    const none = [
      ['select * from "a"."t" where "a"."t"."id" = $1 or "a"."t"."state" = $2', [ORDER, 'x']],
      ['select * from "a"."t" where not ("a"."t"."id" = $1)', [ORDER]],
      ['select * from "a"."t" where "a"."t"."id" <> $1', [ORDER]],
      ['select * from "a"."t" where "a"."t"."lot_id" = $1', [ORDER]],
      ['select * from "a"."t" where "a"."u"."id" = $1', [ORDER]],
      ['select * from "a"."t" inner join "a"."u" on true where "a"."t"."id" = $1', [ORDER]],
      ['select * from "a"."t" x where x."id" = $1', [ORDER]],
      ['select (select count(*) from "a"."u") from "a"."t" where "a"."t"."id" = $1', [ORDER]],
      ['select * from "a"."t" where "a"."t"."id" in ($1, $2)', [ORDER, OTHER]],
      ['select * from "a"."t" where "a"."t"."id" = $1 and "a"."t"."id" = $2', [ORDER, OTHER]],
      ['select * from "a"."t" where "a"."t"."id" = $1 and exists (select 1 from "a"."u")', [ORDER]],
      ['select * from "a"."t" where "a"."t"."id" = $1', [{ id: ORDER }]],
      ['select * from "a"."t" where "a"."t"."id" = $1', undefined],
      ['select * from "a"."t" where "a"."t"."id" = $1', [1.5]],
      ['select * from "a"."t" order by "a"."t"."id" limit $1', [1]],
      // The id compared with more than the parameter.
      ["select * from t where id = $1 || 'x'", ['a']],
      ['select * from t where id = $1 + 1', [1]],
      ['select * from t where upper(id) = $1', ['A']],
    ] as const;
    for (const [statement, params] of none) {
      expect(
        rowRead(statement, params as readonly unknown[] | undefined),
        statement,
      ).toBeUndefined();
    }
  });
});

describe('rowWritten', () => {
  it('names the row of an update, a delete and an insert by id', () => {
    expect(
      rowWritten(
        'update "production"."work_orders" set "id" = $1, "state" = $2, "good_count" = $3 where ("production"."work_orders"."id" = $4 and "production"."work_orders"."version" = $5) returning "version"',
        [ORDER, 'running', 10, ORDER, 3],
      ),
    ).toEqual({ table: 'work_orders', id: ORDER_HEX });
    expect(
      rowWritten('delete from "auth"."sessions" where "auth"."sessions"."id" = $1', ['s']),
    ).toEqual({
      table: 'sessions',
      id: 's',
    });
    expect(
      rowWritten(
        'insert into "genealogy"."lots" ("id", "number", "material") values ($1, $2, $3) on conflict do nothing returning "id"',
        [ORDER, 'L-1', 'BULLET'],
      ),
    ).toEqual({ table: 'lots', id: ORDER_HEX });
  });

  it('names no row when the write may touch another row or an unknown one', () => {
    const none = [
      // The id set to another value: the row moves.
      ['update "a"."t" set "id" = $1, "x" = $2 where "a"."t"."id" = $3', [OTHER, 1, ORDER]],
      ['update "a"."t" set "x" = $1 where "a"."t"."state" = $2', [1, 'held']],
      ["update t set id = $1 || 'x' where t.id = $1", [ORDER]],
      ['update t set "id" = upper("id") where t.id = $1', [ORDER]],
      ['update "a"."t" set "x" = $1 where "a"."t"."id" = $2 or "a"."t"."y" = $3', [1, ORDER, 2]],
      ['update "a"."t" set "x" = (select max(y) from "a"."u") where "a"."t"."id" = $1', [ORDER]],
      ['update "a"."t" set "x" = $1 from "a"."u" where "a"."t"."id" = $2', [1, ORDER]],
      ['update "a"."t" set "x" = $1', [1]],
      ['delete from "a"."t" where "a"."t"."id" in ($1, $2)', [ORDER, OTHER]],
      // Several rows, a generated id, an upsert that may land on another row, a select.
      ['insert into "a"."t" ("id", "x") values ($1, $2), ($3, $4)', [ORDER, 1, OTHER, 2]],
      ['insert into "a"."t" ("id", "x") values (default, $1)', [1]],
      ['insert into "a"."t" ("x") values ($1)', [1]],
      [
        'insert into "a"."t" ("id", "k") values ($1, $2) on conflict ("k") do update set "x" = 1',
        [ORDER, 'k'],
      ],
      ['insert into "a"."t" ("id") select "id" from "a"."u" where "a"."u"."id" = $1', [ORDER]],
      ['select * from "a"."t" where "a"."t"."id" = $1', [ORDER]],
    ] as const;
    for (const [statement, params] of none) {
      expect(rowWritten(statement, params as readonly unknown[]), statement).toBeUndefined();
    }
  });
});

describe('a row plan', () => {
  it('is read from the text once and names each sending’s own row', () => {
    const plan = rowWritePlan(
      'update "production"."work_orders" set "state" = $1, "version" = "version" + 1 where "id" = $2',
    );
    expect(plan).toEqual({ table: 'work_orders', pins: ['2'], assigned: [] });
    expect(rowOf(plan, ['running', ORDER])).toEqual({ table: 'work_orders', id: ORDER_HEX });
    expect(rowOf(plan, ['running', OTHER])?.id).toBe(OTHER.replaceAll('-', ''));
    // The same text with a value that is no id names no row.
    expect(rowOf(plan, ['running', null])).toBeUndefined();
    expect(rowOf(undefined, [ORDER])).toBeUndefined();
  });

  it('keeps an assignment to the id, which must hold the same id when sent', () => {
    const plan = rowWritePlan('update t set id = $1, x = $2 where t.id = $3');
    expect(plan?.assigned).toEqual(['1']);
    expect(rowOf(plan, [ORDER, 1, ORDER])?.id).toBe(ORDER_HEX);
    expect(rowOf(plan, [OTHER, 1, ORDER])).toBeUndefined();
  });

  it('names no row for a read pinned to two different ids', () => {
    const plan = rowReadPlan('select * from t where t.id = $1 and t.id = $2');
    expect(rowOf(plan, [ORDER, ORDER])?.id).toBe(ORDER_HEX);
    expect(rowOf(plan, [ORDER, OTHER])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import {
  beginsTransaction,
  commitsTransaction,
  endsTransaction,
  rowTag,
  TableChanges,
  tablesRead,
  tablesWritten,
} from './table-changes.js';

describe('tablesWritten', () => {
  it('reads the target of the statements Drizzle writes, schema-qualified and quoted', () => {
    expect(
      tablesWritten(
        'insert into "production"."work_orders" ("id") values ($1) on conflict do update set "x" = 1',
      ),
    ).toEqual(['work_orders']);
    expect(
      tablesWritten('update "storage"."balances" set "quantity" = $1 where "lot_id" = $2'),
    ).toEqual(['balances']);
    expect(tablesWritten('delete from "auth"."sessions" where "id_hash" = $1')).toEqual([
      'sessions',
    ]);
  });

  it('knows the database functions that write: the audit append reads as a select', () => {
    expect(tablesWritten('select * from "audit"."append_entry"($1::timestamptz, $2, $3)')).toEqual([
      'entries',
    ]);
    expect(tablesRead('select * from audit.append_entry($1)')).toContain('entries');
  });

  it('reads raw SQL: unquoted, CTEs that write, COPY', () => {
    expect(tablesWritten('UPDATE storage.Balances SET quantity = 0')).toEqual(['balances']);
    expect(
      tablesWritten(
        'with moved as (delete from genealogy.contents where parent_id = $1 returning *) insert into genealogy.contents select * from moved',
      ),
    ).toEqual(['contents']);
    expect(tablesWritten('COPY telemetry.machine_events (a, b) FROM STDIN')).toEqual([
      'machine_events',
    ]);
  });

  it('sees no write in a read, even one that locks rows or names columns like updated_at', () => {
    expect(tablesWritten('select "updated_at" from "storage"."balances" for update')).toEqual([]);
    expect(
      tablesWritten(
        'select * from "production"."work_orders" for update of "work_orders" skip locked',
      ),
    ).toEqual([]);
    expect(tablesWritten('select pg_advisory_xact_lock($1)')).toEqual([]);
  });

  it('says everything changed for DDL and for a write whose table it cannot read', () => {
    expect(tablesWritten('CREATE TABLE x (a int)')).toBe('everything');
    expect(tablesWritten('alter table "plant"."lines" add column y int')).toBe('everything');
    expect(tablesWritten('copy (select 1) to stdout')).toBe('everything');
  });
});

describe('tablesRead', () => {
  it('names every table a select reads, joins included', () => {
    expect(
      tablesRead(
        'select "auth"."sessions"."id_hash" from "auth"."sessions" inner join "auth"."users" on "auth"."users"."id" = "auth"."sessions"."user_id"',
      ).sort(),
    ).toEqual(['sessions', 'users']);
  });

  it('counts the tables a statement writes as read too', () => {
    expect(tablesRead('insert into "a"."b" select * from "a"."c"').sort()).toEqual(['b', 'c']);
  });
});

describe('transaction boundaries', () => {
  it('knows a commit from a savepoint release', () => {
    expect(beginsTransaction('begin')).toBe(true);
    expect(beginsTransaction('BEGIN ISOLATION LEVEL SERIALIZABLE')).toBe(true);
    expect(endsTransaction('commit')).toBe(true);
    expect(endsTransaction('rollback')).toBe(true);
    expect(endsTransaction('rollback to savepoint sp1')).toBe(false);
    expect(endsTransaction('release savepoint sp1')).toBe(false);
  });

  it('knows a commit from a rollback', () => {
    expect(commitsTransaction('commit')).toBe(true);
    expect(commitsTransaction('END')).toBe(true);
    expect(commitsTransaction('rollback')).toBe(false);
    expect(commitsTransaction("commit prepared 'tx1'")).toBe(false);
    expect(commitsTransaction('select 1')).toBe(false);
  });
});

describe('TableChanges', () => {
  it('keeps an answer good until a table it read changes', () => {
    const changes = new TableChanges();
    const since = changes.now();
    expect(changes.unchangedSince(['lots'], since)).toBe(true);
    changes.changed(['balances']);
    expect(changes.unchangedSince(['lots'], since)).toBe(true);
    expect(changes.unchangedSince(['lots', 'balances'], since)).toBe(false);
    const later = changes.now();
    expect(changes.unchangedSince(['balances'], later)).toBe(true);
  });

  it('drops every answer when everything changed', () => {
    const changes = new TableChanges();
    const since = changes.now();
    changes.changed('everything');
    expect(changes.unchangedSince([], since)).toBe(false);
    expect(changes.unchangedSince(['lots'], since)).toBe(false);
  });

  it('keeps an answer about one row past a change named to another row', () => {
    const changes = new TableChanges();
    const one = rowTag('work_orders', 'a');
    const since = changes.now();
    changes.changed(['work_orders'], [{ table: 'work_orders', id: 'b' }]);
    expect(changes.unchangedSince([one], since)).toBe(true);
    // An answer about the whole table still goes.
    expect(changes.unchangedSince(['work_orders'], since)).toBe(false);
    changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
    expect(changes.unchangedSince([one], since)).toBe(false);
  });

  it('drops an answer about a row when a change does not name its rows', () => {
    const changes = new TableChanges();
    const since = changes.now();
    changes.changed(['work_orders']);
    expect(changes.unchangedSince([rowTag('work_orders', 'a')], since)).toBe(false);
    // Rows named for another table do not name this one's.
    const later = changes.now();
    changes.changed(['work_orders', 'events'], [{ table: 'events', id: '1' }]);
    expect(changes.unchangedSince([rowTag('work_orders', 'a')], later)).toBe(false);
    expect(changes.unchangedSince([rowTag('events', '2')], later)).toBe(true);
  });

  it('remembers forgotten rows as changed when their table last forgot one', () => {
    const changes = new TableChanges();
    const since = changes.now();
    // More rows than it remembers one by one: the first ones fold into the table.
    for (let i = 0; i < 50_001; i++) changes.changed(['t'], [{ table: 't', id: String(i) }]);
    expect(changes.unchangedSince([rowTag('t', '0')], since)).toBe(false);
    expect(changes.unchangedSince([rowTag('t', 'never-written')], since)).toBe(false);
    const later = changes.now();
    expect(changes.unchangedSince([rowTag('t', '0')], later)).toBe(true);
    expect(changes.unchangedSince([rowTag('t', '50000')], later)).toBe(true);
  });

  it('tells whether a row still holds what the change numbered `at` wrote to it', () => {
    const changes = new TableChanges();
    const order = rowTag('work_orders', 'a');
    changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
    const wrote = changes.now();
    expect(changes.lastChangedAt(order, wrote)).toBe(true);
    // Another row, another table: still its.
    changes.changed(['work_orders'], [{ table: 'work_orders', id: 'b' }]);
    changes.changed(['events']);
    expect(changes.lastChangedAt(order, wrote)).toBe(true);
    // The row written again, its table's rows written unnamed, or everything: no longer.
    changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
    expect(changes.lastChangedAt(order, wrote)).toBe(false);
    const again = changes.now();
    changes.changed(['work_orders']);
    expect(changes.lastChangedAt(order, again)).toBe(false);
    changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
    const third = changes.now();
    changes.changed('everything');
    expect(changes.lastChangedAt(order, third)).toBe(false);
    expect(changes.lastChangedAt(rowTag('work_orders', 'never'), changes.now())).toBe(false);
  });
});

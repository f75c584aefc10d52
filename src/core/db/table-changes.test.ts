import { describe, expect, it } from 'vitest';
import {
  beginsTransaction,
  endsTransaction,
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
});

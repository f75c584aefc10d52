// Counts committed row writes per table, so a fuzz test can prove that a
// refused request changed nothing. A row trigger on every table adds to a
// counter table inside the writing transaction: a write that is rolled back
// takes its count with it, a write that commits (even half of a change) shows.
// Test-only instrumentation on a test file's own database.
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/core/db/store.js';

/** Columns whose update alone is bookkeeping, not data: the sliding session timeout. */
const BOOKKEEPING_COLUMNS: Record<string, string[]> = {
  'auth.sessions': ['last_seen_at'],
};

export type WriteCounts = ReadonlyMap<string, number>;

export async function installWriteCounter(db: Database): Promise<void> {
  await db.execute(
    sql.raw(`create table public.fuzz_writes (table_name text primary key, n bigint not null)`),
  );
  await db.execute(
    sql.raw(`
      create function public.fuzz_count_write() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'UPDATE' and TG_NARGS > 0
           and (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) then
          return null;
        end if;
        insert into public.fuzz_writes values (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, 1)
          on conflict (table_name) do update set n = public.fuzz_writes.n + 1;
        return null;
      end $$`),
  );
  const tables = await db.execute(
    sql.raw(`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_type = 'BASE TABLE'
        and table_schema not in ('pg_catalog', 'information_schema')
        and not (table_schema = 'public' and table_name = 'fuzz_writes')`),
  );
  for (const row of rowsOf<{ schema: string; name: string }>(tables)) {
    const ignored = (BOOKKEEPING_COLUMNS[`${row.schema}.${row.name}`] ?? [])
      .map((c) => `'${c}'`)
      .join(', ');
    await db.execute(
      sql.raw(
        `create trigger fuzz_count_write after insert or update or delete on "${row.schema}"."${row.name}"
         for each row execute function public.fuzz_count_write(${ignored})`,
      ),
    );
  }
}

export async function writeCounts(db: Database): Promise<WriteCounts> {
  const result = await db.execute(sql.raw(`select table_name, n from public.fuzz_writes`));
  return new Map(
    rowsOf<{ table_name: string; n: string | number }>(result).map((r) => [
      r.table_name,
      Number(r.n),
    ]),
  );
}

/** Tables written between two counts, e.g. `genealogy.lots +1`. */
export function writesBetween(before: WriteCounts, after: WriteCounts): string[] {
  const changed: string[] = [];
  for (const [table, n] of after) {
    const delta = n - (before.get(table) ?? 0);
    if (delta !== 0) changed.push(`${table} +${delta}`);
  }
  return changed;
}

// PGlite answers { rows }, node-postgres a result with rows as well; drizzle
// passes either through.
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

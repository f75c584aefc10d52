// Everything a store holds, for comparing two stores: every row of every
// table in Lotline's schemas and every sequence's position. Read with plain
// SQL (each row as jsonb text, in UTC), apart from the backup code it checks.
import { sql } from 'drizzle-orm';
import type { Store } from '../../src/core/db/store.js';

export interface StoreContents {
  /** schema.table → the rows as JSON text, sorted. */
  tables: Record<string, string[]>;
  /** schema.sequence → last value (null before first use). */
  sequences: Record<string, string | null>;
}

const NOT_LOTLINE = `('pg_catalog', 'information_schema', 'pg_toast', 'drizzle', 'public')`;

export async function storeContents(store: Store): Promise<StoreContents> {
  return store.db.transaction(async (tx) => {
    await tx.execute(sql`set local time zone 'UTC'`);
    const rows = async <T>(query: string) =>
      ((await tx.execute(sql.raw(query))) as unknown as { rows: T[] }).rows;
    const names = await rows<{ name: string }>(
      `select table_schema || '.' || table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ${NOT_LOTLINE} order by 1`,
    );
    const tables: Record<string, string[]> = {};
    for (const { name } of names) {
      const [schema, table] = name.split('.');
      const found = await rows<{ row: string }>(
        `select to_jsonb(t)::text as row from "${schema}"."${table}" t`,
      );
      tables[name] = found.map((r) => r.row).sort();
    }
    const sequences: Record<string, string | null> = {};
    for (const s of await rows<{ name: string; last: string | number | null }>(
      `select schemaname || '.' || sequencename as name, last_value::text as last
         from pg_sequences where schemaname not in ${NOT_LOTLINE} order by 1`,
    )) {
      sequences[s.name] = s.last === null ? null : String(s.last);
    }
    return { tables, sequences };
  });
}

/** The tables (and sequences) whose contents differ, by name. */
export function differences(a: StoreContents, b: StoreContents): string[] {
  const differ: string[] = [];
  for (const name of new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])) {
    if (JSON.stringify(a.tables[name]) !== JSON.stringify(b.tables[name])) differ.push(name);
  }
  for (const name of new Set([...Object.keys(a.sequences), ...Object.keys(b.sequences)])) {
    if (a.sequences[name] !== b.sequences[name]) differ.push(`sequence ${name}`);
  }
  return differ.sort();
}

export const rowCount = (contents: StoreContents) =>
  Object.values(contents.tables).reduce((n, rows) => n + rows.length, 0);

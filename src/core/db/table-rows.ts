// Rows of a table read by a statement written as SQL text. The hot paths (a
// terminal's poll, a command, a receipt, a move) send their statements as
// text rather than through Drizzle's query builder, whose building costs about
// 0.2 ms of CPU a statement (bench/load.ts); the table's own definition still
// names the columns and turns each value into what Drizzle's select gives
// (a Date for a timestamp, a number for a bigint in number mode), on both
// drivers, so the rest of the code sees the same row either way.
import { type Column, getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { raw, type SqlFragment } from './sql-text.js';

interface TableShape {
  /** `"id", "number", …`: every column, in the table's order. */
  selectList: SqlFragment;
  columns: ReadonlyArray<{ key: string; name: string; column: Column }>;
}

const shapes = new WeakMap<PgTable, TableShape>();

function shapeOf(table: PgTable): TableShape {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      name: column.name,
      column,
    }));
    shape = {
      selectList: raw(columns.map((c) => `"${c.name.replaceAll('"', '""')}"`).join(', ')),
      columns,
    };
    shapes.set(table, shape);
  }
  return shape;
}

/** Every column of the table, for `select ${everyColumn(t)} from …`. */
export function everyColumn(table: PgTable): SqlFragment {
  return shapeOf(table).selectList;
}

/** Rows that a statement selecting `everyColumn(table)` answered, as Drizzle's `select().from(table)` gives them. */
export function tableRows<T extends PgTable>(
  table: T,
  rows: readonly Record<string, unknown>[],
): T['$inferSelect'][] {
  const { columns } = shapeOf(table);
  return rows.map((raw) => {
    const row: Record<string, unknown> = {};
    for (const { key, name, column } of columns) {
      const value = raw[name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  });
}

/** A Date as a parameter for a `timestamptz` (`${instant(d)}::timestamptz`), as Drizzle sends it. */
export function instant(at: Date): string {
  return at.toISOString();
}

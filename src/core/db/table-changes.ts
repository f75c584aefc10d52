// Which tables changed, and when: the one fact a cache of read answers needs
// to stay true. Every statement the store runs is read for the tables it names
// (`tablesRead`) and the tables it writes (`tablesWritten`); a write bumps its
// tables' change number twice — when it is sent, and when it is committed —
// so that an answer computed while it was in flight is never kept.
//
// Pure: no I/O. The store feeds it (change-tracking.ts); the HTTP read cache
// (core/http/read-cache.ts) and memoized reads ask it.

import type { RowRef } from './row-changes.js';

/** Tables are tagged by their bare name: two schemas' tables of one name share a tag (over-invalidation is harmless). */
export type TableTag = string;

/** An SQL identifier, quoted or not; and one with its schema, as a capturing group (row-changes.ts reads them too). */
export const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
export const QUALIFIED = String.raw`(${IDENTIFIER}(?:\s*\.\s*${IDENTIFIER})?)`;
const WRITE_TARGET = new RegExp(
  String.raw`\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|copy|merge\s+into)\s+(?:only\s+)?${QUALIFIED}`,
  'gi',
);
const READ_SOURCE = new RegExp(
  String.raw`\b(?:from|join)\s+(?:only\s+|lateral\s+)?${QUALIFIED}`,
  'gi',
);
/** Statements that change rows or the schema, by their first word. */
const WRITE_STATEMENT =
  /^\s*(?:insert|update|delete|truncate|copy|merge|create|alter|drop|grant|revoke|with\b[\s\S]*\b(?:insert|update|delete)\b)/i;
const SCHEMA_STATEMENT = /^\s*(?:create|alter|drop|grant|revoke|comment|do)\b/i;
/** Words after UPDATE/FROM that are not tables (`for update of`, `on conflict do update set`, `extract(x from y)`). */
const NOT_A_TABLE = new Set(['set', 'of', 'nowait', 'skip', 'select', 'lateral', 'unnest', 'only']);

/**
 * Database functions that write, by the tables they write: a statement that
 * calls one is a write although it reads as a SELECT.
 */
const WRITING_FUNCTIONS: ReadonlyArray<{ call: RegExp; tables: TableTag[] }> = [
  { call: /"?audit"?\s*\.\s*"?append_entry"?\s*\(/i, tables: ['entries'] },
];

export function tagOf(qualified: string): TableTag {
  const last = qualified.split('.').pop()?.trim() ?? qualified;
  return last.startsWith('"') ? last.slice(1, -1).replaceAll('""', '"') : last.toLowerCase();
}

function tagsMatching(pattern: RegExp, text: string): TableTag[] {
  const tags = new Set<TableTag>();
  for (const match of text.matchAll(pattern)) {
    const tag = tagOf(match[1] ?? '');
    if (tag && !NOT_A_TABLE.has(tag)) tags.add(tag);
  }
  return [...tags];
}

/** What a statement writes: its tables, or `everything` when it changes rows it does not name (DDL, a write we cannot read). */
export function tablesWritten(statement: string): TableTag[] | 'everything' {
  if (SCHEMA_STATEMENT.test(statement)) return 'everything';
  const targets = tagsMatching(WRITE_TARGET, statement);
  for (const writer of WRITING_FUNCTIONS) {
    if (writer.call.test(statement)) targets.push(...writer.tables);
  }
  if (targets.length > 0) return [...new Set(targets)];
  return WRITE_STATEMENT.test(statement) ? 'everything' : [];
}

/** Every table a statement reads or writes: what an answer built from it depends on. */
export function tablesRead(statement: string): TableTag[] {
  const tags = new Set(tagsMatching(READ_SOURCE, statement));
  const written = tablesWritten(statement);
  if (written !== 'everything') for (const tag of written) tags.add(tag);
  return [...tags];
}

/** Statements that end a transaction (a savepoint's release or rollback does not). */
export function endsTransaction(statement: string): boolean {
  return /^\s*(?:commit|end|rollback(?!\s+to\b)|abort)\b/i.test(statement);
}

/** Statements that end a transaction by committing it. */
export function commitsTransaction(statement: string): boolean {
  return /^\s*(?:commit|end)\b(?!\s+prepared\b)/i.test(statement);
}

export function beginsTransaction(statement: string): boolean {
  return /^\s*(?:begin|start\s+transaction)\b/i.test(statement);
}

/** A dependency on one row of a table (row-changes.ts): the table, a NUL (never in a name), the id. */
const ROW_SEPARATOR = '\u0000';

export function rowTag(table: TableTag, id: string): TableTag {
  return `${table}${ROW_SEPARATOR}${id}`;
}

/** Rows whose last change is remembered one by one; older ones fold into their table's floor. */
const ROWS_REMEMBERED = 50_000;

/**
 * The change numbers. `now()` is a counter, not a clock: an answer remembers
 * the number at which it started, and stays good while none of its tables has
 * changed after it.
 *
 * An answer may depend on a whole table or on one row of it (`rowTag`). A
 * change that names the rows it wrote leaves the answers about other rows of
 * the table good; one that does not drops every answer about the table.
 */
export class TableChanges {
  private counter = 0;
  /** The number at which everything last changed (DDL, a restore). */
  private everythingAt = 0;
  /** Any change to the table: what an answer about the whole table depends on. */
  private readonly changedAt = new Map<TableTag, number>();
  /** A change to the table whose rows were not named: every row may have changed. */
  private readonly unnamedAt = new Map<TableTag, number>();
  /** Named rows' last change, oldest first. */
  private readonly rowChangedAt = new Map<TableTag, number>();
  /** The latest change of a table's rows no longer remembered one by one. */
  private readonly forgottenAt = new Map<TableTag, number>();

  now(): number {
    return this.counter;
  }

  /**
   * Marks `tables` changed. A table with rows in `rows` had only those rows
   * changed; the others had any of their rows changed.
   */
  changed(tables: Iterable<TableTag> | 'everything', rows: readonly RowRef[] = []): void {
    this.counter += 1;
    if (tables === 'everything') {
      this.everythingAt = this.counter;
      return;
    }
    const named = new Set<TableTag>();
    for (const row of rows) {
      named.add(row.table);
      this.rowChanged(rowTag(row.table, row.id));
    }
    for (const table of tables) {
      this.changedAt.set(table, this.counter);
      if (!named.has(table)) this.unnamedAt.set(table, this.counter);
    }
  }

  private rowChanged(tag: TableTag): void {
    this.rowChangedAt.delete(tag);
    this.rowChangedAt.set(tag, this.counter);
    if (this.rowChangedAt.size <= ROWS_REMEMBERED) return;
    const [oldest, at] = this.rowChangedAt.entries().next().value as [TableTag, number];
    this.rowChangedAt.delete(oldest);
    const oldestTable = oldest.slice(0, oldest.indexOf(ROW_SEPARATOR));
    this.forgottenAt.set(oldestTable, Math.max(this.forgottenAt.get(oldestTable) ?? 0, at));
  }

  /**
   * True when nothing has changed the row (by `rowTag`) after change number
   * `at`, the change that wrote it: no later change of the row, of its
   * table's rows unnamed, or of everything. False for a row no longer
   * remembered one by one.
   */
  lastChangedAt(tag: TableTag, at: number): boolean {
    if (this.everythingAt > at) return false;
    const table = tag.slice(0, tag.indexOf(ROW_SEPARATOR));
    if ((this.unnamedAt.get(table) ?? 0) > at) return false;
    return this.rowChangedAt.get(tag) === at;
  }

  /** True when none of `tables` (or rows, by `rowTag`) changed after change number `since`. */
  unchangedSince(tables: Iterable<TableTag>, since: number): boolean {
    if (this.everythingAt > since) return false;
    for (const tag of tables) {
      const separator = tag.indexOf(ROW_SEPARATOR);
      if (separator < 0) {
        if ((this.changedAt.get(tag) ?? 0) > since) return false;
        continue;
      }
      const table = tag.slice(0, separator);
      if ((this.unnamedAt.get(table) ?? 0) > since) return false;
      const rowAt = this.rowChangedAt.get(tag) ?? this.forgottenAt.get(table) ?? 0;
      if (rowAt > since) return false;
    }
    return true;
  }
}

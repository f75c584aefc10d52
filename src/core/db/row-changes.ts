// Which one row a statement reads or writes, when it can be told for certain:
// the finer fact that lets a kept answer about one work order outlive a change
// to another. Only the shapes Drizzle writes for one row by its primary key
// "id" are read; anything else — an OR, a NOT, a subquery, a join, a
// multi-row insert, an upsert that may land on another row, a change of the
// id itself — gives no row, and the whole table counts (table-changes.ts).
//
// Pure: no I/O. The store's watch (change-tracking.ts) feeds it each
// statement with its parameters.
import { IDENTIFIER, QUALIFIED, type TableTag, tagOf } from './table-changes.js';

/** One row of a table, by its primary key "id". */
export interface RowRef {
  table: TableTag;
  id: string;
}

const UPDATE = new RegExp(
  String.raw`^\s*update\s+${QUALIFIED}\s+set\s+([\s\S]*?)\s+where\s+([\s\S]*?)(?:\s+returning\s+[\s\S]*)?$`,
  'i',
);
const DELETE = new RegExp(
  String.raw`^\s*delete\s+from\s+${QUALIFIED}\s+where\s+([\s\S]*?)(?:\s+returning\s+[\s\S]*)?$`,
  'i',
);
const INSERT = new RegExp(
  String.raw`^\s*insert\s+into\s+${QUALIFIED}\s*\(([^()]*)\)\s*values\s*\(([^()]*)\)([\s\S]*)$`,
  'i',
);
const SELECT = new RegExp(
  String.raw`^\s*select\s+([\s\S]*?)\s+from\s+${QUALIFIED}\s+where\s+([\s\S]*?)(?:\s+(?:order\s+by|limit|offset|for\s+(?:update|no\s+key\s+update|share|key\s+share))\b[\s\S]*)?$`,
  'i',
);
/**
 * `"schema"."table"."id" = $n`, `"id" = $n` or `id = $n`, compared with the
 * parameter itself (at most cast), as a whole conjunct: the qualifier, if any, and n.
 */
const ID_EQUALS = new RegExp(
  String.raw`(?:(${IDENTIFIER})\s*\.\s*)?(?<![\w$"])(?:"id"|id)(?![\w$"])\s*=\s*\$(\d+)(?=\s*(?:::\s*[A-Za-z_]\w*\s*)?(?:\)|$|and\b))`,
  'gi',
);
/** An assignment to the id in an update's SET list, and the expression assigned. */
const ASSIGNS_ID = /(?<![\w$"])(?:"id"|id)(?![\w$"])\s*=\s*([^,]*)/gi;
/** Words that let a condition reach beyond the one row, or hide another statement. */
const WIDENS = /\b(?:or|not|select|from|join|union|exists|any|some|all)\b/i;
/** What may follow an insert's one row of values and still insert that row or nothing. */
const INSERT_TAIL =
  /^\s*(?:on\s+conflict\s*(?:\([^()]*\)\s*)?do\s+nothing\s*)?(?:returning\s+[^()]*)?$/i;

/**
 * A parameter's value as a row id, in one spelling for every way the database
 * would read it as the same id (a UUID in any case, with or without hyphens or
 * braces; an integer with leading zeros): a read and a write of one row must
 * name it alike. Folding the case of other text can only make two rows share
 * a name, which drops an answer too often, never too late.
 */
function idValue(params: readonly unknown[] | undefined, placeholder: string): string | undefined {
  const value = params?.[Number(placeholder) - 1];
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return undefined;
  const hex = value.replace(/[{}-]/g, '').toLowerCase();
  if (/^[0-9a-f]{32}$/.test(hex)) return hex;
  if (/^\s*[+-]?\d+\s*$/.test(value)) return String(BigInt(value.trim()));
  return value.toLowerCase();
}

/** The one id a condition pins the table's rows to, if every row it can match has it. */
function pinnedId(
  condition: string,
  table: TableTag,
  params: readonly unknown[] | undefined,
): string | undefined {
  if (WIDENS.test(condition)) return undefined;
  const ids = new Set<string>();
  for (const match of condition.matchAll(ID_EQUALS)) {
    const qualifier = match[1];
    if (qualifier !== undefined && tagOf(qualifier) !== table) continue;
    const id = idValue(params, match[2] ?? '');
    if (id === undefined) return undefined;
    ids.add(id);
  }
  // Two different ids in one conjunction match nothing; that is not worth a row.
  return ids.size === 1 ? [...ids][0] : undefined;
}

/** The one row a statement writes, when it writes exactly one row known by its id. */
export function rowWritten(statement: string, params?: readonly unknown[]): RowRef | undefined {
  const update = UPDATE.exec(statement);
  if (update) {
    const table = tagOf(update[1] ?? '');
    const assignments = update[2] ?? '';
    if (WIDENS.test(assignments)) return undefined;
    const id = pinnedId(update[3] ?? '', table, params);
    if (id === undefined) return undefined;
    // Setting the id to another value moves the row: two rows change, say none.
    for (const match of assignments.matchAll(ASSIGNS_ID)) {
      const placeholder = /^\$(\d+)\s*$/.exec(match[1] ?? '');
      if (!placeholder || idValue(params, placeholder[1] ?? '') !== id) return undefined;
    }
    return { table, id };
  }
  const remove = DELETE.exec(statement);
  if (remove) {
    const table = tagOf(remove[1] ?? '');
    const id = pinnedId(remove[2] ?? '', table, params);
    return id === undefined ? undefined : { table, id };
  }
  const insert = INSERT.exec(statement);
  if (insert && INSERT_TAIL.test(insert[4] ?? '')) {
    const columns = (insert[2] ?? '').split(',').map((c) => c.trim());
    const values = (insert[3] ?? '').split(',').map((v) => v.trim());
    if (columns.length !== values.length) return undefined;
    const at = columns.findIndex((c) => c === '"id"' || c.toLowerCase() === 'id');
    const placeholder = /^\$(\d+)$/.exec(values[at] ?? '');
    const id = placeholder ? idValue(params, placeholder[1] ?? '') : undefined;
    return id === undefined ? undefined : { table: tagOf(insert[1] ?? ''), id };
  }
  return undefined;
}

/** The one row a statement reads, when it reads one table's row by its id and nothing else. */
export function rowRead(statement: string, params?: readonly unknown[]): RowRef | undefined {
  const select = SELECT.exec(statement);
  if (!select) return undefined;
  if (WIDENS.test(select[1] ?? '')) return undefined;
  const table = tagOf(select[2] ?? '');
  const id = pinnedId(select[3] ?? '', table, params);
  return id === undefined ? undefined : { table, id };
}

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

/**
 * What a statement's text says about its one row, before its parameters are
 * known: the table, the placeholders that must all hold the row's id, and
 * those its SET list assigns to the id (which must hold the same id). The
 * text alone decides this, so a statement sent many times is read once
 * (change-tracking.ts keeps the plans by text).
 */
export interface RowPlan {
  table: TableTag;
  /** Placeholder numbers compared with the id; the row is known when they all hold one id. */
  pins: readonly string[];
  /** Placeholder numbers assigned to the id: each must hold the same id, or two rows change. */
  assigned: readonly string[];
}

/** The placeholders a condition pins the table's id to; undefined when it can reach other rows. */
function pinsOf(condition: string, table: TableTag): string[] | undefined {
  if (WIDENS.test(condition)) return undefined;
  const pins: string[] = [];
  for (const match of condition.matchAll(ID_EQUALS)) {
    const qualifier = match[1];
    if (qualifier !== undefined && tagOf(qualifier) !== table) continue;
    pins.push(match[2] ?? '');
  }
  return pins.length > 0 ? pins : undefined;
}

/** The plan of the one row a statement writes, when its text can name one. */
export function rowWritePlan(statement: string): RowPlan | undefined {
  const update = UPDATE.exec(statement);
  if (update) {
    const table = tagOf(update[1] ?? '');
    const assignments = update[2] ?? '';
    if (WIDENS.test(assignments)) return undefined;
    const pins = pinsOf(update[3] ?? '', table);
    if (!pins) return undefined;
    const assigned: string[] = [];
    for (const match of assignments.matchAll(ASSIGNS_ID)) {
      // Setting the id to anything but a parameter moves the row: two rows change, say none.
      const placeholder = /^\$(\d+)\s*$/.exec(match[1] ?? '');
      if (!placeholder) return undefined;
      assigned.push(placeholder[1] ?? '');
    }
    return { table, pins, assigned };
  }
  const remove = DELETE.exec(statement);
  if (remove) {
    const table = tagOf(remove[1] ?? '');
    const pins = pinsOf(remove[2] ?? '', table);
    return pins ? { table, pins, assigned: [] } : undefined;
  }
  const insert = INSERT.exec(statement);
  if (insert && INSERT_TAIL.test(insert[4] ?? '')) {
    const columns = (insert[2] ?? '').split(',').map((c) => c.trim());
    const values = (insert[3] ?? '').split(',').map((v) => v.trim());
    if (columns.length !== values.length) return undefined;
    const at = columns.findIndex((c) => c === '"id"' || c.toLowerCase() === 'id');
    const placeholder = /^\$(\d+)$/.exec(values[at] ?? '');
    return placeholder
      ? { table: tagOf(insert[1] ?? ''), pins: [placeholder[1] ?? ''], assigned: [] }
      : undefined;
  }
  return undefined;
}

/** The plan of the one row a statement reads, when it reads one table's row by its id and nothing else. */
export function rowReadPlan(statement: string): RowPlan | undefined {
  const select = SELECT.exec(statement);
  if (!select) return undefined;
  if (WIDENS.test(select[1] ?? '')) return undefined;
  const table = tagOf(select[2] ?? '');
  const pins = pinsOf(select[3] ?? '', table);
  return pins ? { table, pins, assigned: [] } : undefined;
}

/** The row a plan names with these parameters, if every placeholder it reads holds one id. */
export function rowOf(plan: RowPlan | undefined, params?: readonly unknown[]): RowRef | undefined {
  if (!plan) return undefined;
  let id: string | undefined;
  for (const pin of plan.pins) {
    const value = idValue(params, pin);
    // Two different ids in one conjunction match nothing; that is not worth a row.
    if (value === undefined || (id !== undefined && value !== id)) return undefined;
    id = value;
  }
  if (id === undefined) return undefined;
  for (const placeholder of plan.assigned) {
    if (idValue(params, placeholder) !== id) return undefined;
  }
  return { table: plan.table, id };
}

/** The one row a statement writes, when it writes exactly one row known by its id. */
export function rowWritten(statement: string, params?: readonly unknown[]): RowRef | undefined {
  return rowOf(rowWritePlan(statement), params);
}

/** The one row a statement reads, when it reads one table's row by its id and nothing else. */
export function rowRead(statement: string, params?: readonly unknown[]): RowRef | undefined {
  return rowOf(rowReadPlan(statement), params);
}

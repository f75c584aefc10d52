// COPY … FROM STDIN inside a Drizzle transaction, on either store: the bulk
// path PostgreSQL offers for many rows (several times a multi-row INSERT's
// rate), reached through the transaction's own connection.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Transaction } from './store.js';

export type CopyValue = string | number | boolean | null | undefined;

// COPY's text format (PostgreSQL docs, COPY, "Text Format"): these characters
// of a value are written as backslash sequences; NULL is \N.
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
const NEEDS_ESCAPE = /[\\\t\n\r]/g;

function field(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return value.replace(NEEDS_ESCAPE, (c) => ESCAPES[c] as string);
}

/** Rows in COPY's text format, a line each. */
export function copyText(rows: Iterable<readonly CopyValue[]>): string {
  let text = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + field(row[i]);
    text += `${line}\n`;
  }
  return text;
}

interface PgliteConnection {
  query(sql: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}
interface NodePgConnection {
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
  release(): void;
}

/**
 * COPY rows (COPY text format) into `table (columns)` within `tx`. Drizzle
 * keeps a transaction's connection in its session; COPY needs that connection
 * itself (node-postgres: a copy stream; PGlite: a blob as /dev/blob).
 */
export async function copyInto(
  tx: Transaction,
  table: string,
  columns: readonly string[],
  text: string,
): Promise<void> {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM`;
  if (client && typeof (client as NodePgConnection).release === 'function') {
    await pipeline(
      Readable.from([Buffer.from(text)]),
      (client as NodePgConnection).query(copyFrom(`${statement} STDIN`)),
    );
    return;
  }
  if (client && typeof (client as PgliteConnection).query === 'function') {
    await (client as PgliteConnection).query(`${statement} '/dev/blob'`, [], {
      blob: new Blob([text]),
    });
    return;
  }
  throw new Error('COPY: the transaction does not expose its connection');
}

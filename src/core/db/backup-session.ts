// One connection in one transaction, for a backup or a restore, on either
// store: plain queries, and COPY out of and into a table. PostgreSQL streams
// COPY through node-postgres; PGlite has no COPY stream, only a blob per
// statement (/dev/blob), so there a table goes out in pages by primary key and
// comes in in chunks, so that a table of millions of rows never sits in memory.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { copyFields } from './backup-format.js';
import type { Store } from './store.js';

export interface TableShape {
  /** schema.table */
  name: string;
  columns: readonly string[];
  /** The primary key's columns with their types, for paging; empty when the table has none. */
  primaryKey: readonly { column: string; type: string }[];
  /** Whether a foreign key of the table names the table itself. */
  selfReferencing: boolean;
}

export interface BackupSession {
  readonly kind: Store['kind'];
  query<T>(text: string): Promise<T[]>;
  /** The table's rows in COPY text format, ordered by primary key where it has one. */
  copyOut(table: TableShape): AsyncIterable<Buffer>;
  /** Loads rows (COPY text, whole lines) into the table. */
  copyIn(table: TableShape, data: AsyncIterable<Buffer>): Promise<void>;
}

export type SessionMode = 'snapshot' | 'write';

/** Rows per COPY on PGlite (a page out of a table). */
const PGLITE_PAGE_ROWS = 20_000;
/** Bytes per COPY into PGlite. */
const PGLITE_CHUNK_BYTES = 16 * 1024 * 1024;

// What every session sets, so that the same rows give the same text on either
// store and either server version, whatever the server's defaults.
const SESSION_SETTINGS = [
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  'SET LOCAL extra_float_digits = 1',
  "SET LOCAL bytea_output = 'hex'",
  'SET LOCAL statement_timeout = 0',
];

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** `schema.table` as a quoted SQL name. */
export const quoteTable = (name: string) => name.split('.').map(quoteIdent).join('.');
export const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Runs `work` in one transaction on one connection: a snapshot (REPEATABLE
 * READ, READ ONLY) for a backup, or a writing transaction for a restore. It
 * commits when `work` resolves and rolls back when it throws.
 */
export async function withBackupSession<T>(
  store: Store,
  mode: SessionMode,
  work: (session: BackupSession) => Promise<T>,
): Promise<T> {
  const client = (store.db as unknown as { $client: unknown }).$client;
  if (store.kind === 'pglite') {
    // PGlite's transaction() holds its one connection: the server's other
    // queries wait until it ends, so nothing interleaves with it.
    return (client as PGlite).transaction(async (tx) => {
      if (mode === 'snapshot') {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      }
      for (const setting of SESSION_SETTINGS) await tx.exec(setting);
      return work(pgliteSession(tx));
    });
  }
  const connection = await (client as pg.Pool).connect();
  let broken = false;
  try {
    await connection.query(
      mode === 'snapshot' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN',
    );
    for (const setting of SESSION_SETTINGS) await connection.query(setting);
    const result = await work(postgresSession(connection));
    await connection.query('COMMIT');
    return result;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A connection whose rollback failed is in an unknown state: drop it.
    connection.release(broken ? true : undefined);
  }
}

function postgresSession(connection: pg.PoolClient): BackupSession {
  return {
    kind: 'postgres',
    query: async <T>(text: string) => (await connection.query(text)).rows as T[],
    copyOut: (table) =>
      connection.query(copyTo(`COPY (${selectRows(table)}) TO STDOUT`)) as AsyncIterable<Buffer>,
    copyIn: async (table, data) => {
      await pipeline(
        Readable.from(data),
        connection.query(copyFrom(`${copyIntoStatement(table)} STDIN`)),
      );
    },
  };
}

function pgliteSession(tx: PgliteTransaction): BackupSession {
  return {
    kind: 'pglite',
    query: async <T>(text: string) => (await tx.query<T>(text)).rows,
    copyOut: (table) => pgliteCopyOut(tx, table),
    copyIn: async (table, data) => {
      const statement = `${copyIntoStatement(table)} '/dev/blob'`;
      // A table whose rows name rows of itself goes in in one statement, or a
      // row could reach the database before the row it names.
      const limit = table.selfReferencing ? Number.POSITIVE_INFINITY : PGLITE_CHUNK_BYTES;
      let chunk: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        await tx.query(statement, [], { blob: new Blob(chunk) });
        chunk = [];
        size = 0;
      };
      for await (const piece of data) {
        chunk.push(piece);
        size += piece.length;
        if (size >= limit) await flush();
      }
      await flush();
    },
  };
}

async function* pgliteCopyOut(tx: PgliteTransaction, table: TableShape): AsyncGenerator<Buffer> {
  if (table.primaryKey.length === 0) {
    yield await pgliteCopyBlob(tx, selectRows(table));
    return;
  }
  // Keyset paging: each page starts after the last key of the one before.
  const keyIndexes = table.primaryKey.map((k) => table.columns.indexOf(k.column));
  let after: string | undefined;
  for (;;) {
    const page = await pgliteCopyBlob(tx, selectRows(table, after, PGLITE_PAGE_ROWS));
    if (page.length > 0) yield page;
    const rows = countLines(page);
    if (rows < PGLITE_PAGE_ROWS) return;
    const lastLine = page.subarray(page.lastIndexOf(10, page.length - 2) + 1, page.length - 1);
    const fields = copyFields(lastLine.toString('utf8'));
    after = table.primaryKey
      .map((k, i) => `${quoteLiteral(fields[keyIndexes[i] as number] ?? '')}::${k.type}`)
      .join(', ');
  }
}

async function pgliteCopyBlob(tx: PgliteTransaction, select: string): Promise<Buffer> {
  const result = await tx.query(`COPY (${select}) TO '/dev/blob'`);
  return result.blob ? Buffer.from(await result.blob.arrayBuffer()) : Buffer.alloc(0);
}

function countLines(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) count += 1;
  return count;
}

function selectRows(table: TableShape, after?: string, limit?: number): string {
  const key = table.primaryKey.map((k) => quoteIdent(k.column)).join(', ');
  return (
    `SELECT ${table.columns.map(quoteIdent).join(', ')} FROM ${quoteTable(table.name)}` +
    (after !== undefined ? ` WHERE (${key}) > (${after})` : '') +
    (key ? ` ORDER BY ${key}` : '') +
    (limit !== undefined ? ` LIMIT ${limit}` : '')
  );
}

function copyIntoStatement(table: TableShape): string {
  return `COPY ${quoteTable(table.name)} (${table.columns.map(quoteIdent).join(', ')}) FROM`;
}

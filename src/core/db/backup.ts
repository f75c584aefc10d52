// `lotline backup` and `lotline restore`: a logical copy of every Lotline
// table, in one format for both stores (backup-format.ts). A backup reads one
// consistent snapshot; a restore loads into an empty store in one
// transaction, checks every table's row count and digest by reading the rows
// back, and commits only then: it happens entirely or not at all.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { VERSION } from '../../version.js';
import { conflict, errorMessage, invalid, LotlineError, restated } from '../errors.js';
import {
  BACKUP_MAGIC,
  type BackupHeader,
  type BackupTrailer,
  checkTrailer,
  compareSchema,
  END_OF_TABLE,
  LineSplitter,
  loadOrder,
  parseHeader,
  parseTrailer,
  RowDigest,
  type TableSummary,
} from './backup-format.js';
import {
  type BackupSession,
  quoteIdent,
  quoteLiteral,
  quoteTable,
  type TableShape,
  withBackupSession,
} from './backup-session.js';
import { MIGRATION_LOCK_KEY, MIGRATIONS_FOLDER, type Store } from './store.js';

/** Called as rows go by: done so far of total, and the table at hand. */
export type Progress = (done: number, total: number, table: string) => void;

interface Migration {
  when: number;
  hash: string;
  statements: string[];
}

/** The migrations this Lotline carries, in order. */
function knownMigrations(): Migration[] {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => ({
    when: m.folderMillis,
    hash: m.hash,
    statements: m.sql,
  }));
}

/**
 * Lotline's schemas: those its migrations create. Their tables are read from
 * the catalog, so a table a migration adds is in every backup without a list
 * to keep; drizzle's bookkeeping is not (a restore writes its own).
 */
function lotlineSchemas(migrations: readonly Migration[]): string[] {
  const schemas = new Set<string>();
  for (const m of migrations) {
    for (const statement of m.statements) {
      for (const match of statement.matchAll(
        /CREATE SCHEMA (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)"?/gi,
      )) {
        schemas.add((match[1] as string).toLowerCase());
      }
    }
  }
  return [...schemas].sort();
}

interface Catalog {
  /** In load order. */
  tables: TableShape[];
  sequences: string[];
}

async function readCatalog(session: BackupSession, schemas: readonly string[]): Promise<Catalog> {
  const inSchemas = `n.nspname IN (${schemas.map(quoteLiteral).join(', ')})`;
  const columns = await session.query<{ table: string; column: string }>(
    `SELECT n.nspname || '.' || c.relname AS "table", a.attname AS "column"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p') AND a.attgenerated = '' AND ${inSchemas}
      ORDER BY 1, a.attnum`,
  );
  const keys = await session.query<{ table: string; column: string; type: string }>(
    `SELECT n.nspname || '.' || c.relname AS "table", a.attname AS "column",
            format_type(a.atttypid, a.atttypmod) AS "type"
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indisprimary AND ${inSchemas}
      ORDER BY 1, array_position(i.indkey::int2[], a.attnum)`,
  );
  const references = await session.query<{ from: string; to: string }>(
    `SELECT n.nspname || '.' || c.relname AS "from", fn.nspname || '.' || f.relname AS "to"
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
      WHERE k.contype = 'f' AND ${inSchemas}`,
  );
  const sequences = await session.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS "name"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND ${inSchemas} ORDER BY 1`,
  );
  const shapes = new Map<
    string,
    TableShape & { columns: string[]; primaryKey: TableShape['primaryKey'][number][] }
  >();
  for (const { table, column } of columns) {
    const shape = shapes.get(table) ?? {
      name: table,
      columns: [],
      primaryKey: [],
      selfReferencing: references.some((r) => r.from === table && r.to === table),
    };
    shape.columns.push(column);
    shapes.set(table, shape);
  }
  for (const { table, column, type } of keys) shapes.get(table)?.primaryKey.push({ column, type });
  const order = loadOrder([...shapes.keys()], references);
  return {
    tables: order.map((name) => shapes.get(name) as TableShape),
    sequences: sequences.map((s) => s.name),
  };
}

interface AppliedSchema {
  migrations: number;
  last?: { when: number; hash: string };
}

async function appliedSchema(session: BackupSession): Promise<AppliedSchema> {
  const [exists] = await session.query<{ found: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS "found"`,
  );
  if (!exists?.found) return { migrations: 0 };
  const rows = await session.query<{ hash: string; created_at: string | number }>(
    'SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at',
  );
  const last = rows.at(-1);
  return {
    migrations: rows.length,
    ...(last ? { last: { when: Number(last.created_at), hash: last.hash } } : {}),
  };
}

export interface BackupSummary {
  header: BackupHeader;
  trailer: BackupTrailer;
}

/**
 * Writes a backup of the store to `output` (gzip). Reads one snapshot: on
 * PostgreSQL other clients go on writing meanwhile; on PGlite the store's one
 * connection is held until the last row is read.
 */
export async function writeBackup(
  store: Store,
  output: Writable,
  options: { progress?: Progress } = {},
): Promise<BackupSummary> {
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, output);
  // A failed write must not leave the pipeline's rejection unobserved.
  written.catch(() => {});
  const checksum = createHash('sha256');
  const put = async (bytes: Buffer | string) => {
    checksum.update(bytes);
    if (!gzip.write(bytes)) await Promise.race([once(gzip, 'drain'), written]);
  };
  try {
    const migrations = knownMigrations();
    const { header, summaries } = await withBackupSession(store, 'snapshot', async (session) => {
      const catalog = await readCatalog(session, lotlineSchemas(migrations));
      const applied = await appliedSchema(session);
      const counts = await countRows(session, catalog.tables);
      const sequences: BackupHeader['sequences'] = [];
      for (const name of catalog.sequences) {
        const [row] = await session.query<{ last_value: string; is_called: boolean }>(
          `SELECT last_value::text AS last_value, is_called FROM ${quoteTable(name)}`,
        );
        if (row) sequences.push({ name, lastValue: row.last_value, isCalled: row.is_called });
      }
      const header: BackupHeader = {
        format: 1,
        lotline: VERSION,
        createdAt: new Date().toISOString(),
        store: store.kind,
        schema: {
          migrations: applied.migrations,
          lastMigrationAt: applied.last?.when ?? 0,
          lastMigrationHash: applied.last?.hash ?? '',
        },
        tables: catalog.tables.map((t) => ({
          name: t.name,
          columns: [...t.columns],
          rows: counts.get(t.name) ?? 0,
        })),
        sequences,
      };
      await put(`${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`);
      const total = header.tables.reduce((n, t) => n + t.rows, 0);
      let done = 0;
      const summaries: Record<string, TableSummary> = {};
      for (const table of catalog.tables) {
        const digest = new RowDigest();
        const splitter = new LineSplitter();
        for await (const chunk of session.copyOut(table)) {
          for (const line of splitter.push(chunk)) digest.add(line);
          await put(chunk);
          options.progress?.(done + digest.rows, total, table.name);
        }
        if (splitter.rest()) throw new Error(`COPY of ${table.name} ended inside a row`);
        done += digest.rows;
        summaries[table.name] = digest.summary();
        await put(`${END_OF_TABLE}\n`);
      }
      return { header, summaries };
    });
    const trailer: BackupTrailer = {
      end: true,
      tables: summaries,
      sha256: checksum.digest('hex'),
    };
    gzip.end(`${JSON.stringify(trailer)}\n`);
    await written;
    return { header, trailer };
  } catch (error) {
    gzip.destroy(error as Error);
    throw error;
  }
}

async function countRows(session: BackupSession, tables: readonly TableShape[]) {
  const counts = new Map<string, number>();
  if (tables.length === 0) return counts;
  const rows = await session.query<{ name: string; rows: string | number }>(
    tables
      .map(
        (t) =>
          `SELECT ${quoteLiteral(t.name)} AS name, count(*) AS rows FROM ${quoteTable(t.name)}`,
      )
      .join(' UNION ALL '),
  );
  for (const row of rows) counts.set(row.name, Number(row.rows));
  return counts;
}

/** Reads a backup line by line: ungzipped, checksummed up to the trailer. */
class BackupReader {
  readonly #lines: AsyncIterator<Buffer>;
  readonly #checksum = createHash('sha256');

  constructor(input: Readable) {
    const gunzip = createGunzip();
    input.on('error', (error) => gunzip.destroy(error));
    input.pipe(gunzip);
    this.#lines = readLines(gunzip);
  }

  /** The next line, counted in the checksum. */
  async next(what: string): Promise<Buffer> {
    const line = await this.nextUnchecked(what);
    this.#checksum.update(line);
    this.#checksum.update('\n');
    return line;
  }

  /** The next line, not counted (the trailer). */
  async nextUnchecked(what: string): Promise<Buffer> {
    let result: IteratorResult<Buffer>;
    try {
      result = await this.#lines.next();
    } catch (error) {
      throw unreadable(error);
    }
    if (result.done) {
      throw invalid('backup_truncated', 'the backup ends before {{part}}: the file is truncated', {
        part: what,
      });
    }
    return result.value;
  }

  async expectEnd(): Promise<void> {
    let result: IteratorResult<Buffer>;
    try {
      result = await this.#lines.next();
    } catch (error) {
      throw unreadable(error);
    }
    if (!result.done) {
      throw invalid(
        'backup_data_after_trailer',
        'the backup has data after its trailer: the file is corrupt',
      );
    }
  }

  sha256(): string {
    return this.#checksum.digest('hex');
  }

  /** The rows of one table, up to its end mark, batched for COPY and digested. */
  async *tableRows(
    table: BackupHeader['tables'][number],
    digest: RowDigest,
    onRows: (rows: number) => void,
  ): AsyncGenerator<Buffer> {
    const batch: Buffer[] = [];
    let size = 0;
    for (;;) {
      const line = await this.next(`the end of ${table.name}`);
      if (line.length === 2 && line.toString() === END_OF_TABLE) break;
      digest.add(line);
      if (digest.rows > table.rows) {
        throw invalid(
          'backup_table_overfull',
          'the backup is corrupt: {{table}} has more rows than the {{rows}} its header counts',
          { table: table.name, rows: table.rows },
        );
      }
      batch.push(line, NEWLINE);
      size += line.length + 1;
      if (size >= 256 * 1024) {
        yield Buffer.concat(batch);
        batch.length = 0;
        size = 0;
        onRows(digest.rows);
      }
    }
    if (size > 0) yield Buffer.concat(batch);
    onRows(digest.rows);
  }
}

const NEWLINE = Buffer.from('\n');

async function* readLines(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const splitter = new LineSplitter();
  for await (const chunk of source) yield* splitter.push(chunk);
  if (splitter.rest()) {
    throw invalid(
      'backup_truncated_line',
      'the backup ends in the middle of a line: the file is truncated',
    );
  }
}

function unreadable(error: unknown): Error {
  if (error instanceof LotlineError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return invalid(
      'backup_unreadable',
      'the backup cannot be read ({{reason}}): the file is truncated or corrupt',
      { reason: (error as Error).message },
    );
  }
  return error as Error;
}

async function readHeader(reader: BackupReader): Promise<BackupHeader> {
  const magic = await reader.next('its first line');
  if (magic.toString('utf8') !== BACKUP_MAGIC) {
    throw invalid(
      'not_a_backup',
      'the file is not a Lotline backup (no "LOTLINE BACKUP 1" line at its start)',
    );
  }
  return parseHeader((await reader.next('its header')).toString('utf8'));
}

/**
 * Reads only the magic line and the header, and refuses a backup this
 * Lotline cannot restore: a cheap first look before a store is opened.
 */
export async function checkBackupHeader(input: Readable): Promise<BackupHeader> {
  try {
    const header = await readHeader(new BackupReader(input));
    refuseSchema(header);
    return header;
  } finally {
    input.destroy();
  }
}

function refuseSchema(header: BackupHeader): void {
  const verdict = compareSchema(header.schema, knownMigrations());
  if (verdict.kind === 'newer') {
    throw invalid(
      'backup_from_newer_version',
      'the backup is from a newer Lotline (its schema has migrations this version {{version}} does not know); ' +
        'restore it with Lotline {{backupVersion}} or later',
      { version: VERSION, backupVersion: header.lotline },
    );
  }
  if (verdict.kind === 'unknown') {
    throw invalid(
      'backup_schema_unknown',
      "the backup's schema does not match this Lotline's migrations (its last migration is not one of them)",
    );
  }
}

export interface RestoreSummary {
  header: BackupHeader;
  rows: number;
  /** Migrations applied after loading, when the backup was from an older schema. */
  migratedForward: number;
}

/**
 * Restores a backup into the store: refused unless the store holds no rows
 * (or `replace` is set, when everything in it is replaced). One transaction:
 * on any failure, a corrupt file, a digest that does not match, the store
 * is left as it was.
 */
export async function restoreBackup(
  store: Store,
  input: Readable,
  options: { replace?: boolean; progress?: Progress } = {},
): Promise<RestoreSummary> {
  const reader = new BackupReader(input);
  const header = await readHeader(reader);
  refuseSchema(header);
  const migrations = knownMigrations();
  const upTo = header.schema.migrations;
  const schemas = lotlineSchemas(migrations);
  const total = header.tables.reduce((n, t) => n + t.rows, 0);

  return withBackupSession(store, 'write', async (session) => {
    if (session.kind === 'postgres') {
      // The same lock Lotline's own migration takes: no server starting now migrates under us.
      await session.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    }
    const before = await readCatalog(session, schemas);
    const filled = await tablesWithRows(session, before.tables);
    if (filled.length > 0 && !options.replace) {
      throw conflict(
        'restore_store_not_empty',
        'the store is not empty ({{tableCount}} table(s) hold rows, e.g. {{tables}}); ' +
          'restore into an empty store, or add --replace to replace everything in it',
        { tableCount: filled.length, tables: filled.slice(0, 3) },
      );
    }
    const applied = await appliedSchema(session);
    if (applied.migrations > migrations.length) {
      throw conflict(
        'store_from_newer_version',
        'the store was migrated by a newer Lotline than this one; restore with that version',
      );
    }
    const atBackupSchema =
      applied.migrations === upTo &&
      (upTo === 0 || applied.last?.when === migrations[upTo - 1]?.when);
    if (filled.length > 0 || !atBackupSchema) {
      // Build the store afresh at the backup's schema: the rows fit it exactly.
      for (const schema of schemas)
        await session.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await applyMigrations(session, migrations, 0, upTo, true);
    }
    const { tables } = await readCatalog(session, schemas);
    const byName = new Map(tables.map((t) => [t.name, t]));
    checkTables(header, tables);

    let done = 0;
    const read = new Map<string, TableSummary>();
    for (const entry of header.tables) {
      const table = byName.get(entry.name) as TableShape;
      const digest = new RowDigest();
      const shape: TableShape = { ...table, columns: entry.columns };
      await session.copyIn(
        shape,
        reader.tableRows(entry, digest, (rows) =>
          options.progress?.(done + rows, total, entry.name),
        ),
      );
      done += digest.rows;
      read.set(entry.name, digest.summary());
    }
    const trailer = parseTrailer((await reader.nextUnchecked('its trailer')).toString('utf8'));
    checkTrailer(header, trailer, read, reader.sha256());
    await reader.expectEnd();

    // The rows as the store now holds them: what it would give to the next backup.
    for (const entry of header.tables) {
      const table = byName.get(entry.name) as TableShape;
      const digest = new RowDigest();
      const splitter = new LineSplitter();
      for await (const chunk of session.copyOut({ ...table, columns: entry.columns })) {
        for (const line of splitter.push(chunk)) digest.add(line);
      }
      const loaded = digest.summary();
      const expected = trailer.tables[entry.name] as TableSummary;
      if (loaded.rows !== expected.rows || loaded.digest !== expected.digest) {
        throw conflict(
          'restore_verification_failed',
          "after loading, {{table}} holds {{rows}} row(s) that do not match the backup's {{expectedRows}}: nothing was restored",
          { table: entry.name, rows: loaded.rows, expectedRows: expected.rows },
        );
      }
    }
    const sequences = new Set((await readCatalog(session, schemas)).sequences);
    for (const s of header.sequences) {
      if (!sequences.has(s.name))
        throw invalid(
          'backup_sequence_unknown',
          'the backup names a sequence {{sequence}} the schema does not have',
          { sequence: s.name },
        );
      await session.query(
        `SELECT setval(${quoteLiteral(quoteTable(s.name))}, ${s.lastValue}, ${s.isCalled})`,
      );
    }
    const forward = migrations.length - upTo;
    if (forward > 0) await applyMigrations(session, migrations, upTo, migrations.length, false);
    return { header, rows: done, migratedForward: forward };
  });
}

/** Reads a backup to its end and checks it, without a store. */
export async function verifyBackup(input: Readable): Promise<BackupSummary> {
  const reader = new BackupReader(input);
  const header = await readHeader(reader);
  const read = new Map<string, TableSummary>();
  for (const entry of header.tables) {
    const digest = new RowDigest();
    for await (const _ of reader.tableRows(entry, digest, () => {})) {
      // Only the digest is wanted.
    }
    read.set(entry.name, digest.summary());
  }
  const trailer = parseTrailer((await reader.nextUnchecked('its trailer')).toString('utf8'));
  checkTrailer(header, trailer, read, reader.sha256());
  await reader.expectEnd();
  return { header, trailer };
}

/** Every table of the schema is in the backup, with columns the table has. */
function checkTables(header: BackupHeader, tables: readonly TableShape[]): void {
  const inBackup = new Set(header.tables.map((t) => t.name));
  const missing = tables.filter((t) => !inBackup.has(t.name)).map((t) => t.name);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const unknown = header.tables.filter((t) => !byName.has(t.name)).map((t) => t.name);
  if (missing.length > 0 || unknown.length > 0) {
    throw new LotlineError(
      'invalid',
      restated(
        errorMessage(
          'backup_tables_mismatch',
          "the backup's tables do not match the schema it names",
          {
            missing,
            unknown,
          },
        ),
        "the backup's tables do not match the schema it names" +
          (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
          (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''),
      ),
    );
  }
  for (const entry of header.tables) {
    const columns = new Set(byName.get(entry.name)?.columns);
    const wrong = entry.columns.filter((c) => !columns.has(c));
    if (wrong.length > 0 || entry.columns.length !== columns.size) {
      throw wrong.length > 0
        ? invalid(
            'backup_columns_mismatch',
            "the backup's columns of {{table}} do not match the schema it names (unknown: {{unknown}})",
            { table: entry.name, unknown: wrong },
          )
        : invalid(
            'backup_columns_mismatch',
            "the backup's columns of {{table}} do not match the schema it names",
            { table: entry.name, unknown: wrong },
          );
    }
  }
}

async function tablesWithRows(session: BackupSession, tables: readonly TableShape[]) {
  if (tables.length === 0) return [];
  const rows = await session.query<{ name: string }>(
    tables
      .map(
        (t) =>
          `SELECT ${quoteLiteral(t.name)} AS name WHERE EXISTS (SELECT 1 FROM ${quoteTable(t.name)})`,
      )
      .join(' UNION ALL '),
  );
  return rows.map((r) => r.name);
}

/**
 * Applies migrations [from, to) as drizzle's migrator does (its statements,
 * then a row in drizzle.__drizzle_migrations), but inside the restore's
 * transaction, so that a failed restore leaves no half-built schema.
 */
async function applyMigrations(
  session: BackupSession,
  migrations: readonly Migration[],
  from: number,
  to: number,
  resetBookkeeping: boolean,
): Promise<void> {
  await session.query('CREATE SCHEMA IF NOT EXISTS drizzle');
  await session.query(
    'CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)',
  );
  if (resetBookkeeping) await session.query('DELETE FROM drizzle.__drizzle_migrations');
  for (const migration of migrations.slice(from, to)) {
    for (const statement of migration.statements) {
      if (statement.trim()) await session.query(statement);
    }
    await session.query(
      `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${quoteLiteral(migration.hash)}, ${migration.when})`,
    );
  }
}

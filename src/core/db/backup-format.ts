// Lotline's backup format: one gzip stream, the same for the embedded store
// and a PostgreSQL server, so a backup also moves a plant from one to the
// other. Uncompressed it reads as text:
//
//   LOTLINE BACKUP 1
//   {"format":1,"lotline":"…","schema":{…},"tables":[…],"sequences":[…]}   ← the header
//   <rows of the first table, COPY text format, one line each>
//   \.
//   <rows of the next table> …
//   \.
//   {"end":true,"tables":{"audit.entries":{"rows":…,"digest":"…"},…},"sha256":"…"}   ← the trailer
//
// The header is written before the rows (what a restore needs to check before
// loading anything); the digests can only follow them. COPY's text format
// escapes a backslash in a value, so a line `\.` never is one.
// Pure: no database, no files.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { invalid } from '../errors.js';
import { parseWith } from '../validation.js';

export const BACKUP_MAGIC = 'LOTLINE BACKUP 1';
export const END_OF_TABLE = '\\.';

const TableName = z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, 'schema.table');
const ColumnName = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a column name');

export const BackupHeader = z.strictObject({
  format: z.literal(1),
  /** The Lotline version that wrote the backup. */
  lotline: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  store: z.enum(['pglite', 'postgres']),
  /** The last migration applied to the source: the schema the rows fit. */
  schema: z.strictObject({
    migrations: z.number().int().nonnegative(),
    /** The migration's `when` in the journal (drizzle's created_at). */
    lastMigrationAt: z.number().int().nonnegative(),
    lastMigrationHash: z.string(),
  }),
  /** In load order: a table comes after the tables its foreign keys name. */
  tables: z.array(
    z.strictObject({
      name: TableName,
      columns: z.array(ColumnName).min(1),
      /** Rows in the snapshot, counted before they were written (for progress and a first check). */
      rows: z.number().int().nonnegative(),
    }),
  ),
  sequences: z.array(
    z.strictObject({
      name: TableName,
      lastValue: z.string().regex(/^-?\d+$/),
      isCalled: z.boolean(),
    }),
  ),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

export const TableSummary = z.strictObject({
  rows: z.number().int().nonnegative(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TableSummary = z.infer<typeof TableSummary>;

export const BackupTrailer = z.strictObject({
  end: z.literal(true),
  tables: z.record(z.string(), TableSummary),
  /** SHA-256 of every byte before the trailer line (the magic, the header and the rows). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupTrailer = z.infer<typeof BackupTrailer>;

export function parseHeader(line: string): BackupHeader {
  return parsed(BackupHeader, parseJsonLine(line, 'header'), 'header');
}

export function parseTrailer(line: string): BackupTrailer {
  return parsed(BackupTrailer, parseJsonLine(line, 'trailer'), 'trailer');
}

function parsed<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = parseWith(schema, input);
  if (result.ok) return result.value;
  const first = result.issues[0];
  const facts = { part: what, path: first?.path ?? '', problem: first?.message ?? '' };
  throw (
    first
      ? invalid(
          'backup_part_invalid',
          "the backup's {{part}} is not valid ({{path}}: {{problem}}): the file is corrupt or not a Lotline backup",
          facts,
        )
      : invalid(
          'backup_part_invalid',
          "the backup's {{part}} is not valid: the file is corrupt or not a Lotline backup",
          facts,
        )
  ).withIssues(result.issues);
}

function parseJsonLine(line: string, what: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw invalid(
      'backup_part_not_json',
      "the backup's {{part}} is not valid JSON: the file is corrupt",
      {
        part: what,
      },
    );
  }
}

/**
 * A digest of a table's rows that does not depend on their order: the sum,
 * lane by lane modulo 2^64, of each row's SHA-256. PostgreSQL and PGlite may
 * sort text differently (collations), and a restore compares what it loaded
 * by reading it back, so the order must not matter; a dropped, changed or
 * doubled row changes the sum.
 */
export class RowDigest {
  #lanes = [0n, 0n, 0n, 0n];
  #rows = 0;

  /** One row: a line of COPY text, without its newline. */
  add(line: Uint8Array | string): void {
    const hash = createHash('sha256').update(line).digest();
    for (let i = 0; i < 4; i++) {
      this.#lanes[i] = BigInt.asUintN(64, (this.#lanes[i] as bigint) + hash.readBigUInt64BE(i * 8));
    }
    this.#rows += 1;
  }

  get rows(): number {
    return this.#rows;
  }

  summary(): TableSummary {
    return {
      rows: this.#rows,
      digest: this.#lanes.map((lane) => lane.toString(16).padStart(16, '0')).join(''),
    };
  }
}

/**
 * Cuts a byte stream into lines (without their `\n`). Synchronous and
 * allocation-light: a backup holds millions of lines.
 */
export class LineSplitter {
  #pending: Buffer[] = [];

  /** The lines that `chunk` completes, in order. */
  push(chunk: Buffer): Buffer[] {
    const complete: Buffer[] = [];
    let start = 0;
    let newline = chunk.indexOf(10, start);
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline);
      if (this.#pending.length > 0) {
        this.#pending.push(piece);
        complete.push(Buffer.concat(this.#pending));
        this.#pending = [];
      } else {
        complete.push(piece);
      }
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.#pending.push(chunk.subarray(start));
    return complete;
  }

  /** What follows the last newline (a line cut short), if anything. */
  rest(): Buffer | undefined {
    return this.#pending.length > 0 ? Buffer.concat(this.#pending) : undefined;
  }
}

/** The lines of a byte stream; a last line without a newline is yielded too. */
export async function* lines(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) {
    yield* splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  const rest = splitter.rest();
  if (rest) yield rest;
}

/**
 * Tables in an order that loads them: each after the tables its foreign keys
 * name (a table naming itself is fine: PostgreSQL checks a statement's rows
 * at its end). Ties by name, so the order is stable. A cycle cannot be
 * loaded table by table and is refused.
 */
export function loadOrder(
  tables: readonly string[],
  references: readonly { from: string; to: string }[],
): string[] {
  const needs = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { from, to } of references) {
    if (from !== to && needs.has(from) && needs.has(to)) needs.get(from)?.add(to);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = [...tables].sort();
  while (remaining.length > 0) {
    const next = remaining.findIndex((t) => [...(needs.get(t) ?? [])].every((n) => placed.has(n)));
    if (next === -1) {
      throw new Error(`the foreign keys of ${remaining.join(', ')} form a cycle`);
    }
    const [table] = remaining.splice(next, 1) as [string];
    order.push(table);
    placed.add(table);
  }
  return order;
}

// COPY text format (PostgreSQL docs, COPY, "Text Format"): the escapes a value may hold.
const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** The fields of one line of COPY text; NULL (`\N`) is null. */
export function copyFields(line: string): (string | null)[] {
  return line.split('\t').map((field) => (field === '\\N' ? null : unescapeCopyField(field)));
}

function unescapeCopyField(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_match, code: string) => {
    if (code[0] === 'x' && code.length > 1)
      return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
    return SIMPLE_ESCAPES[code] ?? code;
  });
}

export type SchemaVerdict =
  | { kind: 'same' }
  | { kind: 'older'; pending: number }
  | { kind: 'newer' }
  | { kind: 'unknown' };

/**
 * How the backup's schema relates to the migrations this Lotline carries
 * (drizzle's journal: each migration's `when` and hash, in order).
 */
export function compareSchema(
  backup: BackupHeader['schema'],
  known: readonly { when: number; hash: string }[],
): SchemaVerdict {
  const latest = known.at(-1);
  if (backup.migrations === 0) return { kind: 'older', pending: known.length };
  const index = known.findIndex((m) => m.when === backup.lastMigrationAt);
  if (index === -1) {
    return latest && backup.lastMigrationAt > latest.when ? { kind: 'newer' } : { kind: 'unknown' };
  }
  if (known[index]?.hash !== backup.lastMigrationHash) return { kind: 'unknown' };
  if (index !== backup.migrations - 1) return { kind: 'unknown' };
  return index === known.length - 1
    ? { kind: 'same' }
    : { kind: 'older', pending: known.length - 1 - index };
}

/** Checks the trailer against what was read: the same tables, rows and digests. */
export function checkTrailer(
  header: BackupHeader,
  trailer: BackupTrailer,
  read: ReadonlyMap<string, TableSummary>,
  sha256: string,
): void {
  if (trailer.sha256 !== sha256) {
    throw invalid(
      'backup_checksum_mismatch',
      'the backup is corrupt: its checksum does not match its content',
    );
  }
  for (const table of header.tables) {
    const expected = trailer.tables[table.name];
    const got = read.get(table.name);
    if (!expected || !got) {
      throw invalid('backup_summary_missing', 'the backup is corrupt: no summary for {{table}}', {
        table: table.name,
      });
    }
    if (expected.rows !== got.rows || expected.digest !== got.digest || table.rows !== got.rows) {
      throw invalid(
        'backup_table_mismatch',
        'the backup is corrupt: {{table}} holds {{rows}} row(s) (digest {{digest}}…), the backup says {{expectedRows}} (digest {{expectedDigest}}…)',
        {
          table: table.name,
          rows: got.rows,
          digest: got.digest.slice(0, 12),
          expectedRows: expected.rows,
          expectedDigest: expected.digest.slice(0, 12),
        },
      );
    }
  }
}

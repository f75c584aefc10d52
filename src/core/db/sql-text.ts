// The hot paths' statements: SQL text with numbered parameters, sent straight
// to the driver's connection. A terminal's poll, a work-order command, a
// receipt and a move run thousands of times a minute on a busy plant; through
// Drizzle, each statement was built from its parts (about 0.2 ms of CPU with
// the query builder, still about 0.08 ms as an `sql` template inside a
// transaction), several times what sending it costs (bench/load.ts). Here the
// text is the template's own, joined once per sending, and nothing else is
// built.
//
// The connection is the one Drizzle holds for the database or the transaction
// it is given, so a statement takes part in the caller's transaction, and the
// store's watch sees it like any other (change-tracking.ts). Values are always
// parameters; only `raw` text (identifiers and keywords written in the code)
// and other fragments are joined into the text.
import pg from 'pg';
import { FAILED_AHEAD, SEND_AHEAD, SEND_WITH_NEXT } from './pipeline.js';
import type { Database, Transaction } from './store.js';

const FRAGMENT = Symbol('sqlFragment');

/** A piece of SQL text with the values of its parameters, not yet numbered. */
export interface SqlFragment {
  readonly [FRAGMENT]: true;
  readonly strings: readonly string[];
  readonly values: readonly unknown[];
}

function fragment(strings: readonly string[], values: readonly unknown[]): SqlFragment {
  return { [FRAGMENT]: true, strings, values };
}

function isFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && FRAGMENT in value;
}

/** SQL text: each `${value}` becomes a parameter, each `${fragment}` is joined in. */
export function text(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return fragment(strings, values);
}

/** Text written in the code (an identifier list, a keyword), joined in as it is. Never a value. */
export function raw(sql: string): SqlFragment {
  return fragment([sql], []);
}

export const nothing: SqlFragment = raw('');

/** The fragments, with `separator` between them. */
export function joined(parts: readonly SqlFragment[], separator: string): SqlFragment {
  if (parts.length === 0) return nothing;
  const strings = [''];
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (i > 0) strings[strings.length - 1] += separator;
    values.push(part);
    strings.push('');
  });
  return fragment(strings, values);
}

/** ` where a and b …` for the conditions given, or nothing when there are none. */
export function whereAll(conditions: readonly SqlFragment[]): SqlFragment {
  return conditions.length > 0 ? text` where ${joined(conditions, ' and ')}` : nothing;
}

/** `$1, $2, …`: one parameter a value, for `in (…)`. */
export function valueList(values: readonly unknown[]): SqlFragment {
  return joined(
    values.map((value) => fragment(['', ''], [value])),
    ', ',
  );
}

/** The statement's text, its values appended to `params` as they are numbered. */
function render(part: SqlFragment, params: unknown[]): string {
  let out = part.strings[0] ?? '';
  for (let i = 0; i < part.values.length; i++) {
    const value = part.values[i];
    if (isFragment(value)) out += render(value, params);
    else {
      params.push(value);
      out += `$${params.length}`;
    }
    out += part.strings[i + 1] ?? '';
  }
  return out;
}

/** A statement's text and parameters, as the driver takes them. */
export function rendered(statement: SqlFragment): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  return { text: render(statement, params), params };
}

// Dates and times come back as the server's text, as Drizzle has them: the
// table's columns decode them (core/db/table-rows.ts), and a DATE parsed by
// the driver would be local midnight, a day off in a time zone west of UTC.
const TEXT_TYPES = new Set([
  1082, // date
  1114, // timestamp
  1184, // timestamptz
  1186, // interval
  1182, // date[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1231, // numeric[], as Drizzle
]);

const pgDefaultParser = pg.types.getTypeParser as (
  oid: number,
  format?: string,
) => (value: string) => unknown;

/** node-postgres: a type's parser, or the text itself for the types above. */
const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    return TEXT_TYPES.has(oid) ? (value: string) => value : pgDefaultParser(oid, format);
  },
};

/** PGlite: the same types as text. */
const pgliteParsers = Object.fromEntries([...TEXT_TYPES].map((oid) => [oid, (v: string) => v]));

interface PgConnection {
  query(config: {
    text: string;
    name?: string;
    values: unknown[];
    types: typeof pgTypes;
    [SEND_AHEAD]?: true;
    [SEND_WITH_NEXT]?: true;
  }): Promise<{ rows: unknown[] }>;
}
interface PgliteConnection {
  exec: unknown;
  query(
    text: string,
    params: unknown[],
    options: { parsers: typeof pgliteParsers },
  ): Promise<{ rows: unknown[] }>;
}

/** The connection Drizzle holds for this database or transaction: node-postgres' pool or client, or PGlite. */
function connectionOf(db: Database | Transaction): PgConnection | PgliteConnection {
  const client = (db as unknown as { session?: { client?: PgConnection | PgliteConnection } })
    .session?.client;
  if (!client || typeof client.query !== 'function') {
    throw new Error('sql-text: this database object holds no connection to send to');
  }
  return client;
}

// On PostgreSQL every hot statement is a named (prepared) one: each
// connection parses and plans a text the first time it sends it, and then
// only binds its values. The server's CPU per write fell by about a third
// (bench/load.ts, docs/operations.md). Names are per process and per text, at
// most MOST_NAMED of them; texts past that (a list of values of a new length)
// go unnamed, as before. A migration that changes what a prepared text
// answers (its columns) makes the server refuse it ("cached plan must not
// change result type", 0A000); the text then gets a new name, so only the
// statement that met it fails.
const statementNames = new Map<string, string>();
const MOST_NAMED = 500;
let namesGiven = 0;

function named(sql: string): { name?: string } {
  let name = statementNames.get(sql);
  if (name === undefined) {
    if (statementNames.size >= MOST_NAMED) return {};
    namesGiven += 1;
    name = `lotline_${namesGiven}`;
    statementNames.set(sql, name);
  }
  return { name };
}

function forgetNameIfStale(sql: string, error: unknown): void {
  if ((error as { code?: unknown } | null)?.code === '0A000') statementNames.delete(sql);
}

/** node-postgres: a client checked out for a transaction, not the pool. */
function isTransactionClient(client: PgConnection): boolean {
  return 'release' in client;
}

function isPglite(client: PgConnection | PgliteConnection): client is PgliteConnection {
  return 'exec' in client;
}

/** Runs the statement in `db` (a transaction's, when it is one) and answers with its rows. */
export async function runSql<Row = Record<string, unknown>>(
  db: Database | Transaction,
  statement: SqlFragment,
): Promise<Row[]> {
  const { text: sql, params } = rendered(statement);
  const client = connectionOf(db);
  try {
    const result = isPglite(client)
      ? await client.query(sql, params, { parsers: pgliteParsers })
      : await client.query({ text: sql, values: params, types: pgTypes, ...named(sql) });
    return result.rows as Row[];
  } catch (error) {
    throw failedQuery(sql, error);
  }
}

/**
 * Sends a write whose answer nobody reads with the transaction's next
 * statement (core/db/pipeline.ts), saving it a round trip; its error, if it
 * fails, ends the transaction there. Only for writes whose failure is a fault
 * the caller does not handle. Outside a transaction, and on PGlite, it runs
 * at once.
 */
export async function sendAhead(db: Database | Transaction, statement: SqlFragment): Promise<void> {
  const { text: sql, params } = rendered(statement);
  const client = connectionOf(db);
  try {
    if (isPglite(client)) await client.query(sql, params, { parsers: pgliteParsers });
    else
      await client.query({
        text: sql,
        values: params,
        types: pgTypes,
        ...named(sql),
        [SEND_AHEAD]: true,
      });
  } catch (error) {
    throw failedQuery(sql, error);
  }
}

/**
 * Runs the statements in order, in one round trip inside a transaction on
 * PostgreSQL, and answers with each one's rows. One failing fails the call
 * (and, in a transaction, the ones after it).
 */
export async function runTogether<Row = Record<string, unknown>>(
  db: Database | Transaction,
  statements: readonly SqlFragment[],
): Promise<Row[][]> {
  const client = connectionOf(db);
  // Only a transaction's own connection keeps them in order; a pool would spread them.
  if (isPglite(client) || !isTransactionClient(client)) {
    const answers: Row[][] = [];
    for (const statement of statements) answers.push(await runSql<Row>(db, statement));
    return answers;
  }
  const sent = statements.map((statement, i) => {
    const { text: sql, params } = rendered(statement);
    const last = i === statements.length - 1;
    const config = {
      text: sql,
      values: params,
      types: pgTypes,
      ...named(sql),
      ...(last ? {} : { [SEND_WITH_NEXT]: true as const }),
    };
    return client.query(config).then(
      (result) => result.rows as Row[],
      (error: unknown) => {
        throw failedQuery(sql, error);
      },
    );
  });
  return Promise.all(sent);
}

/** As Drizzle does: the statement in the message, the driver's error (its SQLSTATE) as the cause. */
function failedQuery(sql: string, error: unknown): Error {
  forgetNameIfStale(sql, error);
  const ahead =
    typeof error === 'object' && error !== null
      ? (error as { [FAILED_AHEAD]?: string })[FAILED_AHEAD]
      : undefined;
  return new Error(`Failed query: ${ahead ?? sql}`, { cause: error });
}

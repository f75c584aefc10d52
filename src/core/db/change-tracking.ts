// The store's connections, watched: every statement is read for the tables it
// writes, which are marked changed when the statement is sent and again when
// it is committed (an autocommit statement when it answers, a transaction's
// when the transaction ends). A read that runs inside `recordingReads` also
// notes the tables it reads, so an answer built from it knows what it
// depends on. Both drivers are watched at their own query methods, so a
// statement Drizzle builds, raw SQL and COPY are all seen.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { type RowPlan, type RowRef, rowOf, rowReadPlan, rowWritePlan } from './row-changes.js';
import {
  beginsTransaction,
  commitsTransaction,
  endsTransaction,
  rowTag,
  type TableChanges,
  type TableTag,
  tablesRead,
  tablesWritten,
} from './table-changes.js';

/** The tables read so far by the work running in this scope. */
export interface ReadRecord {
  tables: Set<TableTag>;
  /**
   * When given, every write this scope's work committed, in order (see
   * Commit). Such a scope (a command's) notes no reads: no answer is kept
   * from what it read, so reading its statements for tables would be wasted.
   */
  commits?: Commit[];
}

/**
 * A committed write of the work in a scope: the change number of its commit,
 * and the rows it wrote that nobody else changed from the moment it wrote
 * them until the commit was seen. A row in `ownRows` held, at `at`, what this
 * transaction wrote to it, and holds it until its next change: what lets a
 * command's answer stand as the answer about its row (core/http/read-cache.ts).
 */
export interface Commit {
  at: number;
  ownRows: ReadonlySet<TableTag>;
}

const NO_ROWS: ReadonlySet<TableTag> = new Set();

/** A transaction that ended in an error or a rollback: it counts, but vouches for no row. */
function unsure(commit: Commit): Commit {
  return { at: commit.at, ownRows: NO_ROWS };
}

/** Notes a commit of the work running now, if its scope keeps them. */
function noteCommit(commit: Commit): void {
  readScope.getStore()?.commits?.push(commit);
}

const readScope = new AsyncLocalStorage<ReadRecord>();

/** Runs `work`, noting every table its statements read. */
export function recordingReads<T>(record: ReadRecord, work: () => T): T {
  return readScope.run(record, work);
}

/**
 * Notes that the work running now depends on `tables`, for a value it took
 * from memory where a statement would have read them: an answer built on it
 * must still go when they change.
 */
export function noteTablesRead(tables: readonly TableTag[]): void {
  const record = readScope.getStore();
  if (record) for (const table of tables) record.tables.add(table);
}

/** What a statement's text says for the change tracking: read once per text, as it is sent again and again. */
interface StatementFacts {
  begins: boolean;
  ends: boolean;
  /** Ends the transaction by committing it (not a rollback). */
  commits: boolean;
  read: TableTag[];
  written: TableTag[] | 'everything';
  rowRead: RowPlan | undefined;
  /** Only for a statement that writes one table. */
  rowWritten: RowPlan | undefined;
}

/**
 * Facts by statement text. The store sends a few hundred texts over and over;
 * a statement with a list of values (`in ($1, $2, …)`) makes one text per
 * length, so the map is bounded and starts afresh when full.
 */
const factsByText = new Map<string, StatementFacts>();
const TEXTS_KEPT = 2_000;

function factsOf(statement: string): StatementFacts {
  const known = factsByText.get(statement);
  if (known) return known;
  const written = tablesWritten(statement);
  const facts: StatementFacts = {
    begins: beginsTransaction(statement),
    ends: endsTransaction(statement),
    commits: commitsTransaction(statement),
    read: tablesRead(statement),
    written,
    rowRead: rowReadPlan(statement),
    rowWritten:
      written !== 'everything' && written.length === 1 ? rowWritePlan(statement) : undefined,
  };
  if (factsByText.size >= TEXTS_KEPT) factsByText.clear();
  factsByText.set(statement, facts);
  return facts;
}

function noteReads(statement: string, params: Params, record = readScope.getStore()): void {
  if (!record || record.commits) return;
  const facts = factsOf(statement);
  const row = rowOf(facts.rowRead, params);
  if (row) record.tables.add(rowTag(row.table, row.id));
  else for (const table of facts.read) record.tables.add(table);
}

type Params = readonly unknown[] | undefined;

/** What a statement writes: its tables, and its one row when it names it. */
interface Written {
  tables: TableTag[] | 'everything';
  rows: RowRef[];
}

const NOTHING_WRITTEN: Written = { tables: [], rows: [] };

function writeOf(statement: string, params: Params): Written {
  const { written, rowWritten } = factsOf(statement);
  if (written !== 'everything' && written.length === 0) return NOTHING_WRITTEN;
  const row = rowOf(rowWritten, params);
  return { tables: written, rows: row && row.table === written[0] ? [row] : [] };
}

const writes = (written: Written) => written.tables === 'everything' || written.tables.length > 0;

/** node-postgres takes values beside the text or inside the query object. */
function pgParams(args: unknown[]): Params {
  const [query, values] = args;
  if (Array.isArray(values)) return values;
  if (query && typeof query === 'object' && 'values' in query) {
    const inside = (query as { values?: unknown }).values;
    if (Array.isArray(inside)) return inside;
  }
  return undefined;
}

function statementText(query: unknown): string {
  if (typeof query === 'string') return query;
  if (query && typeof query === 'object' && 'text' in query) {
    const text = (query as { text?: unknown }).text;
    if (typeof text === 'string') return text;
  }
  // pg-copy-streams keeps its statement as `text` too; anything else is unknown, so changes everything.
  return 'copy';
}

/** Writes of one connection's open transaction, marked changed again when it ends. */
class PendingWrites {
  private tables = new Set<TableTag>();
  /** Tables written by a statement that did not name its rows. */
  private unnamed = new Set<TableTag>();
  private rows = new Map<TableTag, RowRef>();
  /** Each named row's change number when this transaction last wrote it. */
  private rowsSentAt = new Map<TableTag, number>();
  private everything = false;

  /** `at`: the change number the write was marked with when it was sent. */
  add(written: Written, at: number): void {
    if (written.tables === 'everything') {
      this.everything = true;
      return;
    }
    for (const table of written.tables) {
      this.tables.add(table);
      const row = written.rows.find((r) => r.table === table);
      if (row) {
        const tag = rowTag(row.table, row.id);
        this.rows.set(tag, row);
        this.rowsSentAt.set(tag, at);
      } else this.unnamed.add(table);
    }
  }

  /** Marks the writes changed again; answers the commit, or undefined when nothing was written. */
  flushInto(changes: TableChanges): Commit | undefined {
    let commit: Commit | undefined;
    if (this.everything) {
      changes.changed('everything');
      commit = { at: changes.now(), ownRows: NO_ROWS };
    } else if (this.tables.size > 0) {
      const named = [...this.rows.entries()].filter(([, row]) => !this.unnamed.has(row.table));
      // Untouched since this transaction wrote it: its last change is still that write's.
      const ownRows = new Set(
        named
          .filter(([tag]) => changes.lastChangedAt(tag, this.rowsSentAt.get(tag) ?? -1))
          .map(([tag]) => tag),
      );
      changes.changed(
        this.tables,
        named.map(([, row]) => row),
      );
      commit = { at: changes.now(), ownRows };
    }
    this.tables = new Set();
    this.unnamed = new Set();
    this.rows = new Map();
    this.rowsSentAt = new Map();
    this.everything = false;
    return commit;
  }
}

function whenSettled(result: unknown, then: () => void): void {
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(then, then);
  }
}

type QueryCall = (...args: unknown[]) => unknown;

/**
 * Runs a node-postgres query and calls `then` once it has answered (with its
 * error, if any): through the query's callback when it was given one, else
 * through its promise.
 */
function queryThen(query: QueryCall, args: unknown[], then: (error: unknown) => void): unknown {
  const callback = args.findLastIndex((a) => typeof a === 'function');
  if (callback >= 0) {
    const original = args[callback] as (...a: unknown[]) => void;
    args[callback] = (error: unknown, ...rest: unknown[]) => {
      then(error);
      original(error, ...rest);
    };
    return query(...args);
  }
  const result = query(...args);
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    (result as Promise<unknown>).then(
      () => then(undefined),
      (error: unknown) => then(error),
    );
  }
  return result;
}

/**
 * Watches a node-postgres pool. The pool's own `query` runs on whichever
 * client is free, in a callback outside the caller's async context, so reads
 * are noted there, where the caller is; the clients themselves are watched
 * for transactions (BEGIN … COMMIT on a checked-out client).
 */
export function watchPool(pool: pg.Pool, changes: TableChanges): void {
  const poolQuery = pool.query.bind(pool) as QueryCall;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    const statement = statementText(args[0]);
    const params = pgParams(args);
    noteReads(statement, params);
    const written = writeOf(statement, params);
    if (writes(written)) {
      changes.changed(written.tables, written.rows);
      return queryThen(poolQuery, args, () => {
        changes.changed(written.tables, written.rows);
        noteCommit({ at: changes.now(), ownRows: NO_ROWS });
      });
    }
    return poolQuery(...args);
  };
  pool.on('connect', (client) => watchClient(client, changes));
}

/**
 * Gives a client whose BEGIN failed back to the pool, as broken. Drizzle's
 * transaction sends BEGIN before the `try` whose `finally` releases the client,
 * so a BEGIN that fails (the database went away) would keep the client checked
 * out for good: every such failure during an outage cost the pool a connection
 * (seen: a stop waiting on one that never came back). The release is for this
 * checkout only; a caller that releases in its own `finally` finds it done.
 */
function releaseAfterFailedBegin(client: pg.PoolClient, error: unknown): void {
  const release = client.release;
  client.release = () => {};
  try {
    release.call(client, error instanceof Error ? error : new Error(String(error)));
  } catch {
    // Already released by its holder: nothing is left to give back.
  }
}

function watchClient(client: pg.PoolClient, changes: TableChanges): void {
  const clientQuery = client.query.bind(client) as QueryCall;
  const pending = new PendingWrites();
  let inTransaction = false;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
    const statement = statementText(args[0]);
    if (factsOf(statement).begins) {
      inTransaction = true;
      return queryThen(clientQuery, args, (error) => {
        if (!error) return;
        inTransaction = false;
        releaseAfterFailedBegin(client, error);
      });
    }
    const params = pgParams(args);
    // A transaction's statements run in the caller's context (the client is checked out).
    if (inTransaction) noteReads(statement, params);
    const written = writeOf(statement, params);
    if (writes(written)) {
      changes.changed(written.tables, written.rows);
      pending.add(written, changes.now());
    }
    const { ends, commits } = factsOf(statement);
    if (!inTransaction || ends) {
      const autocommit = !inTransaction;
      return queryThen(clientQuery, args, (error) => {
        if (ends) inTransaction = false;
        const commit = pending.flushInto(changes);
        if (commit) noteCommit(!error && (commits || autocommit) ? commit : unsure(commit));
      });
    }
    return clientQuery(...args);
  };
}

type QueryMethod = (query: string, ...rest: unknown[]) => Promise<unknown>;

/** PGlite's `query` takes its parameters second; `exec` takes none. */
function pgliteParams(method: 'query' | 'exec', rest: unknown[]): Params {
  return method === 'query' && Array.isArray(rest[0]) ? rest[0] : undefined;
}

/**
 * Watches a PGlite instance: one connection, whose transactions run through
 * `transaction(callback)`. The callback may run outside the caller's async
 * context (PGlite queues it), so the caller's read record is carried in.
 */
export function watchPglite(client: PGlite, changes: TableChanges): void {
  const target = client as unknown as Record<'query' | 'exec', QueryMethod>;
  for (const method of ['query', 'exec'] as const) {
    const original = target[method].bind(client) as QueryMethod;
    target[method] = (query, ...rest) => {
      const params = pgliteParams(method, rest);
      noteReads(query, params);
      const written = writeOf(query, params);
      if (writes(written)) {
        changes.changed(written.tables, written.rows);
        const result = original(query, ...rest);
        whenSettled(result, () => {
          changes.changed(written.tables, written.rows);
          noteCommit({ at: changes.now(), ownRows: NO_ROWS });
        });
        return result;
      }
      return original(query, ...rest);
    };
  }
  const transaction = client.transaction.bind(client);
  (client as { transaction: PGlite['transaction'] }).transaction = <T>(
    callback: (tx: PgliteTransaction) => Promise<T>,
  ) => {
    const record = readScope.getStore();
    const pending = new PendingWrites();
    const run = transaction(async (tx) => {
      watchPgliteTransaction(tx, changes, pending);
      return record ? readScope.run(record, () => callback(tx)) : callback(tx);
    });
    run.then(
      () => {
        const commit = pending.flushInto(changes);
        if (commit) noteCommit(commit);
      },
      () => {
        const commit = pending.flushInto(changes);
        if (commit) noteCommit(unsure(commit));
      },
    );
    return run;
  };
}

function watchPgliteTransaction(
  tx: PgliteTransaction,
  changes: TableChanges,
  pending: PendingWrites,
): void {
  const target = tx as unknown as Record<'query' | 'exec', QueryMethod>;
  for (const method of ['query', 'exec'] as const) {
    const original = target[method].bind(tx) as QueryMethod;
    target[method] = (query, ...rest) => {
      const params = pgliteParams(method, rest);
      noteReads(query, params);
      const written = writeOf(query, params);
      if (writes(written)) {
        changes.changed(written.tables, written.rows);
        pending.add(written, changes.now());
      }
      return original(query, ...rest);
    };
  }
}

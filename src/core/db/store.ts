// The store: PostgreSQL dialect everywhere. PGlite in a data directory is the
// zero-set-up default; a PostgreSQL server takes over when DATABASE_URL is set.
// Both are reached through one Drizzle type, so every module runs unchanged
// on either.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { StoreConfig } from '../config.js';
import { type ChangeListener, listenForChanges } from './change-listener.js';
import { watchPglite, watchPool } from './change-tracking.js';
import { lockDataDir } from './data-dir-lock.js';
import { holdTransactionStatements } from './pipeline.js';
import { TableChanges } from './table-changes.js';

export type Database = PgDatabase<PgQueryResultHKT>;
/** A transaction handle; it is a Database too, so a query helper takes either. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Database;
  /** Which tables this process has seen change, for caches of read answers (core/http/read-cache.ts). */
  readonly changes: TableChanges;
  /**
   * Whether other processes' changes to the tables that announce them
   * (change-listener.ts) reach `changes` now: always on PGlite, which one
   * process holds; on PostgreSQL while the listening connection, opened at
   * the first call, is up.
   */
  hearsOtherProcesses(): boolean;
  /** Applies the pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** The connections, for monitoring; PGlite is one in-process connection, never waited for here. */
  pool(): PoolFigures;
  close(): Promise<void>;
}

export interface PoolFigures {
  /** Most connections the pool opens. */
  max: number;
  /** Connections open now. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

// The migrations folder sits at the package root, three levels above this
// file both in src/core/db and in dist/core/db.
export const MIGRATIONS_FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);
/** The advisory lock migrating holds (a restore takes it too). */
export const MIGRATION_LOCK_KEY = 7_201_001;

export async function openStore(
  config: StoreConfig,
  options: Pick<PostgresOptions, 'onAbandoned'> = {},
): Promise<Store> {
  return config.kind === 'pglite'
    ? openPgliteStore({ dataDir: config.dataDir })
    : openPostgresStore(config.url, config.poolSize, {
        acquireTimeoutMs: config.poolTimeoutMs,
        ...options,
      });
}

export interface PgliteOptions {
  /** Lotline's data directory; the database lives in its `pglite` folder. Omit for memory. */
  dataDir?: string;
  /** A dumped data directory to start from (tests copy a migrated template this way). */
  loadDataDir?: Blob;
}

export async function openPgliteStore(options: PgliteOptions): Promise<Store> {
  let lock: { release(): void } | undefined;
  let databaseDir: string | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    lock = lockDataDir(path.join(options.dataDir, 'lotline.lock'));
    databaseDir = path.join(options.dataDir, 'pglite');
  }
  try {
    const client = await PGlite.create({
      ...(databaseDir ? { dataDir: databaseDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    const changes = new TableChanges();
    watchPglite(client, changes);
    const db = drizzlePglite(client);
    return {
      kind: 'pglite',
      db,
      changes,
      hearsOtherProcesses: () => !client.closed,
      migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      ping: async () => {
        await client.query('select 1');
      },
      // PGlite queues queries on its single connection internally and does
      // not say how many wait: it reports one connection, idle unless closed.
      pool: () => ({
        max: 1,
        total: client.closed ? 0 : 1,
        idle: client.closed ? 0 : 1,
        waiting: 0,
      }),
      close: async () => {
        try {
          await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

export interface PostgresOptions {
  /**
   * Longest wait for a pooled connection, or for the server to accept a new
   * one (ms). Past it the query fails as "busy" or "unreachable"
   * (unavailable.ts) and the request gets a 503 with Retry-After, instead of
   * waiting until its client gives up. Default 5,000.
   */
  acquireTimeoutMs?: number;
  /**
   * Longest wait on close for the connections still in use (ms). Past it
   * they are ended, so that a stop never waits on a query that will not come
   * back. Default 10,000.
   */
  closeTimeoutMs?: number;
  /** Told which queries were still in flight when the close gave up waiting. */
  onAbandoned?: (queries: string[]) => void;
}

export async function openPostgresStore(
  url: string,
  poolSize = 10,
  options: PostgresOptions = {},
): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 5_000,
  });
  // An idle client's error (server restart) must not crash the process; the
  // pool drops that client and the next query opens a new one.
  pool.on('error', () => {});
  // A connection the server drops while it is checked out (a transaction, the
  // ingest's COPY) emits 'error' on its client, where the pool listens only
  // while it is idle. The query in flight fails with that error anyway, and
  // the client, released with it, is discarded; unheard, the event would end
  // the process (a PostgreSQL restart took Lotline down with it).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  // The connections checked out now, for a close that must not wait forever.
  const inUse = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => inUse.add(client));
  pool.on('release', (_error, client) => inUse.delete(client));
  pool.on('remove', (client) => inUse.delete(client as pg.PoolClient));
  const changes = new TableChanges();
  // Before the change tracking wraps the clients, so the tracking sees each statement as it is made.
  holdTransactionStatements(pool);
  watchPool(pool, changes);
  const db = drizzleNodePg(pool);
  let listener: ChangeListener | undefined;
  let closing = false;
  return {
    kind: 'postgres',
    db,
    changes,
    hearsOtherProcesses: () => {
      if (closing) return false;
      listener ??= listenForChanges(url, changes);
      return listener.hearing();
    },
    migrate: async () => {
      // Several Lotline processes may start together; one migrates, the rest wait.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrateNodePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    pool: () => ({
      max: poolSize,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: async () => {
      closing = true;
      await listener?.close();
      const ended = pool.end();
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        ended.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), options.closeTimeoutMs ?? 10_000);
        }),
      ]);
      clearTimeout(timer);
      if (!gaveUp) return;
      // A query that never answers (seen after the server restarted under
      // load): say which, then end its connection, which fails the query and
      // lets the pool finish.
      options.onAbandoned?.(
        [...inUse].map((client) => activeQueryText(client) ?? '(no query in flight)'),
      );
      // Its socket is destroyed, not ended: an orderly end waits for the
      // server to answer the Terminate message, and on a connection stuck
      // like this one it may never do. The wait after it is bounded too: a
      // holder that never gives its client back must not hold the stop.
      for (const client of inUse) destroyConnection(client);
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}

/** Ends a client's connection at once: its query fails, and the pool lets it go. */
function destroyConnection(client: pg.PoolClient): void {
  const { connection } = client as unknown as { connection?: { stream?: { destroy(): void } } };
  connection?.stream?.destroy();
  (client as unknown as { end(): Promise<void> }).end().catch(() => {});
}

/** The SQL a pooled client is running now, if any (node-postgres keeps it on the client). */
function activeQueryText(client: pg.PoolClient): string | undefined {
  const active = (client as unknown as { activeQuery?: { text?: string } }).activeQuery;
  return active?.text?.slice(0, 200);
}

// A real `lotline start` process for fault tests, on a store that outlives it
// (a PGlite data directory, or a database of its own on the PostgreSQL server
// named by LOTLINE_TEST_DATABASE_URL), that a test kills and starts again; and
// an HTTP client whose commands survive that: a command whose connection dies
// is sent again, with the same Idempotency-Key, once the next server is up.
import { randomUUID } from 'node:crypto';
import { openPgliteStore, openPostgresStore, type Store } from '../../src/core/db/store.js';
import { loadPlantFile } from '../../src/modules/plant/index.js';
import {
  type Finished,
  finished,
  migratedDataDir,
  SLOW,
  spawnLotline,
  waitForOutput,
} from '../cli/lotline.js';
import { createTestToken, createTestUser } from './auth.js';
import { createServerDatabase, REFERENCE_PLANT } from './database.js';

/** Where the server keeps its data. */
export interface Place {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  /** Opens the store directly (on PGlite only while no server runs: it locks the directory). */
  open(): Promise<Store>;
  remove(): Promise<void>;
}

export async function freshPlace(): Promise<Place> {
  const database = await createServerDatabase();
  if (database) {
    return {
      kind: 'postgres',
      env: { DATABASE_URL: database.url },
      open: async () => {
        const store = await openPostgresStore(database.url, 1);
        await untilDeadSessionsEnd(store);
        return store;
      },
      remove: database.drop,
    };
  }
  const dataDir = migratedDataDir();
  return {
    kind: 'pglite',
    env: { LOTLINE_DATA_DIR: dataDir },
    open: () => openPgliteStore({ dataDir }),
    remove: async () => {},
  };
}

/**
 * A killed server's PostgreSQL sessions outlive it for a moment: a COMMIT it
 * sent just before it died may still be finishing. What it left is read once
 * every such session has ended, committed or rolled back.
 */
async function untilDeadSessionsEnd(store: Store, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = (await store.db.execute(
      `select count(*)::int as n from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
    )) as unknown as { rows: { n: number }[] };
    if (result.rows[0]?.n === 0) return;
    if (Date.now() > deadline) throw new Error('the killed server’s database sessions did not end');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens the place's store, runs `work` on it and closes it again. */
export async function withStore<T>(place: Place, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await place.open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * The reference plant in the place's store, with a storekeeper "kim" (who also
 * loads feeders: line operator and planner) and a QA manager "quinn"; the
 * storekeeper's API token headers.
 */
export async function seedReferencePlant(place: Place): Promise<Record<string, string>> {
  return withStore(place, async (store) => {
    await loadPlantFile(store.db, REFERENCE_PLANT);
    const keeper = await createTestUser(store.db, 'kim', [
      'storekeeper',
      'line_operator',
      'planner',
    ]);
    await createTestUser(store.db, 'quinn', ['qa_manager']);
    return (await createTestToken(store.db, keeper.user.id)).headers;
  });
}

export interface Server {
  url: string;
  pid: number;
  kill(signal: NodeJS.Signals): Promise<Finished>;
}

export async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawnLotline(['start'], {
    LOTLINE_PORT: '0',
    LOTLINE_MQTT_PORT: '0',
    LOTLINE_SIMULATE: 'false',
    ...env,
  });
  const exit = finished(child, SLOW * 10);
  const [, url] = await waitForOutput(child, exit, /is running at (http:\/\/127\.0\.0\.1:\d+)/);
  return {
    url: url as string,
    pid: child.pid as number,
    kill: (signal) => {
      child.kill(signal);
      return exit;
    },
  };
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies, checked by the assertions
  body: any;
  replayed: boolean;
}

/**
 * The servers one after another: which one is up (its generation), and a way
 * for a client whose connection died to wait for the next one.
 */
export class Supervisor {
  private server: Server | undefined;
  private generation = 0;
  private waiters: (() => void)[] = [];
  /** Clients waiting for a server after a failed request. */
  blocked = 0;

  constructor(private readonly env: Record<string, string>) {}

  get current(): { url: string; generation: number } | undefined {
    return this.server ? { url: this.server.url, generation: this.generation } : undefined;
  }

  async start(): Promise<void> {
    this.server = await startServer(this.env);
    this.generation += 1;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Kills the running server; its result says how it ended. */
  async kill(signal: NodeJS.Signals): Promise<Finished> {
    const server = this.server;
    if (!server) throw new Error('no server is running');
    this.server = undefined;
    return server.kill(signal);
  }

  /** Resolves once a server newer than `generation` is up. */
  async after(generation: number): Promise<void> {
    while (!this.server || this.generation <= generation) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Waits until at least `count()` clients are blocked on a dead server. */
  async untilBlocked(count: () => number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.blocked < count()) {
      if (Date.now() > deadline) {
        throw new Error(`only ${this.blocked} of ${count()} clients noticed the server died`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** What a client saw of one command. */
export interface CommandRecord {
  key: string;
  /** Attempts whose answer never came (the server died with the request in flight or refused the connection). */
  lost: number;
  /** The acknowledged answer, once there is one. */
  answer?: Answer;
}

/**
 * A client of one person (a bearer token or a signed-in session): commands
 * carry an Idempotency-Key and are sent until they are answered.
 */
export class Client {
  constructor(
    private readonly supervisor: Supervisor,
    private readonly headers: Record<string, string>,
  ) {}

  /** One request to the running server; throws when the connection fails. */
  async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const server = this.supervisor.current;
    if (!server) throw new Error('no server is running');
    return send(server.url, method, path, body, { ...this.headers, ...headers });
  }

  /**
   * Sends a command until it is answered, with one Idempotency-Key: when the
   * connection dies, it waits for the next server and sends it again.
   * `onLost` hears of each attempt whose answer never came, before the retry.
   */
  async command(
    path: string,
    body: unknown,
    options: {
      key?: string;
      headers?: Record<string, string>;
      record?: CommandRecord;
      onLost?: (record: CommandRecord) => void;
    } = {},
  ): Promise<CommandRecord> {
    const record = options.record ?? { key: options.key ?? randomUUID(), lost: 0 };
    for (;;) {
      const server = this.supervisor.current;
      if (server) {
        try {
          record.answer = await send(server.url, 'POST', path, body, {
            ...this.headers,
            ...options.headers,
            'idempotency-key': record.key,
          });
          return record;
        } catch (error) {
          if (!isConnectionFailure(error)) throw error;
          record.lost += 1;
          options.onLost?.(record);
        }
      }
      this.supervisor.blocked += 1;
      try {
        await this.supervisor.after(server?.generation ?? 0);
      } finally {
        this.supervisor.blocked -= 1;
      }
    }
  }
}

async function send(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    body: json && text ? JSON.parse(text) : text,
    replayed: response.headers.get('idempotent-replayed') === 'true',
  };
}

/** fetch's "the other end is gone": refused, reset, or closed before the answer. */
function isConnectionFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed|terminated/i.test(error.message);
}

/** Signs a person in on the running server: the session cookie and CSRF header for later requests. */
export async function signIn(
  supervisor: Supervisor,
  username: string,
  password: string,
): Promise<Record<string, string>> {
  const server = supervisor.current;
  if (!server) throw new Error('no server is running');
  const response = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .find((c) => c.startsWith('lotline_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** A small seeded generator (mulberry32), so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every (location, lot) whose balance differs from the sum of its ledger
 * movements (in minus out), with both figures; empty when the books agree.
 */
export async function ledgerMismatches(
  store: Store,
): Promise<{ location: string; lot: string; balance: number; ledger: number }[]> {
  const result = await store.db.execute(`
    with ledger as (
      select location, lot_id, sum(quantity) as quantity from (
        select to_location as location, lot_id, quantity from storage.movements where to_location is not null
        union all
        select from_location, lot_id, -quantity from storage.movements where from_location is not null
      ) m group by location, lot_id
    )
    select coalesce(b.location, l.location) as location, coalesce(b.lot_id, l.lot_id)::text as lot,
           coalesce(b.quantity, 0)::float8 as balance, coalesce(l.quantity, 0)::float8 as ledger
    from storage.balances b full outer join ledger l on l.location = b.location and l.lot_id = b.lot_id
    where coalesce(b.quantity, 0) <> coalesce(l.quantity, 0)`);
  return (
    result as unknown as {
      rows: { location: string; lot: string; balance: number; ledger: number }[];
    }
  ).rows;
}

// The load test: a Lotline server over real sockets, holding the reference
// plant with work orders running, released lots and stock, driven by
// autocannon (in a child process, not on the server's event loop) with the
// plant's realistic request mix — at the plant's own rate, at ten times it, at
// the issue's target of 2,000 requests a second, and at open throttle to find
// the most it answers. Beside it, in the same run and process, a bare Fastify
// server with one route is driven at open throttle: the baseline of what this
// machine can answer at all, and the ratio says what Lotline costs on top.
//
// Two stores: the embedded default (PGlite, in memory here; on disk it keeps
// no fsync either) and, when it answers, the PostgreSQL server of this machine
// (LOTLINE_BENCH_DATABASE_URL, as the ingest benchmark).
//
// THE MIX, from what a four-line plant's people and screens do (requests a
// minute, summed over the people who do it):
//
//   who (how many)              what                                        /min
//   operator terminals (8:      poll their work order (every 10 s)            48
//     two a line)               record scrap (about once a minute each)        8
//   line screens and            running work orders of a line (every 30 s)     8
//     supervisors (4)           line states for the floor (every 30 s)         8
//   storekeepers (3)            stock of a location (twice a minute)           6
//                               receive a supplier's lot (every 2 min)       1.5
//                               move a crate to another store (every min)     3
//                               look a lot up (once a minute)                  3
//   QA (3)                      quality dashboard (once a minute)              3
//                               lots awaiting release (once a minute)          3
//   planners, maintenance,      plant master data: the lines (once a minute)   8
//     managers (8)
//                                                                  total ≈ 99/min
//
// So the plant's own rate is under 2 requests a second (the live floor is
// pushed over one server-sent-event stream per screen, not polled); seven in
// eight are reads, one in eight a write. The sequence below repeats these
// weights per 100 requests; every write has its own Idempotency-Key. Feeder
// loads (an operator, every few minutes) are left out: each needs a lot not
// yet in the feeder, so a repeated one is refused, rightly.

import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { createUser } from '../src/core/auth/service.js';
import { openPostgresStore, type Store } from '../src/core/db/store.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../src/core/http/auth.js';
import type { App } from '../src/core/http/server.js';
import { loadPlant } from '../src/modules/plant/index.js';
import { SERVICES } from './lib/ingest-stores.js';
import { startFloorServer } from './lib/load-floor.js';
import { type BenchResult, result } from './lib/measure.js';
import { emptyStore } from './lib/store.js';
import { checkedPlant, referencePlantText, type Suite } from './lib/suite.js';

const PHASE_SECONDS = Number(process.env.LOTLINE_BENCH_LOAD_SECONDS ?? 15);
/** Clients at once at open throttle: a plant's busy screens and terminals at one moment. */
const CONNECTIONS = Number(process.env.LOTLINE_BENCH_LOAD_CONNECTIONS ?? 10);
const PASSWORD = 'bench-load-password-1';
const TARGET = { rps: 2_000, p99Ms: 50 };

/** One request of the sequence, as the worker builds it. */
interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  /** A new Idempotency-Key per request (and a new supplier lot for a receipt). */
  fresh?: 'command' | 'receipt' | 'move';
  /** For a move: the containers and destinations to draw from. */
  pool?: { serials: string[]; to: string[] };
}

interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, { count: number }>;
}

interface Phase {
  name: string;
  /** Requests a second offered; open throttle when undefined. */
  rate: number | undefined;
  connections: number;
}

/** Requests a minute of each kind (the table above). */
const PER_MINUTE = {
  pollWorkOrder: 48,
  scrap: 8,
  lineOrders: 8,
  lineStates: 8,
  stock: 6,
  receipt: 1.5,
  move: 3,
  lotLookup: 3,
  qaDashboard: 3,
  qaLots: 3,
  plantLines: 8,
};
const PLANT_RATE = Object.values(PER_MINUTE).reduce((a, b) => a + b, 0) / 60;

interface Person {
  headers: Record<string, string>;
}

async function signIn(app: App, db: Store['db'], username: string, roles: string[], n: number) {
  await createUser(
    db,
    { username, displayName: username, roles: roles as never, password: PASSWORD },
    'bench',
  );
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { username, password: PASSWORD },
    remoteAddress: `10.9.0.${n}`,
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username}: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  const csrf = (response.json() as { csrfToken: string }).csrfToken;
  return { headers: { cookie: `${SESSION_COOKIE}=${cookie?.value}`, [CSRF_HEADER]: csrf } };
}

async function call(
  app: App,
  person: Person,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  extra: Record<string, string> = {},
) {
  const response = await app.inject({
    method,
    url,
    headers: { ...person.headers, ...extra },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (response.statusCode >= 300) {
    throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json() as Record<string, unknown>;
}

/** The plant at mid-shift: lots received and released, four work orders running; and the mix over it. */
export async function seedPlant(app: App, store: Store): Promise<RequestSpec[]> {
  await loadPlant(store.db, checkedPlant(referencePlantText()), { source: 'bench' });
  const keeper = await signIn(app, store.db, 'keeper', ['storekeeper'], 1);
  const operator = await signIn(app, store.db, 'operator', ['line_operator'], 2);
  const qa = await signIn(app, store.db, 'qa', ['qa_manager'], 3);
  const planner = await signIn(app, store.db, 'planner', ['planner'], 4);
  const viewer = await signIn(app, store.db, 'viewer', ['viewer'], 5);

  const receive = (material: string, supplier: string, lot: string, location: string) =>
    call(app, keeper, 'POST', '/api/genealogy/lots/receipts', {
      material,
      supplier,
      supplierLot: lot,
      certificate: `COC-${lot}`,
      quantity: 1_000_000,
      location,
    });
  const primers: Record<string, unknown>[] = [];
  const bullets: Record<string, unknown>[] = [];
  for (let i = 0; i < 4; i++) {
    primers.push(await receive('PRIMER-762', 'SUP-PRIMERS', `PCI-${i}`, 'MAG-04'));
    bullets.push(await receive('BULLET-PS', 'SUP-BULLETS', `PYC-${i}`, 'ST-BULLETS'));
  }
  for (const lot of [...primers, ...bullets]) {
    await call(
      app,
      qa,
      'POST',
      `/api/quality/lots/${lot.number}/disposition`,
      { decision: 'release', basis: 'supplier_certificate' },
      { 'x-signature-password': PASSWORD },
    );
  }
  const created = await app.inject({
    method: 'POST',
    url: '/api/genealogy/handling-units',
    // Containers are made at packing, by the line.
    headers: operator.headers,
    payload: { kind: 'crate', location: 'MAG-04', material: 'CRATE-1320', count: 20 },
  });
  if (created.statusCode >= 300) throw new Error(`creating crates: ${created.body}`);
  const crates = (created.json() as { serial: string }[]).map((c) => c.serial);
  const orders: Record<string, unknown>[] = [];
  for (const [line, product] of [
    ['L1', 'C762-BALL'],
    ['L2', 'C762-BALL'],
    ['L3', 'C762-TRACER'],
    ['L4', 'C762-TRACER'],
  ] as const) {
    const order = await call(app, planner, 'POST', '/api/production/work-orders', {
      product,
      line,
      quantity: 10_000_000,
    });
    await call(app, planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
    await call(app, operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
    orders.push(order);
  }

  const get = (person: Person, path: string): RequestSpec => ({
    method: 'GET',
    path,
    headers: person.headers,
  });
  const order = (i: number) => orders[i % orders.length] as { id: string };
  const line = (i: number) => `L${(i % 4) + 1}`;
  const kinds: Record<keyof typeof PER_MINUTE, (i: number) => RequestSpec> = {
    pollWorkOrder: (i) => get(operator, `/api/production/work-orders/${order(i).id}`),
    scrap: (i) => ({
      method: 'POST',
      path: `/api/production/work-orders/${order(i).id}/scrap`,
      headers: operator.headers,
      body: { quantity: 1 + (i % 3), reason: 'SCR-DENTED-CASE', station: 'CF' },
      fresh: 'command',
    }),
    move: () => ({
      method: 'POST',
      path: '/api/genealogy/handling-units/move',
      headers: keeper.headers,
      body: { serials: [crates[0]], to: 'MAG-02' },
      fresh: 'move',
      pool: { serials: crates, to: ['MAG-01-A', 'MAG-01-B', 'MAG-02', 'MAG-04'] },
    }),
    lineOrders: (i) => get(viewer, `/api/production/work-orders?line=${line(i)}&state=running`),
    lineStates: () => get(viewer, '/api/telemetry/line-states'),
    stock: (i) => get(keeper, `/api/storage/stock?location=${i % 2 ? 'MAG-04' : 'ST-BULLETS'}`),
    receipt: () => ({
      method: 'POST',
      path: '/api/genealogy/lots/receipts',
      headers: keeper.headers,
      body: {
        material: 'BULLET-PS',
        supplier: 'SUP-BULLETS',
        supplierLot: 'replaced',
        quantity: 20_000,
        location: 'ST-BULLETS',
      },
      fresh: 'receipt',
    }),
    lotLookup: (i) => get(keeper, `/api/genealogy/lots/${bullets[i % bullets.length]?.number}`),
    qaDashboard: () => get(qa, '/api/quality/dashboard'),
    qaLots: () => get(qa, '/api/genealogy/lots?status=quarantine&limit=50'),
    plantLines: () => get(planner, '/api/plant/lines'),
  };
  // Per 100 requests, by weight, interleaved so that each connection meets every kind.
  const total = Object.values(PER_MINUTE).reduce((a, b) => a + b, 0);
  const counts = Object.entries(PER_MINUTE).map(([kind, perMinute]) => ({
    kind: kind as keyof typeof PER_MINUTE,
    n: Math.max(1, Math.round((perMinute / total) * 100)),
  }));
  const sequence: RequestSpec[] = [];
  for (let round = 0; counts.some((c) => c.n > round); round++) {
    for (const c of counts) if (c.n > round) sequence.push(kinds[c.kind](round));
  }
  // Check every kind once before measuring: a failing request would time the error path.
  for (const spec of sequence.slice(0, counts.length)) {
    const response = await app.inject({
      method: spec.method,
      url: spec.path,
      headers: { ...spec.headers, 'idempotency-key': `check-${spec.path}` },
      ...(spec.body === undefined
        ? {}
        : {
            payload: (spec.fresh === 'receipt'
              ? { ...(spec.body as object), supplierLot: 'CHECK-1' }
              : spec.body) as object,
          }),
    });
    if (response.statusCode >= 300) {
      throw new Error(
        `${spec.method} ${spec.path} answered ${response.statusCode}: ${response.body}`,
      );
    }
  }
  return sequence;
}

/** Drives `phase` at one server, or at several with the connections spread evenly over them. */
function drive(url: string | string[], requests: RequestSpec[], phase: Phase): Promise<LoadResult> {
  const child = fork(new URL('./load-worker.mjs', import.meta.url), { stdio: 'inherit' });
  return new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (message) => {
      const answer = message as { ok: boolean; result?: LoadResult; error?: string };
      child.kill();
      if (answer.ok && answer.result) resolve(answer.result);
      else reject(new Error(answer.error));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code) reject(new Error(`the load generator exited with ${code}`));
    });
    child.send({
      ...(Array.isArray(url) ? { urls: url } : { url }),
      requests,
      connections: phase.connections,
      seconds: PHASE_SECONDS,
      overallRate: phase.rate,
    });
  });
}

async function listen(app: { listen(o: object): Promise<string> }): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

/** A bare Fastify server with one JSON route: what answering at all costs here. */
async function bareBaseline(): Promise<{ rps: number; p99: number; close(): Promise<void> }> {
  const bare = Fastify({ logger: false });
  bare.get('/hello', async () => ({ hello: 'world' }));
  const url = await listen(bare);
  const measured = await drive(url, [{ method: 'GET', path: '/hello', headers: {} }], {
    name: 'bare',
    rate: undefined,
    connections: CONNECTIONS,
  });
  return { rps: measured.rps, p99: measured.p99, close: () => bare.close() };
}

async function postgresStore(): Promise<
  { store: Store; url: string; drop(): Promise<void> } | undefined
> {
  const adminUrl = SERVICES.databaseUrl;
  const name = `lotline_bench_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The server's default pool (DATABASE_POOL_SIZE).
  const store = await openPostgresStore(url.toString(), 10);
  await store.migrate();
  return {
    store,
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}

/** The phases every server is driven through, in order. */
const PHASES: Phase[] = [
  { name: 'plant', rate: Math.max(1, Math.round(PLANT_RATE)), connections: 4 },
  { name: 'plant10x', rate: Math.round(PLANT_RATE * 10), connections: 8 },
  { name: 'target', rate: TARGET.rps, connections: CONNECTIONS },
  { name: 'max', rate: undefined, connections: CONNECTIONS },
];

/** Drives one phase at `url` and emits its line, beside a bare server measured right before. */
async function measurePhase(
  bench: string,
  url: string | string[],
  sequence: RequestSpec[],
  phase: Phase,
  emit: (r: BenchResult) => void,
  options: { checked: boolean; detail?: Record<string, unknown> },
): Promise<LoadResult> {
  // Measured right before each phase: the machine is shared and its load moves.
  const bare = await bareBaseline();
  await bare.close();
  const load = loadavg();
  const measured = await drive(url, sequence, phase);
  const failures = measured.errors + measured.timeouts + measured.non2xx;
  const offered = phase.rate;
  const reached = offered === undefined || measured.rps >= offered * 0.95;
  const onTarget =
    failures === 0 &&
    measured.p99 < TARGET.p99Ms &&
    reached &&
    (phase.name !== 'max' || measured.rps >= TARGET.rps);
  const base = result({
    bench,
    unit: 'req/s',
    value: measured.rps,
    baseline: 'bare Fastify GET /hello, open throttle, same process and connections',
    baselineValue: bare.rps,
    target:
      options.checked && phase.name === 'max'
        ? { on: 'value', min: TARGET.rps }
        : { on: 'value', min: 0 },
    detail: {
      ...options.detail,
      offeredRps: offered ?? 'open throttle',
      connections: phase.connections,
      seconds: measured.seconds,
      requests: measured.requests,
      p50Ms: measured.p50,
      p90Ms: measured.p90,
      p99Ms: measured.p99,
      maxMs: measured.max,
      errors: measured.errors,
      timeouts: measured.timeouts,
      non2xx: measured.non2xx,
      statusCodes: Object.fromEntries(
        Object.entries(measured.statusCodes).map(([code, s]) => [code, s.count]),
      ),
      baselineP99Ms: bare.p99,
      loadAverage1m: Number(load[0]?.toFixed(2)),
      cpus: availableParallelism(),
      goal: `p99 < ${TARGET.p99Ms} ms, no errors${offered ? `, ≥ 95% of ${offered} req/s` : `, ≥ ${TARGET.rps} req/s`}`,
    },
  });
  emit(options.checked ? { ...base, ok: base.ok && onTarget } : base);
  return measured;
}

/** Lotline on one store through every phase; answers the request sequence it drove. */
async function measureStore(
  label: string,
  store: Store,
  emit: (r: BenchResult) => void,
  /** More measuring while this server still runs, after its phases. */
  then?: (url: string, sequence: RequestSpec[]) => Promise<void>,
): Promise<RequestSpec[]> {
  // Logged as in production (JSON, info: a line at each request's start and end), into the void.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const app = await buildApp({ store, logger });
  try {
    const sequence = await seedPlant(app, store);
    const url = await listen(app);
    for (const phase of PHASES) {
      await measurePhase(`load.${label}.${phase.name}`, url, sequence, phase, emit, {
        checked: true,
      });
    }
    await then?.(url, sequence);
    return sequence;
  } finally {
    await app.close();
  }
}

/**
 * Two Lotline processes on the same PostgreSQL database, the connections
 * spread evenly over them as a load balancer in front would (its own cost is
 * not in it): the server above and a second one (lib/load-server.mjs), at the
 * target's rate and at open throttle. What a plant gets from both cores of
 * this machine, which the server, PostgreSQL and the load generator share.
 * Measured after the one-process phases, so on a database those have grown.
 */
async function measureTwoProcesses(
  databaseUrl: string,
  url: string,
  sequence: RequestSpec[],
  emit: (r: BenchResult) => void,
): Promise<void> {
  const second = fork(new URL('./lib/load-server.mjs', import.meta.url), { stdio: 'inherit' });
  const exited = new Promise<void>((resolve) => second.once('exit', () => resolve()));
  try {
    const answer = await new Promise<{ ok: boolean; url?: string; error?: string }>(
      (resolve, reject) => {
        second.once('message', (message) => resolve(message as { ok: boolean; url?: string }));
        second.once('error', reject);
        second.send({ databaseUrl });
      },
    );
    if (!answer.ok || !answer.url) throw new Error(`the second server: ${answer.error}`);
    for (const phase of PHASES.filter((p) => p.name === 'target' || p.name === 'max')) {
      await measurePhase(
        `load.postgres.two-processes.${phase.name}`,
        [url, answer.url],
        sequence,
        phase,
        emit,
        {
          checked: false,
          detail: {
            server:
              'two Lotline processes on one PostgreSQL database, the connections spread evenly over them',
          },
        },
      );
    }
  } finally {
    if (second.connected) second.send('stop');
    else second.kill();
    await exited;
  }
}

/**
 * The floor (lib/load-floor.ts) on the same PostgreSQL, at the target's rate
 * and at open throttle, with Lotline's own request sequence: what any server
 * on this machine would answer of the mix. Not a target of its own.
 */
async function measureFloor(
  databaseUrl: string,
  sequence: RequestSpec[],
  emit: (r: BenchResult) => void,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const floor = await startFloorServer(pool);
  try {
    for (const phase of PHASES.filter((p) => p.name === 'target' || p.name === 'max')) {
      await measurePhase(`load.postgres.floor.${phase.name}`, floor.url, sequence, phase, emit, {
        checked: false,
        detail: {
          server:
            'no logic: reads from memory; each write BEGIN, SELECT … FOR UPDATE of the row the command locks, INSERT, UPDATE, COMMIT',
        },
      });
    }
  } finally {
    await floor.close();
    await pool.end();
  }
}

export const suite: Suite = {
  name: 'load',
  async run(emit) {
    console.error(
      `bench: load mix at ${PLANT_RATE.toFixed(2)} req/s for the plant; ${PHASE_SECONDS} s a phase`,
    );
    // LOTLINE_BENCH_LOAD_ONLY=postgres skips the embedded store, =embedded the server.
    const only = process.env.LOTLINE_BENCH_LOAD_ONLY;
    if (only !== 'postgres') {
      const embedded = await emptyStore();
      try {
        await measureStore('embedded', embedded, emit);
      } finally {
        await embedded.close();
      }
    }
    if (only === 'embedded') return;
    const server = await postgresStore();
    if (!server) {
      console.error(`bench: load.postgres skipped: no PostgreSQL at ${SERVICES.databaseUrl}`);
      return;
    }
    try {
      const sequence = await measureStore('postgres', server.store, emit, (url, sequence) =>
        measureTwoProcesses(server.url, url, sequence, emit),
      );
      await measureFloor(server.url, sequence, emit);
    } finally {
      await server.store.close();
      await server.drop();
    }
  },
};

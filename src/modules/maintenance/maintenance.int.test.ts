// Maintenance on a real database and over HTTP: machine data as ingest stores
// it opens breakdown requests (one per breakdown, none for a micro-stop, and
// exactly one across a failed transaction, batches and a restart of the
// watcher); technicians take, work and close them and the station's MTTR
// follows; a counter plan fires at the right count of the machine data; a
// planned window is taken out of the line plan; issued spare parts leave the
// stock ledger; bad input is a 400 naming the field and an illegal move a 409.
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { machineEventRows } from '../../../test/support/machine-events.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { machineEvents } from '../telemetry/index.js';
import {
  generatePreventive,
  measuredFailureBehaviour,
  pollBreakdowns,
  startMaintenanceWatcher,
} from './index.js';

const GROUP = 'PLT-01';
/** Monday 15 March 2027, noon in Caracas: inside shift A (06:00–14:00). */
const NOON = Date.parse('2027-03-15T12:00:00-04:00');
let now = NOON;
const at = (minutes: number) => new Date(NOON + minutes * 60_000);

let store: Store;
let app: App;
let tech: Session;
let other: Session;
let operator: Session;
let planner: Session;
let keeper: Session;
let viewer: Session;
const watch = () => ({ db: store.db, clock: () => new Date(now), group: GROUP });

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field
type Json = { [key: string]: any };

async function call(
  session: Session,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await app.inject({
    method,
    url,
    headers: { ...session.headers, ...headers },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, body: response.json() as Json };
}

async function ok(session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await call(session, method, url, payload);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
}

/**
 * Polls until the watcher has read everything stored: on a shared PostgreSQL
 * server other test files' transactions may hold it back a poll or two.
 */
async function pollAll(options: { batchRows?: number } = {}) {
  const opened: string[] = [];
  let read = 0;
  for (let i = 0; i < 200; i++) {
    const polled = await pollBreakdowns({ ...watch(), ...options });
    opened.push(...polled.opened);
    read += polled.read;
    if (polled.caughtUp) return { opened, read };
    if (!polled.more) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the watcher did not catch up');
}

const l1 = machineEventRows('maint-l1', 'L1', GROUP);
const l2 = machineEventRows('maint-l2', 'L2', GROUP);
const l3 = machineEventRows('maint-l3', 'L3', GROUP);
const l4 = machineEventRows('maint-l4', 'L4', GROUP);
/** A station's State and State/Reason at a moment, as one machine would report them. */
const report = (row: typeof l1, minute: number, station: string, state: string, reason = '') => [
  row(at(minute), station, 'State', state),
  row(at(minute), station, 'State/Reason', reason),
];
async function store_(rows: ReturnType<typeof l1>[]) {
  await store.db.insert(machineEvents).values(rows);
}

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    clock: () => new Date(now),
    // The test moves the clock by hours; sessions outlive it.
    authPolicy: {
      maxFailedAttempts: 5,
      lockoutMs: 60_000,
      sessionTtlMs: 86_400_000,
      sessionIdleMs: 86_400_000,
    },
  });
  await app.ready();
  tech = await signInAs(app, store.db, 'tomas', ['maintenance_technician']);
  other = await signInAs(app, store.db, 'ana', ['maintenance_technician']);
  operator = await signInAs(app, store.db, 'olga', ['line_operator']);
  planner = await signInAs(app, store.db, 'pablo', ['planner']);
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);
  // The watcher's first look: it starts at the newest machine event.
  expect(await pollAll()).toEqual({ read: 0, opened: [] });
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('breakdown requests from the machine data', () => {
  let request: Json;

  it('opens exactly one request for a breakdown, and none for a micro-stop', async () => {
    await store_([
      ...report(l1, -60, 'CF', 'running'),
      ...report(l1, -50, 'CF', 'down', 'MICRO'),
      ...report(l1, -49.5, 'CF', 'running'),
      ...report(l1, -45, 'PR', 'starved'),
      ...report(l1, -40, 'PR', 'running'),
      ...report(l1, -30, 'CF', 'down', 'MECH-CF'),
    ]);
    const polled = await pollAll();
    expect(polled.read).toBe(12);
    expect(polled.opened).toHaveLength(1);
    expect((await pollAll()).opened).toEqual([]);

    const requests = await ok(tech, 'GET', '/api/maintenance/requests?line=L1');
    expect(requests).toHaveLength(1);
    request = requests[0];
    expect(request).toMatchObject({
      number: polled.opened[0],
      kind: 'breakdown',
      state: 'open',
      line: 'L1',
      station: 'CF',
      reason: 'MECH-CF',
      downAt: at(-30).toISOString(),
      upAt: null,
      criticality: 'B',
      openedBy: 'lotline:breakdown-watcher',
    });
    const equipment = await ok(viewer, 'GET', '/api/maintenance/equipment?line=L1');
    expect(equipment.find((a: Json) => a.station === 'CF')).toMatchObject({
      make: 'Automática Caroní',
      criticality: 'B',
      state: 'down',
      inBreakdownSince: at(-30).toISOString(),
      openWorkOrders: 1,
    });
  });

  it('loses nothing and doubles nothing when a poll fails, in small batches, or across a restart', async () => {
    // A poll that fails part-way (here: the request cannot be written) leaves the cursor where it was.
    await store.db.execute(sql`
      create function maintenance.fail_once() returns trigger language plpgsql
      as $$ begin raise exception 'simulated crash'; end $$`);
    await store.db.execute(sql`
      create trigger fail_once before insert on maintenance.work_orders
      for each row execute function maintenance.fail_once()`);
    const cursor = async () =>
      (
        (await store.db.execute(
          sql`select last_event_id as id from maintenance.watch_cursor`,
        )) as unknown as { rows: { id: string | number }[] }
      ).rows.map((r) => Number(r.id))[0];
    await store_([...report(l1, -20, 'PR', 'down', 'ELEC-SENSOR')]);
    const stored = (await store.db.execute(
      sql`select max(id) as id from telemetry.machine_events`,
    )) as unknown as { rows: { id: string | number }[] };
    const newest = Number(stored.rows[0]?.id);
    let failed: string | undefined;
    for (let i = 0; i < 200 && !failed; i++) {
      failed = await pollBreakdowns(watch()).then(
        () => undefined,
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
    }
    expect(failed).toMatch(/simulated crash/);
    expect(await cursor()).toBeLessThan(newest);
    await store.db.execute(sql`drop trigger fail_once on maintenance.work_orders`);
    await store.db.execute(sql`drop function maintenance.fail_once()`);

    // More data meanwhile, read two rows at a time (never splitting a message).
    await store_([
      ...report(l1, -15, 'PR', 'running'),
      ...report(l1, -12, 'BS', 'down', 'MECH-BS'),
      ...report(l1, -10, 'CF', 'running'),
    ]);
    expect((await pollAll({ batchRows: 2 })).opened).toHaveLength(2);

    // A restarted server (a new watcher) reads on from the cursor: what came
    // while it was stopped opens its request once, and nothing opens again.
    const first = startMaintenanceWatcher({
      ...watch(),
      logger: pino({ level: 'silent' }),
      intervalMs: 3_600_000,
    });
    await first.tick();
    await first.stop();
    await store_([...report(l1, -8, 'GA', 'down', 'MECH-GA')]);
    const second = startMaintenanceWatcher({
      ...watch(),
      logger: pino({ level: 'silent' }),
      intervalMs: 3_600_000,
    });
    await second.tick();
    await second.tick();
    await second.stop();
    await pollAll();

    // Two servers polling at once take turns on the cursor: one request.
    await store_([...report(l1, -6, 'GA', 'running'), ...report(l1, -5, 'CS', 'down', 'MECH-CS')]);
    const both = await Promise.all([pollBreakdowns(watch()), pollBreakdowns(watch())]);
    const after = await pollAll();
    expect([...both.flatMap((p) => p.opened), ...after.opened]).toHaveLength(1);

    const requests = await ok(tech, 'GET', '/api/maintenance/requests?line=L1&kind=breakdown');
    expect(requests.map((r: Json) => `${r.station} ${r.reason}`).sort()).toEqual([
      'BS MECH-BS',
      'CF MECH-CF',
      'CS MECH-CS',
      'GA MECH-GA',
      'PR ELEC-SENSOR',
    ]);
    const count = await store.db.execute(
      sql`select count(*)::int as n from maintenance.breakdowns`,
    );
    expect((count as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(5);
  });

  // Two transactions at once need a server (PGlite has one connection).
  it.skipIf(!process.env.LOTLINE_TEST_DATABASE_URL)(
    'does not skip a row that commits after one with a higher id',
    async () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inserted = () => {};
      const insertedFirst = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      // An ingest batch still in its transaction holds the lower ids…
      const late = store.db.transaction(async (tx) => {
        await tx.insert(machineEvents).values(report(l4, -4, 'CF', 'down', 'MECH-CF'));
        inserted();
        await held;
      });
      await insertedFirst;
      // …while a later one, with higher ids, has committed.
      await store_(report(l4, -3, 'PR', 'down', 'MECH-PR'));
      expect((await pollBreakdowns(watch())).opened).toEqual([]);
      release();
      await late;
      const after = await pollAll();
      expect(after.opened).toHaveLength(2);
      const l4Requests = await ok(tech, 'GET', '/api/maintenance/requests?line=L4');
      expect(l4Requests.map((r: Json) => r.station).sort()).toEqual(['CF', 'PR']);
    },
  );

  it('shows the repair time once the machine data has the station back', async () => {
    const detail = await ok(tech, 'GET', `/api/maintenance/work-orders/${request.number}`);
    // CF went down at −30 and ran again at −10.
    expect(detail).toMatchObject({ upAt: at(-10).toISOString(), repairMinutes: 20 });
  });

  it('is taken, worked and closed by a technician, and the station’s MTTR follows', async () => {
    const url = `/api/maintenance/work-orders/${request.number}`;
    expect((await call(operator, 'POST', `${url}/take`, {})).status).toBe(403);
    const early = await call(tech, 'POST', `${url}/work`, { cause: 'bearing seized' });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/take it first/);

    const key = { 'idempotency-key': 'take-cf-0001' };
    const taken = await call(tech, 'POST', `${url}/take`, {}, key);
    expect(taken.body).toMatchObject({ state: 'in_progress', takenBy: 'tomas' });
    // The same command again with its key: the same answer, no second effect.
    const again = await call(tech, 'POST', `${url}/take`, {}, key);
    expect(again.status).toBe(200);
    expect(again.body.history).toHaveLength(taken.body.history.length);
    const twice = await call(other, 'POST', `${url}/take`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/taken by tomas/);

    const before = await ok(tech, 'GET', '/api/maintenance/equipment/L1/CF');
    expect(before.reliability).toMatchObject({ failures: 1, repairs: 0, mttrMinutes: null });

    await ok(tech, 'POST', `${url}/work`, {
      labour: [{ minutes: 25 }, { minutes: 20, technician: 'ana', note: 'helped' }],
    });
    const noCause = await call(tech, 'POST', `${url}/close`, { action: 'replaced the bearing' });
    expect(noCause.status).toBe(400);
    expect(noCause.body.errors).toEqual([
      {
        path: 'cause',
        message: expect.any(String),
        code: 'maintenance_cause_required',
        params: expect.objectContaining({ order: expect.any(String) }),
      },
    ]);
    now = at(5).getTime();
    const closed = await ok(tech, 'POST', `${url}/close`, {
      cause: 'bearing seized',
      action: 'replaced the bearing',
    });
    expect(closed).toMatchObject({
      state: 'closed',
      cause: 'bearing seized',
      labourMinutes: 45,
      repairMinutes: 20,
      closedAt: at(5).toISOString(),
    });
    expect((await call(tech, 'POST', `${url}/close`, {})).status).toBe(409);
    expect((await call(tech, 'POST', `${url}/cancel`, { reason: 'x' })).status).toBe(409);
    now = at(6).getTime();

    const after = await ok(tech, 'GET', '/api/maintenance/equipment/L1/CF');
    expect(after.reliability).toMatchObject({
      failures: 1,
      repairs: 1,
      mttrMinutes: 20,
      topCauses: [{ cause: 'bearing seized', repairs: 1 }],
    });
    expect(after.workOrders.map((w: Json) => w.number)).toEqual([request.number]);
    expect(after.breakdowns).toEqual([
      expect.objectContaining({ reason: 'MECH-CF', request: request.number }),
    ]);
    const audit = await store.db.execute(
      sql`select action from audit.entries where entity_id = ${request.number} order by seq`,
    );
    expect((audit as unknown as { rows: { action: string }[] }).rows.map((r) => r.action)).toEqual([
      'maintenance.request.opened',
      'maintenance.work_order.taken',
      'maintenance.work_order.worked',
      'maintenance.work_order.closed',
    ]);
  });

  it('gives reliability per line and station, and the twin its measured failure behaviour', async () => {
    const report_ = await ok(planner, 'GET', '/api/maintenance/reliability?line=L1');
    expect(report_.lines).toHaveLength(1);
    const line = report_.lines[0];
    expect(line.figures.failures).toBe(5);
    expect(line.stations.find((s: Json) => s.station === 'CF').figures).toMatchObject({
      failures: 1,
      mttrMinutes: 20,
    });
    expect(line.trend.at(-1)).toMatchObject({ week: '2027-03-15', failures: 5 });
    const behaviour = await measuredFailureBehaviour(store.db, {
      from: at(-24 * 60),
      to: at(60),
      lines: ['L1'],
    });
    expect(behaviour.find((s) => s.station === 'CF')).toMatchObject({
      failures: 1,
      repairMinutes: [20],
    });
    expect(behaviour.find((s) => s.station === 'PR')).toMatchObject({
      failures: 1,
      repairMinutes: [5],
    });
  });
});

describe('requests opened by hand', () => {
  it('lets an operator report a fault, and refuses bad input naming the field', async () => {
    const fault = await call(operator, 'POST', '/api/maintenance/requests', {
      kind: 'corrective',
      line: 'L2',
      station: 'CS',
      title: 'Air leak at the crimping head',
    });
    expect(fault.status).toBe(201);
    expect(fault.body).toMatchObject({ kind: 'corrective', state: 'open', openedBy: 'olga' });
    expect((await call(viewer, 'POST', '/api/maintenance/requests', {})).status).toBe(403);

    const bad = async (body: Json, path: string) => {
      const response = await call(operator, 'POST', '/api/maintenance/requests', {
        kind: 'breakdown',
        line: 'L2',
        station: 'CS',
        title: 'Stopped',
        ...body,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors.map((e: Json) => e.path)).toEqual([path]);
    };
    await bad({ station: 'XX' }, 'station');
    await bad({ line: 'L9' }, 'line');
    await bad({ reason: 'MECH' }, 'reason');
    await bad({ downAt: at(60).toISOString() }, 'downAt');
    await bad({ kind: 'preventive' }, 'kind');
    await bad({ title: '' }, 'title');
  });

  it('refuses a second breakdown request for a station that has one open', async () => {
    // L1/BS's breakdown request from the machine data is still open.
    const response = await call(operator, 'POST', '/api/maintenance/requests', {
      kind: 'breakdown',
      line: 'L1',
      station: 'BS',
      title: 'Bullet seating stopped',
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('request_already_open');
  });
});

describe('a breakdown reported by hand', () => {
  it('is tied to the breakdown the machine data then shows: no second request', async () => {
    const reported = await call(operator, 'POST', '/api/maintenance/requests', {
      kind: 'breakdown',
      line: 'L3',
      station: 'PR',
      title: 'Priming stopped',
      downAt: at(2).toISOString(),
    });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({ downAt: at(2).toISOString(), reason: null });
    await store_([...report(l3, 1, 'PR', 'down', 'MECH-PR'), ...report(l3, 4, 'PR', 'running')]);
    expect((await pollAll()).opened).toEqual([]);
    const requests = await ok(tech, 'GET', '/api/maintenance/requests?line=L3&kind=breakdown');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      number: reported.body.number,
      downAt: at(1).toISOString(),
      reason: 'MECH-PR',
      upAt: at(4).toISOString(),
      repairMinutes: 3,
    });
  });
});

describe('preventive plans', () => {
  it('fire a counter plan at the right count of the machine data', async () => {
    await store_([
      l2(at(-5), 'PK', 'Counts/Good', 5_000, true),
      l2(at(-5), 'PK', 'Counts/Reject', 7, true),
    ]);
    await pollAll();
    const plan = await call(tech, 'POST', '/api/maintenance/plans', {
      code: 'PM-L2-PK-SEAL',
      title: 'Replace the can-seamer seals',
      line: 'L2',
      station: 'PK',
      trigger: 'counter',
      counter: 'cartridges',
      every: 1_000,
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect(plan.body).toMatchObject({ baseline: 0, next: { index: 1, dueCount: 1_000, count: 0 } });

    const tick = async (good: number, reject: number, minute: number) => {
      await store_([
        l2(at(minute), 'PK', 'Counts/Good', good),
        l2(at(minute), 'PK', 'Counts/Reject', reject),
      ]);
      await pollAll();
      return generatePreventive(watch());
    };
    expect(await tick(5_999, 30, -4)).toEqual([]); // 999 good: one short
    const fired = await tick(6_000, 31, -3); // 1,000 good
    expect(fired).toHaveLength(1);
    expect(await tick(6_500, 40, -2)).toEqual([]);
    const orders = await ok(tech, 'GET', '/api/maintenance/work-orders?plan=PM-L2-PK-SEAL');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      number: fired[0],
      kind: 'preventive',
      station: 'PK',
      dueCount: 1_000,
      plan: 'PM-L2-PK-SEAL',
      title: 'Replace the can-seamer seals',
    });
    expect(await ok(tech, 'GET', '/api/maintenance/plans/PM-L2-PK-SEAL')).toMatchObject({
      lastDueIndex: 1,
      next: { index: 2, dueCount: 2_000, count: 1_500, remaining: 500 },
    });
    // Due now, for an hour: on the due list, and overdue once its window has passed.
    const due = await ok(tech, 'GET', '/api/maintenance/work-orders/due?days=0');
    expect(due.map((w: Json) => [w.number, w.overdue])).toEqual([[fired[0], false]]);
    now = at(130).getTime();
    const late = await ok(tech, 'GET', '/api/maintenance/work-orders/due?days=0');
    expect(late.map((w: Json) => [w.number, w.overdue])).toEqual([[fired[0], true]]);
  });

  it('reserve a planned job’s window, and the next line plan puts no order on the line in it', async () => {
    const created = await call(tech, 'POST', '/api/maintenance/plans', {
      code: 'PM-L1-MONTHLY',
      title: 'Monthly inspection of line 1',
      line: 'L1',
      trigger: 'calendar',
      everyDays: 28,
      firstDue: '2027-03-15',
      durationMinutes: 16 * 60,
      needsLineDown: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const jobs = (await ok(
      tech,
      'GET',
      '/api/maintenance/work-orders?plan=PM-L1-MONTHLY',
    )) as Json[];
    expect(jobs).toHaveLength(1);
    const job = jobs[0] as Json;
    // The day's first shift starts at 06:00; the job takes the day's two shifts.
    const windowFrom = Date.parse('2027-03-15T06:00:00-04:00');
    const windowTo = Date.parse('2027-03-15T22:00:00-04:00');
    expect(job).toMatchObject({
      kind: 'preventive',
      line: 'L1',
      station: null,
      window: { from: new Date(windowFrom).toISOString(), to: new Date(windowTo).toISOString() },
    });
    const outages = await ok(planner, 'GET', '/api/planning/outages');
    expect(outages).toEqual([
      expect.objectContaining({
        line: 'L1',
        source: 'maintenance',
        sourceRef: job.number,
        from: new Date(windowFrom).toISOString(),
        to: new Date(windowTo).toISOString(),
      }),
    ]);

    await ok(keeper, 'POST', '/api/shipping/orders', {
      customer: 'EJ-LOG',
      priority: 'urgent',
      lines: [{ product: 'C762-BALL', quantity: 400_000, due: '2027-03-17' }],
    });
    const { plan } = await ok(planner, 'POST', '/api/planning/schedule', { budgetMs: 200 });
    expect(plan.problems).toEqual([]);
    expect(plan.orders.length).toBeGreaterThan(0);
    expect(plan.unavailable).toContainEqual(
      expect.objectContaining({
        line: 'L1',
        kind: 'outage',
        end: new Date(windowTo).toISOString(),
      }),
    );
    for (const order of plan.orders.filter((o: Json) => o.line === 'L1')) {
      expect(Date.parse(order.start), order.reference).toBeGreaterThanOrEqual(windowTo);
    }
    // L2 works meanwhile.
    expect(plan.orders.some((o: Json) => o.line === 'L2' && Date.parse(o.start) < windowTo)).toBe(
      true,
    );

    // Done early: the rest of the window is free again.
    const url = `/api/maintenance/work-orders/${job.number}`;
    await ok(tech, 'POST', `${url}/take`, {});
    await ok(tech, 'POST', `${url}/close`, { action: 'inspected, nothing found' });
    expect(await ok(planner, 'GET', '/api/planning/outages')).toEqual([]);
    // Generating again makes nothing for the same due point.
    expect(await generatePreventive(watch())).toEqual([]);
  });

  it('refuse bad plans naming the field, and a second plan with the same code', async () => {
    const base = { code: 'PM-X', title: 'x', line: 'L1' };
    const bad = async (body: Json, path: string) => {
      const response = await call(tech, 'POST', '/api/maintenance/plans', { ...base, ...body });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors.map((e: Json) => e.path)).toEqual([path]);
    };
    await bad({ trigger: 'counter', counter: 'cycles', every: 500 }, 'station');
    await bad({ trigger: 'calendar', everyDays: 0 }, 'everyDays');
    await bad({ trigger: 'calendar', everyDays: 7, firstDue: '2027-03-01' }, 'firstDue');
    await bad({ trigger: 'counter', counter: 'strokes', every: 5, station: 'CF' }, 'counter');
    await bad({ trigger: 'calendar', everyDays: 7, station: 'ZZ' }, 'station');
    const again = await call(tech, 'POST', '/api/maintenance/plans', {
      ...base,
      code: 'PM-L1-MONTHLY',
      trigger: 'calendar',
      everyDays: 7,
    });
    expect(again.status).toBe(409);
    expect((await call(planner, 'POST', '/api/maintenance/plans', { ...base })).status).toBe(403);
  });
});

describe('spare parts', () => {
  let order: Json;
  let lot: Json;

  it('are received into the maintenance store and listed with their reorder state', async () => {
    lot = await ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'SP-BEARING-6205',
      supplier: 'SUP-SPARES',
      supplierLot: 'SKF-2027-0113',
      quantity: 30,
      location: 'ST-SPARES',
    });
    const parts = await ok(viewer, 'GET', '/api/maintenance/spare-parts');
    expect(parts.map((p: Json) => p.material)).toEqual([
      'SP-BEARING-6205',
      'SP-BELT-HTD8M',
      'SP-SENSOR-M18',
      'SP-VALVE-52',
    ]);
    expect(parts[0]).toMatchObject({
      onHand: 30,
      reserved: 0,
      onOrder: 0,
      position: 30,
      reorderPoint: 20,
      belowReorderPoint: false,
      locations: [{ location: 'ST-SPARES', quantity: 30 }],
    });
    // Nothing of the others: all short.
    const short = await ok(viewer, 'GET', '/api/maintenance/spare-parts/shortages');
    expect(short.map((p: Json) => [p.material, p.suggestedOrder])).toEqual([
      ['SP-BELT-HTD8M', 12],
      ['SP-SENSOR-M18', 20],
      ['SP-VALVE-52', 8],
    ]);
  });

  it('are reserved for a work order, which can put them on the shortage list', async () => {
    order = (
      await call(operator, 'POST', '/api/maintenance/requests', {
        kind: 'corrective',
        line: 'L3',
        station: 'CF',
        title: 'Noisy feeder drive',
      })
    ).body;
    const reserved = await ok(
      tech,
      'POST',
      `/api/maintenance/work-orders/${order.number}/reservations`,
      { material: 'SP-BEARING-6205', quantity: 12 },
    );
    expect(reserved.reservations).toEqual([
      { material: 'SP-BEARING-6205', quantity: 12, issued: 0, released: false },
    ]);
    const [bearing] = (await ok(viewer, 'GET', '/api/maintenance/spare-parts')) as Json[];
    expect(bearing).toMatchObject({
      reserved: 12,
      available: 18,
      position: 18,
      belowReorderPoint: true,
    });
    const short = await ok(viewer, 'GET', '/api/maintenance/spare-parts/shortages');
    expect(short[0]).toMatchObject({ material: 'SP-BEARING-6205', suggestedOrder: 50 });
    // On order: a purchase order due later brings it back over the reorder point.
    await ok(planner, 'POST', '/api/planning/purchase-orders', {
      reference: 'PO-SP-0001',
      supplier: 'SUP-SPARES',
      material: 'SP-BEARING-6205',
      quantity: 50,
      due: '2027-04-05',
    });
    const [ordered] = (await ok(viewer, 'GET', '/api/maintenance/spare-parts')) as Json[];
    expect(ordered).toMatchObject({ onOrder: 50, position: 68, belowReorderPoint: false });
  });

  it('leave the stock ledger when issued to the work order', async () => {
    const url = `/api/maintenance/work-orders/${order.number}/issues`;
    const key = { 'idempotency-key': 'issue-bearings-0001' };
    const issued = await call(
      tech,
      'POST',
      url,
      { material: 'SP-BEARING-6205', quantity: 10 },
      key,
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    // Sent again with its key: issued once.
    expect(
      (await call(tech, 'POST', url, { material: 'SP-BEARING-6205', quantity: 10 }, key)).status,
    ).toBe(200);
    const detail = await ok(tech, 'GET', `/api/maintenance/work-orders/${order.number}`);
    expect(detail.issues).toEqual([
      expect.objectContaining({
        material: 'SP-BEARING-6205',
        lot: lot.number,
        location: 'ST-SPARES',
        quantity: 10,
      }),
    ]);
    expect(detail.reservations[0]).toMatchObject({ quantity: 12, issued: 10 });

    const movements = await ok(keeper, 'GET', `/api/storage/lots/${lot.number}/movements`);
    expect(movements.map((m: Json) => [m.kind, m.quantity, m.from, m.to])).toEqual([
      ['receipt', 30, null, 'ST-SPARES'],
      ['consumption', 10, 'ST-SPARES', null],
    ]);
    expect(movements[1]).toMatchObject({
      workOrderId: order.id,
      reason: `issued to maintenance work order ${order.number}`,
      actor: 'tomas',
    });
    const stock = await ok(keeper, 'GET', '/api/storage/stock?location=ST-SPARES');
    expect(stock).toEqual([expect.objectContaining({ lot: lot.number, quantity: 20 })]);
    const [bearing] = (await ok(viewer, 'GET', '/api/maintenance/spare-parts')) as Json[];
    expect(bearing).toMatchObject({ onHand: 20, reserved: 2 });
  });

  it('are refused beyond the stock, to a closed order, or when not a spare part', async () => {
    const url = `/api/maintenance/work-orders/${order.number}/issues`;
    const tooMany = await call(tech, 'POST', url, { material: 'SP-BEARING-6205', quantity: 25 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'insufficient_stock' });
    expect(tooMany.body.detail).toMatch(/20 on hand/);
    const notSpare = await call(tech, 'POST', url, { material: 'PRIMER-762', quantity: 1 });
    expect(notSpare.status).toBe(400);
    expect(notSpare.body.errors).toEqual([
      {
        path: 'material',
        message: 'not a spare part',
        code: 'not_a_spare_part',
        params: { material: 'PRIMER-762' },
      },
    ]);
    const half = await call(tech, 'POST', url, { material: 'SP-BEARING-6205', quantity: 0.5 });
    expect(half.status).toBe(400);
    expect(half.body.errors).toMatchObject([
      { path: 'quantity', message: 'expected a whole number', code: 'expected_whole_number' },
    ]);
    const negative = await call(tech, 'POST', url, { material: 'SP-BEARING-6205', quantity: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].path).toBe('quantity');

    await ok(tech, 'POST', `/api/maintenance/work-orders/${order.number}/take`, {});
    await ok(tech, 'POST', `/api/maintenance/work-orders/${order.number}/close`, {
      cause: 'worn bearing',
      action: 'replaced both drive bearings',
    });
    const closed = await call(tech, 'POST', url, { material: 'SP-BEARING-6205', quantity: 1 });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('work_order_not_open');
    // Closing released what was reserved and not issued.
    const [bearing] = (await ok(viewer, 'GET', '/api/maintenance/spare-parts')) as Json[];
    expect(bearing).toMatchObject({ onHand: 20, reserved: 0 });
  });
});

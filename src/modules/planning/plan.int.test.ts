// The line plan over HTTP on a real database: customer orders and a forecast
// become the master schedule's proposals, the scheduler plans them with a
// released work order frozen at the head of its line, the independent
// validator finds nothing wrong, a line marked down is planned around with
// few orders moved, and material requirements follow the plan's dates. An
// order on hold is left out with its reason coded, and a plan stored before
// findings had codes still reads, as its English sentences.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { plans } from './schema.js';

const now = new Date('2027-03-15T12:00:00-04:00');
let store: Store;
let app: App;
let planner: Session;
let keeper: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field
type Json = { [key: string]: any };

async function call(
  session: Session,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return app.inject({
    method,
    url,
    headers: session.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

async function ok(
  session: Session,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  const response = await call(session, method, url, payload);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.statusCode === 204 ? {} : (response.json() as Json);
}

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    clock: () => now,
    authPolicy: {
      maxFailedAttempts: 5,
      lockoutMs: 60_000,
      sessionTtlMs: 86_400_000,
      sessionIdleMs: 86_400_000,
    },
  });
  await app.ready();
  planner = await signInAs(app, store.db, 'pablo', ['planner']);
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

const LINES_OF: Record<string, string[]> = {
  'C762-BALL': ['L1', 'L2'],
  'C762-TRACER': ['L3', 'L4'],
  'C762-BLANK': ['L3', 'L4'],
};

describe('the line plan', () => {
  let released: Json;

  it('has no plan before the first, and keeps the planner alone to make one', async () => {
    expect((await ok(planner, 'GET', '/api/planning/schedule')).plan).toBeNull();
    expect((await call(keeper, 'POST', '/api/planning/schedule', {})).statusCode).toBe(403);
  });

  it('plans orders, forecast and a released work order (validator: no problems)', async () => {
    await ok(keeper, 'POST', '/api/shipping/orders', {
      customer: 'EJ-LOG',
      priority: 'high',
      lines: [
        { product: 'C762-BALL', quantity: 1_500_000, due: '2027-03-26' },
        { product: 'C762-BLANK', quantity: 300_000, due: '2027-03-31' },
      ],
    });
    const urgent = await ok(keeper, 'POST', '/api/shipping/orders', {
      customer: 'EJ-LOG',
      priority: 'urgent',
      lines: [{ product: 'C762-TRACER', quantity: 400_000, due: '2027-03-24' }],
    });
    expect(urgent.priority).toBe('urgent');
    await ok(planner, 'PUT', '/api/planning/forecasts', {
      product: 'C762-TRACER',
      weeks: [{ week: '2027-04-05', quantity: 500_000 }],
    });
    const order = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L2',
      quantity: 200_000,
    });
    released = await ok(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});

    const { plan } = await ok(planner, 'POST', '/api/planning/schedule', { budgetMs: 300 });
    expect(plan.problems).toEqual([]);
    expect(plan.unplanned).toEqual([]);
    for (const o of plan.orders) expect(LINES_OF[o.product], o.reference).toContain(o.line);
    // The released work order is frozen at the head of L2.
    const l2 = plan.orders
      .filter((o: Json) => o.line === 'L2')
      .sort((a: Json, b: Json) => a.start.localeCompare(b.start));
    expect(l2[0]).toMatchObject({ id: released.id, frozen: 'released', kind: 'work_order' });
    // Every unit the master schedule asks for is planned.
    const mps = await ok(planner, 'GET', '/api/planning/mps?weeks=26');
    for (const p of mps.products) {
      const planned = p.rows.reduce((sum: number, r: Json) => sum + r.planned, 0);
      const proposed = plan.orders
        .filter((o: Json) => o.kind === 'proposal' && o.product === p.product)
        .reduce((sum: number, o: Json) => sum + o.quantity, 0);
      expect(proposed, p.product).toBe(planned);
    }
    const ball = mps.products.find((p: Json) => p.product === 'C762-BALL');
    // 1.5 M due in the week of 22 March, less the 200,000 the released order makes.
    expect(ball.rows.find((r: Json) => r.week === '2027-03-22')).toMatchObject({
      orders: 1_500_000,
      demand: 1_500_000,
    });
    expect(ball.rows.reduce((s: number, r: Json) => s + r.planned, 0)).toBe(1_300_000);
    expect(plan.objective.changeoverMinutes).toBeGreaterThanOrEqual(0);
    expect((await ok(planner, 'GET', '/api/planning/schedule')).plan.id).toBe(plan.id);
  });

  it('plans around a line marked down, moving few orders', async () => {
    const before = (await ok(planner, 'GET', '/api/planning/schedule')).plan;
    const to = new Date(now.getTime() + 21 * 86_400_000).toISOString();
    const outage = await ok(planner, 'POST', '/api/planning/outages', {
      line: 'L3',
      from: now.toISOString(),
      to,
      reason: 'Crimping turret broken',
    });
    expect((await ok(planner, 'GET', '/api/planning/outages')).map((o: Json) => o.id)).toEqual([
      outage.id,
    ]);
    const { plan } = await ok(planner, 'POST', '/api/planning/schedule', { budgetMs: 300 });
    expect(plan.problems).toEqual([]);
    for (const o of plan.orders.filter((p: Json) => p.line === 'L3'))
      expect(o.start >= to, o.reference).toBe(true);
    expect(plan.unavailable).toContainEqual(
      expect.objectContaining({ line: 'L3', kind: 'outage', reason: 'Crimping turret broken' }),
    );
    const moved = plan.orders.filter((o: Json) => {
      const was = before.orders.find((b: Json) => b.id === o.id);
      return was && was.line !== o.line;
    });
    expect(plan.objective.moved).toBe(moved.length);
    // Only tracer and blank orders had anywhere to go, and only from L3.
    for (const o of moved) expect(o.line).toBe('L4');
    await ok(planner, 'DELETE', `/api/planning/outages/${outage.id}`);
    expect(await ok(planner, 'GET', '/api/planning/outages')).toEqual([]);
    expect((await call(planner, 'DELETE', `/api/planning/outages/${outage.id}`)).statusCode).toBe(
      409,
    );
  });

  it('dates material requirements by the plan', async () => {
    const plan = (await ok(planner, 'GET', '/api/planning/schedule')).plan;
    const requirements = await ok(planner, 'GET', '/api/planning/material-requirements');
    const primers = requirements.find((r: Json) => r.material === 'PRIMER-762');
    // Nothing is in stock: the shortage starts on the first order's start day and names plan orders.
    expect(primers.shortage.startsOn).toBe('2027-03-15');
    const references = new Set(plan.orders.map((o: Json) => `${o.reference} on ${o.line}`));
    for (const stop of primers.shortage.stops)
      expect(references.has(stop.source), stop.source).toBe(true);
  });

  it('firms proposals into work orders that keep their place, due date and priority', async () => {
    const plan = (await ok(planner, 'GET', '/api/planning/schedule')).plan;
    const proposals = plan.orders
      .filter((o: Json) => o.kind === 'proposal' && o.product === 'C762-TRACER')
      .slice(0, 2);
    expect(proposals.length).toBe(2);
    const stale = await call(planner, 'POST', '/api/planning/schedule/firm', {
      planId: '00000000-0000-4000-8000-000000000000',
      proposals: [proposals[0].id],
    });
    expect(stale.statusCode).toBe(409);
    const wrong = await call(planner, 'POST', '/api/planning/schedule/firm', {
      planId: plan.id,
      proposals: [proposals[0].id, 'MPS:nothing'],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().detail).toMatch(/^proposals\.1: /);
    const firmed = await ok(planner, 'POST', '/api/planning/schedule/firm', {
      planId: plan.id,
      proposals: proposals.map((p: Json) => p.id),
    });
    expect(firmed.workOrders.map((w: Json) => [w.line, w.quantity])).toEqual(
      proposals.map((p: Json) => [p.line, p.quantity]),
    );
    const order = await ok(
      planner,
      'GET',
      `/api/production/work-orders/${firmed.workOrders[0].id}`,
    );
    expect(order).toMatchObject({
      state: 'planned',
      product: 'C762-TRACER',
      line: proposals[0].line,
    });
    // Firming again the same proposals: they are work orders now.
    expect(
      (
        await call(planner, 'POST', '/api/planning/schedule/firm', {
          planId: firmed.plan.id,
          proposals: [proposals[0].id],
        })
      ).statusCode,
    ).toBe(400);

    // The next plan keeps them where they were, as work orders with the proposals' due dates and priorities.
    const next = (await ok(planner, 'POST', '/api/planning/schedule', { budgetMs: 300 })).plan;
    expect(next.problems).toEqual([]);
    for (const [i, made] of firmed.workOrders.entries()) {
      const placed = next.orders.find((o: Json) => o.id === made.id);
      expect(placed).toMatchObject({
        kind: 'work_order',
        reference: made.number,
        line: made.line,
        due: proposals[i].due,
        priority: proposals[i].priority,
      });
    }
    // Still nothing but what the schedule asks for: firmed quantities come off the proposals.
    const mps = await ok(planner, 'GET', '/api/planning/mps?weeks=26');
    const tracer = mps.products.find((p: Json) => p.product === 'C762-TRACER');
    const proposed = next.orders
      .filter((o: Json) => o.kind === 'proposal' && o.product === 'C762-TRACER')
      .reduce((s: number, o: Json) => s + o.quantity, 0);
    expect(proposed).toBe(tracer.rows.reduce((s: number, r: Json) => s + r.planned, 0));
  });

  it('refuses bad outages with the field named', async () => {
    const unknown = await call(planner, 'POST', '/api/planning/outages', {
      line: 'L9',
      from: now.toISOString(),
      reason: 'x',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toMatch(/^line: unknown line/);
    const backwards = await call(planner, 'POST', '/api/planning/outages', {
      line: 'L1',
      from: now.toISOString(),
      to: new Date(now.getTime() - 3_600_000).toISOString(),
      reason: 'x',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().detail).toMatch(/^to:/);
    expect(
      (await call(planner, 'POST', '/api/planning/schedule', { budgetMs: 5 })).statusCode,
    ).toBe(400);
  });

  it('leaves an order on hold out of the plan, saying why in a code with its values', async () => {
    const order = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BLANK',
      line: 'L4',
      quantity: 50_000,
    });
    await ok(planner, 'POST', `/api/production/work-orders/${order.id}/hold`, {
      reason: 'NCR-17',
    });
    const { plan } = await ok(planner, 'POST', '/api/planning/schedule', { budgetMs: 300 });
    expect(plan.unplanned).toEqual([
      {
        id: order.id,
        code: 'order_on_hold',
        params: { reference: order.number },
        text: `${order.number} is on hold`,
      },
    ]);
    expect(plan.orders.some((o: Json) => o.id === order.id)).toBe(false);
  });

  it('reads a plan stored before findings had codes: their English text, code null', async () => {
    const { plan } = await ok(planner, 'GET', '/api/planning/schedule');
    const id = '00000000-0000-4000-8000-0000000000aa';
    const {
      id: _id,
      createdAt: _at,
      createdBy: _by,
      origin: _origin,
      budgetMs: _budget,
      ...document
    } = plan;
    await store.db.insert(plans).values({
      id,
      createdAt: new Date(Date.parse(plan.createdAt) + 1000),
      createdBy: 'pablo',
      origin: new Date(plan.origin),
      budgetMs: plan.budgetMs,
      document: {
        ...document,
        unplanned: [{ id: 'w-old', reason: 'WO-000001 is on hold' }],
        problems: ['w-x is planned twice'],
      },
    });
    const read = (await ok(planner, 'GET', '/api/planning/schedule')).plan;
    expect(read.id).toBe(id);
    expect(read.unplanned).toEqual([
      { id: 'w-old', code: null, params: {}, text: 'WO-000001 is on hold' },
    ]);
    expect(read.problems).toEqual([{ code: null, params: {}, text: 'w-x is planned twice' }]);
  });
});

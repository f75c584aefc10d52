// Work orders over HTTP on a real database: a planner plans and releases, an
// operator runs the order; every command is one transaction with its events
// and audit entry; refusals write nothing; a retried command counts once.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import { rowsOf } from '../../core/db/rows.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';

let store: Store;
let app: App;
let planner: Session;
let operator: Session;
let viewer: Session;

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }) });
  await app.ready();
  planner = await signInAs(app, store.db, 'pia', ['planner']);
  operator = await signInAs(app, store.db, 'oscar', ['line_operator']);
  viewer = await signInAs(app, store.db, 'vera', ['viewer']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

const post = (
  session: Session,
  url: string,
  payload: unknown = {},
  headers: Record<string, string> = {},
) =>
  app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers: { ...session.headers, ...headers },
  });

async function countRows(table: string): Promise<number> {
  const result = await store.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  return (result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? -1;
}

async function plan(quantity = 100_000, line = 'L3', product = 'C762-TRACER') {
  const response = await post(planner, '/api/production/work-orders', { product, line, quantity });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string; state: string };
}

describe('work orders', () => {
  it('runs from planned to closed through the roles that own each step', async () => {
    const order = await plan();
    expect(order.state).toBe('planned');
    expect(order.number).toMatch(/^WO-\d{6}$/);
    const base = `/api/production/work-orders/${order.id}`;

    expect((await post(planner, `${base}/release`)).json().state).toBe('released');
    expect((await post(operator, `${base}/start`)).json().state).toBe('running');
    const paused = await post(operator, `${base}/pause`, { reason: 'MECH-CS', note: 'crimp die' });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().state).toBe('paused');
    expect((await post(operator, `${base}/resume`)).json().state).toBe('running');
    const scrapped = await post(operator, `${base}/scrap`, { quantity: 120, reason: 'SCR-CRIMP' });
    expect(scrapped.statusCode, scrapped.body).toBe(200);
    expect(scrapped.json()).toMatchObject({
      recordedScrap: 120,
      scrapEntries: 1,
      recentScrap: [{ quantity: 120, reason: 'SCR-CRIMP', actor: 'oscar' }],
    });
    expect((await post(operator, `${base}/complete`)).json().state).toBe('completed');
    const closed = await post(planner, `${base}/close`);
    expect(closed.json().state).toBe('closed');
    expect(closed.json().history.map((t: { to: string }) => t.to)).toEqual([
      'planned',
      'released',
      'running',
      'paused',
      'running',
      'completed',
      'closed',
    ]);

    const events = await app.inject({
      method: 'GET',
      url: `${base}/events`,
      headers: viewer.headers,
    });
    const types = events.json().map((e: { type: string }) => e.type);
    expect(types).toContain('output_lot.open_requested');
    expect(types.filter((t: string) => t === 'work_order.state_changed')).toHaveLength(6);
  });

  it('refuses an illegal transition with the state and what it allows, and writes nothing', async () => {
    const order = await plan();
    const eventsBefore = await countRows('production.work_order_events');
    const auditBefore = await countRows('audit.entries');
    const response = await post(operator, `/api/production/work-orders/${order.id}/start`);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'illegal_transition' });
    expect(response.json().detail).toMatch(/planned/);
    expect(await countRows('production.work_order_events')).toBe(eventsBefore);
    expect(await countRows('audit.entries')).toBe(auditBefore);
  });

  it('refuses a pause without a reportable downtime reason, naming the field or the code', async () => {
    const order = await plan();
    const base = `/api/production/work-orders/${order.id}`;
    await post(planner, `${base}/release`);
    await post(operator, `${base}/start`);
    const missing = await post(operator, `${base}/pause`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('reason');
    const unknown = await post(operator, `${base}/pause`, { reason: 'NOT-A-REASON' });
    expect(unknown.statusCode).toBe(400);
  });

  it('refuses a product the line does not make', async () => {
    const response = await post(planner, '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L3',
      quantity: 1000,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('product_not_made_on_line');
  });

  it('lets each role do only its part', async () => {
    const order = await plan();
    const base = `/api/production/work-orders/${order.id}`;
    expect((await post(operator, `${base}/release`)).statusCode).toBe(403);
    expect(
      (
        await post(viewer, '/api/production/work-orders', {
          product: 'C762-BALL',
          line: 'L1',
          quantity: 1,
        })
      ).statusCode,
    ).toBe(403);
    await post(planner, `${base}/release`);
    expect((await post(planner, `${base}/start`)).statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: base, headers: viewer.headers })).statusCode,
    ).toBe(200);
  });

  it('applies a command retried with the same idempotency key once', async () => {
    const order = await plan();
    const base = `/api/production/work-orders/${order.id}`;
    await post(planner, `${base}/release`);
    await post(operator, `${base}/start`);
    const key = { 'idempotency-key': `scrap-${order.id}` };
    const first = await post(
      operator,
      `${base}/scrap`,
      { quantity: 7, reason: 'SCR-DENTED-CASE' },
      key,
    );
    const again = await post(
      operator,
      `${base}/scrap`,
      { quantity: 7, reason: 'SCR-DENTED-CASE' },
      key,
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ recordedScrap: 7, scrapEntries: 1 });
    const reused = await post(operator, `${base}/pause`, { reason: 'MECH-CS' }, key);
    expect(reused.statusCode).toBe(409);
  });

  it('serialises concurrent commands on one order', async () => {
    const order = await plan();
    const base = `/api/production/work-orders/${order.id}`;
    await post(planner, `${base}/release`);
    await post(operator, `${base}/start`);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        post(operator, `${base}/scrap`, { quantity: i + 1, reason: 'SCR-DENTED-CASE' }),
      ),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const final = await app.inject({ method: 'GET', url: base, headers: viewer.headers });
    expect(final.json()).toMatchObject({ recordedScrap: 15, scrapEntries: 5 });
    expect(final.json().recentScrap).toHaveLength(5);
  });
});

describe("a work order's scrap records", () => {
  const read = (url: string) => app.inject({ method: 'GET', url, headers: viewer.headers });

  /** A planned order, released and started: ready for scrap. */
  async function running() {
    const order = await plan();
    const base = `/api/production/work-orders/${order.id}`;
    await post(planner, `${base}/release`);
    await post(operator, `${base}/start`);
    return { order, base };
  }

  async function documentOf(id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = rowsOf<{ document: Record<string, unknown> }>(
      await store.db.execute(sql`select document from production.work_orders where id = ${id}`),
    );
    return row?.document;
  }

  /** The order's document as orders were kept before migration 0021: every record in it, no totals. */
  async function writeOldShape(id: string, records: unknown[]) {
    await store.db.execute(sql`
      update production.work_orders
      set document = (document - 'recordedScrap' - 'scrapEntries' - 'recentScrap')
        || jsonb_build_object('scrapRecords', ${JSON.stringify(records)}::jsonb)
      where id = ${id}`);
  }

  it('keeps the latest in the order and every one, with totals by reason, at /scrap', async () => {
    const { base } = await running();
    for (let n = 1; n <= 30; n++) {
      const reason = n % 3 === 0 ? 'SCR-CRIMP' : 'SCR-DENTED-CASE';
      const response = await post(operator, `${base}/scrap`, { quantity: n, reason });
      expect(response.statusCode, response.body).toBe(200);
    }
    const sizeAt30 = (await read(base)).body.length;
    await post(operator, `${base}/scrap`, { quantity: 1, reason: 'SCR-CRIMP' });
    const held = await read(base);
    // The order no longer grows with each record.
    expect(Math.abs(held.body.length - sizeAt30)).toBeLessThan(20);
    expect(held.json().recordedScrap).toBe(466);
    expect(held.json().scrapEntries).toBe(31);
    expect(held.json().recentScrap.map((r: { quantity: number }) => r.quantity)).toEqual([
      22, 23, 24, 25, 26, 27, 28, 29, 30, 1,
    ]);

    const all = await read(`${base}/scrap?limit=5`);
    expect(all.statusCode, all.body).toBe(200);
    // 3 + 6 + … + 30 = 165, and the last record's 1; the rest dented cases.
    expect(all.json()).toEqual({
      units: 466,
      entries: 31,
      byReason: [
        { reason: 'SCR-DENTED-CASE', units: 300, entries: 20 },
        { reason: 'SCR-CRIMP', units: 166, entries: 11 },
      ],
      records: [
        { quantity: 1, reason: 'SCR-CRIMP', at: expect.any(String), actor: 'oscar' },
        { quantity: 30, reason: 'SCR-CRIMP', at: expect.any(String), actor: 'oscar' },
        { quantity: 29, reason: 'SCR-DENTED-CASE', at: expect.any(String), actor: 'oscar' },
        { quantity: 28, reason: 'SCR-DENTED-CASE', at: expect.any(String), actor: 'oscar' },
        { quantity: 27, reason: 'SCR-CRIMP', at: expect.any(String), actor: 'oscar' },
      ],
    });
  });

  it('answers 404 for an order that does not exist, and 400 naming a bad limit', async () => {
    const missing = await read(
      '/api/production/work-orders/00000000-0000-4000-8000-000000000000/scrap',
    );
    expect(missing.statusCode).toBe(404);
    const order = await plan();
    const bad = await read(`/api/production/work-orders/${order.id}/scrap?limit=0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('limit');
  });

  it('moves the records of an order written before the totals into them (migration 0021)', async () => {
    const { order } = await running();
    const records = Array.from({ length: 12 }, (_, i) => ({
      quantity: i + 1,
      reason: 'SCR-CRIMP',
      at: `2027-03-01T10:${String(i).padStart(2, '0')}:00.000Z`,
      actor: 'oscar',
    }));
    await writeOldShape(order.id, records);
    const migration = readFileSync(
      new URL('../../../migrations/0021_work_order_scrap_totals.sql', import.meta.url),
      'utf8',
    );
    await store.db.execute(sql.raw(migration));
    const migrated = await documentOf(order.id);
    expect(migrated).not.toHaveProperty('scrapRecords');
    expect(migrated).toMatchObject({
      recordedScrap: 78,
      scrapEntries: 12,
      recentScrap: records.slice(2),
      state: 'running',
    });
    // An order without records gets zero totals; one already migrated is left alone.
    const fresh = await plan();
    await writeOldShape(fresh.id, []);
    await store.db.execute(sql.raw(migration));
    expect(await documentOf(fresh.id)).toMatchObject({
      recordedScrap: 0,
      scrapEntries: 0,
      recentScrap: [],
    });
    expect(await documentOf(order.id)).toEqual(migrated);
  });
});

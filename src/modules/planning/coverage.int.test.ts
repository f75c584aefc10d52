// Coverage over HTTP on a real database: released primers against a planned
// work order that needs more than there is, and a customer order for
// cartridges the plant has none of yet.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { decide } from '../genealogy/index.js';

const now = new Date('2027-03-15T12:00:00-04:00');
let store: Store;
let app: App;
let planner: Session;
let keeper: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field
type Json = { [key: string]: any };

async function ok(session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: session.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as Json;
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

describe('coverage', () => {
  it('compares released stock with unmade work orders and open customer orders', async () => {
    const primers = await ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-COV',
      quantity: 3_000,
      location: 'MAG-04',
    });
    await decide({ db: store.db, clock: () => now }, primers.number, 'release', 'quinn');
    await ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-COV-2',
      quantity: 1_000,
      location: 'MAG-04',
    });
    await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L1',
      quantity: 5_000,
    });
    await ok(planner, 'POST', '/api/shipping/orders', {
      customer: 'EJ-LOG',
      lines: [{ product: 'C762-BALL', quantity: 2_000, due: '2027-03-25' }],
    });

    const coverage = await ok(planner, 'GET', '/api/planning/coverage');
    expect(coverage.today).toBe('2027-03-15');
    const primer = (coverage.components as Json[]).find((c) => c.material === 'PRIMER-762');
    // 3,000 released and 1,000 in quarantine; the planned order of 5,000 needs 5,000 (1,000 per 1,000).
    expect(primer).toMatchObject({
      released: 3_000,
      quarantine: 1_000,
      openWorkOrderNeed: 5_000,
      coversOpenWorkOrders: false,
      dailyUse: 0,
      daysOfSupply: null,
    });
    const propellant = (coverage.components as Json[]).find((c) => c.material === 'PROP-BALL');
    // 1.6 kg per 1,000 cartridges: 8 kg for 5,000.
    expect(propellant).toMatchObject({ openWorkOrderNeed: 8, released: 0 });
    const ball = (coverage.products as Json[]).find((p) => p.product === 'C762-BALL');
    // None made yet: the 2,000 due on 25 March are short, 10 days from today.
    expect(ball).toEqual({
      product: 'C762-BALL',
      released: 0,
      quarantine: 0,
      onOrder: 2_000,
      forecast: 0,
      shortOn: '2027-03-25',
      daysOfSupply: 10,
      shortfall: 2_000,
    });
  });

  it('adds the forecast: each week’s demand is the larger of forecast and orders', async () => {
    const notMonday = await app.inject({
      method: 'PUT',
      url: '/api/planning/forecasts',
      headers: planner.headers,
      payload: { product: 'C762-BALL', weeks: [{ week: '2027-03-17', quantity: 1 }] },
    });
    expect(notMonday.statusCode).toBe(400);
    expect(notMonday.json().detail).toMatch(/2027-03-17 is not a Monday/);
    // This week 3,000 forecast (no orders); next week's 2,000 order is below its 2,500 forecast.
    const set = await app.inject({
      method: 'PUT',
      url: '/api/planning/forecasts',
      headers: planner.headers,
      payload: {
        product: 'C762-BALL',
        weeks: [
          { week: '2027-03-15', quantity: 3_000 },
          { week: '2027-03-22', quantity: 2_500 },
        ],
      },
    });
    expect(set.statusCode, set.body).toBe(200);
    const coverage = await ok(planner, 'GET', '/api/planning/coverage');
    const ball = (coverage.products as Json[]).find((p) => p.product === 'C762-BALL');
    // Nothing released: short from today; 3,000 + 2,500 forecast not taken up by orders = 3,500 of it left.
    expect(ball).toMatchObject({
      onOrder: 2_000,
      forecast: 3_500,
      shortOn: '2027-03-15',
      daysOfSupply: 0,
      shortfall: 5_500,
    });
  });

  it('lists component shortages from the unmade orders and the forecast, and the what-if of a supplier stopping', async () => {
    // Primers: 3,000 released. Needs: the planned order of 5,000 (today) and the forecast of 3,000 + 2,500
    // ball cartridges (weeks of 15 and 22 March) → 5,000 + 3,000 + 2,500 = 10,500 primers.
    // A purchase order of 6,000 due on 18 March covers the rest of this week's needs but not next week's.
    const po = await app.inject({
      method: 'POST',
      url: '/api/planning/purchase-orders',
      headers: planner.headers,
      payload: {
        reference: 'PO-7',
        supplier: 'SUP-PRIMERS',
        material: 'PRIMER-762',
        quantity: 6_000,
        due: '2027-03-18',
      },
    });
    expect(po.statusCode, po.body).toBe(201);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/planning/purchase-orders',
      headers: planner.headers,
      payload: {
        reference: 'PO-8',
        supplier: 'SUP-CASES',
        material: 'PRIMER-762',
        quantity: 1,
        due: '2027-03-18',
      },
    });
    expect(wrong.statusCode).toBe(400);
    const plans = (await ok(
      planner,
      'GET',
      '/api/planning/material-requirements',
    )) as unknown as Json[];
    const primers = plans.find((p) => p.material === 'PRIMER-762');
    // Today (15 Mar): the order's 5,000 and this week's forecast 3,000 = 8,000 against 3,000 in stock;
    // PO-7 arrives on 18 Mar, too late for today → 5,000 short from today.
    // 22 Mar: next week's 2,500 come from PO-7 → covered.
    expect(primers?.required).toBe(10_500);
    expect(primers?.shortage?.startsOn).toBe('2027-03-15');
    expect(primers?.fromReceipts).toBe(2_500);
    expect(primers?.shortage?.quantity).toBe(5_000);
    const whatIf = await ok(
      planner,
      'GET',
      '/api/planning/supplier-disruption?supplier=SUP-PRIMERS&from=2027-03-16',
    );
    // Without PO-7 the forecast week of 22 March runs short too.
    expect(whatIf.firstShort.map((f: Json) => f.source)).toEqual(
      expect.arrayContaining(['C762-BALL week 2027-03-22']),
    );
  });
});

// Stock, a lot's movements and signed cycle counts over HTTP on a real database.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { currentPlant, loadPlant } from '../plant/index.js';

let store: Store;
let app: App;
let keeper: Session & { password: string };
let viewer: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field
type Json = { [key: string]: any };

async function call(
  session: Session,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) {
  const response = await app.inject({
    method,
    url,
    headers: headers ?? session.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, body: response.json() as Json };
}

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }) });
  await app.ready();
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('stock and counts', () => {
  let a: Json;
  let b: Json;

  it('shows stock by location and lot, and a lot’s movements', async () => {
    const receive = async (supplierLot: string, quantity: number) =>
      (
        await call(keeper, 'POST', '/api/genealogy/lots/receipts', {
          material: 'CASE-762',
          supplier: 'SUP-CASES',
          supplierLot,
          quantity,
          location: 'ST-CASES',
        })
      ).body;
    a = await receive('VC-A', 10_000);
    b = await receive('VC-B', 4_000);
    const stock = await call(viewer, 'GET', '/api/storage/stock?location=ST-CASES');
    expect(stock.status).toBe(200);
    expect(stock.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ lot: a.number, material: 'CASE-762', quantity: 10_000 }),
        expect.objectContaining({ lot: b.number, material: 'CASE-762', quantity: 4_000 }),
      ]),
    );
    const history = await call(viewer, 'GET', `/api/storage/lots/${a.number}/movements`);
    expect(history.body).toEqual([
      expect.objectContaining({ kind: 'receipt', to: 'ST-CASES', quantity: 10_000, actor: 'kim' }),
    ]);
  });

  it('turns a count’s differences into signed adjustments, and a complete count zeroes what it does not list', async () => {
    const unsigned = await call(keeper, 'POST', '/api/storage/counts', {
      location: 'ST-CASES',
      reason: 'monthly count',
      lines: [{ lot: a.number, counted: 9_950 }],
    });
    expect(unsigned.status).toBe(400);
    const counted = await call(
      keeper,
      'POST',
      '/api/storage/counts',
      {
        location: 'ST-CASES',
        reason: 'monthly count',
        complete: true,
        lines: [{ lot: a.number, counted: 9_950 }],
      },
      signedHeaders(keeper, keeper.password),
    );
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    // Lot A: 10,000 → 9,950 (50 out); lot B not listed in a complete count: 4,000 → 0.
    expect(
      counted.body.adjustments.map((m: Json) => [
        m.lotId === a.id ? 'A' : 'B',
        m.from,
        m.to,
        m.quantity,
      ]),
    ).toEqual([
      ['A', 'ST-CASES', null, 50],
      ['B', 'ST-CASES', null, 4_000],
    ]);
    expect(counted.body.adjustments[0].reason).toBe('cycle count: monthly count');
    const stock = await call(viewer, 'GET', '/api/storage/stock?location=ST-CASES');
    expect(stock.body.map((s: Json) => [s.lot, s.quantity])).toEqual([[a.number, 9_950]]);
    const balance = await call(viewer, 'GET', `/api/genealogy/lots/${a.number}/mass-balance`);
    expect(balance.body).toMatchObject({
      in: 10_000,
      adjusted: -50,
      onHand: 9_950,
      balanced: true,
    });
    const viewerTries = await call(
      viewer,
      'POST',
      '/api/storage/counts',
      { location: 'ST-CASES', reason: 'x', lines: [] },
      signedHeaders(viewer),
    );
    expect(viewerTries.status).toBe(403);
  });

  it('refuses a count of an unknown location or a negative count, naming the field', async () => {
    const nowhere = await call(
      keeper,
      'POST',
      '/api/storage/counts',
      { location: 'NOWHERE', reason: 'x', lines: [] },
      signedHeaders(keeper, keeper.password),
    );
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.detail).toMatch(/location: unknown location "NOWHERE"/);
    const negative = await call(
      keeper,
      'POST',
      '/api/storage/counts',
      { location: 'ST-CASES', reason: 'x', lines: [{ lot: a.number, counted: -1 }] },
      signedHeaders(keeper, keeper.password),
    );
    expect(negative.status).toBe(400);
  });

  it('reports quantity-distance for every magazine, saying what it could not check', async () => {
    const report = await call(viewer, 'GET', '/api/storage/quantity-distance?basis=limit');
    expect(report.status).toBe(200);
    expect(report.body.magazines.map((m: Json) => m.code)).toEqual([
      'MAG-01',
      'MAG-02',
      'MAG-03',
      'MAG-04',
    ]);
    // The reference plant holds divisions 1.3 and 1.4 only, for which no factor is verified.
    expect(report.body.violations).toEqual([]);
    expect(report.body.gaps.length).toBe(12);
    expect(report.body.gaps[0]).toMatchObject({ magazine: 'MAG-01', kind: 'no_rule' });
    const byStock = await call(viewer, 'GET', '/api/storage/quantity-distance');
    expect(byStock.body.basis).toBe('stock');
  });

  it('checks a distance once the safety officer gives a factor, and reports a magazine too close', async () => {
    // A fixed 300 m from an HD 1.4 magazine to inhabited buildings (a plant-file factor, not a verified one):
    // MAG-01 at (400, 120) is 417.6 m from the offices at (0, 0) — √(400² + 120²) — and
    // MAG-04 at (380, 300) is 484.2 m from them; the canteen at (−60, 90) is 461.0 m from MAG-01.
    const { plant } = await currentPlant(store.db);
    await loadPlant(
      store.db,
      {
        ...plant,
        safety: {
          ...plant.safety,
          quantityDistance: {
            factors: [
              { division: '1.4', exposure: 'inhabited_building', fixedM: 450, note: 'test factor' },
            ],
          },
        },
      },
      { source: 'test', actor: 'safety-officer' },
    );
    const report = await call(viewer, 'GET', '/api/storage/quantity-distance?basis=limit');
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const mag01 = report.body.magazines.find((m: Json) => m.code === 'MAG-01');
    const offices = mag01.checks.find((c: Json) => c.target.code === 'OFICINAS');
    expect(offices).toMatchObject({ requiredM: 450, ok: false, division: '1.4' });
    expect(offices.actualM).toBeCloseTo(417.6, 1);
    expect(
      report.body.violations.some(
        (v: Json) => v.magazine === 'MAG-01' && v.target.code === 'OFICINAS',
      ),
    ).toBe(true);
  });
});

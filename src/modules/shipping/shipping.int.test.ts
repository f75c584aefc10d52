// Orders and shipments through the HTTP API on a real database. Two lots of
// ball cartridges are made a fortnight apart (lot A on line 1 from a primer
// lot, 4,000 made; lot B on line 2, 2,640 made), released and packed: lot A
// into six cans of 660 (two crates of two cans, one crate on a pallet, two
// cans on their own, 40 loose), lot B into four cans (one crate of two, two
// cans). Orders are allocated, picked to the dock and dispatched; the
// shipment ends the primer lot's forward trace. Every figure is worked out
// by hand in the comment beside it.
import pino from 'pino';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { machineEventRows } from '../../../test/support/machine-events.js';
import { buildApp } from '../../app.js';
import type { AuthPolicy } from '../../core/auth/service.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { decide, type GenealogyContext } from '../genealogy/index.js';
import { machineEvents } from '../telemetry/index.js';
import { shippingRoutes } from './index.js';

const at = (day: string, hhmm: string) => new Date(`2027-${day}T${hhmm}:00-04:00`);
let now = at('03-15', '05:00');
const clock = () => new Date(now);
// The last test moves the clock ten years on, to an expired lot: sessions outlive it.
const TEN_YEARS = 11 * 365 * 86_400_000;
const authPolicy: AuthPolicy = {
  maxFailedAttempts: 5,
  lockoutMs: 60_000,
  sessionTtlMs: TEN_YEARS,
  sessionIdleMs: TEN_YEARS,
};

let store: Store;
let app: App;
let keeper: Session & { password: string };
let operator: Session;
let planner: Session;
let viewer: Session;
const genealogy = (): GenealogyContext => ({ db: store.db, clock });

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field by the assertions
type Json = { [key: string]: any };

async function call(
  session: Session,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = session.headers,
): Promise<{ status: number; body: Json }> {
  const response = await app.inject({
    method,
    url,
    headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  const json = response.headers['content-type']?.toString().includes('json');
  return {
    status: response.statusCode,
    body: (json ? response.json() : { raw: response.rawPayload }) as Json,
  };
}

async function ok(session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const result = await call(session, method, url, payload);
  expect(result.status, JSON.stringify(result.body)).toBeLessThan(300);
  return result.body;
}

async function pdfText(url: string): Promise<string> {
  const pdf = await call(viewer, 'GET', url);
  expect(pdf.status).toBe(200);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.body.raw)), {
    mergePages: true,
  });
  return text;
}

/** Machine data of a line, as ingest stores it: cumulative good count at packing. */
async function lineCounts(line: string, day: string, counts: [string, number][]) {
  const row = machineEventRows(`shipping-test-${line}-${day}`, line);
  const rows = [];
  for (const s of ['CF', 'PR', 'CH', 'BS', 'CS', 'GA', 'PK']) {
    rows.push(row(at(day, '06:00'), s, 'State', 'running', true));
    rows.push(row(at(day, '06:00'), s, 'Counts/Good', 0, true));
    rows.push(row(at(day, '06:00'), s, 'Counts/Reject', 0, true));
  }
  for (const [hhmm, good] of counts) rows.push(row(at(day, hhmm), 'PK', 'Counts/Good', good));
  await store.db.insert(machineEvents).values(rows);
}

const lots: Json = {};
const units: Json = {};

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }), clock, authPolicy });
  // Until src/app.ts mounts the module, the test mounts it as app.ts will.
  if (!app.hasRoute({ method: 'GET', url: '/api/shipping/orders' })) {
    await app.register(
      shippingRoutes({ db: store.db, clock, auth: { db: store.db, policy: authPolicy, clock } }),
      { prefix: '/api/shipping' },
    );
  }
  await app.ready();
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  operator = await signInAs(app, store.db, 'olga', ['line_operator']);
  planner = await signInAs(app, store.db, 'pablo', ['planner']);
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);
  await lineCounts('L1', '03-15', [
    ['07:00', 2000],
    ['08:00', 4000],
  ]);
  await lineCounts('L2', '04-01', [['07:00', 2640]]);
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function makeLot(line: string, quantity: number, day: string, until: string) {
  const order = await ok(planner, 'POST', '/api/production/work-orders', {
    product: 'C762-BALL',
    line,
    quantity,
  });
  await ok(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
  now = at(day, '06:00');
  await ok(operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
  if (line === 'L1') {
    await ok(operator, 'POST', `/api/genealogy/work-orders/${order.id}/feeders/load`, {
      station: 'PR',
      lot: lots.primer?.number,
    });
  }
  now = at(day, until);
  await ok(operator, 'POST', `/api/production/work-orders/${order.id}/complete`, {});
  // The newest lot of the product is the one just made.
  const [lot] = (await ok(
    viewer,
    'GET',
    '/api/genealogy/lots?material=C762-BALL',
  )) as unknown as Json[];
  return lot as Json;
}

async function containers(kind: string, count: number, material?: string): Promise<Json[]> {
  return (await ok(operator, 'POST', '/api/genealogy/handling-units', {
    kind,
    location: 'QUAR-01',
    count,
    ...(material ? { material } : {}),
  })) as unknown as Json[];
}

const pack = (parent: Json, items: unknown[]) =>
  ok(operator, 'POST', `/api/genealogy/handling-units/${parent.serial}/pack`, { items });

describe('orders and shipments', () => {
  it('describes its routes in the OpenAPI document, each with its permission', async () => {
    const document = app.swagger() as Json;
    expect(Object.keys(document.paths).filter((p) => p.startsWith('/api/shipping/'))).toEqual(
      expect.arrayContaining([
        '/api/shipping/orders',
        '/api/shipping/orders/{number}/allocate',
        '/api/shipping/orders/{number}/picking-list',
        '/api/shipping/orders/{number}/dispatch',
        '/api/shipping/shipments/{number}/dangerous-goods.pdf',
      ]),
    );
    expect(document.components.schemas).toHaveProperty('DangerousGoodsDeclaration');
    const routes = app.routeCatalog.filter((r) => r.url.startsWith('/api/shipping/'));
    expect(routes.length).toBeGreaterThan(10);
    // Orders are entered by planners or storekeepers; moving and dispatching stock is the storekeeper's.
    for (const r of routes) {
      expect(r.access, `${r.method} ${r.url}`).toMatch(/^(storage\.(read|move)|orders\.manage)$/);
    }
    const entry = routes.find((r) => r.method === 'POST' && r.url === '/api/shipping/orders');
    expect(entry?.access).toBe('orders.manage');
    const dispatch = routes.find((r) => r.url.endsWith('/dispatch'));
    expect(dispatch?.access).toBe('storage.move');
  });

  it('makes two released lots of ball cartridges a fortnight apart', async () => {
    lots.primer = await ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-1',
      certificate: 'COC-1',
      quantity: 5000,
      location: 'MAG-04',
    });
    await decide(genealogy(), lots.primer.number, 'release', 'quinn');
    lots.A = await makeLot('L1', 4000, '03-15', '08:01');
    lots.B = await makeLot('L2', 2640, '04-01', '07:01');
    // Made lots expire 3,650 days after they were opened.
    expect(lots.A).toMatchObject({ quantity: 4000, expiresOn: '2037-03-12' });
    expect(lots.B).toMatchObject({ quantity: 2640, expiresOn: '2037-03-29' });
    for (const lot of [lots.A, lots.B]) await decide(genealogy(), lot?.number, 'release', 'quinn');
  });

  it('packs lot A onto a pallet, into crates and cans; lot B into a crate and cans', async () => {
    now = at('04-01', '09:00');
    const cans = await containers('can', 10, 'CAN-660');
    const crates = await containers('crate', 3, 'CRATE-1320');
    const [pallet] = await containers('pallet', 1);
    for (const [i, can] of cans.entries()) {
      await pack(can, [{ lot: (i < 6 ? lots.A : lots.B)?.number, quantity: 660 }]);
      units[`can${i + 1}`] = can;
    }
    // Lot A: cans 1–2 in crate A1 (on the pallet), 3–4 in crate A2, 5 and 6 on their own.
    // Lot B: cans 7–8 in crate B1, 9 and 10 on their own.
    const [a1, a2, b1] = crates as [Json, Json, Json];
    await pack(a1, [{ unit: cans[0]?.serial }, { unit: cans[1]?.serial }]);
    await pack(a2, [{ unit: cans[2]?.serial }, { unit: cans[3]?.serial }]);
    await pack(b1, [{ unit: cans[6]?.serial }, { unit: cans[7]?.serial }]);
    await pack(pallet as Json, [{ unit: a1.serial }]);
    Object.assign(units, { a1, a2, b1, pallet });
    // Released stock goes to the finished-goods magazine.
    await ok(keeper, 'POST', '/api/genealogy/handling-units/move', {
      serials: [
        pallet?.serial,
        a2.serial,
        b1.serial,
        units.can5.serial,
        units.can6.serial,
        units.can9.serial,
        units.can10.serial,
      ],
      to: 'MAG-01',
    });
  });

  let order: Json;

  it('enters a call-off order once, refusing what the plant does not know', async () => {
    const body = {
      customer: 'EJ-LOG',
      number: 'EJ-2027-0042',
      lines: [{ product: 'C762-BALL', quantity: 3300, due: '2027-05-01' }],
    };
    const created = await call(keeper, 'POST', '/api/shipping/orders', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    order = created.body;
    expect(order).toMatchObject({
      number: 'EJ-2027-0042',
      customer: 'EJ-LOG',
      state: 'open',
      lines: [{ line: 1, product: 'C762-BALL', quantity: 3300, unit: 'each', allocated: 0 }],
    });
    // Sent again (a retry): the same order, not a second one.
    const again = await call(keeper, 'POST', '/api/shipping/orders', body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(order.id);
    const changed = await call(keeper, 'POST', '/api/shipping/orders', {
      ...body,
      lines: [{ product: 'C762-BALL', quantity: 1, due: '2027-05-01' }],
    });
    expect(changed.status).toBe(409);
    expect(changed.body.detail).toBe('order EJ-2027-0042 exists already, with other contents');

    const stranger = await call(keeper, 'POST', '/api/shipping/orders', {
      ...body,
      number: undefined,
      customer: 'NOBODY',
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.errors).toEqual([
      {
        path: 'customer',
        message: 'unknown customer',
        code: 'customer_unknown',
        params: { customer: 'NOBODY' },
      },
    ]);
    expect(stranger.body.detail).toMatch(/^customer: unknown customer "NOBODY"/);
    const component = await call(keeper, 'POST', '/api/shipping/orders', {
      customer: 'PNB',
      lines: [{ product: 'PRIMER-762', quantity: 10, due: '2027-05-01' }],
    });
    expect(component.status).toBe(400);
    expect(component.body.detail).toMatch(
      /^lines\.0\.product: PRIMER-762 is a component, not a finished product/,
    );
    expect((await call(operator, 'POST', '/api/shipping/orders', body)).status).toBe(403);
    expect((await call(viewer, 'POST', '/api/shipping/orders', body)).status).toBe(403);
    expect((await ok(viewer, 'GET', '/api/shipping/orders/EJ-2027-0042')).state).toBe('open');
  });

  it('refuses to pick or dispatch what is not allocated yet', async () => {
    const pick = await call(keeper, 'POST', `/api/shipping/orders/${order.number}/pick`, {});
    expect(pick.status).toBe(409);
    expect(pick.body.detail).toBe(
      'order EJ-2027-0042 has nothing allocated to pick: allocate it first',
    );
  });

  it('allocates first expiry first, whole containers before cans, never more than ordered', async () => {
    now = at('04-02', '08:00');
    const report = await ok(keeper, 'POST', `/api/shipping/orders/${order.number}/allocate`, {});
    // Whole containers of lot A first, the pallet (1,320) before the crate (1,320): 660 left,
    // which lot B's crate (1,320) exceeds; then can 5 of lot A (660).
    expect(report.lines).toEqual([
      {
        line: 1,
        product: 'C762-BALL',
        quantity: 3300,
        allocated: 3300,
        shortfall: 0,
        containers: [
          expect.objectContaining({ serial: units.pallet.serial, kind: 'pallet', quantity: 1320 }),
          expect.objectContaining({ serial: units.a2.serial, kind: 'crate', quantity: 1320 }),
          expect.objectContaining({ serial: units.can5.serial, kind: 'can', quantity: 660 }),
        ],
        notes: [],
      },
    ]);
    expect(report.order).toMatchObject({ state: 'allocated', containers: 3 });
    expect(report.order.lines[0]).toMatchObject({ allocated: 3300, shipped: 0 });

    const list = await ok(viewer, 'GET', `/api/shipping/orders/${order.number}/picking-list`);
    expect(list.totals).toEqual({ containers: 3, quantity: 3300 });
    // One location, one lot: by serial (SSCCs of the pallet and crate, then the can's).
    expect(list.rows.map((r: Json) => [r.seq, r.serial, r.location, r.quantity])).toEqual(
      [
        [units.pallet.serial, 1320],
        [units.a2.serial, 1320],
        [units.can5.serial, 660],
      ]
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])))
        .map(([serial, quantity], i) => [i + 1, serial, 'MAG-01', quantity]),
    );
    expect(list.rows[0].lots).toEqual([
      { lot: lots.A?.number, quantity: expect.any(Number), expiresOn: '2037-03-12' },
    ]);
    expect(list.rows.every((r: Json) => r.problem === null)).toBe(true);
  });

  let short: Json;
  let late: Json;

  it('reports a shortfall in plain words, and passes over lots that expire before the due date', async () => {
    short = await ok(keeper, 'POST', '/api/shipping/orders', {
      customer: 'PNB',
      lines: [{ product: 'C762-BALL', quantity: 3000, due: '2027-06-01' }],
    });
    expect(short.number).toBe('CO-000001');
    const report = await ok(keeper, 'POST', `/api/shipping/orders/${short.number}/allocate`, {});
    // Left: crate B1 (1,320); cans 6 (A), 9 and 10 (B). The crate: 1,680 left; can 6
    // expires first: 1,020; can 9: 360; can 10 (660) is too much. 2,640 allocated, 360 short.
    const [line] = report.lines as Json[];
    // Reported first expiry first.
    expect(line?.containers.map((c: Json) => c.serial)).toEqual([
      units.can6.serial,
      units.b1.serial,
      units.can9.serial,
    ]);
    expect(line).toMatchObject({ allocated: 2640, shortfall: 360 });
    expect(line?.notes).toEqual([
      `can ${units.can10.serial} at MAG-01 holds 660, more than the 360 still wanted: unpack it to allocate part of it`,
      // 4,000 made, 3,960 in cans.
      `40 of lot ${lots.A?.number} are in stock but not packed in containers`,
    ]);

    late = await ok(keeper, 'POST', '/api/shipping/orders', {
      customer: 'GN-LOG',
      lines: [{ product: 'C762-BALL', quantity: 1320, due: '2037-03-20' }],
    });
    const lateReport = await ok(keeper, 'POST', `/api/shipping/orders/${late.number}/allocate`, {});
    // Lot A expires 2037-03-12, before the due date: only lot B's last free can.
    expect(lateReport.lines[0]).toMatchObject({ allocated: 660, shortfall: 660 });
    expect(lateReport.lines[0].containers.map((c: Json) => c.serial)).toEqual([units.can10.serial]);
    expect(lateReport.lines[0].notes).toContain(
      `lot ${lots.A?.number} expires on 2037-03-12, before the order is due (2037-03-20) (4,000 in stock)`,
    );
  });

  it('never books one container twice, however many orders allocate at once', async () => {
    for (const o of [short, late]) {
      await ok(keeper, 'POST', `/api/shipping/orders/${o.number}/cancel`, { reason: 'replaced' });
    }
    const cancelled = await call(
      keeper,
      'POST',
      `/api/shipping/orders/${short.number}/allocate`,
      {},
    );
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.detail).toBe(`order ${short.number} was cancelled`);
    // Free now: crate B1 (1,320) and cans 6, 9, 10 (660 each) = 3,300, for four orders of 1,320.
    const rivals: Json[] = [];
    for (let i = 0; i < 4; i++) {
      rivals.push(
        await ok(keeper, 'POST', '/api/shipping/orders', {
          customer: 'AR-ARM',
          lines: [{ product: 'C762-BALL', quantity: 1320, due: '2027-06-01' }],
        }),
      );
    }
    const results = await Promise.all(
      rivals.map((o) => call(keeper, 'POST', `/api/shipping/orders/${o.number}/allocate`, {})),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const serials = results.flatMap((r) =>
      (r.body.lines[0].containers as Json[]).map((c) => c.serial),
    );
    expect(new Set(serials).size).toBe(serials.length);
    expect(serials.sort()).toEqual(
      [units.b1.serial, units.can6.serial, units.can9.serial, units.can10.serial].sort(),
    );
    const allocated = results.reduce((s, r) => s + r.body.lines[0].allocated, 0);
    const shortfall = results.reduce((s, r) => s + r.body.lines[0].shortfall, 0);
    // 4 × 1,320 = 5,280 wanted; 3,300 free: 1,980 short.
    expect([allocated, shortfall]).toEqual([3300, 1980]);
    // Nothing of the first order was taken.
    expect((await ok(viewer, 'GET', `/api/shipping/orders/${order.number}`)).containers).toBe(3);
    units.rivals = rivals as unknown as Json;
  });

  it('refuses a container changed since it was allocated, until allocated afresh', async () => {
    const rivals = units.rivals as unknown as Json[];
    const withCan = [];
    for (const o of rivals) {
      const list = await ok(viewer, 'GET', `/api/shipping/orders/${o.number}/picking-list`);
      if (list.rows.some((r: Json) => r.serial === units.can9.serial)) withCan.push(o);
    }
    const holder = withCan[0] as Json;
    await ok(operator, 'POST', `/api/genealogy/handling-units/${units.can9.serial}/unpack`, {
      items: [{ lot: lots.B?.number, quantity: 60 }],
    });
    const list = await ok(viewer, 'GET', `/api/shipping/orders/${holder.number}/picking-list`);
    const row = (list.rows as Json[]).find((r) => r.serial === units.can9.serial);
    expect(row?.problem).toBe(
      `${units.can9.serial} was packed or unpacked since it was allocated: it holds 600 of ${lots.B?.number}, not 660 of ${lots.B?.number}`,
    );
    const pick = await call(keeper, 'POST', `/api/shipping/orders/${holder.number}/pick`, {});
    expect(pick.status).toBe(409);
    expect(pick.body.detail).toMatch(/was packed or unpacked since it was allocated/);
    for (const o of rivals) {
      const freed = await call(keeper, 'POST', `/api/shipping/orders/${o.number}/deallocate`, {});
      if (freed.status === 200) expect(freed.body).toMatchObject({ state: 'open', containers: 0 });
      else expect(freed.body.detail).toBe(`order ${o.number} has nothing allocated`);
    }
  });

  it('passes over a lot on hold, saying so', async () => {
    await decide(genealogy(), lots.B?.number, 'hold', 'quinn', 'customer complaint');
    const report = await ok(
      keeper,
      'POST',
      `/api/shipping/orders/${(units.rivals as unknown as Json[])[0]?.number}/allocate`,
      {},
    );
    // Only can 6 of lot A is free and allowed: 660 of 1,320.
    expect(report.lines[0]).toMatchObject({ allocated: 660, shortfall: 660 });
    expect(report.lines[0].notes).toEqual(
      expect.arrayContaining([`lot ${lots.B?.number} is on hold (2,640 in stock)`]),
    );
    await decide(genealogy(), lots.B?.number, 'release_hold', 'quinn');
    await ok(
      keeper,
      'POST',
      `/api/shipping/orders/${(units.rivals as unknown as Json[])[0]?.number}/cancel`,
      {
        reason: 'lot B was on hold',
      },
    );
  });

  it('picks the containers scanned to the dock', async () => {
    const base = `/api/shipping/orders/${order.number}`;
    const early = await call(keeper, 'POST', `${base}/dispatch`, {}, signedHeaders(keeper));
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe('order EJ-2027-0042 is not picked yet: pick it first');
    const partly = await call(keeper, 'POST', `${base}/pick`, {
      serials: [units.pallet.serial, units.a2.serial, units.can6.serial],
    });
    expect(partly.status).toBe(409);
    expect(partly.body.detail).toBe(
      `the containers picked are not those of order EJ-2027-0042: ${units.can6.serial} not allocated to it; ${units.can5.serial} not picked`,
    );
    const magazine = await call(keeper, 'POST', `${base}/pick`, { to: 'MAG-02' });
    expect(magazine.status).toBe(400);
    expect(magazine.body.detail).toMatch(/^to: MAG-02 is a magazine, not a shipping area/);
    const picked = await ok(keeper, 'POST', `${base}/pick`, {
      serials: [units.can5.serial, units.a2.serial, units.pallet.serial],
      to: 'DOCK-01',
    });
    expect(picked).toMatchObject({ state: 'picked', pickedBy: 'kim' });
    const list = await ok(viewer, 'GET', `${base}/picking-list`);
    expect(list.rows.map((r: Json) => r.location)).toEqual(['DOCK-01', 'DOCK-01', 'DOCK-01']);
    // A container reserved for the order cannot leave by an ad-hoc shipment.
    const adHoc = await call(keeper, 'POST', '/api/genealogy/shipments', {
      serials: [units.pallet.serial],
      customer: 'PNB',
      shipment: 'AD-HOC-1',
    });
    expect(adHoc.status).toBe(409);
    expect(adHoc.body.detail).toBe(
      `${units.pallet.serial} is reserved for order EJ-2027-0042: it leaves with that order's dispatch`,
    );
  });

  let shipment: Json;

  it('dispatches only with the storekeeper’s signature, and ships the containers to the customer', async () => {
    now = at('04-02', '14:00');
    const url = `/api/shipping/orders/${order.number}/dispatch`;
    const body = { carrier: 'Transporte Militar', vehicle: 'EJ-4471' };
    const unsigned = await call(keeper, 'POST', url, body);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.detail).toMatch(/needs your electronic signature/);
    const wrong = await call(keeper, 'POST', url, body, signedHeaders(keeper, 'not-my-password'));
    expect(wrong.status).toBe(401);
    expect((await call(viewer, 'POST', url, body, signedHeaders(viewer))).status).toBe(403);
    const signed = await call(keeper, 'POST', url, body, signedHeaders(keeper));
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    shipment = signed.body;
    expect(shipment).toMatchObject({
      shipment: 'SH-000001',
      order: 'EJ-2027-0042',
      consignee: { code: 'EJ-LOG', name: 'Ejército — Dirección de Logística', country: 'VE' },
      carrier: 'Transporte Militar',
      vehicle: 'EJ-4471',
      dispatchedBy: 'kim',
      signature: { username: 'kim', meaning: 'approved', valid: true },
    });
    expect(shipment.lines).toEqual([
      expect.objectContaining({
        line: 1,
        product: 'C762-BALL',
        quantity: 3300,
        ordered: 3300,
        lots: [{ lot: lots.A?.number, quantity: 3300, expiresOn: '2037-03-12' }],
      }),
    ]);
    // Packages: crate A1 on the pallet (an overpack), crate A2, can 5.
    // NEQ 3,300 × 0.0017 kg = 5.61 kg.
    expect(shipment.dangerousGoods).toEqual({
      entries: [
        {
          unNumber: 'UN0012',
          properShippingName: 'CARTRIDGES, SMALL ARMS',
          hazardClass: '1',
          division: '1.4',
          compatibilityGroup: 'S',
          classificationCode: '1.4S',
          packages: [
            { count: 2, kind: 'crate', packaging: 'CRATE-1320' },
            { count: 1, kind: 'can', packaging: 'CAN-660' },
          ],
          packageCount: 3,
          materials: [
            { material: 'C762-BALL', quantity: 3300, unit: 'each', netExplosiveKg: 5.61 },
          ],
          netExplosiveKg: 5.61,
        },
      ],
      totals: { packages: 3, overpacks: 1, netExplosiveKg: 5.61 },
    });
    const after = await ok(viewer, 'GET', `/api/shipping/orders/${order.number}`);
    expect(after).toMatchObject({ state: 'dispatched', shipment: 'SH-000001', containers: 0 });
    expect(after.lines[0]).toMatchObject({ allocated: 0, shipped: 3300 });
    const twice = await call(keeper, 'POST', url, body, signedHeaders(keeper));
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe(
      'order EJ-2027-0042 was dispatched: nothing more can be done to it',
    );
    // The containers left the plant; the lot's stock went down by what shipped.
    expect(
      (await ok(viewer, 'GET', `/api/genealogy/handling-units/${units.pallet.serial}`)).unit,
    ).toMatchObject({ status: 'shipped', location: null });
    expect(
      await ok(viewer, 'GET', `/api/genealogy/lots/${lots.A?.number}/mass-balance`),
    ).toMatchObject({ in: 4000, shipped: 3300, onHand: 700, balanced: true });
    expect(await ok(viewer, 'GET', '/api/shipping/shipments/SH-000001')).toEqual(shipment);
  });

  it("ends the primer lot's forward trace at the customer and the shipment", async () => {
    const trace = await ok(
      viewer,
      'GET',
      `/api/genealogy/lots/${lots.primer?.number}/trace?direction=forward`,
    );
    const made = (trace.lots as Json[]).find((l) => l.number === lots.A?.number);
    expect(made?.depth).toBe(1);
    expect(
      ((made?.shipped ?? []) as Json[]).map((s) => [
        s.customer,
        s.shipment,
        s.container,
        s.quantity,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['EJ-LOG', 'SH-000001', units.pallet.serial, 1320],
        ['EJ-LOG', 'SH-000001', units.a2.serial, 1320],
        ['EJ-LOG', 'SH-000001', units.can5.serial, 660],
      ]),
    );
    expect(made?.shipped).toHaveLength(3);
  });

  it('prints the packing list and the dangerous-goods declaration from the signed record', async () => {
    const packing = await pdfText('/api/shipping/shipments/SH-000001/packing-list.pdf');
    expect(packing).toContain('Packing list');
    expect(packing).toContain('Shipment: SH-000001');
    expect(packing).toContain('Order: EJ-2027-0042');
    expect(packing).toContain('Consignee: Ejército — Dirección de Logística (EJ-LOG), VE');
    expect(packing).toContain(units.a2.serial);
    expect(packing).toContain(
      'Line 1: C762-BALL (Cartucho 7,62x39 mm ordinario (núcleo de acero)): 3,300 each shipped of 3,300 ordered',
    );
    expect(packing).toContain(`Lot ${lots.A?.number}: 3,300 each, expires 2037-03-12`);
    expect(packing).toContain('Dispatched by Test kim (kim)');

    const dg = await pdfText('/api/shipping/shipments/SH-000001/dangerous-goods.pdf');
    expect(dg).toContain('Dangerous goods declaration');
    expect(dg).toContain('UN0012, CARTRIDGES, SMALL ARMS, 1.4S');
    expect(dg).toContain('Class 1, hazard division 1.4, compatibility group S');
    expect(dg).toContain('Packages: 3 — 2 crates (CRATE-1320), 1 can (CAN-660)');
    expect(dg).toContain('C762-BALL: 3,300 each, net explosive quantity 5.61 kg');
    expect(dg).toContain('Overpacks used: 1 (pallets)');
    expect(dg).toContain('Net explosive quantity: 5.61 kg');
    expect(dg).toContain('Declared by Test kim (kim)');
    expect((await call(viewer, 'GET', '/api/shipping/shipments/SH-000009')).status).toBe(404);
  });

  it('refuses to dispatch a lot that expired after it was allocated', async () => {
    now = at('04-03', '08:00');
    const last = await ok(keeper, 'POST', '/api/shipping/orders', {
      customer: 'PNB',
      lines: [{ product: 'C762-BALL', quantity: 660, due: '2037-03-01' }],
    });
    const report = await ok(keeper, 'POST', `/api/shipping/orders/${last.number}/allocate`, {});
    // First expiry first: lot A's can 6 before lot B's cans.
    expect(report.lines[0].containers.map((c: Json) => c.serial)).toEqual([units.can6.serial]);
    await ok(keeper, 'POST', `/api/shipping/orders/${last.number}/pick`, {});
    now = new Date('2037-03-13T12:00:00Z');
    const late = await call(
      keeper,
      'POST',
      `/api/shipping/orders/${last.number}/dispatch`,
      {},
      signedHeaders(keeper),
    );
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe(
      `order ${last.number} cannot be dispatched: lot ${lots.A?.number} in ${units.can6.serial} expired on 2037-03-12`,
    );
  });
});

// A small plant history, made through the HTTP API on a real database:
// supplier lots received and released, a work order on line 1 whose feeders
// are loaded (primer lot A, then lot B from 07:00), machine counts for two
// hours, completion, packing into cans, a crate and a pallet, a shipment, and
// a recall of primer lot A. Every quantity below is worked out by hand in the
// comment beside it.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { machineEventRows } from '../../../test/support/machine-events.js';
import { buildApp } from '../../app.js';
import { formatTrace } from '../../cli/trace.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { machineEvents } from '../telemetry/index.js';
import { validateEpcis } from './epcis.js';
import { decide, type GenealogyContext, reworkLot } from './lots.js';
import type { Trace } from './trace.js';

const at = (hhmm: string) => new Date(`2027-03-15T${hhmm}:00-04:00`);
let now = at('05:00');
const clock = () => new Date(now);

let store: Store;
let app: App;
let keeper: Session;
let operator: Session;
let planner: Session;
let qa: Session & { password: string };
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
  const body = response.headers['content-type']?.toString().includes('json')
    ? (response.json() as Json)
    : ({ text: response.body } as Json);
  return { status: response.statusCode, body };
}

async function ok(session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const result = await call(session, method, url, payload);
  expect(result.status, JSON.stringify(result.body)).toBeLessThan(300);
  return result.body;
}

/** Machine data of line 1, as ingest would have stored it: cumulative counters per station. */
async function lineOneCounts() {
  const row = machineEventRows('genealogy-test');
  const rows = [];
  for (const s of ['CF', 'PR', 'CH', 'BS', 'CS', 'GA', 'PK']) {
    rows.push(row(at('06:00'), s, 'State', 'running', true));
    rows.push(row(at('06:00'), s, 'Counts/Good', 0, true));
    rows.push(row(at('06:00'), s, 'Counts/Reject', 0, true));
  }
  // Packing (the output station) counts good cartridges; case feeding rejects cases.
  rows.push(row(at('06:30'), 'PK', 'Counts/Good', 1000));
  rows.push(row(at('07:00'), 'PK', 'Counts/Good', 2000));
  rows.push(row(at('07:00'), 'CF', 'Counts/Reject', 20));
  rows.push(row(at('07:30'), 'PK', 'Counts/Good', 2750));
  rows.push(row(at('08:00'), 'PK', 'Counts/Good', 3500));
  rows.push(row(at('08:00'), 'CF', 'Counts/Reject', 30));
  await store.db.insert(machineEvents).values(rows);
}

const lots: Record<string, Json> = {};
let workOrder: Json;
let output: Json;

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    clock,
    authPolicy: {
      maxFailedAttempts: 5,
      lockoutMs: 60_000,
      sessionTtlMs: 86_400_000,
      sessionIdleMs: 86_400_000,
    },
  });
  await app.ready();
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  operator = await signInAs(app, store.db, 'olga', ['line_operator']);
  planner = await signInAs(app, store.db, 'pablo', ['planner']);
  qa = await signInAs(app, store.db, 'quinn', ['qa_manager']);
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);
  await lineOneCounts();
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('a small plant history', () => {
  it('receives supplier lots with MIL-STD-1168 numbers from each material’s interfix block', async () => {
    const receive = async (name: string, body: Record<string, unknown>) => {
      lots[name] = await ok(keeper, 'POST', '/api/genealogy/lots/receipts', body);
    };
    await receive('case', {
      material: 'CASE-762',
      supplier: 'SUP-CASES',
      supplierLot: 'VC-2027-118',
      certificate: 'COC-118',
      quantity: 10_000,
      location: 'ST-CASES',
    });
    await receive('primerA', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-77A',
      certificate: 'COC-77A',
      quantity: 3_000,
      location: 'MAG-04',
    });
    await receive('primerB', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-77B',
      quantity: 5_000,
      location: 'MAG-04',
    });
    await receive('propellant', {
      material: 'PROP-BALL',
      supplier: 'SUP-POWDER',
      supplierLot: 'PSC-5521',
      quantity: 20,
      location: 'MAG-03',
    });
    await receive('bullet', {
      material: 'BULLET-PS',
      supplier: 'SUP-BULLETS',
      supplierLot: 'PYC-9',
      quantity: 10_000,
      location: 'ST-BULLETS',
    });
    // Received in March 2027 (C); cases draw on interfixes 300–399, primers on 400–449.
    expect(lots.case?.number).toBe('LTL27C300-001');
    expect(lots.primerA?.number).toBe('LTL27C400-001');
    expect(lots.primerB?.number).toBe('LTL27C400-002');
    expect(lots.propellant?.number).toBe('LTL27C500-001');
    expect(lots.primerA).toMatchObject({
      status: 'quarantine',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-77A',
      certificate: 'COC-77A',
      unit: 'each',
    });
    // Expiry from the shelf life (1,825 days) when the supplier gives none.
    expect(lots.primerA?.expiresOn).toBe('2032-03-13');
  });

  it('refuses a receipt that names what the plant does not know, saying which field', async () => {
    const wrong = await call(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-CASES',
      supplierLot: 'X',
      quantity: 1,
      location: 'MAG-04',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toMatch(/SUP-CASES is not an approved supplier of PRIMER-762/);
    const again = await call(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-77A',
      quantity: 1,
      location: 'MAG-04',
    });
    expect(again.status).toBe(409);
    const nowhere = await call(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'CASE-762',
      supplier: 'SUP-CASES',
      supplierLot: 'Y',
      quantity: 1,
      location: 'NOWHERE',
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.detail).toMatch(/to: unknown location "NOWHERE"/);
    const operatorTries = await call(operator, 'POST', '/api/genealogy/lots/receipts', {
      material: 'CASE-762',
      supplier: 'SUP-CASES',
      supplierLot: 'Z',
      quantity: 1,
      location: 'ST-CASES',
    });
    expect(operatorTries.status).toBe(403);
  });

  it('runs a work order whose start opens its output lot', async () => {
    workOrder = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L1',
      quantity: 4000,
    });
    await ok(planner, 'POST', `/api/production/work-orders/${workOrder.id}/release`, {});
    now = at('06:00');
    await ok(operator, 'POST', `/api/production/work-orders/${workOrder.id}/start`, {});
    const made = await ok(viewer, 'GET', '/api/genealogy/lots?material=C762-BALL');
    expect(made).toHaveLength(1);
    output = (made as unknown as Json[])[0] as Json;
    expect(output).toMatchObject({
      number: 'LTL27C001-001',
      origin: 'made',
      status: 'quarantine',
      workOrderNumber: workOrder.number,
      line: 'L1',
    });
  });

  it('refuses a lot in quarantine at a feeder, then loads released lots', async () => {
    const early = await call(
      operator,
      'POST',
      `/api/genealogy/work-orders/${workOrder.id}/feeders/load`,
      { station: 'PR', lot: lots.primerA?.number },
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/in quarantine/);
    // QA's releases, taken directly: their evidence and signature are the quality module's tests.
    for (const name of ['case', 'primerA', 'primerB', 'propellant', 'bullet']) {
      await decide(genealogy(), lots[name]?.number, 'release', 'quinn');
    }
    const load = (station: string, lot: string) =>
      ok(operator, 'POST', `/api/genealogy/work-orders/${workOrder.id}/feeders/load`, {
        station,
        lot,
      });
    await load('CF', lots.case?.number);
    const primer = await load('PR', lots.primerA?.number);
    expect(primer).toMatchObject({
      station: 'PR',
      material: 'PRIMER-762',
      issued: 3000,
      outputLot: output.number,
    });
    await load('CH', lots.propellant?.number);
    await load('BS', lots.bullet?.number);
    const notInBom = await call(
      operator,
      'POST',
      `/api/genealogy/work-orders/${workOrder.id}/feeders/load`,
      { station: 'CH', lot: lots.case?.number },
    );
    expect(notInBom.status).toBe(400);
    expect(notInBom.body.detail).toMatch(
      /station CH \(charging\) is fed with propellant, not case/,
    );
  });

  it('changes the primer lot at 07:00 and settles lot A from the machine counts', async () => {
    now = at('07:00');
    await ok(operator, 'POST', `/api/genealogy/work-orders/${workOrder.id}/feeders/load`, {
      station: 'PR',
      lot: lots.primerB?.number,
    });
    const loads = (await ok(
      viewer,
      'GET',
      `/api/genealogy/work-orders/${workOrder.id}/feeders`,
    )) as unknown as Json[];
    const primerA = loads.find((l) => l.lot === lots.primerA?.number);
    // 06:00–07:00: 2,000 good at packing + 20 rejected at case feeding = 2,020 primers.
    expect(primerA).toMatchObject({ consumed: 2020, unloadedAt: at('07:00').toISOString() });
  });

  it('completes the order: every feeder settled, the good output in quarantine stock', async () => {
    // Scrap an operator took off the line by hand used its components too.
    now = at('07:30');
    await ok(operator, 'POST', `/api/production/work-orders/${workOrder.id}/scrap`, {
      quantity: 20,
      reason: 'SCR-CRIMP',
    });
    now = at('08:01');
    await ok(operator, 'POST', `/api/production/work-orders/${workOrder.id}/complete`, {});
    const loads = (await ok(
      viewer,
      'GET',
      `/api/genealogy/work-orders/${workOrder.id}/feeders`,
    )) as unknown as Json[];
    const consumed = Object.fromEntries(loads.map((l) => [l.lot, l.consumed]));
    // 07:00–08:01: 1,500 good + 10 rejected + 20 scrapped by hand = 1,530;
    // the whole order 3,500 + 30 + 20 = 3,550.
    expect(consumed).toEqual({
      [lots.case?.number]: 3550,
      [lots.primerA?.number]: 2020,
      [lots.primerB?.number]: 1530,
      [lots.propellant?.number]: 5.68, // 3,550 × 1.6 kg / 1,000
      [lots.bullet?.number]: 3550,
    });
    output = await ok(viewer, 'GET', `/api/genealogy/lots/${output.number}`);
    expect(output.quantity).toBe(3500);
  });

  it('balances every lot', async () => {
    const balance = async (name: string) =>
      ok(viewer, 'GET', `/api/genealogy/lots/${lots[name]?.number}/mass-balance`);
    expect(await balance('primerA')).toMatchObject({
      in: 3000,
      consumed: 2020,
      onHand: 980,
      difference: 0,
      balanced: true,
    });
    expect(await balance('primerB')).toMatchObject({
      in: 5000,
      consumed: 1530,
      onHand: 3470,
      balanced: true,
    });
    expect(await balance('propellant')).toMatchObject({
      in: 20,
      consumed: 5.68,
      onHand: 14.32,
      balanced: true,
    });
    const made = await ok(viewer, 'GET', `/api/genealogy/lots/${output.number}/mass-balance`);
    expect(made).toMatchObject({ in: 3500, consumed: 0, onHand: 3500, balanced: true });
  });

  it('traces the output lot backward to every component lot, supplier and certificate', async () => {
    const trace = await ok(
      viewer,
      'GET',
      `/api/genealogy/lots/${output.number}/trace?direction=backward`,
    );
    const numbers = (trace.lots as Json[]).map((l) => l.number).sort();
    expect(numbers).toEqual(
      [
        output.number,
        lots.case?.number,
        lots.primerA?.number,
        lots.primerB?.number,
        lots.propellant?.number,
        lots.bullet?.number,
      ].sort(),
    );
    const primerA = (trace.lots as Json[]).find((l) => l.number === lots.primerA?.number);
    expect(primerA).toMatchObject({ depth: 1, supplier: 'SUP-PRIMERS', certificate: 'COC-77A' });
    // As `lotline trace` prints it.
    const printed = formatTrace(trace as unknown as Trace).split('\n');
    expect(printed[0]).toBe('Backward trace: 6 lot(s), 5 link(s)');
    expect(printed[1]).toBe(
      `${output.number}  C762-BALL  quarantine  ${workOrder.number} on L1, 3,500 each made`,
    );
    expect(printed).toContain(
      `├─ [2,020 each at PR, 2027-03-15 10:00Z → 2027-03-15 11:00Z]  ${lots.primerA?.number}  PRIMER-762  released  supplier SUP-PRIMERS lot PCI-77A cert COC-77A`,
    );
    const edge = (trace.edges as Json[]).find((e) => e.parent === lots.primerA?.id);
    expect(edge).toMatchObject({
      quantity: 2020,
      station: 'PR',
      state: 'settled',
      from: at('06:00').toISOString(),
      to: at('07:00').toISOString(),
    });
  });

  it('packs cans into a crate onto a pallet, and answers what a container held at a past moment', async () => {
    now = at('08:10');
    const cans = (await ok(operator, 'POST', '/api/genealogy/handling-units', {
      kind: 'can',
      location: 'QUAR-01',
      material: 'CAN-660',
      count: 3,
    })) as unknown as Json[];
    const [crate] = (await ok(operator, 'POST', '/api/genealogy/handling-units', {
      kind: 'crate',
      location: 'QUAR-01',
      material: 'CRATE-1320',
    })) as unknown as Json[];
    const [pallet] = (await ok(operator, 'POST', '/api/genealogy/handling-units', {
      kind: 'pallet',
      location: 'QUAR-01',
    })) as unknown as Json[];
    expect(crate?.sscc).toMatch(/^0759000\d{11}$/);
    expect(pallet?.sscc).toMatch(/^1759000\d{11}$/);
    for (const can of cans)
      await ok(operator, 'POST', `/api/genealogy/handling-units/${can.serial}/pack`, {
        items: [{ lot: output.number, quantity: 660 }],
      });
    // 3,500 made, 1,980 in cans: 1,520 loose; a fourth can of 1,600 would be too much.
    const tooMuch = await call(
      operator,
      'POST',
      `/api/genealogy/handling-units/${cans[0]?.serial}/pack`,
      { items: [{ lot: output.number, quantity: 1600 }] },
    );
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.detail).toMatch(/only 1520 of lot/);
    now = at('08:20');
    await ok(operator, 'POST', `/api/genealogy/handling-units/${crate?.serial}/pack`, {
      items: [{ unit: cans[0]?.serial }, { unit: cans[1]?.serial }],
    });
    now = at('08:30');
    await ok(operator, 'POST', `/api/genealogy/handling-units/${pallet?.serial}/pack`, {
      items: [{ unit: crate?.serial }],
    });
    const nested = await call(
      operator,
      'POST',
      `/api/genealogy/handling-units/${pallet?.serial}/pack`,
      { items: [{ unit: cans[0]?.serial }] },
    );
    expect(nested.status).toBe(409); // already in the crate
    const palletNow = await ok(viewer, 'GET', `/api/genealogy/handling-units/${pallet?.serial}`);
    expect(palletNow.totals).toEqual([
      expect.objectContaining({ lot: output.number, quantity: 1320 }),
    ]);
    // At 08:25 the crate was packed but not yet on the pallet.
    const before = await ok(
      viewer,
      'GET',
      `/api/genealogy/handling-units/${pallet?.serial}?at=${encodeURIComponent(at('08:25').toISOString())}`,
    );
    expect(before.units).toEqual([]);
    const crateBefore = await ok(
      viewer,
      'GET',
      `/api/genealogy/handling-units/${crate?.serial}?at=${encodeURIComponent(at('08:15').toISOString())}`,
    );
    expect(crateBefore.units).toEqual([]);
    // Backward from the pallet: the output lot and its five components.
    const trace = await ok(viewer, 'GET', `/api/genealogy/handling-units/${pallet?.serial}/trace`);
    expect((trace.lots as Json[]).length).toBe(6);
    const zpl = await call(
      viewer,
      'GET',
      `/api/genealogy/handling-units/${crate?.serial}/label?format=zpl`,
    );
    expect(zpl.status).toBe(200);
    // The SSCC in its own GS1-128 (FNC1, AI 00), the lot and count in the others.
    expect(zpl.body.text).toContain(crate?.sscc);
    expect(zpl.body.text).toContain(output.number);
    const pdf = await app.inject({
      method: 'GET',
      url: `/api/genealogy/handling-units/${pallet?.serial}/label`,
      headers: viewer.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const canLabel = await call(
      viewer,
      'GET',
      `/api/genealogy/handling-units/${cans[2]?.serial}/label`,
    );
    expect(canLabel.status).toBe(409);
    lots.pallet = pallet as Json;
    lots.can3 = cans[2] as Json;
  });

  it('ships only released lots, and says where the stock went', async () => {
    now = at('09:00');
    const refused = await call(keeper, 'POST', '/api/genealogy/shipments', {
      serials: [lots.pallet?.serial],
      customer: 'EJ-LOG',
      shipment: 'SH-0001',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/in quarantine/);
    await decide(genealogy(), output.number, 'release', 'quinn');
    await ok(keeper, 'POST', '/api/genealogy/handling-units/move', {
      serials: [lots.can3?.serial],
      to: 'MAG-01',
    });
    await ok(keeper, 'POST', '/api/genealogy/shipments', {
      serials: [lots.pallet?.serial],
      customer: 'EJ-LOG',
      shipment: 'SH-0001',
    });
    const forward = await ok(
      viewer,
      'GET',
      `/api/genealogy/lots/${lots.primerA?.number}/trace?direction=forward`,
    );
    const made = (forward.lots as Json[]).find((l) => l.number === output.number);
    // 3,500 made: 1,320 shipped on the pallet, 660 in a can in MAG-01, 1,520 loose in QUAR-01.
    expect(made?.shipped).toEqual([
      expect.objectContaining({
        customer: 'EJ-LOG',
        shipment: 'SH-0001',
        container: lots.pallet?.serial,
        quantity: 1320,
      }),
    ]);
    expect(made?.onHand).toEqual([
      { location: 'MAG-01', quantity: 660 },
      { location: 'QUAR-01', quantity: 1520 },
    ]);
    // What stands in MAG-01: the can moved there, with its lot.
    const atMagazine = (await ok(
      viewer,
      'GET',
      '/api/genealogy/handling-units?location=MAG-01',
    )) as unknown as Json[];
    expect(atMagazine.map((c) => [c.unit.serial, c.totals[0]?.quantity])).toEqual([
      [lots.can3?.serial, 660],
    ]);
    expect(made?.containers).toEqual([
      expect.objectContaining({ serial: lots.can3?.serial, location: 'MAG-01', quantity: 660 }),
    ]);
    expect(
      await ok(viewer, 'GET', `/api/genealogy/lots/${output.number}/mass-balance`),
    ).toMatchObject({ in: 3500, shipped: 1320, onHand: 2180, balanced: true });
  });

  it('recalls primer lot A in one signed step: exactly the affected stock goes on hold', async () => {
    now = at('10:00');
    const unsigned = await call(qa, 'POST', '/api/genealogy/recalls', {
      lot: lots.primerA?.number,
      reason: 'supplier reports sensitivity out of limits',
    });
    expect(unsigned.status).toBe(400);
    const recall = await call(
      qa,
      'POST',
      '/api/genealogy/recalls',
      { lot: lots.primerA?.number, reason: 'supplier reports sensitivity out of limits' },
      signedHeaders(qa, qa.password),
    );
    expect(recall.status, JSON.stringify(recall.body)).toBe(201);
    const report = recall.body.report as Json;
    expect(report.lots.map((l: Json) => [l.lot, l.statusBefore, l.status])).toEqual([
      [lots.primerA?.number, 'released', 'on_hold'],
      [output.number, 'released', 'on_hold'],
    ]);
    expect(report.shipped).toEqual([
      expect.objectContaining({
        lot: output.number,
        customer: 'EJ-LOG',
        shipment: 'SH-0001',
        quantity: 1320,
      }),
    ]);
    expect(report.onHand).toEqual(
      expect.arrayContaining([
        { lot: lots.primerA?.number, location: 'LINESIDE-L1', quantity: 980, unit: 'each' },
        { lot: output.number, location: 'MAG-01', quantity: 660, unit: 'each' },
        { lot: output.number, location: 'QUAR-01', quantity: 1520, unit: 'each' },
      ]),
    );
    expect(report.totals).toEqual({ heldLots: 2, onHand: 3160, shipped: 1320, customers: 1 });
    // Primer lot B and the other components are untouched.
    expect((await ok(viewer, 'GET', `/api/genealogy/lots/${lots.primerB?.number}`)).status).toBe(
      'released',
    );

    const csv = await call(
      viewer,
      'GET',
      `/api/genealogy/recalls/${recall.body.number}/report.csv`,
    );
    expect(csv.status).toBe(200);
    expect(csv.body.text).toContain(
      `shipped,${output.number},C762-BALL,,,${lots.pallet?.serial},EJ-LOG,SH-0001,1320,each`,
    );
  });

  it('refuses held stock for consumption and shipping', async () => {
    const order = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L2',
      quantity: 1000,
    });
    await ok(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
    await ok(operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
    const consume = await call(
      operator,
      'POST',
      `/api/genealogy/work-orders/${order.id}/feeders/load`,
      { station: 'PR', lot: lots.primerA?.number },
    );
    expect(consume.status).toBe(409);
    expect(consume.body.detail).toMatch(/on hold/);
    const ship = await call(keeper, 'POST', '/api/genealogy/shipments', {
      serials: [lots.can3?.serial],
      customer: 'EJ-LOG',
      shipment: 'SH-0002',
    });
    expect(ship.status).toBe(409);
    expect(ship.body.detail).toMatch(/on hold/);
  });

  it('refuses an expired lot at a feeder, and lists released lots first-expiry-first for picking', async () => {
    const fresh = await ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-LATE',
      quantity: 500,
      expiresOn: '2029-01-31',
      location: 'MAG-04',
    });
    const old = await ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'PCI-OLD',
      quantity: 500,
      expiresOn: '2027-03-01',
      location: 'MAG-04',
    });
    await decide(genealogy(), fresh.number, 'release', 'quinn');
    await decide(genealogy(), old.number, 'release', 'quinn');
    const order = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-TRACER',
      line: 'L3',
      quantity: 1000,
    });
    await ok(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
    await ok(operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
    const expired = await call(
      operator,
      'POST',
      `/api/genealogy/work-orders/${order.id}/feeders/load`,
      { station: 'PR', lot: old.number },
    );
    expect(expired.status).toBe(409);
    expect(expired.body.detail).toBe(
      `lot ${old.number} may not be consumed: it expired on 2027-03-01`,
    );
    const picking = (await ok(
      viewer,
      'GET',
      '/api/genealogy/lots?material=PRIMER-762&status=released&sort=expiry',
    )) as unknown as Json[];
    const expiries = picking.map((l) => l.expiresOn);
    expect(expiries).toEqual([...expiries].sort());
    expect(picking[0]?.number).toBe(old.number);
    // Part of a number finds it; the wildcards of LIKE are matched as themselves.
    const part = old.number.slice(2, 8);
    const found = (await ok(
      viewer,
      'GET',
      `/api/genealogy/lots?search=${encodeURIComponent(part)}`,
    )) as unknown as Json[];
    expect(found.map((l) => l.number)).toContain(old.number);
    for (const wildcard of ['%', '_', `${part.slice(0, 2)}%`]) {
      const none = (await ok(
        viewer,
        'GET',
        `/api/genealogy/lots?search=${encodeURIComponent(wildcard)}`,
      )) as unknown as Json[];
      expect(none).toEqual([]);
    }
  });

  it('reworks part of a held lot into a new lot with the next suffix, linked to it', async () => {
    now = at('11:00');
    // A rework is a nonconformance's decision (quality module); the genealogy side directly here.
    const reworked = await reworkLot(
      genealogy(),
      { lot: output.number, quantity: 100, location: 'QUAR-01', reason: 'repack after inspection' },
      'quinn',
    );
    expect(reworked).toMatchObject({
      number: `${output.number}A`,
      status: 'quarantine',
      quantity: 100,
    });
    const again = await reworkLot(
      genealogy(),
      { lot: output.number, quantity: 20, location: 'QUAR-01', reason: 'second rework' },
      'quinn',
    );
    expect(again.number).toBe(`${output.number}B`);
    const forward = await ok(
      viewer,
      'GET',
      `/api/genealogy/lots/${lots.primerA?.number}/trace?direction=forward`,
    );
    expect((forward.lots as Json[]).map((l) => l.number)).toEqual(
      expect.arrayContaining([`${output.number}A`, `${output.number}B`]),
    );
    // 3,500 made: 1,320 shipped, 120 reworked into new lots, 2,060 on hand.
    expect(
      await ok(viewer, 'GET', `/api/genealogy/lots/${output.number}/mass-balance`),
    ).toMatchObject({
      in: 3500,
      consumed: 120,
      shipped: 1320,
      onHand: 2060,
      balanced: true,
    });
  });

  it('exports the history as EPCIS 2.0 that validates, and reads it back without loss', async () => {
    const window = `from=${encodeURIComponent(at('00:00').toISOString())}&to=${encodeURIComponent(at('23:59').toISOString())}`;
    const document = await ok(viewer, 'GET', `/api/genealogy/epcis?${window}`);
    expect(validateEpcis(document)).toEqual({ ok: true });
    const events = document.epcisBody.eventList as Json[];
    const kinds = events.map((e) => `${e.type}:${e.bizStep ?? ''}`);
    // 5 receipts, 6 releases (5 components and the output), 1 hold + 1 recall hold, 1 work order,
    // 3 cans + crate + pallet packed, 1 shipment.
    // Five receipts of the history, two more for the shelf-life test.
    expect(kinds.filter((k) => k.startsWith('ObjectEvent:receiving'))).toHaveLength(7);
    expect(kinds.filter((k) => k === 'TransformationEvent:commissioning')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'TransformationEvent:repairing')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'AggregationEvent:packing')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'ObjectEvent:shipping')).toHaveLength(1);
    const transformation = events.find((e) => e.type === 'TransformationEvent') as Json;
    expect(transformation.inputQuantityList).toHaveLength(5);
    // GTIN 07590001000015: indicator 0 and item reference 00001 after the company prefix 7590001.
    expect(transformation.outputQuantityList).toEqual([
      {
        epcClass: `urn:epc:class:lgtin:7590001.000001.${output.number}`,
        quantity: 3500,
        uom: 'H87',
      },
    ]);
    const check = await ok(viewer, 'POST', '/api/genealogy/epcis/check', document);
    expect(check).toEqual({
      events: events.length,
      known: events.length,
      unknown: [],
      differing: [],
    });

    // For one lot: the events of every lot in its genealogy.
    const ofPrimerB = await ok(viewer, 'GET', `/api/genealogy/epcis?lot=${lots.primerB?.number}`);
    expect(validateEpcis(ofPrimerB)).toEqual({ ok: true });
    const bad = await call(viewer, 'POST', '/api/genealogy/epcis/check', {
      ...document,
      epcisBody: { eventList: [{ type: 'ObjectEvent' }] },
    });
    expect(bad.status).toBe(400);
  });
});

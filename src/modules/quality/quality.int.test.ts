// The quality system over HTTP on a real database: incoming inspection of
// supplier lots (released or rejected by the result, a rejection opening a
// nonconformance, two rejections in five lots switching the stream to
// tightened), acceptance of a finished lot (attributes, variables and
// firing-range tests, one from the range instrument's CSV), its signed
// release and its certificate, and what a rejected lot may no longer do.
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { machineEventRows } from '../../../test/support/machine-events.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { machineEvents } from '../telemetry/index.js';
import { samplingPlanFor } from './sampling.js';
import { dispositions } from './schema.js';

const at = (hhmm: string) => new Date(`2027-03-15T${hhmm}:00-04:00`);
let now = at('05:00');
const clock = () => new Date(now);

let store: Store;
let app: App;
let keeper: Session;
let inspector: Session;
let qa: Session & { password: string };
let planner: Session;
let operator: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field by the assertions
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
    ...(payload === undefined
      ? {}
      : typeof payload === 'string'
        ? { payload, headers: { ...(headers ?? session.headers), 'content-type': 'text/csv' } }
        : { payload: payload as Record<string, unknown> }),
  });
  const json = response.headers['content-type']?.toString().includes('json');
  return {
    status: response.statusCode,
    body: (json ? response.json() : { raw: response.rawPayload }) as Json,
  };
}

async function ok(
  session: Session,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) {
  const result = await call(session, method, url, payload, headers);
  expect(result.status, JSON.stringify(result.body)).toBeLessThan(300);
  return result.body;
}

const receive = (supplierLot: string, quantity: number) =>
  ok(keeper, 'POST', '/api/genealogy/lots/receipts', {
    material: 'PRIMER-762',
    supplier: 'SUP-PRIMERS',
    supplierLot,
    certificate: `COC-${supplierLot}`,
    quantity,
    location: 'MAG-04',
  });

/** Records every line of an inspection as conforming, with `overrides` by characteristic. */
async function recordAll(inspection: Json, overrides: Record<string, unknown> = {}) {
  for (const line of inspection.plan.lines as Json[]) {
    const result =
      overrides[line.characteristic] ??
      (line.kind === 'attribute'
        ? { kind: 'attribute', nonconforming: 0 }
        : line.kind === 'variable'
          ? {
              kind: 'variable',
              values: Array(line.sampleSize).fill(((line.lsl ?? 0) + (line.usl ?? 0)) / 2),
            }
          : { kind: 'range', rounds: Array(line.sampleSize).fill({ failed: false }) });
    await ok(inspector, 'POST', `/api/quality/inspections/${inspection.number}/results`, {
      characteristic: line.characteristic,
      result,
    });
  }
}

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
  inspector = await signInAs(app, store.db, 'ines', ['qa_inspector']);
  qa = await signInAs(app, store.db, 'quinn', ['qa_manager']);
  planner = await signInAs(app, store.db, 'pablo', ['planner']);
  operator = await signInAs(app, store.db, 'olga', ['line_operator']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('incoming inspection of supplier lots', () => {
  let first: Json;

  it('plans the inspection from the specification and ISO 2859-1: lot of 50,000 at level II is code letter N', async () => {
    first = await receive('PCI-1', 50_000);
    const inspection = await ok(inspector, 'POST', '/api/quality/inspections', {
      lot: first.number,
    });
    expect(inspection).toMatchObject({
      specification: 'INC-PRIMER',
      scope: 'incoming',
      state: 'open',
    });
    const major = (inspection.plan.lines as Json[]).find((l) => l.characteristic === 'MAJ-VIS');
    const expected = samplingPlanFor({
      lotSize: 50_000,
      level: 'II',
      aql: 0.65,
      severity: 'normal',
    });
    expect(expected.ok && expected.value.codeLetter).toBe('N');
    expect(major?.plan).toMatchObject({
      codeLetter: 'N',
      n: 500,
      ac: 7,
      re: 8,
      severity: 'normal',
    });
    expect(inspection.missing).toEqual(['DIA', 'CRIT-VIS', 'MAJ-VIS']);
    const early = await call(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/complete`,
      {},
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/record DIA, CRIT-VIS, MAJ-VIS first/);
    await recordAll(inspection);
    const done = await ok(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/complete`,
      {},
    );
    expect(done.state).toBe('accepted');
    // The supplier's lot is released by the result.
    expect((await ok(keeper, 'GET', `/api/genealogy/lots/${first.number}`)).status).toBe(
      'released',
    );
  });

  it('refuses results that do not fit the plan, naming the characteristic', async () => {
    const lot = await receive('PCI-X', 10_000);
    const inspection = await ok(inspector, 'POST', '/api/quality/inspections', { lot: lot.number });
    const wrongKind = await call(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/results`,
      {
        characteristic: 'DIA',
        result: { kind: 'attribute', nonconforming: 1 },
      },
    );
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.detail).toMatch(/DIA: a variable characteristic takes variable results/);
    const unknown = await call(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/results`,
      {
        characteristic: 'VEL',
        result: { kind: 'attribute', nonconforming: 0 },
      },
    );
    expect(unknown.status).toBe(400);
    const tooMany = await call(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/results`,
      {
        characteristic: 'MAJ-VIS',
        result: { kind: 'attribute', nonconforming: 9999 },
      },
    );
    expect(tooMany.status).toBe(400);
    // Finish it as conforming, so the stream history below is this lot then the next ones.
    await recordAll(inspection);
    await ok(inspector, 'POST', `/api/quality/inspections/${inspection.number}/complete`, {});
  });

  it('rejects a lot on its result, opens a nonconformance, and tightens after 2 of 5 lots rejected', async () => {
    const reject = async (supplierLot: string) => {
      const lot = await receive(supplierLot, 50_000);
      const inspection = await ok(inspector, 'POST', '/api/quality/inspections', {
        lot: lot.number,
      });
      await recordAll(inspection, { 'MAJ-VIS': { kind: 'attribute', nonconforming: 8 } });
      const done = await ok(
        inspector,
        'POST',
        `/api/quality/inspections/${inspection.number}/complete`,
        {},
      );
      return { lot, inspection: done };
    };
    const second = await reject('PCI-2');
    expect(second.inspection.state).toBe('rejected');
    expect((await ok(keeper, 'GET', `/api/genealogy/lots/${second.lot.number}`)).status).toBe(
      'rejected',
    );
    const ncs = await ok(inspector, 'GET', `/api/quality/nonconformances?lot=${second.lot.number}`);
    expect(ncs).toHaveLength(1);
    expect(ncs[0]).toMatchObject({
      source: 'inspection',
      state: 'open',
      lots: [second.lot.number],
    });
    expect(ncs[0].description).toMatch(/MAJ-VIS: 8 nonconforming in 500 \(Ac 7, Re 8/);

    await reject('PCI-3');
    const switching = await ok(
      inspector,
      'GET',
      '/api/quality/switching?stream=incoming:SUP-PRIMERS:PRIMER-762:major',
    );
    expect(switching.streams[0].severity).toBe('tightened');
    const switched = (switching.history as Json[]).find((h) => h.severityAfter === 'tightened');
    expect(switched).toMatchObject({ lot: expect.any(String), severityBefore: 'normal' });
    expect(switched?.reason).toMatch(/2 of the last/);
    // Critical defects are a stream of their own and stay on normal (ISO 2859-1 §9.1).
    const critical = await ok(
      inspector,
      'GET',
      '/api/quality/switching?stream=incoming:SUP-PRIMERS:PRIMER-762:critical',
    );
    expect(critical.streams[0].severity).toBe('normal');

    // The next lot of the stream is planned on tightened inspection: N, AQL 0.65 → n 500, Ac 5, Re 6.
    const next = await receive('PCI-4', 50_000);
    const inspection = await ok(inspector, 'POST', '/api/quality/inspections', {
      lot: next.number,
    });
    const major = (inspection.plan.lines as Json[]).find((l) => l.characteristic === 'MAJ-VIS');
    expect(major?.plan).toMatchObject({ severity: 'tightened', n: 500, ac: 5, re: 6 });
  });

  it('refuses a rejected lot at a feeder', async () => {
    const rejected = (await ok(
      keeper,
      'GET',
      '/api/genealogy/lots?status=rejected&material=PRIMER-762',
    )) as unknown as Json[];
    const order = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L2',
      quantity: 1000,
    });
    await ok(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
    await ok(operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
    const load = await call(
      operator,
      'POST',
      `/api/genealogy/work-orders/${order.id}/feeders/load`,
      {
        station: 'PR',
        lot: rejected[0]?.number,
      },
    );
    expect(load.status).toBe(409);
    expect(load.body.detail).toMatch(/may not be consumed: it is rejected/);
  });

  it('refuses to ship a lot rejected after it was packed', async () => {
    // Packed into a can in quarantine (packing comes before acceptance), then rejected on inspection.
    const lot = await receive('PCI-SHIP', 2_000);
    const [can] = (await ok(operator, 'POST', '/api/genealogy/handling-units', {
      kind: 'can',
      location: 'MAG-04',
    })) as unknown as Json[];
    await ok(operator, 'POST', `/api/genealogy/handling-units/${can?.serial}/pack`, {
      items: [{ lot: lot.number, quantity: 500 }],
    });
    const inspection = await ok(inspector, 'POST', '/api/quality/inspections', { lot: lot.number });
    await recordAll(inspection, { 'CRIT-VIS': { kind: 'attribute', nonconforming: 3 } });
    expect(
      (await ok(inspector, 'POST', `/api/quality/inspections/${inspection.number}/complete`, {}))
        .state,
    ).toBe('rejected');
    const ship = await call(keeper, 'POST', '/api/genealogy/shipments', {
      serials: [can?.serial],
      customer: 'EJ-LOG',
      shipment: 'SH-REJ',
    });
    expect(ship.status).toBe(409);
    expect(ship.body.detail).toMatch(/may not be shipped: it is rejected/);
  });

  it('investigates, decides and closes a nonconformance with a signature', async () => {
    const [nc] = (await ok(
      inspector,
      'GET',
      '/api/quality/nonconformances?open=true',
    )) as unknown as Json[];
    await ok(inspector, 'POST', `/api/quality/nonconformances/${nc?.number}/investigation`, {
      investigation: 'primer cup burrs from the supplier’s worn die',
    });
    const early = await call(
      qa,
      'POST',
      `/api/quality/nonconformances/${nc?.number}/close`,
      {},
      signedHeaders(qa, qa.password),
    );
    expect(early.status).toBe(409);
    await ok(qa, 'POST', `/api/quality/nonconformances/${nc?.number}/decision`, {
      decision: 'scrap',
      note: 'return to supplier for destruction',
    });
    const unsigned = await call(qa, 'POST', `/api/quality/nonconformances/${nc?.number}/close`, {});
    expect(unsigned.status).toBe(400);
    const closed = await ok(
      qa,
      'POST',
      `/api/quality/nonconformances/${nc?.number}/close`,
      {},
      signedHeaders(qa, qa.password),
    );
    expect(closed).toMatchObject({
      state: 'closed',
      decision: 'scrap',
      closedBy: 'quinn',
      signatureId: expect.any(String),
    });
  });
});

describe('acceptance of a finished lot', () => {
  let order: Json;
  let lot: Json | undefined;

  it('will not inspect a lot before its order made anything', async () => {
    now = at('06:00');
    order = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L1',
      quantity: 4000,
    });
    await ok(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
    await ok(operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
    [lot] = (await ok(
      keeper,
      'GET',
      '/api/genealogy/lots?material=C762-BALL',
    )) as unknown as Json[];
    const refused = await call(inspector, 'POST', '/api/quality/inspections', { lot: lot?.number });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/has no quantity yet/);
  });

  it('inspects it to the customer specification, a firing-range test read from the instrument’s CSV', async () => {
    const row = machineEventRows('quality-test');
    await store.db
      .insert(machineEvents)
      .values([
        row(at('06:00'), 'PK', 'Counts/Good', 0, true),
        row(at('07:00'), 'PK', 'Counts/Good', 3500),
      ]);
    now = at('07:01');
    await ok(operator, 'POST', `/api/production/work-orders/${order.id}/complete`, {});
    const inspection = await ok(inspector, 'POST', '/api/quality/inspections', {
      lot: lot?.number,
    });
    expect(inspection.specification).toBe('SPEC-BALL-EJ');
    expect(inspection.plan.lotSize).toBe(3500);
    expect((inspection.plan.lines as Json[]).map((l) => l.characteristic)).toEqual([
      'OAL',
      'MASS',
      'CRIT-VIS',
      'MAJ-VIS',
      'MIN-VIS',
      'VEL',
      'DISP',
      'FUNC',
    ]);
    // 20 velocities around 715 m/s: mean 715, sd within 10.
    const csv = `Shot,Velocity (m/s)\n${Array.from({ length: 20 }, (_, i) => `${i + 1},${715 + (i % 2 === 0 ? 3 : -3)}`).join('\n')}\n`;
    const afterCsv = await ok(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/range-results?test=VEL`,
      csv,
    );
    const vel = (afterCsv.results as Json[]).find((r) => r.characteristic === 'VEL');
    expect(vel?.verdict).toMatchObject({ accepted: true });
    expect(vel?.verdict.summary).toMatch(
      /^mean 715 m\/s within 695–735 m\/s; sd 3\.077935 m\/s within at most 10 m\/s$/,
    );
    const badCsv = await call(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/range-results?test=VEL`,
      'Shot,Velocity\n1,fast\n',
    );
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.detail).toMatch(/line 2: velocity: "fast" is not a number/);
    const impacts = Array.from({ length: 20 }, (_, i) => ({
      x: Math.cos(i) * 3,
      y: Math.sin(i) * 3,
    }));
    await recordAll(inspection, { VEL: vel?.data, DISP: { kind: 'range', rounds: impacts } });
    const done = await ok(
      inspector,
      'POST',
      `/api/quality/inspections/${inspection.number}/complete`,
      {},
    );
    expect(done.state).toBe('accepted');
    // A finished lot waits for QA's signed decision.
    expect((await ok(keeper, 'GET', `/api/genealogy/lots/${lot?.number}`)).status).toBe(
      'quarantine',
    );
  });

  it('is released by the QA manager’s signature, with the evidence kept, and gets its certificate', async () => {
    const byInspector = await call(
      inspector,
      'POST',
      `/api/quality/lots/${lot?.number}/disposition`,
      { decision: 'release' },
      signedHeaders(inspector),
    );
    expect(byInspector.status).toBe(403);
    const wrongPassword = await call(
      qa,
      'POST',
      `/api/quality/lots/${lot?.number}/disposition`,
      { decision: 'release' },
      signedHeaders(qa, 'not-the-password-1'),
    );
    expect(wrongPassword.status).toBe(401);
    const released = await ok(
      qa,
      'POST',
      `/api/quality/lots/${lot?.number}/disposition`,
      { decision: 'release' },
      signedHeaders(qa, qa.password),
    );
    expect(released).toMatchObject({ decision: 'release', basis: 'inspection', by: 'quinn' });
    expect(released.evidence.inspections[0]).toMatchObject({
      state: 'accepted',
      specification: 'SPEC-BALL-EJ',
    });
    expect((await ok(keeper, 'GET', `/api/genealogy/lots/${lot?.number}`)).status).toBe('released');
    // The line's gauges were read: no alarm, no note.
    expect(released.evidence).toMatchObject({ spcAlarms: [], spcNote: null, spcNoteMessage: null });

    // Evidence stored before alarms carried their run and the note its code is still served as
    // it was kept: the English alone, for the app to show as it is.
    const stored: Json = {
      ...(released.evidence as Json),
      spcAlarms: [
        {
          metric: 'Gauge/OAL',
          rule: 'N2',
          at: '2027-03-15T08:00:34.000Z',
          message: '9 points in a row above the centre line (Nelson rule 2)',
        },
      ],
      spcNote: 'SPC alarms not read: the plant has no line "L9"',
    };
    delete stored.spcNoteMessage;
    await store.db
      .update(dispositions)
      .set({ evidence: stored })
      .where(eq(dispositions.id, released.id as string));
    const kept = (await ok(
      keeper,
      'GET',
      `/api/quality/lots/${lot?.number}/dispositions`,
    )) as unknown as Json[];
    expect(kept[0]?.evidence).toEqual(stored);

    const pdf = await call(keeper, 'GET', `/api/quality/lots/${lot?.number}/certificate.pdf`);
    expect(pdf.status).toBe(200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.body.raw)), {
      mergePages: true,
    });
    expect(text).toContain('Certificate of conformance');
    expect(text).toContain(`Lot: ${lot?.number}`);
    expect(text).toContain('Quantity: 3,500 each');
    expect(text).toContain('Specification: SPEC-BALL-EJ');
    expect(text).toContain('VEL — Velocidad a 25 m: conforms');
    expect(text).toMatch(/Released by Test quinn \(quinn\)/);
  });

  it('refuses to release a made lot without an accepted inspection, and a rejected lot goes nowhere', async () => {
    now = at('08:00');
    const second = await ok(planner, 'POST', '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L1',
      quantity: 1000,
    });
    await ok(planner, 'POST', `/api/production/work-orders/${second.id}/release`, {});
    await ok(operator, 'POST', `/api/production/work-orders/${second.id}/start`, {});
    const made = (
      (await ok(keeper, 'GET', '/api/genealogy/lots?material=C762-BALL')) as unknown as Json[]
    ).find((l) => l.workOrderId === second.id) as Json;
    const early = await call(
      qa,
      'POST',
      `/api/quality/lots/${made.number}/disposition`,
      { decision: 'release' },
      signedHeaders(qa, qa.password),
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/has no completed inspection/);
    const noReason = await call(
      qa,
      'POST',
      `/api/quality/lots/${made.number}/disposition`,
      { decision: 'reject' },
      signedHeaders(qa, qa.password),
    );
    expect(noReason.status).toBe(400);
    await ok(
      qa,
      'POST',
      `/api/quality/lots/${made.number}/disposition`,
      { decision: 'reject', reason: 'line contamination' },
      signedHeaders(qa, qa.password),
    );
    const certificate = await call(
      keeper,
      'GET',
      `/api/quality/lots/${made.number}/certificate.pdf`,
    );
    expect(certificate.status).toBe(409);
    const dashboard = await ok(inspector, 'GET', '/api/quality/dashboard');
    expect((dashboard.awaitingDecision as Json[]).some((l) => l.number === made.number)).toBe(
      false,
    );
  });
});

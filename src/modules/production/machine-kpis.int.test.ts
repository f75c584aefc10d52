// Line KPIs over HTTP from machine_events in a real database: a hand-written
// shift of line 1, whose figures are worked out beside each expectation; the
// same rows read by shift, by day, as a Pareto and a timeline; a work order's
// counts from the machines while it held the line; refusals of bad requests.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { machineEvents } from '../telemetry/index.js';

const MIN = 60_000;
/** A wall-clock time in Caracas (UTC−4 all year) on Monday 15 March 2027. */
const at = (hhmm: string) => Date.parse(`2027-03-15T${hhmm}:00-04:00`);
const iso = (ms: number) => new Date(ms).toISOString();
const GROUP = 'PLT-01'; // the reference plant's site code: the default group
const STATIONS = ['CF', 'PR', 'CH', 'BS', 'CS', 'GA', 'PK'];
const GOOD_PER_MINUTE = 70;

type Row = typeof machineEvents.$inferInsert;
let key = 0;
function row(
  t: number,
  device: string | null,
  metric: string,
  value: string | number,
  options: { birth?: boolean; group?: string } = {},
): Row {
  key += 1;
  return {
    receivedAt: new Date(t),
    messageKey: `test-${key}`,
    metricIndex: 0,
    messageType: options.birth ? (device ? 'DBIRTH' : 'NBIRTH') : device ? 'DDATA' : 'NDATA',
    groupId: options.group ?? GROUP,
    node: 'L1',
    device,
    metric,
    datatype: typeof value === 'number' ? 'UInt64' : 'String',
    ...(typeof value === 'number' ? { valueNumber: value } : { valueText: value }),
    birth: options.birth ?? false,
    metricAt: new Date(t),
  };
}

// Line 1 on Monday: born at 06:00 running. The crimper (CS) breaks down
// 07:00–07:20; the gauge (GA) behind it is starved from 07:01 and packing
// (PK), the output, from 07:02, until 07:20 and 07:21. Every station
// stops for the break 09:45–10:15. The line runs on into shift B and the feed
// stops at 15:00: idle to the end of the day. PK counts 70 good a minute it
// runs, reported at the end of each minute; CF scraps 12 by 08:00, 20 by 13:30.
function lineOneMonday(): Row[] {
  const rows: Row[] = [row(at('06:00'), null, 'Line/Product', 'C762-BALL', { birth: true })];
  for (const s of STATIONS) {
    rows.push(row(at('06:00'), s, 'State', 'running', { birth: true }));
    rows.push(row(at('06:00'), s, 'State/Reason', '', { birth: true }));
    rows.push(row(at('06:00'), s, 'Counts/Good', 0, { birth: true }));
    rows.push(row(at('06:00'), s, 'Counts/Reject', 0, { birth: true }));
  }
  rows.push(
    row(at('07:00'), 'CS', 'State', 'down'),
    row(at('07:00'), 'CS', 'State/Reason', 'MECH-CS'),
  );
  rows.push(row(at('07:01'), 'GA', 'State', 'starved'), row(at('07:02'), 'PK', 'State', 'starved'));
  rows.push(row(at('07:20'), 'CS', 'State', 'running'), row(at('07:20'), 'CS', 'State/Reason', ''));
  rows.push(row(at('07:20'), 'GA', 'State', 'running'));
  rows.push(row(at('07:21'), 'PK', 'State', 'running'));
  for (const s of STATIONS) {
    rows.push(row(at('09:45'), s, 'State', 'planned_stop'));
    rows.push(row(at('09:45'), s, 'State/Reason', 'PLN-BREAK'));
    rows.push(row(at('10:15'), s, 'State', 'running'));
    rows.push(row(at('10:15'), s, 'State/Reason', ''));
    rows.push(row(at('15:00'), s, 'State', 'idle'));
  }
  let good = 0;
  for (let t = at('06:00'); t < at('15:00'); t += MIN) {
    const stopped = (t >= at('07:02') && t < at('07:21')) || (t >= at('09:45') && t < at('10:15'));
    if (stopped) continue;
    good += GOOD_PER_MINUTE;
    rows.push(row(t + MIN, 'PK', 'Counts/Good', good));
  }
  rows.push(
    row(at('08:00'), 'CF', 'Counts/Reject', 12),
    row(at('13:30'), 'CF', 'Counts/Reject', 20),
  );
  // Another site's line L1 in the same database: never counted here.
  rows.push(row(at('06:00'), 'PK', 'Counts/Good', 0, { group: 'OTHER', birth: true }));
  rows.push(row(at('08:00'), 'PK', 'Counts/Good', 999_999, { group: 'OTHER' }));
  rows.push(row(at('08:00'), 'PK', 'State', 'down', { group: 'OTHER' }));
  return rows;
}

let store: Store;
let app: App;
let viewer: Session;
let planner: Session;
let operator: Session;
let now = Date.parse('2027-03-16T12:00:00-04:00');

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    clock: () => new Date(now),
  });
  await app.ready();
  viewer = await signInAs(app, store.db, 'vera', ['viewer']);
  planner = await signInAs(app, store.db, 'pia', ['planner']);
  operator = await signInAs(app, store.db, 'oscar', ['line_operator']);
  await store.db.insert(machineEvents).values(lineOneMonday());
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

const get = (url: string, session: Session = viewer) =>
  app.inject({ method: 'GET', url, headers: session.headers });
const window = (from: string, to: string) => `from=${iso(at(from))}&to=${iso(at(to))}`;

// Shift A, 06:00–14:00: POT 480 min; the break is planned down time, PBT 450.
// Running 06:00–07:02 (62), 07:21–09:45 (144), 10:15–14:00 (225): APT 431.
// Down for MECH-CS 07:02–07:20 (18: PK starved by the crimper), starved
// 07:20–07:21 (1, behind a running crimper): ADET 19. Good 431 × 70 = 30,170
// (the report at 14:00 counts the minute before it), scrap 20.
// PRU at 84/min = 60,000 / 84 ms.
describe('GET /api/production/lines/:line/kpis', () => {
  it('gives the KPIs of a window from the machine data', async () => {
    const response = await get(`/api/production/lines/L1/kpis?${window('06:00', '14:00')}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      line: 'L1',
      group: GROUP,
      by: 'window',
      window: { from: iso(at('06:00')), to: iso(at('14:00')) },
    });
    expect(body.reports).toHaveLength(1);
    const [report] = body.reports;
    expect(report.times).toMatchObject({
      pot: 480 * MIN,
      plannedDowntime: 30 * MIN,
      pbt: 450 * MIN,
      apt: 431 * MIN,
      adet: 19 * MIN,
      asut: 0,
      adot: 0,
      unrecorded: 0,
    });
    expect(report.quantities).toEqual({ good: 30_170, scrap: 20, rework: 0, produced: 30_190 });
    expect(report.pruMs).toBeCloseTo(60_000 / 84, 9);
    expect(report.kpis.availability).toBeCloseTo(431 / 450, 12);
    expect(report.kpis.effectiveness).toBeCloseTo(30_190 / 84 / 431, 12);
    expect(report.kpis.qualityRatio).toBeCloseTo(30_170 / 30_190, 12);
    expect(report.kpis.oee).toBeCloseTo(30_170 / 84 / 450, 12);
    expect(report.kpis.reworkRatio).toBe(0);
  });

  it('splits by shift and by day', async () => {
    // Shift B: running 14:00–15:00 (60 min, 4,200 good), then idle: ADOT 405 of PBT 450.
    const byShift = await get(`/api/production/lines/L1/kpis?${window('06:00', '22:00')}&by=shift`);
    expect(byShift.statusCode, byShift.body).toBe(200);
    const shifts = byShift.json().reports;
    expect(shifts.map((s: { shift: string; day: string }) => [s.day, s.shift])).toEqual([
      ['2027-03-15', 'A'],
      ['2027-03-15', 'B'],
    ]);
    expect(shifts[0].quantities.good).toBe(30_170);
    expect(shifts[1].quantities).toMatchObject({ good: 4_200, scrap: 0 });
    // B's break is not reported by the stations: it shows as idle, a visible loss.
    expect(shifts[1].times).toMatchObject({ pot: 480 * MIN, pbt: 480 * MIN, apt: 60 * MIN });
    expect(shifts[1].times.adot).toBe(420 * MIN);

    const byDay = await get(`/api/production/lines/L1/kpis?${window('00:00', '23:59')}&by=day`);
    expect(byDay.statusCode, byDay.body).toBe(200);
    const [day] = byDay.json().reports;
    expect(day).toMatchObject({ day: '2027-03-15', shifts: ['A', 'B'] });
    expect(day.quantities.good).toBe(34_370);
    expect(day.kpis.oee).toBeCloseTo(34_370 / 84 / 930, 12);
  });

  it('ends a window that reaches past now at now', async () => {
    const saved = now;
    now = at('10:00');
    try {
      const response = await get(`/api/production/lines/L1/kpis?${window('06:00', '14:00')}`);
      const body = response.json();
      expect(body.window.to).toBe(iso(at('10:00')));
      // 06:00–10:00: POT 240, break 09:45–10:00 (15) planned; APT 62 + 144.
      expect(body.reports[0].times).toMatchObject({ pot: 240 * MIN, apt: 206 * MIN });
    } finally {
      now = saved;
    }
  });

  it('refuses a line the plant does not have, a backwards window and one too long', async () => {
    const unknown = await get(`/api/production/lines/L9/kpis?${window('06:00', '14:00')}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'unknown_line' });

    const backwards = await get(`/api/production/lines/L1/kpis?${window('14:00', '06:00')}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({
      code: 'invalid_window',
      errors: [{ path: 'query.to', message: expect.stringMatching(/must end after it starts/) }],
    });

    const from = iso(at('06:00') - 40 * 86_400_000);
    const long = await get(`/api/production/lines/L1/kpis?from=${from}&to=${iso(at('06:00'))}`);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({
      code: 'window_too_long',
      errors: [{ path: 'query.from' }],
    });

    const notADate = await get('/api/production/lines/L1/kpis?from=yesterday');
    expect(notADate.statusCode).toBe(400);
    expect(notADate.json().errors[0].path).toBe('query.from');

    const badBy = await get(`/api/production/lines/L1/kpis?${window('06:00', '14:00')}&by=week`);
    expect(badBy.statusCode).toBe(400);
    expect(badBy.json().errors[0].path).toBe('query.by');
  });

  it('needs a signed-in user', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/production/lines/L1/kpis?${window('06:00', '14:00')}`,
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/production/lines/:line/downtime-pareto', () => {
  it("gives the line's lost time by the reason it stood", async () => {
    const response = await get(
      `/api/production/lines/L1/downtime-pareto?${window('06:00', '14:00')}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.scope).toBe('line');
    expect(body.entries).toEqual([
      expect.objectContaining({
        reason: 'PLN-BREAK',
        durationMs: 30 * MIN,
        count: 1,
        share: 30 / 49,
        category: expect.any(String),
      }),
      expect.objectContaining({ reason: 'MECH-CS', durationMs: 18 * MIN, count: 1 }),
      expect.objectContaining({ reason: null, durationMs: 1 * MIN, name: null }),
    ]);
    expect(body.entries[1].name).toEqual(expect.any(String));
    expect(body.entries[2].cumulativeShare).toBeCloseTo(1, 12);
  });

  it("gives the machines' own stops summed per reason", async () => {
    const response = await get(
      `/api/production/lines/L1/downtime-pareto?${window('06:00', '14:00')}&scope=stations`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(
      response
        .json()
        .entries.map((e: { reason: string; durationMs: number; count: number }) => [
          e.reason,
          e.durationMs / MIN,
          e.count,
        ]),
    ).toEqual([
      ['PLN-BREAK', 7 * 30, 7],
      ['MECH-CS', 20, 1],
    ]);
  });
});

describe('GET /api/production/lines/:line/timeline', () => {
  it("draws the line's states, off shift outside the calendar", async () => {
    const response = await get(`/api/production/lines/L1/timeline?${window('05:00', '23:00')}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().intervals).toEqual([
      // Before 06:00 nothing was reported: a gap.
      { from: iso(at('06:00')), to: iso(at('07:02')), state: 'running' },
      { from: iso(at('07:02')), to: iso(at('07:20')), state: 'down', reason: 'MECH-CS' },
      { from: iso(at('07:20')), to: iso(at('07:21')), state: 'starved' },
      { from: iso(at('07:21')), to: iso(at('09:45')), state: 'running' },
      { from: iso(at('09:45')), to: iso(at('10:15')), state: 'planned_stop', reason: 'PLN-BREAK' },
      { from: iso(at('10:15')), to: iso(at('15:00')), state: 'running' },
      { from: iso(at('15:00')), to: iso(at('22:00')), state: 'idle' },
      { from: iso(at('22:00')), to: iso(at('23:00')), state: 'off_shift' },
    ]);
  });

  it('reads the last 24 hours by default', async () => {
    const response = await get('/api/production/lines/L1/timeline');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().window).toEqual({ from: iso(now - 86_400_000), to: iso(now) });
    // Monday 12:00 to Tuesday 12:00: running until 15:00, idle, off shift
    // 22:00–06:00, then idle in Tuesday's shift A (the last state reported).
    expect(response.json().intervals.map((i: { state: string }) => i.state)).toEqual([
      'running',
      'idle',
      'off_shift',
      'idle',
    ]);
  });
});

describe('GET /api/production/work-orders/:id/kpis', () => {
  it('counts what the machines made while the order held its line, not while it was on hold', async () => {
    const saved = now;
    const command = async (session: Session, id: string, name: string, hhmm: string, body = {}) => {
      now = at(hhmm);
      const response = await app.inject({
        method: 'POST',
        url: `/api/production/work-orders/${id}/${name}`,
        payload: body,
        headers: session.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    let id: string;
    try {
      now = at('07:00');
      const planned = await app.inject({
        method: 'POST',
        url: '/api/production/work-orders',
        payload: { product: 'C762-BALL', line: 'L1', quantity: 20_000 },
        headers: planner.headers,
      });
      expect(planned.statusCode, planned.body).toBe(201);
      id = planned.json().id;
      const never = await get(`/api/production/work-orders/${id}/kpis`);
      expect(never.statusCode, never.body).toBe(200);
      expect(never.json()).toMatchObject({ spans: [], good: 0, reject: 0, report: null });

      await command(planner, id, 'release', '07:10');
      await command(operator, id, 'start', '07:30');
      await command(operator, id, 'pause', '11:00', { reason: 'MECH-CS' });
      await command(operator, id, 'resume', '11:10');
      await command(planner, id, 'hold', '12:00', { reason: 'NCR-17' });
      await command(planner, id, 'unhold', '12:10');
      await command(operator, id, 'complete', '13:00');
    } finally {
      now = saved;
    }
    const response = await get(`/api/production/work-orders/${id}/kpis`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.workOrder).toMatchObject({ line: 'L1', product: 'C762-BALL', state: 'completed' });
    expect(body.spans).toEqual([
      { from: iso(at('07:30')), to: iso(at('12:00')) },
      { from: iso(at('12:10')), to: iso(at('13:00')) },
    ]);
    // Running minutes held: 07:30–09:45 (135), 10:15–12:00 (105), 12:10–13:00
    // (50) = 290, × 70 good; CF's 12 rejects reported at 08:00.
    expect(body.good).toBe(290 * 70);
    expect(body.reject).toBe(12);
    // AOET 07:30–13:00 = 330 min; the break is planned (PBT 300); on hold
    // 10 min nothing is the order's (unrecorded).
    expect(body.report).toMatchObject({
      aoetMs: 330 * MIN,
      times: { pot: 330 * MIN, pbt: 300 * MIN, apt: 290 * MIN, unrecorded: 10 * MIN },
      quantities: { good: 20_300, scrap: 12 },
    });
    expect(body.report.kpis.availability).toBeCloseTo(290 / 300, 12);
    expect(body.report.productionProcessRatio).toBeCloseTo(290 / 330, 12);
  });

  it('refuses an unknown work order', async () => {
    const response = await get(
      '/api/production/work-orders/3f1b2c4d-0000-4000-8000-000000000000/kpis',
    );
    expect(response.statusCode).toBe(404);
  });
});

// The twin over HTTP on a real database: a planner runs scenarios of the
// current plant, the runs are kept for comparison, and bad requests are
// refused with the field named.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { runs } from './schema.js';

let now = new Date('2026-11-26T12:00:00Z');
let store: Store;
let app: App;
let planner: Session;
let operator: Session;

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
  operator = await signInAs(app, store.db, 'vera', ['viewer']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

const post = (session: Session, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/twin/runs', headers: session.headers, payload });

describe('twin runs over HTTP', () => {
  it('lists the scenarios', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/twin/scenarios',
      headers: operator.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((s: { name: string }) => s.name)).toEqual([
      'rated',
      'baseline',
      'extra-shift',
      'line-out',
      'supplier-stop',
      'demand-surge',
      'buffer',
    ]);
  });

  it('runs the rated and a line-out scenario, keeps both, newest first', async () => {
    const rated = await post(planner, { scenario: 'rated', year: 2027, replications: 2 });
    expect(rated.statusCode, rated.body).toBe(201);
    const ratedRun = rated.json();
    expect(Math.abs(ratedRun.report.total.mean - 70_329_600) / 70_329_600).toBeLessThan(0.0002);
    expect(ratedRun).toMatchObject({
      createdBy: 'pablo',
      replications: 2,
      seed: '1',
      input: { scenario: 'rated', year: 2027 },
    });

    // A minute later: runs are listed by when they were made.
    now = new Date(now.getTime() + 60_000);
    const out = await post(planner, {
      scenario: 'line-out',
      year: 2027,
      replications: 2,
      line: 'L1',
      weeks: 8,
      from: '2027-05-03',
    });
    expect(out.statusCode, out.body).toBe(201);
    const outRun = out.json();
    const l1 = outRun.report.lines.find((l: { line: string }) => l.line === 'L1');
    // Eight weeks out from 3 May: 40 weekdays, one of them a holiday already (24 June): 39 × 900 minutes fewer.
    expect(rated.json().report.lines[0].workingMinutes - l1.workingMinutes).toBe(39 * 900);

    const listed = await app.inject({
      method: 'GET',
      url: '/api/twin/runs',
      headers: operator.headers,
    });
    expect(listed.json().map((r: { id: string }) => r.id)).toEqual([outRun.id, ratedRun.id]);
    const one = await app.inject({
      method: 'GET',
      url: `/api/twin/runs/${ratedRun.id}`,
      headers: operator.headers,
    });
    expect(one.json().report.total).toEqual(ratedRun.report.total);
    // What the run assumed, in English and in data, as made and as kept.
    expect(ratedRun.report.assumptions).toBe('rated');
    expect(one.json().report.assumed).toEqual({ behaviour: { kind: 'rated' }, supply: null });
  }, 60_000);

  it('serves a run kept before the assumptions were stored in data, with only their English', async () => {
    const id = '00000000-0000-4000-8000-0000000000aa';
    const kept = await app.inject({
      method: 'POST',
      url: '/api/twin/runs',
      headers: planner.headers,
      payload: { scenario: 'rated', year: 2027, replications: 1 },
    });
    const { id: _made, createdAt: _at, createdBy: _by, ...document } = kept.json();
    delete document.report.assumed;
    await store.db.insert(runs).values({
      id,
      scenario: 'rated',
      createdAt: new Date('2020-01-01T00:00:00Z'),
      createdBy: 'pablo',
      document,
    });
    const old = await app.inject({
      method: 'GET',
      url: `/api/twin/runs/${id}`,
      headers: operator.headers,
    });
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json().report.assumptions).toBe('rated');
    expect(old.json().report).not.toHaveProperty('assumed');
  }, 60_000);

  it('stops a supplier with the stock on hand now: without primers the lines stop at once', async () => {
    const stop = await post(planner, {
      scenario: 'supplier-stop',
      year: 2027,
      replications: 1,
      supplier: 'SUP-PRIMERS',
      from: '2027-07-01',
    });
    expect(stop.statusCode, stop.body).toBe(201);
    const run = stop.json();
    expect(run.input.coverDays).toBe(0);
    // Half the working year is left when primers run out on 1 July.
    expect(run.report.total.mean / 59_000_000).toBeLessThan(0.6);
    // Each line's first station waits for primers from then on, and the report says so.
    for (const line of run.report.lines) {
      expect(line.shortOf).toEqual(['PRIMER-762']);
      expect(line.materialStarvedMinutes / line.workingMinutes).toBeGreaterThan(0.4);
    }
    expect(run.report.supply).toMatch(/^components: /);
  }, 60_000);

  it('calibrates from the machine data of the last days when asked, and says how much it found', async () => {
    const run = await post(planner, {
      scenario: 'rated',
      year: 2027,
      replications: 1,
      calibrationDays: 7,
    });
    expect(run.statusCode, run.body).toBe(201);
    // The rated scenario ignores behaviour; a fresh store has no machine data anyway.
    expect(run.json().calibrationDays).toBe(7);
    const baseline = await post(planner, {
      scenario: 'baseline',
      year: 2027,
      replications: 1,
      calibrationDays: 7,
    });
    expect(baseline.json().report.assumptions).toBe(
      'calibrated from machine data (0 of 28 stations; the rest: uncalibrated defaults)',
    );
    expect(baseline.json().report.assumed).toEqual({
      behaviour: { kind: 'calibrated', complete: 0, stations: 28, rest: 'uncalibrated' },
      supply: { reviewDays: 7, leadTimeDays: 3, stockDays: 14 },
    });
    expect(
      (await post(planner, { scenario: 'rated', year: 2027, calibrationDays: 90 })).statusCode,
    ).toBe(400);
  }, 60_000);

  it("gives each station's calibration, saying what it could not fit", async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/twin/calibration?days=1&line=L1',
      headers: operator.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    const stations = response.json();
    expect(stations.map((s: { station: string }) => s.station)).toEqual([
      'CF',
      'PR',
      'CH',
      'BS',
      'CS',
      'GA',
      'PK',
    ]);
    expect(stations[0]).toMatchObject({
      line: 'L1',
      cycle: null,
      uptime: null,
      repair: null,
      rejectRate: null,
    });
    expect(stations[0].notes.join(' ')).toMatch(/not enough data \(0 observations, need 10\)/);
    expect(stations[0].unfitted[0]).toEqual({
      quantity: 'cycle',
      code: 'not_enough_data',
      params: { observations: 0, minimum: 10 },
      text: stations[0].notes[0],
    });
    const tooLong = await app.inject({
      method: 'GET',
      url: '/api/twin/calibration?days=40',
      headers: operator.headers,
    });
    expect(tooLong.statusCode).toBe(400);
  });

  it('refuses runs to those without the permission, and bad requests with the field named', async () => {
    expect(
      (await post(operator, { scenario: 'rated', year: 2027, replications: 1 })).statusCode,
    ).toBe(403);
    const badLine = await post(planner, {
      scenario: 'line-out',
      year: 2027,
      replications: 1,
      line: 'L9',
    });
    expect(badLine.statusCode).toBe(400);
    expect(badLine.json().detail).toMatch(/^line: unknown line "L9"/);
    const tooMany = await post(planner, { scenario: 'rated', year: 2027, replications: 51 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().detail).toMatch(/replications/);
    const unknown = await post(planner, { scenario: 'weekend', year: 2027 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toMatch(/scenario/);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/twin/runs/00000000-0000-4000-8000-000000000000',
      headers: operator.headers,
    });
    expect(missing.statusCode).toBe(404);
  });
});

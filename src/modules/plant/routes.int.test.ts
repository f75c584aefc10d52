// The plant API in-process (`app.inject`) over a real store: every read, every
// edit and how each kind of mistake comes back as RFC 9457 problem details.
// Reads go as a viewer; edits as an administrator who signs each one.
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { signedHeaders, signInAs } from '../../../test/support/auth.js';
import {
  createReferenceStore,
  createTestStore,
  REFERENCE_PLANT,
} from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Role } from '../../core/auth/roles.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import type { PlantFileInput } from './model.js';

const REFERENCE_TEXT = readFileSync(REFERENCE_PLANT, 'utf8');
const referenceDocument = () => parse(REFERENCE_TEXT) as PlantFileInput;
// A web root without index.html: the API alone, whatever web/dist holds.
const NO_WEB = '/nonexistent-web-root';

type Json = Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PUT';

/** The app and the headers every request sends: a signed-in user's session. */
interface Client {
  app: App;
  headers: Record<string, string>;
  username?: string;
  close(): Promise<void>;
}

let users = 0;

/**
 * Opens the app over the store. With roles, a user holding them is signed in;
 * `signs` adds the re-entered password to every request, so edits are signed.
 */
async function open(
  store: Store,
  options: { roles?: Role[]; signs?: boolean } = {},
): Promise<Client> {
  const app = await buildApp({ store, logger: pino({ level: 'silent' }), webRoot: NO_WEB });
  await app.ready();
  if (!options.roles) return { app, headers: {}, close: () => app.close() };
  users += 1;
  const username = `${options.roles.join('-').replace(/_/g, '-')}-${users}`;
  const session = await signInAs(app, store.db, username, options.roles);
  return {
    app,
    username,
    headers: options.signs ? signedHeaders(session, session.password) : session.headers,
    close: () => app.close(),
  };
}

function call(
  client: Client,
  method: Method,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return client.app.inject({
    method,
    url,
    ...(body === undefined ? {} : typeof body === 'string' ? { body } : { payload: body as Json }),
    headers: { ...client.headers, ...headers },
  });
}

/** Asserts an RFC 9457 problem and returns it. */
function problemOf(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json() as {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    instance?: string;
    errors?: { path: string; message: string; code?: string; params?: Record<string, unknown> }[];
  };
  expect(body.status).toBe(status);
  expect(body.type).toBe(`urn:lotline:problem:${body.code}`);
  expect(body.title).toEqual(expect.any(String));
  expect(body.detail).toEqual(expect.any(String));
  return body;
}

async function revisionCount(api: Client): Promise<number> {
  const response = await call(api, 'GET', '/api/plant/revisions');
  expect(response.statusCode).toBe(200);
  return (response.json() as unknown[]).length;
}

describe('reading the reference plant', () => {
  let store: Store;
  let api: Client;
  beforeAll(async () => {
    store = await createReferenceStore();
    api = await open(store, { roles: ['viewer'] });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  const get = async (url: string) => {
    const response = await call(api, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response.json();
  };

  it('summarises the plant with its revision and counts', async () => {
    const summary = await get('/api/plant');
    expect(summary.site).toMatchObject({ code: 'PLT-01', country: 'VE', manufacturerCode: 'LTL' });
    expect(summary.revision).toMatchObject({ number: 1, source: 'file:plants/reference.yaml' });
    expect(summary.revision.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.counts).toEqual({
      areas: 6,
      calendars: 2,
      maintenance: 8,
      boms: 3,
      materials: 17,
      customers: 5,
      suppliers: 7,
      locations: 15,
      lines: 4,
      specifications: 6,
      stations: 28,
    });
  });

  it('serves the site', async () => {
    expect(await get('/api/plant/site')).toEqual({
      code: 'PLT-01',
      name: 'Planta de Cartuchos — referencia Lotline',
      country: 'VE',
      timezone: 'America/Caracas',
      manufacturerCode: 'LTL',
      gs1CompanyPrefix: '7590001',
      lotNumbering: { identifier: '-', sequenceDigits: 3 },
    });
  });

  it.each([
    ['areas', 'code', ['PROD', 'RANGE', 'MAGS', 'STORES', 'RECV', 'DISP']],
    ['calendars', 'code', ['TWO-SHIFT', 'RANGE-DAY']],
    [
      'maintenance',
      'code',
      [
        'PM-2026-L1',
        'PM-2026-L2',
        'PM-2026-L3',
        'PM-2026-L4',
        'PM-2027-L1',
        'PM-2027-L2',
        'PM-2027-L3',
        'PM-2027-L4',
      ],
    ],
    ['boms', 'product', ['C762-BALL', 'C762-TRACER', 'C762-BLANK']],
    [
      'specifications',
      'code',
      ['SPEC-BALL-EJ', 'SPEC-TRACER-EJ', 'SPEC-BLANK-PN', 'INC-CASE', 'INC-PRIMER', 'INC-BULLET'],
    ],
    ['lines', 'code', ['L1', 'L2', 'L3', 'L4']],
    ['customers', 'code', ['EJ-LOG', 'AR-ARM', 'GN-LOG', 'PNB', 'PE-MIR']],
    [
      'suppliers',
      'code',
      [
        'SUP-CASES',
        'SUP-PRIMERS',
        'SUP-POWDER',
        'SUP-BULLETS',
        'SUP-TRACER',
        'SUP-PACK',
        'SUP-SPARES',
      ],
    ],
  ])('lists the %s in file order', async (kind, key, codes) => {
    const list = (await get(`/api/plant/${kind}`)) as Json[];
    expect(list.map((e) => e[key])).toEqual(codes);
  });

  it('lists the materials and locations, each as in the file', async () => {
    const materials = (await get('/api/plant/materials')) as Json[];
    expect(materials).toHaveLength(17);
    expect(materials[0]).toEqual({
      code: 'C762-BALL',
      name: 'Cartucho 7,62x39 mm ordinario (núcleo de acero)',
      kind: 'finished',
      category: 'cartridge',
      unit: 'each',
      shelfLifeDays: 3650,
      gtin: '07590001000015',
      lotInterfixes: { first: 1, last: 99 },
      hazard: {
        unNumber: 'UN0012',
        division: '1.4',
        compatibilityGroup: 'S',
        netExplosivePerUnitKg: 0.0017,
      },
    });
    const locations = (await get('/api/plant/locations')) as Json[];
    expect(locations).toHaveLength(15);
    expect(locations.filter((l) => l.kind === 'magazine').map((l) => l.code)).toEqual([
      'MAG-01',
      'MAG-01-A',
      'MAG-01-B',
      'MAG-02',
      'MAG-03',
      'MAG-04',
    ]);
  });

  it.each([
    ['areas', 'MAGS', { code: 'MAGS', name: 'Zona de polvorines', kind: 'storage' }],
    ['calendars', 'RANGE-DAY', { code: 'RANGE-DAY', name: 'Polígono, jornada diurna' }],
    ['maintenance', 'PM-2027-L3', { lines: ['L3'], from: '2027-08-02', to: '2027-08-13' }],
    [
      'materials',
      'PROP-BALL',
      { unit: 'kg', hazard: expect.objectContaining({ division: '1.3' }) },
    ],
    [
      'boms',
      'C762-BLANK',
      {
        basis: 1000,
        items: expect.arrayContaining([
          { material: 'PROP-BLANK', quantity: 0.8, scrapPercent: 0.5 },
          { material: 'SEALANT', quantity: 0.05, scrapPercent: 0 },
        ]),
      },
    ],
    ['specifications', 'SPEC-BLANK-PN', { product: 'C762-BLANK', customer: 'PNB', revision: 'A' }],
    ['lines', 'L3', { area: 'PROD', calendar: 'TWO-SHIFT', defaultChangeoverMinutes: 60 }],
    ['locations', 'MAG-01-A', { parent: 'MAG-01', netExplosiveLimitKg: 4000 }],
    ['customers', 'PNB', { name: 'Policía Nacional', kind: 'police', country: 'VE' }],
    ['suppliers', 'SUP-POWDER', { imported: true, materials: ['PROP-BALL', 'PROP-BLANK'] }],
  ])('serves one of the %s by code (%s)', async (kind, code, expected) => {
    const entity = await get(`/api/plant/${kind}/${code}`);
    expect(entity).toMatchObject(expected);
    expect(entity[kind === 'boms' ? 'product' : 'code']).toBe(code);
  });

  it('serves a line with its stations, products and changeovers', async () => {
    const l3 = await get('/api/plant/lines/L3');
    expect(l3.stations).toHaveLength(7);
    expect(l3.products).toEqual([
      { product: 'C762-TRACER', ratePerMinute: 68, share: 0.6 },
      { product: 'C762-BLANK', ratePerMinute: 95, share: 0.4 },
    ]);
    expect(l3.changeovers).toEqual([
      { from: 'C762-TRACER', to: 'C762-BLANK', minutes: 240 },
      { from: 'C762-BLANK', to: 'C762-TRACER', minutes: 300 },
    ]);
  });

  it('answers 404 with a problem for an unknown code', async () => {
    const body = problemOf(await call(api, 'GET', '/api/plant/lines/L9'), 404);
    expect(body).toMatchObject({
      code: 'plant_entity_not_found',
      params: { entityKind: 'lines', key: 'code', code: 'L9' },
      detail: 'no line with code "L9"',
      instance: '/api/plant/lines/L9',
    });
    problemOf(await call(api, 'GET', '/api/plant/boms/CASE-762'), 404);
  });

  it('refuses a code that cannot be one, naming the parameter', async () => {
    const body = problemOf(await call(api, 'GET', '/api/plant/lines/bad%20code'), 400);
    expect(body.errors).toMatchObject([
      {
        path: 'params.code',
        message: 'expected a code of 1–40 letters, digits, dots, dashes or underscores',
      },
    ]);
  });

  it('rates the plant for a given year', async () => {
    const capacity = await get('/api/plant/capacity?year=2027');
    expect(capacity.year).toBe(2027);
    expect(capacity.ratedPerYear).toBe(70_329_600);
    expect((capacity.lines as Json[]).map((l) => [l.line, l.workingDays, l.ratedPerYear])).toEqual([
      ['L1', 240, 18_144_000],
      ['L2', 240, 18_144_000],
      ['L3', 240, 17_020_800],
      ['L4', 240, 17_020_800],
    ]);
    expect((await get('/api/plant/capacity?year=2026')).ratedPerYear).toBe(70_036_560);
  });

  it('rates the plant for the current year when none is given', async () => {
    const capacity = await get('/api/plant/capacity');
    expect(capacity.year).toBe(new Date().getFullYear());
    expect(capacity.lines).toHaveLength(4);
  });

  it.each([
    ['abc', 'expected a number'],
    ['1999', 'expected a number ≥ 2000'],
    ['2027.5', 'expected a whole number'],
  ])('refuses capacity?year=%s, naming the query parameter', async (year, message) => {
    const body = problemOf(await call(api, 'GET', `/api/plant/capacity?year=${year}`), 400);
    expect(body.code).toBe('request_invalid');
    expect(body.errors).toMatchObject([{ path: 'query.year', message }]);
  });

  it('lists the revisions and serves one with the plant as it was', async () => {
    const revisions = (await get('/api/plant/revisions')) as Json[];
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ number: 1, source: 'file:plants/reference.yaml' });
    expect(revisions[0]?.changes).toHaveLength(140);
    const first = await get('/api/plant/revisions/1');
    expect(first.revision).toEqual(revisions[0]);
    // Loaded from the file before anyone could sign: intact, and unsigned.
    expect(first.integrity).toMatchObject({ intact: true, recordedHash: revisions[0]?.hash });
    expect(first.signatures).toEqual([]);
    expect(first.plant.site.code).toBe('PLT-01');
    expect(first.plant.lines).toHaveLength(4);
  });

  it('answers 404 for a revision that does not exist and 400 for one that cannot', async () => {
    const missing = problemOf(await call(api, 'GET', '/api/plant/revisions/99'), 404);
    expect(missing.detail).toBe('plant revision 99 does not exist');
    const bad = problemOf(await call(api, 'GET', '/api/plant/revisions/first'), 400);
    expect(bad.errors?.[0]?.path).toBe('params.number');
    problemOf(await call(api, 'GET', '/api/plant/revisions/0'), 400);
  });

  it('exports the plant as a YAML plant file that reads back as the same plant', async () => {
    const response = await call(api, 'GET', '/api/plant/file');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    const asJson = await get('/api/plant/file?format=json');
    expect(parse(response.body)).toEqual(asJson);
    expect(asJson.schemaVersion).toBe(1);
    expect(asJson.lines).toHaveLength(4);
  });

  it('refuses an unknown export format', async () => {
    const body = problemOf(await call(api, 'GET', '/api/plant/file?format=xml'), 400);
    expect(body.errors).toMatchObject([
      { path: 'query.format', message: 'expected one of "yaml", "json"' },
    ]);
  });

  it('answers health and readiness probes', async () => {
    expect((await call(api, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await call(api, 'GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('answers an unknown API route with a 404 problem', async () => {
    const body = problemOf(await call(api, 'GET', '/api/nothing-here'), 404);
    expect(body).toMatchObject({ code: 'not_found', detail: 'no route GET /api/nothing-here' });
    problemOf(await call(api, 'POST', '/api/plant/areas', {}), 404);
  });

  it('publishes an OpenAPI 3.1 document listing the plant paths', async () => {
    const doc = await get('/api/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Lotline API');
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/plant/',
      '/api/plant/file',
      '/api/plant/revisions',
      '/api/plant/revisions/{number}',
      '/api/plant/capacity',
      '/api/plant/site',
      '/api/plant/lines',
      '/api/plant/lines/{code}',
      '/api/plant/materials/{code}',
      '/api/plant/boms/{code}',
    ]) {
      expect(paths, p).toContain(p);
    }
    expect(Object.keys(doc.paths['/api/plant/lines/{code}'])).toEqual(['get', 'put']);
    expect(Object.keys(doc.paths['/api/plant/areas'])).toEqual(['get']);
    expect(paths.some((p) => p.startsWith('/healthz') || p.startsWith('/api/docs'))).toBe(false);
  });

  it('serves the API documentation as a web page', async () => {
    for (const url of ['/api/docs', '/api/docs/']) {
      const response = await call(api, 'GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toMatch(/<!DOCTYPE html>/i);
    }
  });
});

describe('editing master data', () => {
  let store: Store;
  let api: Client;
  beforeAll(async () => {
    store = await createReferenceStore();
    api = await open(store, { roles: ['admin'], signs: true });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  const newLine = {
    code: 'L5',
    name: 'Line 5',
    area: 'PROD',
    calendar: 'TWO-SHIFT',
    stations: [
      { code: 'CF', name: 'Case feeding', kind: 'case_feeding', ratePerMinute: 120 },
      { code: 'BS', name: 'Bullet seating', kind: 'bullet_seating', ratePerMinute: 100 },
    ],
    products: [{ product: 'C762-BALL', ratePerMinute: 90 }],
  };

  it.each([
    [
      'customers',
      { code: 'GN-2', name: 'Guardia Nacional, Región 2', kind: 'armed_forces', country: 'VE' },
      { name: 'Guardia Nacional — Región 2' },
    ],
    [
      'suppliers',
      { code: 'SUP-X', name: 'New supplier', country: 'CO', leadTimeDays: 60, materials: [] },
      { materials: ['CASE-762'], leadTimeDays: 45 },
    ],
    [
      'materials',
      { code: 'GLUE', name: 'Sealing glue', kind: 'component', category: 'other', unit: 'kg' },
      { shelfLifeDays: 180 },
    ],
    [
      'locations',
      {
        code: 'MAG-02-A',
        name: 'Polvorín 2, nave A',
        area: 'MAGS',
        kind: 'magazine',
        parent: 'MAG-02',
        netExplosiveLimitKg: 4000,
        hazardDivisions: ['1.4'],
        compatibilityGroups: ['S'],
      },
      { netExplosiveLimitKg: 3500 },
    ],
    ['lines', newLine, { products: [{ product: 'C762-BALL', ratePerMinute: 95 }] }],
    [
      'specifications',
      {
        code: 'SPEC-BALL-PN',
        name: 'Cartucho ordinario — especificación policial',
        product: 'C762-BALL',
        customer: 'PNB',
        characteristics: [
          { code: 'OAL', name: 'Longitud total', type: 'variable', unit: 'mm', lsl: 55.4, usl: 56 },
        ],
      },
      { revision: 'B' },
    ],
  ])('creates and replaces %s, recording a revision each time', async (kind, entity, update) => {
    const singular = kind.replace(/s$/, '');
    const before = await revisionCount(api);

    const created = await call(api, 'POST', `/api/plant/${kind}`, entity);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      changed: true,
      revision: {
        number: before + 1,
        source: 'api',
        actor: api.username,
        changes: [{ kind: singular, code: entity.code, change: 'added' }],
      },
    });
    const stored = await call(api, 'GET', `/api/plant/${kind}/${entity.code}`);
    expect(stored.json()).toMatchObject(entity);

    const replaced = await call(api, 'PUT', `/api/plant/${kind}/${entity.code}`, {
      ...entity,
      ...update,
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({
      changed: true,
      revision: {
        number: before + 2,
        changes: [{ kind: singular, code: entity.code, change: 'updated' }],
      },
    });
    expect((await call(api, 'GET', `/api/plant/${kind}/${entity.code}`)).json()).toMatchObject(
      update,
    );

    // The same body again is no change and no revision.
    const again = await call(api, 'PUT', `/api/plant/${kind}/${entity.code}`, {
      ...entity,
      ...update,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ changed: false, revision: { number: before + 2 } });
    expect(await revisionCount(api)).toBe(before + 2);
  });

  it('counts a new line in the capacity', async () => {
    const created = await call(api, 'POST', '/api/plant/lines', {
      ...newLine,
      code: 'L6',
      products: [{ product: 'C762-BALL', ratePerMinute: 95 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const capacity = (await call(api, 'GET', '/api/plant/capacity?year=2027')).json();
    const l6 = (capacity.lines as Json[]).find((l) => l.line === 'L6');
    // No maintenance for L6: 261 weekdays − 11 holidays = 250 days × 900 min × 95/min.
    expect(l6).toMatchObject({
      workingDays: 250,
      availableMinutes: 225_000,
      ratedPerYear: 21_375_000,
    });
    expect(capacity.ratedPerYear).toBeGreaterThanOrEqual(70_329_600 + 21_375_000);
  });

  it('refuses an edit without an electronic signature, naming the header, writing nothing', async () => {
    const before = await revisionCount(api);
    const { 'x-signature-password': _password, ...unsigned } = api.headers;
    const response = await api.app.inject({
      method: 'PUT',
      url: '/api/plant/customers/PNB',
      payload: { code: 'PNB', name: 'Policía', kind: 'police', country: 'VE' },
      headers: unsigned,
    });
    const body = problemOf(response, 400);
    expect(body.errors).toMatchObject([
      { path: 'headers.x-signature-password', message: 'required: your password, to sign' },
    ]);
    expect(await revisionCount(api)).toBe(before);
  });

  it('signs each edit with the editor as signer, meaning "approved"', async () => {
    const created = await call(api, 'POST', '/api/plant/customers', {
      code: 'SIGNED-1',
      name: 'Signed customer',
      kind: 'commercial',
      country: 'VE',
    });
    expect(created.statusCode, created.body).toBe(201);
    const number = created.json().revision.number as number;
    const detail = (await call(api, 'GET', `/api/plant/revisions/${number}`)).json();
    expect(detail.integrity.intact).toBe(true);
    expect(detail.signatures).toEqual([
      expect.objectContaining({ username: api.username, meaning: 'approved', valid: true }),
    ]);
  });

  it('refuses to create what exists (409), writing nothing', async () => {
    const before = await revisionCount(api);
    const body = problemOf(
      await call(api, 'POST', '/api/plant/customers', {
        code: 'PNB',
        name: 'Policía Nacional',
        kind: 'police',
        country: 'VE',
      }),
      409,
    );
    expect(body).toMatchObject({
      code: 'plant_entity_exists',
      params: { entityKind: 'customers', code: 'PNB' },
      detail: 'customer "PNB" already exists',
    });
    expect(await revisionCount(api)).toBe(before);
  });

  it('refuses to replace what does not exist (404)', async () => {
    const body = problemOf(
      await call(api, 'PUT', '/api/plant/customers/NOPE', {
        code: 'NOPE',
        name: 'Nobody',
        kind: 'police',
        country: 'VE',
      }),
      404,
    );
    expect(body.detail).toBe('customer "NOPE" does not exist');
  });

  it('refuses a body whose code differs from the path', async () => {
    const before = await revisionCount(api);
    const body = problemOf(
      await call(api, 'PUT', '/api/plant/customers/PNB', {
        code: 'PNB-2',
        name: 'Policía Nacional',
        kind: 'police',
        country: 'VE',
      }),
      400,
    );
    expect(body.errors).toMatchObject([
      { path: 'code', message: 'expected "PNB" (codes are not renamed; retire and add)' },
    ]);
    expect(await revisionCount(api)).toBe(before);
  });

  it('refuses a bad field, naming it', async () => {
    const body = problemOf(
      await call(api, 'POST', '/api/plant/customers', {
        code: 'X1',
        name: 'Someone',
        kind: 'navy',
        country: 'Venezuela',
      }),
      400,
    );
    expect(body.code).toBe('request_invalid');
    expect(body.errors).toMatchObject([
      {
        path: 'kind',
        message: 'expected one of "armed_forces", "police", "government", "commercial", "other"',
      },
      { path: 'country', message: 'expected an ISO 3166 two-letter country code' },
    ]);
  });

  it('refuses an unknown field, naming it', async () => {
    const body = problemOf(
      await call(api, 'POST', '/api/plant/suppliers', {
        code: 'SUP-Y',
        name: 'Supplier',
        country: 'VE',
        leadTimeDays: 10,
        leadtime: 10,
      }),
      400,
    );
    expect(body.errors).toMatchObject([{ path: 'leadtime', message: 'unknown field' }]);
  });

  it('refuses a missing field, naming it', async () => {
    const body = problemOf(
      await call(api, 'POST', '/api/plant/materials', {
        code: 'M1',
        name: 'Material',
        kind: 'component',
        category: 'other',
      }),
      400,
    );
    expect(body.errors).toMatchObject([
      { path: 'unit', message: 'is required (one of "each", "kg", "g", "m", "l")' },
    ]);
  });

  it('refuses a change that would make the plant invalid, writing nothing', async () => {
    const before = await revisionCount(api);
    const l1 = (await call(api, 'GET', '/api/plant/lines/L1')).json();
    const body = problemOf(
      await call(api, 'PUT', '/api/plant/lines/L1', {
        ...l1,
        products: [{ product: 'C762-BALL', ratePerMinute: 101 }],
      }),
      400,
    );
    expect(body.code).toBe('plant_invalid');
    // Each finding also says itself in data, for the web app to word in the reader's language.
    expect(body.errors).toEqual([
      {
        path: 'lines[0].products[0].ratePerMinute',
        message: '101/min exceeds the slowest station CH (100/min)',
        code: 'rate_above_slowest_station',
        params: {
          product: 'C762-BALL',
          line: 'L1',
          ratePerMinute: 101,
          station: 'CH',
          stationRatePerMinute: 100,
        },
      },
    ]);
    expect(await revisionCount(api)).toBe(before);
    expect((await call(api, 'GET', '/api/plant/lines/L1')).json()).toEqual(l1);
  });

  it('refuses a new entity that breaks a reference, naming the plant path', async () => {
    const index = ((await call(api, 'GET', '/api/plant/locations')).json() as unknown[]).length;
    const body = problemOf(
      await call(api, 'POST', '/api/plant/locations', {
        code: 'SHED',
        name: 'Shed',
        area: 'YARD',
        kind: 'component_store',
      }),
      400,
    );
    expect(body.errors).toMatchObject([
      { path: `locations[${index}].area`, message: 'unknown area "YARD"' },
    ]);
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const body = problemOf(
      await call(api, 'POST', '/api/plant/customers', '{"code": "X",', {
        'content-type': 'application/json',
      }),
      400,
    );
    expect(body.code).toBe('fst_err_ctp_invalid_json_body');
  });

  it('refuses a body of a type it does not read with 415', async () => {
    problemOf(
      await call(api, 'POST', '/api/plant/customers', 'code=X', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
    );
  });
});

describe('loading a whole plant over HTTP', () => {
  let store: Store;
  let api: Client;
  beforeAll(async () => {
    store = await createTestStore();
    api = await open(store, { roles: ['admin'], signs: true });
  });
  afterAll(async () => {
    await api.close();
    await store.close();
  });

  it('has no plant at first: a clear 404', async () => {
    const body = problemOf(await call(api, 'GET', '/api/plant'), 404);
    expect(body.detail).toBe('no plant is loaded yet: load a plant file first');
    problemOf(await call(api, 'GET', '/api/plant/lines'), 404);
    problemOf(await call(api, 'GET', '/api/plant/capacity?year=2027'), 404);
    expect((await call(api, 'GET', '/api/plant/revisions')).json()).toEqual([]);
  });

  it('cannot edit an entity before there is a plant', async () => {
    const body = problemOf(
      await call(api, 'POST', '/api/plant/customers', {
        code: 'C1',
        name: 'Customer',
        kind: 'police',
        country: 'VE',
      }),
      404,
    );
    expect(body.detail).toBe('no plant is loaded yet: load a plant file first');
  });

  it('refuses an invalid plant, listing every problem, and stores nothing', async () => {
    const doc = referenceDocument();
    doc.lines[0]!.area = 'NOWHERE';
    doc.lines[1]!.stations = [];
    const body = problemOf(await call(api, 'POST', '/api/plant/revisions', doc), 400);
    expect(body.errors).toMatchObject([
      { path: 'lines[1].stations', message: 'expected at least one station' },
    ]);
    doc.lines[1]!.stations = doc.lines[0]!.stations;
    const cross = problemOf(await call(api, 'POST', '/api/plant/revisions', doc), 400);
    expect(cross.errors).toEqual([
      {
        path: 'lines[0].area',
        message: 'unknown area "NOWHERE"',
        code: 'area_unknown',
        params: { area: 'NOWHERE' },
      },
    ]);
    expect(await revisionCount(api)).toBe(0);
  });

  it('loads a YAML plant file (201), then the same again changes nothing (200)', async () => {
    const headers = { 'content-type': 'application/yaml' };
    const first = await call(
      api,
      'POST',
      '/api/plant/revisions?note=first',
      REFERENCE_TEXT,
      headers,
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      changed: true,
      revision: { number: 1, source: 'api', note: 'first' },
    });
    expect(first.json().revision.changes).toHaveLength(140);

    const second = await call(api, 'POST', '/api/plant/revisions', REFERENCE_TEXT, headers);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ changed: false, revision: { number: 1, note: 'first' } });
    expect((await call(api, 'GET', '/api/plant/capacity?year=2027')).json().ratedPerYear).toBe(
      70_329_600,
    );
  });

  it('loads the same plant sent as JSON as unchanged, and a changed one as a new revision', async () => {
    const same = await call(api, 'POST', '/api/plant/revisions', referenceDocument());
    expect(same.statusCode).toBe(200);
    expect(same.json().changed).toBe(false);

    const doc = referenceDocument();
    doc.customers = doc.customers?.filter((c) => c.code !== 'PE-MIR');
    const changed = await call(api, 'POST', '/api/plant/revisions', doc);
    expect(changed.statusCode).toBe(201);
    expect(changed.json().revision).toMatchObject({
      number: 2,
      changes: [{ kind: 'customer', code: 'PE-MIR', change: 'retired' }],
    });
    const again = await call(api, 'POST', '/api/plant/revisions', doc);
    expect(again.statusCode).toBe(200);
    expect(await revisionCount(api)).toBe(2);
    // The first revision still holds the plant as it was.
    const first = (await call(api, 'GET', '/api/plant/revisions/1')).json();
    expect(first.plant.customers).toHaveLength(5);
  });

  it('refuses a YAML body it cannot read', async () => {
    const body = problemOf(
      await call(api, 'POST', '/api/plant/revisions', 'site: [unclosed\nareas: x\n', {
        'content-type': 'application/yaml',
      }),
      400,
    );
    expect(body.detail).toMatch(/^the YAML body cannot be read: /);
  });

  it('refuses a note longer than 500 characters', async () => {
    const body = problemOf(
      await call(api, 'POST', `/api/plant/revisions?note=${'x'.repeat(501)}`, referenceDocument()),
      400,
    );
    expect(body.errors?.[0]?.path).toBe('query.note');
  });
});

describe('readiness', () => {
  it('answers 503 once the store is closed', async () => {
    const store = await createTestStore();
    const api = await open(store);
    try {
      expect((await call(api, 'GET', '/readyz')).statusCode).toBe(200);
      await store.close();
      const body = problemOf(await call(api, 'GET', '/readyz'), 503);
      expect(body.code).toBe('not_ready');
      expect(body.detail).toMatch(/^not ready: /);
      // Liveness does not depend on the store.
      expect((await call(api, 'GET', '/healthz')).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  });
});

// What a client gets when the explosives-safety interlocks refuse a movement,
// on a real database through the API: 409 problem details with a stable code
// and the params a translation needs — the clashing compatibility groups, the
// quantities — beside the English detail; and a malformed request's field
// issues each with a code of their own. The web app words these in Spanish.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { currentPlant, loadPlant } from '../plant/index.js';

let store: Store;
let app: App;
let keeper: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field
type Json = { [key: string]: any };

async function receive(body: Record<string, unknown>) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/genealogy/lots/receipts',
    headers: keeper.headers,
    payload: body,
  });
  return {
    status: response.statusCode,
    type: response.headers['content-type'],
    body: response.json() as Json,
  };
}

const receipt = (
  material: string,
  supplier: string,
  supplierLot: string,
  quantity: number,
  location: string,
) => receive({ material, supplier, supplierLot, quantity, location });

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }) });
  await app.ready();
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('an interlock refusal as problem details', () => {
  it('names the clashing compatibility groups in the params of a mixing refusal', async () => {
    // The safety officer forbids C (propellant) with S (primers) in one site.
    const { plant } = await currentPlant(store.db);
    await loadPlant(
      store.db,
      {
        ...plant,
        safety: {
          ...plant.safety,
          mixing: [{ groups: ['C', 'S'], allowed: false, note: 'site rule: powder apart' }],
        },
      },
      { source: 'test', actor: 'safety-officer' },
    );
    const primers = await receipt('PRIMER-762', 'SUP-PRIMERS', 'PCI-10', 1000, 'QUAR-02');
    expect(primers.status).toBe(201);
    const powder = await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-10', 5, 'QUAR-02');

    expect(powder.status).toBe(409);
    expect(powder.type).toMatch(/^application\/problem\+json/);
    expect(powder.body).toMatchObject({
      type: 'urn:lotline:problem:mixing_forbidden',
      title: 'Conflict',
      status: 409,
      code: 'mixing_forbidden',
      params: {
        group: 'C',
        clashingGroup: 'S',
        groups: ['C', 'S'],
        clashingLot: primers.body.number,
        location: 'QUAR-02',
        destination: 'QUAR-02',
      },
    });
    // The English sentence stays, for API clients and logs, saying the same.
    expect(powder.body.detail).toMatch(
      /^group C of lot \S+ clashes with group S of lot \S+ already in QUAR-02 \(the plant forbids group C with group S: /,
    );
    expect(powder.body.params.lot).toBe(powder.body.detail.split(' ')[4]);
  });

  it('carries the division and what the location takes for a division refusal', async () => {
    const refused = await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-11', 50, 'MAG-04');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'division_not_allowed',
      params: { classification: '1.3C', division: '1.3', location: 'MAG-04', allowed: ['1.4'] },
    });
  });

  it('carries the quantities of a net explosive limit refusal as numbers', async () => {
    // MAG-03, the propellant magazine, holds at most 12,000 kg NEQ; propellant counts 1 kg per kg.
    const over = await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-12', 12_500.5, 'MAG-03');
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({
      code: 'explosive_limit_exceeded',
      params: {
        destination: 'MAG-03',
        limitedLocation: 'MAG-03',
        incomingKg: 12_500.5,
        wouldHoldKg: 12_500.5,
        overKg: 500.5,
        limitKg: 12_000,
      },
    });
    expect(over.body.detail).toMatch(
      /would hold 12,500.5 kg NEQ, 500.5 kg over MAG-03's limit of 12,000 kg$/,
    );
  });
});

describe('a malformed request as problem details', () => {
  it('gives each bad field a code and params of its own', async () => {
    const bad = await receive({ material: 'PROP-BALL', supplier: 'SUP-POWDER', quantity: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('request_invalid');
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'supplierLot', code: 'field_required' }),
        expect.objectContaining({ path: 'location', code: 'field_required' }),
        expect.objectContaining({ path: 'quantity', code: 'number_not_positive' }),
      ]),
    );
  });

  it('names an unknown location as a field issue with the location in its params', async () => {
    const nowhere = await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-13', 5, 'NOWHERE');
    expect(nowhere.status).toBe(400);
    // The receipt is a movement to the location: the ledger names its field "to".
    expect(nowhere.body).toMatchObject({
      code: 'location_unknown',
      params: { location: 'NOWHERE' },
      detail: 'to: unknown location "NOWHERE": to: unknown location "NOWHERE"',
      errors: [{ path: 'to', code: 'location_unknown', params: { location: 'NOWHERE' } }],
    });
  });
});

// The explosives-safety interlocks in the ledger, on a real database, through
// the API a storekeeper uses: a division the location does not take, a net
// explosive quantity limit (with how many kg over), a compatibility clash
// (naming both lots), moving a container into a magazine — and nothing is
// written when a movement is refused. The mixing rule for the clash comes from
// the plant file's safety section, as the safety officer would set it.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { decide } from '../genealogy/index.js';
import { currentPlant, loadPlant } from '../plant/index.js';

let store: Store;
let app: App;
let keeper: Session;
let operator: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, checked field by field
type Json = { [key: string]: any };

async function call(method: 'GET' | 'POST', url: string, payload?: unknown, as: Session = keeper) {
  const response = await app.inject({
    method,
    url,
    headers: as.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, body: response.json() as Json };
}

const receipt = (
  material: string,
  supplier: string,
  supplierLot: string,
  quantity: number,
  location: string,
) =>
  call('POST', '/api/genealogy/lots/receipts', {
    material,
    supplier,
    supplierLot,
    quantity,
    location,
  });

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }) });
  await app.ready();
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  operator = await signInAs(app, store.db, 'olga', ['line_operator']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

describe('safety interlocks on every movement', () => {
  it('refuses propellant (1.3C) in a magazine that takes division 1.4 only, and writes nothing', async () => {
    const refused = await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-X', 50, 'MAG-04');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('division_not_allowed');
    expect(refused.body.detail).toMatch(/1\.3/);
    expect(refused.body.detail).toMatch(/MAG-04/);
    const lots = await call('GET', '/api/genealogy/lots?material=PROP-BALL');
    expect(lots.body).toEqual([]);
  });

  it('refuses what would pass a net explosive quantity limit, saying by how much', async () => {
    // QUAR-02 (receiving quarantine) holds at most 500 kg NEQ; propellant counts 1 kg per kg.
    expect((await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-1', 400, 'QUAR-02')).status).toBe(201);
    const over = await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-2', 150, 'QUAR-02');
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('explosive_limit_exceeded');
    expect(over.body.detail).toMatch(/would hold 550 kg NEQ, 50 kg over QUAR-02's limit of 500 kg/);
    expect((await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-3', 90, 'QUAR-02')).status).toBe(201);
  });

  it('lets primers (1.4S) join propellant (1.3C): S mixes with every group but A and L', async () => {
    // 100,000 primers at 0.03 g each: 3 kg, so QUAR-02 then holds 493 kg.
    expect((await receipt('PRIMER-762', 'SUP-PRIMERS', 'PCI-1', 100_000, 'QUAR-02')).status).toBe(
      201,
    );
  });

  it('refuses a group the safety officer forbids with another, naming both lots', async () => {
    // The safety officer forbids C with S in one site (stricter than the verified default).
    const { plant } = await currentPlant(store.db);
    await loadPlant(
      store.db,
      {
        ...plant,
        safety: {
          ...plant.safety,
          mixing: [
            {
              groups: ['C', 'S'],
              allowed: false,
              note: 'site rule: propellant apart from primers',
            },
          ],
        },
      },
      { source: 'test', actor: 'safety-officer' },
    );
    const primers = await receipt('PRIMER-762', 'SUP-PRIMERS', 'PCI-2', 1000, 'MAG-04');
    expect(primers.status).toBe(201);
    const clash = await receipt('PROP-BALL', 'SUP-POWDER', 'PSC-4', 5, 'QUAR-02');
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('mixing_forbidden');
    expect(clash.body.detail).toMatch(
      /group C of lot .* clashes with group S of lot .* already in QUAR-02/,
    );
  });

  it('checks a container moved into a magazine against that magazine', async () => {
    // A can of 2,000 primers (1.4S) into MAG-03, the propellant magazine (1.3C only), then into bay A of MAG-01 (1.4S).
    const lot = await receipt('PRIMER-762', 'SUP-PRIMERS', 'PCI-3', 2000, 'MAG-04');
    await decide({ db: store.db, clock: () => new Date() }, lot.body.number, 'release', 'quinn');
    const [can] = (
      await call(
        'POST',
        '/api/genealogy/handling-units',
        { kind: 'can', location: 'MAG-04' },
        operator,
      )
    ).body as Json[];
    await call(
      'POST',
      `/api/genealogy/handling-units/${can?.serial}/pack`,
      { items: [{ lot: lot.body.number, quantity: 2000 }] },
      operator,
    );
    const intoPowder = await call('POST', '/api/genealogy/handling-units/move', {
      serials: [can?.serial],
      to: 'MAG-03',
    });
    expect(intoPowder.status).toBe(409);
    expect(intoPowder.body.detail).toMatch(/MAG-03/);
    const intoFinished = await call('POST', '/api/genealogy/handling-units/move', {
      serials: [can?.serial],
      to: 'MAG-01-A',
    });
    expect(intoFinished.status).toBe(200);
    const stock = await call('GET', `/api/storage/stock?lot=${lot.body.number}`);
    expect(stock.body.map((s: Json) => [s.location, s.quantity])).toEqual([['MAG-01-A', 2000]]);
  });
});

// The read cache on the real store (PGlite, or the PostgreSQL server in the
// services run): an answer is served again only while nothing it read has
// changed — through the API, straight in the store, or in a transaction that
// was still open when the answer was made — and never past its time to live.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore, REFERENCE_PLANT } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import { loadPlant } from '../../modules/plant/index.js';
import type { PlantFileInput } from '../../modules/plant/model.js';
import type { Store } from '../db/store.js';
import { READ_CACHE_HEADER } from './read-cache.js';
import type { App } from './server.js';

let store: Store;
let app: App;
let planner: Session;
let operator: Session;
let order: { id: string };

async function get(url: string, session: Session = planner) {
  const response = await app.inject({ method: 'GET', url, headers: session.headers });
  expect(response.statusCode, response.body).toBe(200);
  return { cache: response.headers[READ_CACHE_HEADER], body: response.json() as never };
}

/** A scrap of the test's order, by the operator, under `key`. */
function scrap(key: string) {
  return app.inject({
    method: 'POST',
    url: `/api/production/work-orders/${order.id}/scrap`,
    headers: { ...operator.headers, 'idempotency-key': key },
    payload: { quantity: 7, reason: 'SCR-DENTED-CASE', station: 'CF' },
  });
}

/** A server on the same store that keeps no answers. */
function uncachedApp(): Promise<App> {
  return buildApp({
    store,
    logger: pino({ level: 'silent' }),
    webRoot: '/nonexistent',
    readCacheMs: 0,
  });
}

/** The answer to `url` from a server that keeps no answers. */
async function uncachedRead(url: string): Promise<string> {
  const fresh = await uncachedApp();
  try {
    const response = await fresh.inject({ method: 'GET', url, headers: planner.headers });
    expect(response.statusCode).toBe(200);
    return response.body;
  } finally {
    await fresh.close();
  }
}

async function post(url: string, payload: object, session: Session) {
  const response = await app.inject({ method: 'POST', url, headers: session.headers, payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json() as Record<string, unknown>;
}

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    webRoot: '/nonexistent',
    // These tests are about what drops an answer, not its time to live: a
    // second's default would expire answers between two steps on a busy
    // machine and read as a wrong miss.
    readCacheMs: 60_000,
  });
  planner = await signInAs(app, store.db, 'pia', ['planner']);
  operator = await signInAs(app, store.db, 'oscar', ['line_operator']);
  order = (await post(
    '/api/production/work-orders',
    { product: 'C762-BALL', line: 'L1', quantity: 100_000 },
    planner,
  )) as { id: string };
  await post(`/api/production/work-orders/${order.id}/release`, {}, planner);
  await post(`/api/production/work-orders/${order.id}/start`, {}, operator);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('the read cache', () => {
  it('serves a kept answer again, to anyone the route lets in', async () => {
    const first = await get('/api/plant/lines');
    const again = await get('/api/plant/lines', operator);
    expect(first.cache).toBe('miss');
    expect(again.cache).toBe('hit');
    expect(again.body).toEqual(first.body);
  });

  it('still asks who is calling: a kept answer is not given to a user the route refuses', async () => {
    await get(`/api/production/work-orders/${order.id}`);
    const stranger = await app.inject({
      method: 'GET',
      url: `/api/production/work-orders/${order.id}`,
    });
    expect(stranger.statusCode).toBe(401);
  });

  it('shows a write through the API on the very next read', async () => {
    await get(`/api/production/work-orders/${order.id}`);
    const kept = await get(`/api/production/work-orders/${order.id}`);
    expect(kept.cache).toBe('hit');
    const before = (kept.body as { scrapEntries: number }).scrapEntries;
    const scrapped = await scrap('read-cache-scrap-1');
    expect(scrapped.statusCode, scrapped.body).toBe(200);
    const after = await app.inject({
      method: 'GET',
      url: `/api/production/work-orders/${order.id}`,
      headers: planner.headers,
    });
    // The command's answer is the order as it committed it: kept as the poll's answer.
    expect(after.headers[READ_CACHE_HEADER]).toBe('hit');
    expect(after.body).toBe(scrapped.body);
    expect((after.json() as { scrapEntries: number }).scrapEntries).toBe(before + 1);
    // Byte for byte what reading the order computes.
    expect(after.body).toBe(await uncachedRead(`/api/production/work-orders/${order.id}`));
  });

  it('keeps a command answer only for an order its own commit wrote', async () => {
    const url = `/api/production/work-orders/${order.id}`;
    const first = await scrap('read-cache-scrap-replayed');
    expect((await get(url)).cache).toBe('hit');
    // Changed straight in the store, then the same command again: it is not
    // applied twice, and its answer (the order, read under its lock) is right
    // but was not written by it, so it is not kept; the next read computes.
    await store.db.execute(
      sql`update production.work_orders set version = version where id = ${order.id}`,
    );
    const replayed = await scrap('read-cache-scrap-replayed');
    expect(replayed.statusCode).toBe(200);
    expect((replayed.json() as { scrapEntries: number }).scrapEntries).toBe(
      (first.json() as { scrapEntries: number }).scrapEntries,
    );
    expect((await get(url)).cache).toBe('miss');
    // A command on an order no one has read leaves nothing to serve either.
    const other = (await post(
      '/api/production/work-orders',
      { product: 'C762-BALL', line: 'L2', quantity: 10_000 },
      planner,
    )) as { id: string };
    await post(`/api/production/work-orders/${other.id}/release`, {}, planner);
    expect((await get(`/api/production/work-orders/${other.id}`)).cache).toBe('miss');
  });

  it('drops an answer when its table is written straight in the store, outside any request', async () => {
    await get('/api/telemetry/line-states');
    expect((await get('/api/telemetry/line-states')).cache).toBe('hit');
    await store.db.execute(sql`update telemetry.line_state set reason = reason`);
    expect((await get('/api/telemetry/line-states')).cache).toBe('miss');
  });

  it('keeps the answer about one work order while another changes, and drops it when its own does', async () => {
    const other = (await post(
      '/api/production/work-orders',
      { product: 'C762-BALL', line: 'L2', quantity: 50_000 },
      planner,
    )) as { id: string };
    const url = `/api/production/work-orders/${order.id}`;
    await get(url);
    expect((await get(url)).cache).toBe('hit');
    // The other order's release writes its own row of the same table, and its events.
    await post(`/api/production/work-orders/${other.id}/release`, {}, planner);
    expect((await get(url)).cache).toBe('hit');
    // A list of the table's orders is about every row: it goes.
    await get('/api/production/work-orders?line=L1');
    await post(`/api/production/work-orders/${other.id}/start`, {}, operator);
    expect((await get('/api/production/work-orders?line=L1')).cache).toBe('miss');
    // A change straight in the store that names no row drops it too.
    await store.db.execute(sql`update production.work_orders set version = version`);
    expect((await get(url)).cache).toBe('miss');
    expect((await get(url)).cache).toBe('hit');
    await store.db.execute(
      sql`update production.work_orders set version = version where id = ${order.id.toUpperCase()}`,
    );
    expect((await get(url)).cache).toBe('miss');
  });

  it('keeps the answer about one lot, asked for by its number, while another lot is received', async () => {
    const keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
    const receive = (supplierLot: string) =>
      post(
        '/api/genealogy/lots/receipts',
        {
          material: 'BULLET-PS',
          supplier: 'SUP-BULLETS',
          supplierLot,
          quantity: 1_000,
          location: 'ST-BULLETS',
        },
        keeper,
      ) as Promise<{ id: string; number: string }>;
    const lot = await receive('CACHE-1');
    const url = `/api/genealogy/lots/${lot.number}`;
    // The first lookup finds the lot by its number, a read of the whole table, and learns its id.
    expect((await get(url, keeper)).cache).toBe('miss');
    expect((await get(url, keeper)).cache).toBe('hit');
    await receive('CACHE-2');
    // From now on the lot is read by its id: its answer depends on its own row alone.
    expect((await get(url, keeper)).cache).toBe('miss');
    await receive('CACHE-3');
    const kept = await get(url, keeper);
    expect(kept.cache).toBe('hit');
    expect((kept.body as { number: string }).number).toBe(lot.number);
    // A change to this lot's own row drops it; so does one that names no row.
    await store.db.execute(sql`update genealogy.lots set version = version where id = ${lot.id}`);
    expect((await get(url, keeper)).cache).toBe('miss');
    expect((await get(url, keeper)).cache).toBe('hit');
    await store.db.execute(sql`update genealogy.lots set version = version`);
    expect((await get(url, keeper)).cache).toBe('miss');
  });

  it('answers reads of one URL that miss at the same time once, the same for all', async () => {
    const url = `/api/production/work-orders/${order.id}`;
    await store.db.execute(sql`update production.work_orders set version = version`);
    const answers = await Promise.all(Array.from({ length: 6 }, () => get(url)));
    expect(answers.map((a) => a.cache).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'hit', 'miss']);
    for (const a of answers) expect(a.body).toEqual(answers[0]?.body);
  });

  it('lets the others compute their own when the answer they waited for was not kept', async () => {
    const url = `/api/production/work-orders/${order.id}`;
    await store.db.execute(sql`update production.work_orders set version = version`);
    // The first read's answer is made while a write to its table is in flight, so it is not kept.
    const written = store.db.execute(sql`update production.work_orders set version = version`);
    const answers = await Promise.all(Array.from({ length: 3 }, () => get(url)));
    await written;
    expect(answers.filter((a) => a.cache === 'miss').length).toBeGreaterThanOrEqual(1);
    expect((await get(url)).cache).toBe('miss');
    expect((await get(url)).cache).toBe('hit');
  });

  it('drops an answer built on the current plant, kept in memory, when a new revision is recorded', async () => {
    const url = '/api/plant/customers';
    const before = await get(url);
    expect((await get(url)).cache).toBe('hit');
    const doc = parse(readFileSync(REFERENCE_PLANT, 'utf8')) as PlantFileInput;
    doc.customers = doc.customers?.filter((c) => c.code !== 'PE-MIR');
    const changed = await loadPlant(store.db, doc, { source: 'read cache test' });
    expect(changed.changed).toBe(true);
    const after = await get(url);
    expect(after.cache).toBe('miss');
    expect(after.body).not.toEqual(before.body);
  });

  it('keeps an answer while only other tables change', async () => {
    await get('/api/plant/lines');
    await store.db.execute(sql`update telemetry.line_state set reason = reason`);
    expect((await get('/api/plant/lines')).cache).toBe('hit');
  });
});

describe('the read cache with a transaction in flight', () => {
  // PGlite runs one statement at a time, so a read cannot overlap a transaction there.
  it.runIf(process.env.LOTLINE_TEST_DATABASE_URL)(
    'does not serve what was read before the transaction committed',
    async () => {
      const url = `/api/production/work-orders/${order.id}`;
      let commit!: () => void;
      const gate = new Promise<void>((resolve) => {
        commit = resolve;
      });
      const transaction = store.db.transaction(async (tx) => {
        await tx.execute(
          sql`update production.work_orders set document = jsonb_set(document, '{quantity}', '123456') where id = ${order.id}`,
        );
        await gate;
      });
      // Made while the update is in flight: the old quantity, and possibly kept.
      const during = await get(url);
      expect((during.body as { quantity: number }).quantity).toBe(100_000);
      commit();
      await transaction;
      const after = await get(url);
      expect(after.cache).toBe('miss');
      expect((after.body as { quantity: number }).quantity).toBe(123_456);
    },
  );
});

describe('the read cache off', () => {
  it('answers every read afresh when its time to live is 0', async () => {
    const uncached = await uncachedApp();
    try {
      for (let i = 0; i < 2; i++) {
        const response = await uncached.inject({
          method: 'GET',
          url: '/api/plant/lines',
          headers: planner.headers,
        });
        expect(response.statusCode).toBe(200);
        expect(response.headers[READ_CACHE_HEADER]).toBeUndefined();
      }
    } finally {
      await uncached.close();
    }
  });
});

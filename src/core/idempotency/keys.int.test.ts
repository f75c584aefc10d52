// Idempotency-Key on stock commands, through the HTTP API on a real database:
// a retried command answers as the first time and writes nothing; the same
// key with another command is refused; two copies sent at once take effect
// once; a refused command leaves no key behind.
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import { lots } from '../../modules/genealogy/schema.js';
import { movements } from '../../modules/storage/schema.js';
import type { Store } from '../db/store.js';
import type { App } from '../http/server.js';
import { joining, runOnce } from './keys.js';
import { commandKeys } from './schema.js';

let store: Store;
let app: App;
let keeper: Session;
let other: Session;

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }) });
  await app.ready();
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  other = await signInAs(app, store.db, 'kai', ['storekeeper']);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

const receipt = (supplierLot: string, location = 'MAG-04') => ({
  material: 'PRIMER-762',
  supplier: 'SUP-PRIMERS',
  supplierLot,
  quantity: 3000,
  location,
});

function receive(session: Session, body: object, key?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/genealogy/lots/receipts',
    headers: { ...session.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });
}

const lotsOf = (supplierLot: string) => store.db.$count(lots, eq(lots.supplierLot, supplierLot));

describe('Idempotency-Key', () => {
  it('answers a retried receipt as the first time, without a second lot', async () => {
    const first = await receive(keeper, receipt('PCI-1'), 'receipt-key-0001');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await receive(keeper, receipt('PCI-1'), 'receipt-key-0001');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await lotsOf('PCI-1')).toBe(1);
    const lotId = (first.json() as { id: string }).id;
    expect(await store.db.$count(movements, eq(movements.lotId, lotId))).toBe(1);
    // Without the key the retry is a new command, refused as a duplicate supplier lot.
    expect((await receive(keeper, receipt('PCI-1'))).statusCode).toBe(409);
  });

  it('refuses the same key with another body, from another person, or on another command', async () => {
    await receive(keeper, receipt('PCI-2'), 'receipt-key-0002');
    const otherBody = await receive(keeper, receipt('PCI-3'), 'receipt-key-0002');
    expect(otherBody.statusCode).toBe(409);
    expect(otherBody.json()).toMatchObject({ code: 'idempotency_key_reused' });
    const otherPerson = await receive(other, receipt('PCI-2'), 'receipt-key-0002');
    expect(otherPerson.statusCode).toBe(409);
    const otherCommand = await app.inject({
      method: 'POST',
      url: '/api/genealogy/handling-units/move',
      headers: { ...keeper.headers, 'idempotency-key': 'receipt-key-0002' },
      payload: { serials: ['CRT-0000001'], to: 'MAG-02' },
    });
    expect(otherCommand.statusCode).toBe(409);
    expect(await lotsOf('PCI-3')).toBe(0);
  });

  it('takes two copies sent at once once', async () => {
    const [a, b] = await Promise.all([
      receive(keeper, receipt('PCI-4'), 'receipt-key-0004'),
      receive(keeper, receipt('PCI-4'), 'receipt-key-0004'),
    ]);
    expect([a?.statusCode, b?.statusCode]).toEqual([201, 201]);
    expect(a?.json()).toEqual(b?.json());
    expect(await lotsOf('PCI-4')).toBe(1);
  });

  it('keeps no key for a refused command: its retry is judged afresh', async () => {
    const refused = await receive(keeper, receipt('PCI-5', 'NOWHERE'), 'receipt-key-0005');
    expect(refused.statusCode).toBe(400);
    expect(await store.db.$count(commandKeys, eq(commandKeys.key, 'receipt-key-0005'))).toBe(0);
    const retried = await receive(keeper, receipt('PCI-5', 'NOWHERE'), 'receipt-key-0005');
    expect(retried.statusCode).toBe(400);
    expect(await lotsOf('PCI-5')).toBe(0);
  });

  it('refuses a key shorter than 8 characters as bad input', async () => {
    const short = await receive(keeper, receipt('PCI-6'), 'short');
    expect(short.statusCode).toBe(400);
    expect(await lotsOf('PCI-6')).toBe(0);
  });
});

describe('a keyed command that opens a transaction of its own', () => {
  const command = (key: string) => ({ key, actor: 'kim', name: 'test.nested', request: { key } });
  const innerKey = (key: string) => ({
    key: `${key}-inner`,
    actor: 'kim',
    command: 'test.inner',
    requestHash: 'x',
    status: 200,
  });
  const keysNamed = (key: string) => store.db.$count(commandKeys, eq(commandKeys.key, key));

  it('runs it in the command’s transaction, without a savepoint, and keeps what it wrote', async () => {
    const outcome = await runOnce(store.db, command('nested-key-0001'), 200, (db) =>
      db.transaction(async (inner) => {
        // The work's own transaction is the command's: no SAVEPOINT, no RELEASE.
        expect(inner).toBe(db);
        await inner.insert(commandKeys).values(innerKey('nested-key-0001'));
        return 'done';
      }),
    );
    expect(outcome).toEqual({ status: 200, body: 'done', replayed: false });
    expect(await keysNamed('nested-key-0001')).toBe(1);
    expect(await keysNamed('nested-key-0001-inner')).toBe(1);
  });

  it('takes back what it wrote, and the key, when it fails', async () => {
    const failing = runOnce(store.db, command('nested-key-0002'), 200, (db) =>
      db.transaction(async (inner) => {
        await inner.insert(commandKeys).values(innerKey('nested-key-0002'));
        throw new Error('refused after a write');
      }),
    );
    await expect(failing).rejects.toThrow('refused after a write');
    expect(await keysNamed('nested-key-0002')).toBe(0);
    expect(await keysNamed('nested-key-0002-inner')).toBe(0);
  });

  it('joins however deep the work nests', async () => {
    await store.db.transaction(async (tx) => {
      const joined = joining(tx);
      await joined.transaction(async (a) => {
        await a.transaction(async (b) => {
          expect(b).toBe(joined);
        });
      });
    });
  });
});

// The audit trail against a real database: each change of consequence writes
// its entry in the change's own transaction, the database refuses to change or
// remove an entry, and an entry falsified behind the trigger's back (by a
// superuser who disables it) is found by verifying the chain.
import { readFileSync } from 'node:fs';
import { type SQL, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  createTestUser,
  type Session,
  signedHeaders,
  signIn,
  signInAs,
  TEST_PASSWORD,
} from '../../../test/support/auth.js';
import { createReferenceStore, REFERENCE_PLANT } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import { loadPlant } from '../../modules/plant/index.js';
import { createUser, findUserByName } from '../auth/service.js';
import type { Store } from '../db/store.js';
import type { App } from '../http/server.js';
import { type AuditEntry, entryHash } from './chain.js';
import { listAudit, recordAudit, verifyAuditTrail } from './trail.js';

let store: Store;
let app: App;
let admin: Session;

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    webRoot: '/nonexistent-web-root',
  });
  await app.ready();
  admin = await signInAs(app, store.db, 'audit-admin', ['admin']);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

async function rows<T>(query: SQL): Promise<T[]> {
  return ((await store.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function lastSeq(): Promise<number> {
  const [last] = await listAudit(store.db, { limit: 1 });
  return last?.seq ?? 0;
}

/** The entries written since `seq`, oldest first. */
async function entriesAfter(seq: number): Promise<AuditEntry[]> {
  return (await listAudit(store.db, { limit: 500 })).filter((e) => e.seq > seq).reverse();
}

/** Runs `work` and returns the entries it wrote, as [action, entityType, entityId, actor]. */
async function written(work: () => Promise<unknown>) {
  const before = await lastSeq();
  await work();
  return (await entriesAfter(before)).map((e) => [e.action, e.entityType, e.entityId, e.actor]);
}

/** The database's refusal: drizzle wraps the driver's error, whose message says why. */
async function refusal(query: SQL): Promise<string> {
  const error = await store.db.execute(query).then(
    () => undefined,
    (e: unknown) => e as Error & { cause?: Error },
  );
  if (!error) throw new Error('the database accepted the statement');
  return `${error.message} ${error.cause?.message ?? ''}`;
}

/** As a superuser: with the append-only trigger off, so the change goes through. */
async function behindTheTrigger(query: SQL) {
  await store.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit.entries disable trigger entries_append_only`);
    await tx.execute(query);
    await tx.execute(sql`alter table audit.entries enable trigger entries_append_only`);
  });
}

const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, extra = {}) =>
  app.inject({ method, url, headers: admin.headers, ...extra });

describe('what writes an entry', () => {
  it('starts from the reference plant, loaded by the system, and verifies', async () => {
    const [first] = await entriesAfter(0);
    expect(first).toMatchObject({
      seq: 1,
      actor: 'system',
      action: 'plant.changed',
      entityType: 'plant.revision',
      entityId: '1',
      prevHash: '0'.repeat(64),
    });
    expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true });
  });

  it('a signed plant change: its revision, then its signature, in one go', async () => {
    let revision = 0;
    const entries = await written(async () => {
      const response = await inject('PUT', '/api/plant/customers/PNB', {
        headers: signedHeaders(admin, TEST_PASSWORD, { 'x-signature-reason': 'new name' }),
        payload: {
          code: 'PNB',
          name: 'Policía Nacional Bolivariana',
          kind: 'police',
          country: 'VE',
        },
      });
      expect(response.statusCode, response.body).toBe(200);
      revision = response.json().revision.number;
    });
    expect(entries).toEqual([
      ['plant.changed', 'plant.revision', String(revision), 'audit-admin'],
      ['signature.signed', 'plant.revision', String(revision), 'audit-admin'],
    ]);
    const [change, signature] = (await entriesAfter((await lastSeq()) - 2)) as [
      AuditEntry,
      AuditEntry,
    ];
    const [stored] = await rows<{ hash: string }>(
      sql`select hash from plant.revisions where number = ${revision}`,
    );
    expect(change.after).toMatchObject({
      revision,
      hash: stored?.hash,
      source: 'api',
      changes: [{ kind: 'customer', code: 'PNB', change: 'updated' }],
    });
    expect(signature.after).toMatchObject({
      username: 'audit-admin',
      meaning: 'approved',
      reason: 'new name',
      contentHash: stored?.hash,
    });
    expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true });
  });

  it('a user created, changed, reset; a password changed', async () => {
    let id = '';
    expect(
      await written(async () => {
        const response = await inject('POST', '/api/users', {
          payload: { username: 'ana', displayName: 'Ana', roles: ['planner'] },
        });
        expect(response.statusCode).toBe(201);
        id = response.json().user.id;
      }),
    ).toEqual([['user.created', 'user', 'ana', 'audit-admin']]);
    const [created] = await listAudit(store.db, { entityId: 'ana', limit: 1 });
    expect(created?.after).toMatchObject({ username: 'ana', roles: ['planner'] });
    expect(JSON.stringify(created)).not.toMatch(/password(Hash)?"/);

    expect(
      await written(() => inject('PATCH', `/api/users/${id}`, { payload: { roles: ['viewer'] } })),
    ).toEqual([['user.updated', 'user', 'ana', 'audit-admin']]);
    const [updated] = await listAudit(store.db, { entityId: 'ana', limit: 1 });
    expect(updated?.before).toMatchObject({ roles: ['planner'] });
    expect(updated?.after).toMatchObject({ roles: ['viewer'] });

    expect(await written(() => inject('POST', `/api/users/${id}/password`))).toEqual([
      ['user.password_reset', 'user', 'ana', 'audit-admin'],
    ]);

    const own = await signInAs(app, store.db, 'changes-own', ['viewer']);
    expect(
      await written(() =>
        app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: own.headers,
          payload: { currentPassword: TEST_PASSWORD, newPassword: 'Quite-another-one-9' },
        }),
      ),
    ).toEqual([['user.password_changed', 'user', 'changes-own', 'changes-own']]);
  });

  it('a sign-in, a failed sign-in, a lockout and a sign-out', async () => {
    await createTestUser(store.db, 'signer-in', ['viewer']);
    let session: Session | undefined;
    expect(
      await written(async () => {
        session = await signIn(app, 'signer-in');
      }),
    ).toEqual([['auth.signed_in', 'user', 'signer-in', 'signer-in']]);
    const wrong = () =>
      app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { username: 'signer-in', password: 'Not-the-password-1' },
      });
    expect(await written(wrong)).toEqual([['auth.failed', 'user', 'signer-in', 'signer-in']]);
    const failures = await written(async () => {
      for (let i = 0; i < 4; i++) await wrong();
    });
    expect(failures.map(([action]) => action)).toEqual([
      'auth.failed',
      'auth.failed',
      'auth.failed',
      'auth.locked',
    ]);
    expect(
      await written(() =>
        app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: session!.headers }),
      ),
    ).toEqual([['auth.signed_out', 'user', 'signer-in', 'signer-in']]);
  });

  it('an API token issued and revoked', async () => {
    let id = '';
    expect(
      await written(async () => {
        const response = await inject('POST', '/api/tokens', {
          payload: { name: 'ERP', userId: admin.user.id },
        });
        expect(response.statusCode).toBe(201);
        id = response.json().info.id;
      }),
    ).toEqual([['token.created', 'api_token', id, 'audit-admin']]);
    expect(await written(() => inject('DELETE', `/api/tokens/${id}`))).toEqual([
      ['token.revoked', 'api_token', id, 'audit-admin'],
    ]);
    const [revoked] = await listAudit(store.db, { entityId: id, limit: 1 });
    expect(revoked?.after).toMatchObject({ id, name: 'ERP', revokedAt: expect.any(String) });
  });

  it('nothing for a change that is refused', async () => {
    expect(
      await written(async () => {
        const conflict = await inject('POST', '/api/users', {
          payload: { username: 'ana', displayName: 'Another Ana', roles: ['viewer'] },
        });
        expect(conflict.statusCode).toBe(409);
        const invalid = await inject('PUT', '/api/plant/customers/PNB', {
          headers: signedHeaders(admin),
          payload: { code: 'PNB', name: 'x', kind: 'police', country: 'Venezuela' },
        });
        expect(invalid.statusCode).toBe(400);
        const unsigned = await inject('PUT', '/api/plant/customers/PNB', {
          payload: { code: 'PNB', name: 'Unsigned', kind: 'police', country: 'VE' },
        });
        expect(unsigned.statusCode).toBe(400);
        const forbidden = await signInAs(app, store.db, 'no-rights', ['viewer']);
        const denied = await app.inject({
          method: 'POST',
          url: '/api/tokens',
          headers: forbidden.headers,
          payload: { name: 'x', userId: forbidden.user.id },
        });
        expect(denied.statusCode).toBe(403);
      }),
    ).toEqual([
      // Only what did happen: the viewer was created (by the test) and signed in.
      ['user.created', 'user', 'no-rights', 'test'],
      ['auth.signed_in', 'user', 'no-rights', 'no-rights'],
    ]);
  });

  it('in the change’s own transaction: no entry, no change', async () => {
    const revisions = async () =>
      (await rows<{ n: number }>(sql`select count(*)::int as n from plant.revisions`))[0]?.n;
    const before = { seq: await lastSeq(), revisions: await revisions() };
    // The audit table refuses new entries for a moment; every change must fail with it.
    await store.db.execute(sql`create function public.refuse_audit_insert() returns trigger
      language plpgsql as $$ begin raise exception 'the audit trail is unavailable (test)'; end; $$`);
    await store.db.execute(sql`create trigger test_refuse_insert before insert on audit.entries
      for each row execute function public.refuse_audit_insert()`);
    try {
      await expect(
        createUser(
          store.db,
          { username: 'ghost', displayName: 'Ghost', roles: ['viewer'], password: TEST_PASSWORD },
          'test',
        ),
      ).rejects.toThrow();
      expect(await findUserByName(store.db, 'ghost')).toBeUndefined();

      const document = parse(readFileSync(REFERENCE_PLANT, 'utf8'));
      document.site.name = 'Changed while the trail is down';
      await expect(loadPlant(store.db, document, { source: 'test' })).rejects.toThrow();
      expect(await revisions()).toBe(before.revisions);

      const signedEdit = await inject('PUT', '/api/plant/customers/PNB', {
        headers: signedHeaders(admin),
        payload: { code: 'PNB', name: 'Never stored', kind: 'police', country: 'VE' },
      });
      expect(signedEdit.statusCode).toBe(500);
      expect(await revisions()).toBe(before.revisions);
      const [signatures] = await rows<{ n: number }>(
        sql`select count(*)::int as n from audit.signatures where entity_id = ${String(before.revisions! + 1)}`,
      );
      expect(signatures?.n).toBe(0);
    } finally {
      await store.db.execute(sql`drop trigger test_refuse_insert on audit.entries`);
      await store.db.execute(sql`drop function public.refuse_audit_insert()`);
    }
    expect(await lastSeq()).toBe(before.seq);
    expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true });
  });

  it('one chain, even when changes come at the same time', async () => {
    const before = await lastSeq();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => createTestUser(store.db, `concurrent-${i}`, ['viewer'])),
    );
    const entries = await entriesAfter(before);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6].map((i) => before + i));
    const verdict = await verifyAuditTrail(store.db);
    expect(verdict).toMatchObject({ ok: true, entries: await lastSeq() });
    // Verified in small batches, the answer is the same.
    expect(await verifyAuditTrail(store.db, 3)).toEqual(verdict);
  });

  it('hashes in the database what the application hashes: accents, quotes and symbols', async () => {
    const before = await lastSeq();
    const record = {
      actor: 'José Núñez',
      action: 'user.updated',
      entityType: 'user',
      entityId: 'jnúñez',
      before: { note: 'línea "L1" — 7,62 × 39 mm', n: 1.5, list: [null, true] },
      after: { note: '✓ 𝛼', nested: { b: 2, a: 1 } },
    } as const;
    await store.db.transaction((tx) => recordAudit(tx, record));
    const [stored] = await entriesAfter(before);
    expect(stored).toMatchObject({ ...record, seq: before + 1 });
    if (!stored) throw new Error('no entry was appended');
    expect(stored.hash).toBe(entryHash(stored, stored.prevHash));
    expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true });
  });
});

describe('the database refuses to change the records', () => {
  it.each([
    ['UPDATE', sql`update audit.entries set actor = 'mallory' where seq = 1`],
    ['DELETE', sql`delete from audit.entries where seq = 1`],
    ['TRUNCATE', sql`truncate audit.entries`],
  ])('%s of audit.entries', async (operation, statement) => {
    const message = await refusal(statement);
    expect(message).toContain(
      `audit records are append-only: ${operation} on audit.entries is refused`,
    );
    const [first] = await rows<{ actor: string }>(
      sql`select actor from audit.entries where seq = 1`,
    );
    expect(first?.actor).toBe('system');
  });

  it.each([
    ['UPDATE', sql`update audit.signatures set meaning = 'rejected'`],
    ['DELETE', sql`delete from audit.signatures`],
    ['TRUNCATE', sql`truncate audit.signatures`],
  ])('%s of audit.signatures', async (operation, statement) => {
    const [before] = await rows<{ n: number }>(
      sql`select count(*)::int as n from audit.signatures where meaning = 'approved'`,
    );
    expect(before?.n).toBeGreaterThan(0);
    const message = await refusal(statement);
    expect(message).toContain(
      `audit records are append-only: ${operation} on audit.signatures is refused`,
    );
    const [after] = await rows<{ n: number }>(
      sql`select count(*)::int as n from audit.signatures where meaning = 'approved'`,
    );
    expect(after?.n).toBe(before?.n);
  });
});

describe('tampering behind the trigger', () => {
  it('finds a changed `after` at its entry, over the API too, and nothing once it is put back', async () => {
    const [target] = await listAudit(store.db, {
      action: 'user.created',
      entityId: 'ana',
      limit: 1,
    });
    const seq = target!.seq;
    const [original] = await rows<{ after: string }>(
      sql`select after::text as after from audit.entries where seq = ${seq}`,
    );
    await behindTheTrigger(
      sql`update audit.entries set after = jsonb_set(after, '{roles}', '["admin"]') where seq = ${seq}`,
    );
    const verdict = await verifyAuditTrail(store.db);
    expect(verdict).toEqual({
      ok: false,
      entries: seq,
      brokenAt: seq,
      reason: `entry ${seq} was changed after it was written (its hash does not match its content)`,
    });
    const overHttp = await inject('GET', '/api/audit/verify');
    expect(overHttp.json()).toMatchObject({ ok: false, brokenAt: seq });

    await behindTheTrigger(
      sql`update audit.entries set after = ${original!.after}::jsonb where seq = ${seq}`,
    );
    expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true });
  });

  it('finds a changed actor at its entry', async () => {
    const [target] = await listAudit(store.db, { action: 'token.revoked', limit: 1 });
    const seq = target!.seq;
    await behindTheTrigger(sql`update audit.entries set actor = 'someone-else' where seq = ${seq}`);
    expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: false, brokenAt: seq });
    expect(await verifyAuditTrail(store.db, 4)).toMatchObject({ ok: false, brokenAt: seq });
    await behindTheTrigger(sql`update audit.entries set actor = 'audit-admin' where seq = ${seq}`);
    expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true });
  });

  it('finds a deleted entry as missing, however the chain is read', async () => {
    const seq = 5;
    await behindTheTrigger(sql`delete from audit.entries where seq = ${seq}`);
    const reason = `entry ${seq} is missing (found ${seq + 1} after ${seq - 1})`;
    expect(await verifyAuditTrail(store.db)).toEqual({
      ok: false,
      entries: seq,
      brokenAt: seq + 1,
      reason,
    });
    // The gap falls at a batch boundary: still found.
    expect(await verifyAuditTrail(store.db, seq - 1)).toMatchObject({
      ok: false,
      brokenAt: seq + 1,
      reason,
    });
  });

  it('finds the first entry deleted', async () => {
    await behindTheTrigger(sql`delete from audit.entries where seq = 1`);
    expect(await verifyAuditTrail(store.db)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'the first entries are missing',
    });
  });
});

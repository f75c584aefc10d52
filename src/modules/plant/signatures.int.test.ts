// Electronic signatures on plant changes (21 CFR 11): the signer re-enters the
// password; a wrong one is refused, counted, and writes nothing else; a right
// one records who, when and what it means, bound to the revision's content,
// so a revision changed afterwards shows its signature as no longer valid.
import { type SQL, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestToken,
  createTestUser,
  type Session,
  signedHeaders,
  signIn,
  TEST_PASSWORD,
} from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../../core/db/store.js';
import type { App } from '../../core/http/server.js';
import { plantHash } from './revision.js';

let store: Store;
let app: App;
let engineer: Session;

const ENGINEER = 'maria.engineer';
const PNB = { code: 'PNB', name: 'Policía Nacional', kind: 'police', country: 'VE' };

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    webRoot: '/nonexistent-web-root',
  });
  await app.ready();
  await createTestUser(store.db, ENGINEER, ['admin'], { displayName: 'María Pérez' });
  engineer = await signIn(app, ENGINEER);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

async function count(query: SQL): Promise<number> {
  const result = (await store.db.execute(query)) as unknown as { rows: { n: number }[] };
  return result.rows[0]?.n ?? 0;
}

/** What a refused signature must leave as it was. */
async function snapshot() {
  return {
    revisions: await count(sql`select count(*)::int as n from plant.revisions`),
    signatures: await count(sql`select count(*)::int as n from audit.signatures`),
    entries: await count(sql`select count(*)::int as n from audit.entries`),
    notAuthEntries: await count(
      sql`select count(*)::int as n from audit.entries where action not like 'auth.%'`,
    ),
    pnb: (await get('/api/plant/customers/PNB')).json(),
  };
}

const failedAttempts = (username: string) =>
  count(sql`select failed_attempts as n from auth.users where username = ${username}`);

const get = (url: string) => app.inject({ method: 'GET', url, headers: engineer.headers });

function put(url: string, payload: unknown, headers: Record<string, string>) {
  return app.inject({ method: 'PUT', url, headers, payload: payload as Record<string, unknown> });
}

function problem(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json() as { code: string; detail: string };
  expect(body.code).toBe(code);
  return body;
}

describe('a signature with a wrong password', () => {
  it('is refused (401 signature_refused), writes nothing but the failed attempt, and counts', async () => {
    const before = await snapshot();
    const response = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Renamed without a valid signature' },
      signedHeaders(engineer, 'Not-my-password-1'),
    );
    const body = problem(response, 401, 'signature_refused');
    expect(body.detail).toBe('signature refused: the user name or the password is wrong');

    const after = await snapshot();
    expect(after).toEqual({ ...before, entries: before.entries + 1 });
    const [entry] = (
      (await store.db.execute(
        sql`select action, actor from audit.entries order by seq desc limit 1`,
      )) as unknown as { rows: { action: string; actor: string }[] }
    ).rows;
    expect(entry).toEqual({ action: 'auth.failed', actor: ENGINEER });
    expect(await failedAttempts(ENGINEER)).toBe(1);
    // The session itself is untouched: the person may try again.
    expect((await get('/api/auth/me')).statusCode).toBe(200);
  });

  it('is refused when it is another person’s password', async () => {
    await createTestUser(store.db, 'colleague', ['admin'], { password: 'Second-person-2026' });
    const before = await snapshot();
    const response = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Signed with a colleague’s password' },
      signedHeaders(engineer, 'Second-person-2026'),
    );
    problem(response, 401, 'signature_refused');
    expect((await snapshot()).revisions).toBe(before.revisions);
    expect(await failedAttempts(ENGINEER)).toBe(2);
  });

  it('locks the signer out after five failures in all, signatures and sign-ins alike', async () => {
    const signer = await createTestUser(store.db, 'locks-out', ['admin']);
    const session = await signIn(app, signer.user.username);
    for (let i = 0; i < 4; i++) {
      const response = await put(
        '/api/plant/customers/PNB',
        PNB,
        signedHeaders(session, 'Wrong-wrong-1'),
      );
      problem(response, 401, 'signature_refused');
    }
    const fifth = await put(
      '/api/plant/customers/PNB',
      PNB,
      signedHeaders(session, 'Wrong-wrong-1'),
    );
    expect(problem(fifth, 401, 'signature_refused').detail).toMatch(
      /the account is locked for 15 minutes$/,
    );
    const right = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Right password, locked account' },
      signedHeaders(session),
    );
    expect(problem(right, 401, 'signature_refused').detail).toMatch(
      /^signature refused: the account is locked after repeated failed attempts until /,
    );
    const signInAgain = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: signer.user.username, password: TEST_PASSWORD },
      remoteAddress: '192.0.2.77',
    });
    expect(signInAgain.statusCode).toBe(401);
  });
});

describe('a signature with the right password', () => {
  let revision = 0;

  it('records the revision with a valid signature: signer, name, time, meaning, reason', async () => {
    const before = await snapshot();
    const startedAt = Date.now();
    const response = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Policía Nacional Bolivariana' },
      signedHeaders(engineer, TEST_PASSWORD, {
        'x-signature-meaning': 'reviewed',
        'x-signature-reason': 'official name per decree',
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    revision = response.json().revision.number;
    expect(revision).toBe(before.revisions + 1);
    expect(response.json().revision.actor).toBe(ENGINEER);
    // A right password clears the failures counted before.
    expect(await failedAttempts(ENGINEER)).toBe(0);

    const detail = (await get(`/api/plant/revisions/${revision}`)).json();
    expect(detail.integrity).toEqual({
      recordedHash: detail.revision.hash,
      currentHash: detail.revision.hash,
      intact: true,
    });
    expect(detail.signatures).toHaveLength(1);
    const [signature] = detail.signatures;
    expect(signature).toMatchObject({
      username: ENGINEER,
      displayName: 'María Pérez',
      meaning: 'reviewed',
      reason: 'official name per decree',
      entityType: 'plant.revision',
      entityId: String(revision),
      contentHash: detail.revision.hash,
      valid: true,
    });
    const signedAt = Date.parse(signature.signedAt);
    expect(signedAt).toBeGreaterThanOrEqual(startedAt - 1);
    expect(signedAt).toBeLessThanOrEqual(Date.now());
    expect(JSON.stringify(detail)).not.toContain(TEST_PASSWORD);
  });

  it('means "approved" when no meaning is given, and refuses a meaning it does not know', async () => {
    const response = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Policía Nacional (PNB)' },
      signedHeaders(engineer),
    );
    expect(response.statusCode).toBe(200);
    const number = response.json().revision.number;
    const detail = (await get(`/api/plant/revisions/${number}`)).json();
    expect(detail.signatures.map((s: { meaning: string }) => s.meaning)).toEqual(['approved']);

    const before = await snapshot();
    const unknown = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Meaning unknown' },
      signedHeaders(engineer, TEST_PASSWORD, { 'x-signature-meaning': 'liked' }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('headers.x-signature-meaning');
    expect(await snapshot()).toEqual(before);
  });

  it('signs a whole plant file loaded over HTTP', async () => {
    const file = await get('/api/plant/file?format=json');
    const document = file.json();
    document.site.name = 'Planta de Cartuchos — firmada';
    const response = await app.inject({
      method: 'POST',
      url: '/api/plant/revisions?note=signed load',
      headers: signedHeaders(engineer),
      payload: document,
    });
    expect(response.statusCode, response.body).toBe(201);
    const detail = (await get(`/api/plant/revisions/${response.json().revision.number}`)).json();
    expect(detail.signatures).toEqual([
      expect.objectContaining({ username: ENGINEER, meaning: 'approved', valid: true }),
    ]);
  });

  it('shows the signature invalid once the signed revision is changed in the database', async () => {
    // plant.revisions is not append-only; a change there must still show.
    await store.db.execute(sql`update plant.revisions
      set document = jsonb_set(document, '{customers,0,name}', '"Changed behind the app"')
      where number = ${revision}`);
    const detail = (await get(`/api/plant/revisions/${revision}`)).json();
    expect(detail.plant.customers[0].name).toBe('Changed behind the app');
    expect(detail.integrity.intact).toBe(false);
    expect(detail.integrity.currentHash).not.toBe(detail.integrity.recordedHash);
    expect(detail.signatures).toEqual([
      expect.objectContaining({ username: ENGINEER, meaning: 'reviewed', valid: false }),
    ]);
    // Other signed revisions are not affected.
    const next = (await get(`/api/plant/revisions/${revision + 1}`)).json();
    expect(next.integrity.intact).toBe(true);
    expect(next.signatures[0].valid).toBe(true);
  });
});

describe('a revision forged with a matching recorded hash', () => {
  it('still shows its signature invalid: the signature holds the hash it signed', async () => {
    const response = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Policía Nacional — forged later' },
      signedHeaders(engineer),
    );
    const number = response.json().revision.number as number;
    // Change the document and recompute the revision's own hash, as a careful forger would.
    const detail = (await get(`/api/plant/revisions/${number}`)).json();
    const forged = { ...detail.plant, site: { ...detail.plant.site, name: 'Forged' } };
    await store.db.execute(sql`update plant.revisions
      set document = ${JSON.stringify(forged)}::jsonb, hash = ${plantHash(forged)}
      where number = ${number}`);
    const after = (await get(`/api/plant/revisions/${number}`)).json();
    expect(after.plant.site.name).toBe('Forged');
    expect(after.integrity.intact).toBe(true);
    expect(after.signatures).toEqual([expect.objectContaining({ valid: false })]);
  });
});

describe('an API token', () => {
  it('cannot sign, whatever password comes with it, and writes nothing', async () => {
    const { headers } = await createTestToken(store.db, engineer.user.id);
    const before = await snapshot();
    const response = await put(
      '/api/plant/customers/PNB',
      { ...PNB, name: 'Signed by a machine' },
      { ...headers, 'x-signature-password': TEST_PASSWORD },
    );
    problem(response, 403, 'signature_required');
    expect(await snapshot()).toEqual(before);
    expect(await failedAttempts(ENGINEER)).toBe(0);
  });
});

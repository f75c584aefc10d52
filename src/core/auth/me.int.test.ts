// A user's own settings through the HTTP edge: PATCH /api/auth/me changes the
// signed-in user's language and nobody else's, takes only a language the app
// speaks (and nothing else — not roles), needs the session's CSRF token like
// any unsafe request, and leaves its mark in the audit trail.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createTestStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import { listAudit } from '../audit/trail.js';
import type { Store } from '../db/store.js';
import type { App } from '../http/server.js';
import { getUser } from './service.js';

let store: Store;
let app: App;

beforeAll(async () => {
  store = await createTestStore();
  app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    webRoot: '/nonexistent-web-root',
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const patchMe = (headers: Record<string, string>, payload: unknown) =>
  app.inject({
    method: 'PATCH',
    url: '/api/auth/me',
    headers,
    payload: payload as Record<string, unknown>,
  });

const languageOf = async (session: Session) => (await getUser(store.db, session.user.id)).language;

describe('PATCH /api/auth/me', () => {
  let ana: Session;
  let bruno: Session;
  beforeAll(async () => {
    ana = await signInAs(app, store.db, 'ana.me', ['qa_inspector']);
    bruno = await signInAs(app, store.db, 'bruno.me', ['viewer']);
  });

  it('changes the caller’s language, answers the new self, and leaves other users alone', async () => {
    // Users start in the plant's language.
    expect(ana.user.language).toBe('es');
    expect(await languageOf(bruno)).toBe('es');

    const response = await patchMe(ana.headers, { language: 'en' });
    expect(response.statusCode, response.body).toBe(200);
    const me = response.json();
    expect(me).toMatchObject({
      user: { username: 'ana.me', language: 'en', roles: ['qa_inspector'] },
      via: 'session',
      csrfToken: ana.csrfToken,
    });
    expect(me.permissions).toContain('quality.inspect');

    // Stored, and what the next GET /api/auth/me (a reload of the app) answers.
    expect(await languageOf(ana)).toBe('en');
    const again = await app.inject({ method: 'GET', url: '/api/auth/me', headers: ana.headers });
    expect(again.json().user.language).toBe('en');
    // Only the caller's.
    expect(await languageOf(bruno)).toBe('es');

    // And back.
    expect((await patchMe(ana.headers, { language: 'es' })).json().user.language).toBe('es');
    expect(await languageOf(ana)).toBe('es');
  });

  it('refuses a language the app does not speak with a 400 naming the field', async () => {
    for (const language of ['fr', 'EN', '', 42]) {
      const response = await patchMe(bruno.headers, { language });
      expect(response.statusCode, `${language}: ${response.body}`).toBe(400);
      const problem = response.json() as { errors?: { path: string }[] };
      expect(problem.errors?.map((e) => e.path)).toEqual(['language']);
    }
    expect(await languageOf(bruno)).toBe('es');
  });

  it('takes the language only: a user cannot give themselves anything else this way', async () => {
    const response = await patchMe(bruno.headers, { language: 'en', roles: ['admin'] });
    expect(response.statusCode).toBe(400);
    const user = await getUser(store.db, bruno.user.id);
    expect(user.roles).toEqual(['viewer']);
    expect(user.language).toBe('es');
  });

  it('needs the session’s CSRF token, and a session', async () => {
    const missing = await patchMe({ cookie: bruno.headers.cookie }, { language: 'en' });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf');
    // Another session's token does not do either.
    const crossed = await patchMe(
      { cookie: bruno.headers.cookie, 'x-csrf-token': ana.csrfToken },
      { language: 'en' },
    );
    expect(crossed.statusCode).toBe(403);
    expect(await languageOf(bruno)).toBe('es');

    const nobody = await patchMe({}, { language: 'en' });
    expect(nobody.statusCode).toBe(401);
  });

  it('is audited: who changed their own language, from what to what', async () => {
    const before = (await listAudit(store.db, { limit: 1 }))[0]?.seq ?? 0;
    expect((await patchMe(bruno.headers, { language: 'en' })).statusCode).toBe(200);
    const entries = (await listAudit(store.db, { entityId: 'bruno.me', limit: 10 })).filter(
      (e) => e.seq > before,
    );
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({
      action: 'user.updated',
      entityType: 'user',
      entityId: 'bruno.me',
      actor: 'bruno.me',
      before: { language: 'es' },
      after: { language: 'en' },
    });
  });
});

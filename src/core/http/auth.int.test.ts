// Who may call what, proved at the HTTP edge: every API route names its
// access (deny by default), a written-out matrix of roles × routes, sessions
// with CSRF, API tokens, cookie attributes, the sign-in rate limit, and
// secrets kept out of responses and logs.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestToken,
  createTestUser,
  type Session,
  signedHeaders,
  signIn,
  signInAs,
  TEST_PASSWORD,
} from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import { ALL_ROLES, PERMISSIONS, type Role } from '../auth/roles.js';
import { createUser, DEFAULT_AUTH_POLICY, systemClock } from '../auth/service.js';
import type { Store } from '../db/store.js';
import { type App, buildServer } from './server.js';

const NO_WEB = '/nonexistent-web-root';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let store: Store;
let app: App;
/** Everything the app logged, at level trace. */
let logText = '';
/** Every secret this file handles; none may show in a log line. */
const secrets = new Set<string>([TEST_PASSWORD, 'Not-the-password-1']);

beforeAll(async () => {
  store = await createReferenceStore();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logText += String(chunk);
      done();
    },
  });
  app = await buildApp({ store, logger: pino({ level: 'trace' }, sink), webRoot: NO_WEB });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

function problemCode(response: LightMyRequestResponse): string | undefined {
  if (!response.headers['content-type']?.toString().startsWith('application/problem+json')) {
    return undefined;
  }
  return (response.json() as { code: string }).code;
}

const remember = (session: Session) => {
  secrets.add(session.token);
  secrets.add(session.csrfToken);
  return session;
};

describe('deny by default', () => {
  it('catalogues every route, and every API route names its access', () => {
    const api = app.routeCatalog.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(api.length).toBeGreaterThan(40);
    const known = new Set<string>(['public', 'signed_in', ...Object.keys(PERMISSIONS)]);
    for (const route of api) {
      expect(route.access, `${route.method} ${route.url}`).toBeDefined();
      expect(known.has(route.access as string), `${route.method} ${route.url}`).toBe(true);
    }
    // The public API is exactly what a person needs before signing in.
    const open = api.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual([
      'GET /api/auth/config',
      'GET /api/openapi.json',
      'HEAD /api/auth/config',
      'HEAD /api/openapi.json',
      'POST /api/auth/sign-in',
    ]);
    // Outside /api/ (probes, the web app) and the API's own docs are public,
    // but for the Prometheus metrics, which say how busy the plant is.
    for (const route of app.routeCatalog.filter((r) => !api.includes(r))) {
      const expected = route.url === '/metrics' ? 'system.monitor' : 'public';
      expect(route.access, `${route.method} ${route.url}`).toBe(expected);
    }
  });

  it('refuses every non-public API route to a caller who is not signed in (401)', async () => {
    const closed = app.routeCatalog.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.access !== 'public',
    );
    const answers = new Map<string, string>();
    for (const route of closed) {
      const url = route.url
        .replace(':code', 'L1')
        .replace(':number', '1')
        .replace(':id', '00000000-0000-4000-8000-000000000000');
      const response = await app.inject({
        method: route.method as Method,
        url,
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      // A HEAD answer has no body to read the code from.
      const code = route.method === 'HEAD' ? 'unauthorized' : problemCode(response);
      answers.set(`${route.method} ${route.url}`, `${response.statusCode} ${code}`);
    }
    expect(answers.size).toBeGreaterThan(70);
    expect([...answers.keys()]).toEqual(
      expect.arrayContaining(['HEAD /api/users', 'DELETE /api/tokens/:id', 'PATCH /api/users/:id']),
    );
    for (const [route, answer] of answers) expect(answer, route).toBe('401 unauthorized');
  });

  it('closes a route that names no access to everyone, signed in or not (403)', async () => {
    const guarded = await buildServer({
      logger: pino({ level: 'silent' }),
      readiness: async () => {},
      version: 'test',
      webRoot: NO_WEB,
      auth: { db: store.db, policy: DEFAULT_AUTH_POLICY, clock: systemClock },
      modules: [
        {
          prefix: '/api/throwaway',
          plugin: async (scope) => {
            scope.get('/forgot', async () => ({ secret: 'plans' }));
            scope.post('/forgot', async () => ({ secret: 'plans' }));
            scope.get('/named', { config: { access: 'plant.read' } }, async () => ({ ok: true }));
          },
        },
      ],
    });
    try {
      // A route added to the app itself, outside any plugin, is guarded the same way.
      guarded.get('/api/added-late', async () => ({ secret: 'plans' }));
      await guarded.ready();
      expect(guarded.routeCatalog).toEqual(
        expect.arrayContaining([
          { method: 'GET', url: '/api/throwaway/forgot', access: undefined },
          { method: 'POST', url: '/api/throwaway/forgot', access: undefined },
          { method: 'GET', url: '/api/added-late', access: undefined },
          { method: 'GET', url: '/api/throwaway/named', access: 'plant.read' },
        ]),
      );
      const admin = await createTestUser(store.db, 'deny-admin', ['admin']);
      // Signed in through the app: the session lives in the store both servers read.
      const session = remember(await signIn(app, admin.user.username));
      for (const [method, url] of [
        ['GET', '/api/throwaway/forgot'],
        ['POST', '/api/throwaway/forgot'],
        ['GET', '/api/added-late'],
      ] as const) {
        for (const headers of [{}, session.headers]) {
          const response = await guarded.inject({ method, url, headers });
          expect(response.statusCode, `${method} ${url}`).toBe(403);
          expect(response.json()).toMatchObject({
            code: 'route_closed',
            detail: 'this route names no permission, so it is closed to everyone',
          });
          expect(response.body).not.toContain('plans');
        }
      }
      const named = await guarded.inject({
        method: 'GET',
        url: '/api/throwaway/named',
        headers: session.headers,
      });
      expect(named.statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

// ---------------------------------------------------------------- the matrix

// Written out by hand from the issue, not computed from roles.ts, so that a
// wrong role definition fails here. One column per role:
//   admin · planner · line_operator · qa_inspector · qa_manager · storekeeper ·
//   maintenance_technician · viewer · monitor
// Y: may use it (2xx; 400 for a signed edit sent without its signature); -: 403.
const MATRIX_ROLES: Role[] = [
  'admin',
  'planner',
  'line_operator',
  'qa_inspector',
  'qa_manager',
  'storekeeper',
  'maintenance_technician',
  'viewer',
  'monitor',
];
/** Every role that works in the plant: the monitor (a Prometheus token) reads only the system's health. */
const EVERYONE = 'YYYYYYYY-';
const SIGNED_IN = 'YYYYYYYYY';
const ADMIN_ONLY = 'Y--------';
const MONITORS = 'Y-------Y';
const MATRIX: [Method, string, string][] = [
  ['GET', '/api/plant/', EVERYONE],
  ['GET', '/api/plant/file', EVERYONE],
  ['GET', '/api/plant/revisions', EVERYONE],
  ['GET', '/api/plant/revisions/1', EVERYONE],
  ['GET', '/api/plant/capacity?year=2027', EVERYONE],
  ['GET', '/api/plant/site', EVERYONE],
  ['GET', '/api/plant/areas', EVERYONE],
  ['GET', '/api/plant/areas/PROD', EVERYONE],
  ['GET', '/api/plant/calendars', EVERYONE],
  ['GET', '/api/plant/calendars/TWO-SHIFT', EVERYONE],
  ['GET', '/api/plant/maintenance', EVERYONE],
  ['GET', '/api/plant/maintenance/PM-2026-L1', EVERYONE],
  ['GET', '/api/plant/boms', EVERYONE],
  ['GET', '/api/plant/boms/C762-BALL', EVERYONE],
  ['GET', '/api/plant/materials', EVERYONE],
  ['GET', '/api/plant/materials/C762-BALL', EVERYONE],
  ['GET', '/api/plant/customers', EVERYONE],
  ['GET', '/api/plant/customers/PNB', EVERYONE],
  ['GET', '/api/plant/suppliers', EVERYONE],
  ['GET', '/api/plant/suppliers/SUP-CASES', EVERYONE],
  ['GET', '/api/plant/locations', EVERYONE],
  ['GET', '/api/plant/locations/MAG-01', EVERYONE],
  ['GET', '/api/plant/lines', EVERYONE],
  ['GET', '/api/plant/lines/L1', EVERYONE],
  ['GET', '/api/plant/specifications', EVERYONE],
  ['GET', '/api/plant/specifications/SPEC-BALL-EJ', EVERYONE],
  ['PUT', '/api/plant/customers/PNB', ADMIN_ONLY],
  ['POST', '/api/plant/customers', ADMIN_ONLY],
  ['POST', '/api/plant/revisions', ADMIN_ONLY],
  ['GET', '/api/users', ADMIN_ONLY],
  ['POST', '/api/users', ADMIN_ONLY],
  ['PATCH', '/api/users/:viewer', ADMIN_ONLY],
  ['GET', '/api/tokens', ADMIN_ONLY],
  ['POST', '/api/tokens', ADMIN_ONLY],
  ['GET', '/api/audit', 'Y---Y----'],
  ['GET', '/api/audit/verify', 'Y---Y----'],
  ['GET', '/metrics', MONITORS],
  ['GET', '/api/admin/status', MONITORS],
  ['GET', '/api/maintenance/equipment', EVERYONE],
  ['GET', '/api/maintenance/requests', EVERYONE],
  ['GET', '/api/maintenance/spare-parts', EVERYONE],
  ['GET', '/api/maintenance/plans', EVERYONE],
  ['GET', '/api/auth/me', SIGNED_IN],
  ['GET', '/api/roles', SIGNED_IN],
];

describe('the role matrix', () => {
  const sessions = new Map<Role, Session>();
  let viewerId = '';
  beforeAll(async () => {
    for (const role of MATRIX_ROLES) {
      sessions.set(role, remember(await signInAs(app, store.db, `matrix-${role}`, [role])));
    }
    viewerId = sessions.get('viewer')!.user.id;
  });

  let made = 0;
  /** A body each route accepts, so that "allowed" means the request went through. */
  function bodyFor(method: Method, url: string): unknown {
    made += 1;
    if (url === '/api/users') {
      return { username: `made-${made}`, displayName: 'Made', roles: ['viewer'] };
    }
    if (url === '/api/tokens') return { name: `token ${made}`, userId: viewerId };
    if (url.startsWith('/api/users/')) return { displayName: 'Matrix viewer' };
    if (url === '/api/plant/customers/PNB' || url === '/api/plant/customers') {
      return { code: 'PNB', name: 'Policía Nacional', kind: 'police', country: 'VE' };
    }
    return method === 'GET' ? undefined : {};
  }

  function verdict(response: LightMyRequestResponse): string {
    const code = problemCode(response);
    if (response.statusCode >= 200 && response.statusCode < 300) return 'Y';
    // A signed edit without its signature got past the guard and was asked to sign.
    if (response.statusCode === 400 && response.body.includes('headers.x-signature-password')) {
      return 'Y';
    }
    if (response.statusCode === 403 && code === 'permission_denied') return '-';
    return `${response.statusCode} ${code}`;
  }

  it.each(MATRIX_ROLES)('%s may use exactly its routes', async (role) => {
    const column = MATRIX_ROLES.indexOf(role);
    const session = sessions.get(role)!;
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const [method, template, allowed] of MATRIX) {
      const url = template.replace(':viewer', viewerId);
      const body = bodyFor(method, url);
      const response = await app.inject({
        method,
        url,
        headers: session.headers,
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
      expected[`${method} ${template}`] = allowed[column]!;
      actual[`${method} ${template}`] = verdict(response);
    }
    expect(actual).toEqual(expected);
  });

  it('covers every role', () => {
    expect([...MATRIX_ROLES].sort()).toEqual([...ALL_ROLES].sort());
  });

  it('grants a user with two roles what either grants', async () => {
    const both = remember(
      await signInAs(app, store.db, 'matrix-viewer-qa-manager', ['viewer', 'qa_manager']),
    );
    const audit = await app.inject({ method: 'GET', url: '/api/audit', headers: both.headers });
    expect(audit.statusCode).toBe(200);
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: both.headers });
    expect(problemCode(users)).toBe('permission_denied');
    expect(users.json().detail).toBe('your roles (viewer, qa_manager) do not grant "users.manage"');
  });

  it('lets a user who must change the password do that and nothing else', async () => {
    const { password } = await createUser(
      store.db,
      { username: 'matrix-new-admin', displayName: 'New admin', roles: ['admin'] },
      'test',
    );
    const session = remember(await signIn(app, 'matrix-new-admin', password!));
    secrets.add(password!);
    expect(session.user.mustChangePassword).toBe(true);
    for (const url of ['/api/plant/lines', '/api/users', '/api/audit']) {
      const response = await app.inject({ method: 'GET', url, headers: session.headers });
      expect(response.statusCode, url).toBe(403);
      expect(problemCode(response)).toBe('password_change_required');
    }
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers });
    expect(me.statusCode).toBe(200);
    const changed = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: session.headers,
      payload: { currentPassword: password, newPassword: 'A-new-admin-pass-1' },
    });
    expect(changed.statusCode, changed.body).toBe(204);
    secrets.add('A-new-admin-pass-1');
    // The change ended the session; the new password opens one that may do everything.
    const old = await app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers });
    expect(old.statusCode).toBe(401);
    const fresh = remember(await signIn(app, 'matrix-new-admin', 'A-new-admin-pass-1'));
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: fresh.headers });
    expect(users.statusCode).toBe(200);
  });
});

// ---------------------------------------------------------------- sessions

describe('cookie sessions', () => {
  let admin: Session;
  let viewerId: string;
  beforeAll(async () => {
    admin = remember(await signInAs(app, store.db, 'session-admin', ['admin']));
    viewerId = (await createTestUser(store.db, 'session-viewer', ['viewer'])).user.id;
  });

  const tokenRequest = (headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers,
      payload: { name: 'csrf test', userId: viewerId },
    });

  it('refuses an unsafe request without the CSRF token, or with a wrong one', async () => {
    const missing = await tokenRequest({ cookie: admin.headers.cookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({
      code: 'csrf',
      detail: 'the x-csrf-token header is missing or wrong (cross-site request refused)',
    });
    const other = remember(await signInAs(app, store.db, 'session-other', ['viewer']));
    const wrong = await tokenRequest({
      cookie: admin.headers.cookie,
      'x-csrf-token': other.csrfToken,
    });
    expect(problemCode(wrong)).toBe('csrf');
  });

  it('passes an unsafe request that echoes the CSRF token', async () => {
    const response = await tokenRequest(admin.headers);
    expect(response.statusCode, response.body).toBe(201);
    secrets.add(response.json().token);
  });

  it('needs no CSRF token to read', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/plant/lines',
      headers: { cookie: admin.headers.cookie },
    });
    expect(response.statusCode).toBe(200);
  });

  it('tells who is signed in, with the CSRF token for the web app', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: admin.headers });
    expect(me.json()).toMatchObject({
      user: { username: 'session-admin', roles: ['admin'] },
      via: 'session',
      csrfToken: admin.csrfToken,
    });
    expect(me.json().permissions).toHaveLength(Object.keys(PERMISSIONS).length);
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP', async () => {
    const session = remember(await signInAs(app, store.db, 'cookie-plain', ['viewer']));
    const header = String(session.response.headers['set-cookie']);
    expect(header).toMatch(/^lotline_session=[A-Za-z0-9_-]{43};/);
    const attributes = header.split(';').map((a) => a.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(attributes.some((a) => a.startsWith('Expires='))).toBe(true);
    expect(attributes).not.toContain('Secure');
    // A forwarded protocol from a proxy the app does not trust changes nothing.
    const spoofed = remember(
      await signIn(app, 'cookie-plain', TEST_PASSWORD, {
        headers: { 'x-forwarded-proto': 'https' },
      }),
    );
    expect(String(spoofed.response.headers['set-cookie'])).not.toContain('Secure');
  });

  it('sets it Secure behind a trusted TLS proxy', async () => {
    const proxied = await buildApp({
      store,
      logger: pino({ level: 'silent' }),
      webRoot: NO_WEB,
      trustProxy: true,
    });
    try {
      await proxied.ready();
      const session = remember(
        await signIn(proxied, 'cookie-plain', TEST_PASSWORD, {
          headers: { 'x-forwarded-proto': 'https' },
        }),
      );
      const attributes = String(session.response.headers['set-cookie'])
        .split(';')
        .map((a) => a.trim());
      expect(attributes).toEqual(
        expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Secure']),
      );
    } finally {
      await proxied.close();
    }
  });

  it('ends the session at sign-out, clearing the cookie', async () => {
    const session = remember(await signInAs(app, store.db, 'signing-out', ['viewer']));
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: session.headers,
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^lotline_session=;/);
    const after = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: session.headers,
    });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthorized', detail: 'sign in first' });
  });

  it('refuses a wrong password with 401 and counts it', async () => {
    await createTestUser(store.db, 'wrong-password', ['viewer']);
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'wrong-password', password: 'Not-the-password-1' },
      remoteAddress: '198.51.100.7',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: 'wrong_credentials',
      detail: 'the user name or the password is wrong',
    });
    expect(response.headers['set-cookie']).toBeUndefined();
    // Read directly: the API does not show the counter.
    const counted = await store.db.execute(
      sql`select failed_attempts from auth.users where username = 'wrong-password'`,
    );
    expect((counted as unknown as { rows: { failed_attempts: number }[] }).rows).toEqual([
      { failed_attempts: 1 },
    ]);
  });
});

describe('account lockout over HTTP', () => {
  it('locks after 5 wrong passwords and opens again 15 minutes later (the app’s clock)', async () => {
    let now = new Date('2026-06-01T06:00:00.000Z');
    const clocked = await buildApp({
      store,
      logger: pino({ level: 'silent' }),
      webRoot: NO_WEB,
      clock: () => now,
    });
    try {
      await clocked.ready();
      await createTestUser(store.db, 'lockout-http', ['viewer']);
      const attempt = (password: string) =>
        clocked.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { username: 'lockout-http', password },
          remoteAddress: '192.0.2.55',
        });
      const details: string[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await attempt('Not-the-password-1');
        expect(response.statusCode).toBe(401);
        details.push(response.json().detail);
      }
      expect(details).toEqual([
        ...Array(4).fill('the user name or the password is wrong'),
        'the password is wrong; after 5 failed attempts the account is locked for 15 minutes',
      ]);
      const locked = await attempt(TEST_PASSWORD);
      expect(locked.statusCode).toBe(401);
      expect(locked.json().detail).toBe(
        'the account is locked after repeated failed attempts until 2026-06-01T06:15:00.000Z',
      );
      now = new Date('2026-06-01T06:15:00.001Z');
      const open = await attempt(TEST_PASSWORD);
      expect(open.statusCode, open.body).toBe(200);
      expect(open.json().user).toMatchObject({ lockedUntil: null });
      secrets.add(open.cookies[0]!.value);
    } finally {
      await clocked.close();
    }
  });
});

describe('the sign-in rate limit', () => {
  it('answers 429 after 10 attempts in a minute from one address, and only for it', async () => {
    const from = '203.0.113.9';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { username: 'nobody-at-all', password: 'Not-the-password-1' },
        remoteAddress: from,
      });
      statuses.push(response.statusCode);
      if (i === 10) {
        expect(response.json()).toMatchObject({ status: 429, code: 'rate_limited' });
        expect(response.headers['retry-after']).toBe('60');
      }
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    // Even the right password waits.
    await createTestUser(store.db, 'rate-limited', ['viewer']);
    const right = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'rate-limited', password: TEST_PASSWORD },
      remoteAddress: from,
    });
    expect(right.statusCode).toBe(429);
    // Another address is not slowed.
    remember(await signIn(app, 'rate-limited'));
  });
});

// ---------------------------------------------------------------- tokens

describe('API tokens', () => {
  let viewerToken: string;
  let adminToken: string;
  let adminTokenId: string;
  beforeAll(async () => {
    const viewer = await createTestUser(store.db, 'token-viewer', ['viewer']);
    const admin = await createTestUser(store.db, 'token-admin', ['admin']);
    viewerToken = (await createTestToken(store.db, viewer.user.id)).token;
    const issued = await createTestToken(store.db, admin.user.id);
    adminToken = issued.token;
    adminTokenId = issued.id;
    secrets.add(viewerToken).add(adminToken);
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('read as their user', async () => {
    const lines = await app.inject({
      method: 'GET',
      url: '/api/plant/lines',
      headers: bearer(viewerToken),
    });
    expect(lines.statusCode).toBe(200);
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: bearer(viewerToken),
    });
    expect(me.json()).toMatchObject({
      user: { username: 'token-viewer' },
      via: 'token',
      csrfToken: null,
    });
    const users = await app.inject({
      method: 'GET',
      url: '/api/users',
      headers: bearer(viewerToken),
    });
    expect(problemCode(users)).toBe('permission_denied');
  });

  it('need no CSRF token (they are not sent by browsers on their own)', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(adminToken),
      payload: { username: 'made-by-token', displayName: 'Made by token', roles: ['viewer'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    secrets.add(created.json().password);
  });

  it('cannot sign: an electronic signature is a person’s', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/plant/customers/PNB',
      headers: { ...bearer(adminToken), 'x-signature-password': TEST_PASSWORD },
      payload: { code: 'PNB', name: 'Policía', kind: 'police', country: 'VE' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: 'signature_required',
      detail: 'this action needs an electronic signature by a person; API tokens cannot sign',
    });
  });

  it('are refused when unknown, malformed or revoked (401)', async () => {
    for (const authorization of [
      'Bearer llt_nothing_here',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      'Bearer',
    ]) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/plant/lines',
        headers: { authorization },
      });
      expect(response.statusCode, authorization).toBe(401);
    }
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/tokens/${adminTokenId}`,
      headers: bearer(adminToken),
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const after = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: bearer(adminToken),
    });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({
      code: 'api_token_invalid',
      detail: 'the API token is unknown, revoked or expired',
    });
  });
});

// ---------------------------------------------------------------- secrets

describe('secrets', () => {
  let admin: Session;
  let issued: string;
  beforeAll(async () => {
    admin = remember(await signInAs(app, store.db, 'secrets-admin', ['admin']));
  });

  it('returns a token’s secret only in the response that creates it', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: admin.headers,
      payload: { name: 'secret test', userId: admin.user.id },
    });
    expect(created.statusCode).toBe(201);
    issued = created.json().token;
    secrets.add(issued);
    expect(issued).toMatch(/^llt_/);
    for (const url of ['/api/tokens', '/api/audit?limit=500', '/api/users']) {
      const response = await app.inject({ method: 'GET', url, headers: admin.headers });
      expect(response.statusCode).toBe(200);
      expect(response.body, url).not.toContain(issued);
    }
  });

  it('never returns a password hash, a session secret or a password', async () => {
    // A signed edit, so the signature password has passed through the app too.
    const edit = await app.inject({
      method: 'PUT',
      url: '/api/plant/customers/PE-MIR',
      headers: signedHeaders(admin),
      payload: { code: 'PE-MIR', name: 'Marina, Perú', kind: 'armed_forces', country: 'PE' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const bodies: string[] = [];
    for (const url of ['/api/users', '/api/auth/me', '/api/audit?limit=500', '/api/tokens']) {
      const response = await app.inject({ method: 'GET', url, headers: admin.headers });
      expect(response.statusCode, url).toBe(200);
      bodies.push(response.body);
    }
    const text = bodies.join('\n');
    expect(text).toContain('secrets-admin');
    for (const word of ['passwordHash', 'password_hash', '$argon2', 'tokenHash', 'idHash']) {
      expect(text).not.toContain(word);
    }
    for (const secret of secrets) {
      // The CSRF token is returned on purpose, by /api/auth/me, to its own session.
      if (secret === admin.csrfToken) continue;
      expect(text).not.toContain(secret);
    }
  });

  // Runs last: the log then holds every request of this file.
  it('never writes a password, a token or a cookie into the log', () => {
    // The app did log (trace level, every request), so absence means something.
    expect(logText).toContain('incoming request');
    expect(logText).toContain('/api/auth/sign-in');
    expect(secrets.size).toBeGreaterThan(20);
    for (const secret of secrets) expect(logText).not.toContain(secret);
    expect(logText).not.toContain('$argon2');
    expect(logText).not.toContain('lotline_session=');
  });
});

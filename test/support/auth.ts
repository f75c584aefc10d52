// People for integration tests: a user with given roles (created as an
// administrator would, with a known password), a session signed in through
// the app itself (POST /api/auth/sign-in), and an API token.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../src/core/auth/roles.js';
import { createApiToken, createUser, type PublicUser } from '../../src/core/auth/service.js';
import type { Database } from '../../src/core/db/store.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/core/http/auth.js';
import type { App } from '../../src/core/http/server.js';
import { SIGNATURE_PASSWORD_HEADER } from '../../src/core/http/signature.js';

/** The password of every test user unless a test says otherwise (12+ characters, no user name). */
export const TEST_PASSWORD = 'Tumbler-wharf-7391';

export interface TestUser {
  user: PublicUser;
  password: string;
}

/** Creates a user with a known password (so it need not be changed at first sign-in). */
export async function createTestUser(
  db: Database,
  username: string,
  roles: Role[],
  options: { password?: string; displayName?: string } = {},
): Promise<TestUser> {
  const password = options.password ?? TEST_PASSWORD;
  const { user } = await createUser(
    db,
    { username, displayName: options.displayName ?? `Test ${username}`, roles, password },
    'test',
  );
  return { user, password };
}

export interface Session {
  user: PublicUser;
  /** The secret of the session cookie. */
  token: string;
  csrfToken: string;
  /** Pass to `app.inject` on later requests: the cookie and the CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
  response: LightMyRequestResponse;
}

// The sign-in route allows 10 attempts a minute per client address. Each
// helper sign-in comes from its own address, so a file's many sign-ins do not
// trip it; the limit itself is tested on one address.
let addresses = 0;
export function nextClientAddress(): string {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

/** POST /api/auth/sign-in; fails the test unless the sign-in succeeds. */
export async function signIn(
  app: App,
  username: string,
  password = TEST_PASSWORD,
  options: { remoteAddress?: string; headers?: Record<string, string> } = {},
): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { username, password },
    remoteAddress: options.remoteAddress ?? nextClientAddress(),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`sign-in set no ${SESSION_COOKIE} cookie`);
  const body = response.json() as { user: PublicUser; csrfToken: string };
  return {
    user: body.user,
    token: cookie.value,
    csrfToken: body.csrfToken,
    headers: { cookie: `${SESSION_COOKIE}=${cookie.value}`, [CSRF_HEADER]: body.csrfToken },
    response,
  };
}

/** Creates a user with the roles and signs them in. */
export async function signInAs(
  app: App,
  db: Database,
  username: string,
  roles: Role[],
): Promise<Session & { password: string }> {
  const { password } = await createTestUser(db, username, roles);
  return { ...(await signIn(app, username, password)), password };
}

/** The session's headers plus an electronic signature (the password re-entered). */
export function signedHeaders(
  session: Session,
  password = TEST_PASSWORD,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...session.headers, [SIGNATURE_PASSWORD_HEADER]: password, ...extra };
}

export interface TestToken {
  id: string;
  token: string;
  headers: { authorization: string };
}

/** Issues an API token acting as the user. */
export async function createTestToken(
  db: Database,
  userId: string,
  options: { name?: string; expiresAt?: Date } = {},
): Promise<TestToken> {
  const { token, info } = await createApiToken(
    db,
    {
      name: options.name ?? 'test token',
      userId,
      ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
    },
    'test',
  );
  return { id: info.id, token, headers: { authorization: `Bearer ${token}` } };
}

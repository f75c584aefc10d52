// Sign-in, lockout, sessions and API tokens against a real database, with the
// clock in the test's hand: a lockout ends and a session expires because the
// test moves time, not because it waits.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/support/database.js';
import { listAudit } from '../audit/trail.js';
import type { Store } from '../db/store.js';
import { isLotlineError, type LotlineError } from '../errors.js';
import type { Role } from './roles.js';
import { users } from './schema.js';
import {
  type AuthContext,
  changeOwnPassword,
  checkPassword,
  createApiToken,
  createUser,
  DEFAULT_AUTH_POLICY,
  listApiTokens,
  revokeApiToken,
  sessionPrincipal,
  setPassword,
  signIn,
  signOut,
  tokenPrincipal,
  updateUser,
} from './service.js';

const PASSWORD = 'Tumbler-wharf-7391';
const MINUTE = 60_000;
const START = new Date('2026-03-02T07:00:00.000Z');

let store: Store;
let now = START;
let context: AuthContext;
beforeAll(async () => {
  store = await createTestStore();
  context = { db: store.db, policy: DEFAULT_AUTH_POLICY, clock: () => now };
});
afterAll(async () => {
  await store.close();
});

/** Moves the injected clock. */
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

let created = 0;
async function newUser(roles: Role[] = ['viewer'], password = PASSWORD) {
  created += 1;
  const { user } = await createUser(
    store.db,
    { username: `user-${created}`, displayName: `User ${created}`, roles, password },
    'test',
  );
  return user;
}

async function failure(work: Promise<unknown>): Promise<LotlineError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isLotlineError(error)) throw new Error(`expected a LotlineError, got ${String(error)}`);
  return error;
}

async function row(username: string) {
  const [found] = await store.db.select().from(users).where(eq(users.username, username));
  if (!found) throw new Error(`no user ${username}`);
  return found;
}

const WRONG = 'the user name or the password is wrong';

describe('creating users', () => {
  it('stores an argon2id hash, never the password, and normalises the user name', async () => {
    const { user, password } = await createUser(
      store.db,
      {
        username: '  Ana.Quality ',
        displayName: 'Ana',
        roles: ['qa_inspector'],
        password: PASSWORD,
      },
      'test',
    );
    expect(user.username).toBe('ana.quality');
    expect(password).toBeUndefined();
    expect(user).not.toHaveProperty('passwordHash');
    const stored = await row('ana.quality');
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(PASSWORD);
    expect(stored.mustChangePassword).toBe(false);
  });

  it('generates a password when none is given, returned once, to be changed', async () => {
    const result = await createUser(
      store.db,
      { username: 'generated', displayName: 'Generated', roles: ['viewer'] },
      'test',
    );
    expect(result.password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(result.user.mustChangePassword).toBe(true);
    await expect(checkPassword(context, 'generated', result.password!)).resolves.toMatchObject({
      username: 'generated',
    });
  });

  it('refuses a taken user name in any case, and a weak password', async () => {
    const taken = await failure(
      createUser(store.db, { username: 'ANA.quality', displayName: 'x', roles: [] }, 'test'),
    );
    expect(taken.kind).toBe('conflict');
    const weak = await failure(
      createUser(
        store.db,
        { username: 'weak', displayName: 'x', roles: [], password: 'short' },
        'test',
      ),
    );
    expect(weak).toMatchObject({
      kind: 'invalid',
      issues: [{ path: 'password', message: 'must have at least 12 characters' }],
    });
  });
});

describe('checking a password', () => {
  it('accepts the right password, returning the user without secrets', async () => {
    const user = await newUser(['planner']);
    const checked = await checkPassword(context, user.username, PASSWORD);
    expect(checked).toMatchObject({ id: user.id, roles: ['planner'], lockedUntil: null });
    expect(JSON.stringify(checked)).not.toContain('argon2');
  });

  it('refuses a wrong password and counts it, with an audit entry per failure', async () => {
    const user = await newUser();
    for (const attempt of [1, 2, 3]) {
      const error = await failure(checkPassword(context, user.username, 'Wrong-password-000'));
      expect(error).toMatchObject({ kind: 'unauthorized', message: WRONG });
      expect((await row(user.username)).failedAttempts).toBe(attempt);
    }
    const failed = await listAudit(store.db, {
      entityId: user.username,
      action: 'auth.failed',
      limit: 10,
    });
    expect(
      failed.map((e) => [e.action, (e.after as { failedAttempts: number }).failedAttempts]),
    ).toEqual([
      ['auth.failed', 3],
      ['auth.failed', 2],
      ['auth.failed', 1],
    ]);
    // The right password clears the count.
    await checkPassword(context, user.username, PASSWORD);
    expect((await row(user.username)).failedAttempts).toBe(0);
  });

  it('gives an unknown user and a wrong password the same answer', async () => {
    const user = await newUser();
    const unknown = await failure(checkPassword(context, 'nobody-here', PASSWORD));
    const wrong = await failure(checkPassword(context, user.username, 'Wrong-password-000'));
    expect(unknown.message).toBe(WRONG);
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.code).toBe(unknown.code);
  });

  it('locks the account after 5 failures for 15 minutes, then lets the right password in', async () => {
    const user = await newUser();
    for (let i = 1; i < 5; i++) {
      await failure(checkPassword(context, user.username, 'Wrong-password-000'));
    }
    const fifth = await failure(checkPassword(context, user.username, 'Wrong-password-000'));
    expect(fifth.message).toBe(
      'the password is wrong; after 5 failed attempts the account is locked for 15 minutes',
    );
    const lockedUntil = new Date(now.getTime() + 15 * MINUTE);
    expect((await row(user.username)).lockedUntil).toEqual(lockedUntil);
    const [locked] = await listAudit(store.db, { entityId: user.username, limit: 1 });
    expect(locked?.action).toBe('auth.locked');

    // Locked: even the right password is refused, and says until when.
    advance(14 * MINUTE + 59_000);
    const refused = await failure(checkPassword(context, user.username, PASSWORD));
    expect(refused.message).toBe(
      `the account is locked after repeated failed attempts until ${lockedUntil.toISOString()}`,
    );
    // A wrong password while locked neither counts nor extends the lock.
    await failure(checkPassword(context, user.username, 'Wrong-password-000'));
    expect((await row(user.username)).lockedUntil).toEqual(lockedUntil);

    advance(1_001);
    await expect(checkPassword(context, user.username, PASSWORD)).resolves.toMatchObject({
      username: user.username,
    });
    const after = await row(user.username);
    expect(after.lockedUntil).toBeNull();
    expect(after.failedAttempts).toBe(0);
  });

  it('counts wrong passwords sent at the same time, each one', async () => {
    const user = await newUser();
    const attempts = Array.from({ length: 5 }, () =>
      failure(checkPassword(context, user.username, 'Wrong-password-000')),
    );
    await Promise.all(attempts);
    expect((await row(user.username)).lockedUntil).not.toBeNull();
    const refused = await failure(checkPassword(context, user.username, PASSWORD));
    expect(refused.message).toMatch(/^the account is locked/);
  });

  it('refuses a disabled user even with the right password', async () => {
    const user = await newUser();
    await updateUser(store.db, user.id, { active: false }, 'test');
    const error = await failure(checkPassword(context, user.username, PASSWORD));
    expect(error).toMatchObject({ kind: 'unauthorized', message: 'the account is disabled' });
  });
});

describe('sessions', () => {
  it('opens a session for 12 hours with a CSRF token, storing only a hash of its secret', async () => {
    const user = await newUser(['qa_manager']);
    const session = await signIn(context, user.username, PASSWORD);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt).toEqual(new Date(now.getTime() + 12 * 60 * MINUTE));
    expect(session.user.lastSignInAt).toBe(now.toISOString());
    const principal = await sessionPrincipal(context, session.token);
    expect(principal).toMatchObject({
      kind: 'session',
      csrfToken: session.csrfToken,
      user: { id: user.id },
    });
    expect(principal?.permissions.has('audit.read')).toBe(true);
    const stored = await store.db.execute(
      sql`select id_hash, csrf_token from auth.sessions where user_id = ${user.id}`,
    );
    const rows = (stored as unknown as { rows: { id_hash: string }[] }).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(session.token);
    expect(await sessionPrincipal(context, 'not-a-session')).toBeUndefined();
  });

  it('idles out after an hour without use; use keeps it alive', async () => {
    const user = await newUser();
    const session = await signIn(context, user.username, PASSWORD);
    for (let i = 0; i < 3; i++) {
      advance(50 * MINUTE);
      expect(await sessionPrincipal(context, session.token), `after ${i + 1}×50 min`).toBeDefined();
    }
    advance(60 * MINUTE + 1);
    expect(await sessionPrincipal(context, session.token)).toBeUndefined();
  });

  it('ends after 12 hours however much it is used', async () => {
    const user = await newUser();
    const session = await signIn(context, user.username, PASSWORD);
    for (let i = 0; i < 14; i++) {
      advance(50 * MINUTE);
      expect(await sessionPrincipal(context, session.token)).toBeDefined();
    }
    advance(20 * MINUTE); // 12 h in total
    expect(await sessionPrincipal(context, session.token)).toBeUndefined();
  });

  it('ends at sign-out', async () => {
    const user = await newUser();
    const session = await signIn(context, user.username, PASSWORD);
    const principal = await sessionPrincipal(context, session.token);
    await signOut(store.db, principal!);
    expect(await sessionPrincipal(context, session.token)).toBeUndefined();
  });

  it('ends every session when the user is disabled', async () => {
    const user = await newUser();
    const first = await signIn(context, user.username, PASSWORD);
    const second = await signIn(context, user.username, PASSWORD);
    await updateUser(store.db, user.id, { active: false }, 'test');
    expect(await sessionPrincipal(context, first.token)).toBeUndefined();
    expect(await sessionPrincipal(context, second.token)).toBeUndefined();
  });

  it('sees a change of roles at once', async () => {
    const user = await newUser(['viewer']);
    const session = await signIn(context, user.username, PASSWORD);
    expect((await sessionPrincipal(context, session.token))?.permissions.has('plant.edit')).toBe(
      false,
    );
    await updateUser(store.db, user.id, { roles: ['admin'] }, 'test');
    expect((await sessionPrincipal(context, session.token))?.permissions.has('plant.edit')).toBe(
      true,
    );
  });
});

describe('changing a password', () => {
  it('ends every session opened with the old one; the new one signs in', async () => {
    const user = await newUser();
    const session = await signIn(context, user.username, PASSWORD);
    await changeOwnPassword(context, user.id, PASSWORD, 'Another-good-pass-22');
    expect(await sessionPrincipal(context, session.token)).toBeUndefined();
    await failure(checkPassword(context, user.username, PASSWORD));
    await expect(
      checkPassword(context, user.username, 'Another-good-pass-22'),
    ).resolves.toBeDefined();
    const [entry] = await listAudit(store.db, {
      entityId: user.username,
      action: 'user.password_changed',
      limit: 1,
    });
    expect(entry?.actor).toBe(user.username);
    expect(JSON.stringify(entry)).not.toContain('Another-good-pass-22');
  });

  it('needs the current password (a wrong one counts) and a new, acceptable one', async () => {
    const user = await newUser();
    const wrong = await failure(
      changeOwnPassword(context, user.id, 'Wrong-password-000', 'Another-good-pass-22'),
    );
    expect(wrong.kind).toBe('unauthorized');
    expect((await row(user.username)).failedAttempts).toBe(1);
    const same = await failure(changeOwnPassword(context, user.id, PASSWORD, PASSWORD));
    expect(same.issues).toMatchObject([
      {
        path: 'newPassword',
        message: 'must differ from the current password',
        code: 'password_unchanged',
      },
    ]);
    const short = await failure(changeOwnPassword(context, user.id, PASSWORD, 'short'));
    expect(short.issues).toEqual([
      {
        path: 'newPassword',
        message: 'must have at least 12 characters',
        code: 'password_too_short',
        params: { minimum: 12 },
      },
    ]);
    expect(short.message).toBe('the new password must have at least 12 characters');
  });

  it('clears "must change password"', async () => {
    const { user, password } = await createUser(
      store.db,
      { username: 'first-timer', displayName: 'First', roles: ['viewer'] },
      'test',
    );
    await changeOwnPassword(context, user.id, password!, 'Chosen-by-me-2026');
    expect((await row('first-timer')).mustChangePassword).toBe(false);
  });

  it('an administrator’s reset gives a one-time password, unlocks, and ends sessions', async () => {
    const user = await newUser();
    const session = await signIn(context, user.username, PASSWORD);
    for (let i = 0; i < 5; i++) {
      await failure(checkPassword(context, user.username, 'Wrong-password-000'));
    }
    expect((await row(user.username)).lockedUntil).not.toBeNull();
    const reset = await setPassword(store.db, user.id, 'admin');
    expect(reset.password).toMatch(/^[A-Za-z2-9]{20}$/);
    const after = await row(user.username);
    expect(after).toMatchObject({ lockedUntil: null, failedAttempts: 0, mustChangePassword: true });
    expect(await sessionPrincipal(context, session.token)).toBeUndefined();
    await expect(checkPassword(context, user.username, reset.password!)).resolves.toBeDefined();
  });
});

describe('API tokens', () => {
  it('act as their user until revoked; only a hash of the secret is kept', async () => {
    const user = await newUser(['planner']);
    const { token, info } = await createApiToken(
      store.db,
      { name: 'MRP export', userId: user.id },
      'admin',
    );
    expect(token).toMatch(new RegExp(`^llt_${info.prefix}_[A-Za-z0-9_-]{43}$`));
    const principal = await tokenPrincipal(context, token);
    expect(principal).toMatchObject({ kind: 'token', user: { id: user.id } });
    expect(principal?.csrfToken).toBeUndefined();
    expect(principal?.permissions.has('planning.edit')).toBe(true);
    const listed = (await listApiTokens(store.db)).find((t) => t.id === info.id);
    expect(listed).toMatchObject({ name: 'MRP export', username: user.username, revokedAt: null });
    expect(listed?.lastUsedAt).toBe(now.toISOString());
    expect(JSON.stringify(await listApiTokens(store.db))).not.toContain(token);

    const revoked = await revokeApiToken(store.db, info.id, 'admin');
    expect(revoked.revokedAt).not.toBeNull();
    expect(await tokenPrincipal(context, token)).toBeUndefined();
    const again = await failure(revokeApiToken(store.db, info.id, 'admin'));
    expect(again.kind).toBe('not_found');
  });

  it('stop at their expiry', async () => {
    const user = await newUser();
    const { token } = await createApiToken(
      store.db,
      { name: 'short', userId: user.id, expiresAt: new Date(now.getTime() + 60 * MINUTE) },
      'admin',
    );
    advance(59 * MINUTE);
    expect(await tokenPrincipal(context, token)).toBeDefined();
    advance(MINUTE);
    expect(await tokenPrincipal(context, token)).toBeUndefined();
  });

  it('stop when their user is disabled', async () => {
    const user = await newUser();
    const { token } = await createApiToken(store.db, { name: 'x', userId: user.id }, 'admin');
    await updateUser(store.db, user.id, { active: false }, 'test');
    expect(await tokenPrincipal(context, token)).toBeUndefined();
  });

  it('are not sessions, nor sessions tokens', async () => {
    const user = await newUser();
    const session = await signIn(context, user.username, PASSWORD);
    const { token } = await createApiToken(store.db, { name: 'x', userId: user.id }, 'admin');
    expect(await tokenPrincipal(context, session.token)).toBeUndefined();
    expect(await sessionPrincipal(context, token)).toBeUndefined();
    expect(await tokenPrincipal(context, `${token.slice(0, -1)}x`)).toBeUndefined();
  });
});

// Users, sign-in with lockout, sessions and API tokens. Every change to a user
// or a credential writes an audit entry in the same transaction; secrets are
// returned once, at creation, and stored only as hashes.

import { createHash } from 'node:crypto';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/trail.js';
import type { ChangeAwareCache } from '../db/change-aware-cache.js';
import type { Database } from '../db/store.js';
import {
  causedBy,
  conflict,
  type ErrorMessage,
  fieldIssue,
  invalid,
  issueAt,
  LotlineError,
  notFound,
  restated,
  unauthorized,
} from '../errors.js';
import {
  decoyPasswordHash,
  generatePassword,
  hashPassword,
  newSecret,
  passwordProblem,
  verifyPassword,
} from './password.js';
import { type Permission, permissionsOf, type Role } from './roles.js';
import { apiTokens, sessions, users } from './schema.js';

export interface AuthPolicy {
  maxFailedAttempts: number;
  lockoutMs: number;
  sessionTtlMs: number;
  sessionIdleMs: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  maxFailedAttempts: 5,
  lockoutMs: 15 * 60_000,
  sessionTtlMs: 12 * 3_600_000,
  sessionIdleMs: 60 * 60_000,
};

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export interface AuthContext {
  db: Database;
  policy: AuthPolicy;
  clock: Clock;
  /**
   * Sessions already looked up, by token: every request of a signed-in user
   * would otherwise read its session first. Kept until the sessions or users
   * table changes (a sign-out, a revoked or locked user) or for the cache's
   * short time to live.
   */
  sessions?: ChangeAwareCache<Principal | undefined>;
}

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  language: string;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
}

type UserRow = typeof users.$inferSelect;

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles as Role[],
    language: row.language,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');
const normalizeUsername = (username: string) => username.trim().toLowerCase();

// ---------------------------------------------------------------- users

export interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  language?: string;
  /** Omitted: a password is generated and returned once; the user must change it. */
  password?: string;
}

/** A password the rules refuse: "the (new) password must …", pointing at its field. */
function passwordRefused(field: 'password' | 'newPassword', problem: ErrorMessage): LotlineError {
  const subject = field === 'password' ? 'the password' : 'the new password';
  return new LotlineError('invalid', restated(problem, `${subject} ${problem.text}`), [
    issueAt(field, problem),
  ]);
}

export async function createUser(db: Database, input: NewUser, actor: string) {
  const username = normalizeUsername(input.username);
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword();
  const problem = passwordProblem(password, username);
  if (problem) throw passwordRefused('password', problem);
  const passwordHash = await hashPassword(password);
  const user = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, username));
    if (existing) throw conflict('user_exists', 'user "{{username}}" already exists', { username });
    const [row] = await tx
      .insert(users)
      .values({
        username,
        displayName: input.displayName,
        roles: input.roles,
        language: input.language ?? 'es',
        passwordHash,
        mustChangePassword: generated,
      })
      .returning();
    if (!row) throw new Error('inserting a user returned no row');
    const publicUser = toPublicUser(row);
    await recordAudit(tx, {
      actor,
      action: 'user.created',
      entityType: 'user',
      entityId: username,
      after: publicUser,
    });
    return publicUser;
  });
  return { user, password: generated ? password : undefined };
}

export interface UserChanges {
  displayName?: string;
  roles?: Role[];
  language?: string;
  active?: boolean;
}

export async function updateUser(db: Database, id: string, changes: UserChanges, actor: string) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('user_not_found', 'user {{id}} does not exist', { id });
    const [after] = await tx
      .update(users)
      .set({
        ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
        ...(changes.roles !== undefined ? { roles: changes.roles } : {}),
        ...(changes.language !== undefined ? { language: changes.language } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
      })
      .where(eq(users.id, id))
      .returning();
    if (!after) throw notFound('user_not_found', 'user {{id}} does not exist', { id });
    if (changes.active === false) {
      await tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
    }
    await recordAudit(tx, {
      actor,
      action: 'user.updated',
      entityType: 'user',
      entityId: before.username,
      before: toPublicUser(before),
      after: toPublicUser(after),
    });
    return toPublicUser(after);
  });
}

export async function listUsers(db: Database): Promise<PublicUser[]> {
  return (await db.select().from(users).orderBy(asc(users.username))).map(toPublicUser);
}

export async function getUser(db: Database, id: string): Promise<PublicUser> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('user_not_found', 'user {{id}} does not exist', { id });
  return toPublicUser(row);
}

export async function findUserByName(
  db: Database,
  username: string,
): Promise<PublicUser | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.username, normalizeUsername(username)));
  return row ? toPublicUser(row) : undefined;
}

export async function userCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

/** An administrator sets a password (reset); omitted, one is generated and must be changed. */
export async function setPassword(
  db: Database,
  id: string,
  actor: string,
  password?: string,
): Promise<{ password?: string }> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('user_not_found', 'user {{id}} does not exist', { id });
  const next = password ?? generatePassword();
  const problem = passwordProblem(next, row.username);
  if (problem) throw passwordRefused('password', problem);
  await writePassword(db, row, next, actor, {
    mustChange: password === undefined || actor !== row.username,
  });
  return password === undefined ? { password: next } : {};
}

export async function changeOwnPassword(
  context: AuthContext,
  id: string,
  current: string,
  next: string,
): Promise<void> {
  const [row] = await context.db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('user_not_found', 'user {{id}} does not exist', { id });
  try {
    await checkPassword(context, row.username, current);
  } catch (error) {
    // Not "signed out": the session is fine, the current password was wrong.
    if (error instanceof LotlineError && error.kind === 'unauthorized') {
      throw new LotlineError('unauthorized', causedBy('wrong_password', '', error));
    }
    throw error;
  }
  if (current === next) {
    throw invalid(
      'password_unchanged',
      'the new password must differ from the current one',
    ).withIssues([
      fieldIssue('newPassword', 'password_unchanged', 'must differ from the current password'),
    ]);
  }
  const problem = passwordProblem(next, row.username);
  if (problem) throw passwordRefused('newPassword', problem);
  await writePassword(context.db, row, next, row.username, { mustChange: false });
}

async function writePassword(
  db: Database,
  row: UserRow,
  password: string,
  actor: string,
  options: { mustChange: boolean },
) {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(users)
      .set({
        passwordHash,
        passwordChangedAt: now,
        mustChangePassword: options.mustChange,
        failedAttempts: 0,
        lockedUntil: null,
      })
      .where(eq(users.id, row.id));
    // A new password ends every other way in: sessions opened with the old one.
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, row.id), isNull(sessions.revokedAt)));
    await recordAudit(tx, {
      actor,
      action: actor === row.username ? 'user.password_changed' : 'user.password_reset',
      entityType: 'user',
      entityId: row.username,
      after: { passwordChangedAt: now.toISOString(), mustChangePassword: options.mustChange },
    });
  });
}

// ---------------------------------------------------------------- sign-in

/**
 * Checks a user's password, counting failures and locking the account after
 * too many. Used for sign-in and again at every electronic signature. Throws
 * `unauthorized` with one message for an unknown user or a wrong password.
 */
export async function checkPassword(
  context: AuthContext,
  username: string,
  password: string,
): Promise<PublicUser> {
  const { db, policy, clock } = context;
  const now = clock();
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.username, normalizeUsername(username)));
  if (!row) {
    // Spend the time a real check takes, so timing does not reveal user names.
    await verifyPassword(await decoyPasswordHash(), password);
    throw unauthorized('wrong_credentials', 'the user name or the password is wrong');
  }
  if (row.lockedUntil && row.lockedUntil > now) {
    throw unauthorized(
      'account_locked',
      'the account is locked after repeated failed attempts until {{until}}',
      { until: row.lockedUntil.toISOString() },
    );
  }
  if (!row.active) throw unauthorized('account_disabled', 'the account is disabled');
  if (!(await verifyPassword(row.passwordHash, password))) {
    // Counted in the database, not from the row read above: wrong passwords
    // sent at once must each count, or a burst of guesses counts as one.
    const { failures, locks } = await db.transaction(async (tx) => {
      const [counted] = await tx
        .update(users)
        .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
        .where(eq(users.id, row.id))
        .returning({ failedAttempts: users.failedAttempts });
      const failures = counted?.failedAttempts ?? row.failedAttempts + 1;
      const locks = failures >= policy.maxFailedAttempts;
      if (locks) {
        await tx
          .update(users)
          .set({ failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMs) })
          .where(eq(users.id, row.id));
      }
      await recordAudit(tx, {
        actor: row.username,
        action: locks ? 'auth.locked' : 'auth.failed',
        entityType: 'user',
        entityId: row.username,
        after: { failedAttempts: failures },
      });
      return { failures, locks };
    });
    throw locks
      ? unauthorized(
          'account_now_locked',
          'the password is wrong; after {{failures}} failed attempts the account is locked for {{minutes}} minutes',
          { failures, minutes: Math.round(policy.lockoutMs / 60_000) },
        )
      : unauthorized('wrong_credentials', 'the user name or the password is wrong');
  }
  if (row.failedAttempts > 0 || row.lockedUntil) {
    await db
      .update(users)
      .set({ failedAttempts: 0, lockedUntil: null })
      .where(eq(users.id, row.id));
  }
  return toPublicUser({ ...row, failedAttempts: 0, lockedUntil: null });
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: PublicUser;
}

export async function signIn(
  context: AuthContext,
  username: string,
  password: string,
): Promise<NewSession> {
  const user = await checkPassword(context, username, password);
  const now = context.clock();
  const token = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + context.policy.sessionTtlMs);
  await context.db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      idHash: sha256(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    await recordAudit(tx, {
      actor: user.username,
      action: 'auth.signed_in',
      entityType: 'user',
      entityId: user.username,
    });
  });
  return { token, csrfToken, expiresAt, user: { ...user, lastSignInAt: now.toISOString() } };
}

export interface Principal {
  kind: 'session' | 'token';
  user: PublicUser;
  permissions: Set<Permission>;
  /** Present for cookie sessions: unsafe requests must echo it. */
  csrfToken?: string;
  sessionHash?: string;
}

function principalOf(row: UserRow, kind: Principal['kind']): Principal {
  const user = toPublicUser(row);
  return { kind, user, permissions: permissionsOf(user.roles) };
}

export async function sessionPrincipal(
  context: AuthContext,
  token: string,
): Promise<Principal | undefined> {
  const { db, clock, policy } = context;
  const now = clock();
  const idHash = sha256(token);
  const [found] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, idHash));
  if (!found || found.session.revokedAt || !found.user.active) return undefined;
  if (found.session.expiresAt <= now) return undefined;
  if (now.getTime() - found.session.lastSeenAt.getTime() > policy.sessionIdleMs) return undefined;
  // Sliding idle timeout, written at most once a minute per session.
  if (now.getTime() - found.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return {
    ...principalOf(found.user, 'session'),
    csrfToken: found.session.csrfToken,
    sessionHash: idHash,
  };
}

export async function signOut(db: Database, principal: Principal): Promise<void> {
  if (!principal.sessionHash) return;
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(eq(sessions.idHash, principal.sessionHash ?? ''));
    await recordAudit(tx, {
      actor: principal.user.username,
      action: 'auth.signed_out',
      entityType: 'user',
      entityId: principal.user.username,
    });
  });
}

// ---------------------------------------------------------------- API tokens

const TOKEN_PREFIX = 'llt';

export interface PublicToken {
  id: string;
  name: string;
  username: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function createApiToken(
  db: Database,
  input: { name: string; userId: string; expiresAt?: Date },
  actor: string,
): Promise<{ token: string; info: PublicToken }> {
  const prefix = newSecret().slice(0, 8).replace(/[-_]/g, 'x');
  const token = `${TOKEN_PREFIX}_${prefix}_${newSecret()}`;
  return db.transaction(async (tx) => {
    const [owner] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!owner)
      throw notFound('user_not_found', 'user {{id}} does not exist', { id: input.userId });
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        userId: owner.id,
        tokenHash: sha256(token),
        prefix,
        createdBy: actor,
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    if (!row) throw new Error('inserting an API token returned no row');
    const info = toPublicToken(row, owner.username);
    await recordAudit(tx, {
      actor,
      action: 'token.created',
      entityType: 'api_token',
      entityId: row.id,
      after: info,
    });
    return { token, info };
  });
}

export async function tokenPrincipal(
  context: AuthContext,
  token: string,
): Promise<Principal | undefined> {
  if (!token.startsWith(`${TOKEN_PREFIX}_`)) return undefined;
  const now = context.clock();
  const [found] = await context.db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sha256(token)));
  if (!found || found.token.revokedAt || !found.user.active) return undefined;
  if (found.token.expiresAt && found.token.expiresAt <= now) return undefined;
  if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() > 60_000) {
    await context.db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(eq(apiTokens.id, found.token.id));
  }
  return principalOf(found.user, 'token');
}

export async function listApiTokens(db: Database): Promise<PublicToken[]> {
  const rows = await db
    .select({ token: apiTokens, username: users.username })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(asc(apiTokens.createdAt));
  return rows.map((r) => toPublicToken(r.token, r.username));
}

export async function revokeApiToken(
  db: Database,
  id: string,
  actor: string,
): Promise<PublicToken> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound('api_token_not_found', 'no active API token {{id}}', { id });
    const [owner] = await tx
      .select({ username: users.username })
      .from(users)
      .where(eq(users.id, row.userId));
    const info = toPublicToken(row, owner?.username ?? '');
    await recordAudit(tx, {
      actor,
      action: 'token.revoked',
      entityType: 'api_token',
      entityId: id,
      after: info,
    });
    return info;
  });
}

function toPublicToken(row: typeof apiTokens.$inferSelect, username: string): PublicToken {
  return {
    id: row.id,
    name: row.name,
    username,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

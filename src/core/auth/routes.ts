// HTTP routes for signing in and out, the signed-in user, user management and
// API tokens. Secrets (passwords, tokens) appear in a response only once, at
// the moment they are made, and never in a log.
import type {} from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_HEADER, requirePrincipal, SESSION_COOKIE } from '../http/auth.js';
import { Problem } from '../http/problem.js';
import { appLanguages, type Languages } from '../i18n/languages.js';
import { DEMO_USERNAMES } from './bootstrap.js';
import { ALL_ROLES, PERMISSIONS, permissionsOf, ROLES } from './roles.js';
import * as auth from './service.js';

const RoleName = z.enum(ALL_ROLES as [string, ...string[]]);
const User = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(RoleName),
    language: z.string(),
    active: z.boolean(),
    mustChangePassword: z.boolean(),
    lockedUntil: z.string().nullable(),
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    username: z.string(),
    prefix: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
const Me = z.object({
  user: User,
  permissions: z.array(z.string()),
  via: z.enum(['session', 'token']),
  csrfToken: z
    .string()
    .nullable()
    .describe(`echo it in the ${CSRF_HEADER} header of unsafe requests`),
});
const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'expected letters, digits, dots, dashes or underscores');
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const IdParams = z.object({ id: z.uuid() });

// Password guesses are slowed per client address (accounts lock in the
// domain). The plugin's own refusal carries no code and would read as a
// generic bad request; this one says what happened.
const attemptLimit = {
  max: 10,
  timeWindow: '1 minute',
  errorResponseBuilder: (_request: FastifyRequest, limit: { after: string; statusCode: number }) =>
    Object.assign(new Error(`too many attempts from this address; retry in ${limit.after}`), {
      statusCode: limit.statusCode,
      code: 'rate_limited',
    }),
};

export interface AuthRoutesOptions {
  context: auth.AuthContext;
  /** Whether this instance runs in demo mode (shown on the sign-in page). */
  demo: boolean;
  /** The languages a user may choose (found in the web app's locale folder); the app's own when unset. */
  languages?: Languages;
}

export function authRoutes({ context, demo, languages }: AuthRoutesOptions): FastifyPluginAsync {
  const { db } = context;
  const spoken = languages ?? appLanguages();
  const Language = z.enum(spoken.codes);
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['auth'];

    app.get(
      '/auth/config',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'What the sign-in page needs to know',
          response: {
            200: z.object({
              demo: z.boolean(),
              demoUsers: z.array(z.string()).describe('the demo users, in demo mode'),
              languages: z.array(Language),
            }),
          },
        },
      },
      async () => ({
        demo,
        demoUsers: demo ? DEMO_USERNAMES : [],
        languages: [...spoken.codes],
      }),
    );

    app.post(
      '/auth/sign-in',
      {
        config: { access: 'public', rateLimit: attemptLimit },
        schema: {
          tags,
          summary: 'Sign in; sets the session cookie and returns the CSRF token',
          body: z.object({
            username: z.string().min(1).max(64),
            password: z.string().min(1).max(256),
          }),
          response: { 200: Me, ...errors },
        },
      },
      async (request, reply) => {
        const session = await auth.signIn(context, request.body.username, request.body.password);
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          path: '/',
          expires: session.expiresAt,
        });
        return {
          user: session.user,
          permissions: [...permissionsOf(session.user.roles)],
          via: 'session' as const,
          csrfToken: session.csrfToken,
        };
      },
    );

    app.post(
      '/auth/sign-out',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary: 'Sign out: ends this session',
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await auth.signOut(db, requirePrincipal(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary: 'The signed-in user and what they may do',
          response: { 200: Me, ...errors },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        return {
          user: principal.user,
          permissions: [...principal.permissions],
          via: principal.kind,
          csrfToken: principal.csrfToken ?? null,
        };
      },
    );

    app.patch(
      '/auth/me',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary: 'Change your own settings: the language of the app and its reports',
          body: z.object({ language: Language }).strict(),
          response: { 200: Me, ...errors },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const user = await auth.updateUser(
          db,
          principal.user.id,
          { language: request.body.language },
          principal.user.username,
        );
        return {
          user,
          permissions: [...principal.permissions],
          via: principal.kind,
          csrfToken: principal.csrfToken ?? null,
        };
      },
    );

    app.post(
      '/auth/password',
      {
        config: { access: 'signed_in', rateLimit: attemptLimit },
        schema: {
          tags,
          summary: 'Change your own password (ends your other sessions; sign in again)',
          body: z.object({
            currentPassword: z.string().min(1).max(256),
            newPassword: z.string().max(256),
          }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        await auth.changeOwnPassword(
          context,
          principal.user.id,
          request.body.currentPassword,
          request.body.newPassword,
        );
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/roles',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary: 'The roles and the permissions each grants',
          response: {
            200: z.object({
              roles: z.array(
                z.object({ name: z.string(), title: z.string(), permissions: z.array(z.string()) }),
              ),
              permissions: z.record(z.string(), z.string()),
            }),
          },
        },
      },
      async () => ({
        roles: ALL_ROLES.map((name) => ({
          name,
          title: ROLES[name].title,
          permissions: [...ROLES[name].permissions],
        })),
        permissions: { ...PERMISSIONS },
      }),
    );

    app.get(
      '/users',
      {
        config: { access: 'users.manage' },
        schema: { tags, summary: 'All users', response: { 200: z.array(User), ...errors } },
      },
      async () => auth.listUsers(db),
    );

    app.post(
      '/users',
      {
        config: { access: 'users.manage' },
        schema: {
          tags,
          summary:
            'Create a user; without a password one is generated, returned once, and must be changed',
          body: z.object({
            username: Username,
            displayName: z.string().trim().min(1).max(200),
            roles: z.array(RoleName).min(1),
            language: Language.optional(),
            password: z.string().max(256).optional(),
          }),
          response: { 201: z.object({ user: User, password: z.string().optional() }), ...errors },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const { password, language, ...rest } = request.body;
        const created = await auth.createUser(
          db,
          {
            ...rest,
            roles: rest.roles as auth.PublicUser['roles'],
            ...(language ? { language } : {}),
            ...(password !== undefined ? { password } : {}),
          },
          principal.user.username,
        );
        return reply.status(201).send({
          user: created.user,
          ...(created.password ? { password: created.password } : {}),
        });
      },
    );

    app.patch(
      '/users/:id',
      {
        config: { access: 'users.manage' },
        schema: {
          tags,
          summary: 'Change a user: name, roles, language, or disable (ends their sessions)',
          params: IdParams,
          body: z.object({
            displayName: z.string().trim().min(1).max(200).optional(),
            roles: z.array(RoleName).optional(),
            language: Language.optional(),
            active: z.boolean().optional(),
          }),
          response: { 200: User, ...errors },
        },
      },
      async (request) => {
        const { roles, ...rest } = request.body;
        return auth.updateUser(
          db,
          request.params.id,
          {
            ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
            ...(roles ? { roles: roles as auth.PublicUser['roles'] } : {}),
          },
          requirePrincipal(request).user.username,
        );
      },
    );

    app.post(
      '/users/:id/password',
      {
        config: { access: 'users.manage' },
        schema: {
          tags,
          summary:
            'Reset a password: a generated one is returned once and must be changed at sign-in',
          params: IdParams,
          response: { 200: z.object({ password: z.string() }), ...errors },
        },
      },
      async (request) => {
        const result = await auth.setPassword(
          db,
          request.params.id,
          requirePrincipal(request).user.username,
        );
        return { password: result.password ?? '' };
      },
    );

    app.get(
      '/tokens',
      {
        config: { access: 'users.manage' },
        schema: {
          tags,
          summary: 'API tokens (never their secrets)',
          response: { 200: z.array(Token), ...errors },
        },
      },
      async () => auth.listApiTokens(db),
    );

    app.post(
      '/tokens',
      {
        config: { access: 'users.manage' },
        schema: {
          tags,
          summary: 'Issue an API token acting as a user; the secret is returned once',
          body: z.object({
            name: z.string().trim().min(1).max(100),
            userId: z.uuid(),
            expiresAt: z.iso.datetime({ offset: true }).optional(),
          }),
          response: { 201: z.object({ token: z.string(), info: Token }), ...errors },
        },
      },
      async (request, reply) => {
        const result = await auth.createApiToken(
          db,
          {
            name: request.body.name,
            userId: request.body.userId,
            ...(request.body.expiresAt ? { expiresAt: new Date(request.body.expiresAt) } : {}),
          },
          requirePrincipal(request).user.username,
        );
        return reply.status(201).send(result);
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: { access: 'users.manage' },
        schema: {
          tags,
          summary: 'Revoke an API token',
          params: IdParams,
          response: { 200: Token, ...errors },
        },
      },
      async (request) =>
        auth.revokeApiToken(db, request.params.id, requirePrincipal(request).user.username),
    );
  };
}

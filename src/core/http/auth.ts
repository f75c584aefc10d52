// Authentication and authorisation at the HTTP edge. Every route under /api/
// names the permission it needs in its config; a route that names none is
// refused (deny by default). People use a session cookie (HttpOnly,
// SameSite=Strict, Secure behind TLS) plus a CSRF token echoed in a header on
// every unsafe request; machines use a revocable bearer API token.
import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../auth/roles.js';
import {
  type AuthContext,
  type Principal,
  sessionPrincipal,
  tokenPrincipal,
} from '../auth/service.js';
import { forbidden, unauthorized } from '../errors.js';
import { Problem } from './problem.js';

/** `public`: anyone; `signed_in`: any signed-in user, even one who must change the password. */
export type RouteAccess = Permission | 'public' | 'signed_in';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export const SESSION_COOKIE = 'lotline_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/**
 * Installs the guard. Returns the list of routes as they register, so a test
 * can walk every one and prove that each names its access.
 */
export async function installAuth(
  app: FastifyInstance,
  context: AuthContext,
): Promise<RegisteredRoute[]> {
  const routes: RegisteredRoute[] = [];
  await app.register(fastifyCookie);
  app.decorateRequest('principal', undefined);

  app.addHook('onRoute', (route) => {
    // Outside /api/ live the web app's files and the probes; the API docs are
    // the schema, not data. Both are public; the data behind them is not.
    const isApi = route.url.startsWith('/api/') && !route.url.startsWith('/api/docs');
    if (!isApi && route.config?.access === undefined) {
      route.config = { ...route.config, access: 'public' };
    }
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, access });
    // The OpenAPI document says what each operation needs and how it refuses.
    if (access !== undefined && access !== 'public' && route.schema && !route.schema.hide) {
      const needs = access === 'signed_in' ? 'any signed-in user' : `the permission \`${access}\``;
      const response = (route.schema.response ?? {}) as Record<string, unknown>;
      route.schema = {
        ...route.schema,
        description: `${route.schema.description ? `${route.schema.description}\n\n` : ''}Needs ${needs}.`,
        response: { ...response, 401: response[401] ?? Problem, 403: response[403] ?? Problem },
      };
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    request.principal = await authenticate(context, request);
    authorise(request, reply, access);
  });

  return routes;
}

async function authenticate(context: AuthContext, request: FastifyRequest) {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw unauthorized(
        'authorization_header_malformed',
        'the Authorization header must be "Bearer <API token>"',
      );
    }
    const principal = await tokenPrincipal(context, token);
    if (!principal)
      throw unauthorized('api_token_invalid', 'the API token is unknown, revoked or expired');
    return principal;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  return context.sessions
    ? context.sessions.remember(cookie, () => sessionPrincipal(context, cookie))
    : sessionPrincipal(context, cookie);
}

function authorise(
  request: FastifyRequest,
  _reply: FastifyReply,
  access: Exclude<RouteAccess, 'public'> | undefined,
) {
  if (access === undefined) {
    // Deny by default: a route that forgot to say who may use it is closed.
    throw forbidden('route_closed', 'this route names no permission, so it is closed to everyone');
  }
  const principal = request.principal;
  // The code stays `unauthorized`: clients read it as "the session is gone".
  if (!principal) throw unauthorized('unauthorized', 'sign in first');
  if (principal.kind === 'session' && !SAFE_METHODS.has(request.method)) {
    const echoed = request.headers[CSRF_HEADER];
    if (typeof echoed !== 'string' || !sameSecret(echoed, principal.csrfToken ?? '')) {
      throw forbidden(
        'csrf',
        'the {{header}} header is missing or wrong (cross-site request refused)',
        { header: CSRF_HEADER },
      );
    }
  }
  if (access === 'signed_in') return;
  // A one-time password set by someone else must be replaced before its
  // holder acts; an API token is a credential of its own and is not affected.
  if (principal.kind === 'session' && principal.user.mustChangePassword) {
    throw forbidden('password_change_required', 'change your password before anything else');
  }
  if (!principal.permissions.has(access)) {
    throw forbidden(
      'permission_denied',
      principal.user.roles.length > 0
        ? 'your roles ({{roles}}) do not grant "{{permission}}"'
        : 'your roles (none) do not grant "{{permission}}"',
      { roles: principal.user.roles, permission: access },
    );
  }
}

/** Constant-time comparison, so a guess cannot be refined by timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized('unauthorized', 'sign in first');
  return request.principal;
}

// The HTTP server: Fastify with zod schemas at the boundary, an OpenAPI 3.1
// document built from those same schemas, problem-details errors, health
// probes and the web app. Modules add their routes as plugins.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifySchemaCompiler,
  LogController,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { AuthContext } from '../auth/service.js';
import { storeTrouble } from '../db/unavailable.js';
import { invalid } from '../errors.js';
import type { SystemProbes } from '../status/probes.js';
import { parseWith } from '../validation.js';
import { MAX_YAML_DEPTH, yamlTooDeep } from '../yaml-nesting.js';
import { installAuth, type RegisteredRoute } from './auth.js';
import { installMetrics } from './metrics.js';
import { problem, sendProblem } from './problem.js';
import { installReadCache, type ReadCacheOptions } from './read-cache.js';
import { echoRequestId, REQUEST_ID_LOG_LABEL, requestIdOf } from './request-id.js';

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface ServerOptions {
  logger: FastifyBaseLogger;
  /** Answers /readyz: throws when a dependency (the store) is not usable. */
  readiness: () => Promise<void>;
  /** Route plugins of the modules, each mounted under its prefix. */
  modules: { prefix: string; plugin: FastifyPluginAsync }[];
  /** The built web app; omitted or missing means the API alone is served. */
  webRoot?: string;
  version: string;
  /** Who may do what: every route under /api/ names its access (core/http/auth.ts). */
  auth: AuthContext;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-* headers (Secure cookies). */
  trustProxy?: boolean;
  /** What the system says about itself; with it, GET /metrics is served. */
  probes?: SystemProbes;
  /** Keep the answers of routes that opt in until what they read changes (read-cache.ts). */
  readCache?: ReadCacheOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with the access it names, for the deny-by-default test. */
    routeCatalog: RegisteredRoute[];
  }
}

export const DEFAULT_WEB_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

// Request data are parsed with the same readable messages as plant files.
const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const parsed = parseWith(schema, data);
    if (parsed.ok) return { value: parsed.value };
    return {
      error: invalid('request_invalid', 'the request is not valid').withIssues(parsed.issues),
    };
  };

export async function buildServer(options: ServerOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 10 * 1024 * 1024,
    return503OnClosing: true,
    // Keep-alive connections with nothing in flight are closed at shutdown,
    // so close() waits only for real requests.
    forceCloseConnections: 'idle',
    ajv: { customOptions: { allErrors: true } },
    // Refusals from the router itself (a path parameter over maxParamLength,
    // a badly percent-encoded path) are problems too, not Fastify's own JSON.
    frameworkErrors: sendProblem,
    genReqId: requestIdOf,
    logController: new LogController({ requestIdLogLabel: REQUEST_ID_LOG_LABEL }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(sendProblem);
  // First, so that even a request the guard refuses carries its id back.
  echoRequestId(app);
  // Before any route, so that every route passes the guard and is catalogued.
  app.decorate('routeCatalog', await installAuth(app, options.auth));
  // Failed sign-ins are slowed per client address; accounts lock in the domain.
  await app.register(fastifyRateLimit, { global: false });
  const metrics = options.probes ? installMetrics(app, options.probes) : undefined;
  // After the guard: every request is authenticated and authorised before an answer is reused.
  if (options.readCache) {
    installReadCache(app, {
      ...options.readCache,
      ...(metrics ? { onLookup: metrics.countReadCache } : {}),
    });
  }

  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml'],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        const tooDeep = yamlTooDeep(body as string);
        if (tooDeep) {
          done(
            invalid(
              'yaml_too_deep',
              'the YAML body nests collections more than {{maxDepth}} levels deep (line {{line}})',
              { maxDepth: MAX_YAML_DEPTH, line: tooDeep.line },
            ),
          );
          return;
        }
        done(null, parseYaml(body as string, { maxAliasCount: 100 }));
      } catch (error) {
        done(
          invalid('yaml_unreadable', 'the YAML body cannot be read: {{reason}}', {
            reason: (error as Error).message.split('\n')[0] ?? '',
          }),
        );
      }
    },
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lotline API',
        version: options.version,
        description:
          'Manufacturing execution for cartridge plants. Errors are RFC 9457 problem details.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await options.readiness();
      return { status: 'ready' };
    } catch (error) {
      // The cause in an operator's words (database down, disk full, pool busy)
      // rather than the driver's "Failed query: select 1".
      const trouble = storeTrouble(error);
      if (trouble) reply.header('retry-after', String(trouble.retryAfterSeconds));
      const cause = trouble?.detail ?? (error as Error).message;
      return reply
        .status(503)
        .type('application/problem+json')
        .send({
          ...problem(503, 'not_ready', `not ready: ${cause}`, '/readyz'),
          requestId: request.id,
        });
    }
  });

  for (const module of options.modules) {
    await app.register(module.plugin, { prefix: module.prefix });
  }

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    // Files are looked up per request, so a rebuilt web app is served at once.
    await app.register(fastifyStatic, { root: webRoot, wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // The single-page app owns every other path that names a page; a missing
    // file (a name with an extension, e.g. /favicon.ico) is a plain 404.
    const wantsPage =
      request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path);
    if (hasWeb && wantsPage) return reply.sendFile('index.html');
    return reply
      .status(404)
      .type('application/problem+json')
      .send({
        ...problem(404, 'not_found', `no route ${request.method} ${request.url}`, request.url),
        requestId: request.id,
      });
  });

  return app;
}

// A cache of read answers that is never wrong for longer than a moment.
//
// A plant's screens and terminals poll the same few reads (a work order, the
// line states, a store's stock) many times a second between them. A route
// that opts in (`config: { readCache: true }`, on GET) has its 200 answer
// kept with the tables its statements read (core/db/change-tracking.ts); the
// answer is served again until one of those tables changes in this process,
// or for at most `ttlMs` — which bounds how late a change made by another
// process (several Lotline processes on one PostgreSQL), or an answer that
// depends on the time of day, is seen. Authentication and authorisation run
// before the cache on every request: only the answer is shared, and only
// routes whose answer does not depend on who asks may opt in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChangeAwareCache, type ChangeAwareCacheOptions } from '../db/change-aware-cache.js';
import { type ReadRecord, recordingReads } from '../db/change-tracking.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Keep this GET route's 200 answers until a table they read changes (read-cache.ts). */
    readCache?: boolean;
  }
}

export interface ReadCacheOptions extends Omit<ChangeAwareCacheOptions, 'sizeOf'> {
  /** Counted on every cacheable request, for /metrics. */
  onLookup?: (result: 'hit' | 'miss') => void;
}

interface CachedAnswer {
  payload: string;
  contentType: string;
}

const WORK = Symbol('readCacheWork');
type Tracked = FastifyRequest & { [WORK]?: { record: ReadRecord; since: number } };

/** The most answer text kept at once: a plant's polled reads fit many times over. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** The `x-read-cache` header says whether an answer came from the cache. */
export const READ_CACHE_HEADER = 'x-read-cache';

function cacheable(request: FastifyRequest): boolean {
  return request.method === 'GET' && request.routeOptions.config.readCache === true;
}

/** Installs the cache; call after authentication, so its hooks run after the guard's. */
export function installReadCache(app: FastifyInstance, options: ReadCacheOptions): void {
  const cache = new ChangeAwareCache<CachedAnswer>({
    maxBytes: DEFAULT_MAX_BYTES,
    ...options,
    // A JSON answer's characters, close enough to its bytes for a budget.
    sizeOf: (answer) => answer.payload.length,
  });
  if (!cache.enabled) return;

  app.addHook('preHandler', (request, reply: FastifyReply, done) => {
    if (!cacheable(request)) return done();
    const found = cache.lookup(request.url);
    options.onLookup?.(found ? 'hit' : 'miss');
    if (found) {
      reply
        .header('content-type', found.value.contentType)
        .header(READ_CACHE_HEADER, 'hit')
        .send(found.value.payload);
      return;
    }
    const work = cache.begin();
    (request as Tracked)[WORK] = work;
    reply.header(READ_CACHE_HEADER, 'miss');
    // The handler runs inside `done`, so its statements are noted in this record.
    recordingReads(work.record, done);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const work = (request as Tracked)[WORK];
    if (work && reply.statusCode === 200 && typeof payload === 'string') {
      const contentType = String(reply.getHeader('content-type') ?? 'application/json');
      cache.keep(request.url, { payload, contentType }, work);
    }
    done(null, payload);
  });
}

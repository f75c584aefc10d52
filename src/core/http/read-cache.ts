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
//
// A command whose answer is what a read would answer after it (a work
// order's command answers the order) may say so (`primesReadCache`): its
// answer is kept as that read's, so a terminal's next poll after its own
// scrap is not computed again — only when its one commit wrote every row the
// read depended on last time and nobody else changed them in between
// (ChangeAwareCache.prime); otherwise the read computes as before.
//
// Reads of one URL that miss together are answered once: while one request
// computes the answer, the others wait for it (at most a moment) and are given
// it if it was kept — it was true when it was kept, which is after they came —
// or compute their own if it was not.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ChangeAwareCache, type ChangeAwareCacheOptions } from '../db/change-aware-cache.js';
import { type ReadRecord, recordingReads } from '../db/change-tracking.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Keep this GET route's 200 answers until a table they read changes (read-cache.ts). */
    readCache?: boolean;
    /**
     * For a command route whose 200 answer is what a GET of the URL this
     * gives would answer after it (a work order's command answers the
     * order): that answer is kept as the GET's, when it is safe to (see
     * ChangeAwareCache.prime), so the next poll is not computed again.
     */
    primesReadCache?: (request: FastifyRequest) => string;
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
const COMMAND = Symbol('readCacheCommand');
interface Work {
  record: ReadRecord;
  since: number;
  /** Set on the request that computes an answer others wait for: tells them it is done. */
  settle?: () => void;
}
type Tracked = FastifyRequest & { [WORK]?: Work; [COMMAND]?: ReadRecord };

/** The longest a read waits for another request's answer before computing its own. */
const SHARED_WAIT_MS = 2_000;

/** The most answer text kept at once: a plant's polled reads fit many times over. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** The `x-read-cache` header says whether an answer came from the cache. */
export const READ_CACHE_HEADER = 'x-read-cache';

function cacheable(request: FastifyRequest): boolean {
  return request.method === 'GET' && request.routeOptions.config.readCache === true;
}

/** Installs the cache; call after authentication, so its hooks run after the guard's (both are `onRequest`). */
export function installReadCache(app: FastifyInstance, options: ReadCacheOptions): void {
  const cache = new ChangeAwareCache<CachedAnswer>({
    maxBytes: DEFAULT_MAX_BYTES,
    ...options,
    // A JSON answer's characters, close enough to its bytes for a budget.
    sizeOf: (answer) => answer.payload.length,
  });
  if (!cache.enabled) return;

  /** Answers being computed now, by URL: what a read that misses at the same time waits for. */
  const computing = new Map<string, Promise<void>>();

  const sendKept = (reply: FastifyReply, answer: CachedAnswer) =>
    reply
      .header('content-type', answer.contentType)
      .header(READ_CACHE_HEADER, 'hit')
      .send(answer.payload);

  const compute = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const work: Work = cache.begin();
    if (!computing.has(request.url)) {
      const key = request.url;
      computing.set(
        key,
        new Promise((resolve) => {
          work.settle = () => {
            work.settle = undefined;
            computing.delete(key);
            resolve();
          };
        }),
      );
    }
    (request as Tracked)[WORK] = work;
    reply.header(READ_CACHE_HEADER, 'miss');
    // The handler runs inside `done`, so its statements are noted in this record.
    recordingReads(work.record, done);
  };

  /** Serves the kept answer, if there is one still good; else computes it. */
  const answer = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const found = cache.lookup(request.url);
    options.onLookup?.(found ? 'hit' : 'miss');
    if (found) sendKept(reply, found.value);
    else compute(request, reply, done);
  };

  // A command that primes a read runs with a record of what it commits.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET' || !request.routeOptions.config.primesReadCache) return done();
    const record: ReadRecord = { tables: new Set(), commits: [] };
    (request as Tracked)[COMMAND] = record;
    recordingReads(record, done);
  });

  // At the request's start, right after the guard's own hook: a kept answer
  // skips parsing and validating the request (only a 200 answer is kept, so
  // its URL was valid), and a miss runs all of that inside its read record.
  app.addHook('onRequest', (request, reply: FastifyReply, done) => {
    if (!cacheable(request)) return done();
    const other = computing.get(request.url);
    if (!other || cache.lookup(request.url)) return answer(request, reply, done);
    // Looked up again once the other request is done: its answer, if it was kept and is still good.
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHARED_WAIT_MS);
    });
    void Promise.race([other, givenUp]).then(() => {
      clearTimeout(timer);
      answer(request, reply, done);
    });
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const command = (request as Tracked)[COMMAND];
    const prime = request.routeOptions.config.primesReadCache;
    // One commit only: with two, the answer may come from the first and the row from the second.
    const [commit, ...more] = command?.commits ?? [];
    if (prime && commit && more.length === 0) {
      if (reply.statusCode === 200 && typeof payload === 'string') {
        const contentType = String(reply.getHeader('content-type') ?? 'application/json');
        cache.prime(prime(request), { payload, contentType }, commit);
      }
    }
    const work = (request as Tracked)[WORK];
    if (work) {
      if (reply.statusCode === 200 && typeof payload === 'string') {
        const contentType = String(reply.getHeader('content-type') ?? 'application/json');
        cache.keep(request.url, { payload, contentType }, work);
      }
      work.settle?.();
    }
    done(null, payload);
  });

  // A request that ends without sending (aborted, timed out) lets the others compute.
  const release = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    (request as Tracked)[WORK]?.settle?.();
    done();
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', (request, done) => release(request, undefined, done));
  app.addHook('onTimeout', release);
}

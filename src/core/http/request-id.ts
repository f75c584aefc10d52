// Request ids: every request gets one, every log line of the request carries it
// (Fastify's per-request child logger binds it as `requestId`), the response
// echoes it in X-Request-Id and a problem-details body names it, so an error a
// user reports can be found in the log.
//
// A proxy or client that already gave the request an id keeps it, so one id
// follows the request through the proxy's log and ours; an id that does not
// look like one (too long, odd characters that could forge log lines) is
// replaced by a new one rather than refused.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
/** The field of a log line that holds the request id. */
export const REQUEST_ID_LOG_LABEL = 'requestId';

const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,127}$/;

/** The id of an incoming request: its X-Request-Id if sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
}

/** Echoes the id on every response, before any other hook can refuse the request. */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}

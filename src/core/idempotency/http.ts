// The Idempotency-Key header on command routes: its schema for the OpenAPI
// document, and answering a keyed command once (the same answer to a retry,
// marked with Idempotent-Replayed so a client can tell).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/store.js';
import { requirePrincipal } from '../http/auth.js';
import { type KeyedCommand, runOnce } from './keys.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

export const IdempotencyHeaders = z.looseObject({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .min(8)
    .max(200)
    .optional()
    .describe(
      'a client-chosen key (a UUID); the same key again returns the first answer without a second effect',
    ),
});

/** The keyed command a request carries, or undefined when it sends no key. */
export function keyedCommand(request: FastifyRequest, name: string): KeyedCommand | undefined {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (typeof key !== 'string') return undefined;
  return {
    key,
    actor: requirePrincipal(request).user.username,
    name,
    request: { params: request.params ?? {}, body: request.body ?? null },
  };
}

/**
 * Runs a command route's work once per Idempotency-Key (always, without one)
 * and sends its answer with `status`.
 */
export async function answerOnce<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { db: Database; command: string; status?: number },
  run: (db: Database) => Promise<T>,
): Promise<FastifyReply> {
  const outcome = await runOnce(
    options.db,
    keyedCommand(request, options.command),
    options.status ?? 200,
    run,
  );
  if (outcome.replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return reply.status(outcome.status).send(outcome.body);
}

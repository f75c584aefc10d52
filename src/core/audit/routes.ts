// Reading the audit trail and checking its chain over HTTP. There is no route
// that writes or changes an entry: entries are written by the changes they record.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/store.js';
import { Problem } from '../http/problem.js';
import { listAudit, verifyAuditTrail } from './trail.js';

const Entry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

const Verdict = z.union([
  z.object({ ok: z.literal(true), entries: z.number().int(), lastHash: z.string() }),
  z.object({
    ok: z.literal(false),
    entries: z.number().int(),
    brokenAt: z.number().int(),
    reason: z.string(),
  }),
]);

const errors = { 400: Problem, 401: Problem, 403: Problem };

export function auditRoutes(db: Database): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['audit'];
    app.get(
      '/audit',
      {
        config: { access: 'audit.read' },
        schema: {
          tags,
          summary: 'Audit entries, newest first, filtered',
          querystring: z.object({
            entityType: z.string().max(100).optional(),
            entityId: z.string().max(200).optional(),
            actor: z.string().max(100).optional(),
            action: z.string().max(100).optional(),
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
            beforeSeq: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.array(Entry), ...errors },
        },
      },
      async (request) => {
        const { from, to, ...rest } = request.query;
        return listAudit(db, {
          ...rest,
          ...(from ? { from: new Date(from) } : {}),
          ...(to ? { to: new Date(to) } : {}),
        });
      },
    );
    app.get(
      '/audit/verify',
      {
        config: { access: 'audit.read' },
        schema: {
          tags,
          summary: 'Walk the hash chain and report the first broken link',
          response: { 200: Verdict, ...errors },
        },
      },
      async () => verifyAuditTrail(db),
    );
  };
}

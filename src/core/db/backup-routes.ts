// GET /api/admin/backup: a hot backup through the running server, in the
// format of `lotline backup` (which calls it with --server). It exists for the
// embedded store, whose data directory the server holds; on PostgreSQL it is a
// convenience. Every backup is audited: it holds every record, password
// hashes included.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/trail.js';
import { requirePrincipal } from '../http/auth.js';
import { Problem } from '../http/problem.js';
import { writeBackup } from './backup.js';
import type { Store } from './store.js';

export function backupRoutes(store: Store): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/admin/backup',
      {
        config: { access: 'store.backup' },
        schema: {
          tags: ['admin'],
          summary: 'A backup of the whole store (gzip, the format of `lotline backup`)',
          description:
            'Streams one consistent snapshot of every Lotline table. On the embedded store the ' +
            'server pauses its other database work while the snapshot is read (into a temporary ' +
            'file), then sends the file; on PostgreSQL it streams as it reads.',
          response: { 200: z.any(), 401: Problem, 403: Problem },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        await store.db.transaction((tx) =>
          recordAudit(tx, {
            actor: principal.user.username,
            action: 'store.backup',
            entityType: 'store',
            entityId: store.kind,
            after: { via: 'http', credential: principal.kind },
          }),
        );
        const name = `lotline-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}.lotline`;
        reply
          .header('content-type', 'application/gzip')
          .header('content-disposition', `attachment; filename="${name}"`);
        if (store.kind === 'pglite') {
          // PGlite's one connection is held while the snapshot is read: read it
          // to a file at disk speed, release the store, then send the file at
          // the client's pace.
          const dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-backup-'));
          const file = path.join(dir, name);
          try {
            await writeBackup(store, createWriteStream(file));
          } catch (error) {
            rmSync(dir, { recursive: true, force: true });
            throw error;
          }
          const stream = createReadStream(file);
          stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
          return reply.send(stream);
        }
        const body = new PassThrough();
        writeBackup(store, body).catch((error: unknown) => {
          // The headers are gone: cutting the stream short is how the client
          // learns (its copy has no trailer and is refused).
          request.log.error({ err: error }, 'the backup failed while streaming');
          body.destroy(error as Error);
        });
        return reply.send(body);
      },
    );
  };
}

// The backup engine in-process, on the test run's store (PGlite, or the
// PostgreSQL server of LOTLINE_TEST_DATABASE_URL): the hot backup route
// (admin only, audited, the same format), and a backup from an older schema
// restored and migrated forward. The command line's own tests are in
// test/cli/backup.int.test.ts.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, createTestUser } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { differences, storeContents } from '../../../test/support/store-contents.js';
import { buildApp } from '../../app.js';
import type { App } from '../http/server.js';
import { restoreBackup, verifyBackup, writeBackup } from './backup.js';
import { MIGRATIONS_FOLDER, openPgliteStore, type Store } from './store.js';

/** Migrating PGlite several times over takes a while on a busy machine. */
const SLOW = 300_000;

let store: Store;
let app: App;

beforeAll(async () => {
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }) });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('GET /api/admin/backup', () => {
  it('gives an administrator a whole backup, audited, and refuses anyone else', {
    timeout: SLOW,
  }, async () => {
    const admin = await createTestUser(store.db, 'ada', ['admin']);
    const viewer = await createTestUser(store.db, 'vic', ['viewer']);
    const adminToken = await createTestToken(store.db, admin.user.id);
    const viewerToken = await createTestToken(store.db, viewer.user.id);

    const refused = await app.inject({
      method: 'GET',
      url: '/api/admin/backup',
      headers: viewerToken.headers,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/do not grant "store\.backup"/);
    const anonymous = await app.inject({ method: 'GET', url: '/api/admin/backup' });
    expect(anonymous.statusCode).toBe(401);

    const response = await app.inject({
      method: 'GET',
      url: '/api/admin/backup',
      headers: adminToken.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/gzip');
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="lotline-.*\.lotline"/,
    );
    const { header, trailer } = await verifyBackup(Readable.from([response.rawPayload]));
    expect(header.store).toBe(store.kind);
    expect(trailer.tables['plant.sites']?.rows).toBe(1);
    const audit = await store.db.execute(
      sql`select actor, entity_id from audit.entries where action = 'store.backup'`,
    );
    expect((audit as unknown as { rows: unknown[] }).rows).toEqual([
      { actor: 'ada', entity_id: store.kind },
    ]);
    // The backup holds its own audit entry: it was written before the snapshot.
    expect(trailer.tables['audit.entries']?.rows).toBe(
      header.tables.find((t) => t.name === 'audit.entries')?.rows,
    );

    const target = await openPgliteStore({});
    try {
      await restoreBackup(target, Readable.from([response.rawPayload]));
      expect(differences(await storeContents(store), await storeContents(target))).toEqual([]);
    } finally {
      await target.close();
    }
  });
});

describe('a backup from an older schema', () => {
  let older: string;
  beforeAll(() => {
    // The migrations folder as it was one migration ago.
    older = mkdtempSync(path.join(os.tmpdir(), 'lotline-migrations-'));
    cpSync(MIGRATIONS_FOLDER, older, { recursive: true });
    const journalFile = path.join(older, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
    journal.entries.pop();
    writeFileSync(journalFile, JSON.stringify(journal));
  });
  afterAll(() => rmSync(older, { recursive: true, force: true }));

  it('restores into an unmigrated or an empty migrated store, then migrates it forward', {
    timeout: SLOW * 2,
  }, async () => {
    const source = await openPgliteStore({});
    let backup: Buffer;
    try {
      await migrate(source.db as PgliteDatabase, { migrationsFolder: older });
      await source.db.execute(
        sql`insert into plant.sites (code, name, country, timezone) values ('OLD-1', 'Old site', 'VE', 'UTC')`,
      );
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const { header } = await writeBackup(source, out);
      backup = Buffer.concat(chunks);
      const journal = JSON.parse(
        readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
      );
      expect(header.schema.migrations).toBe(journal.entries.length - 1);
    } finally {
      await source.close();
    }

    for (const migrated of [false, true]) {
      const target = await openPgliteStore({});
      try {
        if (migrated) await target.migrate();
        const result = await restoreBackup(target, Readable.from([backup]));
        expect(result.migratedForward).toBe(1);
        const sites = await target.db.execute(sql`select code, name from plant.sites`);
        expect((sites as unknown as { rows: unknown[] }).rows).toEqual([
          { code: 'OLD-1', name: 'Old site' },
        ]);
        // Migrated forward: the store's bookkeeping matches this Lotline, so migrate() has nothing to do.
        const before = await target.db.execute(
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        await target.migrate();
        const after = await target.db.execute(
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        expect(after).toEqual(before);
      } finally {
        await target.close();
      }
    }
  });
});

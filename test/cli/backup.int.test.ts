// `lotline backup` and `lotline restore` as an operator runs them: a real
// process on a PGlite data directory holding the reference plant and a
// morning of activity (receipts, QA decisions, a work order with feeder loads
// and machine counts, handling units, the audit chain), backed up, restored
// into a fresh store of the same kind and of the other (PostgreSQL, when
// LOTLINE_TEST_DATABASE_URL is set, and back), and compared row by row.
// Bad files and non-empty targets are refused; a restore that fails half-way
// leaves the target as it was; a running server is backed up through its API.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { checkBackupHeader, restoreBackup } from '../../src/core/db/backup.js';
import { openPgliteStore, openPostgresStore, type Store } from '../../src/core/db/store.js';
import { isLotlineError } from '../../src/core/errors.js';
import { decide } from '../../src/modules/genealogy/lots.js';
import { loadPlantFile } from '../../src/modules/plant/index.js';
import { machineEvents } from '../../src/modules/telemetry/index.js';
import { createTestToken, createTestUser, type Session, signInAs } from '../support/auth.js';
import { createServerDatabase, REFERENCE_PLANT } from '../support/database.js';
import { startServer } from '../support/killable-server.js';
import { machineEventRows } from '../support/machine-events.js';
import {
  differences,
  rowCount,
  type StoreContents,
  storeContents,
} from '../support/store-contents.js';
import { type Finished, freshDataDir, lotline, migratedDataDir, SLOW } from './lotline.js';

const at = (hhmm: string) => new Date(`2027-03-15T${hhmm}:00-04:00`);
/** More machine events than PGlite reads in one page (20,000), so paging is exercised. */
const MACHINE_EVENTS = 25_000;

let source: string;
let work: string;
let backupFile: string;
let sourceContents: StoreContents;
let adminToken: string;
let viewerToken: string;
let firstBackup: Finished;

async function withDataDir<T>(dataDir: string, read: (store: Store) => Promise<T>): Promise<T> {
  const store = await openPgliteStore({ dataDir });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}
const contentsOf = (dataDir: string) => withDataDir(dataDir, storeContents);

/** The reference plant and a morning of the plant's work, made through the API. */
async function makeActivity(store: Store) {
  await loadPlantFile(store.db, REFERENCE_PLANT);
  let now = at('05:00');
  const app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    clock: () => new Date(now),
    // The morning spans hours of the test clock; sessions must outlive it.
    authPolicy: {
      maxFailedAttempts: 5,
      lockoutMs: 60_000,
      sessionTtlMs: 86_400_000,
      sessionIdleMs: 86_400_000,
    },
  });
  await app.ready();
  try {
    const call = async (session: Session, url: string, payload: unknown = {}) => {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: session.headers,
        payload: payload as Record<string, unknown>,
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json();
    };
    const keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
    const operator = await signInAs(app, store.db, 'olga', ['line_operator']);
    const planner = await signInAs(app, store.db, 'pablo', ['planner']);
    const lots: Record<string, string> = {};
    for (const [name, body] of Object.entries({
      CF: {
        material: 'CASE-762',
        supplier: 'SUP-CASES',
        supplierLot: 'VC-118',
        quantity: 10_000,
        location: 'ST-CASES',
      },
      PR: {
        material: 'PRIMER-762',
        supplier: 'SUP-PRIMERS',
        supplierLot: 'PCI-77A',
        quantity: 5_000,
        location: 'MAG-04',
      },
      CH: {
        material: 'PROP-BALL',
        supplier: 'SUP-POWDER',
        supplierLot: 'PSC-5521',
        quantity: 20,
        location: 'MAG-03',
      },
      BS: {
        material: 'BULLET-PS',
        supplier: 'SUP-BULLETS',
        supplierLot: 'PYC-9',
        quantity: 10_000,
        location: 'ST-BULLETS',
      },
    })) {
      lots[name] = (await call(keeper, '/api/genealogy/lots/receipts', body)).number;
      await decide(
        { db: store.db, clock: () => new Date(now) },
        lots[name] as string,
        'release',
        'quinn',
      );
    }
    const order = await call(planner, '/api/production/work-orders', {
      product: 'C762-BALL',
      line: 'L1',
      quantity: 4000,
    });
    await call(planner, `/api/production/work-orders/${order.id}/release`);
    now = at('06:00');
    await call(operator, `/api/production/work-orders/${order.id}/start`);
    for (const station of ['CF', 'PR', 'CH', 'BS']) {
      await call(operator, `/api/genealogy/work-orders/${order.id}/feeders/load`, {
        station,
        lot: lots[station],
      });
    }
    // Machine data as ingest stores it; one text value holds every character
    // COPY's text format escapes, and some it does not.
    const row = machineEventRows('backup-test');
    const events = [
      row(at('06:00'), 'PK', 'State', 'tab\there\nnew line \\ back\\slash \r é ✓ 🚀', true),
    ];
    for (let i = 1; events.length < MACHINE_EVENTS; i++) {
      events.push(row(new Date(at('06:00').getTime() + i * 200), 'PK', 'Counts/Good', i));
    }
    for (let i = 0; i < events.length; i += 2_000) {
      await store.db.insert(machineEvents).values(events.slice(i, i + 2_000));
    }
    now = at('08:01');
    await call(operator, `/api/production/work-orders/${order.id}/complete`);
    now = at('08:10');
    const [crate] = await call(operator, '/api/genealogy/handling-units', {
      kind: 'crate',
      location: 'QUAR-01',
      material: 'CRATE-1320',
    });
    const [pallet] = await call(operator, '/api/genealogy/handling-units', {
      kind: 'pallet',
      location: 'QUAR-01',
    });
    await call(operator, `/api/genealogy/handling-units/${pallet.serial}/pack`, {
      items: [{ unit: crate.serial }],
    });
    const admin = await createTestUser(store.db, 'ada', ['admin']);
    adminToken = (await createTestToken(store.db, admin.user.id)).token;
    const viewer = await createTestUser(store.db, 'vic', ['viewer']);
    viewerToken = (await createTestToken(store.db, viewer.user.id)).token;
  } finally {
    await app.close();
  }
}

/** A backup's uncompressed text, changed by `edit`, with its checksum made to match again. */
function tampered(file: string, edit: (lines: string[]) => void, fixChecksum = true): string {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  lines.pop(); // the empty string after the last newline
  edit(lines);
  const trailer = JSON.parse(lines.at(-1) as string);
  if (fixChecksum) {
    const body = `${lines.slice(0, -1).join('\n')}\n`;
    trailer.sha256 = createHash('sha256').update(body).digest('hex');
  }
  lines[lines.length - 1] = JSON.stringify(trailer);
  const out = path.join(work, `tampered-${Math.random().toString(36).slice(2)}.lotline`);
  writeFileSync(out, gzipSync(`${lines.join('\n')}\n`));
  return out;
}

beforeAll(async () => {
  work = freshDataDir();
  source = migratedDataDir();
  await withDataDir(source, makeActivity);
  sourceContents = await contentsOf(source);
  backupFile = path.join(work, 'plant.lotline');
  firstBackup = await lotline(['backup', backupFile], { LOTLINE_DATA_DIR: source });
}, SLOW * 5);

// These run on PGlite data directories whatever LOTLINE_TEST_DATABASE_URL
// says, so with a server database named only what needs the server runs
// below: the PGlite run (npm test) has covered them already.
describe.skipIf(process.env.LOTLINE_TEST_DATABASE_URL)(
  'lotline backup and restore on the embedded store',
  () => {
    it(
      'backs up a data directory and restores it into a fresh one: every row, sequence and the audit chain',
      async () => {
        expect(sourceContents.tables['telemetry.machine_events']).toHaveLength(MACHINE_EVENTS);
        expect(sourceContents.tables['audit.entries']?.length).toBeGreaterThan(10);
        const backup = firstBackup;
        expect(backup.stderr).toBe('');
        expect(backup.code).toBe(0);
        expect(backup.stdout).toMatch(
          new RegExp(
            `wrote .*plant\\.lotline: \\d+ tables, ${rowCount(sourceContents)} rows \\(from pglite\\)`,
          ),
        );

        const again = await lotline(['backup', backupFile], { LOTLINE_DATA_DIR: source });
        expect(again.code).toBe(1);
        expect(again.stderr).toMatch(/exists; choose another name/);

        const check = await lotline(['restore', backupFile, '--check']);
        expect(check.code).toBe(0);
        expect(check.stdout).toMatch(/is a whole backup/);

        const target = migratedDataDir();
        const restore = await lotline(['restore', backupFile], { LOTLINE_DATA_DIR: target });
        expect(restore.stderr).toBe('');
        expect(restore.code).toBe(0);
        expect(restore.stdout).toMatch(
          /restored .*: \d+ tables, \d+ rows, every table's rows checked/,
        );
        const restored = await contentsOf(target);
        expect(differences(sourceContents, restored)).toEqual([]);
        const verify = await lotline(['audit', 'verify'], { LOTLINE_DATA_DIR: target });
        expect(verify.code).toBe(0);
        expect(verify.stdout).toMatch(/the audit trail is intact/);

        // A restored store goes on where the original stopped: the next numbers follow.
        const sequences = sourceContents.sequences;
        expect(Object.values(sequences).some((v) => v !== null)).toBe(true);

        // A non-empty store is refused, and --replace replaces it in one go.
        const refused = await lotline(['restore', backupFile], { LOTLINE_DATA_DIR: target });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/the store is not empty .*add --replace/);
        const replaced = await lotline(['restore', backupFile, '--replace'], {
          LOTLINE_DATA_DIR: target,
        });
        expect(replaced.code).toBe(0);
        expect(differences(sourceContents, await contentsOf(target))).toEqual([]);

        // The comparison itself sees one missing row.
        await withDataDir(target, async (store) => {
          await store.db.execute(
            (await import('drizzle-orm'))
              .sql`delete from auth.sessions where ctid = (select min(ctid) from auth.sessions)`,
          );
          expect(differences(sourceContents, await storeContents(store))).toEqual([
            'auth.sessions',
          ]);
        });
      },
      SLOW * 3,
    );

    it(
      'refuses missing, corrupt, truncated, tampered and newer files with a message, leaving the target as it was',
      async () => {
        const target = migratedDataDir();
        const bytes = readFileSync(backupFile);
        const file = (name: string, content: Buffer | string) => {
          const p = path.join(work, name);
          writeFileSync(p, content);
          return p;
        };
        const cases: [string, string, RegExp][] = [
          ['not gzip', file('text.lotline', 'hello\n'), /cannot be read .*truncated or corrupt/],
          ['not a backup', file('other.lotline', gzipSync('hello\n')), /not a Lotline backup/],
          [
            'truncated',
            file('cut.lotline', bytes.subarray(0, Math.floor(bytes.length / 2))),
            /truncated/,
          ],
          [
            'a flipped byte',
            file(
              'flipped.lotline',
              Buffer.concat([
                bytes.subarray(0, 2000),
                Buffer.from([(bytes[2000] as number) ^ 0xff]),
                bytes.subarray(2001),
              ]),
            ),
            // Inside the compressed stream a flipped byte changes what the
            // reader sees from there on: whichever check meets it first
            // refuses — the stream's own, a table's checksum, or the header's
            // tables against the schema (a name read as `plant.shf9ts`).
            /truncated or corrupt|corrupt|checksum does not match|tables do not match the schema/,
          ],
          [
            'a changed row, checksum not fixed',
            tampered(
              backupFile,
              (lines) => {
                const i = lines.findIndex((l) => l.includes('Caracas'));
                lines[i] = (lines[i] as string).replace('Caracas', 'Karakas');
              },
              false,
            ),
            /checksum does not match/,
          ],
          [
            'a changed row, checksum fixed',
            tampered(backupFile, (lines) => {
              const i = lines.findIndex((l) => l.includes('Caracas'));
              lines[i] = (lines[i] as string).replace('Caracas', 'Karakas');
            }),
            /the backup is corrupt: plant\.\w+ holds/,
          ],
          [
            'a newer schema',
            tampered(backupFile, (lines) => {
              const header = JSON.parse(lines[1] as string);
              header.schema.migrations += 1;
              header.schema.lastMigrationAt += 1_000_000;
              lines[1] = JSON.stringify(header);
            }),
            /from a newer Lotline/,
          ],
        ];
        // The command's own steps, in this process: a process per file would
        // spend most of its time starting up.
        await withDataDir(target, async (store) => {
          for (const [what, path, message] of cases) {
            const refusal = await (async () => {
              await checkBackupHeader(createReadStream(path));
              await restoreBackup(store, createReadStream(path));
            })().then(
              () => undefined,
              (error: unknown) => error,
            );
            expect(isLotlineError(refusal), `${what}: ${String(refusal)}`).toBe(true);
            expect((refusal as Error).message, what).toMatch(message);
          }
        });
        // And as the operator meets it: a message and exit code 1, never a stack.
        const env = { LOTLINE_DATA_DIR: target };
        const commandCases: [string, string, RegExp][] = [
          ['missing', path.join(work, 'nothing-here.lotline'), /no such file/],
          [
            'a dropped row',
            tampered(backupFile, (lines) => {
              lines.splice(
                lines.findIndex((l) => l.includes('backup-test-7\t')),
                1,
              );
            }),
            /telemetry\.machine_events holds 24999 row/,
          ],
        ];
        for (const [what, path, message] of commandCases) {
          const run = await lotline(['restore', path], env);
          expect(run.code, what).toBe(1);
          expect(run.stderr, what).toMatch(message);
          expect(run.stderr, what).not.toMatch(/unexpected error|\n\s+at /);
        }
        const contents = await contentsOf(target);
        expect(rowCount(contents), 'the target is still empty').toBe(0);
      },
      SLOW * 3,
    );

    it(
      'leaves a full store as it was when a --replace fails half-way through loading',
      async () => {
        const target = migratedDataDir();
        const env = { LOTLINE_DATA_DIR: target };
        expect((await lotline(['restore', backupFile], env)).code).toBe(0);
        // A whole gzip stream that ends in the middle of the machine events:
        // the earlier tables are loaded when the end is found.
        const text = gunzipSync(readFileSync(backupFile)).toString('utf8');
        const cut = path.join(work, 'half.lotline');
        writeFileSync(cut, gzipSync(text.slice(0, text.indexOf('backup-test-20000\t'))));
        const run = await lotline(['restore', cut, '--replace'], env);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/truncated/);
        expect(differences(sourceContents, await contentsOf(target))).toEqual([]);
      },
      SLOW * 2,
    );

    it(
      'backs up a running server through its API, and says so when the data directory is held',
      async () => {
        const live = migratedDataDir();
        const env = { LOTLINE_DATA_DIR: live };
        expect((await lotline(['restore', backupFile], env)).code).toBe(0);
        const server = await startServer(env);
        try {
          const held = await lotline(['backup', path.join(work, 'held.lotline')], env);
          expect(held.code).toBe(1);
          expect(held.stderr).toMatch(/in use by another Lotline process/);
          expect(held.stderr).toMatch(/--server http:\/\/HOST:PORT --token/);

          const forbidden = await lotline([
            'backup',
            path.join(work, 'viewer.lotline'),
            '--server',
            server.url,
            '--token',
            viewerToken,
          ]);
          expect(forbidden.code).toBe(1);
          expect(forbidden.stderr).toMatch(/refused the backup \(403\).*store\.backup/);

          const hot = path.join(work, 'hot.lotline');
          const run = await lotline(['backup', hot, '--server', server.url], {
            LOTLINE_TOKEN: adminToken,
          });
          expect(run.stderr).toBe('');
          expect(run.code).toBe(0);
          expect(run.stdout).toMatch(/wrote .*hot\.lotline: \d+ tables, \d+ rows \(from pglite\)/);

          const target = migratedDataDir();
          expect((await lotline(['restore', hot], { LOTLINE_DATA_DIR: target })).code).toBe(0);
          const restored = await contentsOf(target);
          // The server's backup is the store plus the audit entry of the backup itself.
          const audit = restored.tables['audit.entries'] ?? [];
          expect(JSON.parse(audit.find((e) => e.includes('store.backup')) as string)).toMatchObject(
            {
              actor: 'ada',
              action: 'store.backup',
            },
          );
          expect((await lotline(['audit', 'verify'], { LOTLINE_DATA_DIR: target })).code).toBe(0);
          await server.kill('SIGTERM');
          // Nothing else changed: the live store, once stopped, equals the restored copy
          // but for the maintenance watcher's cursor, which moves on its own clock.
          const changed = differences(await contentsOf(live), restored);
          expect(changed.filter((t) => t !== 'maintenance.watch_cursor')).toEqual([]);
        } finally {
          await server.kill('SIGTERM');
        }
      },
      SLOW * 3,
    );
  },
);

describe.skipIf(!process.env.LOTLINE_TEST_DATABASE_URL)('between PGlite and PostgreSQL', () => {
  const databases: { drop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it(
    'restores the embedded backup into PostgreSQL, backs that up and restores it into PGlite: all equal',
    async () => {
      const database = await createServerDatabase();
      if (!database) throw new Error('no PostgreSQL database');
      databases.push(database);
      const env = { DATABASE_URL: database.url };
      const restore = await lotline(['restore', backupFile], env);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      const server = await openPostgresStore(database.url, 2);
      try {
        expect(differences(sourceContents, await storeContents(server))).toEqual([]);
      } finally {
        await server.close();
      }
      expect((await lotline(['audit', 'verify'], env)).code).toBe(0);
      const refused = await lotline(['restore', backupFile], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/not empty/);

      const fromServer = path.join(work, 'from-postgres.lotline');
      const backup = await lotline(['backup', fromServer], env);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/\(from postgres\)/);
      const target = migratedDataDir();
      expect((await lotline(['restore', fromServer], { LOTLINE_DATA_DIR: target })).code).toBe(0);
      expect(differences(sourceContents, await contentsOf(target))).toEqual([]);
    },
    SLOW * 3,
  );
});

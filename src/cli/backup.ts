// `lotline backup FILE` and `lotline restore FILE`: a logical backup of the
// whole store, the same file for PGlite and PostgreSQL. Neither migrates the
// store on its own: a backup must not change what it copies, and a restore
// builds the schema the backup's rows fit.
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import type { Progress } from '../core/db/backup.js';
import type { Store } from '../core/db/store.js';
import {
  causedBy,
  conflict,
  errorMessage,
  invalid,
  isLotlineError,
  LotlineError,
  unavailable,
} from '../core/errors.js';

export const BACKUP_PATH = '/api/admin/backup';

export function registerBackupCommands(program: Command) {
  program
    .command('backup')
    .argument('<file>', 'where to write the backup (refused if it exists)')
    .option('--server <url>', 'back up a running Lotline server through its API (hot backup)')
    .option('--token <token>', 'an API token of an administrator (or LOTLINE_TOKEN) for --server')
    .description('write a backup of the whole store (PGlite or PostgreSQL) to a file')
    .action(async (file: string, options: { server?: string; token?: string }) => {
      if (existsSync(file)) {
        throw conflict('file_exists', '{{file}} exists; choose another name or remove it', {
          file,
        });
      }
      // Written beside, renamed at the end: a file named FILE is always a whole backup.
      const partial = `${file}.partial`;
      try {
        if (options.server) {
          await downloadBackup(options.server, options.token ?? process.env.LOTLINE_TOKEN, partial);
          const { verifyBackup } = await import('../core/db/backup.js');
          const { header, trailer } = await verifyBackup(createReadStream(partial));
          renameSync(partial, file);
          report(file, header.store, Object.values(trailer.tables));
          return;
        }
        const { writeBackup } = await import('../core/db/backup.js');
        await withUnmigratedStore('backup', async (store) => {
          const { header, trailer } = await withBar('backing up', (progress) =>
            writeBackup(store, createWriteStream(partial), { progress }),
          );
          renameSync(partial, file);
          report(file, header.store, Object.values(trailer.tables));
        });
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
    });

  program
    .command('restore')
    .argument('<file>', 'a backup written by `lotline backup`')
    .option('--replace', 'replace everything in a store that is not empty (one transaction)')
    .option('--check', 'only read the file and check its digests; touch no store')
    .description('restore a backup into an empty store (PGlite or PostgreSQL)')
    .action(async (file: string, options: { replace?: boolean; check?: boolean }) => {
      const size = await stat(file).catch(() => undefined);
      if (!size?.isFile()) throw invalid('file_not_found', '{{file}}: no such file', { file });
      const { checkBackupHeader, restoreBackup, verifyBackup } = await import(
        '../core/db/backup.js'
      );
      if (options.check) {
        const { header, trailer } = await verifyBackup(createReadStream(file));
        const rows = Object.values(trailer.tables).reduce((n, t) => n + t.rows, 0);
        process.stdout.write(
          `${file} is a whole backup: ${header.tables.length} tables, ${rows} rows, ` +
            `taken ${header.createdAt} from ${header.store} by Lotline ${header.lotline}\n`,
        );
        return;
      }
      // A file that is no backup, or one from a newer Lotline, is refused before the store is opened.
      await checkBackupHeader(createReadStream(file));
      await withUnmigratedStore('restore', async (store) => {
        const result = await withBar('restoring', (progress) =>
          restoreBackup(store, createReadStream(file), {
            ...(options.replace ? { replace: true } : {}),
            progress,
          }),
        );
        process.stdout.write(
          `restored ${file}: ${result.header.tables.length} tables, ${result.rows} rows, ` +
            `every table's rows checked against the backup's digests` +
            (result.migratedForward > 0
              ? `; then applied ${result.migratedForward} newer migration(s)`
              : '') +
            '\n',
        );
      });
    });
}

function report(file: string, store: string, tables: { rows: number }[]) {
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  process.stdout.write(`wrote ${file}: ${tables.length} tables, ${rows} rows (from ${store})\n`);
}

async function withUnmigratedStore(
  command: 'backup' | 'restore',
  work: (store: Store) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const { openStore } = await import('../core/db/store.js');
  let store: Store;
  try {
    store = await openStore(config.store);
  } catch (error) {
    if (isLotlineError(error) && error.kind === 'conflict' && config.store.kind === 'pglite') {
      throw new LotlineError(
        'conflict',
        causedBy('data_dir_in_use_by_server', '', {
          code: error.code,
          params: error.params,
          message:
            command === 'backup'
              ? `${error.message}.\nA running server holds its data directory; back it up through the server: ` +
                "lotline backup FILE --server http://HOST:PORT --token <an administrator's API token>"
              : `${error.message}.\nStop the server before restoring into its data directory.`,
        }),
      );
    }
    throw error;
  }
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

/** A progress bar on stderr when it is a terminal. */
async function withBar<T>(label: string, work: (progress: Progress) => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work(() => {});
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} rows · {table}`,
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  try {
    return await work((done, total, table) => {
      if (!started) {
        bar.start(total, 0, { table });
        started = true;
      }
      bar.update(done, { table });
    });
  } finally {
    if (started) bar.stop();
  }
}

/** GET the server's backup into `file`; a refusal is reported with the server's own words. */
async function downloadBackup(server: string, token: string | undefined, file: string) {
  if (!token) {
    throw invalid(
      'cli_server_needs_token',
      '--server needs --token <API token> (or LOTLINE_TOKEN)',
    );
  }
  let url: URL;
  try {
    url = new URL(BACKUP_PATH, server);
  } catch {
    throw invalid(
      'cli_server_not_url',
      '--server: "{{server}}" is not a URL (e.g. http://127.0.0.1:8080)',
      { server },
    );
  }
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw unavailable('server_unreachable', 'cannot reach {{server}}: {{reason}}', {
      server: url.origin,
      reason: String((error as Error).cause ?? (error as Error).message),
    });
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    let detail = text;
    try {
      detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
    } catch {}
    throw new LotlineError(
      response.status === 401 ? 'unauthorized' : response.status === 403 ? 'forbidden' : 'conflict',
      errorMessage(
        'backup_refused_by_server',
        'the server refused the backup ({{status}}): {{detail}}',
        {
          status: response.status,
          detail,
        },
      ),
    );
  }
  await pipeline(
    Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    createWriteStream(file),
  );
}

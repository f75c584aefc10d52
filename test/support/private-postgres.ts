// A PostgreSQL 15 server of a test's own, for fault tests that stop, restart
// or starve it: initdb into a temporary directory, pg_ctl on a free port with
// trust authentication, torn down afterwards. The shared server the other
// suites use is never touched. PostgreSQL refuses to run as root, so the
// cluster belongs to the `postgres` OS user (the tests run as root).
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const BIN = process.env.LOTLINE_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const OS_USER = 'postgres';

export interface PrivatePostgres {
  readonly port: number;
  /** The cluster's data directory (owned by the postgres OS user). */
  readonly dataDir: string;
  /** A connection URL for `database` (default `postgres`). */
  url(database?: string): string;
  /** Runs one statement as the superuser on `database` (default `postgres`). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
    database?: string,
  ): Promise<T[]>;
  /** pg_ctl restart: `fast` rolls back sessions and checkpoints; `immediate` is a crash and a recovery. */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

/** Runs a PostgreSQL program as the postgres OS user. */
function asPostgres(program: string, args: string[]) {
  return run('runuser', ['-u', OS_USER, '--', path.join(BIN, program), ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Hands a directory (made by root) to the postgres OS user. */
export function giveToPostgres(dir: string): void {
  const { stdout } = spawnSync('id', ['-u', OS_USER], { encoding: 'utf8' });
  const { stdout: gid } = spawnSync('id', ['-g', OS_USER], { encoding: 'utf8' });
  chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  chmodSync(dir, 0o700);
}

const running = new Set<string>();
// A test run that dies must not leave servers behind.
process.once('exit', () => {
  for (const dataDir of running) {
    spawnSync('runuser', [
      '-u',
      OS_USER,
      '--',
      path.join(BIN, 'pg_ctl'),
      '-D',
      dataDir,
      '-m',
      'immediate',
      'stop',
    ]);
  }
});

export async function startPrivatePostgres(
  options: { settings?: Record<string, string> } = {},
): Promise<PrivatePostgres> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lotline-pg-'));
  chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  for (const dir of [dataDir, socketDir]) {
    mkdirSync(dir, { recursive: true });
    giveToPostgres(dir);
  }
  const logFile = path.join(socketDir, 'server.log');
  await asPostgres('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  const settings: Record<string, string> = {
    port: String(port),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    // A test server: durability against power loss is not what is tested
    // (fsync off). Against a server crash it is: synchronous_commit stays on,
    // since off, a commit is reported before its WAL is written and
    // `pg_ctl -m immediate` loses it after Lotline acknowledged it.
    fsync: 'off',
    full_page_writes: 'off',
    max_connections: '50',
    ...options.settings,
  };
  const serverOptions = Object.entries(settings)
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ');

  const start = async () => {
    await asPostgres('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', 'start']);
    running.add(dataDir);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await asPostgres('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
    running.delete(dataDir);
  };
  await start();

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    dataDir,
    url,
    async query<T extends pg.QueryResultRow>(text: string, values?: unknown[], database?: string) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query<T>(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    restart: async (mode) => {
      await asPostgres('pg_ctl', [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        serverOptions,
        '-m',
        mode,
        '-w',
        'restart',
      ]);
    },
    stop,
    start,
    destroy: async () => {
      if (running.has(dataDir)) await stop('immediate').catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}

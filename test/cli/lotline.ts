// Running the lotline command as a user runs it: a real process, its exit
// code, what it prints and, when asked, what it reads on standard input.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = 'test/fixtures/plants';
/** Creating a PGlite database takes a few seconds, hence the long timeouts. */
export const SLOW = 120_000;

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// Removed when the test worker exits: a worker runs several files one after
// another in one module cache (the integration project does not isolate them),
// so a hook registered here once would belong to the first file only.
const dataDirs: string[] = [];
process.once('exit', () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** An empty data directory, removed when the test worker exits. */
export function freshDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-cli-'));
  dataDirs.push(dir);
  return dir;
}

/**
 * A data directory as `lotline migrate` leaves it (a copy of the run's
 * template), for tests about what happens after: creating the database is
 * several seconds per process that such tests need not pay.
 */
export function migratedDataDir(): string {
  const dir = freshDataDir();
  cpSync(inject('dataDirTemplate'), dir, { recursive: true });
  return dir;
}

/** The environment of the test run without Lotline's own variables, plus `extra`. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('LOTLINE_') || key.startsWith('DATABASE_')) continue;
    env[key] = value;
  }
  return { ...env, LOTLINE_LOG_LEVEL: 'warn', ...extra };
}

/** The newest modification time of the built TypeScript files under `dir` (tests are not built). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

let commandLine: string[] | undefined;

/**
 * How the lotline command is started: from its sources through tsx, or, when
 * LOTLINE_TEST_CLI=dist (CI, after its build step), as `npm start` runs it,
 * from the build, which starts in about half the CPU time. A build older
 * than the sources would test code that is no longer there, so it is refused.
 */
function lotlineCommand(): string[] {
  if (commandLine) return commandLine;
  const choice = process.env.LOTLINE_TEST_CLI ?? 'source';
  if (choice === 'source') {
    commandLine = ['--import', 'tsx', 'src/cli/main.ts'];
  } else if (choice === 'dist') {
    const built = path.join(ROOT, 'dist/cli/main.js');
    if (!existsSync(built)) {
      throw new Error('LOTLINE_TEST_CLI=dist, but there is no build: run `npm run build:server`');
    }
    if (statSync(built).mtimeMs < newestSource(path.join(ROOT, 'src'))) {
      throw new Error(
        'LOTLINE_TEST_CLI=dist, but the build is older than the sources: run `npm run build:server`',
      );
    }
    commandLine = ['dist/cli/main.js'];
  } else {
    throw new Error(`LOTLINE_TEST_CLI must be "source" or "dist", not "${choice}"`);
  }
  return commandLine;
}

export function spawnLotline(
  args: string[],
  env: Record<string, string>,
  input?: string,
): ChildProcess {
  const child = spawn(process.execPath, [...lotlineCommand(), ...args], {
    cwd: ROOT,
    env: environment(env),
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  // Piped, as a script would (`echo "$PW" | lotline …`): not a terminal.
  if (input !== undefined) child.stdin?.end(input);
  return child;
}

export function finished(child: ChildProcess, timeoutMs = SLOW - 10_000): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    // A hung process must fail the test, not hang the run.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lotline did not exit in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `lotline <args>` to the end, with `input` on standard input if given. */
export function lotline(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<Finished> {
  return finished(spawnLotline(args, env, input));
}

/** Resolves with the first match of `pattern` in what `child` prints, or rejects if it exits first. */
export function waitForOutput(
  child: ChildProcess,
  exit: Promise<Finished>,
  pattern: RegExp,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: string) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) resolve(match);
    });
    exit.then(
      (run) => reject(new Error(`lotline exited early:\n${run.stdout}\n${run.stderr}`)),
      reject,
    );
  });
}

// The lotline command as a user runs it: a real process, its exit code and what
// it prints. Each test gets its own data directory, so these run on PGlite
// whatever LOTLINE_TEST_DATABASE_URL says (creating a PGlite database takes a
// few seconds, hence the long timeouts).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = 'test/fixtures/plants';
const SLOW = 120_000;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-cli-'));
  dataDirs.push(dir);
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

function spawnLotline(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: environment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess, timeoutMs = SLOW - 10_000): Promise<Finished> {
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

/** Runs `lotline <args>` to the end. */
function lotline(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return finished(spawnLotline(args, env));
}

describe('lotline plant validate', () => {
  it('accepts the reference plant', async () => {
    const run = await lotline(['plant', 'validate', 'plants/reference.yaml']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'plants/reference.yaml is valid: site PLT-01, 4 lines, 28 stations, 13 materials, 14 locations\n',
    );
    expect(run.code).toBe(0);
  });

  it('lists every problem of a bad file with its path and line, and exits 1', async () => {
    const file = `${FIXTURES}/many-problems.yaml`;
    const run = await lotline(['plant', 'validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      `${file} has 5 problem(s):`,
      '  site.timezone: is required (a string) (line 7, column 3)',
      '  areas[1].kind: expected one of "production", "firing_range", "storage", "receiving", "shipping" (line 17, column 11)',
      '  calendars[0].shifts[0].breakMinuts: unknown field (line 28, column 22)',
      '  maintenance[0].to: expected a date as YYYY-MM-DD (line 37, column 9)',
      '  lines[0].stations[1].ratePerMinute: expected a positive number (line 89, column 24)',
      '',
    ]);
  });

  it('lists broken rules across the plant the same way', async () => {
    const file = `${FIXTURES}/cross-reference-problems.yaml`;
    const run = await lotline(['plant', 'validate', file]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`${file} has 6 problem(s):`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^ {2}materials\[0\]\.hazard\.compatibilityGroup: 1\.4N .* \(line \d+, column \d+\)$/,
      ),
      expect.stringMatching(
        /^ {2}lines\[0\]\.area: unknown area "PRODUCTION" \(line \d+, column \d+\)$/,
      ),
      expect.stringMatching(
        /^ {2}lines\[0\]\.products\[0\]\.ratePerMinute: 110\/min exceeds .*\(line \d+/,
      ),
      expect.stringMatching(
        /^ {2}specifications\[0\]\.customer: unknown customer "NAVY" \(line \d+/,
      ),
      expect.stringMatching(/^ {2}locations\[0\]\.netExplosiveLimitKg: .* \(line \d+/),
      expect.stringMatching(
        /^ {2}locations\[1\]\.parent: a location cannot contain itself \(line \d+/,
      ),
    ]);
  });

  it('reports a YAML syntax error with its line', async () => {
    const file = `${FIXTURES}/yaml-syntax-error.yaml.txt`;
    const run = await lotline(['plant', 'validate', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^${file} has 1 problem\\(s\\):\\n {2}\\(file\\): YAML syntax: .* \\(line 11, column 1\\)\\n$`,
      ),
    );
  });

  it('says so when the file cannot be read', async () => {
    const run = await lotline(['plant', 'validate', 'plants/no-such-plant.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^lotline: cannot read the plant file plants\/no-such-plant\.yaml: ENOENT/,
    );
    expect(run.stderr).not.toContain('    at ');
  });
});

describe('lotline plant load and show', () => {
  it(
    'loads a plant into a fresh data directory once, then finds it unchanged',
    async () => {
      const env = { LOTLINE_DATA_DIR: freshDataDir() };

      const empty = await lotline(['plant', 'show', '--year', '2027'], env);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toBe('lotline: no plant is loaded yet: load a plant file first\n');

      const first = await lotline(
        ['plant', 'load', 'plants/reference.yaml', '--note', 'first'],
        env,
      );
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^loaded as revision 1: 65 change\(s\)\n/);
      expect(first.stdout).toContain('  added    line L4\n');

      const again = await lotline(['plant', 'load', 'plants/reference.yaml'], env);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('unchanged: the store already holds this plant (revision 1)\n');

      const show = await lotline(['plant', 'show', '--year', '2027'], env);
      expect(show.code).toBe(0);
      expect(show.stdout).toContain('Rated capacity 2027\n');
      expect(show.stdout).toMatch(/^L1 +240 +216,000 +84\.0 +18,144,000$/m);
      expect(show.stdout).toMatch(/^L3 +240 +216,000 +78\.8 +17,020,800$/m);
      expect(show.stdout).toMatch(/^plant +70,329,600 {2}\(70\.33 M\)$/m);

      const history = await lotline(['plant', 'history'], env);
      expect(history.code).toBe(0);
      expect(history.stdout).toMatch(
        /^#1 .* file:plants\/reference\.yaml +65 change\(s\) {2}— first\n$/,
      );
    },
    SLOW,
  );

  it('refuses a year that is not one, before touching the store', async () => {
    const dataDir = freshDataDir();
    const run = await lotline(['plant', 'show', '--year', 'abc'], { LOTLINE_DATA_DIR: dataDir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "error: option '--year <year>' argument 'abc' is invalid. expected a year between 2000 and 2100",
    );
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  });

  it(
    'refuses to load an invalid plant file, listing its problems',
    async () => {
      const dataDir = freshDataDir();
      const run = await lotline(['plant', 'load', `${FIXTURES}/many-problems.yaml`], {
        LOTLINE_DATA_DIR: dataDir,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^lotline: the plant file .*many-problems\.yaml is not valid:\n/);
      expect(run.stderr).toContain('  site.timezone: is required (a string) (line 7, column 3)\n');
      // The directory is unlocked again after the failure.
      expect(existsSync(path.join(dataDir, 'lotline.lock'))).toBe(false);
    },
    SLOW,
  );
});

describe('lotline start', () => {
  it('refuses a bad LOTLINE_PORT with a message naming it', async () => {
    const run = await lotline(['start'], { LOTLINE_DATA_DIR: freshDataDir(), LOTLINE_PORT: 'abc' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('lotline: bad configuration:\n  LOTLINE_PORT: expected a number\n');
  });

  it(
    'serves, holds the data directory against a second process, and stops cleanly on SIGTERM',
    async () => {
      const dataDir = freshDataDir();
      const lockFile = path.join(dataDir, 'lotline.lock');
      const server = spawnLotline(['start'], { LOTLINE_DATA_DIR: dataDir, LOTLINE_PORT: '0' });
      const exit = finished(server);
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let seen = '';
          server.stdout?.on('data', (chunk: string) => {
            seen += chunk;
            const match =
              /is running at (http:\/\/127\.0\.0\.1:\d+) \(store: PGlite in (.*)\)\n/.exec(seen);
            if (match?.[1]) {
              expect(match[2]).toBe(dataDir);
              resolve(match[1]);
            }
          });
          exit.then(
            (run) => reject(new Error(`lotline start exited early:\n${run.stdout}\n${run.stderr}`)),
            reject,
          );
        });

        expect(readFileSync(lockFile, 'utf8')).toBe(String(server.pid));

        const second = await lotline(['plant', 'show'], { LOTLINE_DATA_DIR: dataDir });
        expect(second.code).toBe(1);
        expect(second.stderr).toBe(
          `lotline: the data directory is in use by another Lotline process (pid ${server.pid}); ` +
            'stop it, or set LOTLINE_DATA_DIR to another directory\n',
        );

        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: 'ok' });
        // The empty store got the initial plant file on first start.
        const capacity = await fetch(`${url}/api/plant/capacity?year=2027`);
        expect(((await capacity.json()) as { ratedPerYear: number }).ratedPerYear).toBe(70_329_600);
      } finally {
        server.kill('SIGTERM');
      }
      const run = await exit;
      expect(run.signal).toBeNull();
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('SIGTERM: finishing in-flight requests, then stopping\n');
      expect(run.stderr).toBe('');
      expect(existsSync(lockFile)).toBe(false);

      // The directory is free for the next process, and the plant is still there.
      const after = await lotline(['plant', 'history'], { LOTLINE_DATA_DIR: dataDir });
      expect(after.code).toBe(0);
      expect(after.stdout).toMatch(/^#1 /);
    },
    SLOW,
  );
});

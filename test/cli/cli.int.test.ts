// The lotline command as a user runs it: a real process, its exit code and what
// it prints. Each test gets its own data directory, so these run on PGlite
// whatever LOTLINE_TEST_DATABASE_URL says.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURES,
  finished,
  freshDataDir,
  lotline,
  SLOW,
  spawnLotline,
  waitForOutput,
} from './lotline.js';

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
      expect(first.stdout).toMatch(/^loaded as revision 1: 134 change\(s\)\n/);
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
        /^#1 .* file:plants\/reference\.yaml +134 change\(s\) {2}— first\n$/,
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
      expect(run.stderr).toMatch(
        /^lotline: test\/fixtures\/plants\/many-problems\.yaml is not valid:\n/,
      );
      expect(run.stderr).toContain('  site.timezone: is required (a string) (line 7, column 3)\n');
      // The file is checked before the store is touched (no signature is asked for).
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
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
      // Logging at info, so the log lines (JSON on stdout) can be searched for secrets.
      const env = { LOTLINE_DATA_DIR: dataDir, LOTLINE_PORT: '0', LOTLINE_LOG_LEVEL: 'info' };
      const server = spawnLotline(['start'], env);
      const exit = finished(server);
      let password = '';
      const chosen = 'Chosen-at-first-sign-in-1';
      const secrets: string[] = [chosen];
      try {
        const started = await waitForOutput(
          server,
          exit,
          /is running at (http:\/\/127\.0\.0\.1:\d+) \(store: PGlite in (.*)\)\n[\s\S]*created the administrator "admin" with the password\n\n {4}(\S+)\n/,
        );
        const url = started[1]!;
        expect(started[2]).toBe(dataDir);
        password = started[3]!;
        secrets.push(password);
        expect(password).toMatch(/^[A-Za-z2-9]{20}$/);

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
        // The API is closed to a caller who has not signed in.
        expect((await fetch(`${url}/api/plant/capacity?year=2027`)).status).toBe(401);

        // The printed password signs in, but must be replaced before anything else.
        const first = await signIn(url, 'admin', password);
        secrets.push(first.cookie, first.csrfToken);
        expect(first.body.user.mustChangePassword).toBe(true);
        const early = await fetch(`${url}/api/plant/capacity?year=2027`, {
          headers: { cookie: first.cookie },
        });
        expect(early.status).toBe(403);
        expect(((await early.json()) as { code: string }).code).toBe('password_change_required');
        const change = await fetch(`${url}/api/auth/password`, {
          method: 'POST',
          headers: {
            cookie: first.cookie,
            'x-csrf-token': first.csrfToken,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ currentPassword: password, newPassword: chosen }),
        });
        expect(change.status).toBe(204);

        // The empty store got the initial plant file on first start.
        const session = await signIn(url, 'admin', chosen);
        secrets.push(session.cookie, session.csrfToken);
        const capacity = await fetch(`${url}/api/plant/capacity?year=2027`, {
          headers: { cookie: session.cookie },
        });
        expect(capacity.status).toBe(200);
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

      // The password is shown once, to the person at the console, never in a log line.
      expect(run.stdout.split(password)).toHaveLength(2);
      const logLines = run.stdout.split('\n').filter((line) => line.startsWith('{'));
      expect(logLines.length).toBeGreaterThan(5);
      for (const line of logLines) {
        expect(() => JSON.parse(line)).not.toThrow();
        for (const secret of secrets) expect(line).not.toContain(secret);
      }
      expect(logLines.join('\n')).toContain('/api/auth/sign-in');

      // A second start finds the administrator and prints no password.
      const again = spawnLotline(['start'], { ...env, LOTLINE_LOG_LEVEL: 'warn' });
      const againExit = finished(again);
      try {
        await waitForOutput(again, againExit, /is running at /);
      } finally {
        again.kill('SIGTERM');
      }
      const secondRun = await againExit;
      expect(secondRun.code).toBe(0);
      expect(secondRun.stdout).not.toContain('password');
      expect(secondRun.stdout).not.toContain(password);

      // The directory is free for the next process, and the plant is still there.
      const after = await lotline(['plant', 'history'], { LOTLINE_DATA_DIR: dataDir });
      expect(after.code).toBe(0);
      expect(after.stdout).toMatch(/^#1 /);

      // Now that people exist, a plant change from the command line is signed.
      await signedPlantLoads(dataDir, chosen);
    },
    SLOW,
  );
});

/** POST /api/auth/sign-in over real HTTP: the cookie to send back and the CSRF token. */
async function signIn(url: string, username: string, password: string) {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^lotline_session=[^;]+; .*HttpOnly; SameSite=Strict$/);
  const body = (await response.json()) as {
    user: { mustChangePassword: boolean };
    csrfToken: string;
  };
  return { cookie: setCookie.split(';')[0]!, csrfToken: body.csrfToken, body };
}

async function signedPlantLoads(dataDir: string, adminPassword: string) {
  const env = { LOTLINE_DATA_DIR: dataDir };
  const file = path.join(dataDir, 'changed-plant.yaml');
  writeFileSync(
    file,
    readFileSync('plants/reference.yaml', 'utf8').replace(
      'name: Planta de Cartuchos — referencia Lotline',
      'name: Planta de Cartuchos — firmada',
    ),
  );
  const unsigned = await lotline(['plant', 'load', file], env);
  expect(unsigned.code).toBe(1);
  expect(unsigned.stderr).toBe(
    'lotline: a plant change must be signed: give --signer <user> (the password is asked for)\n',
  );

  const wrong = await lotline(
    ['plant', 'load', file, '--signer', 'admin'],
    env,
    'Not-it-at-all-1\n',
  );
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toBe('lotline: the user name or the password is wrong\n');

  const signed = await lotline(
    ['plant', 'load', file, '--signer', 'admin', '--note', 'renamed'],
    env,
    `${adminPassword}\n`,
  );
  expect(signed.stderr).toBe('');
  expect(signed.code).toBe(0);
  expect(signed.stdout).toBe('loaded as revision 2: 1 change(s)\n  updated  site PLT-01\n');
  expect(signed.stdout).not.toContain(adminPassword);

  const history = await lotline(['plant', 'history'], env);
  expect(history.stdout).toMatch(
    /^#2 .* file:.*changed-plant\.yaml +1 change\(s\) {2}— renamed\n#1 /,
  );
}

describe('lotline trace', () => {
  it(
    'says plainly when the lot does not exist, and exits non-zero',
    async () => {
      const run = await lotline(['trace', 'LTL27C001-999'], { LOTLINE_DATA_DIR: freshDataDir() });
      expect(run.stderr).toBe('lotline: lot LTL27C001-999 does not exist\n');
      expect(run.code).not.toBe(0);
    },
    SLOW,
  );

  it('refuses a forward trace of a container', async () => {
    const run = await lotline(['trace', '--container', '--forward', '075900010000000017']);
    expect(run.stderr).toMatch(/a container is traced backward/);
    expect(run.code).not.toBe(0);
  });
});

describe('lotline storage check', () => {
  it('prints the quantity-distance report of the reference plant and exits 0 without a violation', async () => {
    const run = await lotline(['storage', 'check', 'plants/reference.yaml']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Quantity-distance check, /);
    expect(run.stdout).toMatch(/0 distance\(s\) checked, 0 violation\(s\), 12 not checked/);
    expect(run.code).toBe(0);
  });
});

describe('lotline schedule solve', () => {
  it('solves a benchmark instance to its proven optimum and writes the solution format', async () => {
    const run = await lotline([
      'schedule',
      'solve',
      'src/modules/planning/data/I_6_2_S_1-9_1.txt',
      '--iterations',
      '2000',
      '--seed',
      '1',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^makespan 74 /);
    const [machines, ...lines] = run.stdout.trim().split('\n');
    expect(machines).toBe('2');
    // Each machine's line: the count, then its jobs; all six jobs once.
    const jobs = lines.flatMap((l) => l.split(' ').slice(1).map(Number));
    expect([...jobs].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('names the line of a malformed instance and exits non-zero', async () => {
    const run = await lotline(['schedule', 'solve', 'plants/reference.yaml']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^lotline: plants\/reference\.yaml line 1: /);
  });
});

describe('lotline twin run', () => {
  it(
    'runs the rated scenario of a plant file: the rated capacity, as JSON',
    async () => {
      const run = await lotline([
        'twin',
        'run',
        '--scenario',
        'rated',
        '--replications',
        '2',
        '--plant',
        'plants/reference.yaml',
        '--year',
        '2027',
        '--json',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.replications).toBe(2);
      expect(Math.abs(report.total.mean - 70_329_600) / 70_329_600).toBeLessThan(0.0002);
      expect(report.lines.map((l: { line: string }) => l.line)).toEqual(['L1', 'L2', 'L3', 'L4']);
    },
    SLOW,
  );

  it(
    'prints a summary table with the interval, OEE and bottleneck',
    async () => {
      const run = await lotline([
        'twin',
        'run',
        '--scenario',
        'baseline',
        '--replications',
        '2',
        '--plant',
        'plants/reference.yaml',
        '--year',
        '2027',
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Scenario baseline: /);
      expect(run.stdout).toMatch(/\ntotal +[\d,]+ +[\d,]+ – [\d,]+/);
      expect(run.stdout).toMatch(
        /\nline +output a year +OEE +availability +performance +quality +bottleneck/,
      );
    },
    SLOW,
  );

  it(
    'calibrates from the store and runs the baseline with it; without machine data it says so',
    async () => {
      const env = { LOTLINE_DATA_DIR: freshDataDir() };
      expect((await lotline(['plant', 'load', 'plants/reference.yaml'], env)).code).toBe(0);
      const calibrated = await lotline(['twin', 'calibrate', '--days', '2', '--line', 'L1'], env);
      expect(calibrated.code, calibrated.stderr).toBe(0);
      const rows = calibrated.stdout.trim().split('\n');
      expect(rows[0]).toMatch(/^line\/station +cycle +cycle CV +stops +between stops/);
      expect(rows.slice(1).map((r) => r.split(/\s+/)[0])).toEqual([
        'L1/CF',
        'L1/PR',
        'L1/CH',
        'L1/BS',
        'L1/CS',
        'L1/GA',
        'L1/PK',
      ]);
      expect(rows[1]).toContain('not enough data');
      const run = await lotline(
        [
          'twin',
          'run',
          '--scenario',
          'baseline',
          '--replications',
          '1',
          '--year',
          '2027',
          '--calibration-days',
          '2',
          '--json',
        ],
        env,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).assumptions).toBe(
        'calibrated from machine data (0 of 28 stations; the rest: uncalibrated defaults)',
      );
    },
    SLOW,
  );

  it(
    'refuses an unknown scenario and a bad option with a message and exit code 1',
    async () => {
      const unknown = await lotline([
        'twin',
        'run',
        '--scenario',
        'weekend',
        '--plant',
        'plants/reference.yaml',
      ]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/^lotline: --scenario: unknown scenario "weekend"/);
      const line = await lotline([
        'twin',
        'run',
        '--scenario',
        'line-out',
        '--line',
        'L9',
        '--plant',
        'plants/reference.yaml',
      ]);
      expect(line.code).toBe(1);
      expect(line.stderr).toMatch(/^lotline: line: unknown line "L9"/);
    },
    SLOW,
  );
});

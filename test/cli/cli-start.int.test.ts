// The lotline command as a user runs it: the server (start, the data-directory
// lock, the first administrator) and signed plant changes. Each test gets its
// own data directory, so these run on PGlite whatever LOTLINE_TEST_DATABASE_URL says.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, freshDataDir, lotline, SLOW, spawnLotline, waitForOutput } from './lotline.js';

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

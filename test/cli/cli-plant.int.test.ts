// The lotline command as a user runs it: plant files (validate, load, show).
// Each test that needs a store gets its own data directory, so these run on
// PGlite whatever LOTLINE_TEST_DATABASE_URL says.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, freshDataDir, lotline, migratedDataDir, SLOW } from './lotline.js';

describe('lotline plant validate', () => {
  it('accepts the reference plant', async () => {
    const run = await lotline(['plant', 'validate', 'plants/reference.yaml']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'plants/reference.yaml is valid: site PLT-01, 4 lines, 28 stations, 17 materials, 15 locations\n',
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
    'loads a plant into a new store once, then finds it unchanged',
    async () => {
      const env = { LOTLINE_DATA_DIR: migratedDataDir() };

      const empty = await lotline(['plant', 'show', '--year', '2027'], env);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toBe('lotline: no plant is loaded yet: load a plant file first\n');

      const first = await lotline(
        ['plant', 'load', 'plants/reference.yaml', '--note', 'first'],
        env,
      );
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^loaded as revision 1: 140 change\(s\)\n/);
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
        /^#1 .* file:plants\/reference\.yaml +140 change\(s\) {2}— first\n$/,
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

// The lotline command as a user runs it: trace, the quantity-distance check
// and the benchmark solver.
import { describe, expect, it } from 'vitest';
import { lotline, migratedDataDir, SLOW } from './lotline.js';

describe('lotline trace', () => {
  it(
    'says plainly when the lot does not exist, and exits non-zero',
    async () => {
      const run = await lotline(['trace', 'LTL27C001-999'], {
        LOTLINE_DATA_DIR: migratedDataDir(),
      });
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

// The lotline command as a user runs it: the digital twin (`lotline twin run`),
// from a plant file or from the store's plant and machine data.
import { describe, expect, it } from 'vitest';
import { lotline, migratedDataDir, SLOW } from './lotline.js';

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
      const env = { LOTLINE_DATA_DIR: migratedDataDir() };
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

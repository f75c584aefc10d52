import { describe, expect, it } from 'vitest';
import { rangeStatistic, rangeTestVerdict, readRangeCsv } from './range-tests.js';

const velocities = (list: number[]) => list.map((value) => ({ value }));

describe('range statistics', () => {
  it('computes mean, sample sd, min, max and spread of measured values', () => {
    // 700, 710, 720, 730: mean 715; squared deviations 225 + 25 + 25 + 225 = 500;
    // sd = √(500 / 3) = 12.909944.
    const rounds = velocities([700, 710, 720, 730]);
    expect(rangeStatistic('mean', rounds)).toBe(715);
    expect(rangeStatistic('sd', rounds)).toBe(12.909944);
    expect(rangeStatistic('min', rounds)).toBe(700);
    expect(rangeStatistic('max', rounds)).toBe(730);
    expect(rangeStatistic('extreme_spread', rounds)).toBe(30);
  });

  it('measures dispersion from impacts: mean radius about the mean point of impact, and group size', () => {
    // A square of side 6 cm centred on (1, 1): every impact is √(3² + 3²) = 4.242641 from the centre;
    // the widest pair is the diagonal, 6√2 = 8.485281.
    const square = [
      { x: -2, y: -2 },
      { x: 4, y: -2 },
      { x: 4, y: 4 },
      { x: -2, y: 4 },
    ];
    expect(rangeStatistic('mean_radius', square)).toBe(4.242641);
    expect(rangeStatistic('extreme_spread', square)).toBe(8.485281);
  });

  it('counts failures, and has nothing to say without the data a statistic needs', () => {
    const rounds = [{ failed: true }, { failed: false }, { failed: true }];
    expect(rangeStatistic('failures', rounds)).toBe(2);
    expect(rangeStatistic('mean', rounds)).toBeNull();
    expect(rangeStatistic('mean_radius', velocities([700]))).toBeNull();
    expect(rangeStatistic('sd', velocities([700]))).toBeNull();
  });
});

describe('a range test verdict', () => {
  const velocity = {
    code: 'VEL',
    name: 'Velocidad a 25 m',
    unit: 'm/s',
    sampleSize: 4,
    limits: [
      { statistic: 'mean' as const, min: 695, max: 735 },
      { statistic: 'sd' as const, max: 10 },
    ],
  };

  it('passes when every limit is met on a full sample', () => {
    const verdict = rangeTestVerdict(velocity, velocities([712, 715, 718, 715]));
    expect(verdict.pass).toBe(true);
    expect(verdict.statistics).toEqual({ mean: 715, sd: 2.44949 });
    expect(verdict.checks.map((c) => c.message)).toEqual([
      'mean 715 m/s within 695–735 m/s',
      'sd 2.44949 m/s within at most 10 m/s',
    ]);
  });

  it('fails on the limit that is not met, saying which', () => {
    const verdict = rangeTestVerdict(velocity, velocities([700, 710, 720, 730]));
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.filter((c) => !c.pass).map((c) => c.message)).toEqual([
      'sd 12.909944 m/s outside at most 10 m/s',
    ]);
  });

  it('fails a sample shorter than the specification asks for', () => {
    const verdict = rangeTestVerdict(velocity, velocities([715, 715]));
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.at(-1)?.message).toBe('2 rounds recorded; the specification asks for 4');
  });

  it('judges a function test by its failures', () => {
    const func = {
      code: 'FUNC',
      name: 'Funcionamiento',
      sampleSize: 3,
      limits: [{ statistic: 'failures' as const, max: 0 }],
    };
    expect(
      rangeTestVerdict(func, [{ failed: false }, { failed: false }, { failed: false }]).pass,
    ).toBe(true);
    const failed = rangeTestVerdict(func, [{ failed: false }, { failed: true }, { failed: false }]);
    expect(failed.pass).toBe(false);
    expect(failed.checks[0]?.message).toBe('failures 1 outside at most 0');
  });
});

describe("reading a range instrument's CSV", () => {
  it('reads a chronograph export with a shot column and units in the header', () => {
    const read = readRangeCsv('Shot,Velocity (m/s)\n1,712.5\n2,715.0\n3,709.8\n');
    expect(read).toEqual({
      ok: true,
      rounds: [{ value: 712.5 }, { value: 715 }, { value: 709.8 }],
    });
  });

  it('reads semicolons with decimal commas, impacts and pass/fail results', () => {
    const read = readRangeCsv('disparo;x;y;resultado\n1;1,5;-2,25;ok\n2;0;3;misfire\n');
    expect(read).toEqual({
      ok: true,
      rounds: [
        { x: 1.5, y: -2.25, failed: false },
        { x: 0, y: 3, failed: true },
      ],
    });
  });

  it('names the line and the cell of every bad value', () => {
    const read = readRangeCsv('velocity,failed\n712,no\nabc,maybe\n');
    expect(read).toEqual({
      ok: false,
      errors: [
        { line: 3, message: 'velocity: "abc" is not a number' },
        { line: 3, message: 'failed: "maybe" is neither a pass nor a failure' },
      ],
    });
  });

  it('refuses a file whose header names no known column', () => {
    const read = readRangeCsv('a,b\n1,2\n');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.errors[0]?.message).toMatch(/no known column in the header \(a, b\)/);
  });
});

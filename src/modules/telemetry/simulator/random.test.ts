// The simulator's randomness: reproducible per seed, independent per stream,
// and drawing from the distributions it claims to.
import { describe, expect, it } from 'vitest';
import { randomSource } from './random.js';

const draw = (seed: number | string, stream: string, n: number) => {
  const rng = randomSource(seed)(stream);
  return Array.from({ length: n }, () => rng.next());
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

describe('random streams', () => {
  it('repeat for the same seed and stream', () => {
    expect(draw(42, 'CF/cycle', 100)).toEqual(draw(42, 'CF/cycle', 100));
    expect(draw('seed', 'x', 10)).toEqual(draw('seed', 'x', 10));
  });

  it('differ between seeds and between streams of one seed', () => {
    expect(draw(42, 'CF/cycle', 10)).not.toEqual(draw(43, 'CF/cycle', 10));
    expect(draw(42, 'CF/cycle', 10)).not.toEqual(draw(42, 'CF/failure', 10));
  });

  it('are uniform on [0, 1)', () => {
    const xs = draw(7, 'u', 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    // Ten equal bins, each within 3 % of its expected count.
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]! += 1;
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(300);
  });

  it('draw normal, exponential and log-normal values with the asked moments', () => {
    const rng = randomSource(1)('moments');
    const normal = Array.from({ length: 50_000 }, () => rng.normal());
    expect(mean(normal)).toBeCloseTo(0, 1);
    expect(sd(normal)).toBeCloseTo(1, 1);
    const exponential = Array.from({ length: 50_000 }, () => rng.exponential(30));
    expect(mean(exponential) / 30).toBeCloseTo(1, 1);
    const lognormal = Array.from({ length: 50_000 }, () => rng.lognormal(714, 0.05));
    expect(mean(lognormal) / 714).toBeCloseTo(1, 2);
    expect(sd(lognormal) / mean(lognormal)).toBeCloseTo(0.05, 2);
    expect(Math.min(...lognormal)).toBeGreaterThan(0);
  });

  it('picks in proportion to weight', () => {
    const rng = randomSource(3)('pick');
    const items = [
      { code: 'A', weight: 6 },
      { code: 'B', weight: 3 },
      { code: 'C', weight: 1 },
    ];
    const counts = { A: 0, B: 0, C: 0 } as Record<string, number>;
    for (let i = 0; i < 30_000; i++) counts[rng.pick(items).code]! += 1;
    expect(counts.A! / 30_000).toBeCloseTo(0.6, 1);
    expect(counts.C! / 30_000).toBeCloseTo(0.1, 1);
    expect(() => rng.pick([])).toThrow();
  });
});

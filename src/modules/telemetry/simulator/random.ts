// Seedable randomness for the simulator: xoshiro128** (Blackman & Vigna,
// "Scrambled linear pseudorandom number generators", 2018), one independent
// stream per named purpose. Each stream is seeded from a hash of (seed, name)
// through splitmix32, so adding a draw to one purpose (say, a new gauge) never
// shifts the numbers another purpose sees, and runs stay comparable.

export interface RandomStream {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Log-normal with the given mean and coefficient of variation (sd / mean). */
  lognormal(mean: number, cv: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** An item drawn in proportion to its weight. */
  pick<T extends { weight: number }>(items: readonly T[]): T;
}

/** A family of independent streams for one seed. */
export type RandomSource = (stream: string) => RandomStream;

export function randomSource(seed: number | string): RandomSource {
  const base = hashString(String(seed));
  return (stream) => xoshiro128ss(base ^ hashString(stream), hashString(`${stream}#${seed}`));
}

// FNV-1a, then a murmur3 finaliser for avalanche.
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const TWO_POW_32 = 4_294_967_296;

function xoshiro128ss(seedA: number, seedB: number): RandomStream {
  const mixA = splitmix32(seedA);
  const mixB = splitmix32(seedB);
  let s0 = mixA() ^ mixB();
  let s1 = mixA();
  let s2 = mixB();
  let s3 = mixA() ^ 0x2545f491;
  // The all-zero state is the one state xoshiro cannot leave.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result >>> 0;
  };
  const next = () => nextUint32() / TWO_POW_32;
  const normal = () => {
    // 1 − u keeps the logarithm away from zero.
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    normal,
    exponential: (mean) => -mean * Math.log(1 - next()),
    lognormal: (mean, cv) => {
      const sigma2 = Math.log(1 + cv * cv);
      return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * normal());
    },
    chance: (p) => next() < p,
    pick: (items) => {
      const total = items.reduce((sum, item) => sum + item.weight, 0);
      let r = next() * total;
      for (const item of items) {
        r -= item.weight;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error('pick from an empty list');
      return last;
    },
  };
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

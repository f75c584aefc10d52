// What the schedulers' searches share: lexicographic costs, a seeded random
// stream and a deadline on a given clock, so every search is deterministic
// for a seed and an iteration cap.

/** A schedule's cost, compared lexicographically; lower is better. */
export type Cost = readonly number[];

export function compareCost(a: Cost, b: Cost): number {
  const levels = Math.max(a.length, b.length);
  for (let i = 0; i < levels; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface Deadline {
  expired(): boolean;
  elapsed(): number;
}

export function deadline(clock: () => number, budgetMs: number, every: number): Deadline {
  const start = clock();
  let checks = 0;
  let over = false;
  return {
    expired() {
      if (over) return true;
      if (!Number.isFinite(budgetMs)) return false;
      if (checks++ % every === 0 && clock() - start >= budgetMs) over = true;
      return over;
    },
    elapsed: () => clock() - start,
  };
}

/** Uniform on [0, 1). */
export type Random = () => number;

/** mulberry32 (T. Ettinger, public domain) seeded by FNV-1a of the seed's text. */
export function seededRandom(seed: number | string): Random {
  let state = 0x811c9dc5;
  for (const ch of String(seed)) state = Math.imul(state ^ (ch.codePointAt(0) ?? 0), 0x01000193);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 0 … n−1 in random order (Fisher–Yates). */
export function shuffled(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const r = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[r] as number;
    order[r] = t;
  }
  return order;
}

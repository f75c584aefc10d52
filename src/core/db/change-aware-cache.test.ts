import { describe, expect, it } from 'vitest';
import { ChangeAwareCache } from './change-aware-cache.js';
import { rowTag, TableChanges } from './table-changes.js';

function setUp(options: { maxEntries?: number; maxBytes?: number } = {}) {
  const changes = new TableChanges();
  let now = Date.parse('2027-03-15T10:00:00Z');
  const cache = new ChangeAwareCache<string>({
    changes,
    ttlMs: 1_000,
    clock: () => new Date(now),
    sizeOf: (value) => value.length,
    ...options,
  });
  /** Keeps `value` under `key` as if it had been read from `tables`. */
  const keepRead = (key: string, value: string, tables: string[]) => {
    const work = cache.begin();
    for (const table of tables) work.record.tables.add(table);
    return cache.keep(key, value, work);
  };
  return {
    changes,
    cache,
    keepRead,
    moveClock: (ms: number) => {
      now += ms;
    },
  };
}

describe('ChangeAwareCache', () => {
  it('gives a kept value back until a table it was read from changes', () => {
    const { cache, changes, keepRead } = setUp();
    expect(keepRead('/lots', 'lots v1', ['lots'])).toBe(true);
    expect(cache.lookup('/lots')?.value).toBe('lots v1');
    changes.changed(['balances']);
    expect(cache.lookup('/lots')?.value).toBe('lots v1');
    changes.changed(['lots']);
    expect(cache.lookup('/lots')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not keep a value whose table changed while it was being made', () => {
    const { cache, changes } = setUp();
    const work = cache.begin();
    work.record.tables.add('work_orders');
    changes.changed(['work_orders']);
    expect(cache.keep('/work-orders', 'stale', work)).toBe(false);
    expect(cache.lookup('/work-orders')).toBeUndefined();
  });

  it("drops kept values when the application's clock moves past the time to live", () => {
    const { cache, keepRead, moveClock } = setUp();
    keepRead('/dashboard', 'as of ten', ['inspections']);
    moveClock(500);
    expect(cache.lookup('/dashboard')?.value).toBe('as of ten');
    moveClock(3_600_000);
    expect(cache.lookup('/dashboard')).toBeUndefined();
  });

  it('keeps at most maxEntries values and maxBytes bytes, dropping the oldest first', () => {
    const { cache, keepRead } = setUp({ maxEntries: 3, maxBytes: 10 });
    keepRead('a', 'aaaa', []);
    keepRead('b', 'bbbb', []);
    expect(cache.keptBytes).toBe(8);
    keepRead('c', 'cccc', []);
    // 12 bytes over a budget of 10: the oldest goes.
    expect(cache.lookup('a')).toBeUndefined();
    expect(cache.lookup('b')?.value).toBe('bbbb');
    expect(cache.keptBytes).toBe(8);
    keepRead('d', 'd', []);
    keepRead('e', 'e', []);
    expect(cache.size).toBeLessThanOrEqual(3);
    expect(keepRead('huge', 'x'.repeat(11), [])).toBe(false);
    expect(cache.lookup('huge')).toBeUndefined();
  });

  it('keeps nothing and computes every time when its time to live is 0', async () => {
    const cache = new ChangeAwareCache<number>({
      changes: new TableChanges(),
      ttlMs: 0,
      clock: () => new Date(),
    });
    let computed = 0;
    await cache.remember('k', async () => ++computed);
    await cache.remember('k', async () => ++computed);
    expect(computed).toBe(2);
  });

  it('remembers a computed value for the next call', async () => {
    const { cache } = setUp();
    let computed = 0;
    const compute = async () => `value ${++computed}`;
    expect(await cache.remember('k', compute)).toBe('value 1');
    expect(await cache.remember('k', compute)).toBe('value 1');
  });

  describe('a value primed by a committed write', () => {
    const order = rowTag('work_orders', 'a');
    /** The row written by a transaction and committed, as the store's watch marks it. */
    const commitOf = (changes: TableChanges, mine: boolean) => {
      changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
      changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
      return { at: changes.now(), ownRows: new Set(mine ? [order] : []) };
    };

    it('is kept as the key value, with the rows the key was last read from, until one changes', () => {
      const { cache, changes, keepRead } = setUp();
      keepRead('/orders/a', 'order v1', [order]);
      expect(cache.prime('/orders/a', 'order v2', commitOf(changes, true))).toBe(true);
      expect(cache.lookup('/orders/a')?.value).toBe('order v2');
      changes.changed(['work_orders'], [{ table: 'work_orders', id: 'b' }]);
      expect(cache.lookup('/orders/a')?.value).toBe('order v2');
      changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
      expect(cache.lookup('/orders/a')).toBeUndefined();
      // What it depends on outlives the value: the next command primes it again.
      expect(cache.prime('/orders/a', 'order v3', commitOf(changes, true))).toBe(true);
      expect(cache.lookup('/orders/a')?.value).toBe('order v3');
    });

    it('is not kept for a key never read, or read from more than the rows the commit owns', () => {
      const { cache, changes, keepRead } = setUp();
      expect(cache.prime('/orders/a', 'never read', commitOf(changes, true))).toBe(false);
      keepRead('/orders/a/with-plant', 'order and plant', [order, 'revisions']);
      expect(cache.prime('/orders/a/with-plant', 'primed', commitOf(changes, true))).toBe(false);
      keepRead('/orders/a', 'order v1', [order]);
      // Someone else changed the row between this transaction's write and its commit.
      expect(cache.prime('/orders/a', 'not its own', commitOf(changes, false))).toBe(false);
      expect(cache.lookup('/orders/a')).toBeUndefined();
    });

    it('is not kept when the row changed again after the commit, before the answer was sent', () => {
      const { cache, changes, keepRead } = setUp();
      keepRead('/orders/a', 'order v1', [order]);
      const commit = commitOf(changes, true);
      changes.changed(['work_orders'], [{ table: 'work_orders', id: 'a' }]);
      expect(cache.prime('/orders/a', 'already old', commit)).toBe(false);
    });
  });
});

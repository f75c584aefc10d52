// Values kept against the tables they were read from: good until one of those
// tables changes (table-changes.ts), or for at most a time to live, which
// bounds how late a change made by another process, or a value that depends
// on the time of day, is seen.
import { type Commit, type ReadRecord, recordingReads } from './change-tracking.js';
import type { TableChanges, TableTag } from './table-changes.js';

export interface ChangeAwareCacheOptions<V = unknown> {
  changes: TableChanges;
  /** Longest a value is kept, ms; 0 turns the cache off. */
  ttlMs: number;
  /** The application's clock: when it moves (a test's clock jumps), kept values go. */
  clock: () => Date;
  /** Most values kept; the oldest go first. */
  maxEntries?: number;
  /** Most bytes kept, as `sizeOf` counts them; the oldest go first. */
  maxBytes?: number;
  /** A value's size in bytes, for `maxBytes`; unsized values count 0. */
  sizeOf?: (value: V) => number;
}

interface Kept<V> {
  value: V;
  tables: TableTag[];
  /** The change number at which the work that made it began. */
  since: number;
  keptAt: number;
  clockAt: number;
  bytes: number;
}

export class ChangeAwareCache<V> {
  private readonly kept = new Map<string, Kept<V>>();
  /** What each key's last kept value depended on, kept after the value goes: see `prime`. */
  private readonly shapes = new Map<string, readonly TableTag[]>();
  private bytes = 0;

  constructor(private readonly options: ChangeAwareCacheOptions<V>) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  get size(): number {
    return this.kept.size;
  }

  /** The bytes kept now, as `sizeOf` counts them. */
  get keptBytes(): number {
    return this.bytes;
  }

  private drop(key: string): void {
    const entry = this.kept.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.kept.delete(key);
  }

  lookup(key: string): { value: V } | undefined {
    const entry = this.kept.get(key);
    if (!entry) return undefined;
    const { changes, ttlMs, clock } = this.options;
    const fresh =
      performance.now() - entry.keptAt < ttlMs &&
      Math.abs(clock().getTime() - entry.clockAt) < ttlMs &&
      changes.unchangedSince(entry.tables, entry.since);
    if (fresh) return { value: entry.value };
    this.drop(key);
    return undefined;
  }

  /** Starts the work whose result may be kept: note its reads, and when it began. */
  begin(): { record: ReadRecord; since: number } {
    return { record: { tables: new Set() }, since: this.options.changes.now() };
  }

  /** Keeps the result, unless a table it read changed while it was being made. */
  keep(key: string, value: V, work: { record: ReadRecord; since: number }): boolean {
    const tables = [...work.record.tables];
    if (!this.options.changes.unchangedSince(tables, work.since)) return false;
    this.drop(key);
    const bytes = this.options.sizeOf?.(value) ?? 0;
    const maxBytes = this.options.maxBytes ?? Number.POSITIVE_INFINITY;
    // One value larger than the whole budget is not kept at all.
    if (bytes > maxBytes) return false;
    this.shapes.delete(key);
    this.shapes.set(key, tables);
    this.kept.set(key, {
      value,
      tables,
      since: work.since,
      keptAt: performance.now(),
      clockAt: this.options.clock().getTime(),
      bytes,
    });
    this.bytes += bytes;
    const maxEntries = this.options.maxEntries ?? 2_000;
    while (this.kept.size > maxEntries || this.bytes > maxBytes) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    while (this.shapes.size > maxEntries) {
      const oldest = this.shapes.keys().next().value;
      if (oldest === undefined) break;
      this.shapes.delete(oldest);
    }
    return true;
  }

  /**
   * Keeps `value` for `key` as what a committed write made it, without
   * computing it: for a command whose answer is, byte for byte, what reading
   * `key` would answer once it committed (a work order's command answers the
   * order). Only when every row the key's last computed value depended on is
   * one the commit wrote and nobody else has changed since (`Commit.ownRows`);
   * it then stays good until one of them changes again. A key never
   * computed, or one whose value read more than those rows, is left to be computed.
   */
  prime(key: string, value: V, commit: Commit): boolean {
    const tables = this.shapes.get(key);
    if (!tables || tables.length === 0) return false;
    if (!tables.every((tag) => commit.ownRows.has(tag))) return false;
    return this.keep(key, value, { record: { tables: new Set(tables) }, since: commit.at });
  }

  /** The kept value for `key`, or `compute`'s, kept for next time. */
  async remember(key: string, compute: () => Promise<V>): Promise<V> {
    if (!this.enabled) return compute();
    const found = this.lookup(key);
    if (found) return found.value;
    const work = this.begin();
    // Awaited inside the scope: a query builder is a thenable that runs only when awaited.
    const value = await recordingReads(work.record, async () => await compute());
    this.keep(key, value, work);
    return value;
  }
}

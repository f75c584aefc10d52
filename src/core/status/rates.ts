// Rates from counters sampled over time: a small ring of (time, counters)
// samples, and the rate of each counter over the last window it covers. Pure.

export interface Sample<K extends string> {
  at: number;
  counters: Record<K, number>;
}

export class CounterHistory<K extends string> {
  private readonly samples: Sample<K>[] = [];

  constructor(
    /** Longest span kept, ms. */
    private readonly keepMs: number,
  ) {}

  add(sample: Sample<K>): void {
    const last = this.samples.at(-1);
    // A counter that went down means a new source (ingest restarted): start over.
    if (
      last &&
      (Object.keys(sample.counters) as K[]).some((k) => sample.counters[k] < last.counters[k])
    ) {
      this.samples.length = 0;
    }
    this.samples.push(sample);
    while (this.samples.length > 2 && sample.at - (this.samples[0] as Sample<K>).at > this.keepMs) {
      this.samples.shift();
    }
  }

  /**
   * Per-second rates over about the last `windowMs`: from the newest sample
   * back to the oldest one inside the window (or the oldest kept). Undefined
   * until two samples at least a second apart exist.
   */
  ratesPerSecond(windowMs: number): { rates: Record<K, number>; overSeconds: number } | undefined {
    const newest = this.samples.at(-1);
    if (!newest) return undefined;
    const from =
      this.samples.find((s) => newest.at - s.at <= windowMs) ?? (this.samples[0] as Sample<K>);
    const seconds = (newest.at - from.at) / 1000;
    if (seconds < 1) return undefined;
    const rates = {} as Record<K, number>;
    for (const key of Object.keys(newest.counters) as K[]) {
      rates[key] = (newest.counters[key] - from.counters[key]) / seconds;
    }
    return { rates, overSeconds: seconds };
  }
}

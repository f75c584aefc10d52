// The plant scheduling problem as the solver sees it: lines with their
// working time, rates and changeovers; orders with quantities, due times and
// weights; what is frozen and where each order was in the last plan. Times
// are minutes from the plan's origin (its "now"); a line works only inside
// its windows, so a job's processing and changeover minutes are working
// minutes, laid onto the calendar by `WorkingTime`.

/** [start, end) in minutes from the plan's origin. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

export interface PlanLine {
  readonly code: string;
  /** When the line can work, ascending and disjoint: shifts less breaks, holidays, maintenance, outages. */
  readonly windows: readonly Window[];
  /** Units per working minute of each product the line may make. */
  readonly rates: Readonly<Record<string, number>>;
  /** Minutes to change over from one product to another (absent pairs: `defaultChangeover`). */
  readonly changeovers: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly defaultChangeover: number;
  /** The product the line is set up for now; null when it is clean (no changeover before the first job). */
  readonly setUpFor: string | null;
}

export interface PlanJob {
  readonly id: string;
  readonly product: string;
  /** Units still to make. */
  readonly quantity: number;
  /** Minutes from the origin; completing later is tardy. */
  readonly due: number;
  /** Tardiness weight (from the order's priority). */
  readonly weight: number;
  /** Frozen: stays on this line, at the head of its sequence, in `rank` order. */
  readonly pinned?: { readonly line: string; readonly rank: number };
  /** The line of the last plan, so re-planning can count (and minimise) the orders it moves. */
  readonly previousLine?: string;
  /** Where it started in the last plan (minutes from the origin): re-planning starts from that order. */
  readonly previousStart?: number;
  /** Only these lines (of those that may make the product); all of them when absent. */
  readonly onlyLines?: readonly string[];
}

export interface PlanProblem {
  readonly lines: readonly PlanLine[];
  readonly jobs: readonly PlanJob[];
}

/** One job's place in the plan; every time in minutes from the origin. */
export interface PlannedJob {
  readonly job: string;
  readonly line: string;
  /** The changeover before the job, if any: [start, end) on the calendar, and its working minutes. */
  readonly changeover: {
    readonly start: number;
    readonly end: number;
    readonly minutes: number;
  } | null;
  readonly start: number;
  readonly end: number;
  /** Working minutes of the job: quantity / rate. */
  readonly minutes: number;
  /** Minutes past due (0 when on time). */
  readonly tardiness: number;
}

/**
 * The objectives, in the order they are compared (lexicographic): weighted
 * tardiness first (weight × hours late), then the number of orders moved to
 * another line since the last plan, then total changeover minutes, then the
 * makespan (minutes from the origin to the last job's end).
 */
export interface PlanObjective {
  readonly weightedTardiness: number;
  readonly moved: number;
  readonly changeoverMinutes: number;
  readonly makespan: number;
}

export function changeoverMinutes(line: PlanLine, from: string | null, to: string): number {
  if (from === null || from === to) return 0;
  return line.changeovers[from]?.[to] ?? line.defaultChangeover;
}

/**
 * A line's working time on the calendar: working minute w (counted from the
 * origin) ↔ calendar minute. Prefix sums and binary search: O(log windows).
 */
export class WorkingTime {
  readonly #starts: Float64Array;
  readonly #ends: Float64Array;
  /** Working minutes before each window. */
  readonly #before: Float64Array;
  readonly total: number;

  constructor(windows: readonly Window[]) {
    const n = windows.length;
    this.#starts = new Float64Array(n);
    this.#ends = new Float64Array(n);
    this.#before = new Float64Array(n);
    let sum = 0;
    let last = Number.NEGATIVE_INFINITY;
    windows.forEach((w, i) => {
      if (!(w.end > w.start) || w.start < last) {
        throw new Error(`windows must be ascending, disjoint and not empty (window ${i})`);
      }
      this.#starts[i] = w.start;
      this.#ends[i] = w.end;
      this.#before[i] = sum;
      sum += w.end - w.start;
      last = w.end;
    });
    this.total = sum;
  }

  /** Where the windows end; past it, time is taken to run on without a break. */
  get horizon(): number {
    const n = this.#ends.length;
    return n > 0 ? (this.#ends[n - 1] as number) : 0;
  }

  /** The calendar minute at which the w-th working minute ends. */
  endOf(w: number): number {
    if (w > this.total) return this.horizon + w - this.total;
    if (w <= 0) return this.#starts.length > 0 ? (this.#starts[0] as number) : 0;
    // The first window whose working minutes reach w.
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const reach =
        (this.#before[mid] as number) + (this.#ends[mid] as number) - (this.#starts[mid] as number);
      // A hair past a window's end (floating point) still ends in that window.
      if (reach >= w - 1e-7) hi = mid;
      else lo = mid + 1;
    }
    return (this.#starts[lo] as number) + w - (this.#before[lo] as number);
  }

  /** The calendar minute at which work resumes after w working minutes (the next window's start at a window's end). */
  startOf(w: number): number {
    if (w >= this.total - 1e-7) return this.horizon + Math.max(0, w - this.total);
    // The first window that still has work after w.
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const reach =
        (this.#before[mid] as number) + (this.#ends[mid] as number) - (this.#starts[mid] as number);
      // Work ending a hair before a window's end (floating point) resumes in the next window.
      if (reach > w + 1e-7) hi = mid;
      else lo = mid + 1;
    }
    return (this.#starts[lo] as number) + Math.max(0, w - (this.#before[lo] as number));
  }

  /** Working minutes before calendar minute t. */
  before(t: number): number {
    if (t >= this.horizon) return this.total + t - this.horizon;
    let lo = 0;
    let hi = this.#starts.length;
    // The number of windows that start before t.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#starts[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const i = lo - 1;
    return (
      (this.#before[i] as number) +
      Math.min(t, this.#ends[i] as number) -
      (this.#starts[i] as number)
    );
  }
}

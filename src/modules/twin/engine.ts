// The discrete-event engine: a calendar of future events and a clock. The
// calendar is a binary heap of slot numbers over preallocated typed arrays,
// ordered by time and then by the order the events were scheduled, so events
// at equal times come out first in, first out. Scheduling and popping
// allocate nothing (the arrays double when full, which happens a handful of
// times per run). An event is three numbers — kind, target, token — that the
// model interprets: a model cancels an event by changing the target's token,
// so stale events are recognised and dropped when they come due, which costs
// less than removing them from the heap.

export class EventCalendar {
  #time: Float64Array;
  #order: Float64Array;
  #kind: Int32Array;
  #target: Int32Array;
  #token: Int32Array;
  /** The heap: slot numbers, earliest at 0. */
  #heap: Int32Array;
  #size = 0;
  /** Free slots, as a stack. */
  #free: Int32Array;
  #freeCount: number;
  #scheduled = 0;

  constructor(capacity = 1024) {
    this.#time = new Float64Array(capacity);
    this.#order = new Float64Array(capacity);
    this.#kind = new Int32Array(capacity);
    this.#target = new Int32Array(capacity);
    this.#token = new Int32Array(capacity);
    this.#heap = new Int32Array(capacity);
    this.#free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.#free[i] = capacity - 1 - i;
    this.#freeCount = capacity;
  }

  get size(): number {
    return this.#size;
  }

  /** Events scheduled since the calendar was made. */
  get scheduled(): number {
    return this.#scheduled;
  }

  schedule(time: number, kind: number, target: number, token: number): void {
    if (this.#freeCount === 0) this.#grow();
    const slot = this.#free[--this.#freeCount] as number;
    this.#time[slot] = time;
    this.#order[slot] = this.#scheduled++;
    this.#kind[slot] = kind;
    this.#target[slot] = target;
    this.#token[slot] = token;
    // Sift up.
    const heap = this.#heap;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as number;
      if (!this.#before(slot, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** The time of the next event; Infinity when there is none. */
  peekTime(): number {
    return this.#size > 0
      ? (this.#time[this.#heap[0] as number] as number)
      : Number.POSITIVE_INFINITY;
  }

  /**
   * Takes the next event off the calendar and returns its slot, whose fields
   * (time, kind, target, token) stay readable until the next `schedule`.
   */
  pop(): number {
    const heap = this.#heap;
    const top = heap[0] as number;
    const last = heap[--this.#size] as number;
    // Sift the last slot down from the root.
    let i = 0;
    const n = this.#size;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.#before(heap[right] as number, heap[left] as number)) child = right;
      if (!this.#before(heap[child] as number, last)) break;
      heap[i] = heap[child] as number;
      i = child;
    }
    if (n > 0) heap[i] = last;
    // The slot is free again, but its fields are only overwritten by a later schedule.
    this.#free[this.#freeCount++] = top;
    return top;
  }

  timeOf(slot: number): number {
    return this.#time[slot] as number;
  }
  kindOf(slot: number): number {
    return this.#kind[slot] as number;
  }
  targetOf(slot: number): number {
    return this.#target[slot] as number;
  }
  tokenOf(slot: number): number {
    return this.#token[slot] as number;
  }

  #before(a: number, b: number): boolean {
    const ta = this.#time[a] as number;
    const tb = this.#time[b] as number;
    return ta < tb || (ta === tb && (this.#order[a] as number) < (this.#order[b] as number));
  }

  #grow(): void {
    const old = this.#time.length;
    const capacity = old * 2;
    const grow = <T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.#time = grow(this.#time, (n) => new Float64Array(n));
    this.#order = grow(this.#order, (n) => new Float64Array(n));
    this.#kind = grow(this.#kind, (n) => new Int32Array(n));
    this.#target = grow(this.#target, (n) => new Int32Array(n));
    this.#token = grow(this.#token, (n) => new Int32Array(n));
    this.#heap = grow(this.#heap, (n) => new Int32Array(n));
    // The pushed-back slot being taken was the last free one: every old slot is in use.
    const free = new Int32Array(capacity);
    for (let i = 0; i < capacity - old; i++) free[i] = capacity - 1 - i;
    this.#free = free;
    this.#freeCount = capacity - old;
  }
}

/** What a model does with its events; the engine only keeps time. */
export interface Model {
  handle(kind: number, target: number, token: number, now: number): void;
}

export interface RunResult {
  readonly until: number;
  /** Events taken off the calendar (stale ones included). */
  readonly events: number;
}

/** The clock and the calendar a model schedules on. */
export class Simulation {
  readonly calendar: EventCalendar;
  now = 0;
  #events = 0;

  constructor(capacity = 1024) {
    this.calendar = new EventCalendar(capacity);
  }

  schedule(delay: number, kind: number, target: number, token: number): void {
    this.calendar.schedule(this.now + delay, kind, target, token);
  }

  /** Runs every event due up to `until` (inclusive), then sets the clock to `until`. */
  run(model: Model, until: number): RunResult {
    const calendar = this.calendar;
    let events = 0;
    while (calendar.size > 0 && calendar.peekTime() <= until) {
      const slot = calendar.pop();
      this.now = calendar.timeOf(slot);
      events++;
      model.handle(
        calendar.kindOf(slot),
        calendar.targetOf(slot),
        calendar.tokenOf(slot),
        this.now,
      );
    }
    this.now = until;
    this.#events += events;
    return { until, events };
  }

  get events(): number {
    return this.#events;
  }
}

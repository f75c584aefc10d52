// Production lines of stations in series with finite buffers between them:
// the twin's model of a cartridge line, and of the benchmark's lines. The
// first station is never starved (unless the line's input is held or short
// of material) and the last never blocked. Blocking after service: a
// finished part waits in its station until there is room downstream (a
// buffer place, or the next station itself when the buffer between them
// holds nothing). A finished part is a reject with the station's probability.
//
// Stops: a station has any number of independent stop processes (micro-stops,
// breakdowns, …), each with its own time between stops and its own repair
// time. A process fails in calendar time (its clock to failure runs whatever
// the station does) or in operating time (only while the station works). A
// stop pre-empts the part in process, which resumes after; the station is up
// only when every process is up, and operating-time processes do not age
// while it is down for another.
//
// Line control (line-year.ts drives it): a line's input can be held (the
// first station starts nothing, the line runs out; when the last part has
// left, the controller hears that the line is empty), its stations changed
// over to another product (a state of their own), and the first station can
// be made to ask before each start whether the material is there. Off-shift
// time is not on the clock (a line's clock is its working time), but
// `offShift` lets the calendar-time part of the stops go on through it:
// repairs under way continue, calendar-time clocks to failure keep running
// (and may run out: the station is then down, or repaired again, when the
// next shift starts), operating-time clocks stand still.
//
// Stations live in flat typed arrays indexed by a global station number, so
// several independent lines share one calendar; stop processes likewise. An
// end of service carries the station as its target and the station's token
// (bumped by a stop to cancel it); a stop or repair carries the process and
// the process's token (bumped when off-shift time moves it).
import type { Distribution } from './distributions.js';
import type { Model, Simulation } from './engine.js';
import { type RandomStream, streamOf } from './random.js';

export interface StopProcess {
  /** Names the process's random stream (".../failure/NAME"); an unnamed one draws from ".../failure". */
  readonly name?: string;
  readonly timeToFailure: Distribution;
  readonly timeToRepair: Distribution;
  /** Calendar: the clock to failure always runs. Operating: only while the station works. */
  readonly basis: 'calendar' | 'operating';
}

export interface StationSpec {
  readonly name: string;
  readonly cycle: Distribution;
  /** One stop process (the benchmark's shorthand for `stops: [failure]`). */
  readonly failure?: StopProcess;
  /** Independent stop processes, after `failure` if both are given. */
  readonly stops?: readonly StopProcess[];
  /** Share of finished parts that are rejects (removed from the line). */
  readonly rejectProbability?: number;
}

export interface LineSpec {
  readonly name: string;
  readonly stations: readonly StationSpec[];
  /** Capacity of the buffer after each station but the last (parts waiting, not in a station). */
  readonly buffers: readonly number[];
}

/** What drives the lines from outside: the material at the first station, and the news that a held line has run out. */
export interface LineControl {
  /** Lines start with their input held (nothing enters until `release`). */
  readonly startHeld?: boolean;
  /** Called before the first station starts a part: take what it needs and say yes, or say no (it waits until `feed`). */
  take?(line: number, now: number): boolean;
  /** The line's input is held and its last part has left it. */
  empty?(line: number, now: number): void;
}

const END = 0;
const FAIL_OPERATING = 1;
const FAIL_CALENDAR = 2;
const REPAIR = 3;
const EMPTY = 4;
/** Event kinds below this are the lines'; a controller may use the others. */
export const LINE_EVENT_KINDS = 8;

export const STARVED = 0;
export const BUSY = 1;
export const BLOCKED = 2;
export const DOWN = 3;
/** Being changed over to another product (line-year.ts). */
export const CHANGEOVER = 4;
const STATES = 5;

export interface StationStatistics {
  readonly name: string;
  /** Shares of the observed time, adding up to 1. */
  readonly busy: number;
  readonly blocked: number;
  readonly starved: number;
  readonly down: number;
  readonly changeover: number;
  readonly finished: number;
  readonly rejected: number;
  /** Stops begun, of all its processes (off shift included). */
  readonly failures: number;
}

export interface LineStatistics {
  readonly name: string;
  /** Good parts out of the last station. */
  readonly produced: number;
  readonly rejected: number;
  readonly stations: readonly StationStatistics[];
  /** Time-average parts in each buffer. */
  readonly meanBuffer: readonly number[];
}

export class SerialLines implements Model {
  readonly #sim: Simulation;
  readonly #lines: readonly LineSpec[];
  readonly #control: LineControl | undefined;
  /** Global station number of each line's first station. */
  readonly #first: Int32Array;
  readonly #count: number;
  readonly #lineOf: Int32Array;
  readonly #isFirst: Uint8Array;
  readonly #isLast: Uint8Array;
  readonly #cycle: Distribution[];
  readonly #reject: Float64Array;
  readonly #random: RandomStream[];

  /** Stop processes: station s has those from #processFrom[s] to #processFrom[s + 1]. */
  readonly #processFrom: Int32Array;
  readonly #hasOperating: Uint8Array;
  readonly #processStation: Int32Array;
  readonly #operating: Uint8Array;
  readonly #ttf: Distribution[];
  readonly #ttr: Distribution[];
  readonly #processRandom: RandomStream[];
  readonly #up: Uint8Array;
  readonly #processToken: Int32Array;
  /** Operating processes: working time left to failure. */
  readonly #untilFailure: Float64Array;
  /** Calendar processes: when the pending failure falls due. */
  readonly #failAt: Float64Array;
  /** Processes down: when the repair ends. */
  readonly #repairAt: Float64Array;

  readonly #state: Uint8Array;
  /** Processes down at each station. */
  readonly #downCount: Int32Array;
  /** What a down station was doing when it stopped. */
  readonly #downFrom: Uint8Array;
  readonly #token: Int32Array;
  readonly #remaining: Float64Array;
  readonly #workStart: Float64Array;
  readonly #since: Float64Array;
  readonly #stateTime: Float64Array;
  readonly #finished: Float64Array;
  readonly #rejected: Float64Array;
  readonly #failures: Float64Array;

  /** Buffer after station s (unused for a line's last station). */
  readonly #capacity: Float64Array;
  readonly #level: Float64Array;
  readonly #levelSince: Float64Array;
  readonly #levelArea: Float64Array;

  /** Per line: input held, parts in the line, the hold's number (for its empty event), changing over. */
  readonly #held: Uint8Array;
  readonly #inLine: Int32Array;
  readonly #holdToken: Int32Array;
  readonly #changingOver: Uint8Array;
  #observedFrom = 0;

  constructor(
    simulation: Simulation,
    lines: readonly LineSpec[],
    seed: number | string,
    control?: LineControl,
  ) {
    this.#sim = simulation;
    this.#lines = lines;
    this.#control = control;
    const n = lines.reduce((sum, l) => sum + l.stations.length, 0);
    this.#count = n;
    this.#first = new Int32Array(lines.length);
    this.#lineOf = new Int32Array(n);
    this.#isFirst = new Uint8Array(n);
    this.#isLast = new Uint8Array(n);
    this.#cycle = [];
    this.#reject = new Float64Array(n);
    this.#random = [];
    this.#capacity = new Float64Array(n);
    this.#processFrom = new Int32Array(n + 1);
    this.#hasOperating = new Uint8Array(n);
    const processes: { station: number; process: StopProcess; stream: string }[] = [];
    let s = 0;
    lines.forEach((line, l) => {
      if (line.stations.length === 0) throw new Error(`line ${line.name}: no station`);
      if (line.buffers.length !== line.stations.length - 1) {
        throw new Error(
          `line ${line.name}: ${line.stations.length - 1} buffers expected, ${line.buffers.length} given`,
        );
      }
      this.#first[l] = s;
      line.stations.forEach((station, i) => {
        this.#lineOf[s] = l;
        this.#isFirst[s] = i === 0 ? 1 : 0;
        this.#isLast[s] = i === line.stations.length - 1 ? 1 : 0;
        this.#cycle.push(station.cycle);
        const p = station.rejectProbability ?? 0;
        if (!(p >= 0 && p < 1))
          throw new Error(`${line.name}/${station.name}: reject probability must be in [0, 1)`);
        this.#reject[s] = p;
        // Independent streams: a change to one source of randomness leaves the others' draws alone.
        this.#random.push(streamOf(seed, `${line.name}/${station.name}/cycle`));
        this.#processFrom[s] = processes.length;
        const stops = [...(station.failure ? [station.failure] : []), ...(station.stops ?? [])];
        const names = new Set<string>();
        for (const stop of stops) {
          const name = stop.name ?? '';
          if (names.has(name))
            throw new Error(`${line.name}/${station.name}: two stop processes named "${name}"`);
          names.add(name);
          if (stop.basis === 'operating') this.#hasOperating[s] = 1;
          processes.push({
            station: s,
            process: stop,
            stream: `${line.name}/${station.name}/failure${name === '' ? '' : `/${name}`}`,
          });
        }
        const capacity = i < line.buffers.length ? (line.buffers[i] as number) : 0;
        if (!(capacity >= 0))
          throw new Error(`${line.name}: buffer capacities must not be negative`);
        this.#capacity[s] = capacity;
        s++;
      });
    });
    this.#processFrom[n] = processes.length;
    const m = processes.length;
    this.#processStation = Int32Array.from(processes, (p) => p.station);
    this.#operating = Uint8Array.from(processes, (p) => (p.process.basis === 'operating' ? 1 : 0));
    this.#ttf = processes.map((p) => p.process.timeToFailure);
    this.#ttr = processes.map((p) => p.process.timeToRepair);
    this.#processRandom = processes.map((p) => streamOf(seed, p.stream));
    this.#up = new Uint8Array(m).fill(1);
    this.#processToken = new Int32Array(m);
    this.#untilFailure = new Float64Array(m);
    this.#failAt = new Float64Array(m);
    this.#repairAt = new Float64Array(m);

    this.#state = new Uint8Array(n);
    this.#downCount = new Int32Array(n);
    this.#downFrom = new Uint8Array(n);
    this.#token = new Int32Array(n);
    this.#remaining = new Float64Array(n);
    this.#workStart = new Float64Array(n);
    this.#since = new Float64Array(n);
    this.#stateTime = new Float64Array(n * STATES);
    this.#finished = new Float64Array(n);
    this.#rejected = new Float64Array(n);
    this.#failures = new Float64Array(n);
    this.#level = new Float64Array(n);
    this.#levelSince = new Float64Array(n);
    this.#levelArea = new Float64Array(n);
    this.#held = new Uint8Array(lines.length).fill(control?.startHeld ? 1 : 0);
    this.#inLine = new Int32Array(lines.length);
    this.#holdToken = new Int32Array(lines.length);
    this.#changingOver = new Uint8Array(lines.length);

    const now = simulation.now;
    this.#since.fill(now);
    this.#levelSince.fill(now);
    for (let p = 0; p < m; p++) {
      const first = (this.#ttf[p] as Distribution).sample(this.#processRandom[p] as RandomStream);
      if (this.#operating[p]) this.#untilFailure[p] = first;
      else {
        this.#failAt[p] = now + first;
        simulation.calendar.schedule(now + first, FAIL_CALENDAR, p, 0);
      }
    }
    this.#observedFrom = now;
    for (let l = 0; l < lines.length; l++) this.#tryStart(this.#first[l] as number, now);
  }

  handle(kind: number, target: number, token: number, now: number): void {
    if (kind === END) {
      if (token === this.#token[target]) this.#finish(target, now);
    } else if (kind === FAIL_CALENDAR) {
      if (token === this.#processToken[target]) this.#stop(target, now);
    } else if (kind === REPAIR) {
      if (token === this.#processToken[target]) this.#repair(target, now);
    } else if (kind === FAIL_OPERATING) {
      if (token === this.#token[this.#processStation[target] as number]) this.#stop(target, now);
    } else if (kind === EMPTY) {
      if (this.#held[target] && token === this.#holdToken[target] && this.#inLine[target] === 0)
        this.#control?.empty?.(target, now);
    }
  }

  #setState(s: number, state: number, now: number): void {
    const i = s * STATES + (this.#state[s] as number);
    this.#stateTime[i] = (this.#stateTime[i] as number) + now - (this.#since[s] as number);
    this.#since[s] = now;
    this.#state[s] = state;
  }

  #setLevel(s: number, level: number, now: number): void {
    this.#levelArea[s] =
      (this.#levelArea[s] as number) +
      (this.#level[s] as number) * (now - (this.#levelSince[s] as number));
    this.#levelSince[s] = now;
    this.#level[s] = level;
  }

  /** Starts (or resumes) the work left on station s: an end of service, or first the operating-time stop that interrupts it. */
  #work(s: number, now: number): void {
    this.#setState(s, BUSY, now);
    this.#workStart[s] = now;
    const token = (this.#token[s] as number) + 1;
    this.#token[s] = token;
    const remaining = this.#remaining[s] as number;
    if (this.#hasOperating[s]) {
      let soonest = remaining;
      let next = -1;
      const to = this.#processFrom[s + 1] as number;
      for (let p = this.#processFrom[s] as number; p < to; p++) {
        if (this.#operating[p] && (this.#untilFailure[p] as number) < soonest) {
          soonest = this.#untilFailure[p] as number;
          next = p;
        }
      }
      if (next >= 0) {
        this.#sim.schedule(soonest, FAIL_OPERATING, next, token);
        return;
      }
    }
    this.#sim.schedule(remaining, END, s, token);
  }

  /** The operating-time clocks of station s run down by the time it has worked since `#work`. */
  #age(s: number, now: number): void {
    const worked = now - (this.#workStart[s] as number);
    const to = this.#processFrom[s + 1] as number;
    for (let p = this.#processFrom[s] as number; p < to; p++) {
      if (this.#operating[p]) this.#untilFailure[p] = (this.#untilFailure[p] as number) - worked;
    }
  }

  #tryStart(s: number, now: number): void {
    if (this.#state[s] !== STARVED) return;
    if (!this.#isFirst[s]) {
      const input = s - 1;
      if ((this.#level[input] as number) > 0) {
        this.#setLevel(input, (this.#level[input] as number) - 1, now);
      } else if (this.#state[input] === BLOCKED && this.#capacity[input] === 0) {
        // No buffer between them: the part passes straight from the blocked station.
        this.#setState(input, STARVED, now);
        this.#begin(s, now);
        this.#tryStart(input, now);
        return;
      } else return;
      this.#begin(s, now);
      // A place came free in the buffer upstream.
      if (this.#state[input] === BLOCKED) this.#pass(input, now);
      return;
    }
    const l = this.#lineOf[s] as number;
    if (this.#held[l]) return;
    const take = this.#control?.take;
    if (take && !take.call(this.#control, l, now)) return;
    this.#inLine[l] = (this.#inLine[l] as number) + 1;
    this.#begin(s, now);
  }

  #begin(s: number, now: number): void {
    this.#remaining[s] = (this.#cycle[s] as Distribution).sample(this.#random[s] as RandomStream);
    this.#work(s, now);
  }

  /** A part left line l (out of its last station, or rejected). */
  #left(l: number): void {
    const parts = (this.#inLine[l] as number) - 1;
    this.#inLine[l] = parts;
    if (parts === 0 && this.#held[l]) this.#sim.schedule(0, EMPTY, l, this.#holdToken[l] as number);
  }

  #finish(s: number, now: number): void {
    if (this.#hasOperating[s]) this.#age(s, now);
    this.#remaining[s] = 0;
    this.#finished[s] = (this.#finished[s] as number) + 1;
    const p = this.#reject[s] as number;
    if (p > 0 && (this.#random[s] as RandomStream).next() < p) {
      this.#rejected[s] = (this.#rejected[s] as number) + 1;
      this.#left(this.#lineOf[s] as number);
      this.#setState(s, STARVED, now);
      this.#tryStart(s, now);
      return;
    }
    if (this.#isLast[s]) {
      this.#left(this.#lineOf[s] as number);
      this.#setState(s, STARVED, now);
      this.#tryStart(s, now);
      return;
    }
    this.#setState(s, BLOCKED, now);
    this.#pass(s, now);
  }

  /** Station s holds a finished part: hand it on if there is room. */
  #pass(s: number, now: number): void {
    const next = s + 1;
    if ((this.#level[s] as number) === 0 && this.#state[next] === STARVED) {
      this.#setState(s, STARVED, now);
      this.#begin(next, now);
      this.#tryStart(s, now);
    } else if ((this.#level[s] as number) < (this.#capacity[s] as number)) {
      this.#setLevel(s, (this.#level[s] as number) + 1, now);
      this.#setState(s, STARVED, now);
      this.#tryStart(s, now);
    }
  }

  /** Process p stops: its repair begins, and its station goes down unless it already is. */
  #stop(p: number, now: number): void {
    const s = this.#processStation[p] as number;
    this.#up[p] = 0;
    this.#downCount[s] = (this.#downCount[s] as number) + 1;
    this.#failures[s] = (this.#failures[s] as number) + 1;
    if (this.#state[s] !== DOWN) this.#goDown(s, now);
    const repairAt =
      now + (this.#ttr[p] as Distribution).sample(this.#processRandom[p] as RandomStream);
    this.#repairAt[p] = repairAt;
    this.#sim.calendar.schedule(repairAt, REPAIR, p, this.#processToken[p] as number);
  }

  /** Station s goes down: a part in process is pre-empted and keeps the work done on it. */
  #goDown(s: number, now: number): void {
    const state = this.#state[s] as number;
    if (state === BUSY) {
      this.#remaining[s] = (this.#remaining[s] as number) - (now - (this.#workStart[s] as number));
      if (this.#hasOperating[s]) this.#age(s, now);
      // Cancels the pending end of service (or operating-time stop).
      this.#token[s] = (this.#token[s] as number) + 1;
    }
    this.#downFrom[s] = state;
    this.#setState(s, DOWN, now);
  }

  #repair(p: number, now: number): void {
    const s = this.#processStation[p] as number;
    this.#up[p] = 1;
    this.#downCount[s] = (this.#downCount[s] as number) - 1;
    this.#drawFailure(p, now);
    if (this.#downCount[s] === 0) this.#resume(s, now);
  }

  /** A fresh clock to failure for process p, from `at`. */
  #drawFailure(p: number, at: number): void {
    const ttf = (this.#ttf[p] as Distribution).sample(this.#processRandom[p] as RandomStream);
    if (this.#operating[p]) this.#untilFailure[p] = ttf;
    else {
      this.#failAt[p] = at + ttf;
      this.#sim.calendar.schedule(at + ttf, FAIL_CALENDAR, p, this.#processToken[p] as number);
    }
  }

  /** Station s is up again: it goes back to what it was doing. */
  #resume(s: number, now: number): void {
    const was = this.#downFrom[s] as number;
    if (was === BUSY) this.#work(s, now);
    else if (was === BLOCKED) {
      this.#setState(s, BLOCKED, now);
      this.#pass(s, now);
    } else if (was === CHANGEOVER) this.#setState(s, CHANGEOVER, now);
    else {
      this.#setState(s, STARVED, now);
      this.#tryStart(s, now);
    }
  }

  /** Line l's first station starts nothing more; when the last part has left, the control hears `empty`. */
  hold(l: number): void {
    this.#held[l] = 1;
    const token = (this.#holdToken[l] as number) + 1;
    this.#holdToken[l] = token;
    if (this.#inLine[l] === 0) this.#sim.schedule(0, EMPTY, l, token);
  }

  /** Line l's input is open again. */
  release(l: number, now: number): void {
    this.#held[l] = 0;
    this.#tryStart(this.#first[l] as number, now);
  }

  /** Material came for line l: a first station waiting for it may start. */
  feed(l: number, now: number): void {
    this.#tryStart(this.#first[l] as number, now);
  }

  /** Parts in line l now. */
  partsIn(l: number): number {
    return this.#inLine[l] as number;
  }

  /** Line l (empty) is being changed over: its idle stations are in changeover until `endChangeover`. */
  beginChangeover(l: number, now: number): void {
    this.#changingOver[l] = 1;
    this.#eachStation(l, (s) => {
      if (this.#state[s] === STARVED) this.#setState(s, CHANGEOVER, now);
      else if (this.#state[s] === DOWN && this.#downFrom[s] === STARVED)
        this.#downFrom[s] = CHANGEOVER;
    });
  }

  /** The changeover of line l is done: its stations now run at `cycles` (one per station). Its input stays as it was. */
  endChangeover(l: number, cycles: readonly Distribution[], now: number): void {
    this.#changingOver[l] = 0;
    this.#eachStation(l, (s, i) => {
      const cycle = cycles[i];
      if (!cycle) throw new Error(`line ${this.#lines[l]?.name}: no cycle for station ${i}`);
      this.#cycle[s] = cycle;
      if (this.#state[s] === CHANGEOVER) this.#setState(s, STARVED, now);
      else if (this.#state[s] === DOWN && this.#downFrom[s] === CHANGEOVER)
        this.#downFrom[s] = STARVED;
    });
  }

  /**
   * Line l stops for `minutes` of calendar time off shift (a break, a night, a weekend) that its
   * clock does not count. Repairs under way go on through it and calendar-time clocks to failure
   * keep running: a station may stop, be repaired or both while the line stands, and the next
   * shift starts as they leave it (a station that stopped off shift is down; the part it holds
   * resumes after). Operating-time clocks stand still.
   */
  offShift(l: number, minutes: number, now: number): void {
    if (!(minutes > 0)) return;
    const calendar = this.#sim.calendar;
    this.#eachStation(l, (s) => {
      const from = this.#processFrom[s] as number;
      const to = this.#processFrom[s + 1] as number;
      const wasDown = (this.#downCount[s] as number) > 0;
      // The off-shift time as a little simulation of the station's processes alone, the gap's
      // time running from `now` to `now + minutes`.
      const end = now + minutes;
      for (;;) {
        let next = -1;
        let at = end;
        for (let p = from; p < to; p++) {
          const due = this.#up[p]
            ? this.#operating[p]
              ? Number.POSITIVE_INFINITY
              : (this.#failAt[p] as number)
            : (this.#repairAt[p] as number);
          if (due <= at) {
            at = due;
            next = p;
          }
        }
        if (next < 0) break;
        if (this.#up[next]) {
          this.#up[next] = 0;
          this.#downCount[s] = (this.#downCount[s] as number) + 1;
          this.#failures[s] = (this.#failures[s] as number) + 1;
          this.#repairAt[next] =
            at +
            (this.#ttr[next] as Distribution).sample(this.#processRandom[next] as RandomStream);
        } else {
          this.#up[next] = 1;
          this.#downCount[s] = (this.#downCount[s] as number) - 1;
          const ttf = (this.#ttf[next] as Distribution).sample(
            this.#processRandom[next] as RandomStream,
          );
          if (this.#operating[next]) this.#untilFailure[next] = ttf;
          else this.#failAt[next] = at + ttf;
        }
      }
      // What is still pending falls due that much sooner on the working clock; what was pending
      // before (a repair done, a failure that came) is cancelled.
      for (let p = from; p < to; p++) {
        const token = (this.#processToken[p] as number) + 1;
        this.#processToken[p] = token;
        if (this.#up[p] && this.#operating[p]) continue;
        if (this.#up[p]) {
          const due = (this.#failAt[p] as number) - minutes;
          this.#failAt[p] = due;
          calendar.schedule(due, FAIL_CALENDAR, p, token);
        } else {
          const due = (this.#repairAt[p] as number) - minutes;
          this.#repairAt[p] = due;
          calendar.schedule(due, REPAIR, p, token);
        }
      }
      const isDown = (this.#downCount[s] as number) > 0;
      if (!wasDown && isDown) this.#goDown(s, now);
      else if (wasDown && !isDown) this.#resume(s, now);
    });
  }

  #eachStation(l: number, visit: (s: number, i: number) => void): void {
    const first = this.#first[l] as number;
    const n = this.#lines[l]?.stations.length ?? 0;
    for (let i = 0; i < n; i++) visit(first + i, i);
  }

  /** Forgets what was observed so far (after a warm-up), keeping the lines as they are. */
  resetStatistics(): void {
    const now = this.#sim.now;
    this.#stateTime.fill(0);
    this.#finished.fill(0);
    this.#rejected.fill(0);
    this.#failures.fill(0);
    this.#levelArea.fill(0);
    this.#since.fill(now);
    this.#levelSince.fill(now);
    this.#observedFrom = now;
  }

  /** Good parts out of line l's last station so far, and parts rejected on it. */
  output(l: number): { produced: number; rejected: number } {
    const first = this.#first[l] as number;
    const last = first + (this.#lines[l]?.stations.length ?? 1) - 1;
    let rejected = 0;
    for (let s = first; s <= last; s++) rejected += this.#rejected[s] as number;
    return {
      produced: (this.#finished[last] as number) - (this.#rejected[last] as number),
      rejected,
    };
  }

  statistics(): LineStatistics[] {
    const now = this.#sim.now;
    const span = now - this.#observedFrom;
    return this.#lines.map((line, l) => {
      const first = this.#first[l] as number;
      const stations = line.stations.map((station, i): StationStatistics => {
        const s = first + i;
        const time = (state: number) => {
          let t = this.#stateTime[s * STATES + state] as number;
          if (this.#state[s] === state) t += now - (this.#since[s] as number);
          return span > 0 ? t / span : 0;
        };
        return {
          name: station.name,
          busy: time(BUSY),
          blocked: time(BLOCKED),
          starved: time(STARVED),
          down: time(DOWN),
          changeover: time(CHANGEOVER),
          finished: this.#finished[s] as number,
          rejected: this.#rejected[s] as number,
          failures: this.#failures[s] as number,
        };
      });
      const { produced, rejected } = this.output(l);
      const meanBuffer = line.buffers.map((_, i) => {
        const s = first + i;
        const area =
          (this.#levelArea[s] as number) +
          (this.#level[s] as number) * (now - (this.#levelSince[s] as number));
        return span > 0 ? area / span : 0;
      });
      return { name: line.name, produced, rejected, stations, meanBuffer };
    });
  }

  get stationCount(): number {
    return this.#count;
  }
}

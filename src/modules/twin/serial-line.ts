// Production lines of stations in series with finite buffers between them:
// the twin's model of a cartridge line, and of the benchmark's lines. The
// first station is never starved and the last never blocked. Blocking after
// service: a finished part waits in its station until there is room
// downstream (a buffer place, or the next station itself when the buffer
// between them holds nothing). A station fails in calendar time (its clock
// to failure runs whatever it does) or in operating time (only while it
// works); a failure pre-empts the part in process, which resumes after the
// repair. A finished part is a reject with the station's probability.
//
// Stations live in flat typed arrays indexed by a global station number, so
// several independent lines share one calendar; events carry the station as
// their target and a token that a failure bumps to cancel a pending end of
// service.
import type { Distribution } from './distributions.js';
import type { Model, Simulation } from './engine.js';
import { type RandomStream, streamOf } from './random.js';

export interface StationSpec {
  readonly name: string;
  readonly cycle: Distribution;
  readonly failure?: {
    readonly timeToFailure: Distribution;
    readonly timeToRepair: Distribution;
    /** Calendar: the clock to failure always runs. Operating: only while the station works. */
    readonly basis: 'calendar' | 'operating';
  };
  /** Share of finished parts that are rejects (removed from the line). */
  readonly rejectProbability?: number;
}

export interface LineSpec {
  readonly name: string;
  readonly stations: readonly StationSpec[];
  /** Capacity of the buffer after each station but the last (parts waiting, not in a station). */
  readonly buffers: readonly number[];
}

const END = 0;
const FAIL = 1;
const REPAIR = 2;

export const STARVED = 0;
export const BUSY = 1;
export const BLOCKED = 2;
export const DOWN = 3;
const STATES = 4;

export interface StationStatistics {
  readonly name: string;
  /** Shares of the observed time, adding up to 1. */
  readonly busy: number;
  readonly blocked: number;
  readonly starved: number;
  readonly down: number;
  readonly finished: number;
  readonly rejected: number;
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
  /** Global station number of each line's first station. */
  readonly #first: Int32Array;
  readonly #count: number;
  readonly #lineOf: Int32Array;
  readonly #isFirst: Uint8Array;
  readonly #isLast: Uint8Array;
  readonly #cycle: Distribution[];
  readonly #ttf: (Distribution | null)[];
  readonly #ttr: (Distribution | null)[];
  readonly #operatingBasis: Uint8Array;
  readonly #reject: Float64Array;
  readonly #random: RandomStream[];
  readonly #failureRandom: RandomStream[];

  readonly #state: Uint8Array;
  /** What a down station was doing when it failed. */
  readonly #downFrom: Uint8Array;
  readonly #token: Int32Array;
  readonly #remaining: Float64Array;
  readonly #workStart: Float64Array;
  readonly #untilFailure: Float64Array;
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
  #observedFrom = 0;

  constructor(simulation: Simulation, lines: readonly LineSpec[], seed: number | string) {
    this.#sim = simulation;
    this.#lines = lines;
    const n = lines.reduce((sum, l) => sum + l.stations.length, 0);
    this.#count = n;
    this.#first = new Int32Array(lines.length);
    this.#lineOf = new Int32Array(n);
    this.#isFirst = new Uint8Array(n);
    this.#isLast = new Uint8Array(n);
    this.#cycle = [];
    this.#ttf = [];
    this.#ttr = [];
    this.#operatingBasis = new Uint8Array(n);
    this.#reject = new Float64Array(n);
    this.#random = [];
    this.#failureRandom = [];
    this.#capacity = new Float64Array(n);
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
        this.#ttf.push(station.failure?.timeToFailure ?? null);
        this.#ttr.push(station.failure?.timeToRepair ?? null);
        this.#operatingBasis[s] = station.failure?.basis === 'operating' ? 1 : 0;
        const p = station.rejectProbability ?? 0;
        if (!(p >= 0 && p < 1))
          throw new Error(`${line.name}/${station.name}: reject probability must be in [0, 1)`);
        this.#reject[s] = p;
        // Independent streams: a change to one source of randomness leaves the others' draws alone.
        this.#random.push(streamOf(seed, `${line.name}/${station.name}/cycle`));
        this.#failureRandom.push(streamOf(seed, `${line.name}/${station.name}/failure`));
        const capacity = i < line.buffers.length ? (line.buffers[i] as number) : 0;
        if (!(capacity >= 0))
          throw new Error(`${line.name}: buffer capacities must not be negative`);
        this.#capacity[s] = capacity;
        s++;
      });
    });
    this.#state = new Uint8Array(n);
    this.#downFrom = new Uint8Array(n);
    this.#token = new Int32Array(n);
    this.#remaining = new Float64Array(n);
    this.#workStart = new Float64Array(n);
    this.#untilFailure = new Float64Array(n);
    this.#since = new Float64Array(n);
    this.#stateTime = new Float64Array(n * STATES);
    this.#finished = new Float64Array(n);
    this.#rejected = new Float64Array(n);
    this.#failures = new Float64Array(n);
    this.#level = new Float64Array(n);
    this.#levelSince = new Float64Array(n);
    this.#levelArea = new Float64Array(n);

    const now = simulation.now;
    for (let station = 0; station < n; station++) {
      this.#since[station] = now;
      this.#levelSince[station] = now;
      const ttf = this.#ttf[station];
      if (ttf) {
        const first = ttf.sample(this.#failureRandom[station] as RandomStream);
        if (this.#operatingBasis[station]) this.#untilFailure[station] = first;
        else simulation.schedule(first, FAIL, station, 0);
      }
    }
    this.#observedFrom = now;
    for (let l = 0; l < lines.length; l++) this.#tryStart(this.#first[l] as number, now);
  }

  handle(kind: number, station: number, token: number, now: number): void {
    if (kind === END) {
      if (token === this.#token[station]) this.#finish(station, now);
    } else if (kind === FAIL) {
      if (token === this.#token[station] || !this.#operatingBasis[station])
        this.#fail(station, now);
    } else this.#repair(station, now);
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

  /** Starts (or resumes) the work left on station s: an end of service, or first the failure that interrupts it. */
  #work(s: number, now: number): void {
    this.#setState(s, BUSY, now);
    this.#workStart[s] = now;
    const token = (this.#token[s] as number) + 1;
    this.#token[s] = token;
    const remaining = this.#remaining[s] as number;
    if (this.#operatingBasis[s] && this.#ttf[s] && (this.#untilFailure[s] as number) < remaining) {
      this.#sim.schedule(this.#untilFailure[s] as number, FAIL, s, token);
    } else {
      this.#sim.schedule(remaining, END, s, token);
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
    this.#begin(s, now);
  }

  #begin(s: number, now: number): void {
    this.#remaining[s] = (this.#cycle[s] as Distribution).sample(this.#random[s] as RandomStream);
    this.#work(s, now);
  }

  #finish(s: number, now: number): void {
    if (this.#operatingBasis[s])
      this.#untilFailure[s] =
        (this.#untilFailure[s] as number) - (now - (this.#workStart[s] as number));
    this.#remaining[s] = 0;
    this.#finished[s] = (this.#finished[s] as number) + 1;
    const p = this.#reject[s] as number;
    if (p > 0 && (this.#random[s] as RandomStream).next() < p) {
      this.#rejected[s] = (this.#rejected[s] as number) + 1;
      this.#setState(s, STARVED, now);
      this.#tryStart(s, now);
      return;
    }
    if (this.#isLast[s]) {
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

  #fail(s: number, now: number): void {
    const state = this.#state[s] as number;
    if (state === DOWN) return;
    if (state === BUSY) {
      const worked = now - (this.#workStart[s] as number);
      this.#remaining[s] = (this.#remaining[s] as number) - worked;
      if (this.#operatingBasis[s]) this.#untilFailure[s] = 0;
      // Cancels the pending end of service.
      this.#token[s] = (this.#token[s] as number) + 1;
    }
    this.#downFrom[s] = state;
    this.#failures[s] = (this.#failures[s] as number) + 1;
    this.#setState(s, DOWN, now);
    this.#sim.schedule(
      (this.#ttr[s] as Distribution).sample(this.#failureRandom[s] as RandomStream),
      REPAIR,
      s,
      0,
    );
  }

  #repair(s: number, now: number): void {
    const ttf = this.#ttf[s] as Distribution;
    const random = this.#failureRandom[s] as RandomStream;
    if (this.#operatingBasis[s]) this.#untilFailure[s] = ttf.sample(random);
    else this.#sim.schedule(ttf.sample(random), FAIL, s, 0);
    const was = this.#downFrom[s] as number;
    if (was === BUSY) this.#work(s, now);
    else if (was === BLOCKED) {
      this.#setState(s, BLOCKED, now);
      this.#pass(s, now);
    } else {
      this.#setState(s, STARVED, now);
      this.#tryStart(s, now);
    }
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
          finished: this.#finished[s] as number,
          rejected: this.#rejected[s] as number,
          failures: this.#failures[s] as number,
        };
      });
      const last = first + line.stations.length - 1;
      const rejected = stations.reduce((sum, st) => sum + st.rejected, 0);
      const meanBuffer = line.buffers.map((_, i) => {
        const s = first + i;
        const area =
          (this.#levelArea[s] as number) +
          (this.#level[s] as number) * (now - (this.#levelSince[s] as number));
        return span > 0 ? area / span : 0;
      });
      return {
        name: line.name,
        produced: (this.#finished[last] as number) - (this.#rejected[last] as number),
        rejected,
        stations,
        meanBuffer,
      };
    });
  }

  get stationCount(): number {
    return this.#count;
  }
}

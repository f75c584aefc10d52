// Exact answers for small production lines, to validate the twin against: a
// line of stations in series with exponential service, finite buffers and
// (optionally) exponential failures and repairs is a continuous-time Markov
// chain, and its stationary distribution gives the throughput and the shares
// of time each station works, waits and is blocked. The model is the one the
// simulation runs (serial-line.ts): the first station is never starved, the
// last never blocked, blocking after service (a finished part waits in its
// station until there is room downstream: a buffer place, or the next station
// itself when the buffer between them holds nothing), and a failure pre-empts
// the part in process, which resumes after the repair (with exponential
// service, resuming and restarting are the same).
//
// The chain is built by enumerating the states reachable from an empty line
// and solved directly: the GTH algorithm (Grassmann, Taksar & Heyman 1985),
// Gaussian elimination on the generator that only adds and multiplies
// non-negative numbers, so its result is accurate to rounding whatever the
// spread of the rates. States are ordered by reverse Cuthill–McKee so the
// elimination stays inside a narrow band. Pure.
import { invalid } from '../../core/errors.js';

export interface StationFailure {
  /** Exponential time to failure: failures per unit of the basis's time. */
  readonly failureRate: number;
  /** Exponential time to repair: repairs per unit time while down. */
  readonly repairRate: number;
  /**
   * Operating (the default, the classic model): the station fails only while it works, so it is
   * always down with a part in process. Calendar: it fails whatever it does — working, starved
   * (then it takes no part until repaired) or blocked (then it hands nothing on until repaired).
   */
  readonly basis?: 'operating' | 'calendar';
}

export interface SerialLine {
  /** Service rates of the stations in series (exponential service times), parts per unit time. */
  readonly rates: readonly number[];
  /** Buffer capacity between station i and i+1 (parts waiting, not counting those in service); length rates.length - 1. */
  readonly buffers: readonly number[];
  /** Optional failures per station (null: never fails); operation-dependent unless `basis` says calendar. */
  readonly failures?: readonly (StationFailure | null)[];
}

export interface LineSolution {
  /** Parts per unit time out of the last station: Σ P(last working) × μ_last. */
  throughput: number;
  /** Per station, the shares of time blocked, starved, working and down; they add up to 1. */
  blocked: number[];
  starved: number[];
  utilisation: number[];
  down: number[];
  /** Mean parts waiting in each buffer (not counting parts in a station). */
  meanBuffer: number[];
  /** Number of reachable states of the chain. */
  states: number;
}

export interface SolveOptions {
  /** Refuse lines whose chain has more reachable states than this (default 10,000). */
  readonly maxStates?: number;
}

/** One transition of a continuous-time Markov chain: from state → to state at this rate. */
export interface Transition {
  readonly from: number;
  readonly to: number;
  readonly rate: number;
}

export type StationStatus = 'starved' | 'working' | 'blocked' | 'down';

export interface LineState {
  readonly stations: readonly StationStatus[];
  /** Parts waiting in each buffer. */
  readonly buffers: readonly number[];
}

export interface SerialLineChain {
  /** State 0 is the empty line: the first station working, the others starved. */
  readonly states: readonly LineState[];
  readonly transitions: readonly Transition[];
}

// A down station remembers what it was doing: with a part in process, empty
// (calendar failures only) or holding a finished part (calendar only).
const STARVED = 0;
const WORKING = 1;
const BLOCKED = 2;
const DOWN_WORKING = 3;
const DOWN_STARVED = 4;
const DOWN_BLOCKED = 5;
const STATUS: readonly StationStatus[] = ['starved', 'working', 'blocked', 'down', 'down', 'down'];

const DEFAULT_MAX_STATES = 10_000;

interface Checked {
  readonly m: number;
  readonly rates: readonly number[];
  readonly capacity: readonly number[];
  readonly failureRate: readonly number[];
  readonly repairRate: readonly number[];
  readonly calendar: readonly boolean[];
}

function check(line: SerialLine): Checked {
  const m = line.rates.length;
  if (m === 0) throw invalid('markov_line_empty', 'a line needs at least one station');
  line.rates.forEach((rate, i) => {
    if (!(Number.isFinite(rate) && rate > 0)) {
      throw invalid(
        'markov_service_rate_invalid',
        'station {{station}}: the service rate must be a positive number',
        { station: i },
      );
    }
  });
  if (line.buffers.length !== m - 1) {
    throw invalid(
      'markov_buffer_count',
      '{{expected}} buffer capacities expected, {{given}} given',
      { expected: m - 1, given: line.buffers.length },
    );
  }
  line.buffers.forEach((b, i) => {
    if (!(Number.isInteger(b) && b >= 0)) {
      throw invalid(
        'markov_buffer_invalid',
        'buffer {{buffer}}: the capacity must be a whole number, 0 or more',
        { buffer: i },
      );
    }
  });
  const failures = line.failures ?? [];
  if (line.failures && failures.length !== m) {
    throw invalid(
      'markov_failure_count',
      '{{expected}} failure entries expected (null for none), {{given}} given',
      { expected: m, given: failures.length },
    );
  }
  const failureRate: number[] = [];
  const repairRate: number[] = [];
  const calendar: boolean[] = [];
  for (let i = 0; i < m; i++) {
    const f = failures[i] ?? null;
    if (f && !(Number.isFinite(f.failureRate) && f.failureRate >= 0)) {
      throw invalid(
        'markov_failure_rate_invalid',
        'station {{station}}: the failure rate must be a number, 0 or more',
        { station: i },
      );
    }
    if (f && !(Number.isFinite(f.repairRate) && f.repairRate > 0)) {
      throw invalid(
        'markov_repair_rate_invalid',
        'station {{station}}: the repair rate must be a positive number',
        { station: i },
      );
    }
    failureRate.push(f ? f.failureRate : 0);
    repairRate.push(f ? f.repairRate : 0);
    calendar.push(f?.basis === 'calendar');
  }
  return { m, rates: line.rates, capacity: line.buffers, failureRate, repairRate, calendar };
}

/**
 * The line's state: stations' statuses then buffer levels, in one array. The moves below are the
 * simulation's (serial-line.ts `#pass`, `#tryStart`), applied at once since they take no time.
 */
class LineMoves {
  constructor(private readonly line: Checked) {}

  /** Station i holds a finished part (BLOCKED): hand it on if there is room. */
  pass(s: number[], i: number): void {
    const { m, capacity } = this.line;
    const level = m + i;
    if (s[level] === 0 && s[i + 1] === STARVED) {
      s[i] = STARVED;
      s[i + 1] = WORKING;
      this.pull(s, i);
    } else if ((s[level] as number) < (capacity[i] as number)) {
      s[level] = (s[level] as number) + 1;
      s[i] = STARVED;
      this.pull(s, i);
    }
  }

  /** Station i is STARVED: start on the next part if one is waiting upstream. */
  pull(s: number[], i: number): void {
    if (i === 0) {
      // An endless supply of parts in front of the first station.
      s[0] = WORKING;
      return;
    }
    const level = this.line.m + i - 1;
    if ((s[level] as number) > 0) {
      s[level] = (s[level] as number) - 1;
      s[i] = WORKING;
      // A place came free in the buffer upstream.
      if (s[i - 1] === BLOCKED) this.pass(s, i - 1);
    } else if (s[i - 1] === BLOCKED) {
      // No buffer between them: the part passes straight from the blocked station.
      s[i - 1] = STARVED;
      s[i] = WORKING;
      this.pull(s, i - 1);
    }
  }

  /** Station i ends a service. */
  finish(s: number[], i: number): void {
    if (i === this.line.m - 1) {
      s[i] = STARVED;
      this.pull(s, i);
    } else {
      s[i] = BLOCKED;
      this.pass(s, i);
    }
  }

  /** Calls `emit` with each state one event away from `state` and the event's rate. */
  successors(state: readonly number[], emit: (next: number[], rate: number) => void): void {
    const { m, rates, failureRate, repairRate, calendar } = this.line;
    for (let i = 0; i < m; i++) {
      const status = state[i] as number;
      const f = failureRate[i] as number;
      const r = repairRate[i] as number;
      const next = () => state.slice();
      switch (status) {
        case WORKING: {
          const done = next();
          this.finish(done, i);
          emit(done, rates[i] as number);
          if (f > 0) {
            const failed = next();
            failed[i] = DOWN_WORKING;
            emit(failed, f);
          }
          break;
        }
        case STARVED:
        case BLOCKED:
          if (f > 0 && calendar[i]) {
            const failed = next();
            failed[i] = status === STARVED ? DOWN_STARVED : DOWN_BLOCKED;
            emit(failed, f);
          }
          break;
        case DOWN_WORKING: {
          const repaired = next();
          repaired[i] = WORKING;
          emit(repaired, r);
          break;
        }
        case DOWN_STARVED: {
          const repaired = next();
          repaired[i] = STARVED;
          this.pull(repaired, i);
          emit(repaired, r);
          break;
        }
        case DOWN_BLOCKED: {
          const repaired = next();
          repaired[i] = BLOCKED;
          this.pass(repaired, i);
          emit(repaired, r);
          break;
        }
        default:
          throw new Error(`unknown station status ${status}`);
      }
    }
  }
}

interface RawChain {
  readonly encoded: number[][];
  readonly transitions: Transition[];
}

function enumerate(line: Checked, maxStates: number): RawChain {
  const moves = new LineMoves(line);
  const start = new Array<number>(2 * line.m - 1).fill(0);
  moves.pull(start, 0);
  const encoded: number[][] = [start];
  const index = new Map<string, number>([[start.join(','), 0]]);
  const transitions: Transition[] = [];
  for (let from = 0; from < encoded.length; from++) {
    moves.successors(encoded[from] as number[], (next, rate) => {
      const key = next.join(',');
      let to = index.get(key);
      if (to === undefined) {
        to = encoded.length;
        if (to >= maxStates) {
          throw invalid(
            'markov_too_many_states',
            "the line's chain has more than {{maxStates}} states; make the buffers smaller",
            { maxStates },
          );
        }
        index.set(key, to);
        encoded.push(next);
      }
      transitions.push({ from, to, rate });
    });
  }
  return { encoded, transitions };
}

/** The line's Markov chain: its reachable states (state 0 the empty line) and transitions. */
export function serialLineChain(line: SerialLine, options: SolveOptions = {}): SerialLineChain {
  const checked = check(line);
  const { encoded, transitions } = enumerate(checked, options.maxStates ?? DEFAULT_MAX_STATES);
  const states = encoded.map(
    (s): LineState => ({
      stations: s.slice(0, checked.m).map((status) => STATUS[status] as StationStatus),
      buffers: s.slice(checked.m),
    }),
  );
  return { states, transitions };
}

/**
 * Reverse Cuthill–McKee order of the chain's graph (transitions taken both ways): `order[k]` is
 * the state placed k-th. Neighbouring states end up close, so the generator is a narrow band.
 */
function reverseCuthillMcKee(size: number, transitions: readonly Transition[]): Int32Array {
  const neighbours: Set<number>[] = Array.from({ length: size }, () => new Set<number>());
  for (const { from, to } of transitions) {
    if (from === to) continue;
    (neighbours[from] as Set<number>).add(to);
    (neighbours[to] as Set<number>).add(from);
  }
  const degree = neighbours.map((n) => n.size);
  const thinner = (a: number, b: number) => (degree[a] as number) - (degree[b] as number) || a - b;
  const adjacency = neighbours.map((n) => [...n].sort(thinner));

  // Breadth-first from root, neighbours thinnest first; the states in visiting order and where
  // the last level starts.
  const mark = new Uint8Array(size);
  const search = (root: number): { visited: number[]; lastLevel: number; depth: number } => {
    const visited = [root];
    mark[root] = 1;
    let levelStart = 0;
    let depth = 0;
    for (;;) {
      const levelEnd = visited.length;
      for (let k = levelStart; k < levelEnd; k++) {
        for (const v of adjacency[visited[k] as number] as number[]) {
          if (mark[v]) continue;
          mark[v] = 1;
          visited.push(v);
        }
      }
      if (visited.length === levelEnd) break;
      levelStart = levelEnd;
      depth++;
    }
    return { visited, lastLevel: levelStart, depth };
  };
  const unmark = (states: readonly number[]) => {
    for (const u of states) mark[u] = 0;
  };

  const order = new Int32Array(size);
  let count = 0;
  for (let s = 0; s < size; s++) {
    if (mark[s]) continue;
    // A pseudo-peripheral root (George & Liu): move to the thinnest state of the farthest level
    // while that makes the search deeper.
    let found = search(s);
    for (let hop = 0; hop < 8; hop++) {
      const far = found.visited.slice(found.lastLevel).sort(thinner)[0] as number;
      unmark(found.visited);
      const further = search(far);
      if (further.depth <= found.depth) {
        unmark(further.visited);
        found = search(found.visited[0] as number);
        break;
      }
      found = further;
    }
    for (const u of found.visited) order[count++] = u;
  }
  order.reverse();
  return order;
}

/** Every state reaches state 0 and state 0 reaches every state. */
function irreducible(size: number, transitions: readonly Transition[]): boolean {
  const reaches = (forward: boolean) => {
    const next: number[][] = Array.from({ length: size }, () => []);
    for (const { from, to, rate } of transitions) {
      if (rate > 0) (next[forward ? from : to] as number[]).push(forward ? to : from);
    }
    const seen = new Uint8Array(size);
    seen[0] = 1;
    const stack = [0];
    let count = 1;
    for (let u = stack.pop(); u !== undefined; u = stack.pop()) {
      for (const v of next[u] as number[]) {
        if (seen[v]) continue;
        seen[v] = 1;
        count++;
        stack.push(v);
      }
    }
    return count === size;
  };
  return reaches(true) && reaches(false);
}

/**
 * The stationary distribution π (πQ = 0, Σπ = 1) of an irreducible continuous-time Markov chain
 * with states 0..size-1 given by its transitions (self-loops are ignored, parallel ones add).
 * Direct: GTH elimination in a band, O(size × bandwidth²).
 */
export function stationaryDistribution(
  size: number,
  transitions: readonly Transition[],
): Float64Array {
  if (!(Number.isInteger(size) && size > 0))
    throw invalid('markov_chain_empty', 'a chain needs at least one state');
  for (const { from, to, rate } of transitions) {
    if (
      !(
        Number.isInteger(from) &&
        from >= 0 &&
        from < size &&
        Number.isInteger(to) &&
        to >= 0 &&
        to < size
      )
    ) {
      throw invalid(
        'markov_transition_unknown_state',
        'transition {{from}} → {{to}}: no such state',
        {
          from,
          to,
        },
      );
    }
    if (!(Number.isFinite(rate) && rate >= 0))
      throw invalid(
        'markov_transition_rate_negative',
        'transition {{from}} → {{to}}: the rate must be 0 or more',
        { from, to },
      );
  }
  if (size === 1) return Float64Array.of(1);
  if (!irreducible(size, transitions)) {
    throw invalid(
      'markov_chain_reducible',
      'the chain is not irreducible: some state cannot reach some other',
    );
  }

  const order = reverseCuthillMcKee(size, transitions);
  const position = new Int32Array(size);
  order.forEach((state, k) => {
    position[state] = k;
  });
  let w = 0;
  for (const { from, to } of transitions) {
    w = Math.max(w, Math.abs((position[from] as number) - (position[to] as number)));
  }
  // Row i of the band holds columns i-w..i+w; a[i][j] sits at i*width + j - i + w.
  const width = 2 * w + 1;
  const a = new Float64Array(size * width);
  for (const { from, to, rate } of transitions) {
    if (from === to) continue;
    const i = position[from] as number;
    const j = position[to] as number;
    a[i * width + j - i + w] = (a[i * width + j - i + w] as number) + rate;
  }

  // Censor the chain on states 0..n-1, last state first. Rates out of n to the states still kept
  // sum to s; its paths through n become direct transitions i → j at a[i][n] a[n][j] / s.
  const out = new Float64Array(size);
  for (let n = size - 1; n > 0; n--) {
    const lo = Math.max(0, n - w);
    const rowN = n * width - n + w;
    let s = 0;
    for (let j = lo; j < n; j++) s += a[rowN + j] as number;
    // An irreducible chain keeps s > 0 (the censored chain is irreducible too); only rates
    // small enough to underflow could break that.
    if (!(s > 0))
      throw invalid('markov_rates_underflow', 'the chain cannot be solved: its rates underflow');
    out[n] = s;
    for (let i = lo; i < n; i++) {
      const rowI = i * width - i + w;
      const ain = a[rowI + n] as number;
      if (ain === 0) continue;
      const f = ain / s;
      for (let j = lo; j < n; j++)
        a[rowI + j] = (a[rowI + j] as number) + f * (a[rowN + j] as number);
    }
  }
  // Back-substitute: the flow into n from the states before it balances the flow out.
  const x = new Float64Array(size);
  x[0] = 1;
  let total = 1;
  for (let n = 1; n < size; n++) {
    let inflow = 0;
    for (let i = Math.max(0, n - w); i < n; i++)
      inflow += (x[i] as number) * (a[i * width + n - i + w] as number);
    x[n] = inflow / (out[n] as number);
    total += x[n] as number;
  }
  const pi = new Float64Array(size);
  for (let k = 0; k < size; k++) pi[order[k] as number] = (x[k] as number) / total;
  return pi;
}

/**
 * Exact stationary performance of a serial line with exponential service, finite buffers and
 * optional exponential failures — operation-dependent by default (a station fails only while it
 * works, and stays down with its part in process until repaired), calendar if a failure says so.
 * The first station is never starved, the last never blocked; blocking after service. Solved
 * directly (GTH in a band), so keep chains to a few thousand states: about 0.1 s for 2,000 states
 * of a three- or four-station line, 1 s for 5,000 and 3–4 s for 8,500 (three stations, calendar
 * failures everywhere). Lines up to `maxStates` (10,000 by default) are accepted.
 */
export function solveSerialLine(line: SerialLine, options: SolveOptions = {}): LineSolution {
  const checked = check(line);
  const { m } = checked;
  const { encoded, transitions } = enumerate(checked, options.maxStates ?? DEFAULT_MAX_STATES);
  const pi = stationaryDistribution(encoded.length, transitions);
  const shares = Array.from({ length: 4 }, () => new Array<number>(m).fill(0));
  const meanBuffer = new Array<number>(m - 1).fill(0);
  encoded.forEach((s, k) => {
    const p = pi[k] as number;
    for (let i = 0; i < m; i++) {
      const share = shares[Math.min(s[i] as number, DOWN_WORKING)] as number[];
      share[i] = (share[i] as number) + p;
    }
    for (let b = 0; b < m - 1; b++)
      meanBuffer[b] = (meanBuffer[b] as number) + p * (s[m + b] as number);
  });
  const [starved, utilisation, blocked, down] = shares as [number[], number[], number[], number[]];
  return {
    throughput: (utilisation[m - 1] as number) * (checked.rates[m - 1] as number),
    blocked,
    starved,
    utilisation,
    down,
    meanBuffer,
    states: encoded.length,
  };
}

// A stochastic model of one production line, built from the plant file, that
// produces the machine data the line's edge node would publish (see
// ../contract.ts). Pure and seedable: the same plant, seed, start and plan
// give the same metric changes and the same tallies, and nothing here reads a
// clock — the caller advances simulated time.
//
// The model is event-driven in "production time": time passes only inside the
// windows of the shift calendar, so a cycle, a repair or a changeover that a
// shift end interrupts resumes when the next shift starts. Within a window:
//
//   feed → [CF] → buffer → [PR] → buffer → … → [PK] → good output
//
// - The first station indexes at the product's rated line rate (the line's
//   set speed); the others can run at their own, faster, nominal rates, which
//   they do only to catch up when their input buffer is more than
//   `catchUpLevel` full, and otherwise run at line speed.
// - Cycle times are log-normal around their mean.
// - Breakdowns and micro-stops come after exponentially distributed operating
//   time (a starved or blocked station does not wear) and last a log-normal
//   time; each is reported as State = down with a reason code.
// - Each station scraps a unit with a small probability; the gauging station
//   measures every cartridge against the product's specification and scraps
//   the ones outside it.
// - A station holding a finished unit in front of a full buffer is blocked,
//   one waiting for input starved. Both are reported only once they last
//   `stateDebounceMs`, as a PLC would, so a station waiting a moment for the
//   next cartridge does not flicker.
// - When a work order reaches its quantity the feed stops, the line drains,
//   and the changeover to the next product (minutes from the plant file)
//   holds every station in setup.
// - During a shift's break every station reports a planned stop (PLN-BREAK),
//   which the production module's time model counts as planned down time;
//   off shift every station is idle.
//
// Counts are reported every `reportIntervalMs` (and at every window end and
// every `advanceTo`), state changes when they happen, gauge values per unit.
// The tally is the simulator's own record of what it did, for tests to hold
// ingest against: what was published is exactly what is tallied.
import { invalid } from '../../../core/errors.js';
import type { PlantFile } from '../../plant/index.js';
import { type ProductionWindow, ShiftCalendar } from '../../plant/index.js';
import {
  contractDatatype,
  GAUGING_STATION_KIND,
  LINE_METRICS,
  METRICS,
  type MetricName,
  STATES_WITH_REASON,
  type StationState,
  stationMetrics,
} from '../contract.js';
import type { MetricValue, ScalarDataType } from '../sparkplug.js';
import { type RandomStream, randomSource } from './random.js';

type Line = PlantFile['lines'][number];
type StationKind = Line['stations'][number]['kind'];

export interface PlannedRun {
  workOrder: string;
  product: string;
  /** Good cartridges to make; without it the run never ends. */
  quantity?: number;
}

export interface WeightedReason {
  code: string;
  weight: number;
}

export interface DowntimeReasons {
  breakdown: (station: { code: string; kind: StationKind }) => readonly WeightedReason[];
  minorStop: readonly WeightedReason[];
  changeover: string;
  /** Reported as a planned stop while the line stands for a shift's break. */
  break: string;
}

export interface ModelParameters {
  /** Units each buffer between two stations holds. */
  bufferCapacity: number;
  /** Fill of its input buffer above which a station runs at its nominal rate. */
  catchUpLevel: number;
  /** The line's set speed as a fraction of its rated rate (a speed loss of ISO 22400). */
  lineSpeed: number;
  /** Coefficient of variation of a cycle time. */
  cycleTimeCv: number;
  minorStop: { operatingMinutesBetween: number; meanSeconds: number; cv: number };
  breakdown: { operatingHoursBetween: number; meanMinutes: number; cv: number };
  /** Probability that a station scraps a unit, by station kind. */
  rejectRate: Partial<Record<StationKind, number>>;
  /** Process capability (Cp) of the gauged characteristics against their limits. */
  gaugeCapability: number;
  reportIntervalMs: number;
  /** Cycle/Time is the mean over this long (at least one report interval). */
  cycleTimeIntervalMs: number;
  stateDebounceMs: number;
}

export const DEFAULT_PARAMETERS: ModelParameters = {
  bufferCapacity: 40,
  catchUpLevel: 0.5,
  lineSpeed: 0.97,
  cycleTimeCv: 0.05,
  minorStop: { operatingMinutesBetween: 20, meanSeconds: 20, cv: 0.8 },
  breakdown: { operatingHoursBetween: 10, meanMinutes: 12, cv: 1 },
  rejectRate: {
    case_feeding: 0.002,
    priming: 0.001,
    charging: 0.0008,
    bullet_seating: 0.0015,
    crimping_sealing: 0.001,
    gauging: 0,
    inspection: 0.002,
    packing: 0.0002,
    other: 0.001,
  },
  gaugeCapability: 1,
  reportIntervalMs: 1_000,
  cycleTimeIntervalMs: 10_000,
  stateDebounceMs: 2_000,
};

// Codes of the reference plant's downtime reason tree. Against a plant with a
// tree, codes it does not have as reported leaves are dropped (a plant without
// MECH-<station> for some station), and a purpose left with none is an error.
export const DEFAULT_REASONS: DowntimeReasons = {
  breakdown: (station) => [
    { code: `MECH-${station.code}`, weight: 6 },
    { code: 'ELEC-DRIVE', weight: 2 },
    { code: 'ELEC-SENSOR', weight: 1.5 },
    { code: 'ELEC-PLC', weight: 0.5 },
  ],
  minorStop: [{ code: 'MICRO', weight: 1 }],
  changeover: 'PLN-SETUP-PRODUCT',
  break: 'PLN-BREAK',
};

export interface SimulatorOptions {
  plant: PlantFile;
  line: string;
  seed: number | string;
  /** Simulated time of the start, ms since the epoch. */
  start: number;
  /** Work orders in the order the line runs them; by default one endless run of its first product. */
  plan?: readonly PlannedRun[];
  parameters?: Partial<ModelParameters>;
  reasons?: Partial<DowntimeReasons>;
}

/** One value a metric took, per the contract. `device` null is the line (edge node) itself. */
export interface MetricChange {
  device: string | null;
  name: MetricName;
  value: MetricValue;
  timestamp: number;
}

export interface SnapshotMetric {
  name: MetricName;
  datatype: ScalarDataType;
  value: MetricValue;
}

/** Current values of every metric, for birth certificates. */
export interface LineSnapshot {
  line: string;
  timestamp: number;
  node: SnapshotMetric[];
  devices: { device: string; metrics: SnapshotMetric[] }[];
}

export interface StationTally {
  station: string;
  good: number;
  reject: number;
  /** Time in each reported state, ms (off-shift time is idle). */
  stateMs: Record<StationState, number>;
  /** Time down, by reason code, ms. */
  downMsByReason: Record<string, number>;
  /** Reported transitions into down. */
  stops: number;
}

export interface ShiftTally {
  shift: string;
  date: string;
  /** Planned production time simulated within the shift, ms. */
  plannedMs: number;
  good: number;
  reject: number;
}

export interface RunTally {
  workOrder: string;
  product: string;
  good: number;
  reject: number;
  startedAt: number;
  endedAt: number | null;
}

export interface LineTally {
  line: string;
  from: number;
  to: number;
  /** Cartridges out of the last station. */
  good: number;
  /** Units scrapped at any station. */
  reject: number;
  plannedMs: number;
  /** Station-time down, by reason (sum over stations), ms. */
  downMsByReason: Record<string, number>;
  /** Line time in changeover, ms. */
  changeoverMs: number;
  stations: StationTally[];
  shifts: ShiftTally[];
  runs: RunTally[];
}

type Phase = 'working' | 'waiting' | 'blocked' | 'failed' | 'minor' | 'setup' | 'idle';
type NextKind = 'done' | 'fail' | 'minor' | 'resume' | 'none';

interface Gauge {
  name: MetricName;
  mean: number;
  sd: number;
  lsl: number;
  usl: number;
}

interface Station {
  index: number;
  code: string;
  kind: StationKind;
  nominalCycleMs: number;
  rejectRate: number;
  breakdownReasons: readonly WeightedReason[];
  phase: Phase;
  phaseSince: number;
  next: number;
  nextKind: NextKind;
  residual: number;
  segmentStart: number;
  cycleMs: number;
  ttf: number;
  ttm: number;
  reason: string;
  good: number;
  reject: number;
  cycleSum: number;
  cycleCount: number;
  cycleReportedAt: number;
  // As published.
  repState: StationState;
  repReason: string;
  repGood: number;
  repReject: number;
  repCycle: number;
  repGauge: Map<MetricName, number>;
  repSince: number;
  rng: {
    cycle: RandomStream;
    failure: RandomStream;
    minor: RandomStream;
    reject: RandomStream;
    gauge: RandomStream;
    reason: RandomStream;
  };
  tally: StationTally;
}

type LineMode = 'producing' | 'draining' | 'changeover' | 'done';

const emptyStateMs = (): Record<StationState, number> => ({
  running: 0,
  idle: 0,
  starved: 0,
  blocked: 0,
  down: 0,
  setup: 0,
  planned_stop: 0,
});

export class LineSimulator {
  readonly line: Line;
  readonly #plant: PlantFile;
  readonly #params: ModelParameters;
  readonly #plan: readonly PlannedRun[];
  readonly #changeoverReason: string;
  readonly #breakReason: string;
  readonly #minorReasons: readonly WeightedReason[];
  readonly #stations: Station[];
  readonly #buffers: number[];
  readonly #windows: Generator<ProductionWindow>;
  #upcoming: ProductionWindow | undefined;
  #window: ProductionWindow | undefined;
  #windowTau = 0;
  #onShift = false;
  #tau = 0;
  #now: number;
  readonly #from: number;
  #nextTick: number;
  #mode: LineMode = 'producing';
  #runIndex = 0;
  #runGood = 0;
  #changeoverEnd = Number.POSITIVE_INFINITY;
  #paceMs = 0;
  #gauges: Gauge[] = [];
  #workOrder = '';
  #product = '';
  #out: MetricChange[] = [];
  #shift: ShiftTally | undefined;
  readonly #shifts: ShiftTally[] = [];
  readonly #runs: RunTally[] = [];
  // Whole milliseconds, so that how a caller slices time cannot leave a
  // rounding trace in the tally.
  #changeoverMs = 0;
  #changeoverStart = 0;

  constructor(options: SimulatorOptions) {
    const { plant } = options;
    const line = plant.lines.find((l) => l.code === options.line);
    if (!line) {
      throw invalid('unknown_line', 'the plant has no line {{line}}', { line: options.line });
    }
    this.line = line;
    this.#plant = plant;
    this.#params = { ...DEFAULT_PARAMETERS, ...options.parameters };
    this.#plan = options.plan ?? [
      { workOrder: `${line.code}-SIM`, product: line.products[0]?.product ?? '' },
    ];
    this.#checkPlan();
    const reasons = resolveReasons(plant, line, { ...DEFAULT_REASONS, ...options.reasons });
    this.#changeoverReason = reasons.changeover;
    this.#breakReason = reasons.break;
    this.#minorReasons = reasons.minorStop;
    this.#from = options.start;
    this.#now = options.start;
    this.#nextTick = this.#params.reportIntervalMs;

    const random = randomSource(options.seed);
    this.#stations = line.stations.map((s, index) => {
      const rng = {
        cycle: random(`${line.code}/${s.code}/cycle`),
        failure: random(`${line.code}/${s.code}/failure`),
        minor: random(`${line.code}/${s.code}/minor`),
        reject: random(`${line.code}/${s.code}/reject`),
        gauge: random(`${line.code}/${s.code}/gauge`),
        reason: random(`${line.code}/${s.code}/reason`),
      };
      const breakdownReasons = reasons.breakdown(s);
      return {
        index,
        code: s.code,
        kind: s.kind,
        nominalCycleMs: 60_000 / s.ratePerMinute,
        rejectRate: this.#params.rejectRate[s.kind] ?? 0,
        breakdownReasons,
        phase: 'waiting',
        phaseSince: 0,
        next: Number.POSITIVE_INFINITY,
        nextKind: 'none',
        residual: 0,
        segmentStart: 0,
        cycleMs: 0,
        ttf: this.#timeToFailure(rng.failure),
        ttm: this.#timeToMinorStop(rng.minor),
        reason: '',
        good: 0,
        reject: 0,
        cycleSum: 0,
        cycleCount: 0,
        cycleReportedAt: 0,
        repState: 'idle',
        repReason: '',
        repGood: 0,
        repReject: 0,
        repCycle: 0,
        repGauge: new Map(),
        repSince: options.start,
        rng,
        tally: {
          station: s.code,
          good: 0,
          reject: 0,
          stateMs: emptyStateMs(),
          downMsByReason: {},
          stops: 0,
        },
      } satisfies Station;
    });
    // The line is met mid-production: buffers partly full, so the first
    // minutes are not a start-up from empty.
    const initialFill = Math.floor(this.#params.bufferCapacity * this.#params.catchUpLevel * 0.5);
    this.#buffers = this.#stations.slice(1).map(() => initialFill);
    this.#beginRun(0, false);
    this.#setUpFor(this.#plan[0]?.product ?? '', false);
    for (const station of this.#stations) station.repCycle = this.#meanCycleMs(station);

    this.#windows = new ShiftCalendar(plant, line).windowsFrom(options.start);
    this.#upcoming = this.#windows.next().value ?? undefined;
    // Start every station that can; upstream last, so none starts blocked.
    for (let i = this.#stations.length - 1; i >= 0; i--) {
      const station = this.#stations[i] as Station;
      this.#tryStart(station);
    }
    for (const station of this.#stations) {
      station.repState = 'idle';
      station.repReason = '';
    }
    if (this.#upcoming && this.#upcoming.start <= options.start) {
      this.#openWindow({ ...this.#upcoming, start: options.start });
    }
    this.#out = [];
  }

  /** Simulated time reached, ms since the epoch. */
  get now(): number {
    return this.#now;
  }

  /**
   * Runs the model up to `until` (ms since the epoch) and returns the metric
   * changes in time order. Counts are reported up to `until` inclusive.
   */
  advanceTo(until: number): MetricChange[] {
    if (until < this.#now) {
      throw invalid('simulation_backwards', 'cannot run the simulation back to {{until}}', {
        until,
      });
    }
    const out: MetricChange[] = [];
    this.#out = out;
    const stations = this.#stations;
    for (;;) {
      const window = this.#window;
      if (!this.#onShift || !window) {
        // A window that starts at `until` opens on the next call.
        const next = this.#upcoming;
        if (!next || next.start >= until) break;
        this.#openWindow(next);
        continue;
      }
      const tauEnd = this.#windowTau + (window.end - window.start);
      const tauLimit = this.#windowTau + (Math.min(until, window.end) - window.start);
      let first: Station | undefined;
      let tStation = Number.POSITIVE_INFINITY;
      for (const station of stations) {
        if (station.next < tStation) {
          tStation = station.next;
          first = station;
        }
      }
      const tLine = Math.min(this.#changeoverEnd, this.#nextTick);
      if (first && tStation <= tLine && tStation <= tauLimit) {
        this.#advanceTau(tStation);
        this.#stationEvent(first);
      } else if (tLine <= tauLimit) {
        this.#advanceTau(tLine);
        if (this.#changeoverEnd <= tLine) this.#endChangeover();
        else {
          this.#nextTick += this.#params.reportIntervalMs;
          this.#report(this.#wall());
        }
      } else if (tauEnd <= tauLimit) {
        this.#advanceTau(tauEnd);
        this.#closeWindow();
      } else {
        this.#advanceTau(tauLimit);
        break;
      }
    }
    this.#now = until;
    // Counts up to `until`, so what was published matches the tally; states
    // and cycle times keep to the report ticks, so that how a caller slices
    // time does not change what the line did.
    if (this.#onShift) this.#report(until, false);
    return out;
  }

  /** Current values of every metric as published so far (for NBIRTH and DBIRTH). */
  snapshot(): LineSnapshot {
    const metric = (name: MetricName, value: MetricValue): SnapshotMetric => ({
      name,
      datatype: contractDatatype(name) ?? 'String',
      value,
    });
    return {
      line: this.line.code,
      timestamp: this.#now,
      node: LINE_METRICS.map((m) =>
        metric(m.name, m.name === METRICS.workOrder ? this.#workOrder : this.#product),
      ),
      devices: this.#stations.map((s) => ({
        device: s.code,
        metrics: stationMetrics(s.kind).map((m) => {
          switch (m.name) {
            case METRICS.good:
              return metric(m.name, s.repGood);
            case METRICS.reject:
              return metric(m.name, s.repReject);
            case METRICS.state:
              return metric(m.name, s.repState);
            case METRICS.stateReason:
              return metric(m.name, s.repReason);
            case METRICS.cycleTime:
              return metric(m.name, s.repCycle);
            default:
              return metric(m.name, s.repGauge.get(m.name) ?? null);
          }
        }),
      })),
    };
  }

  /** What the line did from the start to now, as published. */
  tally(): LineTally {
    const now = this.#now;
    const stations = this.#stations.map((s) => {
      const stateMs = { ...s.tally.stateMs };
      const downMsByReason = { ...s.tally.downMsByReason };
      const open = now - s.repSince;
      stateMs[s.repState] += open;
      if (s.repState === 'down') {
        downMsByReason[s.repReason] = (downMsByReason[s.repReason] ?? 0) + open;
      }
      return { ...s.tally, good: s.repGood, reject: s.repReject, stateMs, downMsByReason };
    });
    const downMsByReason: Record<string, number> = {};
    for (const s of stations) {
      for (const [reason, ms] of Object.entries(s.downMsByReason)) {
        downMsByReason[reason] = (downMsByReason[reason] ?? 0) + ms;
      }
    }
    return {
      line: this.line.code,
      from: this.#from,
      to: now,
      good: stations[stations.length - 1]?.good ?? 0,
      reject: stations.reduce((sum, s) => sum + s.reject, 0),
      plannedMs: Math.round(this.#tau),
      downMsByReason,
      changeoverMs:
        this.#changeoverMs +
        (this.#mode === 'changeover' ? Math.round(this.#tau - this.#changeoverStart) : 0),
      stations,
      shifts: this.#shifts.map((s) =>
        s === this.#shift && this.#onShift && this.#window
          ? { ...s, plannedMs: s.plannedMs + (now - this.#window.start) }
          : { ...s },
      ),
      runs: this.#runs.map((r) => ({ ...r })),
    };
  }

  // ------------------------------------------------------------- time ----

  #wall(): number {
    const w = this.#window;
    if (!w) return this.#now;
    return w.start + (this.#tau - this.#windowTau);
  }

  #advanceTau(tau: number): void {
    if (tau > this.#tau) this.#tau = tau;
  }

  #openWindow(window: ProductionWindow): void {
    this.#window = window;
    this.#windowTau = this.#tau;
    this.#onShift = true;
    const next = this.#windows.next();
    this.#upcoming = next.done ? undefined : next.value;
    let shift = this.#shifts[this.#shifts.length - 1];
    if (!shift || shift.shift !== window.shift || shift.date !== window.date) {
      shift = { shift: window.shift, date: window.date, plannedMs: 0, good: 0, reject: 0 };
      this.#shifts.push(shift);
    }
    this.#shift = shift;
    for (const station of this.#stations) this.#publishState(station, window.start, false);
  }

  #closeWindow(): void {
    const end = Math.round(this.#wall());
    this.#report(end);
    this.#onShift = false;
    const window = this.#window;
    if (this.#shift && window) this.#shift.plannedMs += end - window.start;
    const next = this.#upcoming;
    // Shift B straight after shift A: the line does not stop in between.
    if (next && next.start <= end) return;
    // Two pieces of one shift: the line stands for the break.
    const onBreak = next !== undefined && next.shift === window?.shift && next.date === window.date;
    for (const station of this.#stations) {
      if (onBreak) this.#setReported(station, 'planned_stop', this.#breakReason, end);
      else this.#setReported(station, 'idle', '', end);
    }
  }

  // ------------------------------------------------------- the stations ----

  #stationEvent(station: Station): void {
    switch (station.nextKind) {
      case 'done':
        this.#consume(station);
        this.#finishUnit(station);
        return;
      case 'fail': {
        this.#consume(station);
        const { breakdown } = this.#params;
        station.ttf = this.#timeToFailure(station.rng.failure);
        station.reason = station.rng.reason.pick(station.breakdownReasons).code;
        station.next =
          this.#tau + station.rng.failure.lognormal(breakdown.meanMinutes * 60_000, breakdown.cv);
        station.nextKind = 'resume';
        this.#setPhase(station, 'failed');
        return;
      }
      case 'minor': {
        this.#consume(station);
        const { minorStop } = this.#params;
        station.ttm = this.#timeToMinorStop(station.rng.minor);
        station.reason = station.rng.reason.pick(this.#minorReasons).code;
        station.next =
          this.#tau + station.rng.minor.lognormal(minorStop.meanSeconds * 1_000, minorStop.cv);
        station.nextKind = 'resume';
        this.#setPhase(station, 'minor');
        return;
      }
      case 'resume':
        station.reason = '';
        this.#startSegment(station);
        this.#setPhase(station, 'working');
        return;
      case 'none':
        station.next = Number.POSITIVE_INFINITY;
        return;
    }
  }

  /** Takes a unit from the input and starts a cycle, or waits for one. */
  #tryStart(station: Station): void {
    if (this.#mode === 'changeover') return;
    const i = station.index;
    let upstream: Station | undefined;
    if (i === 0) {
      if (this.#mode !== 'producing') {
        this.#wait(station);
        return;
      }
    } else {
      const input = this.#buffers[i - 1] ?? 0;
      if (input === 0) {
        this.#wait(station);
        return;
      }
      this.#buffers[i - 1] = input - 1;
      upstream = this.#stations[i - 1];
    }
    const ct = station.rng.cycle.lognormal(this.#meanCycleMs(station), this.#params.cycleTimeCv);
    station.cycleMs = ct;
    station.residual = ct;
    this.#startSegment(station);
    this.#setPhase(station, 'working');
    // Only now, with this station busy, may a blocked upstream station push
    // into the place just freed (and wake nobody twice).
    if (upstream?.phase === 'blocked') this.#unblock(upstream);
  }

  #meanCycleMs(station: Station): number {
    if (station.index === 0) return this.#paceMs;
    const input = this.#buffers[station.index - 1] ?? 0;
    const fast = input >= this.#params.bufferCapacity * this.#params.catchUpLevel;
    return fast ? Math.min(station.nominalCycleMs, this.#paceMs) : this.#paceMs;
  }

  #wait(station: Station): void {
    station.next = Number.POSITIVE_INFINITY;
    station.nextKind = 'none';
    this.#setPhase(station, 'waiting');
  }

  // The next interruption (end of cycle, failure, micro-stop) of the work in hand.
  #startSegment(station: Station): void {
    station.segmentStart = this.#tau;
    const d = Math.min(station.residual, station.ttf, station.ttm);
    station.next = this.#tau + Math.max(0, d);
    station.nextKind = d === station.residual ? 'done' : d === station.ttf ? 'fail' : 'minor';
  }

  #consume(station: Station): void {
    const elapsed = this.#tau - station.segmentStart;
    station.residual -= elapsed;
    station.ttf -= elapsed;
    station.ttm -= elapsed;
    station.segmentStart = this.#tau;
  }

  #finishUnit(station: Station): void {
    station.cycleSum += station.cycleMs;
    station.cycleCount += 1;
    const ok =
      station.kind === GAUGING_STATION_KIND
        ? this.#gauge(station) && !station.rng.reject.chance(station.rejectRate)
        : !station.rng.reject.chance(station.rejectRate);
    const i = station.index;
    const last = i === this.#stations.length - 1;
    if (!ok) {
      station.reject += 1;
      if (this.#shift) this.#shift.reject += 1;
      const run = this.#runs[this.#runs.length - 1];
      if (run) run.reject += 1;
    } else {
      station.good += 1;
      if (last) {
        if (this.#shift) this.#shift.good += 1;
        const run = this.#runs[this.#runs.length - 1];
        if (run) run.good += 1;
        this.#runGood += 1;
        const quantity = this.#plan[this.#runIndex]?.quantity;
        if (this.#mode === 'producing' && quantity !== undefined && this.#runGood >= quantity) {
          this.#mode = 'draining';
        }
      } else if ((this.#buffers[i] ?? 0) >= this.#params.bufferCapacity) {
        station.next = Number.POSITIVE_INFINITY;
        station.nextKind = 'none';
        this.#setPhase(station, 'blocked');
        return;
      } else {
        this.#push(station);
      }
    }
    this.#tryStart(station);
    if (this.#mode === 'draining') this.#checkDrained();
  }

  #push(station: Station): void {
    const i = station.index;
    this.#buffers[i] = (this.#buffers[i] ?? 0) + 1;
    const downstream = this.#stations[i + 1];
    if (downstream?.phase === 'waiting') this.#tryStart(downstream);
  }

  #unblock(station: Station): void {
    this.#push(station);
    this.#tryStart(station);
  }

  /** Measures a cartridge; true when it is within the specification. */
  #gauge(station: Station): boolean {
    let ok = true;
    const timestamp = Math.round(this.#wall());
    for (const gauge of this.#gauges) {
      const value = Math.round((gauge.mean + gauge.sd * station.rng.gauge.normal()) * 100) / 100;
      if (value < gauge.lsl || value > gauge.usl) ok = false;
      station.repGauge.set(gauge.name, value);
      this.#out.push({ device: station.code, name: gauge.name, value, timestamp });
    }
    return ok;
  }

  #timeToFailure(rng: RandomStream): number {
    return rng.exponential(this.#params.breakdown.operatingHoursBetween * 3_600_000);
  }

  #timeToMinorStop(rng: RandomStream): number {
    return rng.exponential(this.#params.minorStop.operatingMinutesBetween * 60_000);
  }

  // --------------------------------------------------------- work orders ----

  #checkPlan(): void {
    if (this.#plan.length === 0) {
      throw invalid('simulation_plan_empty', 'the plan has no work order');
    }
    for (const run of this.#plan) {
      if (!this.line.products.some((p) => p.product === run.product)) {
        throw invalid('product_not_made_on_line', 'line {{line}} does not make {{product}}', {
          line: this.line.code,
          product: run.product,
        });
      }
      if (run.quantity !== undefined && !(Number.isInteger(run.quantity) && run.quantity > 0)) {
        throw invalid(
          'invalid_quantity',
          'work order {{workOrder}}: the quantity must be a positive whole number',
          { workOrder: run.workOrder },
        );
      }
    }
  }

  // ISO 22400-2 counts setup time to the order being set up (AUST), so the
  // next work order begins with its changeover; the product changes when the
  // line is set up for it.
  #beginRun(index: number, publish: boolean): void {
    const run = this.#plan[index];
    if (!run) return;
    this.#runIndex = index;
    this.#runGood = 0;
    this.#runs.push({
      workOrder: run.workOrder,
      product: run.product,
      good: 0,
      reject: 0,
      startedAt: publish ? Math.round(this.#wall()) : this.#now,
      endedAt: null,
    });
    this.#publishLine(METRICS.workOrder, run.workOrder, publish);
  }

  #setUpFor(product: string, publish: boolean): void {
    const rate = this.line.products.find((p) => p.product === product)?.ratePerMinute ?? 1;
    this.#paceMs = 60_000 / (rate * this.#params.lineSpeed);
    this.#gauges = gaugesFor(this.#plant, product, this.#params.gaugeCapability);
    this.#publishLine(METRICS.product, product, publish);
  }

  #publishLine(
    name: typeof METRICS.workOrder | typeof METRICS.product,
    value: string,
    publish: boolean,
  ): void {
    const current = name === METRICS.workOrder ? this.#workOrder : this.#product;
    if (publish && value !== current) {
      this.#out.push({ device: null, name, value, timestamp: Math.round(this.#wall()) });
    }
    if (name === METRICS.workOrder) this.#workOrder = value;
    else this.#product = value;
  }

  #checkDrained(): void {
    if (this.#buffers.some((b) => b > 0)) return;
    if (this.#stations.some((s) => s.phase !== 'waiting')) return;
    const run = this.#runs[this.#runs.length - 1];
    if (run) run.endedAt = Math.round(this.#wall());
    const current = this.#plan[this.#runIndex];
    const next = this.#plan[this.#runIndex + 1];
    if (!current || !next) {
      this.#mode = 'done';
      this.#publishLine(METRICS.workOrder, '', true);
      for (const station of this.#stations) this.#setPhase(station, 'idle');
      return;
    }
    const minutes =
      current.product === next.product
        ? 0
        : (this.line.changeovers.find((c) => c.from === current.product && c.to === next.product)
            ?.minutes ?? this.line.defaultChangeoverMinutes);
    this.#beginRun(this.#runIndex + 1, true);
    if (minutes <= 0) {
      this.#mode = 'producing';
      this.#setUpFor(next.product, true);
      this.#tryStart(this.#stations[0] as Station);
      return;
    }
    this.#mode = 'changeover';
    this.#changeoverStart = this.#tau;
    this.#changeoverEnd = this.#tau + minutes * 60_000;
    for (const station of this.#stations) {
      station.reason = this.#changeoverReason;
      this.#setPhase(station, 'setup');
    }
  }

  #endChangeover(): void {
    this.#changeoverMs += Math.round(this.#changeoverEnd - this.#changeoverStart);
    this.#changeoverEnd = Number.POSITIVE_INFINITY;
    this.#mode = 'producing';
    this.#setUpFor(this.#plan[this.#runIndex]?.product ?? this.#product, true);
    for (const station of this.#stations) {
      station.reason = '';
      this.#wait(station);
    }
    this.#tryStart(this.#stations[0] as Station);
  }

  // ----------------------------------------------------------- reporting ----

  #setPhase(station: Station, phase: Phase): void {
    if (station.phase !== phase) {
      station.phase = phase;
      station.phaseSince = this.#tau;
    }
    if (this.#onShift) this.#publishState(station, Math.round(this.#wall()), true);
  }

  #candidate(station: Station): StationState {
    switch (station.phase) {
      case 'working':
        return 'running';
      case 'waiting':
        return this.#mode === 'producing' || this.#mode === 'changeover' ? 'starved' : 'idle';
      case 'blocked':
        return 'blocked';
      case 'failed':
      case 'minor':
        return 'down';
      case 'setup':
        return 'setup';
      case 'idle':
        return 'idle';
    }
  }

  /** Publishes the station's state if it changed; starved and blocked only once they last. */
  #publishState(station: Station, timestamp: number, debounce: boolean): void {
    const state = this.#candidate(station);
    const reason = STATES_WITH_REASON.has(state) ? station.reason : '';
    if (state === station.repState && reason === station.repReason) return;
    const transient = state === 'starved' || state === 'blocked';
    if (debounce && transient && station.repState === 'running') {
      if (this.#tau - station.phaseSince < this.#params.stateDebounceMs) return;
    }
    this.#setReported(station, state, reason, timestamp);
  }

  #setReported(station: Station, state: StationState, reason: string, timestamp: number): void {
    if (state === station.repState && reason === station.repReason) return;
    const tally = station.tally;
    const elapsed = timestamp - station.repSince;
    tally.stateMs[station.repState] += elapsed;
    if (station.repState === 'down') {
      tally.downMsByReason[station.repReason] =
        (tally.downMsByReason[station.repReason] ?? 0) + elapsed;
    }
    if (state === 'down' && station.repState !== 'down') tally.stops += 1;
    if (state !== station.repState) {
      this.#out.push({ device: station.code, name: METRICS.state, value: state, timestamp });
    }
    if (reason !== station.repReason) {
      this.#out.push({ device: station.code, name: METRICS.stateReason, value: reason, timestamp });
    }
    station.repState = state;
    station.repReason = reason;
    station.repSince = timestamp;
  }

  /** Reports counts that changed and, on a report tick, cycle times and states that have lasted. */
  #report(at: number, tick = true): void {
    const timestamp = Math.round(at);
    for (const station of this.#stations) {
      if (station.good !== station.repGood) {
        station.repGood = station.good;
        this.#out.push({
          device: station.code,
          name: METRICS.good,
          value: station.good,
          timestamp,
        });
      }
      if (station.reject !== station.repReject) {
        station.repReject = station.reject;
        this.#out.push({
          device: station.code,
          name: METRICS.reject,
          value: station.reject,
          timestamp,
        });
      }
      if (!tick) continue;
      const cycleDue = this.#tau - station.cycleReportedAt >= this.#params.cycleTimeIntervalMs;
      if (station.cycleCount > 0 && cycleDue) {
        station.cycleReportedAt = this.#tau;
        const mean = Math.round((station.cycleSum / station.cycleCount) * 10) / 10;
        station.cycleSum = 0;
        station.cycleCount = 0;
        if (mean !== station.repCycle) {
          station.repCycle = mean;
          this.#out.push({ device: station.code, name: METRICS.cycleTime, value: mean, timestamp });
        }
      }
      this.#publishState(station, timestamp, true);
    }
  }
}

function gaugesFor(plant: PlantFile, product: string, capability: number): Gauge[] {
  const gauges: Gauge[] = [];
  const specs = plant.specifications.filter((s) => s.product === product);
  const pairs: [string, MetricName][] = [
    ['OAL', METRICS.gaugeOal],
    ['MASS', METRICS.gaugeMass],
  ];
  for (const [code, name] of pairs) {
    for (const spec of specs) {
      const c = spec.characteristics.find((ch) => ch.code === code && ch.type === 'variable');
      if (c?.type !== 'variable' || c.lsl === undefined || c.usl === undefined) continue;
      const mean = c.nominal ?? (c.lsl + c.usl) / 2;
      gauges.push({ name, mean, sd: (c.usl - c.lsl) / (6 * capability), lsl: c.lsl, usl: c.usl });
      break;
    }
  }
  return gauges;
}

type DowntimeReasonNode = PlantFile['downtimeReasons'][number];

function resolveReasons(plant: PlantFile, line: Line, reasons: DowntimeReasons): DowntimeReasons {
  const tree = plant.downtimeReasons;
  if (tree.length === 0) return reasons;
  const leaves = new Set<string>();
  const walk = (nodes: readonly DowntimeReasonNode[]) => {
    for (const node of nodes) {
      if (node.children?.length) walk(node.children);
      else leaves.add(node.code);
    }
  };
  walk(tree);
  const known = (list: readonly WeightedReason[], purpose: string) => {
    const kept = list.filter((r) => leaves.has(r.code));
    if (kept.length === 0) {
      throw invalid(
        'simulation_reason_missing',
        "the simulator has no downtime reason for {{purpose}} among the plant's reported reasons (tried {{tried}})",
        { purpose, tried: list.map((r) => r.code) },
      );
    }
    return kept;
  };
  for (const [code, purpose] of [
    [reasons.changeover, 'changeovers'],
    [reasons.break, 'breaks'],
  ] as const) {
    if (!leaves.has(code)) {
      throw invalid(
        'simulation_reason_unknown',
        'the plant has no reported downtime reason {{reason}} for {{purpose}}',
        { reason: code, purpose },
      );
    }
  }
  const minorStop = known(reasons.minorStop, 'micro-stops');
  for (const s of line.stations) known(reasons.breakdown(s), `breakdowns at ${s.code}`);
  return {
    changeover: reasons.changeover,
    break: reasons.break,
    minorStop,
    breakdown: (station) => known(reasons.breakdown(station), `breakdowns at ${station.code}`),
  };
}

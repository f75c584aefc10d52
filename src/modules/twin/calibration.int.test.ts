// Calibration against machine data of a known configuration: the line simulator runs lines 1
// and 3 of the reference plant through a Monday (shifts A and B, 06:00–22:00, with their
// breaks), its metric changes are stored as ingest stores them (one machine_events row per
// metric value, births first), and the calibration must find the simulator's own parameters.
//
// Line 1 publishes everything a station has (Cycle/Time included); line 3's rows leave out
// Cycle/Time, as a PLC without that metric would, so its cycle times come from counters over
// running time. Gauge values (one per cartridge) are not stored: calibration does not read them.
//
// The simulator is configured with more stops than its defaults so that one day gives hundreds
// of them: micro-stops every 10 operating minutes lasting 30 s (log-normal, CV 0.8), breakdowns
// every operating hour lasting 5 min (log-normal, CV 1), both after exponential operating time.
// Tolerances are four standard errors of the estimate at the true parameters, with n the number
// of observations the calibration reports; the data come from fixed seeds, so the checks cannot
// flake, and a calibration that were off by a few per cent systematically would show in the
// pooled checks (standard errors of 1–4 %).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceStore } from '../../../test/support/database.js';
import { machineEventRows } from '../../../test/support/machine-events.js';
import type { Store } from '../../core/db/store.js';
import { LotlineError } from '../../core/errors.js';
import { readPlantText } from '../plant/index.js';
import { LineSimulator, type LineTally, machineEvents } from '../telemetry/index.js';
import {
  calibrateStations,
  type StationCalibration,
  type StationEventRow,
  stationCalibrationOf,
  stationObservations,
} from './calibration.js';

const parsed = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the reference plant is not valid');
const plant = parsed.plant;
const GROUP = plant.site.code;

/** Monday 15 March 2027 in Caracas (UTC−4): shift A starts at 06:00, shift B ends at 22:00. */
const START = Date.parse('2027-03-15T06:00:00-04:00');
const END = Date.parse('2027-03-15T22:00:00-04:00');
const SUNDAY = Date.parse('2027-03-14T06:00:00-04:00');

const MICRO = { operatingMinutesBetween: 10, meanSeconds: 30, cv: 0.8 };
const BREAKDOWN = { operatingHoursBetween: 1, meanMinutes: 5, cv: 1 };
const REJECT_RATE = {
  case_feeding: 0.01,
  priming: 0.005,
  charging: 0.004,
  bullet_seating: 0.008,
  crimping_sealing: 0.005,
  gauging: 0,
  packing: 0.002,
};
const LINE_SPEED = 0.97;

// The true values, in minutes. Both stop clocks run on operating time and are exponential, so the
// operating time between stops of either kind is exponential with the summed rate, and a stop is
// a breakdown with probability rate_b / (rate_b + rate_m).
const microRate = 1 / MICRO.operatingMinutesBetween;
const breakdownRate = 1 / (BREAKDOWN.operatingHoursBetween * 60);
const TRUE_UPTIME = 1 / (microRate + breakdownRate);
const shareBreakdown = breakdownRate / (microRate + breakdownRate);
const microMean = MICRO.meanSeconds / 60;
const TRUE_REPAIR = shareBreakdown * BREAKDOWN.meanMinutes + (1 - shareBreakdown) * microMean;
// The mixture's sd, for the standard error of the mean repair.
const REPAIR_SD = Math.sqrt(
  shareBreakdown * BREAKDOWN.meanMinutes ** 2 * (1 + BREAKDOWN.cv ** 2) +
    (1 - shareBreakdown) * microMean ** 2 * (1 + MICRO.cv ** 2) -
    TRUE_REPAIR ** 2,
);

function lineOf(code: string) {
  const line = plant.lines.find((l) => l.code === code);
  if (!line) throw new Error(`no line ${code}`);
  return line;
}
/** The first station indexes at the product's rate times the line speed, in minutes per cartridge. */
const paceMinutes = (line: string) =>
  1 / ((lineOf(line).products[0]?.ratePerMinute ?? 0) * LINE_SPEED);

type Row = typeof machineEvents.$inferInsert;

/** A day of a line as rows: the births of the start, then every change the line published. */
function simulate(line: string, keepCycleTime: boolean): { rows: Row[]; tally: LineTally } {
  const sim = new LineSimulator({
    plant,
    line,
    seed: `calibration-${line}`,
    start: START,
    parameters: {
      reportIntervalMs: 5_000,
      cycleTimeIntervalMs: 10_000,
      lineSpeed: LINE_SPEED,
      minorStop: MICRO,
      breakdown: BREAKDOWN,
      rejectRate: REJECT_RATE,
    },
  });
  const row = machineEventRows(`calibration-${line}`, line, GROUP);
  const stored = (name: string) =>
    !name.startsWith('Gauge/') && (keepCycleTime || name !== 'Cycle/Time');
  const rows: Row[] = [];
  for (const device of sim.snapshot().devices) {
    for (const m of device.metrics) {
      if (!stored(m.name) || m.value === null || typeof m.value === 'boolean') continue;
      rows.push(row(new Date(START), device.device, m.name, m.value as number | string, true));
    }
  }
  for (const change of sim.advanceTo(END)) {
    if (change.device === null || !stored(change.name)) continue;
    const value = change.value;
    if (value === null || typeof value === 'boolean') continue;
    rows.push(
      row(new Date(change.timestamp), change.device, change.name, value as number | string),
    );
  }
  return { rows, tally: sim.tally() };
}

/**
 * Inserts rows as ingest stores them, one array per column through unnest: some 30,000 rows a
 * second on PGlite, six times a multi-row VALUES insert.
 */
async function insertRows(store: Store, rows: readonly Row[]): Promise<void> {
  const column = (f: (r: Row) => unknown) => sql.param(rows.map(f));
  const iso = (d: Date | undefined) => d?.toISOString() ?? null;
  await store.db.execute(sql`
    insert into ${machineEvents} (received_at, message_key, metric_index, message_type, group_id,
      node, device, metric, datatype, value_number, value_text, birth, metric_at)
    select * from unnest(
      ${column((r) => iso(r.receivedAt))}::timestamptz[], ${column((r) => r.messageKey)}::text[],
      ${column((r) => r.metricIndex)}::int[], ${column((r) => r.messageType)}::text[],
      ${column((r) => r.groupId)}::text[], ${column((r) => r.node)}::text[],
      ${column((r) => r.device ?? null)}::text[], ${column((r) => r.metric)}::text[],
      ${column((r) => r.datatype)}::text[], ${column((r) => r.valueNumber ?? null)}::float8[],
      ${column((r) => r.valueText ?? null)}::text[], ${column((r) => r.birth)}::bool[],
      ${column((r) => iso(r.metricAt))}::timestamptz[])`);
}

describe('calibrating the twin from recorded machine data', () => {
  let store: Store;
  let calibrations: StationCalibration[];
  const tallies = new Map<string, LineTally>();

  beforeAll(async () => {
    const started = performance.now();
    store = await createReferenceStore();
    let count = 0;
    for (const [line, keepCycleTime] of [
      ['L1', true],
      ['L3', false],
    ] as const) {
      const { rows, tally } = simulate(line, keepCycleTime);
      tallies.set(line, tally);
      for (let i = 0; i < rows.length; i += 20_000) {
        await insertRows(store, rows.slice(i, i + 20_000));
      }
      count += rows.length;
    }
    const stored = performance.now();
    calibrations = await calibrateStations(store.db, {
      from: new Date(START),
      to: new Date(END),
      lines: ['L1', 'L3'],
    });
    console.info(
      `calibration (${store.kind}): ${count} rows stored in ${((stored - started) / 1_000).toFixed(1)} s, calibrated in ${((performance.now() - stored) / 1_000).toFixed(1)} s`,
    );
  }, 120_000);

  afterAll(async () => {
    await store?.close();
  });

  const calibrationOf = (line: string, station: string) => {
    const c = calibrations.find((x) => x.line === line && x.station === station);
    if (!c) throw new Error(`no calibration of ${line}/${station}`);
    return c;
  };
  const tallyOf = (line: string, station: string) => {
    const s = tallies.get(line)?.stations.find((x) => x.station === station);
    if (!s) throw new Error(`no tally of ${line}/${station}`);
    return s;
  };
  const within = (actual: number, expected: number, se: number, what: string) => {
    expect(
      Math.abs(actual - expected),
      `${what}: ${actual} vs ${expected} (se ${se})`,
    ).toBeLessThanOrEqual(4 * se);
  };

  it('calibrates every station of the lines asked for, in flow order', () => {
    const stations = (line: string) => lineOf(line).stations.map((s) => s.code);
    expect(calibrations.map((c) => `${c.line}/${c.station}`)).toEqual([
      ...stations('L1').map((s) => `L1/${s}`),
      ...stations('L3').map((s) => `L3/${s}`),
    ]);
    for (const c of calibrations) {
      expect(c.group).toBe(GROUP);
      expect(c.notes, `${c.line}/${c.station}`).toEqual([]);
    }
  });

  it('counts what the simulator published: parts, rejects, stops and running time', () => {
    for (const c of calibrations) {
      const t = tallyOf(c.line, c.station);
      const what = `${c.line}/${c.station}`;
      expect(c.observations.parts, what).toBe(t.good + t.reject);
      expect(c.observations.rejects, what).toBe(t.reject);
      // The simulator's tally counts a stop a break interrupts twice (down before and after it);
      // calibration counts it once, as the twin has it: one day has two breaks.
      expect(t.stops - c.observations.stops, what).toBeGreaterThanOrEqual(0);
      expect(t.stops - c.observations.stops, what).toBeLessThanOrEqual(2);
      expect(c.observations.runningMinutes, what).toBeCloseTo(t.stateMs.running / 60_000, 9);
      // Every stop but one still open at the end (if any) has its length; uptimes lie between.
      expect(c.observations.repairs, what).toBeGreaterThanOrEqual(c.observations.stops - 1);
      expect(c.observations.uptimes, what).toBeGreaterThanOrEqual(c.observations.repairs - 1);
      const downMinutes = t.stateMs.down / 60_000;
      const repaired = (c.repair?.summary.mean ?? 0) * c.observations.repairs;
      expect(repaired, what).toBeLessThanOrEqual(downMinutes + 1e-9);
      expect(repaired, what).toBeGreaterThan(downMinutes * 0.8);
    }
  });

  it('recovers the cycle time from the Cycle/Time metric, and the CV of one cartridge', () => {
    const cf = calibrationOf('L1', 'CF');
    expect(cf.cycleSource).toBe('cycle-time metric');
    const pace = paceMinutes('L1');
    // Each report is the mean of some 13 cycles of CV 5 %: the mean of 3,600 reports is known to
    // well under 0.1 %.
    expect(cf.observations.cycles).toBeGreaterThan(3_000);
    within(
      cf.cycle?.summary.mean ?? 0,
      pace,
      (0.05 * pace) / Math.sqrt(13 * cf.observations.cycles),
      'L1/CF cycle',
    );
    expect(Math.abs((cf.cycle?.best.mean ?? 0) / pace - 1)).toBeLessThan(0.001);
    expect(cf.cycleCv).toBeGreaterThan(0.045);
    expect(cf.cycleCv).toBeLessThan(0.055);
    // The stations behind it run at the line's pace, and at their own faster rate while they
    // catch up on a full buffer: their mean lies between the two. Their cartridges' CV is 5 %
    // too; the estimate from successive reports sees little of the changes of speed (a mean of
    // squares would make it 10 to 50 %).
    for (const station of lineOf('L1').stations.slice(1)) {
      const c = calibrationOf('L1', station.code);
      const mean = c.cycle?.summary.mean ?? 0;
      expect(mean, station.code).toBeLessThan(pace);
      expect(mean, station.code).toBeGreaterThan(1 / station.ratePerMinute);
      expect(c.cycleCv, station.code).toBeGreaterThan(0.045);
      expect(c.cycleCv, station.code).toBeLessThan(0.07);
    }
  });

  it('recovers the cycle time from counters over running time when there is no Cycle/Time', () => {
    const cf = calibrationOf('L3', 'CF');
    expect(cf.cycleSource).toBe('counts over running time');
    expect(cf.cycleCv).toBeNull();
    expect(cf.observations.cycles).toBeGreaterThan(500);
    // Each observation is ≥ 50 units' running time over their count, so it also carries the
    // phase of the first and last unit in it: still within 0.5 % on average.
    const pace = paceMinutes('L3');
    expect(Math.abs((cf.cycle?.summary.mean ?? 0) / pace - 1)).toBeLessThan(0.005);
    for (const station of lineOf('L3').stations.slice(1)) {
      const mean = calibrationOf('L3', station.code).cycle?.summary.mean ?? 0;
      expect(mean, station.code).toBeLessThan(pace * 1.005);
      expect(mean, station.code).toBeGreaterThan(1 / station.ratePerMinute);
    }
  });

  it('recovers the operating time between stops: exponential, with the summed rate', () => {
    let runningMinutes = 0;
    let stops = 0;
    for (const c of calibrations) {
      const what = `${c.line}/${c.station}`;
      const uptime = c.uptime;
      if (!uptime) throw new Error(`${what}: no uptime fit`);
      expect(uptime.best.n).toBeGreaterThan(40);
      within(uptime.best.mean, TRUE_UPTIME, TRUE_UPTIME / Math.sqrt(uptime.best.n), what);
      // The exponential is not rejected (KS at 1 %) at any station.
      const exponential = uptime.candidates.find((f) => f.kind === 'exponential');
      expect(exponential?.ks.pValue, what).toBeGreaterThan(0.01);
      runningMinutes += c.observations.runningMinutes;
      stops += c.observations.stops;
    }
    // Pooled over the 14 stations: exposure over events, the exponential's MLE, within 4 se (≈ 13 %),
    // and within 5 % in fact.
    const pooled = runningMinutes / stops;
    within(pooled, TRUE_UPTIME, TRUE_UPTIME / Math.sqrt(stops), 'pooled uptime');
    expect(Math.abs(pooled / TRUE_UPTIME - 1)).toBeLessThan(0.05);
  });

  it('recovers the mean time between breakdowns and between micro-stops, and each kind of repair', () => {
    let runningMinutes = 0;
    const kinds = {
      micro: { stops: 0, repairs: 0, minutes: 0 },
      breakdown: { stops: 0, repairs: 0, minutes: 0 },
    };
    for (const c of calibrations) {
      runningMinutes += c.observations.runningMinutes;
      for (const r of c.stopsByReason) {
        const kind = r.reason === 'MICRO' ? kinds.micro : kinds.breakdown;
        kind.stops += r.stops;
        kind.repairs += r.repairs;
        kind.minutes += (r.meanRepairMinutes ?? 0) * r.repairs;
      }
      // Breakdowns carry the reasons of the simulator's tree: MECH-<station> and ELEC-*.
      for (const r of c.stopsByReason) {
        expect(['MICRO', `MECH-${c.station}`, 'ELEC-DRIVE', 'ELEC-SENSOR', 'ELEC-PLC']).toContain(
          r.reason,
        );
      }
    }
    const mtbfBreakdown = runningMinutes / kinds.breakdown.stops;
    const mtbfMicro = runningMinutes / kinds.micro.stops;
    const trueBreakdown = BREAKDOWN.operatingHoursBetween * 60;
    expect(kinds.breakdown.stops).toBeGreaterThan(100);
    expect(kinds.micro.stops).toBeGreaterThan(600);
    within(mtbfBreakdown, trueBreakdown, trueBreakdown / Math.sqrt(kinds.breakdown.stops), 'MTBF');
    within(
      mtbfMicro,
      MICRO.operatingMinutesBetween,
      MICRO.operatingMinutesBetween / Math.sqrt(kinds.micro.stops),
      'MTB micro-stops',
    );
    const breakdownRepair = kinds.breakdown.minutes / kinds.breakdown.repairs;
    const microRepair = kinds.micro.minutes / kinds.micro.repairs;
    within(
      breakdownRepair,
      BREAKDOWN.meanMinutes,
      (BREAKDOWN.meanMinutes * BREAKDOWN.cv) / Math.sqrt(kinds.breakdown.repairs),
      'MTTR breakdowns',
    );
    within(
      microRepair,
      microMean,
      (microMean * MICRO.cv) / Math.sqrt(kinds.micro.repairs),
      'MTTR micro-stops',
    );
  });

  it('recovers the mean repair of all stops, and fits it', () => {
    let minutes = 0;
    let repairs = 0;
    for (const c of calibrations) {
      const repair = c.repair;
      if (!repair) throw new Error(`${c.line}/${c.station}: no repair fit`);
      within(
        repair.summary.mean,
        TRUE_REPAIR,
        REPAIR_SD / Math.sqrt(repair.summary.n),
        `${c.line}/${c.station} repair`,
      );
      // One log-normal (or gamma, Weibull) for a mixture of 30-second restarts and 5-minute
      // repairs: the fit is the best of the five, and says so only by comparison.
      expect(repair.candidates).toHaveLength(5);
      minutes += repair.summary.mean * repair.summary.n;
      repairs += repair.summary.n;
    }
    within(minutes / repairs, TRUE_REPAIR, REPAIR_SD / Math.sqrt(repairs), 'pooled repair');
  });

  it('recovers the reject rate of each station', () => {
    for (const c of calibrations) {
      const t = tallyOf(c.line, c.station);
      const what = `${c.line}/${c.station}`;
      expect(c.rejectRate, what).toBeCloseTo(t.reject / (t.good + t.reject), 12);
      const kind = lineOf(c.line).stations.find((s) => s.code === c.station)?.kind;
      if (kind === 'gauging') continue; // rejects what its gauges find out of specification
      const p = REJECT_RATE[kind as keyof typeof REJECT_RATE];
      within(c.rejectRate ?? 0, p, Math.sqrt((p * (1 - p)) / c.observations.parts), what);
    }
  });

  it('says "not enough data" with the count for a window without data or with too little', async () => {
    const sunday = await calibrateStations(store.db, {
      from: new Date(SUNDAY),
      to: new Date(SUNDAY + 16 * 3_600_000),
    });
    // Every line of the plant, every station: nothing to fit.
    expect(sunday).toHaveLength(plant.lines.reduce((n, l) => n + l.stations.length, 0));
    for (const c of sunday) {
      expect(c.cycle).toBeNull();
      expect(c.uptime).toBeNull();
      expect(c.repair).toBeNull();
      expect(c.rejectRate).toBeNull();
      expect(c.cycleSource).toBeNull();
      expect(c.observations).toEqual({
        cycles: 0,
        stops: 0,
        uptimes: 0,
        repairs: 0,
        parts: 0,
        rejects: 0,
        runningMinutes: 0,
      });
      expect(c.notes).toEqual([
        'cycle: not enough data (0 observations, need 10)',
        'uptime: not enough data (0 observations, need 10)',
        'repair: not enough data (0 observations, need 10)',
        'reject rate: not enough data (no parts counted)',
      ]);
    }
    // The first half hour of line 1: cycles enough, stops not.
    const early = await calibrateStations(store.db, {
      from: new Date(START),
      to: new Date(START + 30 * 60_000),
      lines: ['L1'],
    });
    const cf = early.find((c) => c.station === 'CF');
    expect(cf?.cycle).not.toBeNull();
    expect(cf?.uptime).toBeNull();
    const uptimes = cf?.observations.uptimes ?? -1;
    expect(uptimes).toBeLessThan(10);
    expect(cf?.notes).toContain(
      `uptime: not enough data (${uptimes} observation${uptimes === 1 ? '' : 's'}, need 10)`,
    );
  });

  it('refuses an unknown line and a bad window', async () => {
    const refusal = async (f: () => Promise<unknown>) => {
      const error = await f().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LotlineError);
      return (error as LotlineError).message;
    };
    const window = { from: new Date(START), to: new Date(END) };
    expect(await refusal(() => calibrateStations(store.db, { ...window, lines: ['L9'] }))).toBe(
      'the plant has no line "L9"',
    );
    expect(
      await refusal(() =>
        calibrateStations(store.db, { from: new Date(END), to: new Date(START) }),
      ),
    ).toMatch(/must end after it starts/);
    expect(
      await refusal(() =>
        calibrateStations(store.db, {
          from: new Date(START),
          to: new Date(START + 40 * 86_400_000),
        }),
      ),
    ).toMatch(/longer than 31 days/);
  });
});

// The rules on rows written by hand: what a simulated day does not show (a stop under way when
// the window opens, a reason changed while down, a counter reset by a rebirth).
describe('stationObservations', () => {
  const SECOND = 1_000;
  const at = (seconds: number) => seconds * SECOND;
  const r = (
    seconds: number,
    metric: string,
    value: number | string,
    birth = false,
  ): StationEventRow => ({
    metric,
    at: at(seconds),
    number: typeof value === 'number' ? value : null,
    text: typeof value === 'string' ? value : null,
    birth,
  });
  const state = (seconds: number, value: string, reason = '') => [
    r(seconds, 'State', value),
    r(seconds, 'State/Reason', reason),
  ];
  const min = (seconds: number) => seconds / 60;

  it('measures uptimes and stops across waits, breaks, re-classifications and the window ends', () => {
    const rows = [
      // Born down: a stop under way, its start unknown (not counted, but its end starts an uptime).
      r(0, 'State', 'down', true),
      r(0, 'State/Reason', 'ELEC-PLC', true),
      r(0, 'Counts/Good', 100, true),
      r(0, 'Counts/Reject', 5, true),
      ...state(60, 'running'),
      ...state(120, 'starved'), // a wait: not operating time, not the end of the uptime
      ...state(150, 'running'),
      ...state(200, 'down', 'MICRO'), // uptime 60 + 50 s
      ...state(230, 'planned_stop', 'PLN-BREAK'), // the break pauses the stop…
      r(300, 'Counts/Good', 150),
      r(320, 'Counts/Reject', 7),
      ...state(330, 'down', 'MICRO'), // …which goes on after it
      ...state(350, 'running'), // repair 30 + 20 s
      ...state(400, 'down', 'MECH-CF'), // uptime 50 s
      r(410, 'State/Reason', 'MECH-PR'), // re-classified while down: the same stop
      ...state(460, 'idle'), // the shift ends while down
      r(500, 'Counts/Good', 20, true), // a rebirth counting from zero again
      ...state(500, 'running'), // repair 60 s (its down time), for MECH-PR
      r(700, 'Counts/Good', 30),
      ...state(600, 'down', 'MICRO'), // uptime 100 s; open at the end: a stop without a length
    ].sort((a, b) => a.at - b.at);
    const o = stationObservations(rows, { from: 0, to: at(1_000) });
    expect(o.uptimes).toEqual([min(110), min(50), min(100)]);
    expect(o.repairs).toEqual([min(50), min(60)]);
    expect(o.stops).toEqual([
      { reason: 'MICRO', minutes: min(50) },
      { reason: 'MECH-PR', minutes: min(60) },
      { reason: 'MICRO', minutes: null },
    ]);
    expect(o.runningMinutes).toBeCloseTo(min(60 + 50 + 50 + 100), 12);
    expect([o.good, o.reject]).toEqual([50 + 20 + 10, 2]);

    const c = stationCalibrationOf({ group: 'G', line: 'L1', station: 'CF' }, rows, {
      from: 0,
      to: at(1_000),
    });
    expect(c.rejectRate).toBeCloseTo(2 / 82, 12);
    expect(c.stopsByReason).toEqual([
      {
        reason: 'MICRO',
        stops: 2,
        meanMinutesBetween: min(260) / 2,
        repairs: 1,
        meanRepairMinutes: min(50),
        sdRepairMinutes: null,
      },
      {
        reason: 'MECH-PR',
        stops: 1,
        meanMinutesBetween: min(260),
        repairs: 1,
        meanRepairMinutes: 1,
        sdRepairMinutes: null,
      },
    ]);
    expect(c.notes).toEqual([
      'cycle: not enough data (0 observations, need 10)',
      'uptime: not enough data (3 observations, need 10)',
      'repair: not enough data (2 observations, need 10)',
    ]);
  });

  it('takes cycle times from Cycle/Time reports, or from counters over running time', () => {
    // Running throughout but for a wait at 95–100 s; 14 units every 10 s, reported as a mean of 700 ms.
    const counted: StationEventRow[] = [
      r(0, 'State', 'running', true),
      r(0, 'Counts/Good', 0, true),
    ];
    const reported: StationEventRow[] = [...counted, r(0, 'Cycle/Time', 650, true)];
    for (let t = 10, units = 14; t <= 300; t += 10, units += 14) {
      counted.push(r(t, 'Counts/Good', units));
      reported.push(r(t, 'Counts/Good', units), r(t, 'Cycle/Time', t % 20 === 0 ? 690 : 710));
    }
    counted.push(...state(95, 'starved'), ...state(100, 'running'));
    counted.sort((a, b) => a.at - b.at);
    const fromCounts = stationObservations(counted, { from: 0, to: at(300) });
    expect(fromCounts.cycleSource).toBe('counts over running time');
    expect(fromCounts.cycleCv).toBeNull();
    // Spans of four reports (56 units ≥ 50): 0–40, 40–80, then the wait at 95 s breaks the
    // span at 80–90, and 100–140, … 260–300 make five more.
    expect(fromCounts.cycles).toHaveLength(7);
    for (const cycle of fromCounts.cycles) expect(cycle).toBeCloseTo(min(40 / 56), 12);

    const fromReports = stationObservations(reported, { from: 0, to: at(300) });
    expect(fromReports.cycleSource).toBe('cycle-time metric');
    // The birth's value is not a report; the 30 reports alternate 690 and 710 ms.
    expect(fromReports.cycles).toHaveLength(30);
    const mean = fromReports.cycles.reduce((s, x) => s + x, 0) / 30;
    expect(mean).toBeCloseTo(min(0.7), 12);
    // Neighbours differ by 20 ms with 14 units each: σ² = 20² / (2/14) = 2,800 ms², over the
    // mean of the reports whose units are known (all but the first: 14 of 710 ms, 15 of 690 ms).
    const weighted = (14 * 710 + 15 * 690) / 29;
    expect(fromReports.cycleCv).toBeCloseTo(Math.sqrt(2_800 / 0.454936423119572) / weighted, 12);
    // A report at the window's start is of cycles before it.
    const later = stationObservations(
      reported.filter((x) => x.at >= at(100)),
      { from: at(100), to: at(300) },
    );
    expect(later.cycles).toHaveLength(20);
  });
});

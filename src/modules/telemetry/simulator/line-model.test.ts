// The line simulator: reproducible for a seed, plausible against the plant's
// rated capacity, silent off shift, and honest — the metric changes it yields
// add up to the tally it keeps, which is what ingest tests will hold Lotline to.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PlantFile, readPlantText, ShiftCalendar } from '../../plant/index.js';
import { STATION_STATES, type StationState } from '../contract.js';
import {
  DEFAULT_PARAMETERS,
  LineSimulator,
  type MetricChange,
  type SimulatorOptions,
} from './line-model.js';

function referencePlant(): PlantFile {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plant;
}

const plant = referencePlant();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Monday 15 March 2027, 06:00 in Caracas: the start of shift A.
const SHIFT_A = Date.parse('2027-03-15T10:00:00Z');
const MIDNIGHT = Date.parse('2027-03-15T04:00:00Z');

function run(options: Partial<SimulatorOptions> & { until: number; step?: number }) {
  const start = options.start ?? SHIFT_A;
  const sim = new LineSimulator({ plant, line: 'L1', seed: 1, start, ...options });
  const initial = sim.snapshot();
  const changes: MetricChange[] = [];
  const step = options.step ?? MINUTE;
  for (let t = start; t < options.until; ) {
    t = Math.min(t + step, options.until);
    for (const change of sim.advanceTo(t)) changes.push(change);
  }
  return { sim, initial, changes, tally: sim.tally() };
}

const leaves = (() => {
  const codes = new Set<string>();
  const walk = (nodes: PlantFile['downtimeReasons']) => {
    for (const node of nodes) {
      if (node.children?.length) walk(node.children);
      else codes.add(node.code);
    }
  };
  walk(plant.downtimeReasons);
  return codes;
})();

describe('line simulator', () => {
  it('gives the same line for the same seed, however time is sliced', () => {
    const a = run({ seed: 42, until: SHIFT_A + 3 * HOUR, step: MINUTE });
    const b = run({ seed: 42, until: SHIFT_A + 3 * HOUR, step: 17 * MINUTE + 3_001 });
    expect(b.tally).toEqual(a.tally);
    // Counts are reported at the end of every slice as well; all else is the same.
    const notCounts = (c: MetricChange) => !c.name.startsWith('Counts/');
    expect(b.changes.filter(notCounts)).toEqual(a.changes.filter(notCounts));
    const c = run({ seed: 43, until: SHIFT_A + 3 * HOUR });
    expect(c.tally.good).not.toBe(a.tally.good);
  });

  it.each([
    ['L1', 1],
    ['L1', 2],
    ['L1', 3],
    ['L3', 4],
    ['L3', 5],
  ])('makes %s between 0.6 and 0.95 of its rated output over a shift (seed %i)', (line, seed) => {
    const { tally } = run({ line, seed, until: SHIFT_A + 8 * HOUR });
    const rated = plant.lines.find((l) => l.code === line)?.products[0]?.ratePerMinute ?? 0;
    // Shift A: 480 minutes less a 30-minute break.
    expect(tally.plannedMs).toBe(450 * MINUTE);
    const ratio = tally.good / (rated * 450);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(0.95);
    // About 1 % scrap, as the bills of material expect.
    expect(tally.reject / (tally.good + tally.reject)).toBeGreaterThan(0.002);
    expect(tally.reject / (tally.good + tally.reject)).toBeLessThan(0.03);
    expect(tally.stations.reduce((n, s) => n + s.stops, 0)).toBeGreaterThan(10);
    for (const reason of Object.keys(tally.downMsByReason)) expect(leaves).toContain(reason);
    expect(tally.shifts).toEqual([
      {
        shift: 'A',
        date: '2027-03-15',
        plannedMs: 450 * MINUTE,
        good: tally.good,
        reject: tally.reject,
      },
    ]);
  });

  it('publishes exactly what it tallies', () => {
    const { initial, changes, tally } = run({ seed: 7, until: SHIFT_A + 4 * HOUR });
    for (const device of initial.devices) {
      const station = tally.stations.find((s) => s.station === device.device);
      if (!station) throw new Error(`no tally for ${device.device}`);
      const mine = changes.filter((c) => c.device === device.device);
      const last = (name: string) => mine.filter((c) => c.name === name).at(-1)?.value;
      expect(last('Counts/Good')).toBe(station.good);
      expect(last('Counts/Reject') ?? 0).toBe(station.reject);
      // Time in each state, replayed from the birth value and the State changes.
      const replayed = Object.fromEntries(STATION_STATES.map((s) => [s, 0])) as Record<
        StationState,
        number
      >;
      let state = device.metrics.find((m) => m.name === 'State')?.value as StationState;
      let since = initial.timestamp;
      for (const change of mine.filter((c) => c.name === 'State')) {
        replayed[state] += change.timestamp - since;
        state = change.value as StationState;
        since = change.timestamp;
      }
      replayed[state] += tally.to - since;
      expect(replayed).toEqual(station.stateMs);
      const total = Object.values(station.stateMs).reduce((a, b) => a + b, 0);
      expect(total).toBe(tally.to - tally.from);
    }
    // Changes come in time order.
    const disordered = changes.filter((c, i) => i > 0 && c.timestamp < changes[i - 1]!.timestamp);
    expect(disordered).toEqual([]);
  });

  it('passes units from station to station through its buffers', () => {
    const { tally } = run({ seed: 3, until: SHIFT_A + 8 * HOUR });
    const { bufferCapacity, catchUpLevel } = DEFAULT_PARAMETERS;
    const initialFill = Math.floor(bufferCapacity * catchUpLevel * 0.5);
    for (let i = 1; i < tally.stations.length; i++) {
      const up = tally.stations[i - 1]!;
      const here = tally.stations[i]!;
      const taken = here.good + here.reject;
      // What a station took is what came from upstream, less what waits in
      // the buffer between them or in the station itself.
      expect(taken).toBeLessThanOrEqual(up.good + initialFill);
      expect(taken).toBeGreaterThanOrEqual(up.good + initialFill - bufferCapacity - 1);
    }
    expect(tally.good).toBe(tally.stations.at(-1)?.good);
  });

  it('gauges every cartridge and scraps the ones outside the specification', () => {
    const { changes, tally } = run({ seed: 11, until: SHIFT_A + 8 * HOUR });
    const gauging = tally.stations.find((s) => s.station === 'GA')!;
    const oal = changes.filter((c) => c.device === 'GA' && c.name === 'Gauge/OAL');
    const mass = changes.filter((c) => c.device === 'GA' && c.name === 'Gauge/Mass');
    expect(oal).toHaveLength(gauging.good + gauging.reject);
    expect(mass).toHaveLength(oal.length);
    // SPEC-BALL-EJ: OAL 55.45–56.00 mm (nominal 55.75), mass 16.00–16.70 g.
    let outside = 0;
    for (const [i, length] of oal.entries()) {
      const weight = mass[i]!.value as number;
      const l = length.value as number;
      if (l < 55.45 || l > 56 || weight < 16 || weight > 16.7) outside += 1;
    }
    expect(outside).toBe(gauging.reject);
    const mean = oal.reduce((sum, c) => sum + (c.value as number), 0) / oal.length;
    expect(mean).toBeCloseTo(55.75, 2);
  });

  it('stands still off shift: idle, no counts, time frozen', () => {
    const { changes, tally, initial } = run({
      seed: 5,
      start: MIDNIGHT,
      until: MIDNIGHT + 24 * HOUR,
    });
    const windows = new ShiftCalendar(plant, plant.lines[0]!).windowsBetween(
      MIDNIGHT,
      MIDNIGHT + 24 * HOUR,
    );
    const inWindow = (t: number) => windows.some((w) => w.start <= t && t <= w.end);
    expect(changes.filter((c) => !inWindow(c.timestamp))).toEqual([]);
    // Each station stops for the breaks, runs on from shift A into shift B,
    // and goes idle after B.
    const stoppedAt = (t: number) =>
      changes
        .filter((c) => c.timestamp === t && c.name === 'State')
        .map((c) => `${c.device}:${c.value}`)
        .sort();
    const stations = ['BS', 'CF', 'CH', 'CS', 'GA', 'PK', 'PR'];
    const [breakA, endA, breakB, endB] = windows.map((w) => w.end);
    expect(stoppedAt(breakA!)).toEqual(stations.map((s) => `${s}:planned_stop`));
    expect(stoppedAt(breakB!)).toEqual(stations.map((s) => `${s}:planned_stop`));
    expect(stoppedAt(endA!).filter((s) => s.endsWith(':idle'))).toEqual([]);
    expect(stoppedAt(endB!)).toEqual(stations.map((s) => `${s}:idle`));
    expect(
      changes
        .filter((c) => c.name === 'State/Reason' && c.timestamp === breakA)
        .map((c) => c.value),
    ).toEqual(stations.map(() => 'PLN-BREAK'));
    expect(
      initial.devices.every((d) => d.metrics.find((m) => m.name === 'State')?.value === 'idle'),
    ).toBe(true);
    expect(tally.plannedMs).toBe(900 * MINUTE);
    expect(tally.shifts.map((s) => [s.shift, s.plannedMs / MINUTE])).toEqual([
      ['A', 450],
      ['B', 450],
    ]);
    // Idle 6 h before shift A and 2 h after shift B; 30 min of break in each.
    for (const station of tally.stations) {
      expect(station.stateMs.idle).toBeGreaterThanOrEqual(8 * HOUR);
      expect(station.stateMs.planned_stop).toBe(60 * MINUTE);
    }
  });

  it('drains the line at the end of a work order and changes over to the next product', () => {
    const plan = [
      { workOrder: 'WO-T', product: 'C762-TRACER', quantity: 4_000 },
      { workOrder: 'WO-B', product: 'C762-BLANK', quantity: 3_000 },
    ];
    const { changes, tally } = run({ line: 'L3', seed: 9, plan, until: SHIFT_A + 16 * HOUR });
    const line = changes
      .filter((c) => c.device === null)
      .map((c) => [c.name, c.value, c.timestamp] as const);
    expect(line.map(([name, value]) => [name, value])).toEqual([
      ['Line/WorkOrder', 'WO-B'],
      ['Line/Product', 'C762-BLANK'],
      ['Line/WorkOrder', ''],
    ]);
    // Tracer to blank takes 240 minutes of shift time, all of it in setup.
    expect(tally.changeoverMs).toBe(240 * MINUTE);
    for (const station of tally.stations) expect(station.stateMs.setup).toBe(240 * MINUTE);
    const setupReasons = changes.filter(
      (c) => c.name === 'State/Reason' && c.value === 'PLN-SETUP-PRODUCT',
    );
    expect(setupReasons.length).toBeGreaterThanOrEqual(tally.stations.length);
    const [tracer, blank] = tally.runs;
    // The feed stops at the quantity; what is in the line still comes out.
    expect(tracer).toMatchObject({ workOrder: 'WO-T', product: 'C762-TRACER' });
    expect(tracer!.good).toBeGreaterThanOrEqual(4_000);
    expect(tracer!.good).toBeLessThan(4_000 + 6 * DEFAULT_PARAMETERS.bufferCapacity);
    expect(blank!.good).toBeGreaterThanOrEqual(3_000);
    expect(blank!.endedAt).not.toBeNull();
    expect(tracer!.good + blank!.good).toBe(tally.good);
  });

  it('gives current values for birth certificates', () => {
    const sim = new LineSimulator({ plant, line: 'L1', seed: 1, start: SHIFT_A });
    sim.advanceTo(SHIFT_A + 10 * MINUTE);
    const snapshot = sim.snapshot();
    expect(snapshot.timestamp).toBe(SHIFT_A + 10 * MINUTE);
    expect(snapshot.node).toEqual([
      { name: 'Line/WorkOrder', datatype: 'String', value: 'L1-SIM' },
      { name: 'Line/Product', datatype: 'String', value: 'C762-BALL' },
    ]);
    expect(snapshot.devices.map((d) => d.device)).toEqual([
      'CF',
      'PR',
      'CH',
      'BS',
      'CS',
      'GA',
      'PK',
    ]);
    const ga = snapshot.devices.find((d) => d.device === 'GA')!;
    expect(ga.metrics.map((m) => [m.name, m.datatype])).toEqual([
      ['Counts/Good', 'UInt64'],
      ['Counts/Reject', 'UInt64'],
      ['State', 'String'],
      ['State/Reason', 'String'],
      ['Cycle/Time', 'Float'],
      ['Gauge/OAL', 'Double'],
      ['Gauge/Mass', 'Double'],
    ]);
    const good = ga.metrics.find((m) => m.name === 'Counts/Good')?.value;
    expect(good).toBe(sim.tally().stations.find((s) => s.station === 'GA')?.good);
  });

  it('refuses what it cannot simulate', () => {
    const base = { plant, seed: 1, start: SHIFT_A };
    expect(() => new LineSimulator({ ...base, line: 'L9' })).toThrow('the plant has no line L9');
    expect(
      () =>
        new LineSimulator({
          ...base,
          line: 'L1',
          plan: [{ workOrder: 'W', product: 'C762-BLANK' }],
        }),
    ).toThrow('line L1 does not make C762-BLANK');
    expect(
      () =>
        new LineSimulator({
          ...base,
          line: 'L1',
          reasons: { minorStop: [{ code: 'NOPE', weight: 1 }] },
        }),
    ).toThrow(/no downtime reason for micro-stops/);
    const sim = new LineSimulator({ ...base, line: 'L1' });
    sim.advanceTo(SHIFT_A + MINUTE);
    expect(() => sim.advanceTo(SHIFT_A)).toThrow(/back/);
  });

  it('runs a shift of a line in well under a second', () => {
    const sim = new LineSimulator({ plant, line: 'L1', seed: 2, start: SHIFT_A });
    sim.advanceTo(SHIFT_A + HOUR); // warm up
    const before = process.cpuUsage();
    for (let t = SHIFT_A + HOUR; t < SHIFT_A + 9 * HOUR; t += MINUTE) sim.advanceTo(t + MINUTE);
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1_000;
    expect(cpuMs).toBeLessThan(1_000);
  });
});

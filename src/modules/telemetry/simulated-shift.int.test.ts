// A simulated shift end to end: the line simulator runs line 3 for nine hours
// of simulated time (the end of shift A, all of shift B with its break, a
// work order that ends, a changeover to another product, the first half hour
// off shift); its edge node publishes Sparkplug B through a real
// broker; ingest writes it into a real database; the KPIs computed from the
// database are what the simulator's own tally says the line did.
//
// Tolerances: the simulator reports every state change and count at a
// timestamp rounded to the millisecond, and its tally adds up those same
// timestamps, so times and counts must agree exactly. Only the changeover
// time is kept by the tally in unrounded production time, so setup may differ
// from it by the rounding of its two ends (< 1 ms each). Ratios are compared
// to 1e-12, the floating-point noise of dividing the same integers in
// another order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/support/database.js';
import { startTestBroker, type TestBroker, uniqueGroup } from '../../../test/support/mqtt.js';
import type { Store } from '../../core/db/store.js';
import { readPlantText } from '../plant/index.js';
import {
  lineStateTimeline,
  machineDowntimePareto,
  machineKpisByDay,
  machineKpisByShift,
  machineLineKpis,
  type Outcome,
  plannedRuntimePerUnitMs,
} from '../production/index.js';
import { type Ingest, startIngest } from './ingest.js';
import { connectEdgeNode, type EdgeNode } from './publisher.js';
import { LineSimulator, type LineTally } from './simulator/line-model.js';

const parsed = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the reference plant is not valid');
const plant = parsed.plant;
const L3 = plant.lines.find((l) => l.code === 'L3');
if (!L3) throw new Error('the reference plant has no L3');
const OUTPUT = L3.stations.at(-1)?.code as string;
const rate = (product: string) =>
  L3.products.find((p) => p.product === product)?.ratePerMinute ?? Number.NaN;
const pru = (product: string) => plannedRuntimePerUnitMs(rate(product));

// Monday 15 March 2027 in Caracas (UTC−4): 13:30 in shift A to 22:30, half
// an hour after shift B ends.
const START = Date.parse('2027-03-15T13:30:00-04:00');
const END = Date.parse('2027-03-15T22:30:00-04:00');
const SHIFT_B = Date.parse('2027-03-15T14:00:00-04:00');
const FIRST = 'C762-BLANK';
const SECOND = 'C762-TRACER';
const STEP_MS = 60_000;
// Mosquitto queues at most 1,000 QoS 1 messages for a client; stay well below.
const MAX_BACKLOG = 400;

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

async function waitFor(what: string, condition: () => boolean, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('a simulated shift through the broker and ingest', () => {
  let broker: TestBroker;
  let store: Store;
  let ingest: Ingest | undefined;
  let edge: EdgeNode | undefined;
  const group = uniqueGroup('shift');
  let tally: LineTally;

  beforeAll(async () => {
    broker = await startTestBroker();
    store = await createTestStore();
    ingest = await startIngest({
      db: store.db,
      mqttUrl: broker.url,
      group,
      clientId: `lotline-ingest-${group}`,
      outputStation: (line) => (line === 'L3' ? OUTPUT : undefined),
    });
    // An order of 6,000 blanks ends early in shift B; the line changes over
    // to tracers (300 minutes, interrupted by the break) and makes them to the end.
    const sim = new LineSimulator({
      plant,
      line: 'L3',
      seed: 'shift-2',
      start: START,
      plan: [
        { workOrder: 'WO-SIM-1', product: FIRST, quantity: 6_000 },
        { workOrder: 'WO-SIM-2', product: SECOND },
      ],
      // Counters every 5 s rather than every second, as many PLCs publish:
      // a third of the rows, so that the test runs in seconds; the tally
      // keeps to whatever the line published.
      parameters: { reportIntervalMs: 5_000 },
    });
    edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L3',
      snapshot: () => sim.snapshot(),
      now: () => sim.now,
    });
    const running = ingest;
    const started = performance.now();
    let published = 1 + L3.stations.length;
    for (let t = START; t < END; ) {
      t = Math.min(t + STEP_MS, END);
      const changes = sim.advanceTo(t);
      published += new Set(changes.map((c) => c.device)).size;
      await edge.publish(changes);
      const backlog = published - MAX_BACKLOG;
      await waitFor('ingest to keep up', () => running.stats().acknowledged >= backlog);
    }
    await waitFor('every message', () => running.stats().acknowledged >= published);
    await running.flush();
    tally = sim.tally();
    const stats = running.stats();
    console.info(
      `simulated shift (${store.kind}, ${broker.kind}): ${published} messages, ${stats.events} metrics in ${((performance.now() - started) / 1_000).toFixed(1)} s`,
    );
  }, 120_000);

  afterAll(async () => {
    await edge?.close();
    await ingest?.stop();
    await store?.close();
    await broker?.close();
  });

  const q = { line: 'L3', group, from: new Date(START), to: new Date(END) };
  const station = (code: string) => {
    const s = tally.stations.find((x) => x.station === code);
    if (!s) throw new Error(`no tally of ${code}`);
    return s;
  };
  const run = (workOrder: string) => {
    const r = tally.runs.find((x) => x.workOrder === workOrder);
    if (!r) throw new Error(`no run ${workOrder}`);
    return r;
  };

  it('simulated what the test is about', () => {
    expect(ingest?.stats()).toMatchObject({ deadLetters: 0, commitFailures: 0 });
    expect(tally.runs.map((r) => r.product)).toEqual([FIRST, SECOND]);
    expect(run('WO-SIM-1').endedAt).toBeGreaterThan(SHIFT_B);
    expect(run('WO-SIM-2').good).toBeGreaterThan(3_000);
    expect(tally.changeoverMs).toBe(300 * 60_000);
    expect(Object.keys(tally.downMsByReason).length).toBeGreaterThanOrEqual(3);
  });

  it('counts, times and OEE of the whole window are those of the tally', async () => {
    const report = value(await machineLineKpis(store.db, plant, q));
    expect(report.quantities).toEqual({
      good: tally.good,
      scrap: tally.reject,
      rework: 0,
      produced: tally.good + tally.reject,
    });
    const pk = station(OUTPUT);
    // Shift A from 13:30 (30 min, its break was earlier) and shift B (8 h less
    // its 30-minute break): planned busy time is the simulated production time.
    expect(report.times.pot).toBe(8.5 * 60 * 60_000);
    expect(report.times.pbt).toBe(tally.plannedMs);
    expect(report.times.plannedDowntime).toBe(pk.stateMs.planned_stop);
    expect(report.times.apt).toBe(pk.stateMs.running);
    expect(report.times.asut).toBe(pk.stateMs.setup);
    expect(Math.abs(report.times.asut - tally.changeoverMs)).toBeLessThanOrEqual(1);
    expect(report.times.unrecorded).toBe(0);
    expect(report.times.overtime).toBe(0);
    expect(report.times.aubt + report.times.adot).toBe(report.times.pbt);

    // PRU: the products' PRU weighted by what was made of each.
    const first = run('WO-SIM-1');
    const second = run('WO-SIM-2');
    const plannedMs =
      pru(FIRST) * (first.good + first.reject) + pru(SECOND) * (second.good + second.reject);
    const produced = tally.good + tally.reject;
    expect(report.pruMs).toBeCloseTo(plannedMs / produced, 9);
    const availability = pk.stateMs.running / tally.plannedMs;
    const effectiveness = plannedMs / pk.stateMs.running;
    const quality = tally.good / produced;
    expect(report.kpis.availability).toBeCloseTo(availability, 12);
    expect(report.kpis.effectiveness).toBeCloseTo(effectiveness, 12);
    expect(report.kpis.qualityRatio).toBeCloseTo(quality, 12);
    expect(report.kpis.oee).toBeCloseTo(availability * effectiveness * quality, 12);
    // A plausible line: the KPIs are not degenerate.
    expect(report.kpis.oee).toBeGreaterThan(0.3);
    expect(report.kpis.oee).toBeLessThan(0.95);
  });

  it('splits by shift as the tally does, and a day is the sum of its shifts', async () => {
    const shifts = value(await machineKpisByShift(store.db, plant, q));
    expect(shifts.map((s) => [s.day, s.shift])).toEqual([
      ['2027-03-15', 'A'],
      ['2027-03-15', 'B'],
    ]);
    expect(tally.shifts.map((s) => [s.date, s.shift])).toEqual([
      ['2027-03-15', 'A'],
      ['2027-03-15', 'B'],
    ]);
    for (const [i, shift] of shifts.entries()) {
      const expected = tally.shifts[i];
      expect(shift.quantities.good, shift.shift).toBe(expected?.good);
      expect(shift.quantities.scrap, shift.shift).toBe(expected?.reject);
      expect(shift.times.pbt, shift.shift).toBe(expected?.plannedMs);
    }
    const [a, b] = shifts;
    const [tallyA, tallyB] = tally.shifts;
    if (!a || !b || !tallyA || !tallyB) throw new Error('two shifts expected');
    const report = value(await machineLineKpis(store.db, plant, q));
    expect(a.times.apt + b.times.apt).toBe(report.times.apt);
    // Shift A made blanks only; shift B the rest of the blank order, then tracers.
    const first = run('WO-SIM-1');
    const second = run('WO-SIM-2');
    expect(a.kpis.oee).toBeCloseTo((pru(FIRST) * tallyA.good) / tallyA.plannedMs, 12);
    const firstInB = first.good + first.reject - (tallyA.good + tallyA.reject);
    const plannedB = pru(FIRST) * firstInB + pru(SECOND) * (second.good + second.reject);
    expect(b.pruMs).toBeCloseTo(plannedB / (tallyB.good + tallyB.reject), 9);
    expect(b.kpis.oee).toBeCloseTo(
      (plannedB / (tallyB.good + tallyB.reject)) * (tallyB.good / tallyB.plannedMs),
      12,
    );

    const days = value(await machineKpisByDay(store.db, plant, q));
    expect(days).toHaveLength(1);
    expect(days[0]?.shifts).toEqual(['A', 'B']);
    expect(days[0]?.quantities).toEqual(report.quantities);
    expect(days[0]?.times.pbt).toBe(report.times.pbt);
    expect(days[0]?.kpis.oee).toBeCloseTo(report.kpis.oee ?? Number.NaN, 12);
  });

  it("gives the machines' downtime by reason as the tally has it", async () => {
    const entries = value(
      await machineDowntimePareto(store.db, plant, { ...q, scope: 'stations' }),
    );
    const byReason = new Map(entries.map((e) => [e.reason, e.durationMs]));
    for (const [reason, ms] of Object.entries(tally.downMsByReason)) {
      expect(byReason.get(reason), reason).toBe(ms);
    }
    const sum = (f: (s: LineTally['stations'][number]) => number) =>
      tally.stations.reduce((total, s) => total + f(s), 0);
    expect(byReason.get('PLN-SETUP-PRODUCT')).toBe(sum((s) => s.stateMs.setup));
    expect(byReason.get('PLN-BREAK')).toBe(sum((s) => s.stateMs.planned_stop));
    expect(entries).toHaveLength(Object.keys(tally.downMsByReason).length + 2);
    expect(entries.at(-1)?.cumulativeShare).toBeCloseTo(1, 12);
  });

  it("gives the line's lost time by the reason the line stood, within what its machines lost", async () => {
    const entries = value(await machineDowntimePareto(store.db, plant, q));
    const report = value(await machineLineKpis(store.db, plant, q));
    // Every moment of planned operation the line did not run is in the Pareto once.
    const total = entries.reduce((sum, e) => sum + e.durationMs, 0);
    expect(total).toBe(report.times.pot - report.times.apt);
    const pk = station(OUTPUT);
    const byReason = new Map(entries.map((e) => [e.reason, e.durationMs]));
    for (const [reason, ms] of Object.entries(tally.downMsByReason)) {
      // The line stood for a reason at least while its output station did,
      // and at most while some station did.
      const line = byReason.get(reason) ?? 0;
      expect(line, reason).toBeGreaterThanOrEqual(pk.downMsByReason[reason] ?? 0);
      expect(line, reason).toBeLessThanOrEqual(ms);
    }
    // Breakdowns upstream are seen at the line: more than the output station's own stops.
    const lineDown = [...byReason.entries()]
      .filter(([reason]) => reason !== null && reason in tally.downMsByReason)
      .reduce((sum, [, ms]) => sum + ms, 0);
    expect(lineDown).toBeGreaterThan(pk.stateMs.down);
    expect(byReason.get('PLN-SETUP-PRODUCT')).toBe(pk.stateMs.setup);
    expect(byReason.get('PLN-BREAK')).toBe(pk.stateMs.planned_stop);
  });

  it('draws the timeline the KPIs are computed from', async () => {
    const intervals = await lineStateTimeline(store.db, { ...q, plant });
    expect(intervals[0]?.from).toBe(START);
    const shiftEnd = Date.parse('2027-03-15T22:00:00-04:00');
    expect(intervals.at(-1)).toEqual({ from: shiftEnd, to: END, state: 'off_shift' });
    for (let i = 1; i < intervals.length; i++) {
      expect(intervals[i]?.from).toBe(intervals[i - 1]?.to);
    }
    const running = intervals
      .filter((i) => i.state === 'running')
      .reduce((sum, i) => sum + i.to - i.from, 0);
    expect(running).toBe(station(OUTPUT).stateMs.running);
  });
});

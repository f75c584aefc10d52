// Machine data into KPI inputs, on rows made by hand: which station speaks
// for the line, what a counter adds, where a count falls in time, and the
// calendar's and the work order's cuts.
import { describe, expect, it } from 'vitest';
import { downtimePareto } from './kpi.js';
import {
  clipToSpans,
  counterIncrement,
  countsInSpans,
  lineMachineData,
  type MachineEventRow,
  markOffShift,
  mergePareto,
  workOrderSpans,
} from './machine-data.js';
import type { ShiftInstance } from './time-model.js';

const S = 1_000;
const layout = { stations: ['CF', 'CS', 'PK'] };
const window = { from: 0, to: 100 * S };

const state = (at: number, device: string, value: string): MachineEventRow => ({
  device,
  metric: 'State',
  at,
  number: null,
  text: value,
  birth: false,
});
const reason = (at: number, device: string, value: string): MachineEventRow => ({
  ...state(at, device, value),
  metric: 'State/Reason',
});
const counter = (
  at: number,
  device: string,
  metric: 'Counts/Good' | 'Counts/Reject',
  value: number,
  birth = false,
): MachineEventRow => ({ device, metric, at, number: value, text: null, birth });
const product = (at: number, value: string): MachineEventRow => ({
  device: null,
  metric: 'Line/Product',
  at,
  number: null,
  text: value,
  birth: false,
});

describe('the line state from machine data', () => {
  it("is the output station's, and a starved output takes the state of the station that starves it", () => {
    const data = lineMachineData(
      [
        // Each series' last row before the window: where it starts from.
        state(-5 * S, 'CF', 'running'),
        state(-5 * S, 'CS', 'running'),
        state(-5 * S, 'PK', 'running'),
        // The crimper breaks down; packing runs on from the buffer, then starves.
        state(10 * S, 'CS', 'down'),
        reason(10 * S, 'CS', 'MECH-CS'),
        state(15 * S, 'PK', 'starved'),
        // Repaired: packing waits a moment behind a running crimper (a speed loss).
        state(30 * S, 'CS', 'running'),
        reason(30 * S, 'CS', ''),
        state(32 * S, 'PK', 'running'),
        // The order is done: the feed stops, the line drains and stands idle.
        state(50 * S, 'CF', 'idle'),
        state(50 * S, 'CS', 'starved'),
        state(50 * S, 'PK', 'starved'),
        // A break: every station in a planned stop.
        state(80 * S, 'CF', 'planned_stop'),
        reason(80 * S, 'CF', 'PLN-BREAK'),
        state(80 * S, 'CS', 'planned_stop'),
        reason(80 * S, 'CS', 'PLN-BREAK'),
        state(80 * S, 'PK', 'planned_stop'),
        reason(80 * S, 'PK', 'PLN-BREAK'),
      ],
      layout,
      window,
    );
    expect(data.intervals).toEqual([
      { from: 0, to: 15 * S, state: 'running' },
      { from: 15 * S, to: 30 * S, state: 'down', reason: 'MECH-CS' },
      { from: 30 * S, to: 32 * S, state: 'starved' },
      { from: 32 * S, to: 50 * S, state: 'running' },
      { from: 50 * S, to: 80 * S, state: 'idle' },
      { from: 80 * S, to: 100 * S, state: 'planned_stop', reason: 'PLN-BREAK' },
    ]);
    // Each station's own states are kept too, for the machines' Pareto.
    expect(data.stations.find((s) => s.station === 'CS')?.intervals).toEqual([
      { from: 0, to: 10 * S, state: 'running' },
      { from: 10 * S, to: 30 * S, state: 'down', reason: 'MECH-CS' },
      { from: 30 * S, to: 50 * S, state: 'running' },
      { from: 50 * S, to: 80 * S, state: 'starved' },
      { from: 80 * S, to: 100 * S, state: 'planned_stop', reason: 'PLN-BREAK' },
    ]);
  });

  it('leaves a gap where the output station had not reported or reported a state outside the contract', () => {
    const data = lineMachineData(
      [
        state(20 * S, 'PK', 'running'),
        state(40 * S, 'PK', 'dancing'),
        state(60 * S, 'PK', 'down'),
        // A reason outside a reasoned state is stale and ignored.
        reason(60 * S, 'PK', ''),
        state(70 * S, 'PK', 'idle'),
        reason(70 * S, 'PK', 'MICRO'),
      ],
      layout,
      window,
    );
    expect(data.intervals).toEqual([
      { from: 20 * S, to: 40 * S, state: 'running' },
      { from: 60 * S, to: 70 * S, state: 'down' },
      { from: 70 * S, to: 100 * S, state: 'idle' },
    ]);
  });

  it('clips to the window and keeps a state across it when nothing changes', () => {
    const data = lineMachineData([state(-50 * S, 'PK', 'running')], layout, {
      from: 10 * S,
      to: 20 * S,
    });
    expect(data.intervals).toEqual([{ from: 10 * S, to: 20 * S, state: 'running' }]);
    expect(lineMachineData([], layout, window).intervals).toEqual([]);
  });
});

describe('counts from machine data', () => {
  it("counts good at the output station only, rejects at every station, from each counter's value at the start", () => {
    const data = lineMachineData(
      [
        counter(-5 * S, 'PK', 'Counts/Good', 1_000),
        counter(-5 * S, 'CS', 'Counts/Good', 1_200),
        counter(-5 * S, 'CF', 'Counts/Reject', 7),
        counter(10 * S, 'PK', 'Counts/Good', 1_050),
        counter(10 * S, 'CS', 'Counts/Good', 1_260),
        counter(20 * S, 'CF', 'Counts/Reject', 9),
        counter(20 * S, 'CS', 'Counts/Reject', 1),
        counter(20 * S, 'PK', 'Counts/Good', 1_060),
        counter(30 * S, 'PK', 'Counts/Good', 1_080),
      ],
      layout,
      window,
    );
    // Each report counts units made before it: placed 1 ms earlier.
    expect(data.counts).toEqual([
      { at: 10 * S - 1, good: 50, reject: 0, product: undefined },
      // One record an instant. CS's first reject counter adds nothing: a series
      // seen for the first time has no earlier value (as in ingest's projection).
      { at: 20 * S - 1, good: 10, reject: 2, product: undefined },
      { at: 30 * S - 1, good: 20, reject: 0, product: undefined },
    ]);
  });

  it('counts again after a birth with a lower value, and ignores a fall outside a birth', () => {
    expect(counterIncrement(null, 500, false)).toBe(0);
    expect(counterIncrement(100, 130, false)).toBe(30);
    expect(counterIncrement(100, 20, true)).toBe(20);
    expect(counterIncrement(100, 20, false)).toBe(0);
    const data = lineMachineData(
      [
        counter(-S, 'PK', 'Counts/Good', 100),
        counter(10 * S, 'PK', 'Counts/Good', 120),
        // The machine restarted: its birth counts from zero again.
        counter(20 * S, 'PK', 'Counts/Good', 5, true),
        counter(30 * S, 'PK', 'Counts/Good', 15),
        // A fall without a birth breaks the contract: nothing added, counted on from it.
        counter(40 * S, 'PK', 'Counts/Good', 3),
        counter(50 * S, 'PK', 'Counts/Good', 8),
      ],
      layout,
      window,
    );
    expect(data.counts.map((c) => c.good)).toEqual([20, 5, 10, 5]);
  });

  it('counts a report at the window start to the time before it, and one at its end to the window', () => {
    const data = lineMachineData(
      [
        counter(-S, 'PK', 'Counts/Good', 100),
        counter(0, 'PK', 'Counts/Good', 110),
        counter(100 * S, 'PK', 'Counts/Good', 125),
      ],
      layout,
      window,
    );
    expect(data.counts).toEqual([{ at: 100 * S - 1, good: 15, reject: 0, product: undefined }]);
  });

  it('gives each count the product the line reported before it', () => {
    const data = lineMachineData(
      [
        product(-60 * S, 'C762-TRACER'),
        counter(-S, 'PK', 'Counts/Good', 0),
        counter(10 * S, 'PK', 'Counts/Good', 40),
        // Changeover: the line reports its new product, then makes it.
        product(50 * S, 'C762-BLANK'),
        counter(50 * S, 'PK', 'Counts/Good', 41),
        counter(60 * S, 'PK', 'Counts/Good', 91),
      ],
      layout,
      window,
    );
    expect(data.counts).toEqual([
      { at: 10 * S - 1, good: 40, reject: 0, product: 'C762-TRACER' },
      { at: 50 * S - 1, good: 1, reject: 0, product: 'C762-TRACER' },
      { at: 60 * S - 1, good: 50, reject: 0, product: 'C762-BLANK' },
    ]);
    expect(data.products).toEqual([
      { at: 0, product: 'C762-TRACER' },
      { at: 50 * S, product: 'C762-BLANK' },
    ]);
  });
});

describe('the calendar and the work order cut the time', () => {
  const shift = (from: number, to: number): ShiftInstance => ({
    shift: 'A',
    day: '2027-03-15',
    from,
    to,
    maintenance: false,
  });

  it('marks the time outside the shifts off shift, except running or setup (overtime)', () => {
    const intervals = markOffShift(
      [
        { from: 0, to: 30 * S, state: 'idle' },
        { from: 30 * S, to: 60 * S, state: 'down', reason: 'MECH-CS' },
        { from: 60 * S, to: 90 * S, state: 'running' },
        { from: 90 * S, to: 100 * S, state: 'idle' },
      ],
      [shift(20 * S, 40 * S), shift(50 * S, 70 * S)],
      window,
    );
    expect(intervals).toEqual([
      { from: 0, to: 20 * S, state: 'off_shift' },
      { from: 20 * S, to: 30 * S, state: 'idle' },
      { from: 30 * S, to: 40 * S, state: 'down', reason: 'MECH-CS' },
      { from: 40 * S, to: 50 * S, state: 'off_shift' },
      { from: 50 * S, to: 60 * S, state: 'down', reason: 'MECH-CS' },
      // Running past the shift's end stays running: overtime.
      { from: 60 * S, to: 90 * S, state: 'running' },
      { from: 90 * S, to: 100 * S, state: 'off_shift' },
    ]);
  });

  it('finds the spans a work order held its line: running or paused, not on hold', () => {
    const transitions = [
      { to: 'released', at: 0 },
      { to: 'running', at: 10 * S },
      { to: 'paused', at: 20 * S },
      { to: 'running', at: 25 * S },
      { to: 'on_hold', at: 40 * S },
      { to: 'running', at: 60 * S },
      { to: 'completed', at: 80 * S },
      { to: 'closed', at: 90 * S },
    ];
    expect(workOrderSpans(transitions, 200 * S)).toEqual([
      { from: 10 * S, to: 40 * S },
      { from: 60 * S, to: 80 * S },
    ]);
    // Still running: it holds the line until now.
    expect(workOrderSpans(transitions.slice(0, 3), 50 * S)).toEqual([{ from: 10 * S, to: 50 * S }]);
    expect(workOrderSpans([{ to: 'released', at: 0 }], 50 * S)).toEqual([]);
  });

  it('clips states and counts to those spans', () => {
    const spans = [
      { from: 10 * S, to: 40 * S },
      { from: 60 * S, to: 80 * S },
    ];
    expect(
      clipToSpans(
        [
          { from: 0, to: 30 * S, state: 'running' },
          { from: 30 * S, to: 70 * S, state: 'down', reason: 'MICRO' },
          { from: 70 * S, to: 100 * S, state: 'running' },
        ],
        spans,
      ),
    ).toEqual([
      { from: 10 * S, to: 30 * S, state: 'running' },
      { from: 30 * S, to: 40 * S, state: 'down', reason: 'MICRO' },
      { from: 60 * S, to: 70 * S, state: 'down', reason: 'MICRO' },
      { from: 70 * S, to: 80 * S, state: 'running' },
    ]);
    const records = [5, 10, 39, 40, 59, 60, 79, 80].map((t) => ({ at: t * S, good: 1, reject: 0 }));
    expect(countsInSpans(records, spans).map((r) => r.at / S)).toEqual([10, 39, 60, 79]);
  });

  it("sums the stations' Pareto entries per reason", () => {
    const pareto = (intervals: Parameters<typeof downtimePareto>[0]) => {
      const result = downtimePareto(intervals, window);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    const merged = mergePareto([
      pareto([
        { from: 0, to: 10 * S, state: 'down', reason: 'MICRO' },
        { from: 20 * S, to: 50 * S, state: 'down', reason: 'MECH-CF' },
      ]),
      pareto([{ from: 0, to: 30 * S, state: 'down', reason: 'MICRO' }]),
    ]);
    expect(merged).toEqual([
      { reason: 'MICRO', durationMs: 40 * S, count: 2, share: 4 / 7, cumulativeShare: 4 / 7 },
      { reason: 'MECH-CF', durationMs: 30 * S, count: 1, share: 3 / 7, cumulativeShare: 1 },
    ]);
  });
});

// What the breakdown watch reads from a station's machine data: which stops
// are breakdowns, when they begin and end, and the counts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlantText } from '../plant/index.js';
import { advanceWatch, type WatchedRow } from './breakdown-detection.js';
import { breakdownReasons } from './model.js';

const parsed = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the reference plant is not valid');
const reasons = breakdownReasons(parsed.plant);
const isBreakdown = (r: string) => reasons.has(r);

let id = 0;
function row(
  at: number,
  metric: string,
  value: string | number,
  station = 'CF',
  birth = false,
): WatchedRow {
  id += 1;
  return {
    id,
    line: 'L1',
    station,
    metric,
    at: at * 1000,
    number: typeof value === 'number' ? value : null,
    text: typeof value === 'string' ? value : null,
    birth,
  };
}
const state = (at: number, s: string, reason = '', station = 'CF') => [
  row(at, 'State', s, station),
  row(at, 'State/Reason', reason, station),
];

describe('the reference plant’s breakdown reasons', () => {
  it('are the mechanical and electrical failures, not micro-stops, shortages or planned stops', () => {
    expect(reasons).toContain('MECH-CF');
    expect(reasons).toContain('MECH-CONV');
    expect(reasons).toContain('ELEC-DRIVE');
    for (const other of [
      'MICRO',
      'STARVED-CASE',
      'BLOCKED-PACK',
      'PLN-BREAK',
      'QUAL-SPC',
      'UTIL-AIR',
    ]) {
      expect(reasons.has(other), other).toBe(false);
    }
    // Groups are never reported, so they are not in the set.
    expect(reasons.has('MECH')).toBe(false);
    expect(reasons.size).toBe(12);
  });
});

describe('advanceWatch', () => {
  it('opens a breakdown for a failure, not for a micro-stop, starvation or a planned stop', () => {
    const { changes } = advanceWatch(
      new Map(),
      [
        ...state(0, 'running'),
        ...state(10, 'down', 'MICRO'),
        ...state(40, 'running'),
        ...state(50, 'starved'),
        ...state(60, 'blocked'),
        ...state(70, 'planned_stop', 'PLN-BREAK'),
        ...state(80, 'down', 'STARVED-CASE'),
        ...state(90, 'running'),
        ...state(100, 'down', 'MECH-CF'),
      ],
      isBreakdown,
    );
    expect(changes).toEqual([
      { kind: 'down', line: 'L1', station: 'CF', reason: 'MECH-CF', at: 100_000, eventId: id },
    ]);
  });

  it('reads a State and its State/Reason of one instant together, in either order', () => {
    const { changes } = advanceWatch(
      new Map(),
      [row(0, 'State', 'running'), row(5, 'State/Reason', 'ELEC-PLC'), row(5, 'State', 'down')],
      isBreakdown,
    );
    expect(changes).toMatchObject([{ kind: 'down', reason: 'ELEC-PLC', at: 5_000 }]);
  });

  it('carries the station’s state from one batch to the next', () => {
    const first = advanceWatch(new Map(), state(0, 'down', 'MECH-CF'), isBreakdown);
    expect(first.changes).toHaveLength(1);
    // The same breakdown in the next batch (a repeated birth) opens nothing new…
    const again = advanceWatch(first.watches, state(30, 'down', 'MECH-CF'), isBreakdown);
    expect(again.changes).toEqual([]);
    // …and ends when the station runs.
    const back = advanceWatch(again.watches, state(600, 'running'), isBreakdown);
    expect(back.changes).toEqual([
      { kind: 'up', line: 'L1', station: 'CF', downAt: 0, at: 600_000, pausedMs: 0 },
    ]);
    expect(back.watches.get('L1/CF')?.open).toBeNull();
    // The input map is not changed.
    expect(first.watches.get('L1/CF')?.open).not.toBeNull();
  });

  it('pauses a breakdown over a break or the end of the shift, and resumes it', () => {
    const { changes } = advanceWatch(
      new Map(),
      [
        ...state(0, 'down', 'MECH-CF'),
        ...state(100, 'idle'),
        ...state(1_000, 'down', 'MECH-CF'),
        ...state(1_060, 'running'),
      ],
      isBreakdown,
    );
    expect(changes.map((c) => c.kind)).toEqual(['down', 'up']);
    expect(changes[1]).toMatchObject({ at: 1_060_000, pausedMs: 900_000 });
  });

  it('dates a stop given a breakdown reason later from when the station went down', () => {
    const { changes } = advanceWatch(
      new Map(),
      [...state(0, 'running'), ...state(10, 'down', 'MICRO'), row(190, 'State/Reason', 'MECH-BS')],
      isBreakdown,
    );
    expect(changes).toMatchObject([{ kind: 'down', reason: 'MECH-BS', at: 10_000 }]);
  });

  it('keeps stations apart', () => {
    const { changes } = advanceWatch(
      new Map(),
      [
        ...state(0, 'down', 'MECH-CF', 'CF'),
        ...state(5, 'down', 'MECH-PR', 'PR'),
        ...state(9, 'running', '', 'CF'),
      ],
      isBreakdown,
    );
    expect(changes.map((c) => [c.kind, c.station])).toEqual([
      ['down', 'CF'],
      ['down', 'PR'],
      ['up', 'CF'],
    ]);
  });

  it('adds up the counters by the telemetry contract’s rule', () => {
    const first = advanceWatch(
      new Map(),
      [row(0, 'Counts/Good', 5_000, 'CF', true), row(0, 'Counts/Reject', 40, 'CF', true)],
      isBreakdown,
    );
    expect(first.watches.get('L1/CF')).toMatchObject({ good: 0, reject: 0, lastGood: 5_000 });
    const next = advanceWatch(
      first.watches,
      [
        row(10, 'Counts/Good', 5_600),
        row(10, 'Counts/Reject', 43),
        // A new birth counting from zero again: all of it is new.
        row(20, 'Counts/Good', 150, 'CF', true),
      ],
      isBreakdown,
    );
    expect(next.watches.get('L1/CF')).toMatchObject({ good: 750, reject: 3, lastGood: 150 });
  });
});

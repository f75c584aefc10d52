import { describe, expect, it } from 'vitest';
import { lineReading, type StationReport, sharedCounterStep } from './line-state.js';

const at = (state: string | undefined, reason = ''): StationReport => ({ state, reason });

describe('lineReading', () => {
  it("is the output station's state, with its reason where the state carries one", () => {
    expect(lineReading([at('down', 'MECH-CS'), at('running')])).toEqual({
      state: 'running',
      reason: undefined,
    });
    expect(lineReading([at('running'), at('down', 'MECH-PK')])).toEqual({
      state: 'down',
      reason: 'MECH-PK',
    });
    // A stale reason beside a state that carries none is dropped.
    expect(lineReading([at('running'), at('idle', 'MECH-PK')])).toEqual({
      state: 'idle',
      reason: undefined,
    });
  });

  it('takes, for a starved output, the stop of the nearest station upstream that causes it', () => {
    const line = [at('down', 'MECH-CF'), at('starved'), at('starved')];
    expect(lineReading(line)).toEqual({ state: 'down', reason: 'MECH-CF' });
    expect(lineReading([at('setup', 'CHG'), at('starved')])).toEqual({
      state: 'setup',
      reason: 'CHG',
    });
    expect(lineReading([at('idle'), at('starved')])).toEqual({ state: 'idle', reason: undefined });
  });

  it('stays starved behind a running (slower) or blocked station: a speed loss, not a stop', () => {
    expect(lineReading([at('down', 'X'), at('running'), at('starved')])).toEqual({
      state: 'starved',
      reason: undefined,
    });
    expect(lineReading([at('blocked'), at('starved')])).toEqual({
      state: 'starved',
      reason: undefined,
    });
  });

  it('knows nothing until the output station has reported', () => {
    expect(lineReading([])).toBeUndefined();
    expect(lineReading([at('down', 'X'), at(undefined)])).toBeUndefined();
  });
});

describe('sharedCounterStep (several ingest processes, commits out of order)', () => {
  const apply = (values: [number, boolean][]) => {
    let last: number | null = null;
    let total = 0;
    for (const [value, birth] of values) {
      const step = sharedCounterStep(last, value, birth);
      total += step.increment;
      last = step.last;
    }
    return total;
  };

  it('adds the same in any order within a birth', () => {
    const inOrder = apply([
      [100, true],
      [103, false],
      [107, false],
      [110, false],
    ]);
    const shuffled = apply([
      [100, true],
      [110, false],
      [103, false],
      [107, false],
    ]);
    expect(inOrder).toBe(10);
    expect(shuffled).toBe(10);
  });

  it('counts a birth with a lower value as a machine that started counting again', () => {
    expect(
      apply([
        [100, true],
        [110, false],
        [4, true],
        [6, false],
      ]),
    ).toBe(16);
  });
});

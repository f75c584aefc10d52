import { describe, expect, it } from 'vitest';
import { lineReading, type StationReport } from './line-state.js';

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

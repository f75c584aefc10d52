import { describe, expect, it } from 'vitest';
import { hourTicks, stateTotals, timelineSegments } from './timeline';

const H = 3_600_000;
const window = { from: 10 * H, to: 18 * H };

describe('timelineSegments', () => {
  it('clips the intervals to the window and places them in per cent of it', () => {
    const segments = timelineSegments(
      [
        { from: 9 * H, to: 12 * H, state: 'running' },
        { from: 12 * H, to: 13 * H, state: 'down', reason: 'MECH-CS' },
        { from: 13 * H, to: 13 * H, state: 'idle' },
        { from: 17 * H, to: 20 * H, state: 'running' },
      ],
      window,
    );
    expect(segments).toEqual([
      { from: 10 * H, to: 12 * H, state: 'running', x: 0, width: 25 },
      { from: 12 * H, to: 13 * H, state: 'down', reason: 'MECH-CS', x: 25, width: 12.5 },
      { from: 17 * H, to: 18 * H, state: 'running', x: 87.5, width: 12.5 },
    ]);
  });

  it('has nothing to place in an empty window', () => {
    expect(timelineSegments([{ from: 0, to: H, state: 'running' }], { from: H, to: H })).toEqual(
      [],
    );
  });
});

describe('stateTotals', () => {
  it('adds the time per state, and the time nothing was reported as unknown', () => {
    const segments = timelineSegments(
      [
        { from: 10 * H, to: 12 * H, state: 'running' },
        { from: 12 * H, to: 13 * H, state: 'down', reason: 'MECH-CS' },
        { from: 13 * H, to: 14 * H, state: 'running' },
      ],
      window,
    );
    expect(stateTotals(segments, window)).toEqual([
      { state: 'unknown', ms: 4 * H, share: 0.5 },
      { state: 'running', ms: 3 * H, share: 0.375 },
      { state: 'down', ms: H, share: 0.125 },
    ]);
  });
});

describe('hourTicks', () => {
  it('marks whole hours, fewer of them on a long window', () => {
    expect(hourTicks({ from: 10.5 * H, to: 13 * H })).toEqual([11 * H, 12 * H, 13 * H]);
    expect(hourTicks({ from: 0, to: 24 * H })).toHaveLength(13);
  });
});

import { describe, expect, it } from 'vitest';
import { type CounterSample, goodRatePerMinute } from './live.js';
import { sseEvent } from './routes.js';

const MIN = 60_000;
const T0 = Date.parse('2027-03-15T12:00:00Z');
const window = { from: T0, to: T0 + 5 * MIN };
const at = (minutes: number, value: number, birth = false): CounterSample => ({
  at: T0 + minutes * MIN,
  value,
  birth,
});

describe('goodRatePerMinute', () => {
  it('divides the increments over the window by its length when the counter ran before it', () => {
    // 420 units in 5 minutes: 84 a minute, the rated rate of L1.
    const rate = goodRatePerMinute(
      at(-0.5, 1_000),
      [at(1, 1_100), at(3, 1_250), at(5, 1_420)],
      window,
    );
    expect(rate).toBe(84);
  });

  it('counts the first increment inside the window from the last value before it', () => {
    expect(goodRatePerMinute(at(-3, 500), [at(2.5, 750)], window)).toBe(50);
  });

  it('is zero for a line that reported before the window and nothing since (stopped)', () => {
    expect(goodRatePerMinute(at(-10, 500), [], window)).toBe(0);
  });

  it('divides by the time since the first report when the line began reporting inside the window', () => {
    // First seen at minute 3 with 0 (a birth), 100 more by minute 5: 50 a minute, not 20.
    expect(goodRatePerMinute(undefined, [at(3, 0, true), at(4, 60), at(5, 100)], window)).toBe(50);
  });

  it('has no rate without data, or with less than 10 s of them', () => {
    expect(goodRatePerMinute(undefined, [], window)).toBeNull();
    expect(
      goodRatePerMinute(undefined, [{ at: window.to - 5_000, value: 3, birth: true }], window),
    ).toBeNull();
  });

  it('takes a counter that starts again in a birth as all new, and ignores one that falls outside a birth', () => {
    // 100 → 160 (+60), rebirth at 20 (+20), 80 (+60), a fall to 10 outside a birth (+0), 40 (+30).
    const samples = [at(1, 160), at(2, 20, true), at(3, 80), at(4, 10), at(5, 40)];
    expect(goodRatePerMinute(at(0, 100), samples, window)).toBe((60 + 20 + 60 + 0 + 30) / 5);
  });
});

describe('sseEvent', () => {
  it('writes one event with an id, a name and the JSON data on one line, ended by a blank line', () => {
    expect(sseEvent('line', { line: 'L1', note: 'a\nb' }, 7)).toBe(
      'id: 7\nevent: line\ndata: {"line":"L1","note":"a\\nb"}\n\n',
    );
    expect(sseEvent('heartbeat', { at: 'x' })).toBe('event: heartbeat\ndata: {"at":"x"}\n\n');
  });
});

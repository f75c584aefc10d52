import { describe, expect, it } from 'vitest';
import { INITIAL_FLOOR, type LiveLine, liveReducer, reconnectDelayMs } from './telemetry';

const line = (code: string, good: number, extra: Partial<LiveLine> = {}): LiveLine => ({
  group: 'CAR',
  line: code,
  state: 'running',
  reason: '',
  since: '2027-03-15T10:00:00.000Z',
  good,
  reject: 0,
  ratePerMinute: null,
  workOrder: null,
  product: null,
  lastEventAt: '2027-03-15T12:00:00.000Z',
  shift: null,
  stations: [],
  ...extra,
});

describe('liveReducer', () => {
  it('is live with the lines of a snapshot, and takes each changed line after it', () => {
    let floor = liveReducer(INITIAL_FLOOR, {
      type: 'snapshot',
      lines: [line('L1', 10), line('L2', 5)],
      at: 1,
    });
    expect(floor.status).toBe('live');
    floor = liveReducer(floor, { type: 'line', line: line('L1', 12), at: 2 });
    expect(floor.lines.get('L1')?.good).toBe(12);
    expect(floor.lines.get('L2')?.good).toBe(5);
    expect(floor.heardAt).toBe(2);
  });

  it('says the stream is lost, keeps the figures as last heard, and when it was lost', () => {
    let floor = liveReducer(INITIAL_FLOOR, { type: 'snapshot', lines: [line('L1', 10)], at: 1 });
    floor = liveReducer(floor, { type: 'lost', at: 5, retryAt: 7 });
    floor = liveReducer(floor, { type: 'lost', at: 9 });
    expect(floor).toMatchObject({ status: 'lost', lostAt: 5, heardAt: 1 });
    expect(floor.lines.get('L1')?.good).toBe(10);
    // A heartbeat alone does not make it live again; a snapshot does.
    expect(liveReducer(floor, { type: 'heard', at: 10 }).status).toBe('lost');
    expect(liveReducer(floor, { type: 'snapshot', lines: [], at: 11 })).toMatchObject({
      status: 'live',
      lostAt: undefined,
    });
  });

  it('is lost, not connecting, when the first connection fails', () => {
    expect(liveReducer(INITIAL_FLOOR, { type: 'lost', at: 1 }).status).toBe('lost');
  });

  it('lets the group heard from last speak for a line reported by two', () => {
    const older = line('L1', 10, { group: 'A', lastEventAt: '2027-03-15T12:00:00.000Z' });
    const newer = line('L1', 3, { group: 'B', lastEventAt: '2027-03-15T12:00:05.000Z' });
    const floor = liveReducer(INITIAL_FLOOR, { type: 'snapshot', lines: [newer, older], at: 1 });
    expect(floor.lines.get('L1')?.group).toBe('B');
    expect(
      liveReducer(floor, { type: 'line', line: { ...older, good: 11 }, at: 2 }).lines.get('L1')
        ?.group,
    ).toBe('B');
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from one second up to thirty', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(reconnectDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });
});

// The status page's judgement and rates, without a server.
import { describe, expect, it } from 'vitest';
import { CounterHistory } from './rates.js';
import { judge, STATUS_LIMITS, type SystemStatus, worst } from './status.js';

const healthy: Omit<SystemStatus, 'overall' | 'checks'> = {
  version: 't',
  checkedAt: '2027-03-15T10:00:00.000Z',
  startedAt: '2027-03-15T09:00:00.000Z',
  uptimeSeconds: 3600,
  store: {
    kind: 'postgres',
    reachable: true,
    pingMs: 0.4,
    error: null,
    pool: { max: 10, total: 3, idle: 2, waiting: 0 },
    migrations: { applied: 18, known: 18 },
  },
  machineData: {
    broker: 'mqtt://broker:1883',
    embedded: false,
    group: 'VAL',
    connected: true,
    counters: {
      received: 10,
      acknowledged: 10,
      events: 40,
      duplicates: 0,
      deadLetters: 0,
      batches: 2,
      commitFailures: 0,
      rebirthRequests: 0,
      pending: 0,
      redeliveries: 0,
    },
    lagSeconds: 0,
    rates: null,
    rateSeconds: null,
  },
  deadLettersLastHour: 0,
  watcher: [{ group: 'VAL', updatedAt: '', ageSeconds: 3, eventsBehind: 0 }],
  liveSubscribers: 2,
  memory: { rssMb: 200, heapUsedMb: 90, heapTotalMb: 120, externalMb: 10 },
};

const stateOf = (status: typeof healthy, name: string) =>
  judge(status).find((c) => c.name === name)?.state;

describe('judge', () => {
  it('finds a healthy system ok throughout', () => {
    expect(worst(judge(healthy).map((c) => c.state))).toBe('ok');
  });

  it('warns of a lag past its limit and calls a long one an error', () => {
    const lagged = (lagSeconds: number) => ({
      ...healthy,
      machineData: {
        ...(healthy.machineData as NonNullable<typeof healthy.machineData>),
        lagSeconds,
      },
    });
    expect(stateOf(lagged(STATUS_LIMITS.lagWarningSeconds - 1), 'ingest lag')).toBe('ok');
    expect(stateOf(lagged(STATUS_LIMITS.lagWarningSeconds), 'ingest lag')).toBe('warning');
    expect(stateOf(lagged(STATUS_LIMITS.lagErrorSeconds), 'ingest lag')).toBe('error');
  });

  it('flags a store that does not answer, missing migrations, waiting queries, dead letters, a stalled watcher', () => {
    expect(
      stateOf({ ...healthy, store: { ...healthy.store, reachable: false, error: 'x' } }, 'store'),
    ).toBe('error');
    expect(
      stateOf(
        { ...healthy, store: { ...healthy.store, migrations: { applied: 17, known: 18 } } },
        'migrations',
      ),
    ).toBe('error');
    expect(
      stateOf(
        { ...healthy, store: { ...healthy.store, pool: { ...healthy.store.pool, waiting: 4 } } },
        'connection pool',
      ),
    ).toBe('warning');
    expect(stateOf({ ...healthy, deadLettersLastHour: 3 }, 'dead letters')).toBe('warning');
    expect(
      stateOf(
        { ...healthy, watcher: [{ group: 'VAL', updatedAt: '', ageSeconds: 90, eventsBehind: 9 }] },
        'breakdown watcher VAL',
      ),
    ).toBe('warning');
  });
});

describe('CounterHistory', () => {
  it('gives per-second rates over the window, and none before a second has passed', () => {
    const history = new CounterHistory<'n'>(120_000);
    history.add({ at: 0, counters: { n: 0 } });
    expect(history.ratesPerSecond(60_000)).toBeUndefined();
    history.add({ at: 30_000, counters: { n: 300 } });
    history.add({ at: 90_000, counters: { n: 1500 } });
    // From the oldest sample inside the last minute (at 30 s): 1,200 in 60 s.
    expect(history.ratesPerSecond(60_000)).toEqual({ rates: { n: 20 }, overSeconds: 60 });
  });

  it('starts over when a counter goes down (a restarted source)', () => {
    const history = new CounterHistory<'n'>(120_000);
    history.add({ at: 0, counters: { n: 500 } });
    history.add({ at: 10_000, counters: { n: 5 } });
    expect(history.ratesPerSecond(60_000)).toBeUndefined();
  });
});

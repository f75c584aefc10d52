// The system's status for the administrator: what runs, how it is doing, and
// a judgement of each part (ok, warning, error) with the reason, so the page
// shows what needs a look without knowing the thresholds itself.
//
// The few figures the probes cannot give come from the store, each with its
// own short query: migrations applied, dead letters of the last hour and the
// breakdown watcher's cursors. These read tables other modules own, by name,
// without writing them; the store is asked only when the page is, never by
// a Prometheus scrape.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import type { Database, PoolFigures } from '../db/store.js';
import { MIGRATIONS_FOLDER } from '../db/store.js';
import { displayUrl, type IngestCounters, ingestLagSeconds, type SystemProbes } from './probes.js';
import { CounterHistory } from './rates.js';

export type CheckState = 'ok' | 'warning' | 'error';

export interface Check {
  name: string;
  state: CheckState;
  detail: string;
}

export interface WatcherCursor {
  group: string;
  /** When the watcher last moved this cursor (it does so on every tick). */
  updatedAt: string;
  ageSeconds: number;
  /** Machine-event rows written after the cursor's position, not yet read by the watcher. */
  eventsBehind: number;
}

export interface SystemStatus {
  version: string;
  checkedAt: string;
  startedAt: string;
  uptimeSeconds: number;
  overall: CheckState;
  checks: Check[];
  store: {
    kind: 'pglite' | 'postgres';
    reachable: boolean;
    pingMs: number | null;
    error: string | null;
    pool: PoolFigures;
    migrations: { applied: number | null; known: number };
  };
  machineData: {
    broker: string;
    embedded: boolean;
    group: string;
    connected: boolean;
    counters: IngestCounters;
    lagSeconds: number;
    /** Per second over `rateSeconds`; null until the page has watched for a few seconds. */
    rates: { received: number; acknowledged: number; events: number; deadLetters: number } | null;
    rateSeconds: number | null;
  } | null;
  deadLettersLastHour: number | null;
  watcher: WatcherCursor[];
  liveSubscribers: number;
  memory: { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number };
}

/** Thresholds of the judgement; the defaults suit a plant whose ingest keeps up within seconds. */
export const STATUS_LIMITS = {
  lagWarningSeconds: 30,
  lagErrorSeconds: 300,
  /** The watcher ticks every 5 s. */
  watcherWarningSeconds: 60,
  watcherErrorSeconds: 600,
  heapWarningMb: 1536,
};

const SAMPLE_MS = 5_000;
const RATE_WINDOW_MS = 60_000;

export interface StatusReporter {
  report(): Promise<SystemStatus>;
  stop(): void;
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function knownMigrations(): number {
  try {
    const journal = JSON.parse(
      readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
    ) as { entries: unknown[] };
    return journal.entries.length;
  } catch {
    return 0;
  }
}

/** Samples the ingest counters every few seconds (for rates) and answers status reports. */
export function startStatusReporter(db: Database, probes: SystemProbes): StatusReporter {
  type Rated = 'received' | 'acknowledged' | 'events' | 'deadLetters';
  const history = new CounterHistory<Rated>(RATE_WINDOW_MS * 2);
  const sample = () => {
    const ingest = probes.machineData?.ingest;
    if (!ingest) return;
    const s = ingest.stats();
    history.add({
      at: probes.now(),
      counters: {
        received: s.received,
        acknowledged: s.acknowledged,
        events: s.events,
        deadLetters: s.deadLetters,
      },
    });
  };
  const timer = setInterval(sample, SAMPLE_MS);
  timer.unref();
  const known = knownMigrations();

  const report = async (): Promise<SystemStatus> => {
    sample();
    const now = probes.now();
    let reachable = true;
    let pingMs: number | null = null;
    let error: string | null = null;
    const pingStart = performance.now();
    try {
      await probes.store.ping();
      pingMs = Math.round((performance.now() - pingStart) * 10) / 10;
    } catch (e) {
      reachable = false;
      error = (e as Error).message;
    }
    let applied: number | null = null;
    let deadLettersLastHour: number | null = null;
    let watcher: WatcherCursor[] = [];
    if (reachable) {
      const [migrations, dead, cursors] = await Promise.all([
        db
          .execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
          .then((r) => rowsOf<{ n: number }>(r)[0]?.n ?? 0)
          .catch(() => null),
        db
          .execute(
            sql`select count(*)::int as n from telemetry.dead_letters
                where received_at > ${new Date(now - 3_600_000).toISOString()}::timestamptz`,
          )
          .then((r) => rowsOf<{ n: number }>(r)[0]?.n ?? 0)
          .catch(() => null),
        db
          .execute(
            sql`select c.group_id, c.updated_at, greatest(0,
                  coalesce((select max(id) from telemetry.machine_events), 0) - c.last_event_id)::bigint as behind
                from maintenance.watch_cursor c order by c.group_id`,
          )
          .then((r) =>
            rowsOf<{ group_id: string; updated_at: string | Date; behind: string | number }>(r),
          )
          .catch(() => []),
      ]);
      applied = migrations;
      deadLettersLastHour = dead;
      watcher = cursors.map((c) => {
        const updated = new Date(c.updated_at);
        return {
          group: c.group_id,
          updatedAt: updated.toISOString(),
          ageSeconds: Math.max(0, Math.round((now - updated.getTime()) / 100) / 10),
          eventsBehind: Number(c.behind),
        };
      });
    }
    const machine = probes.machineData;
    const rated = history.ratesPerSecond(RATE_WINDOW_MS);
    const memory = process.memoryUsage();
    const status: Omit<SystemStatus, 'overall' | 'checks'> = {
      version: probes.version,
      checkedAt: new Date(now).toISOString(),
      startedAt: probes.startedAt.toISOString(),
      uptimeSeconds: Math.round((now - probes.startedAt.getTime()) / 1000),
      store: {
        kind: probes.store.kind,
        reachable,
        pingMs,
        error,
        pool: probes.store.pool(),
        migrations: { applied, known },
      },
      machineData: machine
        ? {
            broker: displayUrl(machine.broker),
            embedded: machine.embedded,
            group: machine.group,
            connected: machine.ingest.health().connected,
            counters: machine.ingest.stats(),
            lagSeconds: Math.round(ingestLagSeconds(machine.ingest, now) * 10) / 10,
            rates: rated ? rated.rates : null,
            rateSeconds: rated ? Math.round(rated.overSeconds) : null,
          }
        : null,
      deadLettersLastHour,
      watcher,
      liveSubscribers: probes.liveSubscribers,
      memory: {
        rssMb: megabytes(memory.rss),
        heapUsedMb: megabytes(memory.heapUsed),
        heapTotalMb: megabytes(memory.heapTotal),
        externalMb: megabytes(memory.external),
      },
    };
    const checks = judge(status);
    return { ...status, overall: worst(checks.map((c) => c.state)), checks };
  };

  return { report, stop: () => clearInterval(timer) };
}

const RANK: Record<CheckState, number> = { ok: 0, warning: 1, error: 2 };

export function worst(states: readonly CheckState[]): CheckState {
  return states.reduce<CheckState>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

/** The judgement of each part of the system. Pure. */
export function judge(
  status: Omit<SystemStatus, 'overall' | 'checks'>,
  limits = STATUS_LIMITS,
): Check[] {
  const checks: Check[] = [];
  const { store } = status;
  checks.push(
    store.reachable
      ? { name: 'store', state: 'ok', detail: `${store.kind} answers in ${store.pingMs} ms` }
      : { name: 'store', state: 'error', detail: `${store.kind} does not answer: ${store.error}` },
  );
  checks.push(
    store.pool.waiting > 0
      ? {
          name: 'connection pool',
          state: 'warning',
          detail: `${store.pool.waiting} queries wait for one of ${store.pool.max} connections`,
        }
      : {
          name: 'connection pool',
          state: 'ok',
          detail: `${store.pool.total - store.pool.idle} of ${store.pool.max} connections busy`,
        },
  );
  const { applied, known } = store.migrations;
  checks.push(
    applied === null
      ? { name: 'migrations', state: 'warning', detail: 'cannot read the applied migrations' }
      : applied < known
        ? {
            name: 'migrations',
            state: 'error',
            detail: `${applied} of ${known} migrations applied`,
          }
        : { name: 'migrations', state: 'ok', detail: `${applied} applied` },
  );
  const machine = status.machineData;
  if (!machine) {
    checks.push({
      name: 'ingest',
      state: 'ok',
      detail: 'this process does not ingest machine data',
    });
  } else {
    checks.push(
      machine.connected
        ? { name: 'broker', state: 'ok', detail: `connected to ${machine.broker}` }
        : {
            name: 'broker',
            state: 'error',
            detail: `not connected to ${machine.broker}; reconnecting`,
          },
    );
    const lag = machine.lagSeconds;
    checks.push({
      name: 'ingest lag',
      state:
        lag >= limits.lagErrorSeconds
          ? 'error'
          : lag >= limits.lagWarningSeconds
            ? 'warning'
            : 'ok',
      detail:
        machine.counters.pending === 0
          ? 'every message received is committed'
          : `${machine.counters.pending} message(s) waiting; the oldest for ${lag} s`,
    });
  }
  const dead = status.deadLettersLastHour;
  checks.push(
    dead === null
      ? { name: 'dead letters', state: 'warning', detail: 'cannot count the dead letters' }
      : dead > 0
        ? {
            name: 'dead letters',
            state: 'warning',
            detail: `${dead} messages kept as dead letters in the last hour`,
          }
        : { name: 'dead letters', state: 'ok', detail: 'none in the last hour' },
  );
  for (const cursor of status.watcher) {
    const age = cursor.ageSeconds;
    checks.push({
      name: `breakdown watcher ${cursor.group}`,
      state:
        age >= limits.watcherErrorSeconds
          ? 'error'
          : age >= limits.watcherWarningSeconds
            ? 'warning'
            : 'ok',
      detail: `last tick ${age} s ago; ${cursor.eventsBehind} machine events not read yet`,
    });
  }
  checks.push(
    status.memory.heapUsedMb >= limits.heapWarningMb
      ? {
          name: 'memory',
          state: 'warning',
          detail: `${status.memory.heapUsedMb} MB of heap in use`,
        }
      : { name: 'memory', state: 'ok', detail: `${status.memory.rssMb} MB resident` },
  );
  return checks;
}

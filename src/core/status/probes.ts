// What the running system can say about itself, gathered in one place for the
// metrics endpoint and the admin status page. The composition root fills it:
// the store at once, the machine-data side (broker, ingest) once it has started
// — the HTTP server is built before the ingest is, and a process that serves
// the API alone never has one.
//
// The shapes are structural, so core code reads them without importing the
// telemetry module; the ingest object itself satisfies `IngestProbe`.
import type { PoolFigures } from '../db/store.js';

export interface IngestCounters {
  received: number;
  acknowledged: number;
  events: number;
  duplicates: number;
  deadLetters: number;
  batches: number;
  commitFailures: number;
  rebirthRequests: number;
  pending: number;
  redeliveries: number;
}

export interface IngestProbe {
  stats(): IngestCounters;
  health(): { connected: boolean; oldestPendingAt: Date | undefined };
}

export interface MachineDataProbe {
  /** The broker's address without credentials, to show. */
  broker: string;
  embedded: boolean;
  group: string;
  ingest: IngestProbe;
}

export interface SystemProbes {
  version: string;
  startedAt: Date;
  store: { kind: 'pglite' | 'postgres'; ping(): Promise<void>; pool(): PoolFigures };
  /** Set once ingest runs; undefined in a process that serves the API alone. */
  machineData: MachineDataProbe | undefined;
  /** Live-floor streams open now (kept by the HTTP metrics hooks). */
  liveSubscribers: number;
  /** Clock of the figures (ms). */
  now(): number;
}

export function createProbes(options: {
  version: string;
  store: SystemProbes['store'];
  now?: () => number;
}): SystemProbes {
  const now = options.now ?? Date.now;
  return {
    version: options.version,
    startedAt: new Date(now()),
    store: options.store,
    machineData: undefined,
    liveSubscribers: 0,
    now,
  };
}

/** A broker URL fit to show: user name and password removed. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unreadable URL)';
  }
}

/** The ingest lag in seconds: how long the oldest message not yet committed has waited; 0 when none waits. */
export function ingestLagSeconds(probe: IngestProbe, now: number): number {
  const oldest = probe.health().oldestPendingAt;
  return oldest ? Math.max(0, (now - oldest.getTime()) / 1000) : 0;
}

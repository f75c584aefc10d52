// The system status for the administrator (system.monitor), refreshed while
// the page is open. Shapes mirror src/core/status/status.ts.
import { useQuery } from '@tanstack/react-query';
import { getJson } from './client';

export type CheckState = 'ok' | 'warning' | 'error';

export interface StatusCheck {
  name: string;
  state: CheckState;
  detail: string;
}

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

export interface SystemStatus {
  version: string;
  checkedAt: string;
  startedAt: string;
  uptimeSeconds: number;
  overall: CheckState;
  checks: StatusCheck[];
  store: {
    kind: 'pglite' | 'postgres';
    reachable: boolean;
    pingMs: number | null;
    error: string | null;
    pool: { max: number; total: number; idle: number; waiting: number };
    migrations: { applied: number | null; known: number };
  };
  machineData: {
    broker: string;
    embedded: boolean;
    group: string;
    connected: boolean;
    counters: IngestCounters;
    lagSeconds: number;
    rates: { received: number; acknowledged: number; events: number; deadLetters: number } | null;
    rateSeconds: number | null;
  } | null;
  deadLettersLastHour: number | null;
  watcher: { group: string; updatedAt: string; ageSeconds: number; eventsBehind: number }[];
  liveSubscribers: number;
  memory: { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number };
}

/** How often the page asks again, ms. */
export const STATUS_REFRESH_MS = 5_000;

export const useSystemStatus = () =>
  useQuery({
    queryKey: ['admin', 'status'],
    queryFn: ({ signal }) => getJson<SystemStatus>('/api/admin/status', signal),
    refetchInterval: STATUS_REFRESH_MS,
    refetchIntervalInBackground: false,
  });

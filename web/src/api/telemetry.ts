// What the machines report, live: GET /api/telemetry/live is a stream of
// server-sent events (src/modules/telemetry/routes.ts and live.ts). The first
// event holds every line, each later one a line whose figures changed.
//
// The browser's EventSource reconnects by itself after a dropped connection;
// this hook adds what it lacks: it tells the page honestly when the stream is
// down (an error, or silence past the heartbeat), it opens a new stream when
// the browser gave up (the server refused, or answered something else), and it
// checks the session then, so that an expired one sends the person to sign in
// instead of retrying for ever.
import { useEffect, useReducer } from 'react';
import { ApiError, getJson } from './client';

export interface LiveStation {
  station: string;
  state: string | null;
  reason: string | null;
  since: string | null;
  good: number;
  reject: number;
}

/** The current shift of a line and its ISO 22400-2 figures so far. */
export interface ShiftFigures {
  shift: string;
  day: string;
  from: string;
  to: string;
  oee: number | null;
  availability: number | null;
  effectiveness: number | null;
  qualityRatio: number | null;
  good: number;
  scrap: number;
  unavailable?: string;
}

export interface LiveLine {
  group: string;
  line: string;
  state: string;
  reason: string;
  since: string;
  /** Cumulative counts since Lotline first saw the line. */
  good: number;
  reject: number;
  ratePerMinute: number | null;
  workOrder: string | null;
  product: string | null;
  lastEventAt: string;
  shift: ShiftFigures | null;
  stations: LiveStation[];
}

export type LiveStatus =
  /** The first connection is being made. */
  | 'connecting'
  /** Events arrive. */
  | 'live'
  /** The stream dropped or fell silent; the figures on screen are as last heard. */
  | 'lost';

export interface LiveFloor {
  status: LiveStatus;
  /** Every line heard of, by line code. */
  lines: ReadonlyMap<string, LiveLine>;
  /** When the last event (or heartbeat) arrived; undefined before the first. */
  heardAt: number | undefined;
  /** When the stream was lost; undefined while live. */
  lostAt: number | undefined;
  /** When the next attempt to reconnect is made, if one is scheduled by the page. */
  retryAt: number | undefined;
}

export type LiveAction =
  | { type: 'snapshot'; lines: readonly LiveLine[]; at: number }
  | { type: 'line'; line: LiveLine; at: number }
  | { type: 'heard'; at: number }
  | { type: 'open'; at: number }
  | { type: 'lost'; at: number; retryAt?: number };

export const INITIAL_FLOOR: LiveFloor = {
  status: 'connecting',
  lines: new Map(),
  heardAt: undefined,
  lostAt: undefined,
  retryAt: undefined,
};

/**
 * Several Sparkplug groups may report a line of the same code (a test rig
 * beside the plant): the one heard from last speaks for it.
 */
function newer(current: LiveLine | undefined, next: LiveLine): boolean {
  return !current || current.group === next.group || next.lastEventAt >= current.lastEventAt;
}

/** The floor after one event of the stream or of the connection. Pure. */
export function liveReducer(floor: LiveFloor, action: LiveAction): LiveFloor {
  switch (action.type) {
    case 'snapshot': {
      const lines = new Map<string, LiveLine>();
      for (const line of action.lines) {
        if (newer(lines.get(line.line), line)) lines.set(line.line, line);
      }
      return { status: 'live', lines, heardAt: action.at, lostAt: undefined, retryAt: undefined };
    }
    case 'line': {
      const heard = { ...floor, status: 'live' as const, heardAt: action.at, lostAt: undefined };
      if (!newer(floor.lines.get(action.line.line), action.line)) return heard;
      const lines = new Map(floor.lines);
      lines.set(action.line.line, action.line);
      return { ...heard, lines, retryAt: undefined };
    }
    case 'heard':
      return floor.status === 'live' ? { ...floor, heardAt: action.at } : floor;
    case 'open':
      // Live only once the snapshot arrives: until then the figures are old.
      return floor;
    case 'lost':
      return {
        ...floor,
        status: 'lost',
        lostAt: floor.lostAt ?? action.at,
        retryAt: action.retryAt,
      };
    default: {
      const unknown: never = action;
      return unknown;
    }
  }
}

/** The wait before the n-th attempt to open a stream again: 1, 2, 4 … 30 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt - 1));
}

/** The server sends a heartbeat every 15 s; this much silence means the stream is dead. */
export const SILENCE_MS = 40_000;
export const LIVE_PATH = '/api/telemetry/live';

/** The live plant floor, for as long as the calling component is mounted. */
export function useLiveFloor(): LiveFloor {
  const [floor, dispatch] = useReducer(liveReducer, INITIAL_FLOOR);

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let heardAt = Date.now();
    let stopped = false;

    const heard = () => {
      heardAt = Date.now();
    };
    const read = <T>(event: Event): T | undefined => {
      try {
        return JSON.parse((event as MessageEvent<string>).data) as T;
      } catch {
        return undefined;
      }
    };

    const reopenLater = () => {
      source?.close();
      source = undefined;
      attempts += 1;
      const delay = reconnectDelayMs(attempts);
      dispatch({ type: 'lost', at: Date.now(), retryAt: Date.now() + delay });
      retry = setTimeout(() => {
        retry = undefined;
        void checkSessionThenOpen();
      }, delay);
    };

    // The browser gives up on a refused stream without saying why; an ordinary
    // request does say, and a 401 there ends the session in the app (client.ts).
    const checkSessionThenOpen = async () => {
      try {
        await getJson('/api/telemetry/line-states');
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return;
        reopenLater();
        return;
      }
      if (!stopped) open();
    };

    const open = () => {
      heardAt = Date.now();
      const es = new EventSource(LIVE_PATH);
      source = es;
      es.addEventListener('open', () => dispatch({ type: 'open', at: Date.now() }));
      es.addEventListener('snapshot', (event) => {
        heard();
        attempts = 0;
        const data = read<{ lines: LiveLine[] }>(event);
        if (data) dispatch({ type: 'snapshot', lines: data.lines, at: Date.now() });
      });
      es.addEventListener('line', (event) => {
        heard();
        const data = read<{ line: LiveLine }>(event);
        if (data) dispatch({ type: 'line', line: data.line, at: Date.now() });
      });
      es.addEventListener('heartbeat', () => {
        heard();
        dispatch({ type: 'heard', at: Date.now() });
      });
      // The server ends a stream now and then so that access is checked
      // again ('renew'; open the next at once), and when it shuts down.
      es.addEventListener('end', (event) => {
        es.close();
        if (read<{ reason: string }>(event)?.reason === 'renew') {
          attempts = 0;
          open();
        } else {
          reopenLater();
        }
      });
      es.addEventListener('error', () => {
        if (es.readyState === EventSource.CLOSED) {
          // Refused or not a stream: the browser will not try again; we do.
          reopenLater();
        } else {
          // The browser reconnects by itself after the server's retry time.
          dispatch({ type: 'lost', at: Date.now() });
        }
      });
    };

    // A stream can die without an error (a network that drops packets
    // silently): no heartbeat for too long counts as lost.
    const watchdog = setInterval(() => {
      if (source && Date.now() - heardAt > SILENCE_MS) reopenLater();
    }, 5_000);

    open();
    return () => {
      stopped = true;
      clearInterval(watchdog);
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, []);

  return floor;
}

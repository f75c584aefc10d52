// When the database cannot serve a request — the server is restarting or
// unreachable, its disk is full, every pooled connection is busy — the request
// failed for a reason outside it, and a retry later can succeed. This names
// such errors, so that the HTTP layer answers 503 or 507 with Retry-After
// instead of a 500, and operators read the cause in one line.
//
// Errors arrive wrapped (Drizzle's "Failed query" carries the driver's error
// as its cause), so the whole cause chain is read.

export type StoreTroubleKind =
  /** The server refuses or dropped connections: down, restarting, recovering, unreachable. */
  | 'unreachable'
  /** Every pooled connection is in use and none came free in time. */
  | 'busy'
  /** The server cannot write: its disk (or tablespace) is full. */
  | 'disk_full';

export interface StoreTrouble {
  kind: StoreTroubleKind;
  /** What an operator reads: the cause in plain words. */
  detail: string;
  /** When a retry makes sense (seconds), for Retry-After. */
  retryAfterSeconds: number;
}

// PostgreSQL error codes (Appendix A): class 08 connection exceptions, and
// the 57P0x codes of a server shutting down, crashed or starting up.
const UNREACHABLE_STATES = new Set(['57P01', '57P02', '57P03', '57P05']);
// Node's socket errors: the server is not listening, went away or is not routed.
const UNREACHABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// node-postgres reports a connection lost mid-query, or one that took too
// long to open, without a code; pg-pool a wait for a free connection that
// timed out (connectionTimeoutMillis) likewise.
const LOST_CONNECTION = /^Connection terminated|connection error and is not queryable/;
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current && typeof current === 'object' && chain.length < 8) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Why the database could not serve, or undefined when the error is something else. */
export function storeTrouble(error: unknown): StoreTrouble | undefined {
  for (const e of causes(error)) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : '';
    if (text === POOL_WAIT_TIMEOUT) {
      return {
        kind: 'busy',
        detail:
          'the database is busy: every pooled connection stayed in use past the acquire timeout (DATABASE_POOL_TIMEOUT_MS)',
        retryAfterSeconds: 1,
      };
    }
    if (code === '53100' || code === 'ENOSPC') {
      return {
        kind: 'disk_full',
        detail: `the database cannot write: its disk is full (${text})`,
        retryAfterSeconds: 60,
      };
    }
    if (code === '53300') {
      return {
        kind: 'busy',
        detail: 'the database server has no connection slots left',
        retryAfterSeconds: 1,
      };
    }
    if (
      (typeof code === 'string' &&
        (code.startsWith('08') || UNREACHABLE_STATES.has(code) || UNREACHABLE_ERRNOS.has(code))) ||
      LOST_CONNECTION.test(text)
    ) {
      return {
        kind: 'unreachable',
        detail: `the database is unavailable (${text || code})`,
        retryAfterSeconds: 5,
      };
    }
  }
  return undefined;
}

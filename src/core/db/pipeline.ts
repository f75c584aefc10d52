// Fewer round trips in a transaction on PostgreSQL. Each statement sent and
// answered on its own costs a socket write and a wake-up on both sides, and
// on this kind of machine (two virtual cores) that is most of what a short
// statement costs: a scrap record was seven round trips — BEGIN, the order's
// lock, the key's claim, the update, the event, the audit entry, COMMIT — for
// a millisecond and a half of work (bench/load.ts).
//
// A transaction's connection therefore holds back what nobody waits on:
//
// - its BEGIN, sent together with the transaction's first statement;
// - writes whose answer nobody reads (`sendAhead` in sql-text.ts): sent with
//   the next statement that is awaited, the COMMIT at the latest;
// - statements that are all needed before the code can go on
//   (`runTogether`): sent at once, each answered on its own.
//
// Held statements go out in one write on node-postgres' pipeline mode, in the
// order they were made, each with its own Sync. A held write that fails aborts
// the transaction at the server, so everything after it fails too and the
// statement that sent it answers with that first error: the change is rolled
// back as a whole, as if the write had failed where it was made. A ROLLBACK
// before anything was sent sends nothing.
//
// Only a checked-out client in a transaction holds anything; outside one each
// statement is sent at once, as before. PGlite runs in-process and has no round
// trips to save: sql-text.ts runs its statements one by one.
import type pg from 'pg';
import { beginsTransaction, endsTransaction } from './table-changes.js';

/** Marks a statement held until the transaction's next awaited one; its answer is not read. */
export const SEND_AHEAD = Symbol('sendAhead');
/** Marks a statement held until the next unmarked one; its answer is awaited with that one's. */
export const SEND_WITH_NEXT = Symbol('sendWithNext');

type QueryArgs = unknown[];
type QueryCall = (...args: unknown[]) => Promise<unknown>;

interface Held {
  args: QueryArgs;
  /** Settles the caller's promise for a statement whose answer is awaited; none for a write sent ahead. */
  settle?: { resolve(result: unknown): void; reject(error: unknown): void };
  text: string;
}

/**
 * Only a plain BEGIN is held: it fails only when the connection does, and
 * then so does whatever is sent with it. A BEGIN with options (an isolation
 * level) could be refused alone, and the statements behind it would then run
 * outside any transaction; it goes at once, as before.
 */
const PLAIN_BEGIN = /^\s*begin\s*;?\s*$/i;

/** What a held BEGIN or a write sent ahead answers at once: what BEGIN answers. */
const HELD_ANSWER = Object.freeze({
  command: 'BEGIN',
  rowCount: null,
  oid: null,
  rows: Object.freeze([]),
  fields: Object.freeze([]),
});

/** The statement a held write that failed was; its error names it in the message of whoever reports it. */
export const FAILED_AHEAD = Symbol('failedAhead');

interface PipelineClient {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
}

function statementText(query: unknown): string | undefined {
  if (typeof query === 'string') return query;
  if (query && typeof query === 'object' && 'text' in query) {
    const text = (query as { text?: unknown }).text;
    if (typeof text === 'string') return text;
  }
  return undefined;
}

/** A call this layer may hold: a promise-form query by text, not a submittable (COPY) nor a callback. */
function holdable(args: QueryArgs): boolean {
  const [query] = args;
  if (statementText(query) === undefined) return false;
  if (typeof query === 'object' && query !== null && 'submit' in query) return false;
  return !args.some((a) => typeof a === 'function');
}

function marked(args: QueryArgs, mark: symbol): boolean {
  const [query] = args;
  return typeof query === 'object' && query !== null && mark in query;
}

const resets = new WeakMap<pg.PoolClient, () => void>();

/**
 * Makes the pool's clients hold their transactions' BEGIN and the statements
 * marked SEND_AHEAD or SEND_WITH_NEXT, and send them with the next one.
 * Installed before the change tracking (change-tracking.ts) wraps the
 * clients, so the tracking sees every statement when it is made.
 */
export function holdTransactionStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => holdOn(client));
  // A client given back with statements still held (its holder never ended
  // the transaction) must not send them for the next holder.
  pool.on('release', (_error, client) => resets.get(client)?.());
}

function holdOn(client: pg.PoolClient): void {
  const send = client.query.bind(client) as QueryCall;
  let held: Held[] = [];
  /** Inside a transaction whose BEGIN this client has seen. */
  let open = false;
  /** Whether that BEGIN has gone to the server yet. */
  let begun = false;

  const dropHeld = (reason: string) => {
    for (const entry of held) entry.settle?.reject(new Error(reason));
    held = [];
  };
  resets.set(client, () => {
    dropHeld('the connection was given back before the statement was sent');
    open = false;
    begun = false;
  });

  const sendHeld = (args: QueryArgs): Promise<unknown> => {
    const batch = held;
    held = [];
    if (batch.length === 0) return send(...args);
    begun = true;
    const pipelined = client as unknown as PipelineClient;
    pipelined.pipeline = true;
    const stream = pipelined.connection.stream;
    // One write for the whole batch: pg corks each statement on its own.
    stream.cork();
    const sent: Promise<unknown>[] = [];
    try {
      for (const entry of batch) sent.push(send(...entry.args));
      sent.push(send(...args));
    } finally {
      stream.uncork();
    }
    return Promise.allSettled(sent).then((outcomes) => {
      // Back to one statement at a time once every answer is in: COPY and
      // cursors are refused in pipeline mode.
      pipelined.pipeline = false;
      let failedAhead: unknown;
      batch.forEach((entry, i) => {
        const outcome = outcomes[i] as PromiseSettledResult<unknown>;
        if (entry.settle) {
          if (outcome.status === 'fulfilled') entry.settle.resolve(outcome.value);
          else entry.settle.reject(outcome.reason);
        } else if (outcome.status === 'rejected' && failedAhead === undefined) {
          failedAhead = outcome.reason;
          // Whoever reports it names the statement that sent it (a COMMIT, say):
          // the error itself says which write it was.
          if (failedAhead instanceof Error && !(FAILED_AHEAD in failedAhead)) {
            Object.defineProperty(failedAhead, FAILED_AHEAD, { value: entry.text });
            failedAhead.message = `${failedAhead.message} (in a statement sent ahead: ${entry.text})`;
          }
        }
      });
      if (failedAhead !== undefined) throw failedAhead;
      const last = outcomes[outcomes.length - 1] as PromiseSettledResult<unknown>;
      if (last.status === 'rejected') throw last.reason;
      return last.value;
    });
  };

  (client as unknown as { query: QueryCall }).query = (...args) => {
    if (!holdable(args)) {
      // COPY and callback calls go one at a time, after whatever is held,
      // through the client's own queue.
      for (const entry of held) {
        const answered = send(...entry.args);
        if (entry.settle) answered.then(entry.settle.resolve, entry.settle.reject);
        else answered.catch(() => {}); // the transaction is aborted: the call below fails with it
      }
      if (held.length > 0) begun = true;
      held = [];
      return send(...args);
    }
    const text = statementText(args[0]) as string;
    if (!open && beginsTransaction(text)) {
      open = true;
      if (PLAIN_BEGIN.test(text)) {
        begun = false;
        held.push({ args, text });
        return Promise.resolve(HELD_ANSWER);
      }
      begun = true;
      return send(...args).catch((error: unknown) => {
        open = false;
        throw error;
      });
    }
    if (open && endsTransaction(text)) {
      open = false;
      if (/^\s*(?:rollback|abort)\b/i.test(text)) {
        // What was held never reached the server: nothing of it to undo there.
        dropHeld('the transaction was rolled back before the statement was sent');
        if (!begun) return Promise.resolve(HELD_ANSWER);
        return send(...args);
      }
      // A transaction that did nothing: its BEGIN is all that is held.
      if (!begun && held.length === 1) {
        held = [];
        return Promise.resolve(HELD_ANSWER);
      }
      return sendHeld(args);
    }
    if (open && marked(args, SEND_AHEAD)) {
      held.push({ args, text });
      return Promise.resolve(HELD_ANSWER);
    }
    if (open && marked(args, SEND_WITH_NEXT)) {
      return new Promise((resolve, reject) => {
        held.push({ args, text, settle: { resolve, reject } });
      });
    }
    return sendHeld(args);
  };
}

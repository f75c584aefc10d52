// A command sent again with the same Idempotency-Key takes effect once. The
// key is claimed in the command's own transaction, before its effect: a retry
// that arrives while the first attempt still runs waits on the key's row and
// then gets the first answer; a command that is refused or dies with its
// process leaves no key behind, so its retry runs it afresh. A key sent with
// other contents, by someone else or for another command is a conflict, never
// a silent replay of an unrelated answer.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { canonicalJson } from '../canonical-json.js';
import { runSql, sendAhead, text } from '../db/sql-text.js';
import type { Database } from '../db/store.js';
import { conflict, fieldIssue } from '../errors.js';
import { commandKeys } from './schema.js';

export interface KeyedCommand {
  key: string;
  actor: string;
  /** The command's name, e.g. `genealogy.receipt`. */
  name: string;
  /** What the command says (parameters and body): the same key must come with the same. */
  request: unknown;
}

export interface Outcome<T> {
  status: number;
  /** The first answer: the command's result, or on a replay its stored JSON form. */
  body: T;
  /** True when the command had already been taken and nothing was done now. */
  replayed: boolean;
}

export function requestHash(command: KeyedCommand): string {
  return createHash('sha256')
    .update(canonicalJson({ name: command.name, request: command.request }))
    .digest('hex');
}

/**
 * Runs `run` in one transaction with the key's claim, or, when the key was
 * claimed before by the same command, returns what it answered then. `run`
 * gets the transaction and must do all its writes there; a service that opens
 * a transaction of its own on it joins this one (see `joining`).
 */
export async function runOnce<T>(
  db: Database,
  command: KeyedCommand | undefined,
  status: number,
  run: (db: Database) => Promise<T>,
): Promise<Outcome<T>> {
  if (!command) return { status, body: await run(db), replayed: false };
  const hash = requestHash(command);
  return db.transaction(async (tx) => {
    // SQL text, not the query builder: every keyed command runs these two (see production/service.ts).
    const claimed = await runSql(
      tx,
      text`insert into "idempotency"."command_keys" ("key", "actor", "command", "request_hash", "status") values (${command.key}, ${command.actor}, ${command.name}, ${hash}, ${status}) on conflict do nothing returning "key"`,
    );
    if (claimed.length === 0) {
      const [earlier] = await tx.select().from(commandKeys).where(eq(commandKeys.key, command.key));
      if (
        !earlier ||
        earlier.actor !== command.actor ||
        earlier.command !== command.name ||
        earlier.requestHash !== hash
      ) {
        throw conflict(
          'idempotency_key_reused',
          'this Idempotency-Key was used before for another command; send a new key with a new command',
        ).withIssues([
          fieldIssue(
            'headers.idempotency-key',
            'idempotency_key_reused',
            'already used for another command',
          ),
        ]);
      }
      return { status: earlier.status, body: earlier.response as T, replayed: true };
    }
    const body = await run(joining(tx));
    // Stored as the client saw it (dates as ISO strings), so a replay answers
    // the same; sent with the COMMIT (core/db/pipeline.ts).
    await sendAhead(
      tx,
      text`update "idempotency"."command_keys" set "response" = ${JSON.stringify(body ?? null)}::jsonb where "key" = ${command.key}`,
    );
    return { status, body, replayed: false };
  });
}

/**
 * The command's transaction as its work sees it: a transaction the work opens
 * on it runs in this one instead of in a savepoint. A savepoint lets a caller
 * recover from a failed inner transaction and go on; nothing under `runOnce`
 * does (a failure fails the command, and the key's claim goes with it), so it
 * bought only two round trips (SAVEPOINT, RELEASE) per command.
 */
export function joining(tx: Database): Database {
  const joined: Database = Object.create(tx);
  joined.transaction = (work) => work(joined as Parameters<typeof work>[0]);
  return joined;
}

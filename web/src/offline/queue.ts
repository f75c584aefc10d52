// The operator terminal's outbox, as pure data: the actions an operator took
// that the server has not yet confirmed, in the order they were taken, each
// with the idempotency key it is (re)sent with. No storage, network or React
// here: the outbox (outbox.ts) keeps this list in the browser and sends it.
//
// The rules:
// - Actions leave in the order they were taken, one at a time, each with the
//   key it got when it was taken, so a request that reached the server before
//   its answer was lost is not applied twice.
// - An action on a work order waits while an earlier action on the same order
//   is still in the list (not yet confirmed, or refused and not yet
//   discarded): the operator chose it seeing the order as the earlier action
//   left it. Actions on other orders do not wait for it.
// - A refusal (a 4xx other than a lost session) stops that action; the
//   operator reads the server's words and discards it, alone or with the
//   later actions on the same order. The ones kept then go on, and the server
//   judges each on its own (scrap recorded during a refused pause still counts).
// - Only the person who took an action sends it: after a change of user the
//   earlier user's actions wait for them to sign in again (or are discarded),
//   so the audit trail names who really acted.
import type { ErrorParams } from '../api/client';
import {
  type CommandBody,
  RECENT_SCRAP_KEPT,
  type ScrapRecord,
  type Transition,
  type WorkOrder,
} from '../api/production';

/** Why the server would not apply an action. */
export interface Refusal {
  status: number;
  title: string;
  detail: string;
  code: string;
  /** The values the code's message names (absent in refusals kept before they were). */
  params?: ErrorParams;
  /** ISO time the refusal came in. */
  at: string;
}

export interface QueuedAction {
  /** The Idempotency-Key of every attempt, and the entry's identity. */
  key: string;
  orderId: string;
  orderNumber: string;
  line: string;
  /** The username of who took it. */
  user: string;
  /** ISO time the operator took it. */
  takenAt: string;
  command: CommandBody;
  /** Requests that failed without an answer (network, 5xx). */
  attempts: number;
  /** The last such failure, for the list. */
  lastError?: string;
  refusal?: Refusal;
}

export type Outbox = readonly QueuedAction[];

/** What the list shows for an action. */
export type ActionStatus =
  | { kind: 'waiting' }
  | { kind: 'sending' }
  | { kind: 'refused'; refusal: Refusal }
  /** Behind an earlier action on the same order that is not through yet. */
  | { kind: 'behind'; key: string }
  /** Taken by someone else, who is not signed in here now. */
  | { kind: 'other_user'; user: string };

export function enqueue(outbox: Outbox, action: QueuedAction): Outbox {
  if (outbox.some((a) => a.key === action.key)) return outbox; // taken once, kept once
  return [...outbox, action];
}

/** The server applied it (or had already): it leaves the list. */
export const confirm = (outbox: Outbox, key: string): Outbox => outbox.filter((a) => a.key !== key);

export function refuse(outbox: Outbox, key: string, refusal: Refusal): Outbox {
  return outbox.map((a) => (a.key === key ? { ...a, refusal } : a));
}

/** A request that went without an answer: the action stays, to be sent again with its key. */
export function failedAttempt(outbox: Outbox, key: string, error: string): Outbox {
  return outbox.map((a) =>
    a.key === key ? { ...a, attempts: a.attempts + 1, lastError: error } : a,
  );
}

/** The actions a discard takes away: the one, or it and the later ones on its order. */
export function discardable(outbox: Outbox, key: string, withLater: boolean): QueuedAction[] {
  const index = outbox.findIndex((a) => a.key === key);
  const action = outbox[index];
  if (!action) return [];
  if (!withLater) return [action];
  return outbox.slice(index).filter((a) => a.orderId === action.orderId);
}

export function discard(outbox: Outbox, key: string, withLater = false): Outbox {
  const gone = new Set(discardable(outbox, key, withLater).map((a) => a.key));
  return outbox.filter((a) => !gone.has(a.key));
}

/** The earlier action on the same order that holds this one back, if any. */
function blockerOf(outbox: Outbox, index: number): QueuedAction | undefined {
  const action = outbox[index];
  if (!action) return undefined;
  return outbox.slice(0, index).find((a) => a.orderId === action.orderId);
}

/** The next action `user` may send now, or undefined when nothing can go. */
export function nextToSend(outbox: Outbox, user: string): QueuedAction | undefined {
  return outbox.find(
    (action, index) => action.user === user && !action.refusal && !blockerOf(outbox, index),
  );
}

export function statusOf(
  outbox: Outbox,
  key: string,
  context: { user: string | undefined; sendingKey: string | undefined },
): ActionStatus {
  const index = outbox.findIndex((a) => a.key === key);
  const action = outbox[index];
  if (!action) return { kind: 'waiting' };
  if (action.refusal) return { kind: 'refused', refusal: action.refusal };
  if (context.sendingKey === key) return { kind: 'sending' };
  const blocker = blockerOf(outbox, index);
  if (blocker) return { kind: 'behind', key: blocker.key };
  if (action.user !== context.user) return { kind: 'other_user', user: action.user };
  return { kind: 'waiting' };
}

/** Whether a refused action lies ahead of this one on its order. */
export function isBehindRefusal(outbox: Outbox, key: string): boolean {
  const index = outbox.findIndex((a) => a.key === key);
  const action = outbox[index];
  if (!action) return false;
  return outbox.slice(0, index).some((a) => a.orderId === action.orderId && a.refusal);
}

export interface Projection {
  order: WorkOrder;
  /** The queued actions the projection applied, oldest first: the screen says they are not confirmed. */
  applied: QueuedAction[];
}

/**
 * The order as the operator will see it once the queue is through, where that
 * is safe to foresee: a start, pause, resume, scrap or completion that the
 * order's current state accepts. Refused actions, and those behind a refusal,
 * are left out; an action the state does not accept (perhaps it reached the
 * server before its answer was lost, or someone else got there first) is not
 * shown as done. A scrap that reached the server without its answer counts
 * twice here until it is confirmed.
 */
export function projectOrder(order: WorkOrder, outbox: Outbox): Projection {
  let projected = order;
  const applied: QueuedAction[] = [];
  for (const action of outbox) {
    if (action.orderId !== order.id || action.refusal || isBehindRefusal(outbox, action.key)) {
      continue;
    }
    const next = applyOptimistically(projected, action);
    if (next) {
      projected = next;
      applied.push(action);
    }
  }
  return { order: projected, applied };
}

function applyOptimistically(order: WorkOrder, action: QueuedAction): WorkOrder | undefined {
  const base = { at: action.takenAt, actor: action.user };
  const move = (
    to: WorkOrder['state'],
    extra: Partial<Transition> = {},
  ): WorkOrder | undefined => ({
    ...order,
    state: to,
    history: [
      ...order.history,
      { from: order.state, to, command: action.command.command, ...base, ...extra },
    ],
  });
  const { command } = action;
  switch (command.command) {
    case 'start':
      return order.state === 'released' ? move('running') : undefined;
    case 'pause':
      return order.state === 'running'
        ? move('paused', {
            reason: command.body.reason,
            ...(command.body.note ? { note: command.body.note } : {}),
          })
        : undefined;
    case 'resume':
      return order.state === 'paused' ? move('running') : undefined;
    case 'complete':
      return order.state === 'running' || order.state === 'paused' ? move('completed') : undefined;
    case 'recordScrap': {
      if (order.state !== 'running' && order.state !== 'paused') return undefined;
      const record: ScrapRecord = { ...command.body, ...base };
      return {
        ...order,
        recordedScrap: order.recordedScrap + record.quantity,
        scrapEntries: order.scrapEntries + 1,
        recentScrap: [...order.recentScrap, record].slice(-RECENT_SCRAP_KEPT),
      };
    }
    // The planner's commands are not taken at the terminal, so not foreseen.
    case 'release':
    case 'hold':
    case 'unhold':
    case 'close':
    case 'cancel':
      return undefined;
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** What to do after a failed request: try again later, wait for a session, or stop. */
export type FailureKind = 'retry' | 'session' | 'refused';

/**
 * Status 0 is no answer at all (network down, the request aborted, the answer
 * lost). 408, 429 and 5xx say "not now"; 401 and a CSRF refusal say the
 * session must be renewed first. Every other 4xx is the server's decision.
 */
export function failureKind(status: number, code: string): FailureKind {
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  if (status === 401 || (status === 403 && code === 'csrf')) return 'session';
  return 'refused';
}

/** The wait before the next periodic attempt: 2 s, doubling, at most 30 s. */
export function retryDelay(failuresInARow: number): number {
  return Math.min(30_000, 2_000 * 2 ** Math.max(0, Math.min(failuresInARow, 10)));
}

/** Reads a stored outbox back, keeping only well-formed entries (an older app version may have written it). */
export function parseOutbox(raw: unknown): QueuedAction[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((entry): entry is QueuedAction => {
    if (typeof entry !== 'object' || entry === null) return false;
    const e = entry as Record<string, unknown>;
    const command = e.command as Record<string, unknown> | null | undefined;
    return (
      typeof e.key === 'string' &&
      typeof e.orderId === 'string' &&
      typeof e.orderNumber === 'string' &&
      typeof e.line === 'string' &&
      typeof e.user === 'string' &&
      typeof e.takenAt === 'string' &&
      typeof e.attempts === 'number' &&
      typeof command === 'object' &&
      command !== null &&
      typeof command.command === 'string'
    );
  });
}

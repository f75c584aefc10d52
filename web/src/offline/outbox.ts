// The terminal's outbox in the browser: the queue of queue.ts kept in
// localStorage (it survives a reload, a crash of the tab and a closed and
// reopened browser on the same terminal), and the sender that works it off:
// at once when an action is taken, on the browser's 'online' event, and
// periodically with a growing pause while the server is unreachable.
import type { ErrorParams } from '../api/client';
import type { WorkOrder } from '../api/production';
import { connection } from './connection';
import {
  confirm,
  discard,
  enqueue,
  failedAttempt,
  failureKind,
  nextToSend,
  type Outbox as OutboxList,
  parseOutbox,
  type QueuedAction,
  type Refusal,
  refuse,
  retryDelay,
} from './queue';

export const OUTBOX_STORAGE_KEY = 'lotline.terminal.outbox.v1';

/** Where the list lives; localStorage in the browser, a Map in a test. */
export interface OutboxStorage {
  load(): QueuedAction[];
  save(list: OutboxList): void;
  /** Another tab changed the list. */
  subscribe(onChange: () => void): () => void;
}

export function browserStorage(key = OUTBOX_STORAGE_KEY): OutboxStorage {
  return {
    load() {
      try {
        return parseOutbox(JSON.parse(localStorage.getItem(key) ?? '[]'));
      } catch {
        return []; // unreadable: nothing the sender could trust
      }
    },
    save(list) {
      if (list.length === 0) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(list));
    },
    subscribe(onChange) {
      const listener = (event: StorageEvent) => {
        if (event.key === key || event.key === null) onChange();
      };
      window.addEventListener('storage', listener);
      return () => window.removeEventListener('storage', listener);
    },
  };
}

/** A failed request as the sender sees it; ApiError of api/client.ts has this shape. */
interface FailedRequest {
  status: number;
  code: string;
  params: ErrorParams;
  title: string;
  message: string;
}

function asFailure(error: unknown): FailedRequest {
  const e = error as Partial<FailedRequest & { problem: { title?: string; params?: ErrorParams } }>;
  if (typeof e?.status === 'number') {
    return {
      status: e.status,
      code: typeof e.code === 'string' ? e.code : '',
      params: e.problem?.params ?? {},
      // No words of the terminal's own here: what is kept outlives the
      // language it was kept in, and the screen says "refused" itself.
      title: e.problem?.title ?? e.title ?? '',
      message: e.message ?? '',
    };
  }
  // An abort by the time-out, or anything thrown before an answer came.
  return { status: 0, code: 'network', params: {}, title: 'Network error', message: String(error) };
}

export interface Sender {
  /** The signed-in username: only their actions are sent. */
  user: string;
  send(action: QueuedAction, signal: AbortSignal): Promise<WorkOrder>;
  /** The server applied the action (or had already); its answer is the order now. */
  onConfirmed(action: QueuedAction, order: WorkOrder): void;
  /** The server refused the action: what the screen shows of the order may be out of date. */
  onRefused(action: QueuedAction): void;
  /** A 401 or CSRF refusal: the session must be renewed before anything else goes. */
  onSessionProblem(): void;
}

export interface OutboxSnapshot {
  actions: OutboxList;
  /** The action whose request is on its way, if any. */
  sendingKey: string | undefined;
  /** When the next periodic attempt is due (epoch ms), while one is scheduled. */
  nextAttemptAt: number | undefined;
}

/** A request that has not answered in this long is given up on and tried again later. */
const SEND_TIMEOUT_MS = 15_000;
/** Even with nothing failing, the list is looked at this often (another tab, a renewed session). */
const IDLE_CHECK_MS = 10_000;

export class Outbox {
  private snapshotValue: OutboxSnapshot;
  private readonly listeners = new Set<() => void>();
  private sender: Sender | undefined;
  private flushing = false;
  private failuresInARow = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopWatching: (() => void) | undefined;

  constructor(private readonly storage: OutboxStorage) {
    this.snapshotValue = {
      actions: storage.load(),
      sendingKey: undefined,
      nextAttemptAt: undefined,
    };
    storage.subscribe(() => this.set({ actions: storage.load() }));
  }

  readonly snapshot = (): OutboxSnapshot => this.snapshotValue;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Keeps the action (before anything is sent), then tries to send. */
  take(action: QueuedAction): void {
    this.change((list) => enqueue(list, action));
    this.failuresInARow = 0;
    void this.flush();
  }

  discard(key: string, withLater = false): void {
    this.change((list) => discard(list, key, withLater));
    void this.flush(); // what waited behind it may go now
  }

  /** Starts sending as `sender.user`; the returned function stops. */
  start(sender: Sender): () => void {
    this.sender = sender;
    this.failuresInARow = 0;
    const onOnline = () => {
      this.failuresInARow = 0;
      void this.flush();
    };
    window.addEventListener('online', onOnline);
    const unwatch = connection.watch();
    this.stopWatching = () => {
      window.removeEventListener('online', onOnline);
      unwatch();
    };
    void this.flush();
    return () => {
      if (this.sender !== sender) return;
      this.sender = undefined;
      this.stopWatching?.();
      this.stopWatching = undefined;
      clearTimeout(this.timer);
      this.set({ nextAttemptAt: undefined });
    };
  }

  /** Sends what may go, in order, one request at a time. */
  async flush(): Promise<void> {
    if (this.flushing || !this.sender) return;
    this.flushing = true;
    clearTimeout(this.timer);
    this.set({ nextAttemptAt: undefined });
    try {
      // Two tabs of one terminal: one sends, the other watches (where the
      // browser has Web Locks; elsewhere the idempotency keys keep a double
      // send harmless).
      if (navigator.locks) {
        await navigator.locks.request('lotline-terminal-outbox', { ifAvailable: true }, (lock) =>
          lock ? this.sendAll() : undefined,
        );
      } else {
        await this.sendAll();
      }
    } finally {
      this.flushing = false;
      this.schedule();
    }
  }

  private async sendAll(): Promise<void> {
    for (;;) {
      const sender = this.sender;
      if (!sender) return;
      this.set({ actions: this.storage.load() }); // another tab may have sent or discarded
      const action = nextToSend(this.snapshotValue.actions, sender.user);
      if (!action) return;
      this.set({ sendingKey: action.key });
      try {
        const order = await sender.send(action, AbortSignal.timeout(SEND_TIMEOUT_MS));
        this.failuresInARow = 0;
        connection.report(true);
        this.change((list) => confirm(list, action.key));
        sender.onConfirmed(action, order);
      } catch (error) {
        const failure = asFailure(error);
        const kind = failureKind(failure.status, failure.code);
        if (kind === 'refused') {
          connection.report(true);
          const refusal: Refusal = {
            status: failure.status,
            code: failure.code,
            params: failure.params,
            title: failure.title,
            detail: failure.message,
            at: new Date().toISOString(),
          };
          this.change((list) => refuse(list, action.key, refusal));
          sender.onRefused(action);
          continue; // actions on other orders may still go
        }
        this.failuresInARow += 1;
        if (kind === 'session') {
          connection.report(true);
          sender.onSessionProblem();
        } else {
          connection.report(failure.status !== 0);
          this.change((list) => failedAttempt(list, action.key, failure.message));
        }
        return;
      } finally {
        this.set({ sendingKey: undefined });
      }
    }
  }

  private schedule() {
    clearTimeout(this.timer);
    if (!this.sender) return;
    const waiting = nextToSend(this.snapshotValue.actions, this.sender.user) !== undefined;
    const delay = waiting ? retryDelay(this.failuresInARow - 1) : IDLE_CHECK_MS;
    this.timer = setTimeout(() => void this.flush(), delay);
    this.set({ nextAttemptAt: waiting ? Date.now() + delay : undefined });
  }

  /** Changes the stored list from its latest stored state (another tab may have written since). */
  private change(update: (list: OutboxList) => OutboxList) {
    const next = update(this.storage.load());
    this.storage.save(next);
    this.set({ actions: next });
  }

  private set(patch: Partial<OutboxSnapshot>) {
    const next = { ...this.snapshotValue, ...patch };
    const same = (Object.keys(patch) as (keyof OutboxSnapshot)[]).every(
      (k) => next[k] === this.snapshotValue[k],
    );
    if (same) return;
    this.snapshotValue = next;
    for (const listener of this.listeners) listener();
  }
}

let shared: Outbox | undefined;

/** The one outbox of this browser tab. */
export function terminalOutbox(): Outbox {
  shared ??= new Outbox(browserStorage());
  return shared;
}

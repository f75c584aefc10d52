import { describe, expect, it } from 'vitest';
import type { CommandBody, WorkOrder } from '../api/production';
import {
  confirm,
  discard,
  enqueue,
  failedAttempt,
  failureKind,
  isBehindRefusal,
  nextToSend,
  type Outbox,
  parseOutbox,
  projectOrder,
  type QueuedAction,
  type Refusal,
  refuse,
  retryDelay,
  statusOf,
} from './queue';

let counter = 0;
function action(command: CommandBody, over: Partial<QueuedAction> = {}): QueuedAction {
  counter += 1;
  return {
    key: `key-${counter}`,
    orderId: 'wo-a',
    orderNumber: 'WO-A',
    line: 'L3',
    user: 'oscar',
    takenAt: `2026-03-01T08:00:${String(counter % 60).padStart(2, '0')}Z`,
    command,
    attempts: 0,
    ...over,
  };
}

const order = (over: Partial<WorkOrder> = {}): WorkOrder => ({
  id: 'wo-a',
  number: 'WO-A',
  product: 'C762-TRACER',
  line: 'L3',
  quantity: 1000,
  state: 'released',
  heldFrom: null,
  goodCount: 0,
  scrapCount: 0,
  recordedScrap: 0,
  scrapEntries: 0,
  recentScrap: [],
  history: [],
  ...over,
});

const REFUSAL: Refusal = {
  status: 409,
  title: 'Conflict',
  detail: 'the order is completed; allowed: close',
  code: 'refused',
  at: '2026-03-01T09:00:00Z',
};

const start = () => action({ command: 'start' });
const pause = (reason = 'MECH-CS') => action({ command: 'pause', body: { reason } });
const resume = () => action({ command: 'resume' });
const scrap = (quantity: number) =>
  action({ command: 'recordScrap', body: { quantity, reason: 'SCR-CRIMP' } });
const complete = () => action({ command: 'complete' });

const build = (...actions: QueuedAction[]): Outbox =>
  actions.reduce<Outbox>((list, a) => enqueue(list, a), []);

describe('the order actions leave in', () => {
  it('is the order they were taken in, one after the other', () => {
    const [a, b, c] = [start(), pause(), resume()];
    let outbox = build(a, b, c);
    expect(nextToSend(outbox, 'oscar')).toBe(a);
    outbox = confirm(outbox, a.key);
    expect(nextToSend(outbox, 'oscar')).toBe(b);
    outbox = confirm(outbox, b.key);
    expect(nextToSend(outbox, 'oscar')).toBe(c);
    outbox = confirm(outbox, c.key);
    expect(nextToSend(outbox, 'oscar')).toBeUndefined();
  });

  it('keeps an action taken twice (same key) once', () => {
    const a = start();
    expect(enqueue(enqueue([], a), { ...a })).toHaveLength(1);
  });

  it('sends an action again with its own key after a failed attempt', () => {
    const a = start();
    const outbox = failedAttempt(build(a, pause()), a.key, 'network down');
    const next = nextToSend(outbox, 'oscar');
    expect(next?.key).toBe(a.key);
    expect(next?.attempts).toBe(1);
    expect(next?.lastError).toBe('network down');
  });
});

describe('a refusal', () => {
  it('holds the later actions on the same order, not those on other orders', () => {
    const a = start();
    const b = scrap(5);
    const other = action({ command: 'start' }, { orderId: 'wo-b', orderNumber: 'WO-B' });
    const outbox = refuse(build(a, b, other), a.key, REFUSAL);
    expect(nextToSend(outbox, 'oscar')).toBe(other);
    expect(statusOf(outbox, a.key, { user: 'oscar', sendingKey: undefined })).toEqual({
      kind: 'refused',
      refusal: REFUSAL,
    });
    expect(statusOf(outbox, b.key, { user: 'oscar', sendingKey: undefined })).toEqual({
      kind: 'behind',
      key: a.key,
    });
    expect(isBehindRefusal(outbox, b.key)).toBe(true);
    expect(isBehindRefusal(outbox, other.key)).toBe(false);
  });

  it('discarded alone lets the later actions on its order go, each judged by the server', () => {
    const a = pause();
    const b = scrap(5);
    const outbox = discard(refuse(build(a, b), a.key, REFUSAL), a.key);
    expect(nextToSend(outbox, 'oscar')).toBe(b);
  });

  it('discarded with what came after takes only the later actions on the same order', () => {
    const a = start();
    const other = action({ command: 'start' }, { orderId: 'wo-b', orderNumber: 'WO-B' });
    const b = scrap(5);
    const before = action({ command: 'resume' }, { orderId: 'wo-c' });
    const outbox = discard(refuse(build(before, a, other, b), a.key, REFUSAL), a.key, true);
    expect(outbox.map((x) => x.key)).toEqual([before.key, other.key]);
  });
});

describe('a change of user', () => {
  it("does not send someone else's actions, and keeps the order's sequence behind them", () => {
    const mine = action({ command: 'start' }, { user: 'olga' });
    const theirs = action({ command: 'start' }, { orderId: 'wo-b', user: 'olga' });
    const after = action({ command: 'pause', body: { reason: 'PLN' } }, { orderId: 'wo-b' });
    const outbox = build(mine, theirs, after);
    expect(nextToSend(outbox, 'oscar')).toBeUndefined();
    expect(statusOf(outbox, mine.key, { user: 'oscar', sendingKey: undefined })).toEqual({
      kind: 'other_user',
      user: 'olga',
    });
    expect(nextToSend(outbox, 'olga')).toBe(mine);
    expect(statusOf(outbox, after.key, { user: 'oscar', sendingKey: undefined }).kind).toBe(
      'behind',
    );
  });
});

describe('the projected order', () => {
  it('follows start, pause and scrap, and says which actions it foresaw', () => {
    const a = start();
    const b = pause('MECH-CS');
    const c = scrap(7);
    const { order: projected, applied } = projectOrder(order(), build(a, b, c));
    expect(projected.state).toBe('paused');
    expect(projected.history.at(-1)).toMatchObject({ command: 'pause', reason: 'MECH-CS' });
    expect(projected.recentScrap).toMatchObject([{ quantity: 7, reason: 'SCR-CRIMP' }]);
    expect(projected).toMatchObject({ recordedScrap: 7, scrapEntries: 1 });
    expect(applied.map((x) => x.key)).toEqual([a.key, b.key, c.key]);
  });

  it('does not foresee what the state does not accept, nor refused actions and those behind them', () => {
    // Already paused on the server (the pause reached it, its answer was lost).
    const p = pause();
    expect(projectOrder(order({ state: 'paused' }), build(p)).applied).toEqual([]);

    const a = resume();
    const b = scrap(3);
    const outbox = refuse(build(a, b), a.key, REFUSAL);
    const { order: projected, applied } = projectOrder(order({ state: 'paused' }), outbox);
    expect(projected.state).toBe('paused');
    expect(projected.recentScrap).toEqual([]);
    expect(projected.scrapEntries).toBe(0);
    expect(applied).toEqual([]);
  });

  it('leaves other orders alone and ends at completed', () => {
    const done = complete();
    const elsewhere = action({ command: 'start' }, { orderId: 'wo-b' });
    const { order: projected } = projectOrder(order({ state: 'running' }), build(done, elsewhere));
    expect(projected.state).toBe('completed');
    expect(projectOrder(order({ id: 'wo-z' }), build(done)).applied).toEqual([]);
  });
});

describe('a failed request', () => {
  it('is tried again without an answer or on 5xx, 408 and 429', () => {
    for (const status of [0, 408, 429, 500, 502, 503]) {
      expect(failureKind(status, 'x')).toBe('retry');
    }
  });
  it('waits for a session on 401 and on a CSRF refusal', () => {
    expect(failureKind(401, 'unauthorized')).toBe('session');
    expect(failureKind(403, 'csrf')).toBe('session');
  });
  it('is refused on any other 4xx', () => {
    for (const [status, code] of [
      [400, 'invalid'],
      [403, 'permission_denied'],
      [404, 'not_found'],
      [409, 'refused'],
      [422, 'invalid'],
    ] as const) {
      expect(failureKind(status, code)).toBe('refused');
    }
  });
  it('is retried after a pause that doubles up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(retryDelay)).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('a stored outbox', () => {
  it('reads back what was written, dropping malformed entries', () => {
    const a = start();
    const stored = JSON.parse(JSON.stringify([a, { key: 'x' }, null, 'junk'])) as unknown;
    expect(parseOutbox(stored)).toEqual([a]);
    expect(parseOutbox({ not: 'a list' })).toEqual([]);
  });
});

// The terminal's view of its outbox: the queued actions, whether the server
// is reachable, and the ways to take and discard an action. While a terminal
// page is open, the outbox sends as the signed-in user.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import {
  type CommandBody,
  newIdempotencyKey,
  sendCommand,
  type WorkOrder,
} from '../api/production';
import { useSession } from '../auth/session';
import { type ConnectionState, connection } from './connection';
import { type OutboxSnapshot, terminalOutbox } from './outbox';
import type { QueuedAction } from './queue';

export interface TerminalOutbox extends OutboxSnapshot {
  connection: ConnectionState;
  user: string | undefined;
  /** Queues the action with a fresh idempotency key and sends it when it can. */
  take(order: WorkOrder, command: CommandBody): QueuedAction | undefined;
  discard(key: string, withLater?: boolean): void;
}

export function useTerminalOutbox(): TerminalOutbox {
  const outbox = terminalOutbox();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const user = me?.user.username;
  const snapshot = useSyncExternalStore(outbox.subscribe, outbox.snapshot);
  const online = useSyncExternalStore(connection.subscribe, connection.snapshot);

  useEffect(() => {
    if (!user) return;
    return outbox.start({
      user,
      send: (action, signal) =>
        sendCommand({ id: action.orderId, idempotencyKey: action.key, ...action.command }, signal),
      onConfirmed: (action, order) => {
        queryClient.setQueryData(['production', 'work-order', order.id], order);
        // Read again, also so the service worker's copy (for a reload
        // offline) is the confirmed order, not the one before the command.
        void queryClient.invalidateQueries({ queryKey: ['production', 'work-orders'] });
        void queryClient.invalidateQueries({
          queryKey: ['production', 'work-order', action.orderId],
        });
      },
      onRefused: (action) => {
        void queryClient.invalidateQueries({ queryKey: ['production', 'work-orders'] });
        void queryClient.invalidateQueries({
          queryKey: ['production', 'work-order', action.orderId],
        });
      },
      // A fresh /api/auth/me brings a new CSRF token, or says the session is
      // over (and the page goes to sign in; the queue waits in storage).
      onSessionProblem: () => void queryClient.invalidateQueries({ queryKey: ['session'] }),
    });
  }, [outbox, user, queryClient]);

  const take = useCallback(
    (order: WorkOrder, command: CommandBody) => {
      if (!user) return undefined;
      const action: QueuedAction = {
        key: newIdempotencyKey(),
        orderId: order.id,
        orderNumber: order.number,
        line: order.line,
        user,
        takenAt: new Date().toISOString(),
        command,
        attempts: 0,
      };
      outbox.take(action);
      return action;
    },
    [outbox, user],
  );

  const discard = useCallback(
    (key: string, withLater?: boolean) => outbox.discard(key, withLater),
    [outbox],
  );

  return { ...snapshot, connection: online, user, take, discard };
}

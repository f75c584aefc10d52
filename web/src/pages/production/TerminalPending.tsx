import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../api/error-text';
import type { CommandBody } from '../../api/production';
import { formatInteger, formatTimestamp, withLocalTimes } from '../../format';
import type { ConnectionState } from '../../offline/connection';
import { type ActionStatus, discardable, type QueuedAction, statusOf } from '../../offline/queue';
import type { TerminalOutbox } from '../../offline/useTerminalOutbox';
import { formatClock } from '../floor/time';
import { commandLabel } from './labels';

/** "Pause · MECH-CS", "Record scrap · 12 × SCR-CRIMP". */
export function describeCommand(
  t: TFunction,
  command: CommandBody,
  reasonName: (code: string) => string = (c) => c,
): string {
  const label = commandLabel(t, command.command);
  switch (command.command) {
    case 'pause':
      return `${label} · ${reasonName(command.body.reason)}`;
    case 'recordScrap':
      return `${label} · ${formatInteger(command.body.quantity)} × ${command.body.reason}`;
    default:
      return label;
  }
}

function statusWords(t: TFunction, status: ActionStatus, outbox: TerminalOutbox): string {
  switch (status.kind) {
    case 'waiting':
      return outbox.connection.online
        ? t('production:terminal.pending.waiting')
        : t('production:terminal.pending.waitingForNetwork');
    case 'sending':
      return t('production:terminal.pending.sending');
    case 'refused':
      return t('production:terminal.pending.refused', {
        detail: withLocalTimes(problemText(status.refusal)),
      });
    case 'behind': {
      const ahead = outbox.actions.find((a) => a.key === status.key);
      return ahead?.refusal
        ? t('production:terminal.pending.heldBehindRefusal')
        : t('production:terminal.pending.behind');
    }
    case 'other_user':
      return t('production:terminal.pending.otherUser', { user: status.user });
    default: {
      const unknown: never = status;
      return unknown;
    }
  }
}

/** The banner over the terminal while the server cannot be reached. */
export function OfflineBanner({
  connection,
  pending,
}: {
  connection: ConnectionState;
  pending: number;
}) {
  const { t } = useTranslation();
  if (connection.online) return null;
  return (
    <div className="t-offline" role="status" data-testid="terminal-offline">
      <p className="t-offline__title">{t('production:terminal.offline.title')}</p>
      <p className="t-offline__detail">
        {pending > 0
          ? t('production:terminal.offline.detailWaiting', {
              count: pending,
              n: formatInteger(pending),
            })
          : t('production:terminal.offline.detail')}
        {connection.copyStoredAt
          ? ` ${t('production:terminal.offline.copy', { time: formatTimestamp(connection.copyStoredAt) })}`
          : ''}
      </p>
    </div>
  );
}

/** The actions this terminal has not had confirmed yet, oldest first. */
export function PendingList({
  outbox,
  reasonName,
}: {
  outbox: TerminalOutbox;
  reasonName: (code: string) => string;
}) {
  const { t } = useTranslation();
  if (outbox.actions.length === 0) return null;
  const context = { user: outbox.user, sendingKey: outbox.sendingKey };
  return (
    <section className="t-pending" aria-labelledby="t-pending-title" data-testid="terminal-pending">
      <h2 id="t-pending-title">
        {t('production:terminal.pending.title', { n: formatInteger(outbox.actions.length) })}
        {outbox.nextAttemptAt && !outbox.sendingKey ? (
          <span className="t-pending__next">
            {' '}
            ·{' '}
            {t('production:terminal.pending.nextTry', {
              time: formatClock(outbox.nextAttemptAt, undefined, true),
            })}
          </span>
        ) : null}
      </h2>
      <ol>
        {outbox.actions.map((action) => (
          <PendingItem
            key={action.key}
            action={action}
            status={statusOf(outbox.actions, action.key, context)}
            outbox={outbox}
            reasonName={reasonName}
          />
        ))}
      </ol>
    </section>
  );
}

/** The buttons that drop a refused action, and with it those queued after it. */
export function DiscardButtons({
  outbox,
  actionKey,
  testId,
}: {
  outbox: TerminalOutbox;
  actionKey: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const later = discardable(outbox.actions, actionKey, true).length - 1;
  return (
    <>
      <button
        type="button"
        className="t-button t-button--ghost-dark"
        data-testid={testId}
        onClick={() => outbox.discard(actionKey)}
      >
        {t('production:terminal.discard')}
      </button>
      {later > 0 && (
        <button
          type="button"
          className="t-button t-button--ghost-dark"
          onClick={() => outbox.discard(actionKey, true)}
        >
          {t('production:terminal.discardWithLater', { count: later, n: formatInteger(later) })}
        </button>
      )}
    </>
  );
}

function PendingItem({
  action,
  status,
  outbox,
  reasonName,
}: {
  action: QueuedAction;
  status: ActionStatus;
  outbox: TerminalOutbox;
  reasonName: (code: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <li
      className={`t-pending__item t-pending__item--${status.kind}`}
      data-testid="pending-action"
      data-command={action.command.command}
      data-status={status.kind}
    >
      <div className="t-pending__what">
        <span className="t-pending__command">{describeCommand(t, action.command, reasonName)}</span>
        <span className="t-pending__order">
          {action.orderNumber} · {action.line} · {formatTimestamp(action.takenAt)}
        </span>
      </div>
      <span className="t-pending__status" data-testid="pending-status">
        {statusWords(t, status, outbox)}
      </span>
      {(status.kind === 'refused' || status.kind === 'other_user') && (
        <div className="t-pending__actions">
          <DiscardButtons outbox={outbox} actionKey={action.key} />
        </div>
      )}
    </li>
  );
}

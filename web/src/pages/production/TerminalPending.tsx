import type { CommandBody } from '../../api/production';
import { formatInteger, formatTimestamp, withLocalTimes } from '../../format';
import type { ConnectionState } from '../../offline/connection';
import { type ActionStatus, discardable, type QueuedAction, statusOf } from '../../offline/queue';
import type { TerminalOutbox } from '../../offline/useTerminalOutbox';
import { COMMAND_LABEL } from './labels';

/** "Pause · MECH-CS", "Record scrap · 12 × SCR-CRIMP". */
export function describeCommand(
  command: CommandBody,
  reasonName: (code: string) => string = (c) => c,
): string {
  const label = COMMAND_LABEL[command.command];
  switch (command.command) {
    case 'pause':
      return `${label} · ${reasonName(command.body.reason)}`;
    case 'recordScrap':
      return `${label} · ${formatInteger(command.body.quantity)} × ${command.body.reason}`;
    default:
      return label;
  }
}

function statusWords(status: ActionStatus, outbox: TerminalOutbox): string {
  switch (status.kind) {
    case 'waiting':
      return outbox.connection.online ? 'Waiting to be sent' : 'Waiting for the network';
    case 'sending':
      return 'Sending…';
    case 'refused':
      return `Refused: ${withLocalTimes(status.refusal.detail)}`;
    case 'behind': {
      const ahead = outbox.actions.find((a) => a.key === status.key);
      return ahead?.refusal
        ? 'Held: an earlier action on this order was refused'
        : 'Waiting for the earlier action on this order';
    }
    case 'other_user':
      return `Waiting for ${status.user} to sign in on this terminal`;
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
  if (connection.online) return null;
  return (
    <div className="t-offline" role="status" data-testid="terminal-offline">
      <p className="t-offline__title">Offline — the Lotline server cannot be reached</p>
      <p className="t-offline__detail">
        Keep working: actions are kept on this terminal and sent when the network returns
        {pending > 0 ? ` (${pending} waiting)` : ''}.
        {connection.copyStoredAt
          ? ` The order shown is what this terminal last knew (${formatTimestamp(connection.copyStoredAt)}).`
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
  if (outbox.actions.length === 0) return null;
  const context = { user: outbox.user, sendingKey: outbox.sendingKey };
  return (
    <section className="t-pending" aria-labelledby="t-pending-title" data-testid="terminal-pending">
      <h2 id="t-pending-title">
        Not yet confirmed by the server ({outbox.actions.length})
        {outbox.nextAttemptAt && !outbox.sendingKey ? (
          <span className="t-pending__next"> · next try {formatClock(outbox.nextAttemptAt)}</span>
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
  const later = discardable(outbox.actions, action.key, true).length - 1;
  return (
    <li
      className={`t-pending__item t-pending__item--${status.kind}`}
      data-testid="pending-action"
      data-command={action.command.command}
      data-status={status.kind}
    >
      <div className="t-pending__what">
        <span className="t-pending__command">{describeCommand(action.command, reasonName)}</span>
        <span className="t-pending__order">
          {action.orderNumber} · {action.line} · {formatTimestamp(action.takenAt)}
        </span>
      </div>
      <span className="t-pending__status" data-testid="pending-status">
        {statusWords(status, outbox)}
      </span>
      {(status.kind === 'refused' || status.kind === 'other_user') && (
        <div className="t-pending__actions">
          <button
            type="button"
            className="t-button t-button--ghost-dark"
            onClick={() => outbox.discard(action.key)}
          >
            Discard
          </button>
          {later > 0 && (
            <button
              type="button"
              className="t-button t-button--ghost-dark"
              onClick={() => outbox.discard(action.key, true)}
            >
              Discard with the {later} after it
            </button>
          )}
        </div>
      )}
    </li>
  );
}

const formatClock = (epochMs: number) =>
  new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(new Date(epochMs));

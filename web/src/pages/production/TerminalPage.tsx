import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { problemText, problemTitle } from '../../api/error-text';
import { useLine } from '../../api/plant';
import {
  type CommandBody,
  type CommandType,
  commandsFor,
  downtimeNames,
  useReasonTables,
  useWorkOrder,
  useWorkOrders,
  type WorkOrder,
} from '../../api/production';
import { useCan } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { Modal } from '../../components/Modal';
import { UserMenu } from '../../components/UserMenu';
import { formatInteger, withLocalTimes } from '../../format';
import { projectOrder } from '../../offline/queue';
import { useTerminalOutbox } from '../../offline/useTerminalOutbox';
import { commandLabel, stateLabel } from './labels';
import { MachineGoodCount } from './MachineGoodCount';
import { ReasonPicker } from './ReasonPicker';
import { ScrapPad } from './ScrapPad';
import { DiscardButtons, describeCommand, OfflineBanner, PendingList } from './TerminalPending';

// The terminal's own commands; planners' commands stay on the detail page.
const TERMINAL_COMMANDS: readonly CommandType[] = [
  'start',
  'pause',
  'resume',
  'recordScrap',
  'complete',
];
const BUTTON_CLASS: Partial<Record<CommandType, string>> = {
  start: 't-button--start',
  pause: 't-button--pause',
  resume: 't-button--start',
  recordScrap: 't-button--scrap',
  complete: 't-button--complete',
};

/** The order the line works on: the running or paused one, else the oldest released. */
function currentOrder(orders: readonly WorkOrder[]): WorkOrder | undefined {
  return (
    orders.find((o) => o.state === 'running') ??
    orders.find((o) => o.state === 'paused') ??
    orders.find(
      (o) => o.state === 'on_hold' && (o.heldFrom === 'running' || o.heldFrom === 'paused'),
    ) ??
    queue(orders)[0]
  );
}

/** Released orders, oldest first (the list comes newest first). */
const queue = (orders: readonly WorkOrder[]) =>
  orders.filter((o) => o.state === 'released').reverse();

/**
 * Of two copies of one order (the list's and its own query's, either perhaps
 * the service worker's offline copy), the later: an order's history and
 * scrap records only ever grow.
 */
function newerCopy(a: WorkOrder | undefined, b: WorkOrder | undefined): WorkOrder | undefined {
  if (!a || !b) return a ?? b;
  const progress = (o: WorkOrder) => o.history.length * 1_000_000 + o.scrapEntries;
  return progress(b) > progress(a) ? b : a;
}

/** A second tap this soon after a command is a bounce or a double tap, not a new intent. */
const TAP_GUARD_MS = 800;

/**
 * /production/terminal/:line — the touch screen at a line. Every command goes
 * through the terminal's outbox (src/offline): kept on the terminal with its
 * idempotency key first, then sent; without a network it waits there, and the
 * screen shows the order as the queued commands will leave it, marked as not
 * yet confirmed.
 */
export function TerminalPage() {
  const { t } = useTranslation();
  const { line = '' } = useParams();
  const can = useCan();
  const lineQuery = useLine(line);
  const orders = useWorkOrders({ line, limit: 200 }, { refetchMs: 10_000 });
  const reasons = useReasonTables();
  const outbox = useTerminalOutbox();
  // The order the operator works on stays on screen (also once completed)
  // until they move on to the next; after a reload, the one they last acted on.
  const [pinnedId, setPinnedId] = useState<string | undefined>(
    () => [...outbox.actions].reverse().find((a) => a.line === line)?.orderId,
  );
  const pinned = useWorkOrder(pinnedId);
  const [dialog, setDialog] = useState<'pause' | 'scrap' | 'complete'>();
  // The buttons rest a moment after a command, so that the second tap of a
  // double tap does not land on whatever button took the first one's place.
  const [resting, setResting] = useState(false);
  useEffect(() => {
    if (!resting) return;
    const timer = setTimeout(() => setResting(false), TAP_GUARD_MS);
    return () => clearTimeout(timer);
  }, [resting]);

  const projections = (orders.data ?? []).map((o) => projectOrder(o, outbox.actions));
  const list = projections.map((p) => p.order);
  const pinnedCopy = pinnedId
    ? newerCopy(
        pinned.data,
        orders.data?.find((o) => o.id === pinnedId),
      )
    : undefined;
  const shown = pinnedId
    ? pinnedCopy && projectOrder(pinnedCopy, outbox.actions)
    : projections.find((p) => p.order.id === currentOrder(list)?.id);
  const order = shown?.order;
  // The queued actions the screen already shows as done.
  const unconfirmed = shown?.applied ?? [];
  const upNext = queue(list).filter((o) => o.id !== order?.id);
  const refused = outbox.actions.find((a) => a.refusal && a.line === line);
  const blocked = order ? outbox.actions.some((a) => a.orderId === order.id && a.refusal) : false;
  const allowed = order
    ? commandsFor(order.state, can).filter((c) => TERMINAL_COMMANDS.includes(c))
    : [];
  const names = downtimeNames(reasons.data?.downtimeReasons ?? []);
  const reasonName = (code: string) => names.get(code)?.name ?? code;
  const lastPause =
    order?.state === 'paused'
      ? [...order.history].reverse().find((t) => t.command === 'pause')
      : undefined;

  function send(body: CommandBody) {
    if (!order) return;
    setResting(true);
    setPinnedId(order.id);
    outbox.take(order, body);
    setDialog(undefined);
  }

  function tap(command: CommandType) {
    if (resting) return;
    if (command === 'pause') setDialog('pause');
    else if (command === 'recordScrap') setDialog('scrap');
    else if (command === 'complete') setDialog('complete');
    else send({ command } as CommandBody);
  }

  const banner: ReactNode = refused?.refusal ? (
    <div className="t-banner" role="alert" data-testid="terminal-error">
      <p className="t-banner__title">
        {t('production:terminal.refused', {
          action: describeCommand(t, refused.command, reasonName),
          order: refused.orderNumber,
        })}
        {refused.refusal.status ? ` — ${problemTitle(refused.refusal)}` : ''}
      </p>
      <p className="t-banner__detail" data-testid="terminal-error-detail">
        {withLocalTimes(problemText(refused.refusal))}
      </p>
      <div className="t-banner__actions">
        <DiscardButtons outbox={outbox} actionKey={refused.key} testId="discard-refused" />
      </div>
    </div>
  ) : null;
  const offlineNote: ReactNode = outbox.connection.online ? null : (
    <p className="t-offline t-offline--inline" role="status" data-testid="offline-note">
      {t('production:terminal.offlineNote')}
    </p>
  );

  return (
    <div className="terminal" data-testid="terminal">
      <header className="terminal__bar">
        <Link to="/production/terminal" className="t-button t-button--ghost">
          ‹ {t('production:terminal.lines')}
        </Link>
        {/* The line is what the screen is about: its heading, the first a screen reader finds. */}
        <h1 className="terminal__line">
          <span className="terminal__line-code">{line}</span>
          <span className="terminal__line-name">{lineQuery.data?.name ?? ''}</span>
        </h1>
        <UserMenu />
      </header>

      <main className="terminal__main" id="main">
        <OfflineBanner connection={outbox.connection} pending={outbox.actions.length} />
        {!dialog && banner}

        {lineQuery.isError ? (
          <div className="t-banner" role="alert" data-testid="terminal-error">
            <p className="t-banner__title">{t('production:terminal.lineTitle', { line })}</p>
            <p className="t-banner__detail">{lineQuery.error.message}</p>
          </div>
        ) : orders.isPending ? (
          <Loading what={t('production:terminal.loading')} />
        ) : orders.isError && !order ? (
          <div className="t-banner" role="alert" data-testid="terminal-error">
            <p className="t-banner__title">{t('production:terminal.cannotLoad')}</p>
            <p className="t-banner__detail">{orders.error.message}</p>
          </div>
        ) : !order ? (
          <section className="t-order t-order--empty" data-testid="terminal-order">
            <p className="t-order__empty">{t('production:terminal.noOrder', { line })}</p>
            <p className="t-order__hint">{t('production:terminal.noOrderHint')}</p>
          </section>
        ) : (
          <section
            className={`t-order t-order--${order.state}`}
            data-testid="terminal-order"
            aria-label={t('production:terminal.orderLabel', { number: order.number })}
          >
            <div className="t-order__head">
              <span className="t-order__number" data-testid="terminal-number">
                {order.number}
              </span>
              <span
                className={`t-state t-state--${order.state}`}
                data-testid="terminal-state"
                data-state={order.state}
              >
                {stateLabel(t, order.state)}
              </span>
              {unconfirmed.length > 0 && (
                <span className="t-unconfirmed" data-testid="terminal-unconfirmed">
                  {t('production:terminal.unconfirmed', {
                    count: unconfirmed.length,
                    n: formatInteger(unconfirmed.length),
                  })}
                </span>
              )}
            </div>
            <dl className="t-order__facts">
              <div>
                <dt>{t('common:words.product')}</dt>
                <dd data-testid="terminal-product">{order.product}</dd>
              </div>
              <div>
                <dt>{t('common:words.quantity')}</dt>
                <dd data-testid="terminal-quantity">{formatInteger(order.quantity)}</dd>
              </div>
              <div>
                <dt>{t('production:terminal.good')}</dt>
                <dd>
                  <MachineGoodCount order={order} />
                </dd>
              </div>
              <div>
                <dt>{t('production:terminal.scrapRecorded')}</dt>
                <dd data-testid="terminal-scrap">{formatInteger(order.recordedScrap)}</dd>
              </div>
            </dl>
            {lastPause?.reason && (
              <p className="t-order__note" data-testid="terminal-pause-reason">
                {t('production:terminal.paused', {
                  reason: names.get(lastPause.reason)?.name ?? lastPause.reason,
                })}
                {lastPause.note ? ` — “${lastPause.note}”` : ''}
              </p>
            )}
            {order.state === 'on_hold' && (
              <p className="t-order__note">{t('production:terminal.onHold')}</p>
            )}
          </section>
        )}

        {order && allowed.length > 0 && (
          <div className="t-actions" data-testid="terminal-actions">
            {allowed.map((command) => (
              <button
                key={command}
                type="button"
                className={`t-button t-button--big ${BUTTON_CLASS[command] ?? ''}`}
                disabled={blocked || resting}
                onClick={() => tap(command)}
              >
                {commandLabel(t, command)}
              </button>
            ))}
          </div>
        )}

        {order && blocked && allowed.length > 0 && (
          <p className="t-readonly" data-testid="terminal-blocked">
            {t('production:terminal.blocked')}
          </p>
        )}

        {order && !can('production.operate') && (
          <p className="t-readonly" data-testid="terminal-readonly">
            {t('production:terminal.readOnly')}
          </p>
        )}

        {order && pinnedId && ['completed', 'closed', 'cancelled'].includes(order.state) && (
          <div className="t-actions">
            <button
              type="button"
              className="t-button t-button--big t-button--next"
              onClick={() => setPinnedId(undefined)}
            >
              {t('production:terminal.nextOrder')}
            </button>
          </div>
        )}

        <PendingList outbox={outbox} reasonName={reasonName} />

        {upNext.length > 0 && (
          <section className="t-queue" aria-labelledby="t-queue-title">
            <h2 id="t-queue-title">{t('production:terminal.upNext', { line })}</h2>
            <ol>
              {upNext.slice(0, 4).map((o) => (
                <li key={o.id} className="t-queue__item">
                  <span className="t-queue__number">{o.number}</span>
                  <span>{o.product}</span>
                  <span className="t-queue__qty">{formatInteger(o.quantity)}</span>
                </li>
              ))}
            </ol>
          </section>
        )}
      </main>

      {dialog === 'pause' && (
        <ReasonPicker
          tree={reasons.data?.downtimeReasons ?? []}
          pending={false}
          banner={offlineNote}
          onClose={() => setDialog(undefined)}
          onPause={(reason, note) =>
            send({ command: 'pause', body: { reason, ...(note ? { note } : {}) } })
          }
        />
      )}
      {dialog === 'scrap' && (
        <ScrapPad
          reasons={reasons.data?.scrapReasons ?? []}
          stations={lineQuery.data?.stations ?? []}
          pending={false}
          banner={offlineNote}
          onClose={() => setDialog(undefined)}
          onRecord={(body) => send({ command: 'recordScrap', body })}
        />
      )}
      {dialog === 'complete' && order && (
        <ConfirmComplete
          order={order}
          pending={false}
          banner={offlineNote}
          onClose={() => setDialog(undefined)}
          onConfirm={() => send({ command: 'complete' })}
        />
      )}
    </div>
  );
}

function ConfirmComplete({
  order,
  pending,
  banner,
  onConfirm,
  onClose,
}: {
  order: WorkOrder;
  pending: boolean;
  banner: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      labelledBy="t-complete-title"
      onClose={onClose}
      className="terminal-modal terminal-modal--narrow"
      testId="confirm-complete"
    >
      <h2 id="t-complete-title" className="terminal-modal__title">
        {t('production:terminal.complete.title', { number: order.number })}
      </h2>
      {banner}
      <p className="t-confirm__text">
        {t('production:terminal.complete.text', {
          product: order.product,
          quantity: formatInteger(order.quantity),
        })}
      </p>
      <div className="t-actions">
        <button
          type="button"
          className="t-button t-button--big t-button--ghost-dark"
          onClick={onClose}
        >
          {t('production:terminal.complete.notYet')}
        </button>
        <button
          type="button"
          className="t-button t-button--big t-button--complete"
          disabled={pending}
          data-testid="confirm-complete-button"
          onClick={onConfirm}
        >
          {pending ? t('production:terminal.complete.submitting') : commandLabel(t, 'complete')}
        </button>
      </div>
    </Modal>
  );
}

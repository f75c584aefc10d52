import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLine } from '../../api/plant';
import {
  COMMAND_PERMISSION,
  type CommandType,
  commandsFor,
  downtimeNames,
  useReasonTables,
  useWorkOrder,
  useWorkOrderEvents,
  WORK_ORDER_STATES,
  type WorkOrder,
  type WorkOrderEvent,
  type WorkOrderState,
} from '../../api/production';
import { useCan } from '../../auth/session';
import { QueryView } from '../../components/QueryView';
import { formatInteger, formatTimestamp, humanize } from '../../format';
import { commandLabel, commandWord, stateLabel } from './labels';
import { MachineGoodCount } from './MachineGoodCount';
import { ScrapRecords } from './ScrapRecords';
import { StateBadge } from './StateBadge';
import { WorkOrderCommands } from './WorkOrderCommands';

/** /production/work-orders/:id — one order: state, quantities, history, scrap, events, commands. */
export function WorkOrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const order = useWorkOrder(id);
  return (
    <div className="page" data-testid="work-order-page">
      <nav className="breadcrumbs" aria-label={t('production:breadcrumb')}>
        <ol>
          <li>
            <Link to="/production">{t('production:list.title')}</Link>
          </li>
          <li aria-current="page">{order.data?.number ?? t('production:order.eyebrow')}</li>
        </ol>
      </nav>
      <QueryView query={order} what={t('production:order.loading')}>
        {(data) => <WorkOrderDetail order={data} />}
      </QueryView>
    </div>
  );
}

function WorkOrderDetail({ order }: { order: WorkOrder }) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const reasons = useReasonTables();
  const line = useLine(order.line);
  const names = downtimeNames(reasons.data?.downtimeReasons ?? []);
  const commands = commandsFor(order.state, can);
  const reasonText = (command: string, reason: string) =>
    command === 'pause'
      ? `${reason} — ${names.get(reason)?.name ?? t('production:history.unknownReason')}`
      : reason;

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('production:order.eyebrow')}</p>
          <h1 data-testid="work-order-number">
            {order.number} <StateBadge state={order.state} />
          </h1>
        </div>
        <Link className="button" to={`/production/terminal/${encodeURIComponent(order.line)}`}>
          {t('production:order.openTerminal', { line: order.line })}
        </Link>
      </header>

      <div className="panel">
        <dl className="facts">
          <div className="facts__item facts__item--lead">
            <dt>{t('common:words.product')}</dt>
            <dd>{order.product}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('common:words.line')}</dt>
            <dd>
              <Link to={`/plant/lines/${encodeURIComponent(order.line)}`}>{order.line}</Link>
              {line.data ? <span className="muted small"> {line.data.name}</span> : null}
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('common:words.quantity')}</dt>
            <dd data-testid="wo-quantity">{formatInteger(order.quantity)}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('production:order.good')}</dt>
            <dd>
              <MachineGoodCount order={order} />
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('production:order.scrap')}</dt>
            <dd>{formatInteger(order.scrapCount)}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('production:order.scrapRecorded')}</dt>
            <dd data-testid="wo-scrap-recorded">{formatInteger(order.recordedScrap)}</dd>
          </div>
          {order.state === 'on_hold' && order.heldFrom && (
            <div className="facts__item facts__item--lead">
              <dt>{t('production:order.heldFrom')}</dt>
              <dd>{stateLabel(t, order.heldFrom)}</dd>
            </div>
          )}
        </dl>
      </div>

      <section className="section" aria-labelledby={`${id}-commands`}>
        <h2 id={`${id}-commands`}>{t('production:order.commands')}</h2>
        {commands.length === 0 ? (
          <p className="muted" data-testid="no-commands">
            {order.state === 'closed'
              ? t('production:order.noCommands.closed')
              : order.state === 'cancelled'
                ? t('production:order.noCommands.cancelled')
                : t('production:order.noCommands.other')}
          </p>
        ) : (
          <WorkOrderCommands order={order} commands={commands} />
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>{t('production:order.history')}</h2>
        <ol className="timeline" data-testid="wo-history">
          {order.history.map((step) => (
            <li key={`${step.at}-${step.command}-${step.to}`} className="timeline__item">
              <span className="timeline__when muted">{formatTimestamp(step.at)}</span>
              <span className="timeline__what">
                <strong>{commandWord(t, step.command)}</strong>
                {step.from ? (
                  <>
                    {' '}
                    {stateLabel(t, step.from)} → {stateLabel(t, step.to)}
                  </>
                ) : (
                  <> {t('production:history.as', { state: stateLabel(t, step.to) })}</>
                )}
                {step.reason && (
                  <span className="timeline__reason">
                    {' '}
                    · {reasonText(step.command, step.reason)}
                  </span>
                )}
                {step.note && <span className="muted"> · “{step.note}”</span>}
              </span>
              <span className="timeline__who muted">{step.actor}</span>
            </li>
          ))}
        </ol>
      </section>

      <ScrapRecords order={order} />

      <section className="section" aria-labelledby={`${id}-events`}>
        <h2 id={`${id}-events`}>{t('production:order.events')}</h2>
        <EventsTable id={order.id} />
      </section>
    </>
  );
}

const EVENT_BASE = new Set(['type', 'at', 'actor', 'workOrderNumber', 'workOrderId']);

/** An event kind in words; a kind unknown here as its code. */
function eventKind(t: TFunction, type: string): string | undefined {
  switch (type) {
    case 'work_order.created':
      return t('production:event.type.created');
    case 'work_order.state_changed':
      return t('production:event.type.stateChanged');
    case 'work_order.scrap_recorded':
      return t('production:event.type.scrapRecorded');
    case 'output_lot.open_requested':
      return t('production:event.type.outputLotRequested');
    default:
      return undefined;
  }
}

const EVENT_FIELDS = new Set([
  'product',
  'line',
  'quantity',
  'from',
  'to',
  'command',
  'reason',
  'note',
  'station',
]);
const isState = (value: unknown): value is WorkOrderState =>
  typeof value === 'string' && (WORK_ORDER_STATES as readonly string[]).includes(value);
const isCommand = (value: unknown): value is CommandType =>
  typeof value === 'string' && value in COMMAND_PERMISSION;

/** An event's own fields, in words: "quantity: 12 · reason: SCR-CRIMP". */
function eventDetails(t: TFunction, event: WorkOrderEvent): string {
  return Object.entries(event)
    .filter(([key, value]) => !EVENT_BASE.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => {
      const name = EVENT_FIELDS.has(key) ? t(`production:event.field.${key}`) : humanize(key);
      const shown =
        (key === 'from' || key === 'to') && isState(value)
          ? stateLabel(t, value)
          : key === 'command' && isCommand(value)
            ? commandLabel(t, value)
            : typeof value === 'number'
              ? formatInteger(value)
              : String(value);
      return `${name}: ${shown}`;
    })
    .join(' · ');
}

function EventsTable({ id }: { id: string }) {
  const { t } = useTranslation();
  const events = useWorkOrderEvents(id);
  return (
    <QueryView query={events} what={t('production:order.loadingEvents')}>
      {(data) => (
        <table className="table table--compact" data-testid="wo-events">
          <thead>
            <tr>
              <th scope="col">{t('production:order.column.when')}</th>
              <th scope="col">{t('production:order.column.event')}</th>
              <th scope="col">{t('production:order.column.details')}</th>
              <th scope="col">{t('production:order.column.by')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((event, index) => (
              // Events have no id of their own; their order is fixed.
              // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
              <tr key={index}>
                <td className="nowrap">{formatTimestamp(event.at)}</td>
                <td>
                  {eventKind(t, event.type)} <code className="code small">{event.type}</code>
                </td>
                <td className="small">{eventDetails(t, event)}</td>
                <td>{event.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryView>
  );
}

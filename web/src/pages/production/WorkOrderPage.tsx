import { useId } from 'react';
import { Link, useParams } from 'react-router';
import { useLine } from '../../api/plant';
import {
  commandsFor,
  downtimeNames,
  useReasonTables,
  useWorkOrder,
  useWorkOrderEvents,
  type WorkOrder,
  type WorkOrderEvent,
} from '../../api/production';
import { useCan } from '../../auth/session';
import { QueryView } from '../../components/QueryView';
import { formatInteger, formatTimestamp, humanize } from '../../format';
import { commandWord, STATE_LABEL } from './labels';
import { StateBadge } from './StateBadge';
import { WorkOrderCommands } from './WorkOrderCommands';

/** /production/work-orders/:id — one order: state, quantities, history, scrap, events, commands. */
export function WorkOrderPage() {
  const { id = '' } = useParams();
  const order = useWorkOrder(id);
  return (
    <div className="page" data-testid="work-order-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/production">Work orders</Link>
          </li>
          <li aria-current="page">{order.data?.number ?? 'Work order'}</li>
        </ol>
      </nav>
      <QueryView query={order} what="the work order">
        {(data) => <WorkOrderDetail order={data} />}
      </QueryView>
    </div>
  );
}

function WorkOrderDetail({ order }: { order: WorkOrder }) {
  const id = useId();
  const can = useCan();
  const reasons = useReasonTables();
  const line = useLine(order.line);
  const names = downtimeNames(reasons.data?.downtimeReasons ?? []);
  const scrapNames = new Map((reasons.data?.scrapReasons ?? []).map((r) => [r.code, r.name]));
  const commands = commandsFor(order.state, can);
  const recorded = order.scrapRecords.reduce((sum, r) => sum + r.quantity, 0);
  const reasonText = (command: string, reason: string) =>
    command === 'pause' ? `${reason} — ${names.get(reason)?.name ?? 'unknown reason'}` : reason;

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Work order</p>
          <h1 data-testid="work-order-number">
            {order.number} <StateBadge state={order.state} />
          </h1>
        </div>
        <Link className="button" to={`/production/terminal/${encodeURIComponent(order.line)}`}>
          Open the {order.line} terminal
        </Link>
      </header>

      <div className="panel">
        <dl className="facts">
          <div className="facts__item facts__item--lead">
            <dt>Product</dt>
            <dd>{order.product}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Line</dt>
            <dd>
              <Link to={`/plant/lines/${encodeURIComponent(order.line)}`}>{order.line}</Link>
              {line.data ? <span className="muted small"> {line.data.name}</span> : null}
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Quantity</dt>
            <dd data-testid="wo-quantity">{formatInteger(order.quantity)}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Good (machine count)</dt>
            <dd>{formatInteger(order.goodCount)}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Scrap (machine count)</dt>
            <dd>{formatInteger(order.scrapCount)}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Scrap recorded</dt>
            <dd data-testid="wo-scrap-recorded">{formatInteger(recorded)}</dd>
          </div>
          {order.state === 'on_hold' && order.heldFrom && (
            <div className="facts__item facts__item--lead">
              <dt>Held from</dt>
              <dd>{STATE_LABEL[order.heldFrom]}</dd>
            </div>
          )}
        </dl>
      </div>

      <section className="section" aria-labelledby={`${id}-commands`}>
        <h2 id={`${id}-commands`}>Commands</h2>
        {commands.length === 0 ? (
          <p className="muted" data-testid="no-commands">
            {order.state === 'closed' || order.state === 'cancelled'
              ? `The order is ${STATE_LABEL[order.state].toLowerCase()}: nothing more can be done with it.`
              : 'Nothing you may do with the order in this state.'}
          </p>
        ) : (
          <WorkOrderCommands order={order} commands={commands} />
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>History</h2>
        <ol className="timeline" data-testid="wo-history">
          {order.history.map((t) => (
            <li key={`${t.at}-${t.command}-${t.to}`} className="timeline__item">
              <span className="timeline__when muted">{formatTimestamp(t.at)}</span>
              <span className="timeline__what">
                <strong>{commandWord(t.command)}</strong>
                {t.from ? (
                  <>
                    {' '}
                    {STATE_LABEL[t.from]} → {STATE_LABEL[t.to]}
                  </>
                ) : (
                  <> as {STATE_LABEL[t.to]}</>
                )}
                {t.reason && (
                  <span className="timeline__reason"> · {reasonText(t.command, t.reason)}</span>
                )}
                {t.note && <span className="muted"> · “{t.note}”</span>}
              </span>
              <span className="timeline__who muted">{t.actor}</span>
            </li>
          ))}
        </ol>
      </section>

      <section className="section" aria-labelledby={`${id}-scrap`}>
        <h2 id={`${id}-scrap`}>Scrap records</h2>
        {order.scrapRecords.length === 0 ? (
          <p className="muted">No scrap recorded.</p>
        ) : (
          <table className="table table--compact" data-testid="wo-scrap">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Quantity
                </th>
                <th scope="col">Reason</th>
                <th scope="col">Station</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {order.scrapRecords.map((r) => (
                <tr key={`${r.at}-${r.reason}-${r.quantity}`}>
                  <td className="nowrap">{formatTimestamp(r.at)}</td>
                  <td className="num">{formatInteger(r.quantity)}</td>
                  <td>
                    <code className="code">{r.reason}</code> {scrapNames.get(r.reason) ?? ''}
                  </td>
                  <td>{r.station ? <code className="code">{r.station}</code> : '—'}</td>
                  <td>{r.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-events`}>
        <h2 id={`${id}-events`}>Events</h2>
        <EventsTable id={order.id} />
      </section>
    </>
  );
}

const EVENT_BASE = new Set(['type', 'at', 'actor', 'workOrderNumber', 'workOrderId']);

function eventDetails(event: WorkOrderEvent): string {
  return Object.entries(event)
    .filter(([key, value]) => !EVENT_BASE.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${humanize(key)}: ${String(value)}`)
    .join(' · ');
}

function EventsTable({ id }: { id: string }) {
  const events = useWorkOrderEvents(id);
  return (
    <QueryView query={events} what="the events">
      {(data) => (
        <table className="table table--compact" data-testid="wo-events">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Details</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {data.map((event, index) => (
              // Events have no id of their own; their order is fixed.
              // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
              <tr key={index}>
                <td className="nowrap">{formatTimestamp(event.at)}</td>
                <td>
                  <code className="code">{event.type}</code>
                </td>
                <td className="small">{eventDetails(event)}</td>
                <td>{event.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryView>
  );
}

import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useCustomers } from '../../api/plant';
import {
  type Allocation,
  type Order,
  type PickingList,
  useAllocateOrder,
  useDeallocateOrder,
  useOrder,
  usePickingList,
} from '../../api/shipping';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { lotPath } from '../lots/labels';
import {
  containerKindLabel,
  containerName,
  formatDay,
  locationPath,
  storagePath,
} from '../storage/labels';
import { CancelOrderDialog } from './CancelOrderDialog';
import { DispatchDialog } from './DispatchDialog';
import { ordersPath, pickingListPath, shipmentPath } from './labels';
import { OrderStateBadge } from './OrderStateBadge';
import { PickPanel } from './PickPanel';

/** /storage/orders/:number — one customer order, from allocation through picking to the signed dispatch. */
export function OrderPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const order = useOrder(number);
  return (
    <div className="page" data-testid="order-page">
      <nav className="breadcrumbs" aria-label={t('shipping:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('shipping:storage')}</Link>
          </li>
          <li>
            <Link to={ordersPath}>{t('shipping:orders.crumb')}</Link>
          </li>
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={order} what={t('shipping:loading.order')}>
        {(data) => <OrderDetail key={data.id} order={data} />}
      </QueryView>
    </div>
  );
}

/** A command of the page: a name tests and the keyboard reach it by, and what it does. */
interface OrderCommand {
  name: string;
  label: string;
  perform: () => void;
  tone?: 'primary' | 'danger';
  disabled?: boolean;
}

const isLive = (order: Order) => order.state !== 'dispatched' && order.state !== 'cancelled';

function OrderDetail({ order }: { order: Order }) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const navigate = useNavigate();
  const customers = useCustomers();
  const customer = customers.data?.find((c) => c.code === order.customer);
  const allocate = useAllocateOrder(order.number);
  const deallocate = useDeallocateOrder(order.number);
  const list = usePickingList(order.number, { enabled: order.containers > 0 });
  const [allocation, setAllocation] = useState<Allocation>();
  const [picking, setPicking] = useState(false);
  const [dispatching, setDispatching] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const busy = allocate.isPending || deallocate.isPending;

  const commands: OrderCommand[] = [];
  // An allocated order is allocated again only to top up a line still short.
  const short = order.lines.some((l) => l.allocated < l.quantity);
  if (can('orders.manage') && (order.state === 'open' || (order.state === 'allocated' && short))) {
    commands.push({
      name: 'allocate',
      label:
        order.state === 'open'
          ? t('shipping:order.commands.allocate')
          : t('shipping:order.commands.topUp'),
      tone: order.state === 'open' ? 'primary' : undefined,
      disabled: busy,
      perform: () => {
        deallocate.reset();
        allocate.mutate(undefined, { onSuccess: setAllocation });
      },
    });
  }
  if (can('storage.move') && order.state === 'allocated') {
    commands.push({
      name: 'pick',
      label: t('shipping:order.commands.pick'),
      tone: 'primary',
      disabled: busy || !list.data,
      perform: () => setPicking(true),
    });
  }
  if (can('storage.move') && order.state === 'picked') {
    commands.push({
      name: 'dispatch',
      label: t('shipping:order.commands.dispatch'),
      tone: 'primary',
      perform: () => setDispatching(true),
    });
  }
  if (can('orders.manage') && (order.state === 'allocated' || order.state === 'picked')) {
    commands.push({
      name: 'deallocate',
      label: t('shipping:order.commands.deallocate'),
      disabled: busy,
      perform: () => {
        allocate.reset();
        setAllocation(undefined);
        setPicking(false);
        deallocate.mutate();
      },
    });
  }
  if (can('orders.manage') && isLive(order)) {
    commands.push({
      name: 'cancel',
      label: t('shipping:order.commands.cancel'),
      tone: 'danger',
      perform: () => setCancelling(true),
    });
  }

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('shipping:order.eyebrow')}</p>
          <h1 data-testid="order-number">
            {order.number} <OrderStateBadge state={order.state} />
          </h1>
          <p className="st-subtitle">
            {order.customer}
            {customer ? ` — ${customer.name}` : ''}
          </p>
        </div>
        <div className="form__actions" data-testid="order-commands">
          {commands.map((command) => (
            <button
              key={command.name}
              type="button"
              className={`button st-touch${command.tone ? ` button--${command.tone}` : ''}`}
              data-command={command.name}
              disabled={command.disabled}
              onClick={command.perform}
            >
              {command.label}
            </button>
          ))}
          {order.containers > 0 && (
            <Link
              className="button st-touch"
              to={pickingListPath(order.number)}
              data-testid="picking-list-link"
            >
              {t('shipping:pickingList.title')}
            </Link>
          )}
          {order.shipment && (
            <Link
              className="button button--primary st-touch"
              to={shipmentPath(order.shipment)}
              data-testid="shipment-link"
            >
              {t('shipping:order.shipment', { shipment: order.shipment })}
            </Link>
          )}
        </div>
      </header>
      <FormError error={allocate.error ?? deallocate.error} testId="order-error" />

      {picking && list.data && (
        <PickPanel
          order={order.number}
          list={list.data}
          onCancel={() => setPicking(false)}
          onPicked={() => setPicking(false)}
        />
      )}

      <div className="panel">
        <dl className="facts" data-testid="order-facts">
          <div className="facts__item">
            <dt>{t('shipping:order.facts.entered')}</dt>
            <dd>
              {formatDateTime(order.createdAt)}{' '}
              <span className="muted">{t('shipping:order.by', { user: order.createdBy })}</span>
            </dd>
          </div>
          {order.allocatedAt && (
            <div className="facts__item">
              <dt>{t('shipping:order.facts.allocated')}</dt>
              <dd>{formatDateTime(order.allocatedAt)}</dd>
            </div>
          )}
          {order.pickedAt && (
            <div className="facts__item">
              <dt>{t('shipping:order.facts.picked')}</dt>
              <dd>
                {formatDateTime(order.pickedAt)}{' '}
                <span className="muted">{t('shipping:order.by', { user: order.pickedBy })}</span>
              </dd>
            </div>
          )}
          {order.dispatchedAt && (
            <div className="facts__item">
              <dt>{t('shipping:order.facts.dispatched')}</dt>
              <dd>{formatDateTime(order.dispatchedAt)}</dd>
            </div>
          )}
          {order.cancelledAt && (
            <div className="facts__item">
              <dt>{t('shipping:order.facts.cancelled')}</dt>
              <dd>
                {formatDateTime(order.cancelledAt)}{' '}
                <span className="muted">
                  {t('shipping:order.cancelledBy', {
                    user: order.cancelledBy,
                    reason: order.cancelReason,
                  })}
                </span>
              </dd>
            </div>
          )}
          <div className="facts__item">
            <dt>{t('shipping:order.facts.reserved')}</dt>
            <dd data-testid="order-containers">{formatInteger(order.containers)}</dd>
          </div>
        </dl>
      </div>

      <section className="section" aria-labelledby={`${id}-lines`}>
        <h2 id={`${id}-lines`}>{t('shipping:columns.lines')}</h2>
        <LinesTable order={order} />
      </section>

      {allocation && <AllocationReport allocation={allocation} />}

      {order.containers > 0 && (
        <section className="section" aria-labelledby={`${id}-containers`}>
          <h2 id={`${id}-containers`}>{t('shipping:order.containers')}</h2>
          <QueryView query={list} what={t('shipping:loading.pickingList')}>
            {(data) => <PickRows list={data} />}
          </QueryView>
        </section>
      )}

      {dispatching && (
        <DispatchDialog
          order={order}
          list={list.data}
          onClose={() => setDispatching(false)}
          onDispatched={(shipment) => navigate(shipmentPath(shipment.shipment))}
        />
      )}
      {cancelling && <CancelOrderDialog order={order} onClose={() => setCancelling(false)} />}
    </>
  );
}

function LinesTable({ order }: { order: Order }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="order-lines">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('shipping:columns.line')}
            </th>
            <th scope="col">{t('shipping:columns.product')}</th>
            <th scope="col">{t('shipping:columns.due')}</th>
            <th scope="col" className="num">
              {t('shipping:columns.ordered')}
            </th>
            <th scope="col" className="num">
              {t('shipping:columns.allocated')}
            </th>
            <th scope="col" className="num">
              {t('shipping:columns.short')}
            </th>
            <th scope="col" className="num">
              {t('shipping:columns.shipped')}
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => {
            const short = isLive(order) ? Math.max(0, line.quantity - line.allocated) : 0;
            return (
              <tr key={line.line} data-testid={`line-${line.line}`}>
                <td className="num">{line.line}</td>
                <th scope="row">
                  <code className="code">{line.product}</code>
                </th>
                <td className="nowrap">{formatDay(line.due)}</td>
                <td className="num">{formatExact(line.quantity)}</td>
                <td className="num">{formatExact(line.allocated)}</td>
                <td className="num">
                  {short > 0 ? (
                    <span className="badge badge--warn">{formatExact(short)}</span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">{formatExact(line.shipped)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AllocationReport({ allocation }: { allocation: Allocation }) {
  const { t } = useTranslation();
  const short = allocation.lines.some((l) => l.shortfall > 0);
  return (
    <section
      className={`form-notice ${short ? 'form-notice--warn' : 'form-notice--ok'} st-allocation`}
      role="status"
      data-testid="allocation-report"
    >
      {allocation.lines.map((line) => (
        <div key={line.line} data-testid={`allocation-line-${line.line}`}>
          <p className="st-notice-line">
            {t('shipping:allocation.line', {
              line: line.line,
              product: line.product,
              allocated: formatExact(line.allocated),
              quantity: formatExact(line.quantity),
            })}
            {', '}
            {line.shortfall > 0 ? (
              <strong data-testid="shortfall">
                {t('shipping:allocation.short', { short: formatExact(line.shortfall) })}
              </strong>
            ) : (
              t('shipping:allocation.nothingShort')
            )}
            {line.containers.length > 0 && ` · ${line.containers.map(containerName).join(', ')}`}
          </p>
          {line.notes.length > 0 && (
            <ul className="st-notes" data-testid="allocation-notes">
              {line.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

/** The containers to pick, in the order to walk to them. */
export function PickRows({ list }: { list: PickingList }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="picking-list">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">{t('shipping:columns.where')}</th>
            <th scope="col">{t('shipping:columns.container')}</th>
            <th scope="col">{t('shipping:columns.lots')}</th>
            <th scope="col" className="num">
              {t('shipping:columns.quantity')}
            </th>
            <th scope="col" className="num">
              {t('shipping:columns.line')}
            </th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((row) => (
            <tr key={row.serial} data-testid={`pick-row-${row.serial}`}>
              <td className="num">{row.seq}</td>
              <td>
                {row.location ? (
                  <Link to={locationPath(row.location)}>{row.location}</Link>
                ) : (
                  <span className="muted">{t('shipping:pick.gone')}</span>
                )}
              </td>
              <th scope="row">
                <code>{row.serial}</code>
                <span className="st-name small">
                  {containerKindLabel(row.kind)}
                  {row.packaging ? ` · ${row.packaging}` : ''}
                  {row.sscc ? ` · ${t('storage:containers.sscc', { sscc: row.sscc })}` : ''}
                </span>
                {row.problem && (
                  <span className="st-name small st-problem" data-testid="pick-problem">
                    {row.problem}
                  </span>
                )}
              </th>
              <td className="small">
                {row.lots.map((l) => (
                  <span key={l.lot} className="st-holds">
                    <Link to={lotPath(l.lot)}>{l.lot}</Link> {formatExact(l.quantity)}
                    {l.expiresOn ? (
                      <span className="muted">
                        {' · '}
                        {t('shipping:pick.expires', { date: formatDay(l.expiresOn) })}
                      </span>
                    ) : (
                      ''
                    )}
                  </span>
                ))}
              </td>
              <td className="num">{formatExact(row.quantity)}</td>
              <td className="num">
                {row.line} <code className="code">{row.product}</code>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="st-total">
            <th scope="row" colSpan={4}>
              {t('shipping:containers', {
                count: list.totals.containers,
                n: formatInteger(list.totals.containers),
              })}
            </th>
            <td className="num">{formatExact(list.totals.quantity)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isOrderState, ORDER_STATES, type Order, useOrders } from '../../api/shipping';
import { useCan } from '../../auth/session';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { formatDay, storagePath } from '../storage/labels';
import { orderPath, orderStateLabel, shipmentPath, shipmentsPath } from './labels';
import { NewOrderForm } from './NewOrderForm';
import { OrderStateBadge } from './OrderStateBadge';

/** /storage/orders — customers' call-off orders, newest first; a new one entered here. */
export function OrdersPage() {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state');
  const state = isOrderState(stateParam) ? stateParam : undefined;
  const orders = useOrders(state ? { state } : {});
  const [entering, setEntering] = useState(false);

  return (
    <div className="page" data-testid="orders-page">
      <nav className="breadcrumbs" aria-label={t('shipping:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('shipping:storage')}</Link>
          </li>
          <li aria-current="page">{t('shipping:orders.crumb')}</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('shipping:eyebrow')}</p>
          <h1>{t('shipping:orders.title')}</h1>
        </div>
        <div className="form__actions" data-testid="orders-commands">
          {can('orders.manage') && (
            <button
              type="button"
              className="button button--primary st-touch"
              data-command="new-order"
              aria-expanded={entering}
              onClick={() => setEntering(!entering)}
            >
              {t('shipping:orders.new')}
            </button>
          )}
          <Link className="button st-touch" to={shipmentsPath}>
            {t('shipping:shipments.crumb')}
          </Link>
        </div>
      </header>

      {entering && (
        <NewOrderForm
          onCancel={() => setEntering(false)}
          onCreated={(order) => navigate(orderPath(order.number))}
        />
      )}

      <div className="filters">
        <div className="form-field">
          <label htmlFor={`${id}-state`}>{t('shipping:columns.state')}</label>
          <select
            id={`${id}-state`}
            value={state ?? ''}
            onChange={(e) =>
              setParams(e.target.value ? { state: e.target.value } : {}, { replace: true })
            }
          >
            <option value="">{t('shipping:orders.anyState')}</option>
            {ORDER_STATES.map((s) => (
              <option key={s} value={s}>
                {orderStateLabel(s)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <QueryView query={orders} what={t('shipping:loading.orders')}>
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-orders">
              {state ? t(`shipping:orders.noneInState.${state}`) : t('shipping:orders.none')}
            </p>
          ) : (
            <OrdersTable orders={data} />
          )
        }
      </QueryView>
    </div>
  );
}

function OrdersTable({ orders }: { orders: Order[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="orders-table">
        <thead>
          <tr>
            <th scope="col">{t('shipping:columns.order')}</th>
            <th scope="col">{t('shipping:columns.customer')}</th>
            <th scope="col">{t('shipping:columns.state')}</th>
            <th scope="col">{t('shipping:columns.lines')}</th>
            <th scope="col">{t('shipping:columns.due')}</th>
            <th scope="col" className="num">
              {t('shipping:columns.allocated')}
            </th>
            <th scope="col">{t('shipping:columns.shipment')}</th>
            <th scope="col">{t('shipping:columns.entered')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => {
            const ordered = order.lines.reduce((s, l) => s + l.quantity, 0);
            const allocated = order.lines.reduce((s, l) => s + l.allocated, 0);
            const due = order.lines.map((l) => l.due).sort()[0];
            return (
              <tr key={order.id} data-testid={`order-${order.number}`}>
                <th scope="row">
                  <Link to={orderPath(order.number)}>{order.number}</Link>
                </th>
                <td>{order.customer}</td>
                <td>
                  <OrderStateBadge state={order.state} />
                </td>
                <td className="small">
                  {order.lines.map((l) => (
                    <span key={l.line} className="st-holds">
                      {formatExact(l.quantity)} <code className="code">{l.product}</code>
                    </span>
                  ))}
                </td>
                <td className="nowrap">{due ? formatDay(due) : '—'}</td>
                <td className="num">
                  {order.state === 'dispatched'
                    ? t('shipping:orders.shipped')
                    : t('shipping:orders.allocatedOf', {
                        allocated: formatExact(allocated),
                        ordered: formatExact(ordered),
                      })}
                  {order.containers > 0 && (
                    <span className="st-name small">
                      {t('shipping:containers', {
                        count: order.containers,
                        n: formatInteger(order.containers),
                      })}
                    </span>
                  )}
                </td>
                <td>
                  {order.shipment ? (
                    <Link to={shipmentPath(order.shipment)}>{order.shipment}</Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="muted nowrap">{formatDateTime(order.createdAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import { useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isOrderState, ORDER_STATES, type Order, useOrders } from '../../api/shipping';
import { useCan } from '../../auth/session';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { storagePath } from '../storage/labels';
import { ORDER_STATE_LABEL, orderPath, shipmentPath, shipmentsPath } from './labels';
import { NewOrderForm } from './NewOrderForm';
import { OrderStateBadge } from './OrderStateBadge';

/** /storage/orders — customers' call-off orders, newest first; a new one entered here. */
export function OrdersPage() {
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
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={storagePath}>Storage</Link>
          </li>
          <li aria-current="page">Orders</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Shipping</p>
          <h1>Customer orders</h1>
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
              New order…
            </button>
          )}
          <Link className="button st-touch" to={shipmentsPath}>
            Shipments
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
          <label htmlFor={`${id}-state`}>State</label>
          <select
            id={`${id}-state`}
            value={state ?? ''}
            onChange={(e) =>
              setParams(e.target.value ? { state: e.target.value } : {}, { replace: true })
            }
          >
            <option value="">Any state</option>
            {ORDER_STATES.map((s) => (
              <option key={s} value={s}>
                {ORDER_STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <QueryView query={orders} what="the orders">
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-orders">
              {state ? `No order is ${ORDER_STATE_LABEL[state].toLowerCase()}.` : 'No orders yet.'}
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
  return (
    <div className="table-scroll">
      <table className="table" data-testid="orders-table">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Customer</th>
            <th scope="col">State</th>
            <th scope="col">Lines</th>
            <th scope="col">Due</th>
            <th scope="col" className="num">
              Allocated
            </th>
            <th scope="col">Shipment</th>
            <th scope="col">Entered</th>
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
                <td className="nowrap">{due}</td>
                <td className="num">
                  {order.state === 'dispatched'
                    ? 'shipped'
                    : `${formatExact(allocated)} of ${formatExact(ordered)}`}
                  {order.containers > 0 && (
                    <span className="st-name small">
                      {formatInteger(order.containers)}{' '}
                      {order.containers === 1 ? 'container' : 'containers'}
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

import { Link, useParams } from 'react-router';
import { useCustomers } from '../../api/plant';
import { usePickingList } from '../../api/shipping';
import { QueryView } from '../../components/QueryView';
import { formatDateTime } from '../../format';
import { storagePath } from '../storage/labels';
import { ORDER_STATE_LABEL, orderPath, ordersPath } from './labels';
import { PickRows } from './OrderPage';

/** /storage/orders/:number/picking-list — the containers to fetch, as the picker takes them on paper. */
export function PickingListPage() {
  const { number = '' } = useParams();
  const list = usePickingList(number);
  const customers = useCustomers();
  return (
    <div className="page st-print" data-testid="picking-list-page">
      <nav className="breadcrumbs st-no-print" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={storagePath}>Storage</Link>
          </li>
          <li>
            <Link to={ordersPath}>Orders</Link>
          </li>
          <li>
            <Link to={orderPath(number)}>{number}</Link>
          </li>
          <li aria-current="page">Picking list</li>
        </ol>
      </nav>
      <QueryView query={list} what="the picking list">
        {(data) => {
          const customer = customers.data?.find((c) => c.code === data.customer);
          return (
            <>
              <header className="page-header page-header--split">
                <div>
                  <p className="page-header__eyebrow">Picking list</p>
                  <h1>Order {data.order}</h1>
                  <p className="st-subtitle">
                    {data.customer}
                    {customer ? ` — ${customer.name}` : ''} · {ORDER_STATE_LABEL[data.state]} ·
                    printed {formatDateTime(new Date().toISOString())}
                  </p>
                </div>
                <div className="form__actions st-no-print">
                  <button
                    type="button"
                    className="button button--primary st-touch"
                    data-command="print"
                    onClick={() => window.print()}
                  >
                    Print
                  </button>
                  <Link className="button st-touch" to={orderPath(data.order)}>
                    Back to the order
                  </Link>
                </div>
              </header>
              {data.rows.length === 0 ? (
                <p className="muted">Nothing is allocated to the order.</p>
              ) : (
                <PickRows list={data} />
              )}
              <p className="st-sign-lines">
                <span>Picked by ____________________</span>
                <span>Date and time ____________________</span>
              </p>
            </>
          );
        }}
      </QueryView>
    </div>
  );
}

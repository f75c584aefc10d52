import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { WorkOrder } from '../../api/production';
import { formatDateTime, formatInteger } from '../../format';
import { StateBadge } from './StateBadge';

export function WorkOrderTable({ orders }: { orders: WorkOrder[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="work-orders-table">
        <thead>
          <tr>
            <th scope="col">{t('production:table.number')}</th>
            <th scope="col">{t('common:words.line')}</th>
            <th scope="col">{t('common:words.product')}</th>
            <th scope="col" className="num">
              {t('common:words.quantity')}
            </th>
            <th scope="col">{t('production:table.state')}</th>
            <th scope="col" className="num">
              {t('production:table.scrapRecorded')}
            </th>
            <th scope="col">{t('production:table.lastChange')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => {
            const last = order.history.at(-1);
            return (
              <tr key={order.id} data-testid={`work-order-${order.number}`}>
                <th scope="row">
                  <Link to={`/production/work-orders/${order.id}`}>{order.number}</Link>
                </th>
                <td>
                  <code className="code">{order.line}</code>
                </td>
                <td>
                  <code className="code">{order.product}</code>
                </td>
                <td className="num">{formatInteger(order.quantity)}</td>
                <td>
                  <StateBadge state={order.state} />
                </td>
                <td className="num">{formatInteger(order.recordedScrap)}</td>
                <td className="muted nowrap">{last ? formatDateTime(last.at) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWorkOrderMachineCounts } from '../../api/machine';
import { useWorkOrders, type WorkOrder } from '../../api/production';
import type { LiveLine } from '../../api/telemetry';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatInteger, formatPercent } from '../../format';
import { StateBadge } from '../production/StateBadge';

/** The order that holds the line: the running one, else a paused one. */
function holdingOrder(orders: readonly WorkOrder[]): WorkOrder | undefined {
  return orders.find((o) => o.state === 'running') ?? orders.find((o) => o.state === 'paused');
}

/**
 * The work order on the line and how far it is, by what the machines counted
 * while it held the line (not by what was keyed in).
 */
export function RunningOrder({ line, live }: { line: string; live: LiveLine | undefined }) {
  const { t } = useTranslation();
  const orders = useWorkOrders({ line, limit: 50 }, { refetchMs: 10_000 });
  const order = holdingOrder(orders.data ?? []);
  const counts = useWorkOrderMachineCounts(order?.id);
  if (orders.isPending) return <Loading what={t('floor:order.loading')} />;
  if (orders.isError)
    return <ErrorPanel error={orders.error} context={t('floor:order.loadingFailed')} />;
  const reported =
    live?.workOrder && live.workOrder !== order?.number ? (
      <p className="muted small" data-testid="reported-order">
        {t('floor:order.reported')} <strong>{live.workOrder}</strong>
        {live.product ? ` (${live.product})` : ''}.
      </p>
    ) : null;
  if (!order) {
    return (
      <div data-testid="running-order-none">
        <p>{t('floor:order.none')}</p>
        {reported}
      </div>
    );
  }
  const good = counts.data?.good;
  const share = good !== undefined && order.quantity > 0 ? good / order.quantity : undefined;
  return (
    <div className="running-order" data-testid="running-order">
      <p className="running-order__title">
        <Link to={`/production/work-orders/${order.id}`} data-testid="running-order-number">
          {order.number}
        </Link>{' '}
        <StateBadge state={order.state} /> <span className="muted">{order.product}</span>
      </p>
      {counts.isError ? (
        <ErrorPanel error={counts.error} context={t('floor:order.loadingCountsFailed')} />
      ) : good === undefined ? (
        <Loading what={t('floor:order.loadingCounts')} />
      ) : (
        <>
          <label className="running-order__progress">
            <span>
              <strong data-testid="running-order-good">{formatInteger(good)}</strong>{' '}
              {t('floor:order.ofGood', { quantity: formatInteger(order.quantity) })}
              {share !== undefined && <> ({formatPercent(Math.min(share, 9.99))})</>}
              {counts.data && counts.data.reject > 0 && (
                <span className="muted">
                  {' '}
                  · {t('floor:order.rejected', { n: formatInteger(counts.data.reject) })}
                </span>
              )}
            </span>
            <progress max={order.quantity} value={Math.min(good, order.quantity)} />
          </label>
          <p className="muted small">{t('floor:order.countedBy')}</p>
        </>
      )}
      {reported}
    </div>
  );
}

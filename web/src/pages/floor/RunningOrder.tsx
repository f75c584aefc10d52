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
  const orders = useWorkOrders({ line, limit: 50 }, { refetchMs: 10_000 });
  const order = holdingOrder(orders.data ?? []);
  const counts = useWorkOrderMachineCounts(order?.id);
  if (orders.isPending) return <Loading what="the work orders" />;
  if (orders.isError) return <ErrorPanel error={orders.error} context="Loading the work orders" />;
  const reported =
    live?.workOrder && live.workOrder !== order?.number ? (
      <p className="muted small" data-testid="reported-order">
        The machines report work order <strong>{live.workOrder}</strong>
        {live.product ? ` (${live.product})` : ''}.
      </p>
    ) : null;
  if (!order) {
    return (
      <div data-testid="running-order-none">
        <p>No work order is running or paused on this line.</p>
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
        <ErrorPanel error={counts.error} context="Loading the machine counts of the order" />
      ) : good === undefined ? (
        <Loading what="the machine counts" />
      ) : (
        <>
          <label className="running-order__progress">
            <span>
              <strong data-testid="running-order-good">{formatInteger(good)}</strong> of{' '}
              {formatInteger(order.quantity)} good
              {share !== undefined && <> ({formatPercent(Math.min(share, 9.99))})</>}
              {counts.data && counts.data.reject > 0 && (
                <span className="muted"> · {formatInteger(counts.data.reject)} rejected</span>
              )}
            </span>
            <progress max={order.quantity} value={Math.min(good, order.quantity)} />
          </label>
          <p className="muted small">Counted by the line's machines while the order held it.</p>
        </>
      )}
      {reported}
    </div>
  );
}

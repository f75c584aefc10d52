// What the Gantt chart shows, in words and tables: the validator's findings,
// what could not be planned, the legend, the late orders and every order by
// line (the accessible twin of the canvas).
import type { Plan, PlannedOrder } from '../../api/planning';
import { formatDateTime, formatInteger } from '../../format';
import { lateOrders, ordersByLine, productColours } from './gantt';
import { FROZEN_LABEL, formatMinutes, PRIORITY_LABEL } from './labels';

export function PlanNotices({ plan }: { plan: Plan }) {
  return (
    <>
      {plan.problems.length > 0 && (
        <div className="form-notice form-notice--warn" role="alert" data-testid="plan-problems">
          <p>
            <strong>The plan’s check found {formatInteger(plan.problems.length)} problems.</strong>{' '}
            Re-plan, and tell the planning team if they stay:
          </p>
          <ul>
            {plan.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {plan.unplanned.length > 0 && (
        <div className="form-notice form-notice--warn" data-testid="plan-unplanned">
          <p>
            <strong>Not planned ({formatInteger(plan.unplanned.length)}):</strong>
          </p>
          <ul>
            {plan.unplanned.map((u) => (
              <li key={u.id}>
                <code>{u.id}</code> — {u.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.beyondHorizon.length > 0 && (
        <p className="form-notice" data-testid="plan-beyond-horizon">
          {formatInteger(plan.beyondHorizon.length)}{' '}
          {plan.beyondHorizon.length === 1 ? 'order ends' : 'orders end'} beyond the planning
          horizon: {plan.beyondHorizon.join(', ')}.
        </p>
      )}
    </>
  );
}

export function GanttLegend({ plan }: { plan: Plan }) {
  const products = [...new Set(plan.orders.map((o) => o.product))].sort();
  const colours = productColours(products);
  return (
    <ul className="planning-legend" aria-label="Legend" data-testid="gantt-legend">
      {products.map((p) => (
        <li key={p}>
          <span
            className="planning-legend__swatch"
            style={{ background: colours.get(p) }}
            aria-hidden="true"
          />
          {p}
        </li>
      ))}
      <li>
        <span
          className="planning-legend__swatch planning-legend__swatch--late"
          aria-hidden="true"
        />
        late (red outline)
      </li>
      <li>
        <span
          className="planning-legend__swatch planning-legend__swatch--changeover"
          aria-hidden="true"
        />
        changeover
      </li>
      <li>
        <span
          className="planning-legend__swatch planning-legend__swatch--down"
          aria-hidden="true"
        />
        maintenance or line down
      </li>
      <li>
        <span
          className="planning-legend__swatch planning-legend__swatch--start"
          aria-hidden="true"
        />
        the plan’s start (dashed)
      </li>
    </ul>
  );
}

const lateBy = (o: PlannedOrder) =>
  o.tardinessMinutes > 0 ? formatMinutes(o.tardinessMinutes) : '—';

export function LateOrdersTable({ plan }: { plan: Plan }) {
  const late = lateOrders(plan);
  if (late.length === 0) {
    return (
      <p className="muted" data-testid="no-late-orders">
        Every order with a due date ends in time.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table" data-testid="late-orders">
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Product</th>
            <th scope="col">Line</th>
            <th scope="col">Priority</th>
            <th scope="col">Due</th>
            <th scope="col">Ends</th>
            <th scope="col" className="num">
              Late by
            </th>
          </tr>
        </thead>
        <tbody>
          {late.map((o) => (
            <tr key={o.id} data-testid="late-order" data-reference={o.reference}>
              <th scope="row">{o.reference}</th>
              <td>{o.product}</td>
              <td>{o.line}</td>
              <td>{PRIORITY_LABEL[o.priority]}</td>
              <td>{o.due ? formatDateTime(o.due) : '—'}</td>
              <td>{formatDateTime(o.end)}</td>
              <td className="num planning-late">{lateBy(o)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every order of the plan by line, in the order it runs: what the chart draws, readable. */
export function OrdersByLine({ plan }: { plan: Plan }) {
  const byLine = ordersByLine(plan);
  return (
    <details className="planning-orders" data-testid="orders-by-line">
      <summary>Orders by line ({formatInteger(plan.orders.length)})</summary>
      <div className="table-scroll">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Order</th>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col">Changeover</th>
              <th scope="col">Start</th>
              <th scope="col">End</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">
                Late by
              </th>
              <th scope="col">Frozen</th>
            </tr>
          </thead>
          {byLine.map(({ line, orders }) => (
            <tbody key={line} data-line={line} data-testid={`line-orders-${line}`}>
              {orders.length === 0 ? (
                <tr>
                  <th scope="row">{line}</th>
                  <td colSpan={9} className="muted">
                    nothing planned
                  </td>
                </tr>
              ) : (
                orders.map((o) => (
                  <tr
                    key={o.id}
                    data-testid="planned-order"
                    data-line={o.line}
                    data-reference={o.reference}
                    data-product={o.product}
                    data-kind={o.kind}
                    data-start={o.start}
                    data-end={o.end}
                    data-late={o.tardinessMinutes > 0 ? 'true' : 'false'}
                  >
                    <th scope="row">{o.line}</th>
                    <td>
                      {o.reference}
                      {o.kind === 'proposal' && <span className="badge badge--info">proposal</span>}
                    </td>
                    <td>{o.product}</td>
                    <td className="num">{formatInteger(o.quantity)}</td>
                    <td>{o.changeover ? formatMinutes(o.changeover.minutes) : '—'}</td>
                    <td>{formatDateTime(o.start)}</td>
                    <td>{formatDateTime(o.end)}</td>
                    <td>{o.due ? formatDateTime(o.due) : '—'}</td>
                    <td className={`num${o.tardinessMinutes > 0 ? ' planning-late' : ''}`}>
                      {lateBy(o)}
                    </td>
                    <td>{o.frozen ? FROZEN_LABEL[o.frozen] : '—'}</td>
                  </tr>
                ))
              )}
            </tbody>
          ))}
        </table>
      </div>
    </details>
  );
}

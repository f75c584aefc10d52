// What the Gantt chart shows, in words and tables: the validator's findings,
// what could not be planned, the legend, the late orders and every order by
// line (the accessible twin of the canvas).
import { useTranslation } from 'react-i18next';
import type { Plan, PlannedOrder } from '../../api/planning';
import { formatDateTime, formatInteger } from '../../format';
import { findingText, referencesOf } from './findings';
import { lateOrders, ordersByLine, productColours } from './gantt';
import { counted, formatMinutes } from './labels';

// The validator's findings and the reasons an order is not planned come coded
// from the server (src/modules/planning/plan-findings.ts), worded here in the
// reader's language; those of a plan stored before they had codes are the
// server's English sentences, shown as it wrote them.
export function PlanNotices({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const referenceOf = referencesOf(plan);
  return (
    <>
      {plan.problems.length > 0 && (
        <div className="form-notice form-notice--warn" role="alert" data-testid="plan-problems">
          <p>
            <strong>{t('planning:notices.problems', counted(plan.problems.length))}</strong>{' '}
            {t('planning:notices.problemsAdvice')}
          </p>
          <ul>
            {plan.problems.map((problem) => (
              <li key={problem.text} data-code={problem.code ?? undefined}>
                {findingText(problem, referenceOf)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.unplanned.length > 0 && (
        <div className="form-notice form-notice--warn" data-testid="plan-unplanned">
          <p>
            <strong>
              {t('planning:notices.unplanned', { n: formatInteger(plan.unplanned.length) })}
            </strong>
          </p>
          <ul>
            {plan.unplanned.map((u) => (
              <li key={u.id} data-testid="unplanned-order" data-code={u.code ?? undefined}>
                {u.code === null ? (
                  // An older plan's reason does not name the order: its id does.
                  <>
                    <code>{u.id}</code> — {u.text}
                  </>
                ) : (
                  findingText(u, referenceOf)
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.beyondHorizon.length > 0 && (
        <p className="form-notice" data-testid="plan-beyond-horizon">
          {t('planning:notices.beyondHorizon', {
            ...counted(plan.beyondHorizon.length),
            orders: plan.beyondHorizon.join(', '),
          })}
        </p>
      )}
    </>
  );
}

export function GanttLegend({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const products = [...new Set(plan.orders.map((o) => o.product))].sort();
  const colours = productColours(products);
  return (
    <ul
      className="planning-legend"
      aria-label={t('planning:legend.label')}
      data-testid="gantt-legend"
    >
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
        {t('planning:legend.late')}
      </li>
      <li>
        <span
          className="planning-legend__swatch planning-legend__swatch--changeover"
          aria-hidden="true"
        />
        {t('planning:legend.changeover')}
      </li>
      <li>
        <span
          className="planning-legend__swatch planning-legend__swatch--down"
          aria-hidden="true"
        />
        {t('planning:legend.down')}
      </li>
      <li>
        <span
          className="planning-legend__swatch planning-legend__swatch--start"
          aria-hidden="true"
        />
        {t('planning:legend.start')}
      </li>
    </ul>
  );
}

const lateBy = (o: PlannedOrder) =>
  o.tardinessMinutes > 0 ? formatMinutes(o.tardinessMinutes) : '—';

export function LateOrdersTable({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const late = lateOrders(plan);
  if (late.length === 0) {
    return (
      <p className="muted" data-testid="no-late-orders">
        {t('planning:late.none')}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table" data-testid="late-orders">
        <thead>
          <tr>
            <th scope="col">{t('planning:columns.order')}</th>
            <th scope="col">{t('common:words.product')}</th>
            <th scope="col">{t('common:words.line')}</th>
            <th scope="col">{t('planning:columns.priority')}</th>
            <th scope="col">{t('planning:columns.due')}</th>
            <th scope="col">{t('planning:columns.ends')}</th>
            <th scope="col" className="num">
              {t('planning:columns.lateBy')}
            </th>
          </tr>
        </thead>
        <tbody>
          {late.map((o) => (
            <tr key={o.id} data-testid="late-order" data-reference={o.reference}>
              <th scope="row">{o.reference}</th>
              <td>{o.product}</td>
              <td>{o.line}</td>
              <td>{t(`planning:priority.${o.priority}`)}</td>
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
  const { t } = useTranslation();
  const byLine = ordersByLine(plan);
  return (
    <details className="planning-orders" data-testid="orders-by-line">
      <summary>
        {t('planning:ordersByLine.title', { n: formatInteger(plan.orders.length) })}
      </summary>
      <div className="table-scroll">
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('common:words.line')}</th>
              <th scope="col">{t('planning:columns.order')}</th>
              <th scope="col">{t('common:words.product')}</th>
              <th scope="col" className="num">
                {t('common:words.quantity')}
              </th>
              <th scope="col">{t('planning:columns.changeover')}</th>
              <th scope="col">{t('planning:columns.start')}</th>
              <th scope="col">{t('planning:columns.end')}</th>
              <th scope="col">{t('planning:columns.due')}</th>
              <th scope="col" className="num">
                {t('planning:columns.lateBy')}
              </th>
              <th scope="col">{t('planning:columns.frozen')}</th>
            </tr>
          </thead>
          {byLine.map(({ line, orders }) => (
            <tbody key={line} data-line={line} data-testid={`line-orders-${line}`}>
              {orders.length === 0 ? (
                <tr>
                  <th scope="row">{line}</th>
                  <td colSpan={9} className="muted">
                    {t('planning:ordersByLine.nothingPlanned')}
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
                      {o.kind === 'proposal' && (
                        <span className="badge badge--info">{t('planning:proposal')}</span>
                      )}
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
                    <td>{o.frozen ? t(`planning:frozen.${o.frozen}`) : '—'}</td>
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

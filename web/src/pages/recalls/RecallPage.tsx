import { useId } from 'react';
import { Link, useParams } from 'react-router';
import { type RecallReport, recallReportPath, useRecall } from '../../api/genealogy';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { LotStatusBadge } from '../lots/LotStatusBadge';
import { formatQuantity, lotPath } from '../lots/labels';

/** /recalls/:number — the recall report: affected lots, on hand by location, shipped by customer. */
export function RecallPage() {
  const { number = '' } = useParams();
  const recall = useRecall(number);
  return (
    <div className="page" data-testid="recall-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/recalls">Recalls</Link>
          </li>
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={recall} what="the recall">
        {(data) => <RecallReportView report={data.report} signed={data.signatureId !== null} />}
      </QueryView>
    </div>
  );
}

function RecallReportView({ report: r, signed }: { report: RecallReport; signed: boolean }) {
  const id = useId();
  const unitOf = new Map(r.lots.map((l) => [l.lot, l.unit]));
  const q = (lot: string, n: number) => formatQuantity(n, unitOf.get(lot) ?? 'each');
  const onHand = [...r.onHand].sort(
    (a, b) => a.location.localeCompare(b.location) || a.lot.localeCompare(b.lot),
  );
  const customers = groupBy(
    [...r.shipped].sort(
      (a, b) =>
        a.customer.localeCompare(b.customer) ||
        a.shipment.localeCompare(b.shipment) ||
        a.lot.localeCompare(b.lot),
    ),
    (s) => s.customer,
  );

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Recall</p>
          <h1 data-testid="recall-number">{r.recall}</h1>
        </div>
        <div className="form__actions" data-testid="recall-downloads">
          <a className="button" href={recallReportPath(r.recall, 'csv')} download>
            Report as CSV
          </a>
          <a
            className="button"
            href={recallReportPath(r.recall, 'pdf')}
            target="_blank"
            rel="noopener"
          >
            Report as PDF
          </a>
        </div>
      </header>

      <div className="panel">
        <dl className="facts" data-testid="recall-facts">
          <div className="facts__item facts__item--lead">
            <dt>Suspect lot</dt>
            <dd>
              <Link to={lotPath(r.suspectLot, 'forward')} data-testid="recall-suspect">
                {r.suspectLot}
              </Link>
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Reason</dt>
            <dd data-testid="recall-reason">{r.reason}</dd>
          </div>
          <div className="facts__item">
            <dt>Started</dt>
            <dd>
              {formatDateTime(r.startedAt)} <span className="muted small">by {r.startedBy}</span>
            </dd>
          </div>
          <div className="facts__item">
            <dt>Signature</dt>
            <dd>
              {signed ? (
                <span className="badge badge--ok">Signed</span>
              ) : (
                <span className="badge badge--danger">Unsigned</span>
              )}
            </dd>
          </div>
        </dl>
        <ul className="counts recall-totals" data-testid="recall-totals">
          <Count value={formatInteger(r.totals.heldLots)} label="lots put on hold" />
          <Count value={formatInteger(r.lots.length)} label="lots affected" />
          <Count value={formatExact(r.totals.onHand)} label="still in the plant" />
          <Count value={formatExact(r.totals.shipped)} label="shipped" />
          <Count value={formatInteger(r.totals.customers)} label="customers" />
        </ul>
      </div>

      <section className="section" aria-labelledby={`${id}-lots`}>
        <h2 id={`${id}-lots`}>Affected lots</h2>
        <div className="table-scroll">
          <table className="table table--compact" data-testid="recall-lots">
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">Material</th>
                <th scope="col" className="num">
                  Hops from the suspect lot
                </th>
                <th scope="col">Before</th>
                <th scope="col">After the recall</th>
                <th scope="col">Held by this recall</th>
              </tr>
            </thead>
            <tbody>
              {r.lots.map((l) => (
                <tr key={l.lot} data-testid={`recall-lot-${l.lot}`}>
                  <th scope="row">
                    <Link to={lotPath(l.lot)}>{l.lot}</Link>
                  </th>
                  <td>
                    <code className="code">{l.material}</code>
                  </td>
                  <td className="num">{l.depth === 0 ? 'suspect' : formatInteger(l.depth)}</td>
                  <td>
                    <LotStatusBadge status={l.statusBefore} />
                  </td>
                  <td>
                    <LotStatusBadge status={l.status} />
                  </td>
                  <td>
                    {l.held ? (
                      <strong>Yes</strong>
                    ) : (
                      <span className="muted">
                        No —{' '}
                        {l.statusBefore === 'on_hold'
                          ? 'already on hold'
                          : `${l.statusBefore.replace('_', ' ')}`}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="section" aria-labelledby={`${id}-on-hand`}>
        <h2 id={`${id}-on-hand`}>On hand by location</h2>
        {onHand.length === 0 && r.inContainers.length === 0 ? (
          <p className="muted">Nothing of the affected lots is in stock.</p>
        ) : (
          <div className="recall-stock">
            <table className="table table--compact" data-testid="recall-on-hand">
              <caption>Stock</caption>
              <thead>
                <tr>
                  <th scope="col">Location</th>
                  <th scope="col">Lot</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                </tr>
              </thead>
              <tbody>
                {onHand.map((o) => (
                  <tr key={`${o.location}-${o.lot}`}>
                    <td>
                      <code className="code">{o.location}</code>
                    </td>
                    <td>{o.lot}</td>
                    <td className="num">{formatQuantity(o.quantity, o.unit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {r.inContainers.length > 0 && (
              <table className="table table--compact" data-testid="recall-containers">
                <caption>Of which in containers</caption>
                <thead>
                  <tr>
                    <th scope="col">Container</th>
                    <th scope="col">Location</th>
                    <th scope="col">Lot</th>
                    <th scope="col" className="num">
                      Quantity
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.inContainers.map((c) => (
                    <tr key={`${c.container}-${c.lot}`}>
                      <td>
                        <code className="code">{c.container}</code>
                        {c.top !== c.container && (
                          <span className="muted small">
                            {' '}
                            in <code className="code">{c.top}</code>
                          </span>
                        )}
                      </td>
                      <td>{c.location ? <code className="code">{c.location}</code> : '—'}</td>
                      <td>{c.lot}</td>
                      <td className="num">{q(c.lot, c.quantity)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-shipped`}>
        <h2 id={`${id}-shipped`}>Shipped by customer and shipment</h2>
        {customers.length === 0 ? (
          <p className="muted" data-testid="recall-nothing-shipped">
            Nothing of the affected lots has been shipped.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="recall-shipped">
              <thead>
                <tr>
                  <th scope="col">Shipment</th>
                  <th scope="col">Container</th>
                  <th scope="col">Lot</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col">Shipped</th>
                </tr>
              </thead>
              {customers.map(([customer, rows]) => (
                <tbody key={customer}>
                  <tr className="recall-customer">
                    <th scope="rowgroup" colSpan={5}>
                      {customer}
                    </th>
                  </tr>
                  {rows.map((s) => (
                    <tr key={`${s.shipment}-${s.container}-${s.lot}`}>
                      <td>{s.shipment}</td>
                      <td>
                        <code className="code">{s.container}</code>
                      </td>
                      <td>{s.lot}</td>
                      <td className="num">{q(s.lot, s.quantity)}</td>
                      <td className="nowrap muted">{formatDateTime(s.at)}</td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Count({ value, label }: { value: string; label: string }) {
  return (
    <li>
      <span className="counts__value">{value}</span> <span className="counts__label">{label}</span>
    </li>
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups];
}

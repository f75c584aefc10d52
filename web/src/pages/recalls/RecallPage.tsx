import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type RecallReport, recallReportPath, useRecall } from '../../api/genealogy';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { LotStatusBadge } from '../lots/LotStatusBadge';
import { formatQuantity, lotPath } from '../lots/labels';

/** /recalls/:number — the recall report: affected lots, on hand by location, shipped by customer. */
export function RecallPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const recall = useRecall(number);
  return (
    <div className="page" data-testid="recall-page">
      <nav className="breadcrumbs" aria-label={t('recalls:breadcrumb')}>
        <ol>
          <li>
            <Link to="/recalls">{t('recalls:list.title')}</Link>
          </li>
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={recall} what={t('recalls:loading.recall')}>
        {(data) => <RecallReportView report={data.report} signed={data.signatureId !== null} />}
      </QueryView>
    </div>
  );
}

function RecallReportView({ report: r, signed }: { report: RecallReport; signed: boolean }) {
  const { t } = useTranslation();
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
          <p className="page-header__eyebrow">{t('recalls:fields.recall')}</p>
          <h1 data-testid="recall-number">{r.recall}</h1>
        </div>
        <div className="form__actions" data-testid="recall-downloads">
          <a className="button" href={recallReportPath(r.recall, 'csv')} download>
            {t('recalls:report.csv')}
          </a>
          <a
            className="button"
            href={recallReportPath(r.recall, 'pdf')}
            target="_blank"
            rel="noopener"
          >
            {t('recalls:report.pdf')}
          </a>
        </div>
      </header>

      <div className="panel">
        <dl className="facts" data-testid="recall-facts">
          <div className="facts__item facts__item--lead">
            <dt>{t('recalls:fields.suspectLot')}</dt>
            <dd>
              <Link to={lotPath(r.suspectLot, 'forward')} data-testid="recall-suspect">
                {r.suspectLot}
              </Link>
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('common:words.reason')}</dt>
            <dd data-testid="recall-reason">{r.reason}</dd>
          </div>
          <div className="facts__item">
            <dt>{t('recalls:fields.started')}</dt>
            <dd>
              {formatDateTime(r.startedAt)}{' '}
              <span className="muted small">{t('recalls:report.by', { user: r.startedBy })}</span>
            </dd>
          </div>
          <div className="facts__item">
            <dt>{t('recalls:report.signature')}</dt>
            <dd>
              {signed ? (
                <span className="badge badge--ok">{t('recalls:report.signed')}</span>
              ) : (
                <span className="badge badge--danger">{t('recalls:report.unsigned')}</span>
              )}
            </dd>
          </div>
        </dl>
        <ul className="counts recall-totals" data-testid="recall-totals">
          <Count
            value={formatInteger(r.totals.heldLots)}
            label={t('recalls:totals.held', { count: r.totals.heldLots })}
          />
          <Count
            value={formatInteger(r.lots.length)}
            label={t('recalls:totals.affected', { count: r.lots.length })}
          />
          <Count value={formatExact(r.totals.onHand)} label={t('recalls:totals.onHand')} />
          <Count value={formatExact(r.totals.shipped)} label={t('recalls:totals.shipped')} />
          <Count
            value={formatInteger(r.totals.customers)}
            label={t('recalls:totals.customers', { count: r.totals.customers })}
          />
        </ul>
      </div>

      <section className="section" aria-labelledby={`${id}-lots`}>
        <h2 id={`${id}-lots`}>{t('recalls:lots.title')}</h2>
        <div className="table-scroll">
          <table className="table table--compact" data-testid="recall-lots">
            <thead>
              <tr>
                <th scope="col">{t('common:words.lot')}</th>
                <th scope="col">{t('recalls:fields.material')}</th>
                <th scope="col" className="num">
                  {t('recalls:lots.hops')}
                </th>
                <th scope="col">{t('recalls:lots.before')}</th>
                <th scope="col">{t('recalls:lots.after')}</th>
                <th scope="col">{t('recalls:lots.heldByThis')}</th>
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
                  <td className="num">
                    {l.depth === 0 ? t('recalls:lots.suspect') : formatInteger(l.depth)}
                  </td>
                  <td>
                    <LotStatusBadge status={l.statusBefore} />
                  </td>
                  <td>
                    <LotStatusBadge status={l.status} />
                  </td>
                  <td>
                    {l.held ? (
                      <strong>{t('common:words.yes')}</strong>
                    ) : (
                      <span className="muted">{t(`recalls:lots.notHeld.${l.statusBefore}`)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="section" aria-labelledby={`${id}-on-hand`}>
        <h2 id={`${id}-on-hand`}>{t('recalls:onHand.title')}</h2>
        {onHand.length === 0 && r.inContainers.length === 0 ? (
          <p className="muted">{t('recalls:onHand.none')}</p>
        ) : (
          <div className="recall-stock">
            <table className="table table--compact" data-testid="recall-on-hand">
              <caption>{t('recalls:onHand.stock')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('recalls:fields.location')}</th>
                  <th scope="col">{t('common:words.lot')}</th>
                  <th scope="col" className="num">
                    {t('common:words.quantity')}
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
                <caption>{t('recalls:onHand.inContainers')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('recalls:fields.container')}</th>
                    <th scope="col">{t('recalls:fields.location')}</th>
                    <th scope="col">{t('common:words.lot')}</th>
                    <th scope="col" className="num">
                      {t('common:words.quantity')}
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
                            {t('recalls:onHand.insideOf')} <code className="code">{c.top}</code>
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
        <h2 id={`${id}-shipped`}>{t('recalls:shipped.title')}</h2>
        {customers.length === 0 ? (
          <p className="muted" data-testid="recall-nothing-shipped">
            {t('recalls:shipped.none')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="recall-shipped">
              <thead>
                <tr>
                  <th scope="col">{t('recalls:shipped.shipment')}</th>
                  <th scope="col">{t('recalls:fields.container')}</th>
                  <th scope="col">{t('common:words.lot')}</th>
                  <th scope="col" className="num">
                    {t('common:words.quantity')}
                  </th>
                  <th scope="col">{t('recalls:fields.shipped')}</th>
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

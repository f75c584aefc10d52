import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TraceLot } from '../../api/genealogy';
import { formatDateTime } from '../../format';
import { type GenealogyGraph, lotsInOrder } from './graph';
import { LotStatusBadge } from './LotStatusBadge';
import { containerKindLabel, formatQuantity, lotPath } from './labels';

/** The graph's lots as a table: what the graph shows, for reading and for screen readers. */
export function TraceLotsTable({
  graph,
  onSelect,
}: {
  graph: GenealogyGraph;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="trace-lots">
        <caption className="visually-hidden">{t('lots:trace.lotsInGraph')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common:words.lot')}</th>
            <th scope="col">{t('lots:list.material')}</th>
            <th scope="col">{t('common:words.status')}</th>
            <th scope="col" className="num">
              {t('common:words.quantity')}
            </th>
            <th scope="col">{t('lots:table.source')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('lots:table.showColumn')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lotsInOrder(graph).map((lot) => (
            <tr key={lot.id} data-testid={`trace-lot-${lot.number}`}>
              <th scope="row">
                {lot.id === graph.root ? (
                  lot.number
                ) : (
                  <Link to={lotPath(lot.number)}>{lot.number}</Link>
                )}
              </th>
              <td>
                <code className="code">{lot.material}</code>
              </td>
              <td>
                <LotStatusBadge status={lot.status} />
              </td>
              <td className="num">{formatQuantity(lot.quantity, lot.unit)}</td>
              <td className="small">{sourceOf(t, lot)}</td>
              <td>
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => onSelect(lot.id)}
                  aria-label={t('lots:table.showLot', { lot: lot.number })}
                >
                  {t('lots:table.show')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function sourceOf(t: TFunction, lot: TraceLot): string {
  if (lot.origin === 'received') {
    return [lot.supplier, lot.supplierLot, lot.certificate].filter(Boolean).join(' · ') || '—';
  }
  if (lot.workOrderNumber && lot.line) {
    return t('lots:table.orderOnLine', { workOrder: lot.workOrderNumber, line: lot.line });
  }
  return lot.workOrderNumber || lot.line || '—';
}

/**
 * Where everything made from the lot is now: on hand by location, in which
 * containers, and what has left to which customer in which shipment.
 */
export function WhereNow({ graph }: { graph: GenealogyGraph }) {
  const { t } = useTranslation();
  const lots = lotsInOrder(graph);
  const stock = lots.flatMap((lot) => lot.onHand.map((o) => ({ lot, ...o })));
  const held = lots.flatMap((lot) => lot.containers.map((c) => ({ lot, ...c })));
  const shipped = lots.flatMap((lot) => lot.shipped.map((s) => ({ lot, ...s })));
  stock.sort(
    (a, b) => a.location.localeCompare(b.location) || a.lot.number.localeCompare(b.lot.number),
  );
  shipped.sort(
    (a, b) =>
      a.customer.localeCompare(b.customer) ||
      a.shipment.localeCompare(b.shipment) ||
      a.lot.number.localeCompare(b.lot.number),
  );
  return (
    <div className="where-now" data-testid="where-now">
      <div>
        <h4>{t('lots:where.onHand')}</h4>
        {stock.length === 0 ? (
          <p className="muted small">{t('lots:where.nothingInStock')}</p>
        ) : (
          <table className="table table--compact" data-testid="where-on-hand">
            <thead>
              <tr>
                <th scope="col">{t('lots:where.location')}</th>
                <th scope="col">{t('common:words.lot')}</th>
                <th scope="col" className="num">
                  {t('common:words.quantity')}
                </th>
              </tr>
            </thead>
            <tbody>
              {stock.map((s) => (
                <tr key={`${s.location}-${s.lot.id}`}>
                  <td>
                    <code className="code">{s.location}</code>
                  </td>
                  <td>{s.lot.number}</td>
                  <td className="num">{formatQuantity(s.quantity, s.lot.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h4>{t('lots:where.inContainers')}</h4>
        {held.length === 0 ? (
          <p className="muted small">{t('lots:where.inNoContainer')}</p>
        ) : (
          <table className="table table--compact" data-testid="where-containers">
            <thead>
              <tr>
                <th scope="col">{t('lots:where.container')}</th>
                <th scope="col">{t('lots:where.location')}</th>
                <th scope="col">{t('common:words.lot')}</th>
                <th scope="col" className="num">
                  {t('common:words.quantity')}
                </th>
              </tr>
            </thead>
            <tbody>
              {held.map((c) => (
                <tr key={`${c.serial}-${c.lot.id}`}>
                  <td>
                    {containerKindLabel(t, c.kind)} <code className="code">{c.serial}</code>
                    {c.top !== c.serial && (
                      <span className="muted small">
                        {' '}
                        {t('lots:where.inside')} <code className="code">{c.top}</code>
                      </span>
                    )}
                  </td>
                  <td>{c.location ? <code className="code">{c.location}</code> : '—'}</td>
                  <td>{c.lot.number}</td>
                  <td className="num">{formatQuantity(c.quantity, c.lot.unit)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h4>{t('lots:where.shipped')}</h4>
        {shipped.length === 0 ? (
          <p className="muted small">{t('lots:where.nothingShipped')}</p>
        ) : (
          <table className="table table--compact" data-testid="where-shipped">
            <thead>
              <tr>
                <th scope="col">{t('lots:where.customer')}</th>
                <th scope="col">{t('lots:where.shipment')}</th>
                <th scope="col">{t('lots:where.container')}</th>
                <th scope="col">{t('common:words.lot')}</th>
                <th scope="col" className="num">
                  {t('common:words.quantity')}
                </th>
                <th scope="col">{t('lots:where.shippedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {shipped.map((s) => (
                <tr key={`${s.shipment}-${s.container}-${s.lot.id}`}>
                  <td>{s.customer}</td>
                  <td>{s.shipment}</td>
                  <td>
                    <code className="code">{s.container}</code>
                  </td>
                  <td>{s.lot.number}</td>
                  <td className="num">{formatQuantity(s.quantity, s.lot.unit)}</td>
                  <td className="nowrap muted">{formatDateTime(s.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

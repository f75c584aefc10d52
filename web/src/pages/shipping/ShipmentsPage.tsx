import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dangerousGoodsPdfPath, packingListPdfPath, useShipments } from '../../api/shipping';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { formatKg, storagePath } from '../storage/labels';
import { orderPath, ordersPath, shipmentPath } from './labels';

/** /storage/shipments — what left the plant, newest first, with the papers of each. */
export function ShipmentsPage() {
  const { t } = useTranslation();
  const shipments = useShipments();
  return (
    <div className="page" data-testid="shipments-page">
      <nav className="breadcrumbs" aria-label={t('shipping:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('shipping:storage')}</Link>
          </li>
          <li aria-current="page">{t('shipping:shipments.crumb')}</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('shipping:eyebrow')}</p>
          <h1>{t('shipping:shipments.title')}</h1>
        </div>
        <Link className="button st-touch" to={ordersPath}>
          {t('shipping:orders.crumb')}
        </Link>
      </header>
      <QueryView query={shipments} what={t('shipping:loading.shipments')}>
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-shipments">
              {t('shipping:shipments.none')}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="shipments-table">
                <thead>
                  <tr>
                    <th scope="col">{t('shipping:columns.shipment')}</th>
                    <th scope="col">{t('shipping:columns.dispatched')}</th>
                    <th scope="col">{t('shipping:columns.customer')}</th>
                    <th scope="col">{t('shipping:columns.order')}</th>
                    <th scope="col" className="num">
                      {t('shipping:columns.packages')}
                    </th>
                    <th scope="col" className="num">
                      {t('shipping:columns.neq')}
                    </th>
                    <th scope="col">{t('shipping:columns.papers')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((s) => (
                    <tr key={s.id} data-testid={`shipment-${s.shipment}`}>
                      <th scope="row">
                        <Link to={shipmentPath(s.shipment)}>{s.shipment}</Link>
                      </th>
                      <td className="nowrap">{formatDateTime(s.dispatchedAt)}</td>
                      <td>
                        {s.consignee.code} <span className="small muted">{s.consignee.name}</span>
                      </td>
                      <td>
                        <Link to={orderPath(s.order)}>{s.order}</Link>
                      </td>
                      <td className="num">{formatInteger(s.dangerousGoods.totals.packages)}</td>
                      <td className="num">{formatKg(s.dangerousGoods.totals.netExplosiveKg)}</td>
                      <td className="small">
                        <a href={packingListPdfPath(s.shipment)}>
                          {t('shipping:shipments.packingList')}
                        </a>{' '}
                        ·{' '}
                        <a href={dangerousGoodsPdfPath(s.shipment)}>
                          {t('shipping:shipments.dgDeclaration')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </div>
  );
}

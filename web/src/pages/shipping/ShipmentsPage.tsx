import { Link } from 'react-router';
import { dangerousGoodsPdfPath, packingListPdfPath, useShipments } from '../../api/shipping';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { formatKg, storagePath } from '../storage/labels';
import { orderPath, ordersPath, shipmentPath } from './labels';

/** /storage/shipments — what left the plant, newest first, with the papers of each. */
export function ShipmentsPage() {
  const shipments = useShipments();
  return (
    <div className="page" data-testid="shipments-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={storagePath}>Storage</Link>
          </li>
          <li aria-current="page">Shipments</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Shipping</p>
          <h1>Shipments</h1>
        </div>
        <Link className="button st-touch" to={ordersPath}>
          Orders
        </Link>
      </header>
      <QueryView query={shipments} what="the shipments">
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-shipments">
              Nothing has been dispatched yet.
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="shipments-table">
                <thead>
                  <tr>
                    <th scope="col">Shipment</th>
                    <th scope="col">Dispatched</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Order</th>
                    <th scope="col" className="num">
                      Packages
                    </th>
                    <th scope="col" className="num">
                      NEQ
                    </th>
                    <th scope="col">Papers</th>
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
                        <a href={packingListPdfPath(s.shipment)}>Packing list</a> ·{' '}
                        <a href={dangerousGoodsPdfPath(s.shipment)}>DG declaration</a>
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

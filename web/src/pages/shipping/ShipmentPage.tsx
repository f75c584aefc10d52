import { useId } from 'react';
import { Link, useParams } from 'react-router';
import {
  dangerousGoodsPdfPath,
  packingListPdfPath,
  type Shipment,
  useShipment,
} from '../../api/shipping';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger, formatTimestamp } from '../../format';
import { lotPath } from '../lots/labels';
import { formatKg, locationPath, storagePath } from '../storage/labels';
import { orderPath, shipmentsPath } from './labels';

/** /storage/shipments/:number — what left, for whom, signed by whom, with its papers. */
export function ShipmentPage() {
  const { number = '' } = useParams();
  const shipment = useShipment(number);
  return (
    <div className="page" data-testid="shipment-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={storagePath}>Storage</Link>
          </li>
          <li>
            <Link to={shipmentsPath}>Shipments</Link>
          </li>
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={shipment} what="the shipment">
        {(data) => <ShipmentDetail shipment={data} />}
      </QueryView>
    </div>
  );
}

function ShipmentDetail({ shipment: s }: { shipment: Shipment }) {
  const id = useId();
  const dg = s.dangerousGoods;
  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Shipment</p>
          <h1 data-testid="shipment-number">{s.shipment}</h1>
          <p className="st-subtitle">
            to {s.consignee.name} ({s.consignee.code}, {s.consignee.country}) · order{' '}
            <Link to={orderPath(s.order)}>{s.order}</Link>
          </p>
        </div>
        <div className="form__actions" data-testid="shipment-documents">
          <a
            className="button st-touch"
            href={packingListPdfPath(s.shipment)}
            download={`packing-list-${s.shipment}.pdf`}
            data-testid="packing-list-link"
          >
            Packing list (PDF)
          </a>
          <a
            className="button button--primary st-touch"
            href={dangerousGoodsPdfPath(s.shipment)}
            download={`dangerous-goods-${s.shipment}.pdf`}
            data-testid="dangerous-goods-link"
          >
            Dangerous-goods declaration (PDF)
          </a>
        </div>
      </header>

      <div className="panel">
        <dl className="facts" data-testid="shipment-facts">
          <div className="facts__item facts__item--lead">
            <dt>Dispatched</dt>
            <dd>{formatDateTime(s.dispatchedAt)}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Packages</dt>
            <dd>
              {formatInteger(dg.totals.packages)}
              {dg.totals.overpacks > 0 && (
                <span className="muted small">
                  {' '}
                  in {formatInteger(dg.totals.overpacks)}{' '}
                  {dg.totals.overpacks === 1 ? 'overpack' : 'overpacks'}
                </span>
              )}
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Net explosive quantity</dt>
            <dd data-testid="shipment-neq">{formatKg(dg.totals.netExplosiveKg)}</dd>
          </div>
          <div className="facts__item">
            <dt>Shipper</dt>
            <dd>
              {s.shipper.name} <span className="muted small">({s.shipper.code})</span>
            </dd>
          </div>
          {s.carrier && (
            <div className="facts__item">
              <dt>Carrier</dt>
              <dd>{s.carrier}</dd>
            </div>
          )}
          {s.vehicle && (
            <div className="facts__item">
              <dt>Vehicle</dt>
              <dd>{s.vehicle}</dd>
            </div>
          )}
          <div className="facts__item">
            <dt>Signed</dt>
            <dd data-testid="shipment-signature">
              {s.signature ? (
                <>
                  {s.signature.displayName}{' '}
                  <span className="muted small">
                    ({s.signature.username}, {s.signature.meaning},{' '}
                    {formatTimestamp(s.signature.signedAt)})
                  </span>{' '}
                  {s.signature.valid ? (
                    <span className="badge badge--ok">Signature valid</span>
                  ) : (
                    <span className="badge badge--hazard">Record changed since signing</span>
                  )}
                </>
              ) : (
                <span className="muted">by {s.dispatchedBy}; no signature on record</span>
              )}
            </dd>
          </div>
        </dl>
      </div>

      <section className="section" aria-labelledby={`${id}-dg`}>
        <h2 id={`${id}-dg`}>Dangerous goods</h2>
        {dg.entries.length === 0 ? (
          <p className="muted">Nothing in the shipment is a dangerous good.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="dangerous-goods">
              <thead>
                <tr>
                  <th scope="col">UN number</th>
                  <th scope="col">Proper shipping name</th>
                  <th scope="col">Class</th>
                  <th scope="col">Packages</th>
                  <th scope="col">Goods</th>
                  <th scope="col" className="num">
                    NEQ
                  </th>
                </tr>
              </thead>
              <tbody>
                {dg.entries.map((e) => (
                  <tr
                    key={`${e.unNumber}-${e.classificationCode}`}
                    data-testid={`dg-${e.unNumber}`}
                  >
                    <th scope="row">{e.unNumber}</th>
                    <td>{e.properShippingName}</td>
                    <td>
                      <span className="badge badge--hazard">
                        {e.hazardClass} · {e.classificationCode}
                      </span>
                    </td>
                    <td className="small">
                      {formatInteger(e.packageCount)}:{' '}
                      {e.packages
                        .map(
                          (p) =>
                            `${p.count} ${p.count === 1 ? p.kind : `${p.kind}s`}${p.packaging ? ` (${p.packaging})` : ''}`,
                        )
                        .join(', ')}
                    </td>
                    <td className="small">
                      {e.materials.map((m) => (
                        <span key={m.material} className="st-holds">
                          {formatExact(m.quantity)} <code className="code">{m.material}</code>
                        </span>
                      ))}
                    </td>
                    <td className="num">{formatKg(e.netExplosiveKg)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-lines`}>
        <h2 id={`${id}-lines`}>Goods by order line</h2>
        <div className="table-scroll">
          <table className="table" data-testid="shipment-lines">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Ordered
                </th>
                <th scope="col" className="num">
                  Shipped
                </th>
                <th scope="col">Lots</th>
              </tr>
            </thead>
            <tbody>
              {s.lines.map((line) => (
                <tr key={line.line}>
                  <td className="num">{line.line}</td>
                  <th scope="row">
                    <code className="code">{line.product}</code>{' '}
                    <span className="small">{line.name}</span>
                  </th>
                  <td className="num">{formatExact(line.ordered)}</td>
                  <td className="num">{formatExact(line.quantity)}</td>
                  <td className="small">
                    {line.lots.map((l) => (
                      <span key={l.lot} className="st-holds">
                        <Link to={lotPath(l.lot)}>{l.lot}</Link> {formatExact(l.quantity)}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="section" aria-labelledby={`${id}-containers`}>
        <h2 id={`${id}-containers`}>Containers</h2>
        <div className="table-scroll">
          <table className="table" data-testid="shipment-containers">
            <thead>
              <tr>
                <th scope="col">Container</th>
                <th scope="col">Picked from</th>
                <th scope="col">Lots</th>
                <th scope="col" className="num">
                  Quantity
                </th>
              </tr>
            </thead>
            <tbody>
              {s.containers.map((c) => (
                <tr key={c.serial} data-testid={`shipped-${c.serial}`}>
                  <th scope="row">
                    <code>{c.serial}</code>
                    <span className="st-name small">
                      {c.kind}
                      {c.packaging ? ` · ${c.packaging}` : ''}
                      {c.sscc ? ` · SSCC ${c.sscc}` : ''}
                      {c.tree.units.length > 0
                        ? ` · ${formatInteger(c.tree.units.length)} inside`
                        : ''}
                    </span>
                  </th>
                  <td>
                    <Link to={locationPath(c.from)}>{c.from}</Link>
                  </td>
                  <td className="small">
                    {c.lots.map((l) => (
                      <span key={l.lot} className="st-holds">
                        <Link to={lotPath(l.lot)}>{l.lot}</Link> {formatExact(l.quantity)}
                      </span>
                    ))}
                  </td>
                  <td className="num">{formatExact(c.quantity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

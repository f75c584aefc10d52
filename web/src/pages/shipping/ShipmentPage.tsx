import { useId } from 'react';
import { useTranslation } from 'react-i18next';
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
import { containerKindLabel, formatKg, locationPath, storagePath } from '../storage/labels';
import { orderPath, shipmentsPath } from './labels';

/** /storage/shipments/:number — what left, for whom, signed by whom, with its papers. */
export function ShipmentPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const shipment = useShipment(number);
  return (
    <div className="page" data-testid="shipment-page">
      <nav className="breadcrumbs" aria-label={t('shipping:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('shipping:storage')}</Link>
          </li>
          <li>
            <Link to={shipmentsPath}>{t('shipping:shipments.crumb')}</Link>
          </li>
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={shipment} what={t('shipping:loading.shipment')}>
        {(data) => <ShipmentDetail shipment={data} />}
      </QueryView>
    </div>
  );
}

function ShipmentDetail({ shipment: s }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const id = useId();
  const dg = s.dangerousGoods;
  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('shipping:columns.shipment')}</p>
          <h1 data-testid="shipment-number">{s.shipment}</h1>
          <p className="st-subtitle">
            {t('shipping:shipment.to', {
              name: s.consignee.name,
              code: s.consignee.code,
              country: s.consignee.country,
            })}{' '}
            · {t('shipping:shipment.order')} <Link to={orderPath(s.order)}>{s.order}</Link>
          </p>
        </div>
        <div className="form__actions" data-testid="shipment-documents">
          <a
            className="button st-touch"
            href={packingListPdfPath(s.shipment)}
            download={`packing-list-${s.shipment}.pdf`}
            data-testid="packing-list-link"
          >
            {t('shipping:shipment.packingList')}
          </a>
          <a
            className="button button--primary st-touch"
            href={dangerousGoodsPdfPath(s.shipment)}
            download={`dangerous-goods-${s.shipment}.pdf`}
            data-testid="dangerous-goods-link"
          >
            {t('shipping:shipment.dgDeclaration')}
          </a>
        </div>
      </header>

      <div className="panel">
        <dl className="facts" data-testid="shipment-facts">
          <div className="facts__item facts__item--lead">
            <dt>{t('shipping:columns.dispatched')}</dt>
            <dd>{formatDateTime(s.dispatchedAt)}</dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('shipping:columns.packages')}</dt>
            <dd>
              {formatInteger(dg.totals.packages)}
              {dg.totals.overpacks > 0 && (
                <span className="muted small">
                  {' '}
                  {t('shipping:shipment.overpacks', {
                    count: dg.totals.overpacks,
                    n: formatInteger(dg.totals.overpacks),
                  })}
                </span>
              )}
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('shipping:shipment.neq')}</dt>
            <dd data-testid="shipment-neq">{formatKg(dg.totals.netExplosiveKg)}</dd>
          </div>
          <div className="facts__item">
            <dt>{t('shipping:shipment.shipper')}</dt>
            <dd>
              {s.shipper.name} <span className="muted small">({s.shipper.code})</span>
            </dd>
          </div>
          {s.carrier && (
            <div className="facts__item">
              <dt>{t('shipping:dispatch.carrier')}</dt>
              <dd>{s.carrier}</dd>
            </div>
          )}
          {s.vehicle && (
            <div className="facts__item">
              <dt>{t('shipping:dispatch.vehicle')}</dt>
              <dd>{s.vehicle}</dd>
            </div>
          )}
          <div className="facts__item">
            <dt>{t('shipping:shipment.signed')}</dt>
            <dd data-testid="shipment-signature">
              {s.signature ? (
                <>
                  {s.signature.displayName}{' '}
                  <span className="muted small">
                    ({s.signature.username},{' '}
                    {t(`shipping:shipment.meaning.${s.signature.meaning}`, {
                      defaultValue: s.signature.meaning,
                    })}
                    , {formatTimestamp(s.signature.signedAt)})
                  </span>{' '}
                  {s.signature.valid ? (
                    <span className="badge badge--ok">{t('shipping:shipment.signatureValid')}</span>
                  ) : (
                    <span className="badge badge--hazard">
                      {t('shipping:shipment.signatureBroken')}
                    </span>
                  )}
                </>
              ) : (
                <span className="muted">
                  {t('shipping:shipment.unsigned', { user: s.dispatchedBy })}
                </span>
              )}
            </dd>
          </div>
        </dl>
      </div>

      <section className="section" aria-labelledby={`${id}-dg`}>
        <h2 id={`${id}-dg`}>{t('shipping:shipment.dg.title')}</h2>
        {dg.entries.length === 0 ? (
          <p className="muted">{t('shipping:shipment.dg.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="dangerous-goods">
              <thead>
                <tr>
                  <th scope="col">{t('shipping:shipment.dg.unNumber')}</th>
                  <th scope="col">{t('shipping:shipment.dg.name')}</th>
                  <th scope="col">{t('shipping:shipment.dg.class')}</th>
                  <th scope="col">{t('shipping:columns.packages')}</th>
                  <th scope="col">{t('shipping:shipment.dg.goods')}</th>
                  <th scope="col" className="num">
                    {t('shipping:columns.neq')}
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
                            `${formatInteger(p.count)} ${containerKindLabel(p.kind, p.count)}${p.packaging ? ` (${p.packaging})` : ''}`,
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
        <h2 id={`${id}-lines`}>{t('shipping:shipment.lines')}</h2>
        <div className="table-scroll">
          <table className="table" data-testid="shipment-lines">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('shipping:columns.line')}
                </th>
                <th scope="col">{t('shipping:columns.product')}</th>
                <th scope="col" className="num">
                  {t('shipping:columns.ordered')}
                </th>
                <th scope="col" className="num">
                  {t('shipping:columns.shipped')}
                </th>
                <th scope="col">{t('shipping:columns.lots')}</th>
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
        <h2 id={`${id}-containers`}>{t('shipping:shipment.containers')}</h2>
        <div className="table-scroll">
          <table className="table" data-testid="shipment-containers">
            <thead>
              <tr>
                <th scope="col">{t('shipping:columns.container')}</th>
                <th scope="col">{t('shipping:shipment.pickedFrom')}</th>
                <th scope="col">{t('shipping:columns.lots')}</th>
                <th scope="col" className="num">
                  {t('shipping:columns.quantity')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.containers.map((c) => (
                <tr key={c.serial} data-testid={`shipped-${c.serial}`}>
                  <th scope="row">
                    <code>{c.serial}</code>
                    <span className="st-name small">
                      {containerKindLabel(c.kind)}
                      {c.packaging ? ` · ${c.packaging}` : ''}
                      {c.sscc ? ` · ${t('storage:containers.sscc', { sscc: c.sscc })}` : ''}
                      {c.tree.units.length > 0
                        ? ` · ${t('storage:containers.inside', {
                            count: c.tree.units.length,
                            units: formatInteger(c.tree.units.length),
                          })}`
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

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type SparePart, useSparePartShortages, useSpareParts } from '../../api/maintenance';
import { QueryView } from '../../components/QueryView';
import { formatDecimal, formatInteger } from '../../format';
import { MaintenanceHeader } from './MaintenanceHeader';
import './maintenance.css';

/** /maintenance/spare-parts — stock of every spare part, its reorder state, and the shortage list. */
export function SparePartsPage() {
  const { t } = useTranslation();
  const id = useId();
  const parts = useSpareParts();
  const shortages = useSparePartShortages();
  return (
    <div className="page" data-testid="spare-parts-page">
      <MaintenanceHeader current="spare-parts" title={t('maintenance:spareParts.title')} />
      <p className="muted small">{t('maintenance:spareParts.intro')}</p>

      <section className="section" aria-labelledby={`${id}-shortages`}>
        <h2 id={`${id}-shortages`}>{t('maintenance:spareParts.shortages.title')}</h2>
        <QueryView query={shortages} what={t('maintenance:spareParts.shortages.loading')}>
          {(data) =>
            data.length === 0 ? (
              <p className="muted" data-testid="no-shortages">
                {t('maintenance:spareParts.shortages.none')}
              </p>
            ) : (
              <div className="table-scroll">
                <table className="table table--compact" data-testid="shortages">
                  <thead>
                    <tr>
                      <th scope="col">{t('maintenance:spareParts.columns.part')}</th>
                      <th scope="col" className="num">
                        {t('maintenance:spareParts.columns.position')}
                      </th>
                      <th scope="col" className="num">
                        {t('maintenance:spareParts.columns.reorderPoint')}
                      </th>
                      <th scope="col" className="num">
                        {t('maintenance:spareParts.columns.suggestedOrder')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.map((s) => (
                      <tr
                        key={s.material}
                        className="mnt-overdue"
                        data-testid={`shortage-${s.material}`}
                      >
                        <th scope="row">
                          <span className="code">{s.material}</span> {s.name}
                        </th>
                        <td className="num">{formatDecimal(s.position)}</td>
                        <td className="num">{formatDecimal(s.reorderPoint)}</td>
                        <td className="num" data-testid="suggested-order">
                          {formatDecimal(s.suggestedOrder)} {t(`plant:unit.${s.unit}`)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryView>
      </section>

      <section className="section" aria-labelledby={`${id}-stock`}>
        <h2 id={`${id}-stock`}>{t('maintenance:spareParts.stock.title')}</h2>
        <QueryView query={parts} what={t('maintenance:spareParts.stock.loading')}>
          {(data) =>
            data.length === 0 ? (
              <p className="muted">{t('maintenance:spareParts.stock.none')}</p>
            ) : (
              <StockTable parts={data} />
            )
          }
        </QueryView>
      </section>
    </div>
  );
}

function StockTable({ parts }: { parts: SparePart[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="spare-parts">
        <thead>
          <tr>
            <th scope="col">{t('maintenance:spareParts.columns.part')}</th>
            <th scope="col" className="num">
              {t('maintenance:spareParts.columns.onHand')}
            </th>
            <th scope="col" className="num">
              {t('maintenance:spareParts.columns.reserved')}
            </th>
            <th scope="col" className="num">
              {t('maintenance:spareParts.columns.available')}
            </th>
            <th scope="col" className="num">
              {t('maintenance:spareParts.columns.onOrder')}
            </th>
            <th scope="col" className="num">
              {t('maintenance:spareParts.columns.position')}
            </th>
            <th scope="col" className="num">
              {t('maintenance:spareParts.columns.reorderPoint')}
            </th>
            <th scope="col">{t('maintenance:spareParts.columns.reorderState')}</th>
            <th scope="col">{t('maintenance:spareParts.columns.where')}</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((p) => (
            <tr
              key={p.material}
              data-testid={`part-${p.material}`}
              data-on-hand={p.onHand}
              className={p.belowReorderPoint ? 'mnt-overdue' : undefined}
            >
              <th scope="row">
                <span className="code">{p.material}</span> {p.name}
              </th>
              <td className="num">
                {formatDecimal(p.onHand)}{' '}
                <span className="muted small">{t(`plant:unit.${p.unit}`)}</span>
              </td>
              <td className="num">{formatDecimal(p.reserved)}</td>
              <td className="num">{formatDecimal(p.available)}</td>
              <td className="num">{formatDecimal(p.onOrder)}</td>
              <td className="num">{formatDecimal(p.position)}</td>
              <td className="num">
                {formatDecimal(p.reorderPoint)}
                {p.reorderQuantity !== null && (
                  <span className="muted small">
                    {' '}
                    {t('maintenance:spareParts.ordersOf', {
                      quantity: formatInteger(p.reorderQuantity),
                    })}
                  </span>
                )}
              </td>
              <td>
                {p.belowReorderPoint ? (
                  <span className="badge badge--warn">
                    {t('maintenance:spareParts.reorderState.reorder')}
                  </span>
                ) : (
                  <span className="badge badge--ok">
                    {t('maintenance:spareParts.reorderState.ok')}
                  </span>
                )}
              </td>
              <td>
                {p.locations.length === 0
                  ? '—'
                  : p.locations.map((l) => `${l.location} ${formatDecimal(l.quantity)}`).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useLot } from '../../api/genealogy';
import { type Movement, useLotMovements } from '../../api/storage';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact } from '../../format';
import { LotStatusBadge } from '../lots/LotStatusBadge';
import { formatQuantity, lotPath } from '../lots/labels';
import { shipmentPath } from '../shipping/labels';
import { formatDay, locationPath, movementKindLabel, stockSearchPath, storagePath } from './labels';

/** How a movement changes what the plant holds of the lot: in, out, or across. */
function change(m: Movement): number {
  switch (m.kind) {
    case 'receipt':
    case 'production_output':
      return m.quantity;
    case 'consumption':
    case 'shipment':
    case 'scrap':
      return -m.quantity;
    case 'transfer':
      return 0;
    case 'adjustment':
      return m.to ? m.quantity : -m.quantity;
    default: {
      const unknownKind: never = m.kind;
      return unknownKind;
    }
  }
}

const SHIPMENT_NUMBER = /^SH-\d{6,}$/;

/** /storage/lots/:lot — every movement of a lot, oldest first, and what the plant held after each. */
export function LotMovementsPage() {
  const { t } = useTranslation();
  const { lot = '' } = useParams();
  const details = useLot(lot);
  const movements = useLotMovements(lot);
  const unit = details.data?.unit ?? 'each';
  return (
    <div className="page" data-testid="lot-movements-page">
      <nav className="breadcrumbs" aria-label={t('storage:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('storage:overview.title')}</Link>
          </li>
          <li aria-current="page">
            {t('storage:movements.crumb', { lot: details.data?.number ?? lot })}
          </li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('storage:movements.eyebrow')}</p>
          <h1 data-testid="lot-number">
            {details.data?.number ?? lot}{' '}
            {details.data && <LotStatusBadge status={details.data.status} />}
          </h1>
          {details.data && (
            <p className="st-subtitle">
              <code className="code">{details.data.material}</code>{' '}
              {formatQuantity(details.data.quantity, details.data.unit)}{' '}
              {t(`storage:movements.origin.${details.data.origin}`)}
              {details.data.expiresOn
                ? ` · ${t('storage:movements.expires', { date: formatDay(details.data.expiresOn) })}`
                : ''}
            </p>
          )}
        </div>
        <div className="form__actions">
          <Link className="button" to={lotPath(details.data?.number ?? lot)}>
            {t('storage:stockSearch.lotPage')}
          </Link>
          <Link className="button" to={stockSearchPath(details.data?.number ?? lot)}>
            {t('storage:movements.whereNow')}
          </Link>
        </div>
      </header>
      <QueryView query={movements} what={t('storage:loading.movements')}>
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-movements">
              {t('storage:movements.none')}
            </p>
          ) : (
            <MovementsTable movements={data} unit={unit} />
          )
        }
      </QueryView>
    </div>
  );
}

function Place({ code }: { code: string | null }) {
  if (!code) return <span className="muted">—</span>;
  // Line-side stock is a feeder, not a location of the plant file.
  if (code.startsWith('LINESIDE-')) return <span>{code}</span>;
  return <Link to={locationPath(code)}>{code}</Link>;
}

function MovementsTable({ movements, unit }: { movements: Movement[]; unit: string }) {
  const { t } = useTranslation();
  let inPlant = 0;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="movements-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">{t('storage:movements.columns.when')}</th>
            <th scope="col">{t('storage:movements.columns.movement')}</th>
            <th scope="col">{t('storage:movements.columns.fromTo')}</th>
            <th scope="col" className="num">
              {t('storage:columns.quantity')}
            </th>
            <th scope="col">{t('storage:columns.container')}</th>
            <th scope="col">{t('storage:movements.columns.reference')}</th>
            <th scope="col" className="num">
              {t('storage:movements.columns.inPlant')}
            </th>
            <th scope="col">{t('storage:movements.columns.by')}</th>
          </tr>
        </thead>
        <tbody>
          {movements.map((m, index) => {
            const delta = change(m);
            inPlant += delta;
            return (
              <tr key={m.id} data-testid={`movement-${index + 1}`} data-kind={m.kind}>
                <td className="num muted">{index + 1}</td>
                <td className="nowrap">{formatDateTime(m.at)}</td>
                <td>
                  <strong>{movementKindLabel(m.kind)}</strong>
                  {m.reason && <span className="st-name small">{m.reason}</span>}
                </td>
                <td className="nowrap">
                  <Place code={m.from} /> → <Place code={m.to} />
                </td>
                <td className="num">
                  {delta < 0 ? '−' : delta > 0 ? '+' : ''}
                  {formatQuantity(m.quantity, unit)}
                </td>
                <td>
                  {m.handlingUnit ? (
                    <code>{m.handlingUnit}</code>
                  ) : (
                    <span className="muted">{t('storage:movements.loose')}</span>
                  )}
                </td>
                <td>
                  {m.customer && <span>{m.customer}</span>}
                  {m.shipment && (
                    <>
                      {' · '}
                      {SHIPMENT_NUMBER.test(m.shipment) ? (
                        <Link to={shipmentPath(m.shipment)}>{m.shipment}</Link>
                      ) : (
                        m.shipment
                      )}
                    </>
                  )}
                  {m.workOrderId && (
                    <Link to={`/production/work-orders/${encodeURIComponent(m.workOrderId)}`}>
                      {t('storage:movements.workOrder')}
                    </Link>
                  )}
                  {!m.customer && !m.shipment && !m.workOrderId && <span className="muted">—</span>}
                </td>
                <td className="num">{formatExact(Math.round(inPlant * 1e6) / 1e6)}</td>
                <td>{m.actor}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

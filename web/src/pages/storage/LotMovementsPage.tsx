import { Link, useParams } from 'react-router';
import { useLot } from '../../api/genealogy';
import { type Movement, useLotMovements } from '../../api/storage';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact } from '../../format';
import { LotStatusBadge } from '../lots/LotStatusBadge';
import { formatQuantity, lotPath } from '../lots/labels';
import { shipmentPath } from '../shipping/labels';
import { locationPath, MOVEMENT_KIND_LABEL, stockSearchPath, storagePath } from './labels';

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
  const { lot = '' } = useParams();
  const details = useLot(lot);
  const movements = useLotMovements(lot);
  const unit = details.data?.unit ?? 'each';
  return (
    <div className="page" data-testid="lot-movements-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={storagePath}>Storage</Link>
          </li>
          <li aria-current="page">Movements of {details.data?.number ?? lot}</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Movement history</p>
          <h1 data-testid="lot-number">
            {details.data?.number ?? lot}{' '}
            {details.data && <LotStatusBadge status={details.data.status} />}
          </h1>
          {details.data && (
            <p className="st-subtitle">
              <code className="code">{details.data.material}</code>{' '}
              {formatQuantity(details.data.quantity, details.data.unit)}{' '}
              {details.data.origin === 'received' ? 'received' : 'made'}
              {details.data.expiresOn ? ` · expires ${details.data.expiresOn}` : ''}
            </p>
          )}
        </div>
        <div className="form__actions">
          <Link className="button" to={lotPath(details.data?.number ?? lot)}>
            Lot page
          </Link>
          <Link className="button" to={stockSearchPath(details.data?.number ?? lot)}>
            Where it is now
          </Link>
        </div>
      </header>
      <QueryView query={movements} what="the lot’s movements">
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-movements">
              The ledger has no movement of this lot.
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
  let inPlant = 0;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="movements-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">When</th>
            <th scope="col">Movement</th>
            <th scope="col">From → to</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col">Container</th>
            <th scope="col">Customer, shipment or order</th>
            <th scope="col" className="num">
              In the plant after
            </th>
            <th scope="col">By</th>
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
                  <strong>{MOVEMENT_KIND_LABEL[m.kind]}</strong>
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
                    <span className="muted">loose</span>
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
                      work order
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

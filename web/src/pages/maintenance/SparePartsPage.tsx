import { useId } from 'react';
import { type SparePart, useSparePartShortages, useSpareParts } from '../../api/maintenance';
import { QueryView } from '../../components/QueryView';
import { formatDecimal, formatInteger } from '../../format';
import { MaintenanceHeader } from './MaintenanceHeader';
import './maintenance.css';

/** /maintenance/spare-parts — stock of every spare part, its reorder state, and the shortage list. */
export function SparePartsPage() {
  const id = useId();
  const parts = useSpareParts();
  const shortages = useSparePartShortages();
  return (
    <div className="page" data-testid="spare-parts-page">
      <MaintenanceHeader current="spare-parts" title="Spare parts" />
      <p className="muted small">
        Position = on hand + on order − reserved. A part whose position is below its reorder point
        is short: order at least the suggested quantity.
      </p>

      <section className="section" aria-labelledby={`${id}-shortages`}>
        <h2 id={`${id}-shortages`}>Shortage list</h2>
        <QueryView query={shortages} what="the shortage list">
          {(data) =>
            data.length === 0 ? (
              <p className="muted" data-testid="no-shortages">
                No spare part is below its reorder point.
              </p>
            ) : (
              <div className="table-scroll">
                <table className="table table--compact" data-testid="shortages">
                  <thead>
                    <tr>
                      <th scope="col">Part</th>
                      <th scope="col" className="num">
                        Position
                      </th>
                      <th scope="col" className="num">
                        Reorder point
                      </th>
                      <th scope="col" className="num">
                        Suggested order
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
                          {formatDecimal(s.suggestedOrder)} {s.unit}
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
        <h2 id={`${id}-stock`}>Stock</h2>
        <QueryView query={parts} what="the spare parts">
          {(data) =>
            data.length === 0 ? (
              <p className="muted">The plant file names no spare parts.</p>
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
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="spare-parts">
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col" className="num">
              On hand
            </th>
            <th scope="col" className="num">
              Reserved
            </th>
            <th scope="col" className="num">
              Available
            </th>
            <th scope="col" className="num">
              On order
            </th>
            <th scope="col" className="num">
              Position
            </th>
            <th scope="col" className="num">
              Reorder point
            </th>
            <th scope="col">Reorder state</th>
            <th scope="col">Where</th>
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
                {formatDecimal(p.onHand)} <span className="muted small">{p.unit}</span>
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
                    (orders of {formatInteger(p.reorderQuantity)})
                  </span>
                )}
              </td>
              <td>
                {p.belowReorderPoint ? (
                  <span className="badge badge--warn">Reorder</span>
                ) : (
                  <span className="badge badge--ok">OK</span>
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

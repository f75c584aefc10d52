import type { Material } from '../../../api/types';
import { formatExact, formatInteger, humanize } from '../../../format';

export function MaterialsTable({ materials }: { materials: Material[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="materials-table">
        <caption className="visually-hidden">Materials</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Category</th>
            <th scope="col">Unit</th>
            <th scope="col" className="num">
              Shelf life (days)
            </th>
            <th scope="col">UN No.</th>
            <th scope="col" title="Hazard division and compatibility group">
              Hazard class
            </th>
            <th scope="col" className="num" title="Net explosive quantity per unit">
              NEQ / unit (kg)
            </th>
          </tr>
        </thead>
        <tbody>
          {materials.map((m) => (
            <tr key={m.code}>
              <th scope="row">
                <code className="code">{m.code}</code>
              </th>
              <td>{m.name}</td>
              <td>{humanize(m.kind)}</td>
              <td>{humanize(m.category)}</td>
              <td>{m.unit}</td>
              <td className="num">
                {m.shelfLifeDays === undefined ? '—' : formatInteger(m.shelfLifeDays)}
              </td>
              <td>{m.hazard?.unNumber ?? '—'}</td>
              <td>
                {m.hazard ? (
                  <span className="badge badge--hazard">
                    {m.hazard.division}
                    {m.hazard.compatibilityGroup}
                  </span>
                ) : (
                  <span className="muted">not explosive</span>
                )}
              </td>
              <td className="num">
                {m.hazard ? formatExact(m.hazard.netExplosivePerUnitKg) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

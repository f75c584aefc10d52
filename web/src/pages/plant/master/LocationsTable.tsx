import type { Location } from '../../../api/types';
import { formatInteger, humanize } from '../../../format';

export function LocationsTable({ locations }: { locations: Location[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="locations-table">
        <caption className="visually-hidden">Storage locations</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Area</th>
            <th scope="col">Kind</th>
            <th scope="col">Magazine type</th>
            <th scope="col" className="num" title="Net explosive quantity limit">
              NEQ limit (kg)
            </th>
            <th scope="col">Divisions</th>
            <th scope="col">Groups</th>
          </tr>
        </thead>
        <tbody>
          {locations.map((l) => (
            <tr key={l.code} className={l.parent ? 'is-child' : undefined}>
              <th scope="row">
                <code className="code">{l.code}</code>
              </th>
              <td>
                {l.name}
                {l.parent && (
                  <span className="muted small">
                    {' '}
                    in <code className="code">{l.parent}</code>
                  </span>
                )}
              </td>
              <td>
                <code className="code">{l.area}</code>
              </td>
              <td>
                {l.kind === 'magazine' ? (
                  <span className="badge badge--hazard">magazine</span>
                ) : (
                  humanize(l.kind)
                )}
              </td>
              <td>{l.magazineType ? humanize(l.magazineType) : '—'}</td>
              <td className="num">
                {l.netExplosiveLimitKg === undefined ? '—' : formatInteger(l.netExplosiveLimitKg)}
              </td>
              <td>{l.hazardDivisions.length > 0 ? l.hazardDivisions.join(', ') : '—'}</td>
              <td>{l.compatibilityGroups.length > 0 ? l.compatibilityGroups.join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { Supplier } from '../../../api/types';
import { Country } from '../../../components/Country';
import { formatInteger } from '../../../format';

export function SuppliersTable({ suppliers }: { suppliers: Supplier[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="suppliers-table">
        <caption className="visually-hidden">Suppliers</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Country</th>
            <th scope="col">Imported</th>
            <th scope="col" className="num">
              Lead time (days)
            </th>
            <th scope="col">Materials</th>
          </tr>
        </thead>
        <tbody>
          {suppliers.map((s) => (
            <tr key={s.code}>
              <th scope="row">
                <code className="code">{s.code}</code>
              </th>
              <td>{s.name}</td>
              <td>
                <Country code={s.country} />
              </td>
              <td>{s.imported ? <span className="badge badge--info">imported</span> : 'local'}</td>
              <td className="num">{formatInteger(s.leadTimeDays)}</td>
              <td>
                <span className="code-list">
                  {s.materials.map((m) => (
                    <code key={m} className="code">
                      {m}
                    </code>
                  ))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

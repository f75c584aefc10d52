import type { Customer } from '../../../api/types';
import { Country } from '../../../components/Country';
import { humanize } from '../../../format';

export function CustomersTable({ customers }: { customers: Customer[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="customers-table">
        <caption className="visually-hidden">Customers</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Country</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => (
            <tr key={c.code}>
              <th scope="row">
                <code className="code">{c.code}</code>
              </th>
              <td>{c.name}</td>
              <td>{humanize(c.kind)}</td>
              <td>
                <Country code={c.country} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

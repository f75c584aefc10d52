import type { LineCapacity, LineProduct } from '../../api/types';
import { formatDecimal, formatInteger, formatPercent } from '../../format';

interface ProductsTableProps {
  line: string;
  products: LineProduct[];
  capacity: LineCapacity | undefined;
}

export function ProductsTable({ line, products, capacity }: ProductsTableProps) {
  return (
    <table className="table table--compact products-table" data-testid={`products-${line}`}>
      <caption>Products</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col" className="num">
            Rate /min
          </th>
          <th scope="col" className="num">
            Share
          </th>
          <th scope="col" className="num" title="Output at this product's share of the rated mix">
            Planned /yr
          </th>
          <th scope="col" className="num" title="Output if the line made only this product">
            Dedicated /yr
          </th>
        </tr>
      </thead>
      <tbody>
        {products.map((p) => {
          const rated = capacity?.products.find((c) => c.product === p.product);
          // A line with one product gives it the whole time; the API says so as share 1.
          const share = rated?.share ?? p.share ?? (products.length === 1 ? 1 : undefined);
          return (
            <tr key={p.product}>
              <th scope="row">
                <code className="code">{p.product}</code>
              </th>
              <td className="num">{formatDecimal(p.ratePerMinute)}</td>
              <td className="num">{share === undefined ? '—' : formatPercent(share)}</td>
              <td className="num">{rated ? formatInteger(rated.plannedPerYear) : '—'}</td>
              <td className="num">{rated ? formatInteger(rated.dedicatedPerYear) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

import { useTranslation } from 'react-i18next';
import type { LineCapacity, LineProduct } from '../../api/types';
import { formatDecimal, formatInteger, formatPercent } from '../../format';

interface ProductsTableProps {
  line: string;
  products: LineProduct[];
  capacity: LineCapacity | undefined;
}

export function ProductsTable({ line, products, capacity }: ProductsTableProps) {
  const { t } = useTranslation();
  return (
    <table className="table table--compact products-table" data-testid={`products-${line}`}>
      <caption>{t('plant:products.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('common:words.product')}</th>
          <th scope="col" className="num">
            {t('plant:products.rate')}
          </th>
          <th scope="col" className="num">
            {t('plant:products.share')}
          </th>
          <th scope="col" className="num" title={t('plant:products.plannedTitle')}>
            {t('plant:products.planned')}
          </th>
          <th scope="col" className="num" title={t('plant:products.dedicatedTitle')}>
            {t('plant:products.dedicated')}
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

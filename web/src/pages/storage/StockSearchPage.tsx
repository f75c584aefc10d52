import { Link, useSearchParams } from 'react-router';
import { useMaterials } from '../../api/plant';
import { useStock } from '../../api/storage';
import { QueryView } from '../../components/QueryView';
import { formatExact } from '../../format';
import { lotPath } from '../lots/labels';
import { StockTable } from './LocationPage';
import { LotSearch } from './LotSearch';
import { lotMovementsPath, storagePath } from './labels';

/** /storage/stock?lot= — where a lot is: its stock by location. */
export function StockSearchPage() {
  const [params] = useSearchParams();
  const lot = params.get('lot')?.trim() ?? '';
  const stock = useStock({ lot }, { enabled: lot !== '' });
  const materials = useMaterials();
  return (
    <div className="page" data-testid="stock-search-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to={storagePath}>Storage</Link>
          </li>
          <li aria-current="page">Stock of a lot</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">Storage</p>
        <h1>{lot ? `Stock of lot ${lot}` : 'Stock of a lot'}</h1>
      </header>
      <LotSearch key={lot} initial={lot} />
      {lot === '' ? (
        <p className="muted">Type or scan a lot number to see where it is.</p>
      ) : (
        <QueryView query={stock} what="the lot’s stock">
          {(lines) => {
            const total = lines.reduce((sum, l) => sum + l.quantity, 0);
            return (
              <>
                <p className="muted small" role="status" data-testid="stock-summary">
                  {lines.length === 0
                    ? 'None of the lot is in stock: it was used, shipped or written off.'
                    : `${formatExact(total)} in stock at ${lines.length} ${lines.length === 1 ? 'location' : 'locations'}.`}{' '}
                  <Link to={lotMovementsPath(lot)}>Movement history</Link> ·{' '}
                  <Link to={lotPath(lot)}>Lot page</Link>
                </p>
                <StockTable lines={lines} materials={materials.data ?? []} showLocation />
              </>
            );
          }}
        </QueryView>
      )}
    </div>
  );
}

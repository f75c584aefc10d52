import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMaterials } from '../../api/plant';
import { useStock } from '../../api/storage';
import { QueryView } from '../../components/QueryView';
import { formatExact, formatInteger } from '../../format';
import { lotPath } from '../lots/labels';
import { StockTable } from './LocationPage';
import { LotSearch } from './LotSearch';
import { lotMovementsPath, storagePath } from './labels';

/** /storage/stock?lot= — where a lot is: its stock by location. */
export function StockSearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const lot = params.get('lot')?.trim() ?? '';
  const stock = useStock({ lot }, { enabled: lot !== '' });
  const materials = useMaterials();
  return (
    <div className="page" data-testid="stock-search-page">
      <nav className="breadcrumbs" aria-label={t('storage:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('storage:overview.title')}</Link>
          </li>
          <li aria-current="page">{t('storage:stockSearch.title')}</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('storage:overview.title')}</p>
        <h1>{lot ? t('storage:stockSearch.titleOf', { lot }) : t('storage:stockSearch.title')}</h1>
      </header>
      <LotSearch key={lot} initial={lot} />
      {lot === '' ? (
        <p className="muted">{t('storage:stockSearch.prompt')}</p>
      ) : (
        <QueryView query={stock} what={t('storage:loading.lotStock')}>
          {(lines) => {
            const total = lines.reduce((sum, l) => sum + l.quantity, 0);
            return (
              <>
                <p className="muted small" role="status" data-testid="stock-summary">
                  {lines.length === 0
                    ? t('storage:stockSearch.none')
                    : t('storage:stockSearch.summary', {
                        count: lines.length,
                        quantity: formatExact(total),
                        locations: formatInteger(lines.length),
                      })}{' '}
                  <Link to={lotMovementsPath(lot)}>{t('storage:stockSearch.history')}</Link> ·{' '}
                  <Link to={lotPath(lot)}>{t('storage:stockSearch.lotPage')}</Link>
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

import { useTranslation } from 'react-i18next';
import { useAuditTrail } from '../../api/audit';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../format';
import { AuditFiltersForm } from './AuditFiltersForm';
import { AuditTable } from './AuditTable';
import { useAuditFilters } from './useAuditFilters';
import { VerifyChain } from './VerifyChain';

/** /audit: the hash-chained trail of every consequential change, filtered and paged. */
export function AuditPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useAuditFilters();
  const trail = useAuditTrail(filters);
  const entries = trail.data?.pages.flat() ?? [];
  return (
    <div className="page" data-testid="audit-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('admin:eyebrow')}</p>
          <h1>{t('audit:title')}</h1>
        </div>
        <VerifyChain />
      </header>
      <AuditFiltersForm filters={filters} onApply={setFilters} />
      {trail.data === undefined ? (
        trail.isError ? (
          <ErrorPanel
            error={trail.error}
            context={t('common:loading.context', { what: t('audit:what') })}
          />
        ) : (
          <Loading what={t('audit:what')} />
        )
      ) : (
        <section className="section" aria-labelledby="audit-entries-title">
          <h2 id="audit-entries-title" className="visually-hidden">
            {t('audit:entries.title')}
          </h2>
          <p className="muted small" role="status">
            {t('audit:entries.shown', {
              count: entries.length,
              n: formatInteger(entries.length),
            })}
          </p>
          <AuditTable entries={entries} />
          <div className="load-more">
            {trail.hasNextPage ? (
              <button
                type="button"
                className="button"
                onClick={() => void trail.fetchNextPage()}
                disabled={trail.isFetchingNextPage}
              >
                {trail.isFetchingNextPage
                  ? t('common:words.loading')
                  : t('audit:entries.loadOlder')}
              </button>
            ) : (
              entries.length > 0 && <p className="muted small">{t('audit:entries.noOlder')}</p>
            )}
          </div>
          {trail.isFetchNextPageError && (
            <ErrorPanel error={trail.error} context={t('audit:entries.loadingOlder')} />
          )}
        </section>
      )}
    </div>
  );
}

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
  const [filters, setFilters] = useAuditFilters();
  const trail = useAuditTrail(filters);
  const entries = trail.data?.pages.flat() ?? [];
  return (
    <div className="page" data-testid="audit-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Administration</p>
          <h1>Audit trail</h1>
        </div>
        <VerifyChain />
      </header>
      <AuditFiltersForm filters={filters} onApply={setFilters} />
      {trail.data === undefined ? (
        trail.isError ? (
          <ErrorPanel error={trail.error} context="Loading the audit trail" />
        ) : (
          <Loading what="the audit trail" />
        )
      ) : (
        <section className="section" aria-labelledby="audit-entries-title">
          <h2 id="audit-entries-title" className="visually-hidden">
            Entries
          </h2>
          <p className="muted small" role="status">
            {formatInteger(entries.length)} entries shown, newest first.
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
                {trail.isFetchingNextPage ? 'Loading…' : 'Load older'}
              </button>
            ) : (
              entries.length > 0 && <p className="muted small">No older entries.</p>
            )}
          </div>
          {trail.isFetchNextPageError && (
            <ErrorPanel error={trail.error} context="Loading older entries" />
          )}
        </section>
      )}
    </div>
  );
}

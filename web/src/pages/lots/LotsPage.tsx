import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isLotStatus, LOT_STATUSES, type Lot, useLots } from '../../api/genealogy';
import { useMaterials } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { LotStatusBadge } from './LotStatusBadge';
import { formatQuantity, lotPath, statusLabel } from './labels';

const LIMIT = 200;

/** /lots — the lots, newest first, found by number, status and material. */
export function LotsPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const statusParam = params.get('status');
  const status = isLotStatus(statusParam) ? statusParam : undefined;
  const material = params.get('material') ?? '';
  const materials = useMaterials();
  const lots = useLots({
    ...(search ? { search } : {}),
    ...(status ? { status } : {}),
    ...(material ? { material } : {}),
    limit: LIMIT,
  });
  const [typed, setTyped] = useState(search);

  const setFilter = (key: 'search' | 'status' | 'material', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  function onSearch(event: FormEvent) {
    event.preventDefault();
    setFilter('search', typed.trim());
  }

  const filtered = Boolean(search || status || material);

  return (
    <div className="page" data-testid="lots-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('lots:list.eyebrow')}</p>
          <h1>{t('lots:list.title')}</h1>
        </div>
        <Link className="button" to="/recalls">
          {t('lots:list.recalls')}
        </Link>
      </header>

      <search aria-label={t('lots:list.find')}>
        <form className="filters" onSubmit={onSearch} data-testid="lot-filters">
          <div className="form-field">
            <label htmlFor={`${id}-search`}>{t('lots:list.number')}</label>
            <input
              id={`${id}-search`}
              type="text"
              inputMode="search"
              maxLength={60}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('lots:list.numberPlaceholder')}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-status`}>{t('common:words.status')}</label>
            <select
              id={`${id}-status`}
              value={status ?? ''}
              onChange={(e) => setFilter('status', e.target.value)}
            >
              <option value="">{t('lots:list.anyStatus')}</option>
              {LOT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(t, s)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-material`}>{t('lots:list.material')}</label>
            <select
              id={`${id}-material`}
              value={material}
              onChange={(e) => setFilter('material', e.target.value)}
            >
              <option value="">{t('lots:list.anyMaterial')}</option>
              {(materials.data ?? [])
                .filter((m) => m.kind !== 'packaging')
                .map((m) => (
                  <option key={m.code} value={m.code}>
                    {m.code} — {m.name}
                  </option>
                ))}
              {material && !materials.data?.some((m) => m.code === material) && (
                <option value={material}>{material}</option>
              )}
            </select>
          </div>
          <div className="filters__actions">
            <button type="submit" className="button button--primary">
              {t('lots:list.submit')}
            </button>
            {filtered && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setTyped('');
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                {t('lots:list.clear')}
              </button>
            )}
          </div>
        </form>
      </search>

      <QueryView query={lots} what={t('lots:list.loading')}>
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-lots">
              {filtered ? t('lots:list.emptyFiltered') : t('lots:list.empty')}
            </p>
          ) : (
            <>
              <p className="muted small" role="status">
                {data.length >= LIMIT
                  ? t('lots:list.limited', { n: formatInteger(LIMIT) })
                  : t('lots:list.count', { count: data.length, n: formatInteger(data.length) })}
              </p>
              <LotsTable lots={data} />
            </>
          )
        }
      </QueryView>
    </div>
  );
}

function LotsTable({ lots }: { lots: Lot[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="lots-table">
        <thead>
          <tr>
            <th scope="col">{t('common:words.lot')}</th>
            <th scope="col">{t('lots:list.material')}</th>
            <th scope="col">{t('common:words.status')}</th>
            <th scope="col" className="num">
              {t('common:words.quantity')}
            </th>
            <th scope="col">{t('lots:list.column.source')}</th>
            <th scope="col">{t('lots:list.column.recorded')}</th>
          </tr>
        </thead>
        <tbody>
          {lots.map((lot) => (
            <tr key={lot.id} data-testid={`lot-${lot.number}`}>
              <th scope="row">
                <Link to={lotPath(lot.number)}>{lot.number}</Link>
              </th>
              <td>
                <code className="code">{lot.material}</code>
              </td>
              <td>
                <LotStatusBadge status={lot.status} />
              </td>
              <td className="num">{formatQuantity(lot.quantity, lot.unit)}</td>
              <td className="small">
                {lot.origin === 'received' ? (
                  <>
                    {lot.supplier} <span className="muted">· {lot.supplierLot}</span>
                  </>
                ) : lot.workOrderId ? (
                  <>
                    <Link to={`/production/work-orders/${encodeURIComponent(lot.workOrderId)}`}>
                      {lot.workOrderNumber}
                    </Link>{' '}
                    <span className="muted">{t('lots:list.onLine', { line: lot.line })}</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="muted nowrap">{formatDateTime(lot.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

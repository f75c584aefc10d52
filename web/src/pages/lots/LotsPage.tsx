import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isLotStatus, LOT_STATUSES, type Lot, useLots } from '../../api/genealogy';
import { useMaterials } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { LotStatusBadge } from './LotStatusBadge';
import { formatQuantity, lotPath, STATUS_LABEL } from './labels';

const LIMIT = 200;

/** /lots — the lots, newest first, found by number, status and material. */
export function LotsPage() {
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
          <p className="page-header__eyebrow">Traceability</p>
          <h1>Lots</h1>
        </div>
        <Link className="button" to="/recalls">
          Recalls
        </Link>
      </header>

      <search aria-label="Find lots">
        <form className="filters" onSubmit={onSearch} data-testid="lot-filters">
          <div className="form-field">
            <label htmlFor={`${id}-search`}>Lot number</label>
            <input
              id={`${id}-search`}
              type="text"
              inputMode="search"
              maxLength={60}
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. LTL27C400"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select
              id={`${id}-status`}
              value={status ?? ''}
              onChange={(e) => setFilter('status', e.target.value)}
            >
              <option value="">Any status</option>
              {LOT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-material`}>Material</label>
            <select
              id={`${id}-material`}
              value={material}
              onChange={(e) => setFilter('material', e.target.value)}
            >
              <option value="">Any material</option>
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
              Find
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
                Clear
              </button>
            )}
          </div>
        </form>
      </search>

      <QueryView query={lots} what="the lots">
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-lots">
              {filtered
                ? 'No lot matches these filters.'
                : 'No lots yet: supplier lots appear when they are received, made lots when a work order starts.'}
            </p>
          ) : (
            <>
              <p className="muted small" role="status">
                {data.length >= LIMIT
                  ? `The newest ${formatInteger(LIMIT)} lots; narrow the search for older ones.`
                  : `${formatInteger(data.length)} ${data.length === 1 ? 'lot' : 'lots'}, newest first.`}
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
  return (
    <div className="table-scroll">
      <table className="table" data-testid="lots-table">
        <thead>
          <tr>
            <th scope="col">Lot</th>
            <th scope="col">Material</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col">Source</th>
            <th scope="col">Recorded</th>
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
                    <span className="muted">on {lot.line}</span>
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

import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useLines } from '../../api/plant';
import { useWorkOrders, WORK_ORDER_STATES, type WorkOrderState } from '../../api/production';
import { useCan } from '../../auth/session';
import { QueryView } from '../../components/QueryView';
import { formatInteger } from '../../format';
import { stateLabel } from './labels';
import { PlanWorkOrderForm } from './PlanWorkOrderForm';
import { WorkOrderTable } from './WorkOrderTable';

const isState = (value: string | null): value is WorkOrderState =>
  (WORK_ORDER_STATES as readonly string[]).includes(value ?? '');

/** /production: the work orders, filtered by line and state; planners plan new ones here. */
export function ProductionPage() {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const line = params.get('line') ?? '';
  const stateParam = params.get('state');
  const state = isState(stateParam) ? stateParam : undefined;
  const lines = useLines();
  const orders = useWorkOrders({
    ...(line ? { line } : {}),
    ...(state ? { state } : {}),
    limit: 200,
  });
  const [planning, setPlanning] = useState(false);

  const setFilter = (key: 'line' | 'state', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="page" data-testid="production-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('production:list.eyebrow')}</p>
          <h1>{t('production:list.title')}</h1>
        </div>
        <div className="form__actions">
          <Link className="button" to="/production/terminal">
            {t('production:list.terminals')}
          </Link>
          {can('production.plan') && !planning && (
            <button
              type="button"
              className="button button--primary"
              onClick={() => setPlanning(true)}
            >
              {t('production:list.plan')}
            </button>
          )}
        </div>
      </header>

      {planning && (
        <PlanWorkOrderForm
          {...(line ? { defaultLine: line } : {})}
          onPlanned={(order) => navigate(`/production/work-orders/${order.id}`)}
          onCancel={() => setPlanning(false)}
        />
      )}

      <search aria-label={t('production:list.filters')}>
        <div className="filters" data-testid="work-order-filters">
          <div className="form-field">
            <label htmlFor={`${id}-line`}>{t('common:words.line')}</label>
            <select
              id={`${id}-line`}
              value={line}
              onChange={(e) => setFilter('line', e.target.value)}
            >
              <option value="">{t('production:list.allLines')}</option>
              {(lines.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-state`}>{t('production:list.state')}</label>
            <select
              id={`${id}-state`}
              value={state ?? ''}
              onChange={(e) => setFilter('state', e.target.value)}
            >
              <option value="">{t('production:list.anyState')}</option>
              {WORK_ORDER_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(t, s)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </search>

      <section className="section" aria-labelledby={`${id}-orders`}>
        <h2 id={`${id}-orders`} className="visually-hidden">
          {t('production:list.title')}
        </h2>
        <QueryView query={orders} what={t('production:list.loading')}>
          {(data) =>
            data.length === 0 ? (
              <p className="muted" data-testid="no-work-orders">
                {line || state ? t('production:list.emptyFiltered') : t('production:list.empty')}
                {can('production.plan') ? ` ${t('production:list.emptyHint')}` : ''}
              </p>
            ) : (
              <>
                <p className="muted small" role="status">
                  {t('production:list.count', {
                    count: data.length,
                    n: formatInteger(data.length),
                  })}
                </p>
                <WorkOrderTable orders={data} />
              </>
            )
          }
        </QueryView>
      </section>
    </div>
  );
}

import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  equipmentPath,
  type MaintenancePlan,
  type MaintenanceWorkOrder,
  useDueWorkOrders,
  useOpenRequests,
  usePlans,
  workOrderPath,
} from '../../api/maintenance';
import { useLines, usePlantSummary } from '../../api/plant';
import { downtimeNames, useReasonTables } from '../../api/production';
import { useCan } from '../../auth/session';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { CriticalityBadge, KindBadge, StateBadge } from './badges';
import { assetCode, counted, formatDay, formatMinutes } from './labels';
import { MaintenanceHeader } from './MaintenanceHeader';
import { OpenRequestForm } from './OpenRequestForm';
import './maintenance.css';

const HORIZONS = [7, 14, 30, 90] as const;

interface BoardCommand {
  name: string;
  label: string;
  perform: () => void;
}

/** /maintenance — what needs doing: open requests, planned jobs (overdue first) and the plans. */
export function BoardPage() {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const line = params.get('line') ?? '';
  const days = Number(params.get('days')) || 14;
  const lines = useLines();
  const requests = useOpenRequests(line || undefined);
  const due = useDueWorkOrders(days, line || undefined);
  const plans = usePlans();
  const zone = usePlantSummary().data?.site.timezone;
  const [opening, setOpening] = useState(false);

  const setFilter = (key: 'line' | 'days', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const commands: BoardCommand[] =
    can('maintenance.request') && !opening
      ? [
          {
            name: 'open-request',
            label: t('maintenance:board.openRequest'),
            perform: () => setOpening(true),
          },
        ]
      : [];

  return (
    <div className="page" data-testid="maintenance-board">
      <MaintenanceHeader current="board" title={t('maintenance:board.title')}>
        {commands.length > 0 && (
          <div className="form__actions">
            {commands.map((command) => (
              <button
                key={command.name}
                type="button"
                className="button button--primary"
                data-command={command.name}
                onClick={command.perform}
              >
                {command.label}
              </button>
            ))}
          </div>
        )}
      </MaintenanceHeader>

      {opening && (
        <OpenRequestForm
          {...(line ? { defaultLine: line } : {})}
          onOpened={(order) => {
            setOpening(false);
            if (can('maintenance.work')) void navigate(workOrderPath(order.number));
          }}
          onCancel={() => setOpening(false)}
        />
      )}

      <search aria-label={t('maintenance:board.filter')}>
        <div className="filters" data-testid="board-filters">
          <div className="form-field">
            <label htmlFor={`${id}-line`}>{t('common:words.line')}</label>
            <select
              id={`${id}-line`}
              value={line}
              onChange={(e) => setFilter('line', e.target.value)}
            >
              <option value="">{t('maintenance:filters.allLines')}</option>
              {(lines.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-days`}>{t('maintenance:board.dueWithin')}</label>
            <select
              id={`${id}-days`}
              value={days}
              onChange={(e) => setFilter('days', e.target.value === '14' ? '' : e.target.value)}
            >
              {HORIZONS.map((d) => (
                <option key={d} value={d}>
                  {t('maintenance:board.days', counted(d))}
                </option>
              ))}
            </select>
          </div>
        </div>
      </search>

      <section className="section" aria-labelledby={`${id}-requests`}>
        <h2 id={`${id}-requests`}>{t('maintenance:board.requests.title')}</h2>
        <QueryView query={requests} what={t('maintenance:board.requests.loading')}>
          {(data) =>
            data.length === 0 ? (
              <p className="muted" data-testid="no-open-requests">
                {line
                  ? t('maintenance:board.requests.noneOnLine', { line })
                  : t('maintenance:board.requests.none')}
              </p>
            ) : (
              <>
                <p className="muted small" role="status">
                  {t('maintenance:board.requests.count', counted(data.length))}
                </p>
                <ul className="mnt-cards" data-testid="open-requests">
                  {data.map((order) => (
                    <li key={order.id}>
                      <RequestCard order={order} zone={zone} />
                    </li>
                  ))}
                </ul>
              </>
            )
          }
        </QueryView>
      </section>

      <section className="section" aria-labelledby={`${id}-planned`}>
        <h2 id={`${id}-planned`}>{t('maintenance:board.planned.title')}</h2>
        <QueryView query={due} what={t('maintenance:board.planned.loading')}>
          {(data) =>
            data.length === 0 ? (
              <p className="muted" data-testid="no-planned-jobs">
                {line
                  ? t('maintenance:board.planned.noneOnLine', { ...counted(days), line })
                  : t('maintenance:board.planned.none', counted(days))}
              </p>
            ) : (
              <PlannedJobs orders={data} zone={zone} />
            )
          }
        </QueryView>
      </section>

      <section className="section" aria-labelledby={`${id}-plans`}>
        <h2 id={`${id}-plans`}>{t('maintenance:board.plans.title')}</h2>
        <QueryView query={plans} what={t('maintenance:board.plans.loading')}>
          {(data) => {
            const shown = data.filter((p) => !line || p.line === line);
            return shown.length === 0 ? (
              <p className="muted" data-testid="no-plans">
                {line
                  ? t('maintenance:board.plans.noneOnLine', { line })
                  : t('maintenance:board.plans.none')}
              </p>
            ) : (
              <PlansTable plans={shown} />
            );
          }}
        </QueryView>
      </section>
    </div>
  );
}

function RequestCard({ order, zone }: { order: MaintenanceWorkOrder; zone?: string | undefined }) {
  const { t } = useTranslation();
  const names = downtimeNames(useReasonTables().data?.downtimeReasons ?? []);
  const reason = order.reason ? (names.get(order.reason)?.name ?? order.reason) : undefined;
  return (
    <article
      className={`mnt-card mnt-card--${order.kind} mnt-card--${order.state}`}
      aria-labelledby={`req-${order.number}`}
      data-testid={`request-${order.number}`}
      data-kind={order.kind}
      data-state={order.state}
      data-station={order.station ?? ''}
    >
      <div className="mnt-card__head">
        <Link
          id={`req-${order.number}`}
          className="mnt-card__number"
          to={workOrderPath(order.number)}
        >
          {order.number}
        </Link>
        <KindBadge kind={order.kind} />
        <StateBadge state={order.state} />
      </div>
      <p className="mnt-card__title">{order.title}</p>
      <dl className="mnt-card__facts">
        <div>
          <dt>{t('maintenance:facts.asset')}</dt>
          <dd>
            {order.station ? (
              <Link to={equipmentPath(order.line, order.station)}>{assetCode(order)}</Link>
            ) : (
              assetCode(order)
            )}
            {order.criticality && <CriticalityBadge criticality={order.criticality} />}
          </dd>
        </div>
        {reason && (
          <div>
            <dt>{t('common:words.reason')}</dt>
            <dd>
              {reason} <span className="code">{order.reason}</span>
            </dd>
          </div>
        )}
        <div>
          <dt>{order.downAt ? t('maintenance:facts.downSince') : t('maintenance:facts.opened')}</dt>
          <dd>{formatDateTime(order.downAt ?? order.openedAt, zone)}</dd>
        </div>
        {order.upAt && (
          <div>
            <dt>{t('maintenance:facts.backInService')}</dt>
            <dd>{formatDateTime(order.upAt, zone)}</dd>
          </div>
        )}
        <div>
          <dt>{t('maintenance:facts.takenBy')}</dt>
          <dd>{order.takenBy ?? t('maintenance:facts.nobodyYet')}</dd>
        </div>
      </dl>
    </article>
  );
}

function PlannedJobs({
  orders,
  zone,
}: {
  orders: MaintenanceWorkOrder[];
  zone?: string | undefined;
}) {
  const { t } = useTranslation();
  const overdue = orders.filter((o) => o.overdue).length;
  return (
    <>
      <p className="muted small" role="status">
        {overdue > 0
          ? t('maintenance:board.planned.countOverdue', {
              ...counted(orders.length),
              overdue: formatInteger(overdue),
            })
          : t('maintenance:board.planned.count', counted(orders.length))}
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="planned-jobs">
          <thead>
            <tr>
              <th scope="col">{t('maintenance:columns.job')}</th>
              <th scope="col">{t('maintenance:columns.asset')}</th>
              <th scope="col">{t('maintenance:columns.what')}</th>
              <th scope="col">{t('maintenance:columns.due')}</th>
              <th scope="col">{t('maintenance:columns.window')}</th>
              <th scope="col">{t('maintenance:columns.state')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr
                key={o.id}
                className={o.overdue ? 'mnt-overdue' : undefined}
                data-testid={`planned-${o.number}`}
                data-overdue={o.overdue ? 'true' : 'false'}
              >
                <th scope="row" className="nowrap">
                  <Link to={workOrderPath(o.number)}>{o.number}</Link>
                  {o.overdue && (
                    <span className="badge badge--warn">{t('maintenance:overdue')}</span>
                  )}
                </th>
                <td>
                  {o.station ? (
                    <Link to={equipmentPath(o.line, o.station)}>{assetCode(o)}</Link>
                  ) : (
                    assetCode(o)
                  )}
                </td>
                <td>
                  {o.title}
                  {o.plan && (
                    <span className="muted small">
                      {' '}
                      · {t('maintenance:board.planned.fromPlan', { plan: o.plan })}
                    </span>
                  )}
                </td>
                <td className="nowrap">
                  {o.dueAt ? formatDateTime(o.dueAt, zone) : '—'}
                  {o.dueCount !== null && (
                    <span className="muted small">
                      {' '}
                      · {t('maintenance:board.planned.atCount', { at: formatInteger(o.dueCount) })}
                    </span>
                  )}
                </td>
                <td className="nowrap">
                  {o.window
                    ? `${formatDateTime(o.window.from, zone)} – ${formatDateTime(o.window.to, zone)}`
                    : '—'}
                </td>
                <td>
                  <StateBadge state={o.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function PlansTable({ plans }: { plans: MaintenancePlan[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="plans">
        <thead>
          <tr>
            <th scope="col">{t('maintenance:board.plans.columns.plan')}</th>
            <th scope="col">{t('maintenance:columns.asset')}</th>
            <th scope="col">{t('maintenance:board.plans.columns.every')}</th>
            <th scope="col">{t('maintenance:board.plans.columns.nextDue')}</th>
            <th scope="col" className="num">
              {t('maintenance:board.plans.columns.duration')}
            </th>
            <th scope="col">{t('maintenance:board.plans.columns.stopsTheLine')}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.code} data-testid={`plan-${p.code}`}>
              <th scope="row">
                <span className="code">{p.code}</span> {p.title}
                {!p.active && (
                  <span className="badge">{t('maintenance:board.plans.inactive')}</span>
                )}
              </th>
              <td>{assetCode(p)}</td>
              <td>
                {p.trigger === 'calendar'
                  ? t('maintenance:board.plans.everyDays', counted(p.everyDays ?? 0))
                  : t(
                      `maintenance:board.plans.everyCount.${p.counter ?? 'units'}`,
                      counted(p.every ?? 0),
                    )}
              </td>
              <td>
                {p.trigger === 'calendar'
                  ? p.next.due
                    ? formatDay(p.next.due)
                    : '—'
                  : p.next.dueCount === null
                    ? '—'
                    : p.next.remaining === null
                      ? t('maintenance:board.plans.nextAt', { at: formatInteger(p.next.dueCount) })
                      : t('maintenance:board.plans.nextAtRemaining', {
                          at: formatInteger(p.next.dueCount),
                          remaining: formatInteger(p.next.remaining),
                        })}
              </td>
              <td className="num">{formatMinutes(p.durationMinutes)}</td>
              <td>{p.needsLineDown ? t('common:words.yes') : t('common:words.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useId, useState } from 'react';
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
import { assetCode } from './labels';
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
      ? [{ name: 'open-request', label: 'Open a request', perform: () => setOpening(true) }]
      : [];

  return (
    <div className="page" data-testid="maintenance-board">
      <MaintenanceHeader current="board" title="Maintenance board">
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

      <search aria-label="Filter the board">
        <div className="filters" data-testid="board-filters">
          <div className="form-field">
            <label htmlFor={`${id}-line`}>Line</label>
            <select
              id={`${id}-line`}
              value={line}
              onChange={(e) => setFilter('line', e.target.value)}
            >
              <option value="">All lines</option>
              {(lines.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-days`}>Planned jobs due within</label>
            <select
              id={`${id}-days`}
              value={days}
              onChange={(e) => setFilter('days', e.target.value === '14' ? '' : e.target.value)}
            >
              {HORIZONS.map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
          </div>
        </div>
      </search>

      <section className="section" aria-labelledby={`${id}-requests`}>
        <h2 id={`${id}-requests`}>Open requests</h2>
        <QueryView query={requests} what="the open requests">
          {(data) =>
            data.length === 0 ? (
              <p className="muted" data-testid="no-open-requests">
                No open requests{line ? ` on ${line}` : ''}. Breakdowns in the machine data open one
                here by themselves.
              </p>
            ) : (
              <>
                <p className="muted small" role="status">
                  {formatInteger(data.length)} open, newest first.
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
        <h2 id={`${id}-planned`}>Planned jobs</h2>
        <QueryView query={due} what="the planned jobs">
          {(data) =>
            data.length === 0 ? (
              <p className="muted" data-testid="no-planned-jobs">
                No preventive job due within {days} days{line ? ` on ${line}` : ''}.
              </p>
            ) : (
              <PlannedJobs orders={data} zone={zone} />
            )
          }
        </QueryView>
      </section>

      <section className="section" aria-labelledby={`${id}-plans`}>
        <h2 id={`${id}-plans`}>Preventive plans</h2>
        <QueryView query={plans} what="the preventive plans">
          {(data) => {
            const shown = data.filter((p) => !line || p.line === line);
            return shown.length === 0 ? (
              <p className="muted" data-testid="no-plans">
                No preventive plans{line ? ` on ${line}` : ''}.
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
          <dt>Asset</dt>
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
            <dt>Reason</dt>
            <dd>
              {reason} <span className="code">{order.reason}</span>
            </dd>
          </div>
        )}
        <div>
          <dt>{order.downAt ? 'Down since' : 'Opened'}</dt>
          <dd>{formatDateTime(order.downAt ?? order.openedAt, zone)}</dd>
        </div>
        {order.upAt && (
          <div>
            <dt>Back in service</dt>
            <dd>{formatDateTime(order.upAt, zone)}</dd>
          </div>
        )}
        <div>
          <dt>Taken by</dt>
          <dd>{order.takenBy ?? 'nobody yet'}</dd>
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
  const overdue = orders.filter((o) => o.overdue).length;
  return (
    <>
      <p className="muted small" role="status">
        {formatInteger(orders.length)} due
        {overdue > 0 ? `, ${formatInteger(overdue)} overdue (marked, listed first)` : ''}.
      </p>
      <div className="table-scroll">
        <table className="table" data-testid="planned-jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Asset</th>
              <th scope="col">What</th>
              <th scope="col">Due</th>
              <th scope="col">Window</th>
              <th scope="col">State</th>
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
                  {o.overdue && <span className="badge badge--warn">Overdue</span>}
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
                  {o.plan && <span className="muted small"> · plan {o.plan}</span>}
                </td>
                <td className="nowrap">
                  {o.dueAt ? formatDateTime(o.dueAt, zone) : '—'}
                  {o.dueCount !== null && (
                    <span className="muted small"> · at {formatInteger(o.dueCount)}</span>
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
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="plans">
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Asset</th>
            <th scope="col">Every</th>
            <th scope="col">Next due</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Stops the line</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.code} data-testid={`plan-${p.code}`}>
              <th scope="row">
                <span className="code">{p.code}</span> {p.title}
                {!p.active && <span className="badge">Inactive</span>}
              </th>
              <td>{assetCode(p)}</td>
              <td>
                {p.trigger === 'calendar'
                  ? `${formatInteger(p.everyDays ?? 0)} days`
                  : `${formatInteger(p.every ?? 0)} ${p.counter ?? 'units'}`}
              </td>
              <td>
                {p.trigger === 'calendar'
                  ? (p.next.due ?? '—')
                  : p.next.dueCount !== null
                    ? `at ${formatInteger(p.next.dueCount)}${
                        p.next.remaining !== null
                          ? ` (${formatInteger(p.next.remaining)} to go)`
                          : ''
                      }`
                    : '—'}
              </td>
              <td className="num">{formatInteger(p.durationMinutes)} min</td>
              <td>{p.needsLineDown ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

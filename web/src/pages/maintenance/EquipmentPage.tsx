import { lazy, type ReactNode, Suspense, useId, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  type AssetHistory,
  type ReliabilityFigures,
  useAssetHistory,
  workOrderPath,
} from '../../api/maintenance';
import { usePlantSummary } from '../../api/plant';
import { downtimeNames, useReasonTables } from '../../api/production';
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { stateLabel } from '../floor/states';
import { CriticalityBadge, KindBadge, StateBadge } from './badges';
import {
  CRITICALITY_LABEL,
  equipmentListPath,
  formatAvailability,
  formatMaybeMinutes,
} from './labels';
import { MaintenanceHeader } from './MaintenanceHeader';
import { trendOption, weekLabel } from './trend';
import './maintenance.css';

// ECharts is a bundle of its own, fetched when the trend is first drawn.
const TrendChart = lazy(() => import('./TrendChart'));

const WINDOWS = [30, 90, 180, 365] as const;
const DAY_MS = 86_400_000;

/** /maintenance/equipment/:line/:station — the asset, its reliability and its history. */
export function EquipmentPage() {
  const { line = '', station = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const days = Number(params.get('days')) || 90;
  // The window's start, fixed while the choice stands (a new instant each render would refetch).
  const from = useMemo(
    () => (days === 90 ? undefined : new Date(Date.now() - days * DAY_MS).toISOString()),
    [days],
  );
  const history = useAssetHistory(line, station, from);
  const id = useId();
  return (
    <div className="page" data-testid="equipment-page">
      <MaintenanceHeader
        current="equipment"
        title={
          <>
            {line}/{station}
            {history.data && <span className="mnt-subtitle"> {history.data.asset.name}</span>}
          </>
        }
      >
        <div className="form-field">
          <label htmlFor={`${id}-days`}>Figures over</label>
          <select
            id={`${id}-days`}
            value={days}
            onChange={(e) =>
              setParams(e.target.value === '90' ? {} : { days: e.target.value }, { replace: true })
            }
          >
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                the last {d} days
              </option>
            ))}
          </select>
        </div>
      </MaintenanceHeader>
      <p className="small">
        <Link to={equipmentListPath}>‹ All equipment</Link>
      </p>
      <QueryView query={history} what="the asset">
        {(data) => <AssetView data={data} />}
      </QueryView>
    </div>
  );
}

function AssetView({ data }: { data: AssetHistory }) {
  const id = useId();
  const zone = usePlantSummary().data?.site.timezone;
  const names = downtimeNames(useReasonTables().data?.downtimeReasons ?? []);
  const reasonName = (code: string | null) =>
    code === null ? 'No reason given' : (names.get(code)?.name ?? code);
  const { asset, reliability: r, trend } = data;
  const option = useMemo(() => trendOption(trend), [trend]);
  return (
    <>
      <section className="section" aria-labelledby={`${id}-asset`}>
        <h2 id={`${id}-asset`}>The asset</h2>
        <dl className="facts mnt-facts" data-testid="asset-facts">
          <Fact label="Make" value={asset.make ?? '—'} testId="asset-make" />
          <Fact label="Model" value={asset.model ?? '—'} testId="asset-model" />
          <Fact label="Serial" value={asset.serial ?? '—'} testId="asset-serial" />
          <Fact
            label="Criticality"
            value={
              asset.criticality ? (
                <>
                  <CriticalityBadge criticality={asset.criticality} />{' '}
                  <span className="small">{CRITICALITY_LABEL[asset.criticality]}</span>
                </>
              ) : (
                '—'
              )
            }
            testId="asset-criticality"
          />
          <Fact label="Kind" value={asset.kind.replaceAll('_', ' ')} />
          <Fact
            label="State"
            value={
              asset.state
                ? `${stateLabel(asset.state)}${
                    asset.inBreakdownSince
                      ? ` — broken down since ${formatDateTime(asset.inBreakdownSince, zone)}`
                      : ''
                  }`
                : 'Not seen in the machine data yet'
            }
            testId="asset-state"
          />
          <Fact label="Open jobs" value={formatInteger(asset.openWorkOrders)} />
          <Fact
            label="Counted"
            value={`${formatInteger(asset.counts.cycles)} cycles, ${formatInteger(asset.counts.cartridges)} good`}
          />
        </dl>
      </section>

      <section className="section" aria-labelledby={`${id}-reliability`}>
        <h2 id={`${id}-reliability`}>Reliability</h2>
        <p className="muted small">
          {formatDateTime(data.window.from, zone)} – {formatDateTime(data.window.to, zone)}:{' '}
          {formatInteger(r.failures)} breakdowns began, {formatInteger(r.repairs)} repairs closed,
          over {formatMaybeMinutes(r.scheduledMinutes)} of production time. MTTR counts a repair
          once its request is closed.
        </p>
        <Figures figures={r} />
        <div className="mnt-two">
          <div className="table-scroll">
            <table className="table table--compact" data-testid="top-reasons">
              <caption>Top failure reasons (machine data)</caption>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Failures
                  </th>
                  <th scope="col" className="num">
                    Downtime
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.topReasons.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="muted">
                      No breakdown in the window.
                    </td>
                  </tr>
                ) : (
                  r.topReasons.map((t) => (
                    <tr key={t.reason ?? ''}>
                      <th scope="row">
                        {reasonName(t.reason)}{' '}
                        {t.reason && <span className="code">{t.reason}</span>}
                      </th>
                      <td className="num">{formatInteger(t.failures)}</td>
                      <td className="num">{formatMaybeMinutes(t.downtimeMinutes)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="table-scroll">
            <table className="table table--compact" data-testid="top-causes">
              <caption>Top causes (technicians’ records)</caption>
              <thead>
                <tr>
                  <th scope="col">Cause</th>
                  <th scope="col" className="num">
                    Repairs
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.topCauses.length === 0 ? (
                  <tr>
                    <td colSpan={2} className="muted">
                      No repair closed in the window.
                    </td>
                  </tr>
                ) : (
                  r.topCauses.map((t) => (
                    <tr key={t.cause}>
                      <th scope="row">{t.cause}</th>
                      <td className="num">{formatInteger(t.repairs)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      <section className="section" aria-labelledby={`${id}-trend`}>
        <h2 id={`${id}-trend`}>Weekly trend</h2>
        <Suspense fallback={<Loading what="the chart" />}>
          <TrendChart
            option={option}
            height={260}
            testId="reliability-trend"
            label={`Failures and MTTR of ${asset.line}/${asset.station} week by week; the same figures are in the table below.`}
          />
        </Suspense>
        <details className="mnt-details">
          <summary>The trend as a table</summary>
          <div className="table-scroll">
            <table className="table table--compact" data-testid="trend-table">
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  <th scope="col" className="num">
                    Failures
                  </th>
                  <th scope="col" className="num">
                    Downtime
                  </th>
                  <th scope="col" className="num">
                    MTBF
                  </th>
                  <th scope="col" className="num">
                    MTTR
                  </th>
                  <th scope="col" className="num">
                    Availability
                  </th>
                </tr>
              </thead>
              <tbody>
                {trend.map((w) => (
                  <tr key={w.week}>
                    <th scope="row">{weekLabel(w.week)}</th>
                    <td className="num">{formatInteger(w.failures)}</td>
                    <td className="num">{formatMaybeMinutes(w.downtimeMinutes)}</td>
                    <td className="num">{formatMaybeMinutes(w.mtbfMinutes)}</td>
                    <td className="num">{formatMaybeMinutes(w.mttrMinutes)}</td>
                    <td className="num">{formatAvailability(w.availability)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>

      <section className="section" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>History</h2>
        {data.workOrders.length === 0 ? (
          <p className="muted" data-testid="no-asset-work">
            No maintenance work on this asset yet.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="asset-work-orders">
              <caption>Requests and work orders, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Kind</th>
                  <th scope="col">What</th>
                  <th scope="col">Down, due or opened</th>
                  <th scope="col">State</th>
                  <th scope="col">Cause / action</th>
                  <th scope="col" className="num">
                    Repair time
                  </th>
                  <th scope="col" className="num">
                    Labour
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.workOrders.map((o) => (
                  <tr key={o.id} data-testid={`history-${o.number}`}>
                    <th scope="row" className="nowrap">
                      <Link to={workOrderPath(o.number)}>{o.number}</Link>
                    </th>
                    <td>
                      <KindBadge kind={o.kind} />
                    </td>
                    <td>{o.title}</td>
                    <td className="nowrap">
                      {o.dueAt && !o.downAt ? 'due ' : ''}
                      {formatDateTime(o.downAt ?? o.dueAt ?? o.openedAt, zone)}
                    </td>
                    <td>
                      <StateBadge state={o.state} />
                    </td>
                    <td>{[o.cause, o.action].filter(Boolean).join(' — ') || '—'}</td>
                    <td className="num">{formatMaybeMinutes(o.repairMinutes)}</td>
                    <td className="num">{formatMaybeMinutes(o.labourMinutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data.breakdowns.length > 0 && (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="asset-breakdowns">
              <caption>Breakdowns in the machine data</caption>
              <thead>
                <tr>
                  <th scope="col">Down</th>
                  <th scope="col">Back in service</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Request</th>
                </tr>
              </thead>
              <tbody>
                {data.breakdowns.map((b) => (
                  <tr key={b.downAt}>
                    <th scope="row" className="nowrap">
                      {formatDateTime(b.downAt, zone)}
                    </th>
                    <td className="nowrap">
                      {b.upAt ? formatDateTime(b.upAt, zone) : 'still down'}
                    </td>
                    <td>
                      {reasonName(b.reason)} <span className="code">{b.reason}</span>
                    </td>
                    <td>
                      {b.request ? <Link to={workOrderPath(b.request)}>{b.request}</Link> : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Fact({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="facts__item" {...(testId ? { 'data-testid': testId } : {})}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The headline figures; each carries its exact value for tests and tools (data-value). */
function Figures({ figures: r }: { figures: ReliabilityFigures }) {
  const items: { key: string; label: string; value: number | null; text: string; hint: string }[] =
    [
      {
        key: 'mtbf',
        label: 'MTBF',
        value: r.mtbfMinutes,
        text: formatMaybeMinutes(r.mtbfMinutes),
        hint: 'uptime per breakdown',
      },
      {
        key: 'mttr',
        label: 'MTTR',
        value: r.mttrMinutes,
        text: formatMaybeMinutes(r.mttrMinutes),
        hint: `mean of ${formatInteger(r.repairs)} closed repairs`,
      },
      {
        key: 'availability',
        label: 'Availability',
        value: r.availability,
        text: formatAvailability(r.availability),
        hint: 'uptime / production time',
      },
      {
        key: 'downtime',
        label: 'Breakdown downtime',
        value: r.downtimeMinutes,
        text: formatMaybeMinutes(r.downtimeMinutes),
        hint: `${formatInteger(r.failures)} breakdowns`,
      },
    ];
  return (
    <ul className="mnt-figures" data-testid="reliability-figures">
      {items.map((item) => (
        <li
          key={item.key}
          data-testid={`figure-${item.key}`}
          data-value={item.value === null ? '' : String(item.value)}
        >
          <span className="mnt-figure__label">{item.label}</span>
          <span className="mnt-figure__value" data-testid={`figure-${item.key}-text`}>
            {item.text}
          </span>
          <span className="mnt-figure__hint">{item.hint}</span>
        </li>
      ))}
    </ul>
  );
}

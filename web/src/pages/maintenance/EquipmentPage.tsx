import { lazy, type ReactNode, Suspense, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
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
import { counted, equipmentListPath, formatAvailability, formatMaybeMinutes } from './labels';
import { MaintenanceHeader } from './MaintenanceHeader';
import { trendOption, weekLabel } from './trend';
import './maintenance.css';

// ECharts is a bundle of its own, fetched when the trend is first drawn.
const TrendChart = lazy(() => import('./TrendChart'));

const WINDOWS = [30, 90, 180, 365] as const;
const DAY_MS = 86_400_000;

/** /maintenance/equipment/:line/:station — the asset, its reliability and its history. */
export function EquipmentPage() {
  const { t } = useTranslation();
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
          <label htmlFor={`${id}-days`}>{t('maintenance:equipment.window')}</label>
          <select
            id={`${id}-days`}
            value={days}
            onChange={(e) =>
              setParams(e.target.value === '90' ? {} : { days: e.target.value }, { replace: true })
            }
          >
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {t('maintenance:equipment.lastDays', counted(d))}
              </option>
            ))}
          </select>
        </div>
      </MaintenanceHeader>
      <p className="small">
        <Link to={equipmentListPath}>‹ {t('maintenance:equipment.allEquipment')}</Link>
      </p>
      <QueryView query={history} what={t('maintenance:equipment.loading')}>
        {(data) => <AssetView data={data} />}
      </QueryView>
    </div>
  );
}

function AssetView({ data }: { data: AssetHistory }) {
  const { t } = useTranslation();
  const id = useId();
  const zone = usePlantSummary().data?.site.timezone;
  const names = downtimeNames(useReasonTables().data?.downtimeReasons ?? []);
  const reasonName = (code: string | null) =>
    code === null ? t('maintenance:equipment.noReason') : (names.get(code)?.name ?? code);
  const { asset, reliability: r, trend } = data;
  const option = useMemo(
    () =>
      trendOption(trend, {
        failures: t('maintenance:trend.failures'),
        failuresAxis: t('maintenance:trend.failuresAxis'),
        mttr: t('maintenance:trend.mttr'),
        minutesAxis: t('maintenance:trend.minutesAxis'),
      }),
    // t is new when the language changes: the chart's words and week labels follow it.
    [trend, t],
  );
  return (
    <>
      <section className="section" aria-labelledby={`${id}-asset`}>
        <h2 id={`${id}-asset`}>{t('maintenance:equipment.asset.title')}</h2>
        <dl className="facts mnt-facts" data-testid="asset-facts">
          <Fact
            label={t('maintenance:equipment.asset.make')}
            value={asset.make ?? '—'}
            testId="asset-make"
          />
          <Fact
            label={t('maintenance:equipment.asset.model')}
            value={asset.model ?? '—'}
            testId="asset-model"
          />
          <Fact
            label={t('maintenance:equipment.asset.serial')}
            value={asset.serial ?? '—'}
            testId="asset-serial"
          />
          <Fact
            label={t('maintenance:equipment.asset.criticality')}
            value={
              asset.criticality ? (
                <>
                  <CriticalityBadge criticality={asset.criticality} />{' '}
                  <span className="small">{t(`maintenance:criticality.${asset.criticality}`)}</span>
                </>
              ) : (
                '—'
              )
            }
            testId="asset-criticality"
          />
          <Fact
            label={t('maintenance:equipment.asset.kind')}
            value={t(`maintenance:stationKind.${asset.kind}`, {
              defaultValue: asset.kind.replaceAll('_', ' '),
            })}
          />
          <Fact
            label={t('maintenance:equipment.asset.state')}
            value={
              asset.state
                ? asset.inBreakdownSince
                  ? t('maintenance:equipment.asset.stateBrokenDown', {
                      state: stateLabel(asset.state),
                      since: formatDateTime(asset.inBreakdownSince, zone),
                    })
                  : stateLabel(asset.state)
                : t('maintenance:equipment.asset.notSeen')
            }
            testId="asset-state"
          />
          <Fact
            label={t('maintenance:equipment.asset.openJobs')}
            value={formatInteger(asset.openWorkOrders)}
          />
          <Fact
            label={t('maintenance:equipment.asset.counted')}
            value={t('maintenance:equipment.asset.counts', {
              ...counted(asset.counts.cycles),
              good: formatInteger(asset.counts.cartridges),
            })}
          />
        </dl>
      </section>

      <section className="section" aria-labelledby={`${id}-reliability`}>
        <h2 id={`${id}-reliability`}>{t('maintenance:equipment.reliability.title')}</h2>
        <p className="muted small">
          {t('maintenance:equipment.reliability.summary', {
            from: formatDateTime(data.window.from, zone),
            to: formatDateTime(data.window.to, zone),
            breakdowns: t('maintenance:equipment.reliability.breakdownsBegan', counted(r.failures)),
            repairs: t('maintenance:equipment.reliability.repairsClosed', counted(r.repairs)),
            time: formatMaybeMinutes(r.scheduledMinutes),
          })}
        </p>
        <Figures figures={r} />
        <div className="mnt-two">
          <div className="table-scroll">
            <table className="table table--compact" data-testid="top-reasons">
              <caption>{t('maintenance:equipment.reliability.topReasons')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common:words.reason')}</th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.failures')}
                  </th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.downtime')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.topReasons.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="muted">
                      {t('maintenance:equipment.reliability.noBreakdown')}
                    </td>
                  </tr>
                ) : (
                  r.topReasons.map((top) => (
                    <tr key={top.reason ?? ''}>
                      <th scope="row">
                        {reasonName(top.reason)}{' '}
                        {top.reason && <span className="code">{top.reason}</span>}
                      </th>
                      <td className="num">{formatInteger(top.failures)}</td>
                      <td className="num">{formatMaybeMinutes(top.downtimeMinutes)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="table-scroll">
            <table className="table table--compact" data-testid="top-causes">
              <caption>{t('maintenance:equipment.reliability.topCauses')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('maintenance:columns.cause')}</th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.repairs')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.topCauses.length === 0 ? (
                  <tr>
                    <td colSpan={2} className="muted">
                      {t('maintenance:equipment.reliability.noRepair')}
                    </td>
                  </tr>
                ) : (
                  r.topCauses.map((top) => (
                    <tr key={top.cause}>
                      <th scope="row">{top.cause}</th>
                      <td className="num">{formatInteger(top.repairs)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </div>
      </section>

      <section className="section" aria-labelledby={`${id}-trend`}>
        <h2 id={`${id}-trend`}>{t('maintenance:equipment.trend.title')}</h2>
        <Suspense fallback={<Loading what={t('maintenance:equipment.trend.loading')} />}>
          <TrendChart
            option={option}
            height={260}
            testId="reliability-trend"
            label={t('maintenance:equipment.trend.label', {
              asset: `${asset.line}/${asset.station}`,
            })}
          />
        </Suspense>
        <details className="mnt-details">
          <summary>{t('maintenance:equipment.trend.asTable')}</summary>
          <div className="table-scroll">
            <table className="table table--compact" data-testid="trend-table">
              <thead>
                <tr>
                  <th scope="col">{t('maintenance:columns.weekOf')}</th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.failures')}
                  </th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.downtime')}
                  </th>
                  <th scope="col" className="num">
                    {t('maintenance:figures.mtbf.label')}
                  </th>
                  <th scope="col" className="num">
                    {t('maintenance:figures.mttr.label')}
                  </th>
                  <th scope="col" className="num">
                    {t('maintenance:figures.availability.label')}
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
        <h2 id={`${id}-history`}>{t('maintenance:equipment.history.title')}</h2>
        {data.workOrders.length === 0 ? (
          <p className="muted" data-testid="no-asset-work">
            {t('maintenance:equipment.history.none')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="asset-work-orders">
              <caption>{t('maintenance:equipment.history.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('maintenance:columns.job')}</th>
                  <th scope="col">{t('maintenance:columns.kind')}</th>
                  <th scope="col">{t('maintenance:columns.what')}</th>
                  <th scope="col">{t('maintenance:columns.downDueOrOpened')}</th>
                  <th scope="col">{t('maintenance:columns.state')}</th>
                  <th scope="col">{t('maintenance:columns.causeAction')}</th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.repairTime')}
                  </th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.labour')}
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
                      {o.dueAt && !o.downAt
                        ? t('maintenance:equipment.history.dueAt', {
                            at: formatDateTime(o.dueAt, zone),
                          })
                        : formatDateTime(o.downAt ?? o.openedAt, zone)}
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
              <caption>{t('maintenance:equipment.breakdowns.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('maintenance:columns.down')}</th>
                  <th scope="col">{t('maintenance:facts.backInService')}</th>
                  <th scope="col">{t('common:words.reason')}</th>
                  <th scope="col">{t('maintenance:columns.request')}</th>
                </tr>
              </thead>
              <tbody>
                {data.breakdowns.map((b) => (
                  <tr key={b.downAt}>
                    <th scope="row" className="nowrap">
                      {formatDateTime(b.downAt, zone)}
                    </th>
                    <td className="nowrap">
                      {b.upAt
                        ? formatDateTime(b.upAt, zone)
                        : t('maintenance:equipment.breakdowns.stillDown')}
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
  const { t } = useTranslation();
  const items: { key: string; label: string; value: number | null; text: string; hint: string }[] =
    [
      {
        key: 'mtbf',
        label: t('maintenance:figures.mtbf.label'),
        value: r.mtbfMinutes,
        text: formatMaybeMinutes(r.mtbfMinutes),
        hint: t('maintenance:figures.mtbf.hint'),
      },
      {
        key: 'mttr',
        label: t('maintenance:figures.mttr.label'),
        value: r.mttrMinutes,
        text: formatMaybeMinutes(r.mttrMinutes),
        hint: t('maintenance:figures.mttr.hint', counted(r.repairs)),
      },
      {
        key: 'availability',
        label: t('maintenance:figures.availability.label'),
        value: r.availability,
        text: formatAvailability(r.availability),
        hint: t('maintenance:figures.availability.hint'),
      },
      {
        key: 'downtime',
        label: t('maintenance:figures.downtime.label'),
        value: r.downtimeMinutes,
        text: formatMaybeMinutes(r.downtimeMinutes),
        hint: t('maintenance:figures.downtime.hint', counted(r.failures)),
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

import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useLines } from '../../api/plant';
import {
  type Inspection,
  type LineAlarm,
  type QualityDashboard,
  useLinesAlarms,
  useOpenInspection,
  useQualityDashboard,
  useRecentInspections,
  useSwitching,
} from '../../api/quality';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { formatQuantity, lotPath } from '../lots/labels';
import { InspectionStateBadge, NonconformanceStateBadge, SeverityBadge } from './badges';
import { dispositionPath, inspectionPath, nonconformancePath, scopeLabel } from './labels';
import { alarmMessage, chartTitles, windowBack } from './spc';
import { nonconformanceFromAlarmPath } from './spcDraft';
import { describeStream, switchingPath } from './streams';

/** How many of the newest inspections tell which lots were inspected already. */
const RECENT = 200;

/** /quality — what waits for QA: lots to decide, inspections under way, nonconformances, severities. */
export function QualityPage() {
  const { t } = useTranslation();
  const dashboard = useQualityDashboard();
  return (
    <div className="page" data-testid="quality-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('quality:nav.quality')}</p>
          <h1>{t('quality:nav.quality')}</h1>
        </div>
        <div className="form__actions">
          <Link className="button" to="/quality/spc">
            {t('quality:dashboard.spcCharts')}
          </Link>
          <Link className="button" to="/quality/nonconformances">
            {t('quality:nav.nonconformances')}
          </Link>
        </div>
      </header>
      <QueryView query={dashboard} what={t('quality:loading.dashboard')}>
        {(data) => <Dashboard data={data} />}
      </QueryView>
      <SpcAlarmsSection />
      <SwitchingSection />
    </div>
  );
}

function Dashboard({ data }: { data: QualityDashboard }) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const navigate = useNavigate();
  const open = useOpenInspection();
  // The latest inspection of each lot: open ones come with the dashboard, completed ones
  // from the newest inspections (a lot waits for its decision after it was inspected).
  const recent = useRecentInspections(RECENT);
  const latestByLot = new Map<string, Inspection>();
  for (const i of [...data.openInspections, ...(recent.data ?? [])]) {
    if (!latestByLot.has(i.lot)) latestByLot.set(i.lot, i);
  }

  const openInspection = (lot: string) =>
    open.mutate(lot, {
      onSuccess: (inspection) => navigate(inspectionPath(inspection.number)),
    });

  return (
    <>
      <ul className="counts" data-testid="quality-counts">
        <Count
          value={data.awaitingDecision.length}
          label={t('quality:dashboard.counts.awaiting', { count: data.awaitingDecision.length })}
        />
        <Count
          value={data.openInspections.length}
          label={t('quality:dashboard.counts.inspections', { count: data.openInspections.length })}
        />
        <Count
          value={data.openNonconformances.length}
          label={t('quality:dashboard.counts.nonconformances', {
            count: data.openNonconformances.length,
          })}
        />
      </ul>

      <section className="section" aria-labelledby={`${id}-awaiting`}>
        <h2 id={`${id}-awaiting`}>{t('quality:dashboard.awaiting.title')}</h2>
        {data.awaitingDecision.length === 0 ? (
          <p className="muted" data-testid="nothing-awaiting">
            {t('quality:dashboard.awaiting.none')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="awaiting-decision">
              <thead>
                <tr>
                  <th scope="col">{t('common:words.lot')}</th>
                  <th scope="col">{t('quality:fields.material')}</th>
                  <th scope="col">{t('quality:fields.source')}</th>
                  <th scope="col" className="num">
                    {t('common:words.quantity')}
                  </th>
                  <th scope="col">{t('quality:fields.recorded')}</th>
                  <th scope="col">{t('quality:fields.inspection')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common:words.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.awaitingDecision.map((lot) => {
                  const inspection = latestByLot.get(lot.number);
                  // A lot is inspected again only after a rejection (e.g. once reworked).
                  const mayOpen =
                    recent.isSuccess &&
                    (!inspection || inspection.state === 'rejected') &&
                    can('quality.inspect');
                  return (
                    <tr key={lot.number} data-testid={`awaiting-${lot.number}`}>
                      <th scope="row" className="nowrap">
                        <Link to={lotPath(lot.number)}>{lot.number}</Link>
                      </th>
                      <td>
                        <code className="code">{lot.material}</code>
                      </td>
                      <td>
                        {lot.origin === 'received'
                          ? t('quality:origin.received')
                          : t('quality:origin.made')}
                      </td>
                      <td className="num">{formatQuantity(lot.quantity, lot.unit)}</td>
                      <td className="muted nowrap">{formatDateTime(lot.createdAt)}</td>
                      <td>
                        {inspection ? (
                          <>
                            <Link to={inspectionPath(inspection.number)}>{inspection.number}</Link>{' '}
                            <InspectionStateBadge state={inspection.state} />
                            {inspection.state === 'open' && (
                              <span className="muted small">
                                {' '}
                                {t('quality:dashboard.toRecord', {
                                  n: formatInteger(inspection.missing.length),
                                })}
                              </span>
                            )}
                          </>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td>
                        <div className="q-row-actions">
                          {mayOpen && (
                            <button
                              type="button"
                              className="button"
                              data-command="open-inspection"
                              disabled={open.isPending}
                              onClick={() => openInspection(lot.number)}
                            >
                              {t('quality:commands.openInspection')}
                            </button>
                          )}
                          <Link
                            className="button"
                            to={dispositionPath(lot.number)}
                            data-command="disposition"
                          >
                            {t('quality:dashboard.evidenceAndDecision')}
                          </Link>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <FormError error={open.error} testId="open-inspection-error" />
      </section>

      <section className="section" aria-labelledby={`${id}-inspections`}>
        <h2 id={`${id}-inspections`}>{t('quality:dashboard.inspections.title')}</h2>
        {data.openInspections.length === 0 ? (
          <p className="muted">{t('quality:dashboard.inspections.none')}</p>
        ) : (
          <InspectionsTable inspections={data.openInspections} />
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-ncs`}>
        <h2 id={`${id}-ncs`}>{t('quality:dashboard.nonconformances.title')}</h2>
        {data.openNonconformances.length === 0 ? (
          <p className="muted">{t('quality:dashboard.nonconformances.none')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="open-nonconformances">
              <thead>
                <tr>
                  <th scope="col">{t('quality:fields.number')}</th>
                  <th scope="col">{t('quality:fields.title')}</th>
                  <th scope="col">{t('quality:fields.state')}</th>
                  <th scope="col">{t('quality:fields.lots')}</th>
                  <th scope="col">{t('quality:fields.opened')}</th>
                </tr>
              </thead>
              <tbody>
                {data.openNonconformances.map((nc) => (
                  <tr key={nc.id}>
                    <th scope="row">
                      <Link to={nonconformancePath(nc.number)}>{nc.number}</Link>
                    </th>
                    <td>{nc.title}</td>
                    <td>
                      <NonconformanceStateBadge state={nc.state} />
                    </td>
                    <td>
                      <span className="code-list">
                        {nc.lots.map((lot) => (
                          <Link key={lot} to={dispositionPath(lot)}>
                            {lot}
                          </Link>
                        ))}
                      </span>
                    </td>
                    <td className="muted nowrap">
                      {formatDateTime(nc.openedAt)}{' '}
                      <span className="small">{t('quality:by', { user: nc.openedBy })}</span>
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

function InspectionsTable({ inspections }: { inspections: Inspection[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="open-inspections">
        <thead>
          <tr>
            <th scope="col">{t('quality:fields.inspection')}</th>
            <th scope="col">{t('common:words.lot')}</th>
            <th scope="col">{t('quality:fields.specification')}</th>
            <th scope="col">{t('quality:fields.scope')}</th>
            <th scope="col" className="num">
              {t('quality:fields.linesRecorded')}
            </th>
            <th scope="col">{t('quality:fields.opened')}</th>
          </tr>
        </thead>
        <tbody>
          {inspections.map((i) => {
            const lines = i.plan.lines.length;
            return (
              <tr key={i.id} data-testid={`inspection-${i.number}`}>
                <th scope="row">
                  <Link to={inspectionPath(i.number)}>{i.number}</Link>
                </th>
                <td>
                  <Link to={dispositionPath(i.lot)}>{i.lot}</Link>{' '}
                  <code className="code">{i.material}</code>
                </td>
                <td>
                  <code className="code">{i.specification}</code>
                </td>
                <td>{scopeLabel(i.scope)}</td>
                <td className="num">
                  {t('quality:dashboard.recordedOf', {
                    recorded: formatInteger(lines - i.missing.length),
                    total: formatInteger(lines),
                  })}
                </td>
                <td className="muted nowrap">
                  {formatDateTime(i.openedAt)}{' '}
                  <span className="small">{t('quality:by', { user: i.openedBy })}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The sampling streams, one per class of nonconformity of each product made and each
 * supplier's material (ISO 2859-1 §9.1): the ones off normal inspection first — tightened,
 * reduced or discontinued — the rest on asking; each opens to its history of lots.
 */
function SwitchingSection() {
  const { t } = useTranslation();
  const id = useId();
  const switching = useSwitching();
  const [showAll, setShowAll] = useState(false);
  return (
    <section className="section" aria-labelledby={`${id}-switching`}>
      <h2 id={`${id}-switching`}>{t('quality:switching.title')}</h2>
      <QueryView query={switching} what={t('quality:loading.switching')}>
        {(data) => {
          const off = data.streams.filter((s) => s.severity !== 'normal');
          const normal = data.streams.filter((s) => s.severity === 'normal');
          const shown = showAll ? [...off, ...normal] : off;
          const judged = new Map<string, number>();
          for (const step of data.history) {
            if (step.lot !== null) judged.set(step.stream, (judged.get(step.stream) ?? 0) + 1);
          }
          return (
            <>
              {data.streams.length === 0 ? (
                <p className="muted" data-testid="no-streams">
                  {t('quality:dashboard.streams.none')}
                </p>
              ) : off.length === 0 ? (
                <p className="muted" data-testid="all-normal">
                  {t('quality:dashboard.streams.allNormal')}
                </p>
              ) : null}
              {shown.length > 0 && (
                <div className="table-scroll" id={`${id}-streams`}>
                  <table className="table" data-testid="switching-streams">
                    <thead>
                      <tr>
                        <th scope="col">{t('quality:dashboard.streams.stream')}</th>
                        <th scope="col">{t('quality:fields.severity')}</th>
                        <th scope="col" className="num">
                          {t('quality:dashboard.streams.lotsOnIt')}
                        </th>
                        <th scope="col" className="num">
                          {t('quality:fields.lotsJudged')}
                        </th>
                        <th scope="col">{t('quality:dashboard.streams.since')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((s) => {
                        const name = describeStream(s.stream);
                        return (
                          <tr key={s.stream} data-testid={`stream-${s.stream}`}>
                            <th scope="row">
                              <Link to={switchingPath(s.stream)} data-command="stream-history">
                                {name.words}
                              </Link>
                              <span className="q-stream-key">
                                <code className="code">{s.stream}</code>
                              </span>
                            </th>
                            <td>
                              <SeverityBadge severity={s.severity} />
                            </td>
                            <td className="num">{formatInteger(s.state.lotsOnSeverity)}</td>
                            <td className="num">{formatInteger(judged.get(s.stream) ?? 0)}</td>
                            <td className="muted nowrap">{formatDateTime(s.updatedAt)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
              {normal.length > 0 && (
                <p className="q-toggle">
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={showAll}
                    aria-controls={`${id}-streams`}
                    data-command="show-all-streams"
                    onClick={() => setShowAll(!showAll)}
                  >
                    {showAll
                      ? t('quality:dashboard.streams.showOff')
                      : t('quality:dashboard.streams.showAll', {
                          n: formatInteger(normal.length),
                        })}
                  </button>
                </p>
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

/** The run-rule alarms of every line's gauges over the last 24 hours. */
function SpcAlarmsSection() {
  const { t } = useTranslation();
  const id = useId();
  // The server charts a line's alarms as X̄ and R of 5 consecutive cartridges (GET /spc/alarms).
  const dashboardChart = chartTitles('xbar-r', null);
  const can = useCan();
  const mayOpen = can('quality.inspect');
  const lines = useLines();
  const codes = (lines.data ?? []).map((l) => l.code);
  const window = useMemo(() => windowBack(24, new Date()), []);
  const answers = useLinesAlarms(codes, window);
  const failed = answers.find((a) => a.isError);
  const alarms: (LineAlarm & { line: string })[] = answers
    .flatMap((a, i) => (a.data ?? []).map((alarm) => ({ ...alarm, line: codes[i] ?? '' })))
    .sort((a, b) => b.at.localeCompare(a.at));
  const pending = lines.isPending || answers.some((a) => a.isPending);
  return (
    <section className="section" aria-labelledby={`${id}-spc`}>
      <h2 id={`${id}-spc`}>{t('quality:dashboard.alarms.title')}</h2>
      {failed ? (
        <FormError error={failed.error} testId="spc-alarms-error" />
      ) : pending ? (
        <p className="muted">{t('quality:dashboard.alarms.reading')}</p>
      ) : alarms.length === 0 ? (
        <p className="muted" data-testid="no-spc-alarms">
          {t('quality:dashboard.alarms.none')}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact" data-testid="dashboard-spc-alarms">
            <thead>
              <tr>
                <th scope="col">{t('quality:fields.at')}</th>
                <th scope="col">{t('common:words.line')}</th>
                <th scope="col">{t('quality:fields.metric')}</th>
                <th scope="col">{t('quality:fields.rule')}</th>
                <th scope="col">{t('quality:fields.what')}</th>
                {mayOpen && (
                  <th scope="col">
                    <span className="visually-hidden">{t('common:words.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {alarms.slice(0, 50).map((a) => {
                const message = alarmMessage(a);
                return (
                  <tr key={`${a.line}-${a.metric}-${a.chart}-${a.rule}-${a.at}`}>
                    <td className="nowrap">{formatDateTime(a.at)}</td>
                    <td>
                      <Link
                        to={`/quality/spc?${new URLSearchParams({ line: a.line, metric: a.metric })}`}
                      >
                        {a.line}
                      </Link>
                    </td>
                    <td>
                      <code className="code">{a.metric}</code>
                      {a.product && <span className="muted small"> {a.product}</span>}
                    </td>
                    <td>
                      <strong>{a.rule}</strong>
                    </td>
                    <td className="small">{message}</td>
                    {mayOpen && (
                      <td>
                        <Link
                          className="button button--small nowrap"
                          to={nonconformanceFromAlarmPath({
                            kind: 'gauge',
                            line: a.line,
                            metric: a.metric,
                            product: a.product,
                            rule: a.rule,
                            message,
                            at: a.at,
                            chart: dashboardChart[a.chart],
                          })}
                          data-command="open-nonconformance"
                        >
                          {t('quality:commands.openNonconformance')}
                        </Link>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Count({ value, label }: { value: number; label: string }) {
  return (
    <li>
      <span className="counts__value">{formatInteger(value)}</span>{' '}
      <span className="counts__label">{label}</span>
    </li>
  );
}

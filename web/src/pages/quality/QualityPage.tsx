import { useId, useMemo, useState } from 'react';
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
import { dispositionPath, inspectionPath, nonconformancePath, SCOPE_LABEL } from './labels';
import { chartTitles, windowBack } from './spc';
import { nonconformanceFromAlarmPath } from './spcDraft';
import { describeStream, switchingPath } from './streams';

/** How many of the newest inspections tell which lots were inspected already. */
const RECENT = 200;

/** /quality — what waits for QA: lots to decide, inspections under way, nonconformances, severities. */
export function QualityPage() {
  const dashboard = useQualityDashboard();
  return (
    <div className="page" data-testid="quality-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Quality</p>
          <h1>Quality</h1>
        </div>
        <div className="form__actions">
          <Link className="button" to="/quality/spc">
            SPC charts
          </Link>
          <Link className="button" to="/quality/nonconformances">
            Nonconformances
          </Link>
        </div>
      </header>
      <QueryView query={dashboard} what="the quality dashboard">
        {(data) => <Dashboard data={data} />}
      </QueryView>
      <SpcAlarmsSection />
      <SwitchingSection />
    </div>
  );
}

function Dashboard({ data }: { data: QualityDashboard }) {
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
        <Count value={data.awaitingDecision.length} label="lots awaiting a decision" />
        <Count value={data.openInspections.length} label="open inspections" />
        <Count value={data.openNonconformances.length} label="open nonconformances" />
      </ul>

      <section className="section" aria-labelledby={`${id}-awaiting`}>
        <h2 id={`${id}-awaiting`}>Lots awaiting a decision</h2>
        {data.awaitingDecision.length === 0 ? (
          <p className="muted" data-testid="nothing-awaiting">
            No lot in quarantine waits for QA.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="awaiting-decision">
              <thead>
                <tr>
                  <th scope="col">Lot</th>
                  <th scope="col">Material</th>
                  <th scope="col">Source</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Inspection</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
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
                      <td>{lot.origin === 'received' ? 'Supplier' : 'Made'}</td>
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
                                {formatInteger(inspection.missing.length)} to record
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
                              Open inspection
                            </button>
                          )}
                          <Link
                            className="button"
                            to={dispositionPath(lot.number)}
                            data-command="disposition"
                          >
                            Evidence and decision
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
        <h2 id={`${id}-inspections`}>Open inspections</h2>
        {data.openInspections.length === 0 ? (
          <p className="muted">No inspection is under way.</p>
        ) : (
          <InspectionsTable inspections={data.openInspections} />
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-ncs`}>
        <h2 id={`${id}-ncs`}>Open nonconformances</h2>
        {data.openNonconformances.length === 0 ? (
          <p className="muted">No nonconformance is open.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="open-nonconformances">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Title</th>
                  <th scope="col">State</th>
                  <th scope="col">Lots</th>
                  <th scope="col">Opened</th>
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
                      {formatDateTime(nc.openedAt)} <span className="small">by {nc.openedBy}</span>
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
  return (
    <div className="table-scroll">
      <table className="table" data-testid="open-inspections">
        <thead>
          <tr>
            <th scope="col">Inspection</th>
            <th scope="col">Lot</th>
            <th scope="col">Specification</th>
            <th scope="col">Scope</th>
            <th scope="col" className="num">
              Recorded
            </th>
            <th scope="col">Opened</th>
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
                <td>{SCOPE_LABEL[i.scope]}</td>
                <td className="num">
                  {formatInteger(lines - i.missing.length)} of {formatInteger(lines)}
                </td>
                <td className="muted nowrap">
                  {formatDateTime(i.openedAt)} <span className="small">by {i.openedBy}</span>
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
  const id = useId();
  const switching = useSwitching();
  const [showAll, setShowAll] = useState(false);
  return (
    <section className="section" aria-labelledby={`${id}-switching`}>
      <h2 id={`${id}-switching`}>Inspection severity</h2>
      <QueryView query={switching} what="the switching state">
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
                  No lot has been judged on a sampling plan yet: every stream starts on normal
                  inspection.
                </p>
              ) : off.length === 0 ? (
                <p className="muted" data-testid="all-normal">
                  Every sampling stream is on normal inspection.
                </p>
              ) : null}
              {shown.length > 0 && (
                <div className="table-scroll" id={`${id}-streams`}>
                  <table className="table" data-testid="switching-streams">
                    <thead>
                      <tr>
                        <th scope="col">Stream</th>
                        <th scope="col">Severity</th>
                        <th scope="col" className="num">
                          Lots on it
                        </th>
                        <th scope="col" className="num">
                          Lots judged
                        </th>
                        <th scope="col">Since</th>
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
                      ? 'Show only the streams off normal'
                      : `Show all streams (${formatInteger(normal.length)} on normal)`}
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

/** The server charts a line's alarms as X̄ and R of 5 consecutive cartridges (GET /spc/alarms). */
const DASHBOARD_CHART = chartTitles('xbar-r', null);

/** The run-rule alarms of every line's gauges over the last 24 hours. */
function SpcAlarmsSection() {
  const id = useId();
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
      <h2 id={`${id}-spc`}>SPC alarms, last 24 hours</h2>
      {failed ? (
        <FormError error={failed.error} testId="spc-alarms-error" />
      ) : pending ? (
        <p className="muted">Reading the gauges…</p>
      ) : alarms.length === 0 ? (
        <p className="muted" data-testid="no-spc-alarms">
          No run rule fired on any line’s gauges.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact" data-testid="dashboard-spc-alarms">
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Line</th>
                <th scope="col">Metric</th>
                <th scope="col">Rule</th>
                <th scope="col">What</th>
                {mayOpen && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {alarms.slice(0, 50).map((a) => (
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
                  <td className="small">{a.message}</td>
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
                          message: a.message,
                          at: a.at,
                          chart: DASHBOARD_CHART[a.chart],
                        })}
                        data-command="open-nonconformance"
                      >
                        Open nonconformance
                      </Link>
                    </td>
                  )}
                </tr>
              ))}
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

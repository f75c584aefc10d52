import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  certificatePath,
  type Disposition,
  type Evidence,
  type Inspection,
  type LotDecision,
  type PlanLine,
  useDispositions,
  useEvidence,
  useLotInspections,
  useOpenInspection,
} from '../../api/quality';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { LotStatusBadge } from '../lots/LotStatusBadge';
import { formatQuantity, lotPath } from '../lots/labels';
import { InspectionStateBadge, NonconformanceStateBadge, VerdictBadge } from './badges';
import { DispositionDialog } from './DispositionDialog';
import {
  DECISION_DONE,
  DECISION_LABEL,
  describeLimit,
  inspectionPath,
  NC_DECISION_LABEL,
  nonconformancePath,
  SCOPE_LABEL,
  STATISTIC_LABEL,
} from './labels';

/** /quality/lots/:lot — the evidence QA decides on, the decisions signed so far, and the decision. */
export function DispositionPage() {
  const { lot = '' } = useParams();
  const evidence = useEvidence(lot);
  return (
    <div className="page" data-testid="disposition-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/quality">Quality</Link>
          </li>
          <li aria-current="page">{lot}</li>
        </ol>
      </nav>
      <QueryView query={evidence} what="the lot’s evidence">
        {(data) => <LotDisposition evidence={data} />}
      </QueryView>
    </div>
  );
}

/** The decisions a lot's status allows (src/modules/genealogy/lots.ts decideLot). */
function decisionsFor(status: Evidence['lot']['status']): LotDecision[] {
  switch (status) {
    case 'quarantine':
      return ['release', 'hold', 'reject'];
    case 'on_hold':
      return ['release_hold', 'reject'];
    case 'released':
      return ['hold'];
    default:
      return [];
  }
}

/** Why the server would refuse a release now, as far as the page can tell; undefined if it would not. */
function releaseBlocker(evidence: Evidence): string | undefined {
  const blocking = evidence.nonconformances.filter(
    (n) =>
      n.state === 'open' ||
      n.state === 'investigating' ||
      (n.state === 'decided' && n.decision === 'scrap'),
  );
  if (blocking.length > 0) {
    return `nonconformance ${blocking.map((n) => n.number).join(', ')} is still open or decided as scrap`;
  }
  if (evidence.lot.origin === 'received' && evidence.lot.certificate) return undefined;
  const latest = evidence.inspections.find((i) => i.state !== 'open');
  if (!latest) return 'the lot has no completed inspection to release it on';
  if (latest.state !== 'accepted')
    return `its latest inspection ${latest.number} was ${latest.state}`;
  return undefined;
}

/** A command of the page: a name tests and the keyboard reach it by, and what it does. */
interface DispositionCommand {
  name: string;
  label: string;
  perform: () => void;
  tone?: 'primary' | 'danger';
  disabled?: boolean;
}

const CERTIFIED: ReadonlySet<string> = new Set(['released', 'shipped', 'consumed']);

function LotDisposition({ evidence }: { evidence: Evidence }) {
  const id = useId();
  const can = useCan();
  const navigate = useNavigate();
  const lot = evidence.lot;
  const [deciding, setDeciding] = useState<LotDecision>();
  const [done, setDone] = useState<LotDecision>();
  const open = useOpenInspection();
  const blocker = releaseBlocker(evidence);
  // Newest first: a lot is inspected again only after a rejection (e.g. once reworked).
  const latest = evidence.inspections[0];

  const commands: DispositionCommand[] = [
    ...(lot.status === 'quarantine' &&
    (!latest || latest.state === 'rejected') &&
    can('quality.inspect')
      ? [
          {
            name: 'open-inspection',
            label: 'Open inspection',
            disabled: open.isPending,
            perform: () =>
              open.mutate(lot.number, {
                onSuccess: (inspection) => navigate(inspectionPath(inspection.number)),
              }),
          },
        ]
      : []),
    ...(can('quality.disposition')
      ? decisionsFor(lot.status).map(
          (decision): DispositionCommand => ({
            name: decision,
            label: `${DECISION_LABEL[decision]}…`,
            ...(decision === 'release' ? { tone: 'primary' as const } : {}),
            ...(decision === 'reject' ? { tone: 'danger' as const } : {}),
            perform: () => {
              setDone(undefined);
              setDeciding(decision);
            },
          }),
        )
      : []),
  ];

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">
            {lot.origin === 'received' ? 'Supplier lot' : 'Lot made in the plant'} · disposition
          </p>
          <h1 data-testid="lot-number">
            {lot.number} <LotStatusBadge status={lot.status} />
          </h1>
        </div>
        <div className="form__actions" data-testid="disposition-commands">
          {commands.map((command) => (
            <button
              key={command.name}
              type="button"
              className={`button q-touch${command.tone ? ` button--${command.tone}` : ''}`}
              data-command={command.name}
              disabled={command.disabled}
              onClick={command.perform}
            >
              {command.label}
            </button>
          ))}
          {CERTIFIED.has(lot.status) && (
            <a
              className="button q-touch"
              href={certificatePath(lot.number)}
              download={`CoC-${lot.number}.pdf`}
              data-testid="certificate-link"
            >
              Certificate of conformance (PDF)
            </a>
          )}
        </div>
      </header>
      <FormError error={open.error} testId="open-inspection-error" />

      {done && (
        <p className="form-notice form-notice--ok" role="status" data-testid="disposition-done">
          {DECISION_DONE[done]}: lot {lot.number} is now <LotStatusBadge status={lot.status} />. The
          signature and the evidence are kept below.
        </p>
      )}

      <div className="panel">
        <dl className="facts" data-testid="lot-facts">
          <div className="facts__item facts__item--lead">
            <dt>Material</dt>
            <dd>
              <code className="code">{lot.material}</code>
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>Quantity</dt>
            <dd>{formatQuantity(lot.quantity, lot.unit)}</dd>
          </div>
          {lot.supplier && (
            <div className="facts__item">
              <dt>Supplier</dt>
              <dd>
                {lot.supplier} <span className="muted small">· lot {lot.supplierLot}</span>
              </dd>
            </div>
          )}
          {lot.certificate && (
            <div className="facts__item">
              <dt>Supplier’s certificate</dt>
              <dd>
                <code className="code">{lot.certificate}</code>
              </dd>
            </div>
          )}
          <div className="facts__item">
            <dt>Genealogy</dt>
            <dd>
              <Link to={lotPath(lot.number)}>Lot page</Link>
            </dd>
          </div>
        </dl>
        {lot.status === 'quarantine' && (
          <p
            className={`form-notice ${blocker ? 'form-notice--warn' : 'form-notice--ok'} q-readiness`}
            data-testid="release-readiness"
          >
            {blocker
              ? `Not releasable yet: ${blocker}.`
              : lot.origin === 'received' && lot.certificate
                ? 'Releasable on its inspection or on the supplier’s certificate.'
                : 'Releasable: its latest inspection was accepted and no nonconformance blocks it.'}
          </p>
        )}
      </div>

      <section className="section" aria-labelledby={`${id}-inspections`}>
        <h2 id={`${id}-inspections`}>Inspections</h2>
        <LotInspections lot={lot.number} />
      </section>

      <section className="section" aria-labelledby={`${id}-ncs`}>
        <h2 id={`${id}-ncs`}>Nonconformances</h2>
        {evidence.nonconformances.length === 0 ? (
          <p className="muted" data-testid="no-nonconformances">
            No nonconformance concerns this lot.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="lot-nonconformances">
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Title</th>
                  <th scope="col">State</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {evidence.nonconformances.map((nc) => (
                  <tr key={nc.number}>
                    <th scope="row">
                      <Link to={nonconformancePath(nc.number)}>{nc.number}</Link>
                    </th>
                    <td>{nc.title}</td>
                    <td>
                      <NonconformanceStateBadge state={nc.state} />
                    </td>
                    <td>{nc.decision ? NC_DECISION_LABEL[nc.decision] : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {lot.origin === 'made' && (
        <section className="section" aria-labelledby={`${id}-spc`}>
          <h2 id={`${id}-spc`}>SPC alarms during its production</h2>
          <ProductionAlarms evidence={evidence} />
        </section>
      )}

      <section className="section" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>Decisions</h2>
        <DispositionHistory lot={lot.number} />
      </section>

      {deciding && (
        <DispositionDialog
          evidence={evidence}
          decision={deciding}
          onClose={() => setDeciding(undefined)}
          onDone={() => {
            setDone(deciding);
            setDeciding(undefined);
          }}
        />
      )}
    </>
  );
}

/** A plan line in one line of words: "n 200, Ac 0, Re 1 · normal · code L · AQL 0.065". */
function describePlan(line: PlanLine): string {
  switch (line.kind) {
    case 'attribute': {
      const p = line.plan;
      return `n ${formatInteger(p.n)}, Ac ${p.ac}, Re ${p.re} · ${p.severity} · code ${p.codeLetter} · AQL ${formatExact(p.aql)}`;
    }
    case 'variable':
      return `n ${formatInteger(line.sampleSize)} · ${describeLimit({ min: line.lsl, max: line.usl }, line.unit)}`;
    case 'range':
      return `${formatInteger(line.sampleSize)} rounds · ${line.limits
        .map(
          (l) =>
            `${STATISTIC_LABEL[l.statistic].toLowerCase()} ${describeLimit(l, l.statistic === 'failures' ? undefined : line.unit)}`,
        )
        .join('; ')}`;
    default: {
      const unknownLine: never = line;
      return unknownLine;
    }
  }
}

function LotInspections({ lot }: { lot: string }) {
  const inspections = useLotInspections(lot);
  return (
    <QueryView query={inspections} what="the lot’s inspections">
      {(data) =>
        data.length === 0 ? (
          <p className="muted" data-testid="no-inspections">
            The lot has not been inspected.
          </p>
        ) : (
          <div className="q-evidence">
            {data.map((inspection) => (
              <InspectionEvidence key={inspection.id} inspection={inspection} />
            ))}
          </div>
        )
      }
    </QueryView>
  );
}

function InspectionEvidence({ inspection: i }: { inspection: Inspection }) {
  const id = useId();
  const resultOf = new Map(i.results.map((r) => [r.characteristic, r]));
  return (
    <article
      className="q-evidence__inspection"
      aria-labelledby={`${id}-title`}
      data-testid={`evidence-${i.number}`}
    >
      <header className="q-evidence__head">
        <h3 id={`${id}-title`}>
          <Link to={inspectionPath(i.number)}>{i.number}</Link>{' '}
          <InspectionStateBadge state={i.state} />
        </h3>
        <p className="muted small">
          {SCOPE_LABEL[i.scope]} to <code className="code">{i.specification}</code>, lot size{' '}
          {formatInteger(i.plan.lotSize)}
          {i.completedAt
            ? ` · completed ${formatDateTime(i.completedAt)} by ${i.completedBy}`
            : ` · opened ${formatDateTime(i.openedAt)} by ${i.openedBy}`}
        </p>
      </header>
      <div className="table-scroll">
        <table className="table table--compact" data-testid="evidence-lines">
          <thead>
            <tr>
              <th scope="col">Characteristic</th>
              <th scope="col">Sampling plan and limits</th>
              <th scope="col">Result</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {i.plan.lines.map((line) => {
              const result = resultOf.get(line.characteristic);
              return (
                <tr key={line.characteristic} data-testid={`evidence-line-${line.characteristic}`}>
                  <th scope="row">
                    <code className="code">{line.characteristic}</code>{' '}
                    <span className="small">{line.name}</span>
                  </th>
                  <td className="small">{describePlan(line)}</td>
                  <td className="small">
                    {result ? (
                      <>
                        {result.verdict.summary}{' '}
                        <span className="muted">
                          · {result.recordedBy}, {formatDateTime(result.recordedAt)}
                        </span>
                      </>
                    ) : (
                      <span className="muted">not recorded</span>
                    )}
                  </td>
                  <td>
                    <VerdictBadge accepted={result?.verdict.accepted} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </article>
  );
}

/** The run-rule alarms of the line's gauges while the lot was made, as the evidence holds them. */
function ProductionAlarms({ evidence }: { evidence: Evidence }) {
  if (evidence.spcNote) {
    return (
      <p className="form-notice form-notice--warn" data-testid="production-alarms-note">
        {evidence.spcNote}
      </p>
    );
  }
  if (evidence.spcAlarms.length === 0) {
    return (
      <p className="muted" data-testid="no-production-alarms">
        No run rule fired on the line’s gauges while the lot was made.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="production-alarms">
        <thead>
          <tr>
            <th scope="col">At</th>
            <th scope="col">Metric</th>
            <th scope="col">Rule</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {evidence.spcAlarms.map((a) => (
            <tr key={`${a.metric}-${a.rule}-${a.at}-${a.message}`}>
              <td className="nowrap">{formatDateTime(a.at)}</td>
              <td>
                <Link to={`/quality/spc?${new URLSearchParams({ metric: a.metric })}`}>
                  {a.metric}
                </Link>
              </td>
              <td>
                <strong>{a.rule}</strong>
              </td>
              <td className="small">{a.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DispositionHistory({ lot }: { lot: string }) {
  const history = useDispositions(lot);
  return (
    <QueryView query={history} what="the lot’s decisions">
      {(data: Disposition[]) =>
        data.length === 0 ? (
          <p className="muted" data-testid="no-dispositions">
            No decision has been signed for this lot.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="disposition-history">
              <thead>
                <tr>
                  <th scope="col">Signed</th>
                  <th scope="col">Decision</th>
                  <th scope="col">On</th>
                  <th scope="col">Reason</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {data.map((d) => (
                  <tr key={d.id} data-testid={`disposition-${d.decision}`}>
                    <td className="nowrap">{formatDateTime(d.at)}</td>
                    <td>
                      <strong>{DECISION_DONE[d.decision]}</strong>{' '}
                      <span className="badge badge--ok">Signed</span>
                    </td>
                    <td className="small">
                      {d.basis === 'supplier_certificate'
                        ? `supplier’s certificate ${d.evidence.lot.certificate ?? ''}`
                        : d.basis === 'inspection'
                          ? `inspection ${d.evidence.inspections.find((i) => i.state === 'accepted')?.number ?? ''}`
                          : '—'}
                    </td>
                    <td>{d.reason ?? <span className="muted">—</span>}</td>
                    <td>{d.by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryView>
  );
}

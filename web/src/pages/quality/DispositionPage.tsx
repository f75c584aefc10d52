import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
import { i18n } from '../../i18n';
import { LotStatusBadge } from '../lots/LotStatusBadge';
import { formatQuantity, lotPath } from '../lots/labels';
import { InspectionStateBadge, NonconformanceStateBadge, VerdictBadge } from './badges';
import { DispositionDialog } from './DispositionDialog';
import {
  decisionDone,
  decisionLabel,
  describeLimit,
  inspectionPath,
  ncDecisionLabel,
  nonconformancePath,
  scopeLabel,
  severityWord,
  statisticWord,
} from './labels';
import { alarmWords } from './spc';
import { evidenceNoteText } from './spcNotes';
import { resultSummary } from './summary';

/** /quality/lots/:lot — the evidence QA decides on, the decisions signed so far, and the decision. */
export function DispositionPage() {
  const { t } = useTranslation();
  const { lot = '' } = useParams();
  const evidence = useEvidence(lot);
  return (
    <div className="page" data-testid="disposition-page">
      <nav className="breadcrumbs" aria-label={t('quality:nav.breadcrumb')}>
        <ol>
          <li>
            <Link to="/quality">{t('quality:nav.quality')}</Link>
          </li>
          <li aria-current="page">{lot}</li>
        </ol>
      </nav>
      <QueryView query={evidence} what={t('quality:loading.evidence')}>
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
    return i18n.t('quality:disposition.blocker.nonconformances', {
      count: blocking.length,
      numbers: blocking.map((n) => n.number).join(', '),
    });
  }
  if (evidence.lot.origin === 'received' && evidence.lot.certificate) return undefined;
  const latest = evidence.inspections.find((i) => i.state !== 'open');
  if (!latest) return i18n.t('quality:disposition.blocker.noInspection');
  if (latest.state !== 'accepted') {
    return i18n.t('quality:disposition.blocker.latestRejected', { number: latest.number });
  }
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
  const { t } = useTranslation();
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
            label: t('quality:commands.openInspection'),
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
            label: `${decisionLabel(decision)}…`,
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
            {lot.origin === 'received'
              ? t('quality:disposition.eyebrow.received')
              : t('quality:disposition.eyebrow.made')}
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
              {t('quality:disposition.certificate')}
            </a>
          )}
        </div>
      </header>
      <FormError error={open.error} testId="open-inspection-error" />

      {done && (
        <p className="form-notice form-notice--ok" role="status" data-testid="disposition-done">
          <Trans
            i18nKey="quality:disposition.done"
            values={{ decision: decisionDone(done), lot: lot.number }}
            components={{ status: <LotStatusBadge status={lot.status} /> }}
          />
        </p>
      )}

      <div className="panel">
        <dl className="facts" data-testid="lot-facts">
          <div className="facts__item facts__item--lead">
            <dt>{t('quality:fields.material')}</dt>
            <dd>
              <code className="code">{lot.material}</code>
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('common:words.quantity')}</dt>
            <dd>{formatQuantity(lot.quantity, lot.unit)}</dd>
          </div>
          {lot.supplier && (
            <div className="facts__item">
              <dt>{t('quality:fields.supplier')}</dt>
              <dd>
                {lot.supplier}{' '}
                <span className="muted small">
                  {t('quality:disposition.supplierLot', { lot: lot.supplierLot })}
                </span>
              </dd>
            </div>
          )}
          {lot.certificate && (
            <div className="facts__item">
              <dt>{t('quality:disposition.supplierCertificate')}</dt>
              <dd>
                <code className="code">{lot.certificate}</code>
              </dd>
            </div>
          )}
          <div className="facts__item">
            <dt>{t('quality:disposition.genealogy')}</dt>
            <dd>
              <Link to={lotPath(lot.number)}>{t('quality:disposition.lotPage')}</Link>
            </dd>
          </div>
        </dl>
        {lot.status === 'quarantine' && (
          <p
            className={`form-notice ${blocker ? 'form-notice--warn' : 'form-notice--ok'} q-readiness`}
            data-testid="release-readiness"
          >
            {blocker
              ? t('quality:disposition.readiness.blocked', { why: blocker })
              : lot.origin === 'received' && lot.certificate
                ? t('quality:disposition.readiness.onEither')
                : t('quality:disposition.readiness.ready')}
          </p>
        )}
      </div>

      <section className="section" aria-labelledby={`${id}-inspections`}>
        <h2 id={`${id}-inspections`}>{t('quality:disposition.inspections')}</h2>
        <LotInspections lot={lot.number} />
      </section>

      <section className="section" aria-labelledby={`${id}-ncs`}>
        <h2 id={`${id}-ncs`}>{t('quality:nav.nonconformances')}</h2>
        {evidence.nonconformances.length === 0 ? (
          <p className="muted" data-testid="no-nonconformances">
            {t('quality:disposition.noNonconformances')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="lot-nonconformances">
              <thead>
                <tr>
                  <th scope="col">{t('quality:fields.number')}</th>
                  <th scope="col">{t('quality:fields.title')}</th>
                  <th scope="col">{t('quality:fields.state')}</th>
                  <th scope="col">{t('quality:fields.decision')}</th>
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
                    <td>{nc.decision ? ncDecisionLabel(nc.decision) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {lot.origin === 'made' && (
        <section className="section" aria-labelledby={`${id}-spc`}>
          <h2 id={`${id}-spc`}>{t('quality:disposition.productionAlarms')}</h2>
          <ProductionAlarms evidence={evidence} />
        </section>
      )}

      <section className="section" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>{t('quality:disposition.decisions')}</h2>
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
      return i18n.t('quality:evidence.plan.attribute', {
        n: formatInteger(p.n),
        ac: formatInteger(p.ac),
        re: formatInteger(p.re),
        severity: severityWord(p.severity),
        code: p.codeLetter,
        aql: formatExact(p.aql),
      });
    }
    case 'variable':
      return i18n.t('quality:evidence.plan.variable', {
        n: formatInteger(line.sampleSize),
        limits: describeLimit({ min: line.lsl, max: line.usl }, line.unit),
      });
    case 'range':
      return i18n.t('quality:evidence.plan.range', {
        count: line.sampleSize,
        n: formatInteger(line.sampleSize),
        limits: line.limits
          .map(
            (l) =>
              `${statisticWord(l.statistic)} ${describeLimit(l, l.statistic === 'failures' ? undefined : line.unit)}`,
          )
          .join('; '),
      });
    default: {
      const unknownLine: never = line;
      return unknownLine;
    }
  }
}

function LotInspections({ lot }: { lot: string }) {
  const { t } = useTranslation();
  const inspections = useLotInspections(lot);
  return (
    <QueryView query={inspections} what={t('quality:loading.lotInspections')}>
      {(data) =>
        data.length === 0 ? (
          <p className="muted" data-testid="no-inspections">
            {t('quality:evidence.notInspected')}
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
  const { t } = useTranslation();
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
          <Trans
            i18nKey="quality:evidence.inspectionTo"
            values={{
              scope: scopeLabel(i.scope),
              specification: i.specification,
              size: formatInteger(i.plan.lotSize),
            }}
            components={{ spec: <code className="code" /> }}
          />
          {' · '}
          {i.completedAt
            ? t('quality:evidence.completed', {
                at: formatDateTime(i.completedAt),
                user: i.completedBy,
              })
            : t('quality:evidence.opened', { at: formatDateTime(i.openedAt), user: i.openedBy })}
        </p>
      </header>
      <div className="table-scroll">
        <table className="table table--compact" data-testid="evidence-lines">
          <thead>
            <tr>
              <th scope="col">{t('quality:fields.characteristic')}</th>
              <th scope="col">{t('quality:evidence.planAndLimits')}</th>
              <th scope="col">{t('quality:fields.result')}</th>
              <th scope="col">{t('quality:evidence.verdict')}</th>
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
                        {resultSummary(line, result)}{' '}
                        <span className="muted">
                          · {result.recordedBy}, {formatDateTime(result.recordedAt)}
                        </span>
                      </>
                    ) : (
                      <span className="muted">{t('quality:evidence.notRecorded')}</span>
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
  const { t } = useTranslation();
  const note = evidenceNoteText(evidence);
  if (note) {
    return (
      <p
        className="form-notice form-notice--warn"
        data-testid="production-alarms-note"
        lang={note.lang}
      >
        {note.text}
      </p>
    );
  }
  if (evidence.spcAlarms.length === 0) {
    return (
      <p className="muted" data-testid="no-production-alarms">
        {t('quality:evidence.noProductionAlarms')}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="production-alarms">
        <thead>
          <tr>
            <th scope="col">{t('quality:fields.at')}</th>
            <th scope="col">{t('quality:fields.metric')}</th>
            <th scope="col">{t('quality:fields.rule')}</th>
            <th scope="col">{t('quality:fields.what')}</th>
          </tr>
        </thead>
        <tbody>
          {evidence.spcAlarms.map((a) => {
            const words = alarmWords(a);
            return (
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
                <td className="small" lang={words.lang}>
                  {words.text}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DispositionHistory({ lot }: { lot: string }) {
  const { t } = useTranslation();
  const history = useDispositions(lot);
  return (
    <QueryView query={history} what={t('quality:loading.decisions')}>
      {(data: Disposition[]) =>
        data.length === 0 ? (
          <p className="muted" data-testid="no-dispositions">
            {t('quality:history.none')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="disposition-history">
              <thead>
                <tr>
                  <th scope="col">{t('quality:history.signedAt')}</th>
                  <th scope="col">{t('quality:fields.decision')}</th>
                  <th scope="col">{t('quality:history.basis')}</th>
                  <th scope="col">{t('common:words.reason')}</th>
                  <th scope="col">{t('quality:history.by')}</th>
                </tr>
              </thead>
              <tbody>
                {data.map((d) => (
                  <tr key={d.id} data-testid={`disposition-${d.decision}`}>
                    <td className="nowrap">{formatDateTime(d.at)}</td>
                    <td>
                      <strong>{decisionDone(d.decision)}</strong>{' '}
                      <span className="badge badge--ok">{t('quality:signed')}</span>
                    </td>
                    <td className="small">
                      {d.basis === 'supplier_certificate'
                        ? t('quality:history.onCertificate', {
                            certificate: d.evidence.lot.certificate ?? '',
                          })
                        : d.basis === 'inspection'
                          ? t('quality:history.onInspection', {
                              number:
                                d.evidence.inspections.find((i) => i.state === 'accepted')
                                  ?.number ?? '',
                            })
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

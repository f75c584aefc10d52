import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Inspection, useCompleteInspection, useInspection } from '../../api/quality';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { InspectionStateBadge } from './badges';
import { InspectionLineCard } from './InspectionLineCard';
import { dispositionPath } from './labels';

/** /quality/inspections/:number — the plan line by line, results entered on a tablet, Complete. */
export function InspectionPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const inspection = useInspection(number);
  return (
    <div className="page" data-testid="inspection-page">
      <nav className="breadcrumbs" aria-label={t('quality:nav.breadcrumb')}>
        <ol>
          <li>
            <Link to="/quality">{t('quality:nav.quality')}</Link>
          </li>
          {inspection.data && (
            <li>
              <Link to={dispositionPath(inspection.data.lot)}>{inspection.data.lot}</Link>
            </li>
          )}
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={inspection} what={t('quality:loading.inspection')}>
        {(data) => <InspectionDetail inspection={data} />}
      </QueryView>
    </div>
  );
}

/** A command of the page: a name tests and the keyboard reach it by, and what it does. */
interface InspectionCommand {
  name: string;
  label: string;
  perform: () => void;
  disabled: boolean;
}

function InspectionDetail({ inspection: i }: { inspection: Inspection }) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const complete = useCompleteInspection(i.number);
  const editable = i.state === 'open' && can('quality.inspect');
  const resultOf = new Map(i.results.map((r) => [r.characteristic, r]));
  const recorded = i.plan.lines.length - i.missing.length;
  const rejected = i.results.filter((r) => !r.verdict.accepted).map((r) => r.characteristic);

  const commands: InspectionCommand[] = editable
    ? [
        {
          name: 'complete',
          label: complete.isPending
            ? t('quality:inspection.completing')
            : t('quality:inspection.complete'),
          perform: () => complete.mutate(),
          disabled: complete.isPending || i.missing.length > 0,
        },
      ]
    : [];

  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">
            {i.scope === 'incoming'
              ? t('quality:inspection.eyebrow.incoming')
              : t('quality:inspection.eyebrow.lot_acceptance')}
          </p>
          <h1 data-testid="inspection-number">
            {i.number} <InspectionStateBadge state={i.state} />
          </h1>
        </div>
        <Link className="button" to={dispositionPath(i.lot)}>
          {t('quality:inspection.lotEvidence')}
        </Link>
      </header>

      <div className="panel">
        <dl className="facts" data-testid="inspection-facts">
          <div className="facts__item facts__item--lead">
            <dt>{t('common:words.lot')}</dt>
            <dd>
              <Link to={dispositionPath(i.lot)}>{i.lot}</Link>
            </dd>
          </div>
          <div className="facts__item facts__item--lead">
            <dt>{t('quality:fields.material')}</dt>
            <dd>
              <code className="code">{i.material}</code>
            </dd>
          </div>
          {i.supplier && (
            <div className="facts__item">
              <dt>{t('quality:fields.supplier')}</dt>
              <dd>{i.supplier}</dd>
            </div>
          )}
          <div className="facts__item">
            <dt>{t('quality:fields.specification')}</dt>
            <dd>
              <code className="code">{i.specification}</code>
            </dd>
          </div>
          <div className="facts__item">
            <dt>{t('quality:fields.lotSize')}</dt>
            <dd>{formatInteger(i.plan.lotSize)}</dd>
          </div>
          <div className="facts__item">
            <dt>{t('quality:fields.opened')}</dt>
            <dd>
              {formatDateTime(i.openedAt)}{' '}
              <span className="muted small">{t('quality:by', { user: i.openedBy })}</span>
            </dd>
          </div>
          {i.completedAt && (
            <div className="facts__item">
              <dt>{t('quality:fields.completed')}</dt>
              <dd>
                {formatDateTime(i.completedAt)}{' '}
                <span className="muted small">{t('quality:by', { user: i.completedBy })}</span>
              </dd>
            </div>
          )}
        </dl>
      </div>

      {i.state !== 'open' && (
        <p
          className={`form-notice ${i.state === 'accepted' ? 'form-notice--ok' : 'form-notice--warn'}`}
          role="status"
          data-testid="inspection-outcome"
        >
          {i.state === 'accepted'
            ? t('quality:inspection.outcome.accepted', {
                at: formatDateTime(i.completedAt ?? i.openedAt),
              })
            : t('quality:inspection.outcome.rejected', {
                at: formatDateTime(i.completedAt ?? i.openedAt),
              })}{' '}
          {i.scope === 'incoming'
            ? i.state === 'accepted'
              ? t('quality:inspection.outcome.supplierReleased')
              : t('quality:inspection.outcome.supplierRejected')
            : i.state === 'accepted'
              ? t('quality:inspection.outcome.awaitsDecision')
              : t('quality:inspection.outcome.nonconformanceOpened')}{' '}
          <Link to={dispositionPath(i.lot)}>
            {t('quality:inspection.outcome.seeEvidence', { lot: i.lot })}
          </Link>
        </p>
      )}

      <section className="section" aria-labelledby={`${id}-lines`}>
        <h2 id={`${id}-lines`}>{t('quality:inspection.plan')}</h2>
        <div className="q-lines">
          {i.plan.lines.map((line) => (
            <InspectionLineCard
              key={line.characteristic}
              inspection={i.number}
              line={line}
              result={resultOf.get(line.characteristic)}
              editable={editable}
            />
          ))}
        </div>
      </section>

      <section
        className="q-complete-bar"
        aria-labelledby={`${id}-progress`}
        data-testid="inspection-progress"
      >
        <div>
          <h2 id={`${id}-progress`} className="q-complete-bar__title">
            {t('quality:inspection.progress', {
              count: i.plan.lines.length,
              recorded: formatInteger(recorded),
              total: formatInteger(i.plan.lines.length),
            })}
          </h2>
          {i.missing.length > 0 ? (
            <p className="q-complete-bar__missing">
              {t('quality:inspection.stillToRecord')}{' '}
              <span className="code-list" data-testid="missing-lines">
                {i.missing.map((code) => (
                  <a key={code} href={`#line-${code}`} className="code">
                    {code}
                  </a>
                ))}
              </span>
            </p>
          ) : i.state === 'open' ? (
            <p className="q-complete-bar__missing" data-testid="verdict-so-far">
              {rejected.length === 0
                ? t('quality:inspection.allAccepted')
                : t('quality:inspection.someRejected', { lines: rejected.join(', ') })}
            </p>
          ) : null}
        </div>
        {commands.length > 0 && (
          <div className="form__actions" data-testid="inspection-commands">
            {commands.map((command) => (
              <button
                key={command.name}
                type="button"
                className="button button--primary q-touch"
                data-command={command.name}
                disabled={command.disabled}
                onClick={command.perform}
              >
                {command.label}
              </button>
            ))}
          </div>
        )}
        <FormError error={complete.error} testId="complete-error" />
      </section>
    </>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type SwitchingOverview, type SwitchingStep, useSwitching } from '../../api/quality';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { SeverityBadge } from './badges';
import { defectClassDefects, dispositionPath } from './labels';
import { describeStream, isStreamSeverity, nextSwitchInWords, stepInWords } from './streams';

/**
 * /quality/switching/:stream — one sampling stream's severity and its history: every lot
 * judged on it in order, accepted or not, the severity before and after, and why it switched.
 */
export function SwitchingPage() {
  const { t } = useTranslation();
  const { stream = '' } = useParams();
  const switching = useSwitching(stream);
  const name = describeStream(stream);
  return (
    <div className="page" data-testid="switching-page">
      <nav className="breadcrumbs" aria-label={t('quality:nav.breadcrumb')}>
        <ol>
          <li>
            <Link to="/quality">{t('quality:nav.quality')}</Link>
          </li>
          <li aria-current="page">{t('quality:switching.title')}</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">{t(`quality:switching.eyebrow.${name.kind}`)}</p>
        <h1 data-testid="stream-name">{name.words}</h1>
        <p className="q-stream-key">
          <code className="code">{stream}</code>
        </p>
      </header>
      <QueryView query={switching} what={t('quality:loading.streamHistory')}>
        {(data) => <StreamDetail stream={stream} data={data} />}
      </QueryView>
    </div>
  );
}

function StreamDetail({ stream, data }: { stream: string; data: SwitchingOverview }) {
  const { t } = useTranslation();
  const id = useId();
  const current = data.streams.find((s) => s.stream === stream);
  const history = data.history.filter((h) => h.stream === stream);
  const name = describeStream(stream);
  if (!current && history.length === 0) {
    return (
      <p className="muted" data-testid="no-stream">
        {t('quality:switching.noStream')}
      </p>
    );
  }
  const lots = history.filter((h) => h.lot !== null);
  return (
    <>
      {current && (
        <div className="panel">
          <dl className="facts" data-testid="stream-facts">
            <div className="facts__item facts__item--lead">
              <dt>{t('quality:fields.severity')}</dt>
              <dd>
                <SeverityBadge severity={current.severity} />
              </dd>
            </div>
            {name.material && (
              <div className="facts__item">
                <dt>{t('quality:fields.material')}</dt>
                <dd>
                  <code className="code">{name.material}</code>
                </dd>
              </div>
            )}
            {name.kind === 'supplier' && (
              <div className="facts__item">
                <dt>{t('quality:fields.supplier')}</dt>
                <dd>{name.supplier ?? t('quality:switching.anySupplier')}</dd>
              </div>
            )}
            {name.defectClass && (
              <div className="facts__item">
                <dt>{t('quality:plan.class')}</dt>
                <dd>{defectClassDefects(name.defectClass)}</dd>
              </div>
            )}
            <div className="facts__item">
              <dt>{t('quality:switching.lotsOnSeverity')}</dt>
              <dd>{formatInteger(current.state.lotsOnSeverity)}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('quality:fields.lotsJudged')}</dt>
              <dd>{formatInteger(lots.length)}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('quality:switching.lastChange')}</dt>
              <dd>{formatDateTime(current.updatedAt)}</dd>
            </div>
          </dl>
          <p className="q-next-switch" data-testid="next-switch">
            {nextSwitchInWords(current)}
          </p>
        </div>
      )}

      <section className="section" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`}>{t('quality:switching.history')}</h2>
        {history.length === 0 ? (
          <p className="muted">{t('quality:switching.noLotYet')}</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="switching-history">
              <caption className="visually-hidden">{t('quality:switching.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">{t('quality:switching.judged')}</th>
                  <th scope="col">{t('common:words.lot')}</th>
                  <th scope="col">{t('quality:fields.result')}</th>
                  <th scope="col">{t('quality:fields.severity')}</th>
                  <th scope="col">{t('quality:switching.whatHappened')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((step, i) => (
                  <StepRow key={`${step.at}-${step.lot ?? 'no lot'}`} step={step} n={i + 1} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function StepRow({ step, n }: { step: SwitchingStep; n: number }) {
  const { t } = useTranslation();
  const switched = step.severityBefore !== step.severityAfter;
  return (
    <tr
      className={switched ? 'q-step-row--switch' : step.ignored ? 'q-step-row--ignored' : undefined}
      data-testid="switching-step"
      data-lot={step.lot ?? ''}
      data-switched={switched}
    >
      <td className="num muted">{formatInteger(n)}</td>
      <td className="nowrap">{formatDateTime(step.at)}</td>
      <th scope="row" className="nowrap">
        {step.lot ? (
          <Link to={dispositionPath(step.lot)}>{step.lot}</Link>
        ) : (
          <span className="muted">—</span>
        )}
      </th>
      <td>
        {step.accepted === null ? (
          <span className="muted">—</span>
        ) : (
          <span
            className={`q-pill q-pill--${step.accepted ? 'ok' : 'bad'}`}
            data-testid="step-result"
            data-accepted={step.accepted}
          >
            {step.accepted ? t('quality:switching.accepted') : t('quality:switching.notAccepted')}
          </span>
        )}
      </td>
      <td className="nowrap" data-testid="step-severity">
        <Severity value={step.severityBefore} />
        {switched && (
          <>
            {' '}
            <span aria-hidden="true">→</span>
            <span className="visually-hidden">{t('quality:switching.to')}</span>{' '}
            <Severity value={step.severityAfter} />
          </>
        )}
      </td>
      <td className="small" data-testid="step-words">
        {stepInWords(step)}
      </td>
    </tr>
  );
}

function Severity({ value }: { value: string }) {
  return isStreamSeverity(value) ? <SeverityBadge severity={value} /> : <span>{value}</span>;
}

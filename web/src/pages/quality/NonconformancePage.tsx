import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  NONCONFORMANCE_DECISIONS,
  type Nonconformance,
  type NonconformanceDecision,
  useNonconformance,
  useNonconformanceStep,
} from '../../api/quality';
import type { Signature } from '../../api/signature';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { SignatureDialog } from '../../components/signature/SignatureDialog';
import { formatDateTime } from '../../format';
import { NonconformanceStateBadge } from './badges';
import { dispositionPath, ncDecisionLabel, ncSourceLabel } from './labels';

/** /quality/nonconformances/:number — what was found, the investigation, the decision, the signed close. */
export function NonconformancePage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const nc = useNonconformance(number);
  return (
    <div className="page" data-testid="nonconformance-page">
      <nav className="breadcrumbs" aria-label={t('quality:nav.breadcrumb')}>
        <ol>
          <li>
            <Link to="/quality">{t('quality:nav.quality')}</Link>
          </li>
          <li>
            <Link to="/quality/nonconformances">{t('quality:nav.nonconformances')}</Link>
          </li>
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={nc} what={t('quality:loading.nonconformance')}>
        {(data) => <NonconformanceDetail nc={data} />}
      </QueryView>
    </div>
  );
}

function NonconformanceDetail({ nc }: { nc: Nonconformance }) {
  const { t } = useTranslation();
  const can = useCan();
  const step = useNonconformanceStep(nc.number);
  const [closing, setClosing] = useState(false);
  const undecided = nc.state === 'open' || nc.state === 'investigating';

  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow" data-testid="nc-source" data-source={nc.source}>
          {t('quality:nonconformance.eyebrow', { source: ncSourceLabel(nc.source) })}
        </p>
        <h1 data-testid="nc-number">
          {nc.number} <NonconformanceStateBadge state={nc.state} />
        </h1>
        <p className="q-nc-title">{nc.title}</p>
      </header>

      <div className="panel">
        <dl className="facts">
          <div className="facts__item facts__item--lead">
            <dt>{t('quality:fields.lots')}</dt>
            <dd className="code-list">
              {nc.lots.map((lot) => (
                <Link key={lot} to={dispositionPath(lot)}>
                  {lot}
                </Link>
              ))}
            </dd>
          </div>
          <div className="facts__item">
            <dt>{t('quality:fields.opened')}</dt>
            <dd>
              {formatDateTime(nc.openedAt)}{' '}
              <span className="muted small">{t('quality:by', { user: nc.openedBy })}</span>
            </dd>
          </div>
          {nc.decidedAt && (
            <div className="facts__item">
              <dt>{t('quality:nonconformance.decided')}</dt>
              <dd>
                {formatDateTime(nc.decidedAt)}{' '}
                <span className="muted small">{t('quality:by', { user: nc.decidedBy })}</span>
              </dd>
            </div>
          )}
          {nc.closedAt && (
            <div className="facts__item">
              <dt>{t('quality:nonconformance.closed')}</dt>
              <dd>
                {formatDateTime(nc.closedAt)}{' '}
                <span className="muted small">{t('quality:by', { user: nc.closedBy })}</span>{' '}
                {nc.signatureId && <span className="badge badge--ok">{t('quality:signed')}</span>}
              </dd>
            </div>
          )}
        </dl>
        <p className="q-prose">{nc.description}</p>
      </div>

      <Step title={t('quality:nonconformance.investigation')} done={nc.investigation !== null}>
        {nc.investigation && (
          <p className="q-prose" data-testid="nc-investigation">
            {nc.investigation}
          </p>
        )}
        {undecided && can('quality.inspect') && (
          <TextStep
            label={
              nc.investigation
                ? t('quality:nonconformance.reviseInvestigation')
                : t('quality:nonconformance.causeAndExtent')
            }
            submit={t('quality:nonconformance.recordInvestigation')}
            initial={nc.investigation ?? ''}
            pending={step.isPending}
            onSubmit={(investigation) => step.mutate({ step: 'investigation', investigation })}
          />
        )}
        {!nc.investigation && !(undecided && can('quality.inspect')) && (
          <p className="muted">{t('quality:nonconformance.notInvestigated')}</p>
        )}
      </Step>

      <Step title={t('quality:fields.decision')} done={nc.decision !== null}>
        {nc.decision ? (
          <p data-testid="nc-decision">
            <strong>{ncDecisionLabel(nc.decision)}</strong> — {nc.decisionNote}
          </p>
        ) : undecided && can('quality.disposition') ? (
          <DecisionForm
            nc={nc}
            pending={step.isPending}
            onDecide={(decision) => step.mutate({ step: 'decision', decision })}
          />
        ) : (
          <p className="muted">{t('quality:nonconformance.notDecided')}</p>
        )}
      </Step>

      <FormError error={step.isError && !closing ? step.error : undefined} testId="nc-error" />

      {nc.state === 'decided' && can('quality.disposition') && (
        <div className="form__actions" data-testid="nc-commands">
          <button
            type="button"
            className="button button--primary q-touch"
            data-command="close"
            onClick={() => {
              step.reset();
              setClosing(true);
            }}
          >
            {t('quality:nonconformance.close')}
          </button>
        </div>
      )}

      {closing && (
        <SignatureDialog
          action={
            nc.decision
              ? t(`quality:nonconformance.closeAction.${nc.decision}`, {
                  number: nc.number,
                  title: nc.title,
                })
              : t('quality:nonconformance.closeActionUndecided', {
                  number: nc.number,
                  title: nc.title,
                })
          }
          defaultMeaning="closed"
          onSign={async (signature: Signature) => {
            await step.mutateAsync({ step: 'close', signature });
            setClosing(false);
          }}
          onCancel={() => setClosing(false)}
        />
      )}
    </>
  );
}

function Step({ title, done, children }: { title: string; done: boolean; children: ReactNode }) {
  const id = useId();
  return (
    <section className={`section q-step${done ? ' q-step--done' : ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function TextStep({
  label,
  submit,
  initial,
  pending,
  onSubmit,
}: {
  label: string;
  submit: string;
  initial: string;
  pending: boolean;
  onSubmit: (text: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(initial);
  function send(event: FormEvent) {
    event.preventDefault();
    if (text.trim()) onSubmit(text.trim());
  }
  return (
    <form className="form" onSubmit={send} noValidate>
      <div className="form-field">
        <label htmlFor={`${id}-text`}>{label}</label>
        <textarea
          id={`${id}-text`}
          className="q-textarea"
          rows={3}
          maxLength={5000}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="form__actions">
        <button type="submit" className="button" disabled={pending || !text.trim()}>
          {submit}
        </button>
      </div>
    </form>
  );
}

function DecisionForm({
  nc,
  pending,
  onDecide,
}: {
  nc: Nonconformance;
  pending: boolean;
  onDecide: (decision: {
    decision: NonconformanceDecision;
    note: string;
    rework?: { lot: string; quantity: number; location: string };
  }) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [decision, setDecision] = useState<NonconformanceDecision>('scrap');
  const [note, setNote] = useState('');
  const [lot, setLot] = useState(nc.lots[0] ?? '');
  const [quantity, setQuantity] = useState('');
  const [location, setLocation] = useState('');
  const [problem, setProblem] = useState<string>();

  function send(event: FormEvent) {
    event.preventDefault();
    const q = Number(quantity);
    const found = !note.trim()
      ? t('quality:nonconformance.form.needNote')
      : decision === 'rework' && !(q > 0)
        ? t('quality:nonconformance.form.needQuantity')
        : decision === 'rework' && !location.trim()
          ? t('quality:nonconformance.form.needLocation')
          : undefined;
    setProblem(found);
    if (found) return;
    onDecide({
      decision,
      note: note.trim(),
      ...(decision === 'rework' ? { rework: { lot, quantity: q, location: location.trim() } } : {}),
    });
  }

  return (
    <form className="form" onSubmit={send} noValidate data-testid="nc-decision-form">
      <fieldset className="q-choice">
        <legend>{t('quality:fields.decision')}</legend>
        {NONCONFORMANCE_DECISIONS.map((d) => (
          <label key={d} className="q-choice__option">
            <input
              type="radio"
              name={`${id}-decision`}
              value={d}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            <span>
              <strong>{ncDecisionLabel(d)}</strong>{' '}
              <span className="muted small">{t(`quality:nonconformance.decisionHint.${d}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {decision === 'rework' && (
        <div className="form-row">
          <div className="form-field">
            <label htmlFor={`${id}-lot`}>{t('quality:nonconformance.form.lotToRework')}</label>
            <select id={`${id}-lot`} value={lot} onChange={(e) => setLot(e.target.value)}>
              {nc.lots.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-quantity`}>{t('common:words.quantity')}</label>
            <input
              id={`${id}-quantity`}
              type="number"
              className="input-number"
              min={0}
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-location`}>{t('quality:nonconformance.form.location')}</label>
            <input
              id={`${id}-location`}
              type="text"
              maxLength={40}
              spellCheck={false}
              value={location}
              onChange={(e) => setLocation(e.target.value)}
            />
          </div>
        </div>
      )}
      <div className="form-field">
        <label htmlFor={`${id}-note`}>{t('quality:nonconformance.form.note')}</label>
        <textarea
          id={`${id}-note`}
          className="q-textarea"
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <FormError error={problem ? new Error(problem) : undefined} testId="nc-decision-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {t('quality:nonconformance.form.decide')}
        </button>
      </div>
    </form>
  );
}

import { type FormEvent, type ReactNode, useId, useState } from 'react';
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
import { dispositionPath, NC_DECISION_LABEL, NC_SOURCE_LABEL } from './labels';

/** /quality/nonconformances/:number — what was found, the investigation, the decision, the signed close. */
export function NonconformancePage() {
  const { number = '' } = useParams();
  const nc = useNonconformance(number);
  return (
    <div className="page" data-testid="nonconformance-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/quality">Quality</Link>
          </li>
          <li>
            <Link to="/quality/nonconformances">Nonconformances</Link>
          </li>
          <li aria-current="page">{number}</li>
        </ol>
      </nav>
      <QueryView query={nc} what="the nonconformance">
        {(data) => <NonconformanceDetail nc={data} />}
      </QueryView>
    </div>
  );
}

const DECISION_HINT: Record<NonconformanceDecision, string> = {
  scrap: 'Every lot of the nonconformance still in quarantine or on hold is rejected.',
  rework: 'The named quantity of a lot is reworked into a new lot with the next suffix.',
  use_as_is: 'The lots may be released as they are: say who approved the deviation.',
};

function NonconformanceDetail({ nc }: { nc: Nonconformance }) {
  const can = useCan();
  const step = useNonconformanceStep(nc.number);
  const [closing, setClosing] = useState(false);
  const undecided = nc.state === 'open' || nc.state === 'investigating';

  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow" data-testid="nc-source" data-source={nc.source}>
          Nonconformance · {NC_SOURCE_LABEL[nc.source]}
        </p>
        <h1 data-testid="nc-number">
          {nc.number} <NonconformanceStateBadge state={nc.state} />
        </h1>
        <p className="q-nc-title">{nc.title}</p>
      </header>

      <div className="panel">
        <dl className="facts">
          <div className="facts__item facts__item--lead">
            <dt>Lots</dt>
            <dd className="code-list">
              {nc.lots.map((lot) => (
                <Link key={lot} to={dispositionPath(lot)}>
                  {lot}
                </Link>
              ))}
            </dd>
          </div>
          <div className="facts__item">
            <dt>Opened</dt>
            <dd>
              {formatDateTime(nc.openedAt)} <span className="muted small">by {nc.openedBy}</span>
            </dd>
          </div>
          {nc.decidedAt && (
            <div className="facts__item">
              <dt>Decided</dt>
              <dd>
                {formatDateTime(nc.decidedAt)}{' '}
                <span className="muted small">by {nc.decidedBy}</span>
              </dd>
            </div>
          )}
          {nc.closedAt && (
            <div className="facts__item">
              <dt>Closed</dt>
              <dd>
                {formatDateTime(nc.closedAt)} <span className="muted small">by {nc.closedBy}</span>{' '}
                {nc.signatureId && <span className="badge badge--ok">Signed</span>}
              </dd>
            </div>
          )}
        </dl>
        <p className="q-prose">{nc.description}</p>
      </div>

      <Step title="Investigation" done={nc.investigation !== null}>
        {nc.investigation && (
          <p className="q-prose" data-testid="nc-investigation">
            {nc.investigation}
          </p>
        )}
        {undecided && can('quality.inspect') && (
          <TextStep
            label={nc.investigation ? 'Revise the investigation' : 'Cause and extent'}
            submit="Record the investigation"
            initial={nc.investigation ?? ''}
            pending={step.isPending}
            onSubmit={(investigation) => step.mutate({ step: 'investigation', investigation })}
          />
        )}
        {!nc.investigation && !(undecided && can('quality.inspect')) && (
          <p className="muted">Not investigated.</p>
        )}
      </Step>

      <Step title="Decision" done={nc.decision !== null}>
        {nc.decision ? (
          <p data-testid="nc-decision">
            <strong>{NC_DECISION_LABEL[nc.decision]}</strong> — {nc.decisionNote}
          </p>
        ) : undecided && can('quality.disposition') ? (
          <DecisionForm
            nc={nc}
            pending={step.isPending}
            onDecide={(decision) => step.mutate({ step: 'decision', decision })}
          />
        ) : (
          <p className="muted">Not decided yet: the QA manager decides.</p>
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
            Close…
          </button>
        </div>
      )}

      {closing && (
        <SignatureDialog
          action={`close nonconformance ${nc.number} — ${nc.title} (${nc.decision ? NC_DECISION_LABEL[nc.decision].toLowerCase() : ''} carried out)`}
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
      ? 'Say what is done and why.'
      : decision === 'rework' && !(q > 0)
        ? 'Give the quantity to rework.'
        : decision === 'rework' && !location.trim()
          ? 'Give the location of the lot to rework.'
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
        <legend>Decision</legend>
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
              <strong>{NC_DECISION_LABEL[d]}</strong>{' '}
              <span className="muted small">{DECISION_HINT[d]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {decision === 'rework' && (
        <div className="form-row">
          <div className="form-field">
            <label htmlFor={`${id}-lot`}>Lot to rework</label>
            <select id={`${id}-lot`} value={lot} onChange={(e) => setLot(e.target.value)}>
              {nc.lots.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-quantity`}>Quantity</label>
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
            <label htmlFor={`${id}-location`}>Where it is</label>
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
        <label htmlFor={`${id}-note`}>Note</label>
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
          Decide
        </button>
      </div>
    </form>
  );
}

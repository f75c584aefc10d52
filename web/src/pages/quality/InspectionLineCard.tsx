import { type ChangeEvent, type FormEvent, type ReactNode, useId, useState } from 'react';
import {
  type AttributeLine,
  type PlanLine,
  type RangeLine,
  type RecordedResult,
  type ResultData,
  type Round,
  useImportRangeResults,
  useRecordResult,
  type VariableLine,
} from '../../api/quality';
import { FormError } from '../../components/FormError';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { SeverityBadge, VerdictBadge } from './badges';
import {
  attributePreview,
  failureRounds,
  parseImpacts,
  parseValues,
  rangeEntryMode,
  rangePreview,
  variablePreview,
} from './entry';
import { describeLimit, STATISTIC_LABEL } from './labels';

interface LineCardProps {
  inspection: string;
  line: PlanLine;
  result: RecordedResult | undefined;
  /** Open, and the user may record. */
  editable: boolean;
}

const KIND_LABEL: Record<PlanLine['kind'], string> = {
  attribute: 'Attribute',
  variable: 'Variable',
  range: 'Range test',
};

/** One line of the plan: what it asks for, what was recorded and its verdict, and the entry. */
export function InspectionLineCard({ inspection, line, result, editable }: LineCardProps) {
  const id = useId();
  const [reentering, setReentering] = useState(false);
  const showEntry = editable && (!result || reentering);
  return (
    <article
      id={`line-${line.characteristic}`}
      className={`q-line q-line--${result ? (result.verdict.accepted ? 'ok' : 'bad') : 'todo'}`}
      aria-labelledby={`${id}-title`}
      data-testid={`line-${line.characteristic}`}
      data-kind={line.kind}
    >
      <header className="q-line__head">
        <h3 id={`${id}-title`}>
          <code className="q-line__code">{line.characteristic}</code> {line.name}
        </h3>
        <span className="q-line__kind">{KIND_LABEL[line.kind]}</span>
        <VerdictBadge accepted={result?.verdict.accepted} />
      </header>

      <PlanFacts line={line} />

      {result && (
        <div className="q-line__recorded">
          <p className="q-line__summary" data-testid="line-summary">
            {result.verdict.summary}
          </p>
          {result.verdict.reinstateNormal && (
            <p className="small">Accepted, and the stream goes back to normal inspection.</p>
          )}
          <p className="muted small">
            Recorded {formatDateTime(result.recordedAt)} by {result.recordedBy}
          </p>
          {editable && !reentering && (
            <button
              type="button"
              className="button q-touch"
              data-command="re-record"
              onClick={() => setReentering(true)}
            >
              Record again
            </button>
          )}
        </div>
      )}

      {showEntry && (
        <LineEntry
          inspection={inspection}
          line={line}
          onRecorded={() => setReentering(false)}
          {...(result ? { onCancel: () => setReentering(false) } : {})}
        />
      )}
    </article>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="facts__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function PlanFacts({ line }: { line: PlanLine }) {
  switch (line.kind) {
    case 'attribute': {
      const p = line.plan;
      return (
        <dl className="facts q-line__plan" data-testid="line-plan">
          <Fact term="Class">{line.defectClass}</Fact>
          <Fact term="Sample n">
            {p.hundredPercent ? `all ${formatInteger(p.n)}` : formatInteger(p.n)}
          </Fact>
          <Fact term="Ac">{formatInteger(p.ac)}</Fact>
          <Fact term="Re">{formatInteger(p.re)}</Fact>
          <Fact term="Severity">
            <SeverityBadge severity={p.severity} />
          </Fact>
          <Fact term="Code letter">
            {p.codeLetter}
            {p.planCodeLetter && p.planCodeLetter !== p.codeLetter && (
              <span className="muted small"> → plan of {p.planCodeLetter}</span>
            )}
          </Fact>
          <Fact term="AQL">{formatExact(p.aql)}</Fact>
          <Fact term="Level">{p.level}</Fact>
        </dl>
      );
    }
    case 'variable':
      return (
        <dl className="facts q-line__plan" data-testid="line-plan">
          <Fact term="Sample size">{formatInteger(line.sampleSize)}</Fact>
          <Fact term="Limits">{describeLimit({ min: line.lsl, max: line.usl }, line.unit)}</Fact>
        </dl>
      );
    case 'range':
      return (
        <dl className="facts q-line__plan" data-testid="line-plan">
          <Fact term="Rounds">{formatInteger(line.sampleSize)}</Fact>
          {line.limits.map((limit) => (
            <Fact key={limit.statistic} term={STATISTIC_LABEL[limit.statistic]}>
              {describeLimit(limit, limit.statistic === 'failures' ? undefined : line.unit)}
            </Fact>
          ))}
        </dl>
      );
    default: {
      const unknownLine: never = line;
      return unknownLine;
    }
  }
}

interface EntryProps {
  inspection: string;
  line: PlanLine;
  onRecorded: () => void;
  onCancel?: () => void;
}

function LineEntry({ inspection, line, onRecorded, onCancel }: EntryProps) {
  const record = useRecordResult(inspection);
  const send = (result: ResultData) =>
    record.mutate({ characteristic: line.characteristic, result }, { onSuccess: onRecorded });
  const common = { pending: record.isPending, error: record.error, onSend: send, onCancel };
  switch (line.kind) {
    case 'attribute':
      return <AttributeEntry line={line} {...common} />;
    case 'variable':
      return <VariableEntry line={line} {...common} />;
    case 'range':
      return <RangeEntry line={line} inspection={inspection} onRecorded={onRecorded} {...common} />;
    default: {
      const unknownLine: never = line;
      return unknownLine;
    }
  }
}

interface SendProps {
  pending: boolean;
  error: unknown;
  onSend: (result: ResultData) => void;
  onCancel: (() => void) | undefined;
}

function EntryActions({
  pending,
  disabled,
  onCancel,
}: {
  pending: boolean;
  disabled?: boolean;
  onCancel: (() => void) | undefined;
}) {
  return (
    <div className="form__actions">
      <button
        type="submit"
        className="button button--primary q-touch"
        data-command="record"
        disabled={pending || disabled}
      >
        {pending ? 'Recording…' : 'Record'}
      </button>
      {onCancel && (
        <button type="button" className="button q-touch" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      )}
    </div>
  );
}

/** The preview of a verdict while typing: what recording would give. */
function Preview({ accepted, children }: { accepted: boolean | undefined; children: ReactNode }) {
  return (
    <p
      className={`q-preview q-preview--${accepted === undefined ? 'none' : accepted ? 'ok' : 'bad'}`}
      aria-live="polite"
      data-testid="line-preview"
    >
      {children}
    </p>
  );
}

function AttributeEntry({
  line,
  pending,
  error,
  onSend,
  onCancel,
}: SendProps & { line: AttributeLine }) {
  const id = useId();
  const [count, setCount] = useState('');
  const value = count.trim() === '' ? undefined : Number(count);
  const valid =
    value !== undefined && Number.isInteger(value) && value >= 0 && value <= line.plan.n;
  const verdict = valid ? attributePreview(line, value) : undefined;
  const step = (delta: number) =>
    setCount(String(Math.min(line.plan.n, Math.max(0, (valid ? value : 0) + delta))));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (valid) onSend({ kind: 'attribute', nonconforming: value });
  }

  return (
    <form className="form q-entry" onSubmit={onSubmit} noValidate data-testid="line-entry">
      <div className="form-field">
        <label htmlFor={`${id}-count`}>
          Nonconforming units found in the sample of {formatInteger(line.plan.n)}
        </label>
        <div className="q-stepper">
          <button
            type="button"
            className="button q-touch"
            aria-label="One fewer"
            onClick={() => step(-1)}
          >
            −
          </button>
          <input
            id={`${id}-count`}
            className="q-count"
            type="number"
            inputMode="numeric"
            min={0}
            max={line.plan.n}
            step={1}
            value={count}
            onChange={(e) => setCount(e.target.value)}
          />
          <button
            type="button"
            className="button q-touch"
            aria-label="One more"
            onClick={() => step(1)}
          >
            +
          </button>
        </div>
      </div>
      {count.trim() !== '' && !valid ? (
        <Preview accepted={false}>A whole number from 0 to {formatInteger(line.plan.n)}.</Preview>
      ) : verdict ? (
        <Preview accepted={verdict !== 'reject'}>
          {verdict === 'accept'
            ? `Accept: ${value} ≤ Ac ${line.plan.ac}`
            : verdict === 'reject'
              ? `Reject: ${value} ≥ Re ${line.plan.re}`
              : `Accept, and back to normal inspection: between Ac ${line.plan.ac} and Re ${line.plan.re}`}
        </Preview>
      ) : null}
      <FormError error={error} testId="line-error" />
      <EntryActions pending={pending} disabled={!valid} onCancel={onCancel} />
    </form>
  );
}

function VariableEntry({
  line,
  pending,
  error,
  onSend,
  onCancel,
}: SendProps & { line: VariableLine }) {
  const id = useId();
  const [text, setText] = useState('');
  const parsed = parseValues(text);
  const preview = variablePreview(line, parsed.value);
  const limits = describeLimit({ min: line.lsl, max: line.usl }, line.unit);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (parsed.errors.length === 0 && parsed.value.length > 0) {
      onSend({ kind: 'variable', values: parsed.value });
    }
  }

  return (
    <form className="form q-entry" onSubmit={onSubmit} noValidate data-testid="line-entry">
      <div className="form-field">
        <label htmlFor={`${id}-values`}>
          Measured values ({line.unit}), {formatInteger(line.sampleSize)} units
        </label>
        <textarea
          id={`${id}-values`}
          className="q-textarea"
          rows={4}
          spellCheck={false}
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${id}-hint`} className="form-field__hint">
          Paste from the gauge or type them: one a line, or separated by spaces or semicolons.
        </p>
      </div>
      {parsed.errors.length > 0 ? (
        <Preview accepted={false}>{parsed.errors.slice(0, 3).join('; ')}</Preview>
      ) : preview.measured > 0 ? (
        <Preview accepted={preview.accepted}>
          {formatInteger(preview.measured)} of {formatInteger(line.sampleSize)} measured ·{' '}
          {formatInteger(preview.outside)} outside {limits}
          {preview.mean !== null &&
            ` · mean ${formatExact(Number(preview.mean.toFixed(6)))}, min ${formatExact(preview.min ?? 0)}, max ${formatExact(preview.max ?? 0)}`}
          {preview.short && ' — the sample is not complete yet'}
        </Preview>
      ) : null}
      <FormError error={error} testId="line-error" />
      <EntryActions
        pending={pending}
        disabled={parsed.errors.length > 0 || parsed.value.length === 0}
        onCancel={onCancel}
      />
    </form>
  );
}

function RangeEntry({
  line,
  inspection,
  onRecorded,
  pending,
  error,
  onSend,
  onCancel,
}: SendProps & { line: RangeLine; inspection: string; onRecorded: () => void }) {
  const id = useId();
  const mode = rangeEntryMode(line);
  const upload = useImportRangeResults(inspection);
  const [text, setText] = useState('');
  const [fired, setFired] = useState(String(line.sampleSize));
  const [failures, setFailures] = useState('0');
  const unit = line.unit ? ` (${line.unit})` : '';

  let rounds: Round[] = [];
  let problems: string[] = [];
  if (mode === 'failures') {
    const f = Number(fired);
    const k = Number(failures);
    if (!Number.isInteger(f) || f < 1) problems.push('rounds fired: a whole number ≥ 1');
    else if (!Number.isInteger(k) || k < 0 || k > f)
      problems.push(`failures: a whole number from 0 to ${formatInteger(f)}`);
    else rounds = failureRounds(f, k);
  } else if (mode === 'impacts') {
    const parsed = parseImpacts(text);
    rounds = parsed.value;
    problems = parsed.errors;
  } else {
    const parsed = parseValues(text);
    rounds = parsed.value.map((value) => ({ value }));
    problems = parsed.errors;
  }
  const preview = rounds.length > 0 ? rangePreview(line, rounds) : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (problems.length === 0 && rounds.length > 0) onSend({ kind: 'range', rounds });
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const csv = await file.text();
    upload.mutate(
      { test: line.characteristic, csv },
      {
        onSuccess: onRecorded,
        // The same file may be chosen again after it is corrected.
        onSettled: () => {
          input.value = '';
        },
      },
    );
  }

  return (
    <div className="q-entry q-entry--range">
      <form className="form" onSubmit={onSubmit} noValidate data-testid="line-entry">
        {mode === 'failures' ? (
          <div className="form-row">
            <div className="form-field">
              <label htmlFor={`${id}-fired`}>Rounds fired</label>
              <input
                id={`${id}-fired`}
                className="q-count"
                type="number"
                inputMode="numeric"
                min={1}
                value={fired}
                onChange={(e) => setFired(e.target.value)}
              />
            </div>
            <div className="form-field">
              <label htmlFor={`${id}-failures`}>Failures (misfire, casualty)</label>
              <input
                id={`${id}-failures`}
                className="q-count"
                type="number"
                inputMode="numeric"
                min={0}
                value={failures}
                onChange={(e) => setFailures(e.target.value)}
              />
            </div>
          </div>
        ) : (
          <div className="form-field">
            <label htmlFor={`${id}-rounds`}>
              {mode === 'impacts'
                ? `Impacts x y${unit}, one round a line`
                : `Measured value of each round${unit}`}
            </label>
            <textarea
              id={`${id}-rounds`}
              className="q-textarea"
              rows={4}
              spellCheck={false}
              aria-describedby={`${id}-hint`}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <p id={`${id}-hint`} className="form-field__hint">
              {formatInteger(line.sampleSize)} rounds.{' '}
              {mode === 'impacts'
                ? 'Horizontal and vertical distance from the aiming point, separated by a space.'
                : 'One a line, or separated by spaces or semicolons.'}
            </p>
          </div>
        )}
        {problems.length > 0 ? (
          <Preview accepted={false}>{problems.slice(0, 3).join('; ')}</Preview>
        ) : preview ? (
          <Preview accepted={preview.accepted}>
            {formatInteger(preview.rounds)} of {formatInteger(line.sampleSize)} rounds
            {preview.checks.map((c) => (
              <span key={c.statistic}>
                {' '}
                · {STATISTIC_LABEL[c.statistic].toLowerCase()}{' '}
                {c.value === null ? 'needs more data' : formatExact(c.value)}{' '}
                {c.value !== null && (c.pass ? '✓' : '✗')}
              </span>
            ))}
            {preview.short && ' — not all rounds yet'}
          </Preview>
        ) : null}
        <FormError error={error} testId="line-error" />
        <EntryActions
          pending={pending}
          disabled={problems.length > 0 || rounds.length === 0}
          onCancel={onCancel}
        />
      </form>
      <div className="form-field q-upload">
        <label htmlFor={`${id}-csv`}>Or upload the range instrument’s CSV export</label>
        <input
          id={`${id}-csv`}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          className="q-file"
          data-testid="range-csv"
          disabled={upload.isPending}
          onChange={(e) => void onFile(e)}
        />
        {upload.isPending && <p className="muted small">Reading the file…</p>}
        <FormError error={upload.error} testId="range-csv-error" />
      </div>
    </div>
  );
}

import { type ChangeEvent, type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import { defectClassLabel, describeLimit, statisticLabel, statisticWord } from './labels';
import { resultSummary } from './summary';

interface LineCardProps {
  inspection: string;
  line: PlanLine;
  result: RecordedResult | undefined;
  /** Open, and the user may record. */
  editable: boolean;
}

/** One line of the plan: what it asks for, what was recorded and its verdict, and the entry. */
export function InspectionLineCard({ inspection, line, result, editable }: LineCardProps) {
  const { t } = useTranslation();
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
        <span className="q-line__kind">{t(`quality:lineKind.${line.kind}`)}</span>
        <VerdictBadge accepted={result?.verdict.accepted} />
      </header>

      <PlanFacts line={line} />

      {result && (
        <div className="q-line__recorded">
          <p className="q-line__summary" data-testid="line-summary">
            {resultSummary(line, result)}
          </p>
          {result.verdict.reinstateNormal && (
            <p className="small">{t('quality:line.reinstateNormal')}</p>
          )}
          <p className="muted small">
            {t('quality:line.recorded', {
              at: formatDateTime(result.recordedAt),
              user: result.recordedBy,
            })}
          </p>
          {editable && !reentering && (
            <button
              type="button"
              className="button q-touch"
              data-command="re-record"
              onClick={() => setReentering(true)}
            >
              {t('quality:line.recordAgain')}
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
  const { t } = useTranslation();
  switch (line.kind) {
    case 'attribute': {
      const p = line.plan;
      return (
        <dl className="facts q-line__plan" data-testid="line-plan">
          <Fact term={t('quality:plan.class')}>{defectClassLabel(line.defectClass)}</Fact>
          <Fact term={t('quality:plan.sampleN')}>
            {p.hundredPercent
              ? t('quality:plan.all', { n: formatInteger(p.n) })
              : formatInteger(p.n)}
          </Fact>
          <Fact term={t('quality:plan.ac')}>{formatInteger(p.ac)}</Fact>
          <Fact term={t('quality:plan.re')}>{formatInteger(p.re)}</Fact>
          <Fact term={t('quality:fields.severity')}>
            <SeverityBadge severity={p.severity} />
          </Fact>
          <Fact term={t('quality:plan.codeLetter')}>
            {p.codeLetter}
            {p.planCodeLetter && p.planCodeLetter !== p.codeLetter && (
              <span className="muted small">
                {' '}
                {t('quality:plan.planOf', { letter: p.planCodeLetter })}
              </span>
            )}
          </Fact>
          <Fact term={t('quality:plan.aql')}>{formatExact(p.aql)}</Fact>
          <Fact term={t('quality:plan.level')}>{p.level}</Fact>
        </dl>
      );
    }
    case 'variable':
      return (
        <dl className="facts q-line__plan" data-testid="line-plan">
          <Fact term={t('quality:plan.sampleSize')}>{formatInteger(line.sampleSize)}</Fact>
          <Fact term={t('quality:plan.limits')}>
            {describeLimit({ min: line.lsl, max: line.usl }, line.unit)}
          </Fact>
        </dl>
      );
    case 'range':
      return (
        <dl className="facts q-line__plan" data-testid="line-plan">
          <Fact term={t('quality:plan.rounds')}>{formatInteger(line.sampleSize)}</Fact>
          {line.limits.map((limit) => (
            <Fact key={limit.statistic} term={statisticLabel(limit.statistic)}>
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
  const { t } = useTranslation();
  return (
    <div className="form__actions">
      <button
        type="submit"
        className="button button--primary q-touch"
        data-command="record"
        disabled={pending || disabled}
      >
        {pending ? t('quality:line.recording') : t('quality:line.record')}
      </button>
      {onCancel && (
        <button type="button" className="button q-touch" onClick={onCancel} disabled={pending}>
          {t('common:actions.cancel')}
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
  const { t } = useTranslation();
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
          {t('quality:entry.attribute.label', { n: formatInteger(line.plan.n) })}
        </label>
        <div className="q-stepper">
          <button
            type="button"
            className="button q-touch"
            aria-label={t('quality:entry.attribute.oneFewer')}
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
            aria-label={t('quality:entry.attribute.oneMore')}
            onClick={() => step(1)}
          >
            +
          </button>
        </div>
      </div>
      {count.trim() !== '' && !valid ? (
        <Preview accepted={false}>
          {t('quality:entry.attribute.wholeNumber', { max: formatInteger(line.plan.n) })}
        </Preview>
      ) : verdict ? (
        <Preview accepted={verdict !== 'reject'}>
          {verdict === 'accept'
            ? t('quality:entry.attribute.accept', {
                value: formatInteger(value ?? 0),
                ac: formatInteger(line.plan.ac),
              })
            : verdict === 'reject'
              ? t('quality:entry.attribute.reject', {
                  value: formatInteger(value ?? 0),
                  re: formatInteger(line.plan.re),
                })
              : t('quality:entry.attribute.acceptAndReinstate', {
                  ac: formatInteger(line.plan.ac),
                  re: formatInteger(line.plan.re),
                })}
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
  const { t } = useTranslation();
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
          {t('quality:entry.variable.label', {
            count: line.sampleSize,
            unit: line.unit,
            n: formatInteger(line.sampleSize),
          })}
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
          {t('quality:entry.variable.hint')}
        </p>
      </div>
      {parsed.errors.length > 0 ? (
        <Preview accepted={false}>{parsed.errors.slice(0, 3).join('; ')}</Preview>
      ) : preview.measured > 0 ? (
        <Preview accepted={preview.accepted}>
          {t('quality:entry.variable.measured', {
            measured: formatInteger(preview.measured),
            size: formatInteger(line.sampleSize),
            outside: formatInteger(preview.outside),
            limits,
          })}
          {preview.mean !== null &&
            ` · ${t('quality:entry.variable.statistics', {
              mean: formatExact(Number(preview.mean.toFixed(6))),
              min: formatExact(preview.min ?? 0),
              max: formatExact(preview.max ?? 0),
            })}`}
          {preview.short && ` — ${t('quality:entry.variable.short')}`}
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
  const { t } = useTranslation();
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
    if (!Number.isInteger(f) || f < 1) problems.push(t('quality:entry.range.firedInvalid'));
    else if (!Number.isInteger(k) || k < 0 || k > f)
      problems.push(t('quality:entry.range.failuresInvalid', { max: formatInteger(f) }));
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
              <label htmlFor={`${id}-fired`}>{t('quality:entry.range.fired')}</label>
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
              <label htmlFor={`${id}-failures`}>{t('quality:entry.range.failures')}</label>
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
                ? t('quality:entry.range.impacts', { unit })
                : t('quality:entry.range.values', { unit })}
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
              {t('quality:entry.range.roundsHint', {
                count: line.sampleSize,
                n: formatInteger(line.sampleSize),
              })}{' '}
              {mode === 'impacts'
                ? t('quality:entry.range.impactsHint')
                : t('quality:entry.range.valuesHint')}
            </p>
          </div>
        )}
        {problems.length > 0 ? (
          <Preview accepted={false}>{problems.slice(0, 3).join('; ')}</Preview>
        ) : preview ? (
          <Preview accepted={preview.accepted}>
            {t('quality:entry.range.roundsOf', {
              count: line.sampleSize,
              rounds: formatInteger(preview.rounds),
              size: formatInteger(line.sampleSize),
            })}
            {preview.checks.map((c) => (
              <span key={c.statistic}>
                {' '}
                · {statisticWord(c.statistic)}{' '}
                {c.value === null ? t('quality:entry.range.needsData') : formatExact(c.value)}{' '}
                {c.value !== null && (c.pass ? '✓' : '✗')}
              </span>
            ))}
            {preview.short && ` — ${t('quality:entry.range.short')}`}
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
        <label htmlFor={`${id}-csv`}>{t('quality:entry.range.upload')}</label>
        <input
          id={`${id}-csv`}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          className="q-file"
          data-testid="range-csv"
          disabled={upload.isPending}
          onChange={(e) => void onFile(e)}
        />
        {upload.isPending && <p className="muted small">{t('quality:entry.range.reading')}</p>}
        <FormError error={upload.error} testId="range-csv-error" />
      </div>
    </div>
  );
}

import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMarkLineDown } from '../../api/planning';
import { useLines } from '../../api/plant';
import { FormError } from '../../components/FormError';
import { formatDateTime } from '../../format';
import { fromLocalInput, toLocalInput } from './labels';
import type { Replanned } from './SchedulePage';

/** A line out of service from a time (now by default), until a time or until further notice; then a re-plan. */
export function LineDownForm({ onReplanned }: { onReplanned: (change: Replanned) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const lines = useLines();
  const markDown = useMarkLineDown();
  const [line, setLine] = useState('');
  const [from, setFrom] = useState(() => toLocalInput(new Date()));
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const fromIso = fromLocalInput(from);
    const toIso = fromLocalInput(to);
    const found = !line
      ? t('planning:lineDown.problems.line')
      : !fromIso
        ? t('planning:lineDown.problems.from')
        : to && !toIso
          ? t('planning:lineDown.problems.to')
          : toIso && fromIso && toIso <= fromIso
            ? t('planning:lineDown.problems.order')
            : !reason.trim()
              ? t('planning:lineDown.problems.reason')
              : undefined;
    setProblem(found);
    if (found || !fromIso) return;
    markDown.mutate(
      { line, from: fromIso, to: toIso ?? null, reason: reason.trim() },
      {
        onSuccess: ({ plan, outage }) => {
          const from = formatDateTime(outage?.from ?? fromIso);
          onReplanned({
            plan,
            what: outage?.to
              ? t('planning:lineDown.done', { line, from, to: formatDateTime(outage.to) })
              : t('planning:lineDown.doneOpenEnded', { line, from }),
          });
          setReason('');
          setTo('');
        },
      },
    );
  }

  return (
    <form
      className="form panel"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="line-down-form"
      noValidate
    >
      <h3 id={`${id}-title`}>{t('planning:lineDown.title')}</h3>
      <div className="form-field">
        <label htmlFor={`${id}-line`}>{t('common:words.line')}</label>
        <select id={`${id}-line`} value={line} onChange={(e) => setLine(e.target.value)}>
          <option value="">{t('planning:lineDown.chooseLine')}</option>
          {(lines.data ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.code} — {l.name}
            </option>
          ))}
        </select>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-from`}>{t('common:words.from')}</label>
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-to`}>{t('planning:lineDown.to')}</label>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={to}
          aria-describedby={`${id}-to-hint`}
          onChange={(e) => setTo(e.target.value)}
        />
        <p id={`${id}-to-hint`} className="form-field__hint">
          {t('planning:lineDown.toHint')}
        </p>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-reason`}>{t('common:words.reason')}</label>
        <input
          id={`${id}-reason`}
          type="text"
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <FormError error={problem ? new Error(problem) : markDown.error} testId="line-down-error" />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          data-command="mark-line-down"
          disabled={markDown.isPending}
        >
          {markDown.isPending ? t('planning:replanning') : t('planning:lineDown.submit')}
        </button>
      </div>
    </form>
  );
}

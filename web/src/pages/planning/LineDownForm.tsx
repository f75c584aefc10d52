import { type FormEvent, useId, useState } from 'react';
import { useMarkLineDown } from '../../api/planning';
import { useLines } from '../../api/plant';
import { FormError } from '../../components/FormError';
import { formatDateTime } from '../../format';
import { fromLocalInput, toLocalInput } from './labels';
import type { Replanned } from './SchedulePage';

/** A line out of service from a time (now by default), until a time or until further notice; then a re-plan. */
export function LineDownForm({ onReplanned }: { onReplanned: (change: Replanned) => void }) {
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
      ? 'Choose the line.'
      : !fromIso
        ? 'Give the time the line goes down.'
        : to && !toIso
          ? 'The “to” time is not a time.'
          : toIso && fromIso && toIso <= fromIso
            ? 'The line comes back after it goes down: “to” is after “from”.'
            : !reason.trim()
              ? 'Say why the line is down.'
              : undefined;
    setProblem(found);
    if (found || !fromIso) return;
    markDown.mutate(
      { line, from: fromIso, to: toIso ?? null, reason: reason.trim() },
      {
        onSuccess: ({ plan, outage }) => {
          const until = outage?.to ? `until ${formatDateTime(outage.to)}` : 'until further notice';
          onReplanned({
            plan,
            what: `${line} is down from ${formatDateTime(outage?.from ?? fromIso)} ${until}.`,
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
      <h3 id={`${id}-title`}>Mark a line down</h3>
      <div className="form-field">
        <label htmlFor={`${id}-line`}>Line</label>
        <select id={`${id}-line`} value={line} onChange={(e) => setLine(e.target.value)}>
          <option value="">Choose a line…</option>
          {(lines.data ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.code} — {l.name}
            </option>
          ))}
        </select>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-to`}>To (optional)</label>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={to}
          aria-describedby={`${id}-to-hint`}
          onChange={(e) => setTo(e.target.value)}
        />
        <p id={`${id}-to-hint`} className="form-field__hint">
          Empty: until further notice (“Line back” ends it).
        </p>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-reason`}>Reason</label>
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
          {markDown.isPending ? 'Re-planning…' : 'Mark down and re-plan'}
        </button>
      </div>
    </form>
  );
}

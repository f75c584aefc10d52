import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type MaintenanceWorkOrder,
  REQUEST_KINDS,
  type RequestKind,
  useOpenRequest,
} from '../../api/maintenance';
import { useLines } from '../../api/plant';
import { type DowntimeReason, newIdempotencyKey, useReasonTables } from '../../api/production';
import { FormError } from '../../components/FormError';

interface OpenRequestFormProps {
  defaultLine?: string;
  onOpened: (order: MaintenanceWorkOrder) => void;
  onCancel: () => void;
}

/** The unplanned reasons a person may name, under their groups. */
function unplannedGroups(tree: readonly DowntimeReason[]) {
  const leaves = (r: DowntimeReason): DowntimeReason[] =>
    r.children?.length ? r.children.flatMap(leaves) : [r];
  return tree
    .filter((group) => group.category === 'unplanned')
    .map((group) => ({ group, leaves: leaves(group) }));
}

/** Opens a request by hand: a breakdown the machine data does not show, or a fault found. */
export function OpenRequestForm({ defaultLine, onOpened, onCancel }: OpenRequestFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const lines = useLines();
  const reasons = useReasonTables();
  const mutation = useOpenRequest();
  const [kind, setKind] = useState<RequestKind>('breakdown');
  const [line, setLine] = useState(defaultLine ?? '');
  const [station, setStation] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [reason, setReason] = useState('');
  const [downAt, setDownAt] = useState('');
  const [problem, setProblem] = useState<string>();
  // One key per intent: a retry of the same request reuses it.
  const key = useRef(newIdempotencyKey());
  const form = useRef<HTMLFormElement>(null);
  // The button that opened the form is gone: the keyboard goes on in the form.
  useEffect(() => form.current?.querySelector<HTMLInputElement>('input:checked')?.focus(), []);
  const stations = lines.data?.find((l) => l.code === line)?.stations ?? [];

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = !line
      ? t('maintenance:request.problems.line')
      : !station
        ? t('maintenance:request.problems.station')
        : !title.trim()
          ? t('maintenance:request.problems.title')
          : undefined;
    setProblem(found);
    if (found) return;
    mutation.mutate(
      {
        idempotencyKey: key.current,
        kind,
        line,
        station,
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(reason ? { reason } : {}),
        ...(kind === 'breakdown' && downAt ? { downAt: new Date(downAt).toISOString() } : {}),
      },
      {
        onSuccess: (order) => {
          key.current = newIdempotencyKey();
          onOpened(order);
        },
      },
    );
  }

  return (
    <form
      ref={form}
      className="form panel"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${id}-title`}
      data-testid="open-request-form"
    >
      <h2 id={`${id}-title`} className="mnt-form-title">
        {t('maintenance:request.title')}
      </h2>
      <fieldset className="mnt-choice">
        <legend>{t('maintenance:request.kindQuestion')}</legend>
        {REQUEST_KINDS.map((k) => (
          <label key={k} className="mnt-choice__option">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            {t(`maintenance:request.kindChoice.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-line`}>{t('common:words.line')}</label>
          <select
            id={`${id}-line`}
            value={line}
            onChange={(e) => {
              setLine(e.target.value);
              setStation('');
            }}
          >
            <option value="">{t('maintenance:request.chooseLine')}</option>
            {(lines.data ?? []).map((l) => (
              <option key={l.code} value={l.code}>
                {l.code} — {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-station`}>{t('maintenance:request.station')}</label>
          <select
            id={`${id}-station`}
            value={station}
            disabled={!line}
            onChange={(e) => setStation(e.target.value)}
          >
            <option value="">{t('maintenance:request.chooseStation')}</option>
            {stations.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-reason`}>{t('maintenance:request.reason')}</label>
          <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">{t('maintenance:request.noReason')}</option>
            {unplannedGroups(reasons.data?.downtimeReasons ?? []).map(({ group, leaves }) => (
              <optgroup key={group.code} label={group.name}>
                {leaves.map((leaf) => (
                  <option key={leaf.code} value={leaf.code}>
                    {leaf.code} — {leaf.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        {kind === 'breakdown' && (
          <div className="form-field">
            <label htmlFor={`${id}-down`}>{t('maintenance:request.downSince')}</label>
            <input
              id={`${id}-down`}
              type="datetime-local"
              value={downAt}
              aria-describedby={`${id}-down-hint`}
              onChange={(e) => setDownAt(e.target.value)}
            />
            <p id={`${id}-down-hint`} className="form-field__hint">
              {t('maintenance:request.downSinceHint')}
            </p>
          </div>
        )}
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-title-input`}>{t('maintenance:request.whatIsWrong')}</label>
        <input
          id={`${id}-title-input`}
          type="text"
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-description`}>{t('maintenance:request.details')}</label>
        <textarea
          id={`${id}-description`}
          rows={3}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <FormError
        error={problem ? new Error(problem) : mutation.error}
        testId="open-request-error"
      />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          data-command="submit-request"
          disabled={mutation.isPending}
        >
          {mutation.isPending
            ? t('maintenance:request.opening')
            : t(`maintenance:request.submit.${kind}`)}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

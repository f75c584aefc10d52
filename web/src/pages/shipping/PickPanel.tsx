import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocations } from '../../api/plant';
import { type PickingList, usePickOrder } from '../../api/shipping';
import { formatInteger } from '../../format';
import { StockCommandError } from '../storage/InterlockRefusal';
import { containerKindLabel } from '../storage/labels';
import { splitSerials } from '../storage/MoveContainersPanel';

interface PickPanelProps {
  order: string;
  list: PickingList;
  onPicked: () => void;
  onCancel: () => void;
}

/**
 * Picking confirmed by scanning: each container's serial (or SSCC) as it is
 * taken, checked off the list; the order is picked when every one is
 * scanned, and the containers go to the dock in the same step.
 */
export function PickPanel({ order, list, onPicked, onCancel }: PickPanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const pick = usePickOrder(order);
  const locations = useLocations();
  const docks = (locations.data ?? []).filter((l) => l.kind === 'shipping');
  const [scanned, setScanned] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [to, setTo] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const dock = to ?? docks[0]?.code ?? '';

  useEffect(() => input.current?.focus(), []);

  // A scan may read the SSCC rather than the serial: either names the container.
  const serialOf = (code: string) =>
    list.rows.find((r) => r.serial === code || r.sscc === code)?.serial ?? code;
  const expected = new Set(list.rows.map((r) => r.serial));
  const unexpected = scanned.filter((s) => !expected.has(s));
  const missing = list.rows.filter((r) => !scanned.includes(r.serial));

  function add(text: string) {
    const found = splitSerials(text).map(serialOf);
    setScanned((known) => [...known, ...found.filter((s) => !known.includes(s))]);
    setTyped('');
    setProblem(undefined);
    pick.reset();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && typed.trim() !== '') {
      event.preventDefault();
      add(typed);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (locations.isPending) return;
    const found =
      unexpected.length > 0
        ? t('shipping:pick.problem.unexpected', {
            count: unexpected.length,
            serials: unexpected.join(', '),
          })
        : missing.length > 0
          ? t('shipping:pick.problem.missing', {
              serials: missing.map((r) => r.serial).join(', '),
            })
          : undefined;
    setProblem(found);
    if (found) return;
    pick.mutate({ serials: scanned, ...(dock ? { to: dock } : {}) }, { onSuccess: onPicked });
  }

  return (
    <form
      className="panel form st-move"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="pick-panel"
      noValidate
    >
      <h2 id={`${id}-title`} className="st-panel-title">
        {t('shipping:pick.title', { order })}
      </h2>
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-scan`}>{t('shipping:pick.scan')}</label>
          <input
            ref={input}
            id={`${id}-scan`}
            className="st-scan"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('shipping:pick.placeholder')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-to`}>{t('shipping:pick.to')}</label>
          <select
            id={`${id}-to`}
            className="st-touch-input"
            value={dock}
            onChange={(e) => setTo(e.target.value)}
          >
            {docks.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} — {d.name}
              </option>
            ))}
            <option value="">{t('shipping:pick.stay')}</option>
          </select>
        </div>
      </div>
      <ul className="st-checklist" data-testid="pick-checklist">
        {list.rows.map((row) => {
          const done = scanned.includes(row.serial);
          return (
            <li
              key={row.serial}
              className={`st-check${done ? ' is-done' : ''}`}
              data-testid={`pick-${row.serial}`}
              data-picked={done}
            >
              <span className="st-checklist__mark" aria-hidden="true">
                {done ? '✓' : ''}
              </span>
              <code>{row.serial}</code>{' '}
              {t('shipping:pick.at', { kind: containerKindLabel(row.kind) })}{' '}
              <strong>{row.location ?? '—'}</strong>
              <span className="visually-hidden">
                {' '}
                {done ? t('shipping:pick.scanned') : t('shipping:pick.notScanned')}
              </span>
            </li>
          );
        })}
        {unexpected.map((serial) => (
          <li key={serial} className="st-check is-wrong" data-testid={`pick-${serial}`}>
            <span className="st-checklist__mark" aria-hidden="true">
              ✗
            </span>
            <code>{serial}</code> {t('shipping:pick.notOnOrder')}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => setScanned(scanned.filter((s) => s !== serial))}
            >
              {t('shipping:pick.remove')}
            </button>
          </li>
        ))}
      </ul>
      <p className="muted small" role="status" data-testid="pick-progress">
        {t('shipping:pick.progress', {
          done: formatInteger(list.rows.length - missing.length),
          total: formatInteger(list.rows.length),
        })}
      </p>
      <StockCommandError problem={problem} error={pick.error} testId="pick-error" />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary st-touch"
          data-command="pick-submit"
          // Until the docks are known the destination would silently be "where they stand".
          disabled={pick.isPending || locations.isPending}
        >
          {pick.isPending
            ? t('shipping:pick.confirming')
            : locations.isPending
              ? t('shipping:pick.loadingDocks')
              : t('shipping:pick.submit')}
        </button>
        <button type="button" className="button st-touch" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useLocations } from '../../api/plant';
import { type PickingList, usePickOrder } from '../../api/shipping';
import { FormError } from '../../components/FormError';
import { formatInteger } from '../../format';
import { InterlockRefusal, isInterlockRefusal } from '../storage/InterlockRefusal';
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
        ? `Not on this order: ${unexpected.join(', ')}. Put ${unexpected.length === 1 ? 'it' : 'them'} back and remove ${unexpected.length === 1 ? 'it' : 'them'} from the scan.`
        : missing.length > 0
          ? `Still to pick: ${missing.map((r) => r.serial).join(', ')}.`
          : undefined;
    setProblem(found);
    if (found) return;
    pick.mutate({ serials: scanned, ...(dock ? { to: dock } : {}) }, { onSuccess: onPicked });
  }

  const refused = isInterlockRefusal(pick.error) ? pick.error : undefined;

  return (
    <form
      className="panel form st-move"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="pick-panel"
      noValidate
    >
      <h2 id={`${id}-title`} className="st-panel-title">
        Pick order {order}
      </h2>
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-scan`}>Scan each container as you take it</label>
          <input
            ref={input}
            id={`${id}-scan`}
            className="st-scan"
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder="serial or SSCC, then Enter"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-to`}>Take them to</label>
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
            <option value="">leave them where they stand</option>
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
              <code>{row.serial}</code> {row.kind} at <strong>{row.location ?? '—'}</strong>
              <span className="visually-hidden">{done ? ' scanned' : ' not scanned yet'}</span>
            </li>
          );
        })}
        {unexpected.map((serial) => (
          <li key={serial} className="st-check is-wrong" data-testid={`pick-${serial}`}>
            <span className="st-checklist__mark" aria-hidden="true">
              ✗
            </span>
            <code>{serial}</code> is not on this order{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => setScanned(scanned.filter((s) => s !== serial))}
            >
              remove
            </button>
          </li>
        ))}
      </ul>
      <p className="muted small" role="status" data-testid="pick-progress">
        {formatInteger(list.rows.length - missing.length)} of {formatInteger(list.rows.length)}{' '}
        scanned
      </p>
      {refused ? (
        <InterlockRefusal error={refused} />
      ) : (
        <FormError error={problem ? new Error(problem) : pick.error} testId="pick-error" />
      )}
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary st-touch"
          data-command="pick-submit"
          // Until the docks are known the destination would silently be "where they stand".
          disabled={pick.isPending || locations.isPending}
        >
          {pick.isPending
            ? 'Confirming…'
            : locations.isPending
              ? 'Loading docks…'
              : 'Confirm picked'}
        </button>
        <button type="button" className="button st-touch" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

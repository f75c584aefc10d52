import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type HandlingUnit, useMoveContainers } from '../../api/storage';
import { formatInteger } from '../../format';
import { StockCommandError } from './InterlockRefusal';

/** Serials as a scanner or a paste brings them: one or more, apart by spaces, commas or lines. */
export const splitSerials = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

interface MoveContainersPanelProps {
  to: string;
  onMoved: (moved: HandlingUnit[]) => void;
  onCancel: () => void;
}

/**
 * Containers moved into this location, with everything in them: serials
 * typed or scanned (a scanner ends each with Enter), then one move. The
 * interlocks check every lot inside against the location; a refusal is
 * shown in full and nothing moves.
 */
export function MoveContainersPanel({ to, onMoved, onCancel }: MoveContainersPanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const move = useMoveContainers();
  const [serials, setSerials] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string>();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const add = (text: string) => {
    const found = splitSerials(text);
    if (found.length === 0) return serials;
    const next = [...serials, ...found.filter((s) => !serials.includes(s))];
    setSerials(next);
    setTyped('');
    move.reset();
    return next;
  };

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter after a serial adds it; Enter on an empty field moves what is listed.
    if (event.key === 'Enter' && typed.trim() !== '') {
      event.preventDefault();
      add(typed);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const all = add(typed);
    const found = all.length === 0 ? t('storage:move.noSerial') : undefined;
    setProblem(found);
    if (found) return;
    move.mutate({ serials: all, to }, { onSuccess: onMoved });
  }

  return (
    <form
      className="panel form st-move"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="move-panel"
      noValidate
    >
      <h2 id={`${id}-title`} className="st-panel-title">
        {t('storage:move.title', { to })}
      </h2>
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-serial`}>{t('storage:move.serial')}</label>
          <input
            ref={input}
            id={`${id}-serial`}
            className="st-scan"
            type="text"
            autoComplete="off"
            spellCheck={false}
            inputMode="text"
            placeholder={t('storage:move.placeholder')}
            aria-describedby={`${id}-hint`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <p id={`${id}-hint`} className="form-field__hint">
            {t('storage:move.hint')}
          </p>
        </div>
        <div className="form__actions st-move__add">
          <button type="button" className="button st-touch" onClick={() => add(typed)}>
            {t('common:actions.add')}
          </button>
        </div>
      </div>
      {serials.length > 0 && (
        <ul className="st-chips" aria-label={t('storage:move.list')} data-testid="move-serials">
          {serials.map((serial) => (
            <li key={serial} className="st-chip">
              <code>{serial}</code>
              <button
                type="button"
                className="st-chip__remove"
                aria-label={t('storage:move.remove', { serial })}
                onClick={() => {
                  setSerials(serials.filter((s) => s !== serial));
                  move.reset();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <StockCommandError problem={problem} error={move.error} testId="move-error" />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary st-touch"
          data-command="move-submit"
          disabled={move.isPending}
        >
          {move.isPending
            ? t('storage:move.moving')
            : t('storage:move.submit', {
                to,
                // One container or none yet: "Move container into …".
                count: Math.max(1, serials.length),
                containers: formatInteger(serials.length),
              })}
        </button>
        <button type="button" className="button st-touch" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

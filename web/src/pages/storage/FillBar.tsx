import { useTranslation } from 'react-i18next';
import { fillLevel, type LocationFill } from './fill';
import { formatFill, formatKg } from './labels';

/** A location's net explosive quantity against its limit: a bar, the kilograms and the share. */
export function FillBar({ fill, compact = false }: { fill: LocationFill; compact?: boolean }) {
  const { t } = useTranslation();
  const level = fillLevel(fill);
  // A fill within its limit needs no word: the bar and the share say it.
  const words = level === 'ok' ? '' : t(`storage:fill.level.${level}`);
  return (
    <span
      className={`st-fill st-fill--${level}${compact ? ' st-fill--compact' : ''}`}
      data-testid="fill"
      data-level={level}
    >
      {fill.fraction !== undefined && (
        <span className="st-fill__track" aria-hidden="true">
          <span
            className="st-fill__bar"
            style={{ width: `${Math.min(100, Math.max(0, fill.fraction * 100))}%` }}
          />
        </span>
      )}
      <span className="st-fill__text">
        <strong>{formatKg(fill.neqKg)}</strong>
        {fill.limitKg !== undefined && (
          <>
            {' '}
            {t('storage:fill.ofLimit', { limit: formatKg(fill.limitKg) })} ·{' '}
            <strong data-testid="fill-percent">{formatFill(fill.fraction ?? 0, fill.neqKg)}</strong>
          </>
        )}
        {fill.limitKg === undefined && ` ${t('storage:neq')}`}
        {words && <span className="st-fill__words"> · {words}</span>}
      </span>
    </span>
  );
}

/** Hazard divisions or compatibility groups as small codes; a dash for none. */
export function CodeList({ codes, testId }: { codes: readonly string[]; testId?: string }) {
  if (codes.length === 0) return <span className="muted">—</span>;
  return (
    <span className="code-list" data-testid={testId}>
      {codes.map((c) => (
        <code key={c} className="code">
          {c}
        </code>
      ))}
    </span>
  );
}

/** Hazard divisions and compatibility groups together (1.4 S); one dash when there are none. */
export function Classes({
  divisions,
  groups,
  testId,
}: {
  divisions: readonly string[];
  groups: readonly string[];
  /** On the groups, which the tests read. */
  testId?: string;
}) {
  if (divisions.length === 0 && groups.length === 0) return <span className="muted">—</span>;
  return (
    <span className="st-classes">
      <CodeList codes={divisions} /> <CodeList codes={groups} testId={testId} />
    </span>
  );
}

// An audit entry's before and after: the fields that differ in one line, the
// whole of both on request. Values are the record's data, shown as recorded
// (<samp>): they are not words of the page, and no language applies to them.
import { useTranslation } from 'react-i18next';
import { formatInteger } from '../../format';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function brief(value: unknown): string {
  if (value === undefined || value === null) return '∅';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 32 ? `${text.slice(0, 31)}…` : text;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

// Identifiers and hashes say little at a glance: they come last in the summary.
const isPlumbing = (field: string) => /^(id|.*[hH]ash|createdAt)$/.test(field);
const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/** The top-level fields whose values differ between before and after, telling ones first. */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => !same(b[f], a[f]))
    .sort((x, y) => Number(isPlumbing(x)) - Number(isPlumbing(y)))
    .map((field) => ({ field, before: b[field], after: a[field] }));
}

const SHOWN = 3;

export function ChangeView({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  if ((before === null || before === undefined) && (after === null || after === undefined)) {
    return <span className="muted">—</span>;
  }
  const structured = isRecord(before) || isRecord(after);
  const fields = structured ? changedFields(before, after) : [];
  // A record made (nothing before) or removed (nothing after) shows its values alone.
  const made = before === null || before === undefined;
  const removed = after === null || after === undefined;
  return (
    <details className="change-view">
      <summary>
        {structured ? (
          <>
            {made && <span className="muted">{t('audit:change.made')} </span>}
            {removed && <span className="muted">{t('audit:change.removed')} </span>}
            {fields.slice(0, SHOWN).map((f) => (
              <span key={f.field} className="change-view__field">
                <code>{f.field}</code>{' '}
                <samp>
                  {made
                    ? brief(f.after)
                    : removed
                      ? brief(f.before)
                      : `${brief(f.before)} → ${brief(f.after)}`}
                </samp>
              </span>
            ))}
            {fields.length > SHOWN && (
              <span className="muted">
                {' '}
                {t('audit:change.more', {
                  count: fields.length - SHOWN,
                  n: formatInteger(fields.length - SHOWN),
                })}
              </span>
            )}
            {fields.length === 0 && <span className="muted">{t('audit:change.none')}</span>}
          </>
        ) : (
          <samp>
            {brief(before)} → {brief(after)}
          </samp>
        )}
      </summary>
      <div className="change-view__full">
        <div>
          <p className="change-view__label">{t('audit:change.before')}</p>
          <pre>{JSON.stringify(before ?? null, null, 2)}</pre>
        </div>
        <div>
          <p className="change-view__label">{t('audit:change.after')}</p>
          <pre>{JSON.stringify(after ?? null, null, 2)}</pre>
        </div>
      </div>
    </details>
  );
}

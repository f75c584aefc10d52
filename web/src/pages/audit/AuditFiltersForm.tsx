import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from '../../api/audit';
import { actionDescription, knownActions } from './actions';

// What the server writes today: offered as suggestions, not limits.
const ENTITY_TYPES = ['plant.revision', 'user', 'api_token'];

interface AuditFiltersFormProps {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}

export function AuditFiltersForm({ filters, onApply }: AuditFiltersFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(filters);
  // The URL changed under the form (back button, a link): show what applies.
  const [shown, setShown] = useState(filters);
  if (shown !== filters) {
    setShown(filters);
    setDraft(filters);
  }
  const set = (key: keyof AuditFilters, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const active = Object.values(filters).some(Boolean);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  const field = (
    key: keyof AuditFilters,
    label: string,
    extra: { list?: string; type?: string; placeholder?: string } = {},
  ) => (
    <div className="form-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        name={key}
        type={extra.type ?? 'text'}
        autoComplete="off"
        spellCheck={false}
        {...(extra.list ? { list: extra.list } : {})}
        {...(extra.placeholder ? { placeholder: extra.placeholder } : {})}
        value={draft[key] ?? ''}
        onChange={(e) => set(key, e.target.value)}
      />
    </div>
  );

  return (
    <search aria-label={t('audit:filters.label')}>
      <form className="filters" onSubmit={onSubmit} data-testid="audit-filters">
        {field('entityType', t('audit:entityType'), {
          list: `${id}-types`,
          placeholder: t('audit:filters.any'),
        })}
        {field('entityId', t('audit:entityId'), { placeholder: t('audit:filters.any') })}
        {field('actor', t('audit:actor'), { placeholder: t('audit:filters.anyone') })}
        {field('action', t('audit:action'), {
          list: `${id}-actions`,
          placeholder: t('audit:filters.any'),
        })}
        {field('from', t('common:words.from'), { type: 'date' })}
        {field('to', t('common:words.to'), { type: 'date' })}
        <datalist id={`${id}-types`}>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <datalist id={`${id}-actions`}>
          {knownActions().map((a) => (
            <option key={a} value={a} label={actionDescription(a)} />
          ))}
        </datalist>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t('audit:filters.apply')}
          </button>
          {active && (
            <button type="button" className="button" onClick={() => onApply({})}>
              {t('common:actions.clear')}
            </button>
          )}
        </div>
      </form>
    </search>
  );
}

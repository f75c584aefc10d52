import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { stockSearchPath } from './labels';

/** Where a lot is: its number, typed or scanned, opens its stock by location. */
export function LotSearch({ initial = '' }: { initial?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const [typed, setTyped] = useState(initial);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const lot = typed.trim();
    if (lot) void navigate(stockSearchPath(lot));
  }

  return (
    <search aria-label={t('storage:lotSearch.label')}>
      <form className="filters" onSubmit={onSubmit} data-testid="lot-stock-search">
        <div className="form-field">
          <label htmlFor={`${id}-lot`}>{t('storage:lotSearch.lot')}</label>
          <input
            id={`${id}-lot`}
            type="text"
            inputMode="search"
            maxLength={60}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('storage:lotSearch.placeholder')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t('storage:lotSearch.submit')}
          </button>
        </div>
      </form>
    </search>
  );
}

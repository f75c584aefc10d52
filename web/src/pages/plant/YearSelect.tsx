import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { yearChoices } from './useYear';

interface YearSelectProps {
  year: number;
  onChange: (year: number) => void;
}

export function YearSelect({ year, onChange }: YearSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('plant:capacity.year')}</label>
      <select
        id={id}
        data-testid="year-select"
        value={year}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {yearChoices(year).map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </div>
  );
}

import { useId } from 'react';

export const LANGUAGES = [
  ['es', 'Español'],
  ['en', 'English'],
] as const;
export type Language = (typeof LANGUAGES)[number][0];

export function LanguageSelect({
  value,
  onChange,
}: {
  value: Language;
  onChange: (language: Language) => void;
}) {
  const id = useId();
  return (
    <div className="form-field">
      <label htmlFor={id}>Language</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Language)}>
        {LANGUAGES.map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

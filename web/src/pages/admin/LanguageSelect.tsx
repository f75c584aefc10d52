import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, languageName } from '../../components/languages';

/** The language a user reads the app and its reports in, each language named in itself. */
export function LanguageSelect({
  value,
  onChange,
}: {
  value: string;
  onChange: (language: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="form-field">
      <label htmlFor={id}>{t('admin:users.language')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageName(code)}
          </option>
        ))}
      </select>
    </div>
  );
}

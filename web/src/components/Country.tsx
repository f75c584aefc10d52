import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n';

const names = new Map<string, Intl.DisplayNames>();

/** Region names in a locale, made once per locale. */
function regionNames(locale: string): Intl.DisplayNames {
  let found = names.get(locale);
  if (!found) {
    found = new Intl.DisplayNames(locale, { type: 'region' });
    names.set(locale, found);
  }
  return found;
}

/** An ISO 3166 code with its name in the reader's language: "VE" → "Venezuela". */
export function Country({ code }: { code: string }) {
  // Subscribed to the language, so that the name follows a change of it.
  useTranslation();
  let name: string | undefined;
  try {
    name = regionNames(currentLocale()).of(code);
  } catch {
    name = undefined;
  }
  return (
    <span title={code}>
      {name && name !== code ? name : code} <span className="muted">({code})</span>
    </span>
  );
}

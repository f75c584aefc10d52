// The languages the app speaks, each named in itself ("Español", "English"):
// a reader looks for their own language's name, whatever the page is in.
import { i18n, LANGUAGES } from '../i18n';

/** A language's own name (its `meta:name`); a code the app does not speak stays a code. */
export function languageName(language: string): string {
  return LANGUAGES.includes(language) ? i18n.t('meta:name', { lng: language }) : language;
}

export { LANGUAGES };

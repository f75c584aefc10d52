// The web app's locale files for tests that hold the server's codes against
// their translations, in either layout: a folder per language (en, es) or a
// single `<language>.json` file of namespaces (core/i18n/languages.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { appLanguages, LOCALES_FOLDER } from '../../src/core/i18n/languages.js';

/** The languages the app speaks. */
export const LOCALE_LANGUAGES: readonly string[] = appLanguages().codes;

/** One namespace of a language (empty when the language has none of it). */
export function localeNamespace<T>(language: string, namespace: string): T {
  const single = appLanguages().get(language)?.namespaces;
  if (single) return (single[namespace] ?? {}) as T;
  const file = path.join(LOCALES_FOLDER, language, `${namespace}.json`);
  return (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as T;
}

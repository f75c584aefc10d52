// The web app's languages: i18next with react-i18next. Every string a plant
// user reads comes from a locale file; components never hold their own words.
//
// Conventions (checked in CI by `npm run lint`, see scripts/i18n-check.ts):
// - keys are written whole, as string literals: t('storage:receipt.title'),
//   namespace first; a key built at run time keeps a literal prefix,
//   t(`quality:disposition.${decision}`), whose every child must exist;
// - counts go through i18next plurals: t('lots:lotCount', { count }) with
//   `lotCount_one` and `lotCount_other` in every language;
// - numbers, dates and units through web/src/format.ts, which follows the
//   language's locale (es → es-VE, en → en-US), never through toLocaleString().
//
// A language is its locale folder (en, es) or a single locale file
// (`locales/fr.json`, every namespace a top-level key); the `meta` namespace
// names it and its locale. See ./resources.ts.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { collectResources } from './resources';

const files = import.meta.glob<unknown>(['./locales/*/*.json', './locales/*.json'], {
  eager: true,
  import: 'default',
});

const resources = collectResources(files);

/** The languages the app speaks, from its locale files. */
export const LANGUAGES: readonly string[] = Object.keys(resources).sort();
export const DEFAULT_LANGUAGE = 'es';

/** The Intl locale of a language (its `meta:locale`): es → es-VE, en → en-US. */
export function localeOf(language: string): string {
  const meta = resources[language]?.meta;
  const locale = meta && typeof meta.locale === 'string' ? meta.locale : undefined;
  return locale ?? language;
}

/** The language to use for nobody signed in: the browser's first one we speak. */
export function browserLanguage(preferred: readonly string[] = navigator.languages): string {
  for (const tag of preferred) {
    // A regional language (pt-BR) by its whole tag, else any by its first part.
    const whole = LANGUAGES.find((language) => language.toLowerCase() === tag.toLowerCase());
    if (whole) return whole;
    const language = tag.toLowerCase().split('-')[0] ?? '';
    if (LANGUAGES.includes(language)) return language;
  }
  return DEFAULT_LANGUAGE;
}

/** Switches the app's language; unknown ones fall back to the default. */
export async function switchLanguage(language: string): Promise<void> {
  const chosen = LANGUAGES.includes(language) ? language : DEFAULT_LANGUAGE;
  if (i18n.language !== chosen) await i18n.changeLanguage(chosen);
  document.documentElement.lang = localeOf(chosen);
}

/** The Intl locale of the language in use now. */
export const currentLocale = (): string => localeOf(i18n.language ?? DEFAULT_LANGUAGE);

void i18n.use(initReactI18next).init({
  resources,
  lng: typeof navigator === 'undefined' ? DEFAULT_LANGUAGE : browserLanguage(),
  // What a language lacks (a newly added one, partly translated) is said in
  // English; en and es lack nothing, which CI's key check sees to.
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(resources[DEFAULT_LANGUAGE] ?? {}),
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  // A missing key shows as itself, namespace included (storage:receipt.title),
  // which the browser tests look for; CI's key check keeps it from happening.
  appendNamespaceToMissingKey: true,
  saveMissing: false,
  react: { useSuspense: false },
});
if (typeof document !== 'undefined') document.documentElement.lang = currentLocale();

export { i18n };

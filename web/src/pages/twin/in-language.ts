// For the Twin page's unit tests: words come from a `t`, numbers and dates from
// the app's language, so a check runs with the app switched to the language it reads.
import type { TFunction } from 'i18next';
import { i18n } from '../../i18n';

/** Runs `check` with the app in `language` (its `t` given), then puts the language back. */
export async function inLanguage<T>(
  language: 'en' | 'es',
  check: (t: TFunction) => T | Promise<T>,
): Promise<T> {
  const before = i18n.language;
  await i18n.changeLanguage(language);
  try {
    return await check(i18n.getFixedT(language));
  } finally {
    await i18n.changeLanguage(before);
  }
}

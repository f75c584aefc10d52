// Every language must say everything every other language says: the same
// keys, every plural form its own plural rules need, the same {{values}}.
import { flatten, type Locales, localeOf } from './locales.js';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([\w.]+)(?:\s*,[^}]*)?\s*\}\}/g;

export interface Problem {
  where: string;
  message: string;
}

/** A key as written in code: `lots:count` for `lots:count_one` / `lots:count_other`. */
export function baseKey(key: string, flat: ReadonlyMap<string, unknown>): string {
  const base = key.replace(PLURAL_SUFFIX, '');
  return base !== key && flat.has(`${base}_other`) ? base : key;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();

export function checkLocales(locales: Locales): Problem[] {
  const problems: Problem[] = [];
  const languages = [...locales.keys()];
  if (languages.length < 2) {
    problems.push({
      where: 'locales',
      message: `expected at least two languages, found ${languages.length}`,
    });
  }
  const flat = new Map(languages.map((l) => [l, flatten(locales.get(l) ?? new Map())]));
  // A key (plural forms folded into their base) → its text in each language.
  const bases = new Map<string, Map<string, string[]>>();
  for (const [language, keys] of flat) {
    for (const [key, value] of keys) {
      if (key.startsWith('meta:')) continue;
      const where = `${language}/${key}`;
      if (typeof value !== 'string') {
        problems.push({ where, message: 'must be text' });
        continue;
      }
      if (value.trim() === '') problems.push({ where, message: 'is empty' });
      const base = baseKey(key, keys);
      const byLanguage = bases.get(base) ?? new Map<string, string[]>();
      byLanguage.set(language, [...(byLanguage.get(language) ?? []), value]);
      bases.set(base, byLanguage);
    }
  }
  for (const [base, byLanguage] of bases) {
    for (const language of languages) {
      if (!byLanguage.has(language)) {
        problems.push({ where: `${language}/${base}`, message: 'is missing' });
      }
    }
    const isPlural = [...flat.values()].some((keys) => keys.has(`${base}_other`));
    if (isPlural) {
      for (const language of languages) {
        if (!byLanguage.has(language)) continue;
        const namespaces = locales.get(language) ?? new Map();
        const rules = new Intl.PluralRules(localeOf(namespaces, language));
        for (const category of rules.resolvedOptions().pluralCategories) {
          if (!flat.get(language)?.has(`${base}_${category}`)) {
            problems.push({
              where: `${language}/${base}_${category}`,
              message: `is missing: ${language} counts need the "${category}" form`,
            });
          }
        }
      }
    }
    // English is the reference when it has the key: a new language is held to it.
    const signatures = [...byLanguage]
      .map(([language, texts]) => ({
        language,
        names: [...new Set(texts.flatMap(placeholders))].sort().join(', '),
      }))
      .sort((a, b) => Number(b.language === 'en') - Number(a.language === 'en'));
    const first = signatures[0];
    for (const other of signatures.slice(1)) {
      if (first && other.names !== first.names) {
        problems.push({
          where: `${other.language}/${base}`,
          message: `uses {{${other.names}}} where ${first.language} uses {{${first.names}}}`,
        });
      }
    }
  }
  return problems;
}

// A starter file for a new language: every namespace of English (and the words
// of the printed reports, as `documents`) in one `<code>.json`, the English
// texts in place to be translated, and each plural given the forms the new
// language's rules ask for (French counts need "many" as well as "one" and
// "other"), so the app and the check take the file at once.
import { readLocales, type Tree } from './locales.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;
const CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The plural forms a tree's plurals need in `locale`, filled from English. */
function withPlurals(tree: Tree, rules: Intl.PluralRules): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    const base = key.replace(PLURAL, '');
    if (typeof value === 'string' && base !== key && `${base}_other` in tree) {
      for (const category of rules.resolvedOptions().pluralCategories) {
        const english = tree[`${base}_${category}`] ?? tree[`${base}_other`];
        if (typeof english === 'string') out[`${base}_${category}`] = english;
      }
    } else {
      out[key] = typeof value === 'string' ? value : withPlurals(value, rules);
    }
  }
  return out;
}

export interface NewLanguage {
  code: string;
  /** Its own name; Intl's name of the code in itself when unset ("Français"). */
  name?: string;
  /** Its Intl locale; the code when unset. */
  locale?: string;
}

/** The starter file of a language, from English in `localesDir` (and `documentsDir`). */
export function starterFile(
  localesDir: string,
  documentsDir: string | undefined,
  { code, name, locale = code }: NewLanguage,
): Record<string, Tree> {
  if (!CODE.test(code)) throw new Error(`"${code}" is not a language code like fr or pt-BR`);
  const english = readLocales(localesDir, documentsDir).get('en');
  if (!english) throw new Error(`no English in ${localesDir}`);
  const own = new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  const rules = new Intl.PluralRules(locale);
  const file: Record<string, Tree> = {
    meta: { name: name ?? own.charAt(0).toLocaleUpperCase(locale) + own.slice(1), locale },
  };
  for (const [namespace, tree] of english) {
    if (namespace !== 'meta') file[namespace] = withPlurals(tree, rules);
  }
  return file;
}

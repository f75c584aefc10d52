// The web app's locale files, read the way web/src/i18n/index.ts reads them:
// `<dir>/<language>/<namespace>.json`, each a tree of strings. Flattened here
// to `namespace:path.to.key` → text for the checks.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Tree = { [key: string]: string | Tree };
/** language → namespace → tree */
export type Locales = Map<string, Map<string, Tree>>;

export function readLocales(dir: string): Locales {
  const locales: Locales = new Map();
  if (!existsSync(dir)) throw new Error(`no locale folder at ${dir}`);
  for (const language of readdirSync(dir).sort()) {
    const folder = path.join(dir, language);
    if (!statSync(folder).isDirectory()) continue;
    const namespaces = new Map<string, Tree>();
    for (const file of readdirSync(folder).sort()) {
      if (!file.endsWith('.json')) continue;
      const where = path.join(folder, file);
      let tree: unknown;
      try {
        tree = JSON.parse(readFileSync(where, 'utf8'));
      } catch (error) {
        throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
        throw new Error(`${where} must hold an object of keys`);
      }
      namespaces.set(file.slice(0, -'.json'.length), tree as Tree);
    }
    locales.set(language, namespaces);
  }
  return locales;
}

/** `namespace:a.b.c` → text, for every leaf; non-string leaves are reported by the checker. */
export function flatten(namespaces: Map<string, Tree>): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  const walk = (prefix: string, node: unknown) => {
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node)) {
        walk(prefix.endsWith(':') ? `${prefix}${key}` : `${prefix}.${key}`, child);
      }
    } else {
      flat.set(prefix, node);
    }
  };
  for (const [namespace, tree] of namespaces) walk(`${namespace}:`, tree);
  return flat;
}

/** The locale a language formats with (its `meta:locale`), for its plural rules. */
export function localeOf(namespaces: Map<string, Tree>, language: string): string {
  const locale = namespaces.get('meta')?.locale;
  return typeof locale === 'string' ? locale : language;
}

// The web app's locale files, read the way web/src/i18n/index.ts reads them:
// a folder `<dir>/<language>/<namespace>.json` per language, or one file
// `<dir>/<language>.json` whose top-level keys are the namespaces. Flattened
// here to `namespace:path.to.key` → text for the checks.
//
// The words of the printed reports are checked with them as the `documents`
// namespace: a single file keeps them under that key, a folder language in
// the reports module's catalogue (src/modules/reports/locales/<language>.json),
// which the server reads the same way (src/modules/reports/i18n.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Tree = { [key: string]: string | Tree };
/** language → namespace → tree */
export type Locales = Map<string, Map<string, Tree>>;

export const DOCUMENTS = 'documents';

const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readTree(where: string): Tree {
  let tree: unknown;
  try {
    tree = JSON.parse(readFileSync(where, 'utf8'));
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isTree(tree)) throw new Error(`${where} must hold an object of keys`);
  return tree;
}

function readFolder(folder: string): Map<string, Tree> {
  const namespaces = new Map<string, Tree>();
  for (const file of readdirSync(folder).sort()) {
    if (!file.endsWith('.json')) continue;
    namespaces.set(file.slice(0, -'.json'.length), readTree(path.join(folder, file)));
  }
  return namespaces;
}

function readSingleFile(where: string): Map<string, Tree> {
  const namespaces = new Map<string, Tree>();
  for (const [namespace, tree] of Object.entries(readTree(where))) {
    if (!isTree(tree)) throw new Error(`${where}: ${namespace} must be an object of keys`);
    namespaces.set(namespace, tree);
  }
  if (typeof namespaces.get('meta')?.name !== 'string') {
    throw new Error(`${where}: expected a meta with the language's name`);
  }
  return namespaces;
}

/**
 * The languages of `dir`, both layouts; with `documentsDir` (the reports
 * module's catalogues) each language's printed-report words as `documents`.
 */
export function readLocales(dir: string, documentsDir?: string): Locales {
  const locales: Locales = new Map();
  if (!existsSync(dir)) throw new Error(`no locale folder at ${dir}`);
  for (const entry of readdirSync(dir).sort()) {
    const where = path.join(dir, entry);
    const isFolder = statSync(where).isDirectory();
    if (!isFolder && !entry.endsWith('.json')) continue;
    const language = isFolder ? entry : entry.slice(0, -'.json'.length);
    if (locales.has(language)) throw new Error(`${where}: language ${language} is defined twice`);
    const namespaces = isFolder ? readFolder(where) : readSingleFile(where);
    const catalogue = documentsDir ? path.join(documentsDir, `${language}.json`) : undefined;
    if (catalogue && existsSync(catalogue)) namespaces.set(DOCUMENTS, readTree(catalogue));
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

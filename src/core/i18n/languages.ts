// The languages Lotline speaks, found at startup in the web app's locale folder
// (web/src/i18n/locales) so that adding a language is adding one file there:
// either a folder `<code>/` of namespace files (en, es) or a single
// `<code>.json` holding every namespace as a top-level key. The server takes
// from it the codes a user's language and a report's `language` may be, each
// language's Intl locale (its `meta.locale`) and, for a single-file language,
// the words of the printed documents (its `documents` key).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// From src/core/i18n and from dist/core/i18n alike, like MIGRATIONS_FOLDER.
export const LOCALES_FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/src/i18n/locales',
);

/** The plant's people read Spanish: the language of a user who chose none. */
export const DEFAULT_LANGUAGE = 'es';
/** What a language lacks is said in English, as the web app's i18next does. */
export const FALLBACK_LANGUAGE = 'en';

/** A language code as a file name: `fr`, `pt-BR`, `zh-Hant`. */
const CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export type Tree = { [key: string]: string | Tree };

export interface Language {
  readonly code: string;
  /** Its own name (`meta.name`): "Español". */
  readonly name: string;
  /** Its Intl locale (`meta.locale`), the code itself when unset. */
  readonly locale: string;
  /** A single-file language's namespaces; a folder language's are read by whoever needs them. */
  readonly namespaces?: Readonly<Record<string, Tree>>;
}

export interface Languages {
  readonly dir: string;
  /** The default language first (keeps the OpenAPI enums es, en), the rest by code. */
  readonly codes: readonly [string, ...string[]];
  get(code: string): Language | undefined;
  has(code: unknown): code is string;
}

const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function language(code: string, where: string, meta: unknown, namespaces?: Record<string, Tree>) {
  if (!CODE.test(code))
    throw new Error(`${where}: "${code}" is not a language code like fr or pt-BR`);
  if (!isTree(meta) || typeof meta.name !== 'string' || meta.name.trim() === '') {
    throw new Error(`${where}: expected a meta with the language's name`);
  }
  const locale = typeof meta.locale === 'string' ? meta.locale : code;
  return { code, name: meta.name, locale, ...(namespaces ? { namespaces } : {}) };
}

/** The languages in `dir`; throws on one that is not well formed, so a broken file stops startup. */
export function discoverLanguages(dir: string = LOCALES_FOLDER): Languages {
  if (!existsSync(dir)) throw new Error(`no locale folder at ${dir}`);
  const found = new Map<string, Language>();
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    let next: Language;
    if (statSync(full).isDirectory()) {
      const metaFile = path.join(full, 'meta.json');
      next = language(entry, full, existsSync(metaFile) ? readJson(metaFile) : undefined);
    } else if (entry.endsWith('.json')) {
      const tree = readJson(full);
      if (!isTree(tree) || !Object.values(tree).every(isTree)) {
        throw new Error(`${full}: expected an object of namespaces, each an object of keys`);
      }
      next = language(
        entry.slice(0, -'.json'.length),
        full,
        tree.meta,
        tree as Record<string, Tree>,
      );
    } else {
      continue;
    }
    if (found.has(next.code)) throw new Error(`${full}: language ${next.code} is defined twice`);
    found.set(next.code, next);
  }
  if (!found.has(DEFAULT_LANGUAGE) || !found.has(FALLBACK_LANGUAGE)) {
    throw new Error(`${dir}: expected the languages ${DEFAULT_LANGUAGE} and ${FALLBACK_LANGUAGE}`);
  }
  const rest = [...found.keys()].filter((code) => code !== DEFAULT_LANGUAGE).sort();
  const codes = [DEFAULT_LANGUAGE, ...rest] as [string, ...string[]];
  return {
    dir,
    codes,
    get: (code) => found.get(code),
    has: (code): code is string => typeof code === 'string' && found.has(code),
  };
}

let appLanguagesOnce: Languages | undefined;

/** The languages of the app's own locale folder, read once per process. */
export function appLanguages(): Languages {
  appLanguagesOnce ??= discoverLanguages();
  return appLanguagesOnce;
}

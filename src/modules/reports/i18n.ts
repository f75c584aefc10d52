// The words and numbers of the documents Lotline prints (shift and daily
// production reports, certificates of conformance, recall reports) in the
// reader's language: a message catalogue per language and Intl formatting in
// the language's locale (es-VE, en-US, its `meta.locale`), with times read in
// the plant's time zone. The languages are those the app speaks
// (core/i18n/languages.ts); a language's catalogue is locales/<language>.json
// here if there is one, else the `documents` key of its single locale file,
// and what it lacks is said in English.
//
// Catalogue conventions, the web app's (web/src/i18n): `{{name}}` interpolates
// a value; a count chooses among `key_one`, `key_many` and `key_other` by the
// language's plural rules (Spanish has a "many" for 1,000,000-like numbers).
// Master data (line, reason and material names, lot numbers) is data and is
// never translated; enumerated values (statuses, categories) are, by key.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appLanguages,
  DEFAULT_LANGUAGE,
  FALLBACK_LANGUAGE,
  type Languages,
  type Tree,
} from '../../core/i18n/languages.js';
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };

/** A language the app speaks (one of `Languages.codes`). */
export type ReportLanguage = string;

/** The plant's people read Spanish; a user without a known language gets it. */
export const DEFAULT_REPORT_LANGUAGE: ReportLanguage = DEFAULT_LANGUAGE;

/** The key a single-file language (web/src/i18n/locales/<code>.json) keeps its document words under. */
export const DOCUMENTS_KEY = 'documents';

// The catalogues of this folder: en and es are imported (typed, and emitted to
// dist by tsc); another one put here is read from the source tree, which is
// there from src/ and from dist/ alike (as core/db/store.ts finds migrations).
const BUNDLED: Readonly<Record<string, Tree>> = { en, es };
const CATALOGUE_FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../src/modules/reports/locales',
);

type Catalogue = typeof en;
type PluralSuffix = '_one' | '_many' | '_other';
type StripPlural<K extends string> = K extends `${infer Base}${PluralSuffix}` ? Base : K;
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${StripPlural<K>}`
    : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message of the catalogue, as `group.key` (a plural is named without its suffix). */
export type MessageKey = Paths<Catalogue>;

export type MessageValues = Readonly<Record<string, string | number>>;

/** The language a document is written in: the one asked for, else the reader's own, else Spanish. */
export function reportLanguage(
  asked: string | undefined,
  userLanguage?: string,
  languages: Languages = appLanguages(),
): ReportLanguage {
  if (languages.has(asked)) return asked;
  if (languages.has(userLanguage)) return userLanguage;
  return DEFAULT_REPORT_LANGUAGE;
}

// Read once per language set and code: a catalogue file is not re-read per document.
const catalogues = new WeakMap<Languages, Map<string, Tree>>();

/** The catalogue of a language, before falling back to English (empty when it has none). */
function catalogueOf(language: string, languages: Languages): Tree {
  const bundled = BUNDLED[language];
  if (bundled) return bundled;
  const known = catalogues.get(languages) ?? new Map<string, Tree>();
  catalogues.set(languages, known);
  let catalogue = known.get(language);
  if (!catalogue) {
    const file = path.join(CATALOGUE_FOLDER, `${language}.json`);
    const own = languages.get(language)?.namespaces?.[DOCUMENTS_KEY];
    catalogue = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Tree) : (own ?? {});
    known.set(language, catalogue);
  }
  return catalogue;
}

export interface ReportText {
  readonly language: ReportLanguage;
  readonly locale: string;
  readonly timeZone: string;
  /** A message of the catalogue; `count` among the values chooses the plural form. */
  t(key: MessageKey, values?: MessageValues): string;
  /** The translation of an enumerated value (`lotStatus`, `workOrderState`, …), or the value itself if unknown. */
  label(group: EnumGroup, value: string): string;
  integer(n: number): string;
  /** Up to `digits` decimals (2 by default). */
  decimal(n: number, digits?: number): string;
  /** A quantity as written, up to 6 decimals (kilograms of propellant as well as units). */
  quantity(n: number): string;
  /** A ratio 0…1 (or more) as a percentage with one decimal; an undefined ratio as "—". */
  percent(ratio: number | null | undefined): string;
  /** Milliseconds as minutes with one decimal. */
  minutes(ms: number): string;
  /** A calendar date (YYYY-MM-DD) in full: "lunes, 15 de marzo de 2027". */
  longDate(date: string): string;
  /** A calendar date (YYYY-MM-DD), unambiguous and short: "15 mar 2027", "Mar 15, 2027". */
  date(date: string): string;
  /** An instant in the plant's time zone, date and time. */
  dateTime(at: number | string | Date): string;
  /** An instant in the plant's time zone, the time of day only. */
  time(at: number | string | Date): string;
  /** A unit of measure of the master data ("each", "kg") in the language. */
  unit(code: string): string;
}

/** Groups of enumerated values with a translation of each value. */
export type EnumGroup =
  | 'lotStatus'
  | 'workOrderState'
  | 'downtimeCategory'
  | 'severity'
  | 'statistic'
  | 'signatureMeaning';

// Intl's narrow no-break space (some ICU versions put it before "AM") is
// outside the PDF standard fonts' encoding; a plain no-break space reads the same.
const printable = (text: string) => text.replaceAll('\u202f', '\u00a0');

function lookup(tree: Tree, path: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}

function interpolate(template: string, values: MessageValues, integer: (n: number) => string) {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? integer(value) : value;
  });
}

const DAY_ONLY = { timeZone: 'UTC' } as const;
const toDate = (at: number | string | Date) => (at instanceof Date ? at : new Date(at));
const utcNoon = (date: string) => new Date(`${date}T12:00:00Z`);

/** The texts and formats of one language, times read in `timeZone` (the plant's). */
export function reportText(
  language: ReportLanguage,
  timeZone = 'UTC',
  languages: Languages = appLanguages(),
): ReportText {
  const catalogue = catalogueOf(language, languages);
  const locale = languages.get(language)?.locale ?? language;
  const plurals = new Intl.PluralRules(locale);
  const englishPlurals = new Intl.PluralRules(languages.get(FALLBACK_LANGUAGE)?.locale ?? 'en');
  const english = BUNDLED[FALLBACK_LANGUAGE] ?? {};
  const integerFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const quantityFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  const percentFormat = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const minutesFormat = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const decimalFormats = new Map<number, Intl.NumberFormat>();
  const longDate = new Intl.DateTimeFormat(locale, { ...DAY_ONLY, dateStyle: 'full' });
  const mediumDate = new Intl.DateTimeFormat(locale, { ...DAY_ONLY, dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  const integer = (n: number) => printable(integerFormat.format(n));

  /** A message of the language, else of English (each with its own plural rules). */
  const find = (key: string, count: unknown): string | undefined => {
    for (const [tree, rules] of [
      [catalogue, plurals],
      [english, englishPlurals],
    ] as const) {
      if (typeof count === 'number') {
        const plural = lookup(tree, `${key}_${rules.select(count)}`);
        if (typeof plural === 'string') return plural;
        const other = lookup(tree, `${key}_other`);
        if (typeof other === 'string') return other;
      }
      const found = lookup(tree, key);
      if (typeof found === 'string') return found;
    }
    return undefined;
  };
  const message = (key: string, values: MessageValues): string => {
    const found = find(key, values.count);
    if (found === undefined) {
      // The key type rules this out for literal keys; a key built at run time lands here.
      throw new Error(`report catalogue ${language} has no message "${key}"`);
    }
    return interpolate(found, values, integer);
  };

  return {
    language,
    locale,
    timeZone,
    t: (key, values = {}) => message(key, values),
    label: (group, value) => find(`${group}.${value}`, undefined) ?? value,
    integer,
    decimal: (n, digits = 2) => {
      let format = decimalFormats.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
        decimalFormats.set(digits, format);
      }
      return printable(format.format(n));
    },
    quantity: (n) => printable(quantityFormat.format(n)),
    percent: (ratio) =>
      ratio === null || ratio === undefined || !Number.isFinite(ratio)
        ? '—'
        : printable(percentFormat.format(ratio)),
    minutes: (ms) => printable(minutesFormat.format(ms / 60_000)),
    longDate: (date) => printable(longDate.format(utcNoon(date))),
    date: (date) => printable(mediumDate.format(utcNoon(date))),
    dateTime: (at) => printable(dateTime.format(toDate(at))),
    time: (at) => printable(time.format(toDate(at))),
    unit: (code) => find(`unit.${code}`, undefined) ?? code,
  };
}

/** Every key of a catalogue, plural forms as written: for the test that keeps the languages alike. */
export function catalogueKeys(language: 'en' | 'es'): string[] {
  const keys: string[] = [];
  const walk = (tree: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      if (typeof value === 'string') keys.push(`${prefix}${key}`);
      else walk(value, `${prefix}${key}.`);
    }
  };
  walk(BUNDLED[language] ?? {}, '');
  return keys.sort();
}

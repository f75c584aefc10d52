// The words and numbers of the documents Lotline prints (shift and daily
// production reports, certificates of conformance, recall reports) in the
// reader's language: a message catalogue per language (locales/<language>.json,
// the same keys in each) and Intl formatting in the language's locale, es-VE
// or en-US, with times read in the plant's time zone.
//
// Catalogue conventions, the web app's (web/src/i18n): `{{name}}` interpolates
// a value; a count chooses among `key_one`, `key_many` and `key_other` by the
// language's plural rules (Spanish has a "many" for 1,000,000-like numbers).
// Master data (line, reason and material names, lot numbers) is data and is
// never translated; enumerated values (statuses, categories) are, by key.
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };

export const REPORT_LANGUAGES = ['es', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** The plant's people read Spanish; a user without a known language gets it. */
export const DEFAULT_REPORT_LANGUAGE: ReportLanguage = 'es';

export const LOCALE_OF: Readonly<Record<ReportLanguage, string>> = { es: 'es-VE', en: 'en-US' };

type Catalogue = typeof en;
type Tree = { [key: string]: string | Tree };
const CATALOGUES: Readonly<Record<ReportLanguage, Tree>> = { en, es };

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

export function isReportLanguage(value: unknown): value is ReportLanguage {
  return typeof value === 'string' && (REPORT_LANGUAGES as readonly string[]).includes(value);
}

/** The language a document is written in: the one asked for, else the reader's own, else Spanish. */
export function reportLanguage(asked: string | undefined, userLanguage?: string): ReportLanguage {
  if (isReportLanguage(asked)) return asked;
  if (isReportLanguage(userLanguage)) return userLanguage;
  return DEFAULT_REPORT_LANGUAGE;
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
export function reportText(language: ReportLanguage, timeZone = 'UTC'): ReportText {
  const catalogue = CATALOGUES[language];
  const locale = LOCALE_OF[language];
  const plurals = new Intl.PluralRules(locale);
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

  const message = (key: string, values: MessageValues): string => {
    const count = values.count;
    if (typeof count === 'number') {
      const plural = lookup(catalogue, `${key}_${plurals.select(count)}`);
      const other = lookup(catalogue, `${key}_other`);
      const chosen = typeof plural === 'string' ? plural : other;
      if (typeof chosen === 'string') return interpolate(chosen, values, integer);
    }
    const found = lookup(catalogue, key);
    if (typeof found !== 'string') {
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
    label: (group, value) => {
      const found = lookup(catalogue, `${group}.${value}`);
      return typeof found === 'string' ? found : value;
    },
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
    unit: (code) => {
      const found = lookup(catalogue, `unit.${code}`);
      return typeof found === 'string' ? found : code;
    },
  };
}

/** Every key of a catalogue, plural forms as written: for the test that keeps the languages alike. */
export function catalogueKeys(language: ReportLanguage): string[] {
  const keys: string[] = [];
  const walk = (tree: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      if (typeof value === 'string') keys.push(`${prefix}${key}`);
      else walk(value, `${prefix}${key}.`);
    }
  };
  walk(CATALOGUES[language], '');
  return keys.sort();
}

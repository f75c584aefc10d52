// Number and date formatting in the locale of the app's language (es-VE,
// en-US), through Intl only. Formatters are cached per locale.
import { currentLocale } from './i18n';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = currentLocale();
  const key = `${locale}|n|${name}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = currentLocale();
  const key = `${locale}|d|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

export const formatInteger = (n: number): string =>
  numberFormat('integer', { maximumFractionDigits: 0 }).format(n);
export const formatDecimal = (n: number): string =>
  numberFormat('decimal', { maximumFractionDigits: 2 }).format(n);
export const formatPercent = (fraction: number): string =>
  numberFormat('percent', { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
/** 70329600 → "70.3 million" (en-US). */
export const formatCompact = (n: number): string =>
  numberFormat('compact', {
    notation: 'compact',
    compactDisplay: 'long',
    maximumFractionDigits: 1,
  }).format(n);
/** A measured or specified value as written: 0.00003, 0.065, 55.45. */
// Net explosive quantities per unit run down to tens of milligrams, and AQL
// values to 0.01: show them as written, never rounded to two decimals.
export const formatExact = (n: number): string =>
  numberFormat('exact', { maximumFractionDigits: 8 }).format(n);

/** A timestamp in the plant's own time zone, which is what the shop floor reads. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  };
  try {
    return dateFormat(options).format(new Date(iso));
  } catch {
    // An unknown time zone name: fall back to the reader's own.
    return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
}

/** snake_case codes from the API as words: "bullet_seating" → "bullet seating". */
export const humanize = (code: string): string => code.replaceAll('_', ' ');

const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

/** A server message with its ISO timestamps in the reader's own time: "… until Jun 15, 2026, 2:15 PM". */
export const withLocalTimes = (text: string): string =>
  text.replace(ISO_TIMESTAMP, (iso) => formatDateTime(iso));

/** A moment to the second, for the audit trail and signatures. */
export function formatTimestamp(iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  };
  try {
    return dateFormat(options).format(new Date(iso));
  } catch {
    return dateFormat({ dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));
  }
}

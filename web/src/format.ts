// Number and date formatting in the reader's locale, through Intl only.
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(undefined, {
  notation: 'compact',
  compactDisplay: 'long',
  maximumFractionDigits: 1,
});
// Net explosive quantities per unit run down to tens of milligrams, and AQL
// values to 0.01: show them as written, never rounded to two decimals.
const exact = new Intl.NumberFormat(undefined, { maximumFractionDigits: 8 });

export const formatInteger = (n: number): string => integer.format(n);
export const formatDecimal = (n: number): string => decimal.format(n);
export const formatPercent = (fraction: number): string => percent.format(fraction);
/** 70329600 → "70.3 million" (en-US). */
export const formatCompact = (n: number): string => compact.format(n);
/** A measured or specified value as written: 0.00003, 0.065, 55.45. */
export const formatExact = (n: number): string => exact.format(n);

/** A timestamp in the plant's own time zone, which is what the shop floor reads. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  };
  try {
    return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
  } catch {
    // An unknown time zone name: fall back to the reader's own.
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
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
    return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(
      new Date(iso),
    );
  }
}

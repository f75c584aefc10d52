// Words, paths and number formats of the planning pages. The words come from
// the `planning` namespace, looked up when a page draws them (the language can
// change while the app runs), never when this module loads.
import { formatDecimal, formatInteger } from '../../format';
import { currentLocale, i18n } from '../../i18n';

export const schedulePath = '/planning';
export const shortagesPath = '/planning/shortages';
export const disruptionPath = '/planning/disruption';
export const mpsPath = '/planning/mps';

/** A count for an i18next plural: `count` picks the form, `n` is the number as shown. */
export const counted = (count: number): { count: number; n: string } => ({
  count,
  n: formatInteger(count),
});

/** 0 → "0 min", 45 → "45 min", 150 → "2 h 30 min", 3000 → "2 d 2 h". */
export function formatMinutes(minutes: number): string {
  const t = i18n.t;
  const m = Math.round(minutes);
  if (m < 60) return t('planning:duration.minutes', { minutes: formatInteger(m) });
  const days = formatInteger(Math.floor(m / 1440));
  const hours = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  if (m >= 1440) {
    return hours > 0
      ? t('planning:duration.daysHours', { days, hours: formatInteger(hours) })
      : t('planning:duration.days', { days });
  }
  return rest > 0
    ? t('planning:duration.hoursMinutes', {
        hours: formatInteger(hours),
        minutes: formatInteger(rest),
      })
    : t('planning:duration.hours', { hours: formatInteger(hours) });
}

/** Minutes as hours to the tenth: 150 → "2.5 h" (en), "2,5 h" (es). */
export const formatHours = (minutes: number): string =>
  i18n.t('planning:duration.hours', { hours: formatDecimal(Math.round(minutes / 6) / 10) });

// format.ts has no calendar-date formatters: local ones in the language's
// locale, made once per locale and kind.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(kind: 'day' | 'week'): Intl.DateTimeFormat {
  const locale = currentLocale();
  const key = `${locale}|${kind}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      kind === 'day'
        ? { dateStyle: 'medium', timeZone: 'UTC' }
        : { month: 'short', day: 'numeric', timeZone: 'UTC' },
    );
    dateFormats.set(key, format);
  }
  return format;
}

/** A calendar date (YYYY-MM-DD) as written in the reader's language, never shifted by a time zone. */
export const formatDay = (ymd: string): string =>
  dateFormat('day').format(new Date(`${ymd}T00:00:00Z`));
/** A week's Monday, short: "Jun 15" (en), "15 jun" (es). */
export const formatWeek = (ymd: string): string =>
  dateFormat('week')
    .format(new Date(`${ymd}T00:00:00Z`))
    .replace(/\.$/, '');

/**
 * What a requirement source is (src/modules/planning/requirements-service.ts):
 * with a line plan, an order of the plan "REFERENCE on LINE"; without one, a
 * work order by its number or a forecast week "PRODUCT week YYYY-MM-DD".
 * These are the server's own codes, parsed here and written in the reader's words.
 */
export type RequirementSource =
  | { kind: 'planned'; reference: string; line: string }
  | { kind: 'forecast'; product: string; week: string }
  | { kind: 'work_order'; number: string };

export function describeSource(source: string): RequirementSource {
  const planned = /^(.+) on (\S+)$/.exec(source);
  if (planned?.[1] && planned[2])
    return { kind: 'planned', reference: planned[1], line: planned[2] };
  const forecast = /^(\S+) week (\d{4}-\d{2}-\d{2})$/.exec(source);
  if (forecast?.[1] && forecast[2])
    return { kind: 'forecast', product: forecast[1], week: forecast[2] };
  return { kind: 'work_order', number: source };
}

/** The value of an <input type="datetime-local"> for a moment, in the reader's time. */
export function toLocalInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** An <input type="datetime-local"> value (the reader's time) as ISO 8601 in UTC; undefined if not a time. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** Today in the reader's calendar, YYYY-MM-DD. */
export const today = (): string => toLocalInput(new Date()).slice(0, 10);

/** "C762-BALL week 2026-06-15" → "C762-BALL, week of Jun 15"; a work order stays its number. */
export function sourceLabel(source: string): string {
  const s = describeSource(source);
  switch (s.kind) {
    case 'planned':
      return i18n.t('planning:source.planned', { reference: s.reference, line: s.line });
    case 'forecast':
      return i18n.t('planning:source.forecast', { product: s.product, week: formatWeek(s.week) });
    case 'work_order':
      return s.number;
  }
}

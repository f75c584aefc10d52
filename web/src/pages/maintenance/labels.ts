// Words, paths and number formats of the maintenance pages. The words come
// from the `maintenance` namespace, looked up when a page draws them (the
// language can change while the app runs), never when this module loads.
import type { MaintenanceWorkOrder } from '../../api/maintenance';
import { formatDecimal, formatInteger, formatPercent } from '../../format';
import { currentLocale, i18n } from '../../i18n';

export const boardPath = '/maintenance';
export const equipmentListPath = '/maintenance/equipment';
export const sparePartsPath = '/maintenance/spare-parts';

/** A count for an i18next plural: `count` picks the form, `n` is the number as shown. */
export const counted = (count: number): { count: number; n: string } => ({
  count,
  n: formatInteger(count),
});

/**
 * A length of time for people: 0.4 → "0.4 min", 45 → "45 min",
 * 150 → "2 h 30 min", 3000 → "2 d 2 h". Short repairs keep their decimal.
 */
export function formatMinutes(minutes: number): string {
  const t = i18n.t;
  if (minutes < 10) {
    return t('maintenance:duration.minutes', {
      minutes: formatDecimal(Math.round(minutes * 10) / 10),
    });
  }
  const m = Math.round(minutes);
  if (m < 60) return t('maintenance:duration.minutes', { minutes: formatInteger(m) });
  const days = formatInteger(Math.floor(m / 1440));
  const hours = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  if (m >= 1440) {
    return hours > 0
      ? t('maintenance:duration.daysHours', { days, hours: formatInteger(hours) })
      : t('maintenance:duration.days', { days });
  }
  return rest > 0
    ? t('maintenance:duration.hoursMinutes', {
        hours: formatInteger(hours),
        minutes: formatInteger(rest),
      })
    : t('maintenance:duration.hours', { hours: formatInteger(hours) });
}

export const formatMaybeMinutes = (minutes: number | null): string =>
  minutes === null ? '—' : formatMinutes(minutes);

export const formatAvailability = (fraction: number | null): string =>
  fraction === null ? '—' : formatPercent(fraction);

// format.ts has no calendar-date formatter: a local one in the language's locale.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar date (YYYY-MM-DD) in the reader's language, never shifted by a time zone. */
export function formatDay(ymd: string): string {
  const locale = currentLocale();
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dayFormats.set(locale, format);
  }
  return format.format(new Date(`${ymd}T00:00:00Z`));
}

/** "L1/CS", or the line alone for a job on the whole line. */
export const assetCode = (order: Pick<MaintenanceWorkOrder, 'line' | 'station'>): string =>
  order.station
    ? `${order.line}/${order.station}`
    : i18n.t('maintenance:asset.wholeLine', { line: order.line });

/** An ISO instant as the value of a datetime-local input, in the reader's own zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

import type { ContainerKind } from '../../api/shipping';
import type { MovementKind } from '../../api/storage';
import { formatDecimal, formatExact, formatPercent } from '../../format';
import { currentLocale, i18n } from '../../i18n';

// Words of the storage pages that plain modules and several components share,
// each looked up when it is drawn: the language changes at run time.

/** A kind of location of the plant file (src/modules/plant/model.ts LOCATION_KINDS). */
export const locationKindLabel = (kind: string): string =>
  i18n.t(`storage:locationKind.${kind}`, { defaultValue: kind.replaceAll('_', ' ') });

/** A magazine's construction (src/modules/plant/model.ts MAGAZINE_TYPES). */
export const magazineTypeLabel = (type: string): string =>
  i18n.t(`storage:magazineType.${type}`, { defaultValue: type.replaceAll('_', ' ') });

/** A movement of the ledger (src/modules/storage MOVEMENT_KINDS). */
export const movementKindLabel = (kind: MovementKind): string =>
  i18n.t(`storage:movementKind.${kind}`);

/** A container's kind in lower case, singular or plural by `count`: "crate", "3 crates" is the caller's. */
export const containerKindLabel = (kind: ContainerKind | string, count = 1): string =>
  i18n.t(`storage:containerKind.${kind}`, { count, defaultValue: kind });

/** "crate HU-000012": a container as a notice or a signature names it. */
export const containerName = (unit: { kind: string; serial: string }): string =>
  `${containerKindLabel(unit.kind)} ${unit.serial}`;

/** What one distance is measured to: an inhabited building, a public traffic route, a magazine. */
export const exposureLabel = (kind: string): string =>
  i18n.t(`storage:exposure.one.${kind}`, { defaultValue: kind.replaceAll('_', ' ') });

/** What distances are measured to, all of a kind: "inhabited buildings". */
export const exposuresLabel = (kind: string): string =>
  i18n.t(`storage:exposure.all.${kind}`, { defaultValue: kind.replaceAll('_', ' ') });

/** A hazard division as the quantity-distance pages name it: "HD 1.4" (es "Div. 1.4"). */
export const divisionLabel = (division: string): string =>
  i18n.t('storage:qd.division', { division });

/**
 * Net explosive quantity in kg: grams matter in a primer magazine (0.06 kg),
 * tonnes in a powder magazine; above 10 kg to the tenth, below to the gram.
 */
export const formatKg = (kg: number): string =>
  `${Math.abs(kg) >= 10 ? formatDecimal(Math.round(kg * 10) / 10) : formatExact(Math.round(kg * 1000) / 1000)} kg`;

/** A fill fraction: never "0 %" for a magazine that holds something. */
export function formatFill(fraction: number, neqKg: number): string {
  if (neqKg > 0 && fraction < 0.001) return `< ${formatPercent(0.001)}`;
  return formatPercent(fraction);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar day of the API (YYYY-MM-DD: a due date, an expiry) in the
 * language's locale. format.ts formats moments, not days; a day has no time
 * zone, so it is read and written in UTC and never shifts by one.
 */
export function formatDay(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  const locale = currentLocale();
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dayFormats.set(locale, format);
  }
  return format.format(at);
}

export const storagePath = '/storage';
export const locationPath = (code: string): string =>
  `/storage/locations/${encodeURIComponent(code)}`;
export const lotMovementsPath = (lot: string): string => `/storage/lots/${encodeURIComponent(lot)}`;
export const stockSearchPath = (lot?: string): string =>
  lot ? `/storage/stock?${new URLSearchParams({ lot })}` : '/storage/stock';

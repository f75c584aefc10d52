// Words, paths and number formats of the maintenance pages.
import type {
  Criticality,
  MaintenanceKind,
  MaintenanceState,
  MaintenanceWorkOrder,
} from '../../api/maintenance';
import { formatDecimal, formatInteger, formatPercent } from '../../format';

export const boardPath = '/maintenance';
export const equipmentListPath = '/maintenance/equipment';
export const sparePartsPath = '/maintenance/spare-parts';

export const KIND_LABEL: Readonly<Record<MaintenanceKind, string>> = {
  breakdown: 'Breakdown',
  corrective: 'Fault',
  preventive: 'Preventive',
};

export const STATE_LABEL: Readonly<Record<MaintenanceState, string>> = {
  open: 'Open',
  in_progress: 'In progress',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const CRITICALITY_LABEL: Readonly<Record<Criticality, string>> = {
  A: 'A — critical',
  B: 'B — stops its line',
  C: 'C — can wait',
};

/** How a transition reads in a job's history. */
export const COMMAND_WORD: Readonly<Record<string, string>> = {
  open: 'Opened',
  take: 'Taken',
  close: 'Closed',
  cancel: 'Cancelled',
};

/**
 * A length of time for people: 0.4 → "0.4 min", 45 → "45 min",
 * 150 → "2 h 30 min", 3000 → "2 d 2 h". Short repairs keep their decimal.
 */
export function formatMinutes(minutes: number): string {
  if (minutes < 10) return `${formatDecimal(Math.round(minutes * 10) / 10)} min`;
  const m = Math.round(minutes);
  if (m < 60) return `${formatInteger(m)} min`;
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}

export const formatMaybeMinutes = (minutes: number | null): string =>
  minutes === null ? '—' : formatMinutes(minutes);

export const formatAvailability = (fraction: number | null): string =>
  fraction === null ? '—' : formatPercent(fraction);

/** "L1/CS", or the line alone for a job on the whole line. */
export const assetCode = (order: Pick<MaintenanceWorkOrder, 'line' | 'station'>): string =>
  order.station ? `${order.line}/${order.station}` : `${order.line} (whole line)`;

/** An ISO instant as the value of a datetime-local input, in the reader's own zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

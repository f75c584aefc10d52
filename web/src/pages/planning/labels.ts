// Words, paths and number formats of the planning pages.
import type { FrozenReason, Priority } from '../../api/planning';
import { formatDecimal, formatInteger } from '../../format';

export const schedulePath = '/planning';
export const shortagesPath = '/planning/shortages';
export const disruptionPath = '/planning/disruption';
export const mpsPath = '/planning/mps';

export const FROZEN_LABEL: Readonly<Record<FrozenReason, string>> = {
  running: 'running now',
  released: 'released to the floor',
  frozen_horizon: 'inside the frozen horizon',
};

export const PRIORITY_LABEL: Readonly<Record<Priority, string>> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const UNAVAILABLE_LABEL = { maintenance: 'Maintenance', outage: 'Line down' } as const;

/** 0 → "0 min", 45 → "45 min", 150 → "2 h 30 min", 3000 → "2 d 2 h". */
export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${formatInteger(m)} min`;
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  if (days > 0)
    return hours > 0 ? `${formatInteger(days)} d ${hours} h` : `${formatInteger(days)} d`;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}

/** Minutes as hours to the tenth: 150 → "2.5 h". */
export const formatHours = (minutes: number): string =>
  `${formatDecimal(Math.round(minutes / 6) / 10)} h`;

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const shortDay = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/** A calendar date (YYYY-MM-DD) as written in the reader's locale, never shifted by a time zone. */
export const formatDay = (ymd: string): string => day.format(new Date(`${ymd}T00:00:00Z`));
/** A week's Monday, short: "Jun 15". */
export const formatWeek = (ymd: string): string => shortDay.format(new Date(`${ymd}T00:00:00Z`));

/**
 * What a requirement source is (src/modules/planning/requirements-service.ts):
 * with a line plan, an order of the plan "REFERENCE on LINE"; without one, a
 * work order by its number or a forecast week "PRODUCT week YYYY-MM-DD".
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
      return `${s.reference} on ${s.line}`;
    case 'forecast':
      return `${s.product}, week of ${formatWeek(s.week)}`;
    case 'work_order':
      return s.number;
  }
}

import type { MovementKind } from '../../api/storage';
import { formatDecimal, formatExact, formatPercent } from '../../format';

/** The kinds of location of the plant file (src/modules/plant/model.ts LOCATION_KINDS). */
export const LOCATION_KIND_LABEL: Readonly<Record<string, string>> = {
  magazine: 'Magazine',
  component_store: 'Component store',
  quarantine: 'Quarantine',
  shipping: 'Shipping area',
  range_store: 'Range store',
  scrap: 'Scrap',
};

export const locationKindLabel = (kind: string): string =>
  LOCATION_KIND_LABEL[kind] ?? kind.replaceAll('_', ' ');

export const MOVEMENT_KIND_LABEL: Readonly<Record<MovementKind, string>> = {
  receipt: 'Receipt',
  production_output: 'Production output',
  transfer: 'Transfer',
  consumption: 'Consumption',
  shipment: 'Shipment',
  scrap: 'Scrap',
  adjustment: 'Count adjustment',
};

/**
 * Net explosive quantity in kg: grams matter in a primer magazine (0.06 kg),
 * tonnes in a powder magazine; above 10 kg to the tenth, below to the gram.
 */
export const formatKg = (kg: number): string =>
  `${Math.abs(kg) >= 10 ? formatDecimal(Math.round(kg * 10) / 10) : formatExact(Math.round(kg * 1000) / 1000)} kg`;

/** A fill fraction: never "0 %" for a magazine that holds something. */
export function formatFill(fraction: number, neqKg: number): string {
  if (neqKg > 0 && fraction < 0.001) return '< 0.1%';
  return formatPercent(fraction);
}

export const storagePath = '/storage';
export const locationPath = (code: string): string =>
  `/storage/locations/${encodeURIComponent(code)}`;
export const lotMovementsPath = (lot: string): string => `/storage/lots/${encodeURIComponent(lot)}`;
export const stockSearchPath = (lot?: string): string =>
  lot ? `/storage/stock?${new URLSearchParams({ lot })}` : '/storage/stock';

// The words for lot statuses, trace directions and container kinds, from the
// lots namespace; functions of `t`, called at render time (the language can
// change while a page is open). Quantities and paths, which other pages use too.
import type { TFunction } from 'i18next';
import type { LotStatus, TraceDirection } from '../../api/genealogy';
import { formatExact } from '../../format';

/** "Quarantine", "Cuarentena". */
export const statusLabel = (t: TFunction, status: LotStatus): string => t(`lots:status.${status}`);

/** A trace direction as the direction switch says it: "Made from (backward)". */
export const directionLabel = (t: TFunction, direction: TraceDirection): string =>
  t(`lots:direction.${direction}`);

const CONTAINER_KINDS = new Set(['packet', 'can', 'crate', 'pallet']);

/** A container's kind in words ("Pallet", "Paleta"); a kind unknown here as it came. */
export const containerKindLabel = (t: TFunction, kind: string): string =>
  CONTAINER_KINDS.has(kind) ? t(`lots:containerKind.${kind}`) : kind;

/**
 * A lot's quantity as written (propellant runs to grams: 5.648 kg), with its
 * unit unless it is counted in pieces. Unit symbols (kg, g, m, l) read the
 * same in every language.
 */
export const formatQuantity = (quantity: number, unit: string): string =>
  unit === 'each' ? formatExact(quantity) : `${formatExact(quantity)} ${unit}`;

/** The path of a lot's page, tracing in a direction. */
export const lotPath = (number: string, direction?: TraceDirection): string =>
  `/lots/${encodeURIComponent(number)}${direction ? `?direction=${direction}` : ''}`;

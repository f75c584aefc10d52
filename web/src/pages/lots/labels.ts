import type { LotStatus, TraceDirection } from '../../api/genealogy';
import { formatExact } from '../../format';

export const STATUS_LABEL: Readonly<Record<LotStatus, string>> = {
  quarantine: 'Quarantine',
  released: 'Released',
  on_hold: 'On hold',
  rejected: 'Rejected',
  consumed: 'Consumed',
  shipped: 'Shipped',
};

export const DIRECTION_LABEL: Readonly<Record<TraceDirection, string>> = {
  backward: 'Made from (backward)',
  forward: 'Went into (forward)',
};

/** What expanding a lot in a direction shows, as a button says it. */
export const EXPAND_LABEL: Readonly<Record<TraceDirection, string>> = {
  backward: 'Made from',
  forward: 'Went into',
};

/**
 * A lot's quantity as written (propellant runs to grams: 5.648 kg), with its
 * unit unless it is counted in pieces.
 */
export const formatQuantity = (quantity: number, unit: string): string =>
  unit === 'each' ? formatExact(quantity) : `${formatExact(quantity)} ${unit}`;

/** The path of a lot's page, tracing in a direction. */
export const lotPath = (number: string, direction?: TraceDirection): string =>
  `/lots/${encodeURIComponent(number)}${direction ? `?direction=${direction}` : ''}`;

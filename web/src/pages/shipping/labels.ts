import type { OrderState } from '../../api/shipping';
import { formatInteger } from '../../format';
import { i18n } from '../../i18n';
import { containerKindLabel } from '../storage/labels';

/** An order's state (src/modules/shipping ORDER_STATES), looked up when it is drawn. */
export const orderStateLabel = (state: OrderState): string =>
  i18n.t(`shipping:orderState.${state}`);

export const ordersPath = '/storage/orders';
export const orderPath = (number: string): string =>
  `/storage/orders/${encodeURIComponent(number)}`;
export const pickingListPath = (number: string): string => `${orderPath(number)}/picking-list`;
export const shipmentsPath = '/storage/shipments';
export const shipmentPath = (number: string): string =>
  `/storage/shipments/${encodeURIComponent(number)}`;

/** "2 crates, 1 can" — containers by kind, in words of the language in use. */
export function describeKinds(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts.entries()]
    .map(([kind, n]) => `${formatInteger(n)} ${containerKindLabel(kind, n)}`)
    .join(', ');
}

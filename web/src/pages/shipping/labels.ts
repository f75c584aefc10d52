import type { OrderState } from '../../api/shipping';

export const ORDER_STATE_LABEL: Readonly<Record<OrderState, string>> = {
  open: 'Open',
  allocated: 'Allocated',
  picked: 'Picked',
  dispatched: 'Dispatched',
  cancelled: 'Cancelled',
};

export const ordersPath = '/storage/orders';
export const orderPath = (number: string): string =>
  `/storage/orders/${encodeURIComponent(number)}`;
export const pickingListPath = (number: string): string => `${orderPath(number)}/picking-list`;
export const shipmentsPath = '/storage/shipments';
export const shipmentPath = (number: string): string =>
  `/storage/shipments/${encodeURIComponent(number)}`;

/** "2 crates, 1 can" — containers by kind, in words. */
export function describeKinds(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts.entries()].map(([kind, n]) => `${n} ${n === 1 ? kind : `${kind}s`}`).join(', ');
}

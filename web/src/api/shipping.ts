// Orders and shipments (src/modules/shipping/routes.ts): customers' call-off
// orders from entry through allocation and picking to the signed dispatch,
// and the shipments with their packing list and dangerous-goods declaration.
// The shapes mirror docs/openapi.json (Order, Allocation, PickingList, Shipment).
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';
import { type Signature, signatureHeaders } from './signature';
import type { SignatureStatus } from './types';

export const ORDER_STATES = ['open', 'allocated', 'picked', 'dispatched', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const isOrderState = (value: string | null | undefined): value is OrderState =>
  (ORDER_STATES as readonly string[]).includes(value ?? '');

export type ContainerKind = 'packet' | 'can' | 'crate' | 'pallet';

export interface OrderLine {
  line: number;
  product: string;
  quantity: number;
  unit: string;
  /** YYYY-MM-DD */
  due: string;
  allocated: number;
  shipped: number;
}

export interface Order {
  id: string;
  number: string;
  customer: string;
  state: OrderState;
  lines: OrderLine[];
  /** Containers reserved for the order now. */
  containers: number;
  shipment: string | null;
  createdAt: string;
  createdBy: string;
  allocatedAt: string | null;
  pickedAt: string | null;
  pickedBy: string | null;
  dispatchedAt: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
}

export interface AllocatedContainer {
  serial: string;
  kind: ContainerKind;
  location: string;
  quantity: number;
  expiresOn: string | null;
  lots: string[];
}

export interface Allocation {
  order: Order;
  lines: {
    line: number;
    product: string;
    quantity: number;
    allocated: number;
    shortfall: number;
    containers: AllocatedContainer[];
    /** Why the shortfall, in plain words. */
    notes: string[];
  }[];
}

export interface LotQuantity {
  lot: string;
  quantity: number;
  expiresOn: string | null;
}

export interface PickRow {
  /** The order in which to pick: by location, then first expiry first. */
  seq: number;
  serial: string;
  sscc: string | null;
  kind: ContainerKind;
  packaging: string | null;
  location: string | null;
  line: number;
  product: string;
  quantity: number;
  lots: LotQuantity[];
  /** Why the container is no longer as allocated, or null. */
  problem: string | null;
}

export interface PickingList {
  order: string;
  customer: string;
  state: OrderState;
  rows: PickRow[];
  totals: { containers: number; quantity: number };
}

export interface PackageTree {
  serial: string;
  kind: ContainerKind;
  packaging: string | null;
  lots: { lot: string; material: string; quantity: number; unit: string }[];
  units: PackageTree[];
}

export interface DangerousGoodsEntry {
  unNumber: string;
  properShippingName: string;
  hazardClass: '1';
  division: string;
  compatibilityGroup: string;
  /** Division and group, e.g. 1.4S. */
  classificationCode: string;
  packages: { count: number; kind: ContainerKind; packaging: string | null }[];
  packageCount: number;
  materials: { material: string; quantity: number; unit: string; netExplosiveKg: number }[];
  netExplosiveKg: number;
}

export interface DangerousGoodsDeclaration {
  entries: DangerousGoodsEntry[];
  totals: { packages: number; overpacks: number; netExplosiveKg: number };
}

export interface Shipment {
  id: string;
  shipment: string;
  order: string;
  shipper: { code: string; name: string };
  consignee: { code: string; name: string; country: string };
  carrier: string | null;
  vehicle: string | null;
  dispatchedAt: string;
  dispatchedBy: string;
  containers: {
    serial: string;
    sscc: string | null;
    kind: ContainerKind;
    packaging: string | null;
    /** Where it was picked from. */
    from: string;
    line: number;
    product: string;
    quantity: number;
    lots: LotQuantity[];
    tree: PackageTree;
  }[];
  lines: {
    line: number;
    product: string;
    name: string;
    unit: string;
    quantity: number;
    ordered: number;
    lots: LotQuantity[];
  }[];
  dangerousGoods: DangerousGoodsDeclaration;
  signature: SignatureStatus | null;
}

const BASE = '/api/shipping';
const orderPath = (number: string) => `${BASE}/orders/${encodeURIComponent(number)}`;
const shipmentPath = (number: string) => `${BASE}/shipments/${encodeURIComponent(number)}`;

/** The shipment's documents, fetched by the browser with the session cookie. */
export const packingListPdfPath = (number: string) => `${shipmentPath(number)}/packing-list.pdf`;
export const dangerousGoodsPdfPath = (number: string) =>
  `${shipmentPath(number)}/dangerous-goods.pdf`;

export const useOrders = (filter: { state?: OrderState }) =>
  useQuery({
    queryKey: ['shipping', 'orders', filter],
    queryFn: ({ signal }) =>
      getJson<Order[]>(
        `${BASE}/orders?limit=200${filter.state ? `&state=${filter.state}` : ''}`,
        signal,
      ),
  });

export const useOrder = (number: string) =>
  useQuery({
    queryKey: ['shipping', 'order', number],
    queryFn: ({ signal }) => getJson<Order>(orderPath(number), signal),
  });

export const usePickingList = (number: string, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: ['shipping', 'order', number, 'picking-list'],
    queryFn: ({ signal }) => getJson<PickingList>(`${orderPath(number)}/picking-list`, signal),
    enabled: options.enabled ?? true,
  });

export const useShipments = () =>
  useQuery({
    queryKey: ['shipping', 'shipments'],
    queryFn: ({ signal }) => getJson<Shipment[]>(`${BASE}/shipments?limit=200`, signal),
  });

export const useShipment = (number: string) =>
  useQuery({
    queryKey: ['shipping', 'shipment', number],
    queryFn: ({ signal }) => getJson<Shipment>(shipmentPath(number), signal),
  });

/** An order answered by a command: it is the page's data; lists, stock and lots may have moved. */
async function orderChanged(queryClient: QueryClient, order: Order) {
  queryClient.setQueryData(['shipping', 'order', order.number], order);
  await Promise.all([
    queryClient.invalidateQueries({
      predicate: (q) =>
        q.queryKey[0] === 'shipping' &&
        !(q.queryKey[1] === 'order' && q.queryKey[2] === order.number && q.queryKey.length === 3),
    }),
    queryClient.invalidateQueries({ queryKey: ['storage'] }),
    queryClient.invalidateQueries({ queryKey: ['genealogy'] }),
  ]);
}

export interface NewOrder {
  customer: string;
  /** The customer's own call-off number; Lotline numbers it (CO-000001) when omitted. */
  number?: string;
  lines: { product: string; quantity: number; due: string }[];
}

export function useCreateOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewOrder) => request<Order>('POST', `${BASE}/orders`, { body: input }),
    onSuccess: (order) => orderChanged(queryClient, order),
  });
}

/** Allocates what each line still wants; a shortfall comes back with its reasons. */
export function useAllocateOrder(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<Allocation>('POST', `${orderPath(number)}/allocate`, { body: {} }),
    onSuccess: (allocation) => orderChanged(queryClient, allocation.order),
  });
}

export function useDeallocateOrder(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<Order>('POST', `${orderPath(number)}/deallocate`, { body: {} }),
    onSuccess: (order) => orderChanged(queryClient, order),
  });
}

export interface PickInput {
  /** The containers scanned: exactly those allocated. */
  serials?: string[];
  /** A shipping area the containers are moved to. */
  to?: string;
}

export function usePickOrder(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PickInput) =>
      request<Order>('POST', `${orderPath(number)}/pick`, { body: input }),
    onSuccess: (order) => orderChanged(queryClient, order),
  });
}

export interface DispatchInput {
  carrier?: string;
  vehicle?: string;
  signature: Signature;
}

/** The storekeeper's signed dispatch: the containers leave under a new shipment number. */
export function useDispatchOrder(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ signature, ...body }: DispatchInput) =>
      request<Shipment>('POST', `${orderPath(number)}/dispatch`, {
        body,
        headers: signatureHeaders(signature),
      }),
    onSuccess: async (shipment) => {
      queryClient.setQueryData(['shipping', 'shipment', shipment.shipment], shipment);
      await Promise.all([
        queryClient.invalidateQueries({
          predicate: (q) => q.queryKey[0] === 'shipping' && q.queryKey[1] !== 'shipment',
        }),
        queryClient.invalidateQueries({ queryKey: ['storage'] }),
        queryClient.invalidateQueries({ queryKey: ['genealogy'] }),
      ]);
    },
  });
}

export function useCancelOrder(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      request<Order>('POST', `${orderPath(number)}/cancel`, { body: { reason } }),
    onSuccess: (order) => orderChanged(queryClient, order),
  });
}

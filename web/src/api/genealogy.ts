// Lots, genealogy and recall (src/modules/genealogy/routes.ts): the lot list,
// one lot, its trace and mass balance, a supplier's lot received, and the
// signed recall with its report. The shapes mirror docs/openapi.json (Lot,
// Trace, MassBalance, Recall).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';
import { type Signature, signatureHeaders } from './signature';

export const LOT_STATUSES = [
  'quarantine',
  'released',
  'on_hold',
  'rejected',
  'consumed',
  'shipped',
] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

export const isLotStatus = (value: string | null | undefined): value is LotStatus =>
  (LOT_STATUSES as readonly string[]).includes(value ?? '');

export interface Lot {
  id: string;
  number: string;
  material: string;
  origin: 'received' | 'made';
  status: LotStatus;
  /** The status a hold will return the lot to. */
  heldFrom: LotStatus | null;
  unit: string;
  quantity: number;
  supplier: string | null;
  supplierLot: string | null;
  certificate: string | null;
  expiresOn: string | null;
  workOrderId: string | null;
  workOrderNumber: string | null;
  line: string | null;
  reworkOf: string | null;
  madeFrom: string | null;
  madeTo: string | null;
  createdAt: string;
  createdBy: string;
}

export type TraceDirection = 'backward' | 'forward';

export interface TraceLot extends Lot {
  /** Hops from the lot the trace started at. */
  depth: number;
  onHand: { location: string; quantity: number }[];
  /** Containers still in the plant that hold some of the lot; `top` is the outermost. */
  containers: {
    serial: string;
    kind: string;
    top: string;
    location: string | null;
    quantity: number;
  }[];
  shipped: {
    customer: string;
    shipment: string;
    container: string;
    quantity: number;
    at: string;
  }[];
}

/** A genealogy edge: `parent` (a component lot's id) went into `child` (the lot made). */
export interface TraceEdge {
  parent: string;
  child: string;
  quantity: number;
  unit: string;
  station: string | null;
  workOrderId: string | null;
  from: string;
  to: string | null;
  /** open: the component is still in a feeder and its quantity still grows. */
  state: 'open' | 'settled';
}

export interface Trace {
  direction: TraceDirection;
  /** The ids of the lots the trace started at. */
  roots: string[];
  lots: TraceLot[];
  edges: TraceEdge[];
}

export interface MassBalance {
  lot: string;
  unit: string;
  in: number;
  consumed: number;
  /** Still in a feeder: consumed as counted so far. */
  consuming: number;
  scrapped: number;
  shipped: number;
  adjusted: number;
  ledgerOnHand: number;
  onHand: number;
  consumptionPosted: number;
  difference: number;
  balanced: boolean;
}

export interface RecallLot {
  lot: string;
  material: string;
  depth: number;
  statusBefore: LotStatus;
  status: LotStatus;
  /** Whether this recall put the lot on hold (a lot already held, consumed or shipped is not). */
  held: boolean;
  unit: string;
}

export interface RecallReport {
  recall: string;
  suspectLot: string;
  reason: string;
  startedAt: string;
  startedBy: string;
  lots: RecallLot[];
  onHand: { lot: string; location: string; quantity: number; unit: string }[];
  inContainers: {
    lot: string;
    container: string;
    top: string;
    location: string | null;
    quantity: number;
  }[];
  shipped: {
    lot: string;
    customer: string;
    shipment: string;
    container: string;
    quantity: number;
    at: string;
  }[];
  totals: { heldLots: number; onHand: number; shipped: number; customers: number };
}

export interface Recall {
  id: string;
  number: string;
  signatureId: string | null;
  report: RecallReport;
}

const BASE = '/api/genealogy';
const lotPath = (lot: string) => `${BASE}/lots/${encodeURIComponent(lot)}`;

export interface LotFilter {
  search?: string;
  status?: LotStatus;
  material?: string;
  limit?: number;
}

function listPath(filter: LotFilter): string {
  const params = new URLSearchParams();
  if (filter.search) params.set('search', filter.search);
  if (filter.status) params.set('status', filter.status);
  if (filter.material) params.set('material', filter.material);
  if (filter.limit) params.set('limit', String(filter.limit));
  const query = params.toString();
  return query ? `${BASE}/lots?${query}` : `${BASE}/lots`;
}

export const useLots = (filter: LotFilter) =>
  useQuery({
    queryKey: ['genealogy', 'lots', filter],
    queryFn: ({ signal }) => getJson<Lot[]>(listPath(filter), signal),
  });

export const useLot = (lot: string) =>
  useQuery({
    queryKey: ['genealogy', 'lot', lot],
    queryFn: ({ signal }) => getJson<Lot>(lotPath(lot), signal),
  });

export const useMassBalance = (lot: string) =>
  useQuery({
    queryKey: ['genealogy', 'lot', lot, 'mass-balance'],
    queryFn: ({ signal }) => getJson<MassBalance>(`${lotPath(lot)}/mass-balance`, signal),
  });

/** The query of one lot's trace; the graph fetches further lots' traces through the same keys. */
export const traceQuery = (lot: string, direction: TraceDirection) => ({
  queryKey: ['genealogy', 'lot', lot, 'trace', direction],
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    getJson<Trace>(`${lotPath(lot)}/trace?direction=${direction}`, signal),
});

export const useTrace = (lot: string, direction: TraceDirection) =>
  useQuery(traceQuery(lot, direction));

export const useRecalls = () =>
  useQuery({
    queryKey: ['genealogy', 'recalls'],
    queryFn: ({ signal }) => getJson<Recall[]>(`${BASE}/recalls?limit=200`, signal),
  });

export const useRecall = (number: string) =>
  useQuery({
    queryKey: ['genealogy', 'recall', number],
    queryFn: ({ signal }) =>
      getJson<Recall>(`${BASE}/recalls/${encodeURIComponent(number)}`, signal),
  });

/** Where the report is downloaded as CSV (the browser fetches it with the session cookie). */
export const recallReportPath = (number: string, format: 'csv' | 'pdf') =>
  `${BASE}/recalls/${encodeURIComponent(number)}/report.${format}`;

export interface RecallInput {
  lot: string;
  reason: string;
  signature: Signature;
}

/**
 * Starts a recall, signed: every lot made from the suspect lot that is still
 * in the plant goes on hold. Every lot the app has fetched may have changed.
 */
export function useStartRecall() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ lot, reason, signature }: RecallInput) =>
      request<Recall>('POST', `${BASE}/recalls`, {
        body: { lot, reason },
        headers: signatureHeaders(signature),
      }),
    onSuccess: async (recall) => {
      queryClient.setQueryData(['genealogy', 'recall', recall.number], recall);
      await queryClient.invalidateQueries({ queryKey: ['genealogy'] });
    },
  });
}

/** A supplier's lot as the receiving bay records it (POST /api/genealogy/lots/receipts). */
export interface ReceiptInput {
  material: string;
  supplier: string;
  supplierLot: string;
  certificate?: string;
  quantity: number;
  /** YYYY-MM-DD; the server reckons it from the material's shelf life when omitted. */
  expiresOn?: string;
  /** Where the lot is put: it waits there in quarantine until Quality releases it. */
  location: string;
}

/**
 * Receives a supplier's lot: numbered, in quarantine, in stock. Sent with an
 * Idempotency-Key, so a double tap or a retry from a phone makes one lot;
 * the interlocks check the location as for any movement into it. The lots,
 * the stock and the quality queue all change.
 */
export function useReceiveLot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: ReceiptInput & { idempotencyKey: string }) =>
      request<Lot>('POST', `${BASE}/lots/receipts`, {
        body,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['genealogy'] }),
        queryClient.invalidateQueries({ queryKey: ['storage'] }),
        queryClient.invalidateQueries({ queryKey: ['quality'] }),
      ]),
  });
}

// Storage (src/modules/storage/routes.ts): stock by location and lot, a lot's
// movements and signed cycle counts; and the move of containers into a
// location (src/modules/genealogy/routes.ts), where the explosives-safety
// interlocks answer. The shapes mirror docs/openapi.json (StockLine, Movement).
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';
import { traceQuery } from './genealogy';
import { type Signature, signatureHeaders } from './signature';

export const MOVEMENT_KINDS = [
  'receipt',
  'production_output',
  'transfer',
  'consumption',
  'shipment',
  'scrap',
  'adjustment',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** What the ledger adds up to: a lot's quantity at one location. */
export interface StockLine {
  location: string;
  lot: string;
  lotId: string;
  material: string;
  quantity: number;
}

export interface Movement {
  seq: number;
  id: string;
  kind: MovementKind;
  at: string;
  lotId: string;
  material: string;
  /** The container the quantity travelled in; empty for loose stock. */
  handlingUnit: string;
  quantity: number;
  from: string | null;
  to: string | null;
  customer: string | null;
  shipment: string | null;
  workOrderId: string | null;
  reason: string | null;
  actor: string;
}

export interface CountLine {
  lot: string;
  counted: number;
}

export interface CountInput {
  location: string;
  reason: string;
  /** Every lot there is listed: one not listed is counted as none. */
  complete: boolean;
  lines: CountLine[];
}

export interface CountResult {
  location: string;
  counted: number;
  unchanged: number;
  adjustments: (Movement & { before: number; counted: number })[];
  signatureId: string;
}

/** A container as the genealogy module answers a move. */
export interface HandlingUnit {
  id: string;
  serial: string;
  kind: 'packet' | 'can' | 'crate' | 'pallet';
  sscc: string | null;
  material: string | null;
  location: string | null;
  status: string;
  createdAt: string;
}

const BASE = '/api/storage';

export interface StockFilter {
  location?: string;
  lot?: string;
}

function stockPath(filter: StockFilter): string {
  const params = new URLSearchParams();
  if (filter.location) params.set('location', filter.location);
  if (filter.lot) params.set('lot', filter.lot);
  const query = params.toString();
  return query ? `${BASE}/stock?${query}` : `${BASE}/stock`;
}

/** Stock by location and lot; without a filter, the whole plant's (the storage map adds it up). */
export const useStock = (filter: StockFilter = {}, options: { enabled?: boolean } = {}) =>
  useQuery({
    queryKey: ['storage', 'stock', filter],
    queryFn: ({ signal }) => getJson<StockLine[]>(stockPath(filter), signal),
    enabled: options.enabled ?? true,
  });

/** A lot's movements, oldest first. */
export const useLotMovements = (lot: string) =>
  useQuery({
    queryKey: ['storage', 'movements', lot],
    queryFn: ({ signal }) =>
      getJson<Movement[]>(`${BASE}/lots/${encodeURIComponent(lot)}/movements`, signal),
  });

/** A container and what it holds (GET /api/genealogy/handling-units/{serial}). */
export interface Contents {
  unit: HandlingUnit;
  units: Contents[];
  lots: { lotId: string; lot: string; material: string; quantity: number; unit: string }[];
  /** Every lot inside, at any depth. */
  totals: { lotId: string; lot: string; material: string; quantity: number; unit: string }[];
}

/**
 * The containers standing at a location (the outermost ones: what is moved,
 * picked and shipped whole), with what each holds. Read from the traces of
 * the lots there, which list the containers holding each lot and where their
 * outermost container stands; a finished lot is traced forward and a
 * component backward, the short way, since only the lot's own entry is read.
 */
export function useContainersAt(
  location: string,
  lots: readonly { lot: string; finished: boolean }[],
) {
  const traces = useQueries({
    queries: lots.map(({ lot, finished }) => traceQuery(lot, finished ? 'forward' : 'backward')),
  });
  const tops = new Set<string>();
  for (const [index, trace] of traces.entries()) {
    const number = lots[index]?.lot;
    const self = trace.data?.lots.find((l) => l.number === number);
    for (const held of self?.containers ?? []) {
      if (held.location === location) tops.add(held.top);
    }
  }
  const serials = [...tops].sort();
  const contents = useQueries({
    queries: serials.map((serial) => ({
      queryKey: ['genealogy', 'handling-unit', serial],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        getJson<Contents>(`/api/genealogy/handling-units/${encodeURIComponent(serial)}`, signal),
    })),
  });
  const all = [...traces, ...contents];
  return {
    containers: contents.flatMap((c) =>
      c.data && c.data.unit.location === location ? [c.data] : [],
    ),
    isPending: all.some((r) => r.isPending),
    error: all.find((r) => r.isError)?.error,
  };
}

/** Stock, containers and lots may all have changed after a movement. */
function invalidateStock(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['storage'] }),
    queryClient.invalidateQueries({ queryKey: ['genealogy'] }),
    queryClient.invalidateQueries({ queryKey: ['shipping'] }),
  ]);
}

/**
 * Moves containers, with everything in them, to a location. The interlocks
 * check every lot inside against the destination; a refusal answers 409 with
 * its code (division_not_allowed, mixing_forbidden, explosive_limit_exceeded, …).
 */
export function useMoveContainers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { serials: string[]; to: string }) =>
      request<HandlingUnit[]>('POST', '/api/genealogy/handling-units/move', { body: input }),
    onSuccess: () => invalidateStock(queryClient),
  });
}

/** A signed cycle count; each difference becomes a count adjustment. */
export function useRecordCount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ signature, ...body }: CountInput & { signature: Signature }) =>
      request<CountResult>('POST', `${BASE}/counts`, {
        body,
        headers: signatureHeaders(signature),
      }),
    onSuccess: () => invalidateStock(queryClient),
  });
}

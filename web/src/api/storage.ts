// Storage (src/modules/storage/routes.ts): stock by location and lot, a lot's
// movements, signed cycle counts and the quantity-distance report; and the
// containers at a location and their move into one
// (src/modules/genealogy/routes.ts), where the explosives-safety interlocks
// answer. The shapes mirror docs/openapi.json (StockLine, Movement, Contents).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';
import { usePlantSummary, useRevision } from './plant';
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
 * picked and shipped whole), each with what it holds, in one request
 * (GET /api/genealogy/handling-units?location=; at most 500). Under the
 * 'genealogy' key, so a move or a count refreshes it.
 */
export const useContainersAt = (location: string) =>
  useQuery({
    queryKey: ['genealogy', 'handling-units', 'at', location],
    queryFn: ({ signal }) =>
      getJson<Contents[]>(
        `/api/genealogy/handling-units?${new URLSearchParams({ location })}`,
        signal,
      ),
  });

// ------------------------------------------------------- quantity-distance

/**
 * What W is taken as: each magazine at its net explosive limit (what it is
 * sited for) or what it holds now.
 */
export type QdBasis = 'limit' | 'stock';

/** What a distance is measured to (src/modules/storage/quantity-distance.ts QdExposure). */
export type QdExposureKind = 'inhabited_building' | 'public_traffic_route' | 'intermagazine';

/**
 * What a magazine is checked against: an inhabited building, a public
 * traffic route or another magazine. The route's schema names the kind
 * `exposure`; the report underneath calls it `kind`: either is read.
 */
export interface QdTarget {
  code: string;
  exposure?: string;
  kind?: string;
  name?: string;
}

/** One distance checked: required (D = K·W^(1/3)) against actual, in metres. */
export interface QdCheck {
  magazine: string;
  target: QdTarget;
  /** The hazard division whose siting asks the most. */
  division: string;
  netExplosiveKg: number;
  requiredM: number;
  actualM: number;
  ok: boolean;
}

/** A distance no factor decides: listed, never passed. */
export interface QdGap {
  magazine: string;
  /** no_rule, out_of_range or no_position. */
  kind: string;
  /** An exposure kind, or `position` when the magazine has none. */
  exposure: string;
  /** The hazard division sited for, and its W (kg): absent for no_position. */
  division?: string;
  netExplosiveKg?: number;
  /** In the server's words (English); the page words the kinds it knows itself. */
  reason: string;
}

export interface QdViolation {
  magazine: string;
  target: QdTarget;
  division: string;
  netExplosiveKg: number;
  /** The whole finding in the server's words (English): the page says it from the fields. */
  message: string;
  requiredM: number;
  actualM: number;
}

export interface QdMagazine {
  code: string;
  name: string;
  neqKgByDivision: Record<string, number>;
  checks: QdCheck[];
  gaps: QdGap[];
}

export interface QdReport {
  basis: QdBasis;
  magazines: QdMagazine[];
  violations: QdViolation[];
  gaps: QdGap[];
}

export const exposureKindOf = (target: QdTarget): string => target.exposure ?? target.kind ?? '';

/** The quantity-distance check of every magazine; the last answer stays while the other basis loads. */
export const useQuantityDistance = (basis: QdBasis) =>
  useQuery({
    queryKey: ['storage', 'quantity-distance', basis],
    queryFn: ({ signal }) =>
      getJson<QdReport>(`${BASE}/quantity-distance?${new URLSearchParams({ basis })}`, signal),
    placeholderData: keepPreviousData,
  });

/** An inhabited building or a public traffic route of the plant file (safety.exposures). */
export type SiteExposure =
  | { code: string; name: string; kind: 'inhabited_building'; position: Point }
  | { code: string; name: string; kind: 'public_traffic_route'; path: Point[] };

export interface Point {
  x: number;
  y: number;
}

const isPoint = (value: unknown): value is Point =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Point).x === 'number' &&
  typeof (value as Point).y === 'number';

/** The exposures of a plant document, read defensively: the web has no schema of the whole plant. */
export function exposuresOf(plant: unknown): SiteExposure[] {
  const safety = (plant as { safety?: { exposures?: unknown } } | null)?.safety;
  const list = Array.isArray(safety?.exposures) ? (safety.exposures as unknown[]) : [];
  return list.flatMap((raw): SiteExposure[] => {
    const e = raw as Record<string, unknown>;
    if (typeof e.code !== 'string') return [];
    const name = typeof e.name === 'string' ? e.name : e.code;
    if (e.kind === 'inhabited_building' && isPoint(e.position)) {
      return [{ code: e.code, name, kind: e.kind, position: e.position }];
    }
    if (e.kind === 'public_traffic_route' && Array.isArray(e.path) && e.path.every(isPoint)) {
      return [{ code: e.code, name, kind: e.kind, path: e.path }];
    }
    return [];
  });
}

/**
 * The plant file's inhabited buildings and public traffic routes: no route
 * serves the safety section alone, so they are read from the current
 * revision's document (GET /api/plant, then /api/plant/revisions/{n}).
 */
export function useSiteExposures() {
  const summary = usePlantSummary();
  const revision = useRevision(summary.data?.revision.number);
  return {
    exposures: revision.data ? exposuresOf(revision.data.plant) : undefined,
    isPending: summary.isPending || revision.isPending,
    error: summary.error ?? revision.error,
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

// Hooks for the plant API, one per resource. Query keys start with 'plant' so
// an edit of master data invalidates them all at once.
import {
  keepPreviousData,
  type UseQueryResult,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { getJson, request } from './client';
import { type Signature, signatureHeaders } from './signature';
import type {
  ChangeResult,
  Customer,
  Line,
  Location,
  Material,
  PlantCapacity,
  PlantSummary,
  Revision,
  RevisionDetail,
  Specification,
  Supplier,
} from './types';

const BASE = '/api/plant';

function usePlantResource<T>(path: string): UseQueryResult<T> {
  return useQuery({
    queryKey: ['plant', path],
    queryFn: ({ signal }) => getJson<T>(`${BASE}${path}`, signal),
  });
}

export const usePlantSummary = () => usePlantResource<PlantSummary>('');
export const useLines = () => usePlantResource<Line[]>('/lines');
export const useLine = (code: string) =>
  usePlantResource<Line>(`/lines/${encodeURIComponent(code)}`);
/** Rated capacity for a year; while another year loads, the last figures stay on screen. */
export const useCapacity = (year: number): UseQueryResult<PlantCapacity> =>
  useQuery({
    queryKey: ['plant', '/capacity', year],
    queryFn: ({ signal }) => getJson<PlantCapacity>(`${BASE}/capacity?year=${year}`, signal),
    placeholderData: keepPreviousData,
  });
export const useMaterials = () => usePlantResource<Material[]>('/materials');
export const useLocations = () => usePlantResource<Location[]>('/locations');
export const useCustomers = () => usePlantResource<Customer[]>('/customers');
export const useSuppliers = () => usePlantResource<Supplier[]>('/suppliers');
export const useSpecifications = () => usePlantResource<Specification[]>('/specifications');
export const useRevisions = () => usePlantResource<Revision[]>('/revisions');
export const useRevision = (number: number | undefined) =>
  useQuery({
    queryKey: ['plant', '/revisions', number],
    queryFn: ({ signal }) => getJson<RevisionDetail>(`${BASE}/revisions/${number}`, signal),
    enabled: number !== undefined,
  });

/** The kinds of master data that are edited one entity at a time. */
export type EditableKind =
  | 'materials'
  | 'customers'
  | 'suppliers'
  | 'locations'
  | 'lines'
  | 'specifications';

/** One entity as the API has it now, fetched afresh to be edited. */
export const fetchEntity = <T>(kind: EditableKind, code: string): Promise<T> =>
  getJson<T>(`${BASE}/${kind}/${encodeURIComponent(code)}`);

export type PlantChange =
  | { op: 'create'; kind: EditableKind; body: { code: string } }
  | { op: 'replace'; kind: EditableKind; code: string; body: { code: string } };

/** A signed change of master data; on success every plant query is fetched again. */
export function usePlantChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ change, signature }: { change: PlantChange; signature: Signature }) =>
      change.op === 'create'
        ? request<ChangeResult>('POST', `${BASE}/${change.kind}`, {
            body: change.body,
            headers: signatureHeaders(signature),
          })
        : request<ChangeResult>(
            'PUT',
            `${BASE}/${change.kind}/${encodeURIComponent(change.code)}`,
            { body: change.body, headers: signatureHeaders(signature) },
          ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['plant'] }),
        queryClient.invalidateQueries({ queryKey: ['audit'] }),
      ]);
    },
  });
}

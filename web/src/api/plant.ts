// Hooks for the plant API, one per resource. Query keys start with 'plant' so
// a later edit of master data can invalidate them all at once.
import { keepPreviousData, type UseQueryResult, useQuery } from '@tanstack/react-query';
import { getJson } from './client';
import type {
  Customer,
  Line,
  Location,
  Material,
  PlantCapacity,
  PlantSummary,
  Revision,
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

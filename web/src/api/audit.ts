// The audit trail (audit.read): entries newest first, paged back by sequence
// number, and the verdict of walking the hash chain. Shapes mirror src/core/audit/routes.ts.
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { getJson } from './client';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/** The filters as the URL keeps them; dates are days (YYYY-MM-DD) in the reader's time zone. */
export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const startOfDay = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const endOfDay = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

export function auditQuery(filters: AuditFilters, beforeSeq: number | undefined): string {
  const params = new URLSearchParams();
  for (const key of ['entityType', 'entityId', 'actor', 'action'] as const) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  if (filters.from && DAY.test(filters.from)) params.set('from', startOfDay(filters.from));
  if (filters.to && DAY.test(filters.to)) params.set('to', endOfDay(filters.to));
  if (beforeSeq !== undefined) params.set('beforeSeq', String(beforeSeq));
  params.set('limit', String(AUDIT_PAGE_SIZE));
  return `/api/audit?${params}`;
}

export const useAuditTrail = (filters: AuditFilters) =>
  useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) =>
      getJson<AuditEntry[]>(auditQuery(filters, pageParam), signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) =>
      last.length === AUDIT_PAGE_SIZE ? last[last.length - 1]?.seq : undefined,
  });

export const useVerifyChain = () =>
  useMutation({ mutationFn: () => getJson<ChainVerdict>('/api/audit/verify') });

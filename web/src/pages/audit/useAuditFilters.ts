import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditFilters } from '../../api/audit';

export const FILTER_KEYS = ['entityType', 'entityId', 'actor', 'action', 'from', 'to'] as const;

/** The audit filters, kept in the URL so that a filtered trail can be linked to. */
export function useAuditFilters(): [AuditFilters, (filters: AuditFilters) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the string is the identity of the params
  const filters = useMemo(() => {
    const found: AuditFilters = {};
    for (const name of FILTER_KEYS) {
      const value = params.get(name);
      if (value) found[name] = value;
    }
    return found;
  }, [key]);
  const setFilters = useCallback(
    (next: AuditFilters) => {
      const updated = new URLSearchParams();
      for (const name of FILTER_KEYS) {
        const value = next[name]?.trim();
        if (value) updated.set(name, value);
      }
      setParams(updated);
    },
    [setParams],
  );
  return [filters, setFilters];
}

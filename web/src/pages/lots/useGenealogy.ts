import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import {
  type Trace,
  type TraceDirection,
  type TraceLot,
  traceQuery,
  useTrace,
} from '../../api/genealogy';
import { type GenealogyGraph, graphOf, mergeTrace } from './graph';

export interface Genealogy {
  /** The lot's trace, for its loading and failure. */
  trace: ReturnType<typeof useTrace>;
  /** The trace with every expansion merged in; undefined until the trace is loaded. */
  graph: GenealogyGraph | undefined;
  expand: (lot: TraceLot, direction: TraceDirection) => Promise<void>;
  expanding: { id: string; direction: TraceDirection } | undefined;
  /** Why the last expansion failed. */
  expandError: unknown;
}

/**
 * A lot's trace in one direction, and the traces of the lots expanded from
 * it, merged. Mount it anew (a React key) for another lot or direction.
 */
export function useGenealogy(lot: string, direction: TraceDirection): Genealogy {
  const queryClient = useQueryClient();
  const trace = useTrace(lot, direction);
  const [expansions, setExpansions] = useState<Trace[]>([]);
  const [expanding, setExpanding] = useState<Genealogy['expanding']>();
  const [expandError, setExpandError] = useState<unknown>();

  const graph = useMemo(
    () => (trace.data ? expansions.reduce(mergeTrace, graphOf(trace.data)) : undefined),
    [trace.data, expansions],
  );

  const expand = useCallback(
    async (from: TraceLot, towards: TraceDirection) => {
      setExpanding({ id: from.id, direction: towards });
      setExpandError(undefined);
      try {
        const more = await queryClient.fetchQuery(traceQuery(from.number, towards));
        setExpansions((list) => [...list, more]);
      } catch (error) {
        setExpandError(error);
      } finally {
        setExpanding(undefined);
      }
    },
    [queryClient],
  );

  return { trace, graph, expand, expanding, expandError };
}

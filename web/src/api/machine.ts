// What the machines' data say about a line over a window, from the production
// module's machine KPIs (src/modules/production/machine-kpis.ts and its
// routes): the state timeline, the downtime Pareto, and a work order's counts.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './client';

/** A span in which the line was in one state; times as ms since the epoch. */
export interface TimelineInterval {
  from: number;
  to: number;
  state: string;
  reason?: string | undefined;
}

export interface ParetoEntry {
  /** The reason code; null for stops reported without one. */
  reason: string | null;
  /** Its name in the plant's downtime tree. */
  name?: string | null;
  durationMs: number;
  count: number;
  share: number;
  cumulativeShare: number;
}

export interface MachineWindow {
  from: string;
  to: string;
}

const BASE = '/api/production';
const ms = (value: unknown): number =>
  typeof value === 'number' ? value : Date.parse(String(value));

function windowQuery(window: MachineWindow): string {
  return new URLSearchParams({ from: window.from, to: window.to }).toString();
}

type RawInterval = {
  from: string | number;
  to: string | number;
  state: string;
  reason?: string | null;
};

/** The answer may be the list itself or an object holding it. */
function listOf<T>(answer: unknown, key: string): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const held = (answer as Record<string, unknown> | null)?.[key];
  return Array.isArray(held) ? (held as T[]) : [];
}

export interface Timeline {
  /** The window as the server read it: one reaching past now ends now. */
  window: { from: number; to: number };
  intervals: TimelineInterval[];
}

export const useLineTimeline = (line: string, window: MachineWindow | undefined) =>
  useQuery({
    queryKey: ['production', 'line', line, 'timeline', window],
    queryFn: async ({ signal }): Promise<Timeline> => {
      const asked = window as MachineWindow;
      const answer = await getJson<{ window?: MachineWindow }>(
        `${BASE}/lines/${encodeURIComponent(line)}/timeline?${windowQuery(asked)}`,
        signal,
      );
      const read = answer.window ?? asked;
      return {
        window: { from: ms(read.from), to: ms(read.to) },
        intervals: listOf<RawInterval>(answer, 'intervals').map(
          (i): TimelineInterval => ({
            from: ms(i.from),
            to: ms(i.to),
            state: i.state,
            ...(i.reason ? { reason: i.reason } : {}),
          }),
        ),
      };
    },
    enabled: window !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

export const useDowntimePareto = (line: string, window: MachineWindow | undefined) =>
  useQuery({
    queryKey: ['production', 'line', line, 'downtime-pareto', window],
    queryFn: async ({ signal }) =>
      listOf<ParetoEntry>(
        await getJson<unknown>(
          `${BASE}/lines/${encodeURIComponent(line)}/downtime-pareto?${windowQuery(window as MachineWindow)}`,
          signal,
        ),
        'entries',
      ),
    enabled: window !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

/** A work order's units as the machines counted them while it held its line. */
export interface WorkOrderMachineCounts {
  good: number;
  reject: number;
}

export const useWorkOrderMachineCounts = (id: string | undefined) =>
  useQuery({
    queryKey: ['production', 'work-order', id, 'kpis'],
    queryFn: ({ signal }) =>
      getJson<WorkOrderMachineCounts>(
        `${BASE}/work-orders/${encodeURIComponent(id as string)}/kpis`,
        signal,
      ),
    enabled: id !== undefined,
    refetchInterval: 10_000,
  });

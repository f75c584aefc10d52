// The digital twin (src/modules/twin/routes.ts): the scenarios it can run, a
// scenario run (the request answers when its replications are done, seconds
// later), and the runs kept for side-by-side comparison.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';

const BASE = '/api/twin';

export const SCENARIO_NAMES = [
  'rated',
  'baseline',
  'extra-shift',
  'line-out',
  'supplier-stop',
  'demand-surge',
  'buffer',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  name: ScenarioName;
  description: string;
}

/** What a scenario run asks for; each parameter applies to its own scenario only. */
export interface ScenarioInput {
  scenario: ScenarioName;
  year: number;
  /** line-out: the line, how many weeks, from which date (YYYY-MM-DD). */
  line?: string;
  weeks?: number;
  from?: string;
  /** supplier-stop: the supplier, from which date, and the days of stock it leaves. */
  supplier?: string;
  coverDays?: number;
  /** demand-surge: demand above the rated product mix, as a share (0.2 is 20 % more). */
  surge?: number;
  /** buffer: cartridges between stations. */
  bufferCartridges?: number;
}

export interface RunRequest extends ScenarioInput {
  /** 1–50; the server's default is 10. */
  replications?: number;
  seed?: string;
}

/** A mean over replications and the 95 % confidence interval of that mean. */
export interface Interval {
  mean: number;
  sd: number;
  low: number;
  high: number;
}

/** Shares of a station's time, each 0–1. */
export interface StationShares {
  /** The station's code, as the line lists it. */
  station: string;
  busy: number;
  blocked: number;
  starved: number;
  down: number;
}

export interface LineReport {
  line: string;
  workingMinutes: number;
  changeoverMinutes: number;
  produced: Interval;
  oee: number;
  availability: number;
  performance: number;
  quality: number;
  /** The station code that sets the line's pace: the least often blocked or starved. */
  bottleneck: string;
  stations: StationShares[];
}

export interface ProductOutput {
  product: string;
  output: Interval;
  demand: number | null;
  shortfall: number | null;
  perReplication: number[];
}

export interface ScenarioReport {
  scenario: string;
  description: string;
  year: number;
  /** How the stations are assumed to behave: "uncalibrated defaults" until calibrated from machine data. */
  assumptions: string;
  replications: number;
  products: ProductOutput[];
  total: Interval;
  lines: LineReport[];
  eventsPerReplication: number;
}

export interface TwinRun {
  id: string;
  createdAt: string;
  createdBy: string;
  input: ScenarioInput;
  replications: number;
  seed: string;
  wallMs: number;
  report: ScenarioReport;
}

/** The runs the list shows: the newest, as many as the server keeps in one answer by default. */
export const RUNS_LISTED = 20;

const RUNS_KEY = ['twin', 'runs', RUNS_LISTED] as const;

export const useScenarios = () =>
  useQuery({
    queryKey: ['twin', 'scenarios'],
    queryFn: ({ signal }) => getJson<Scenario[]>(`${BASE}/scenarios`, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** The newest runs, newest first. */
export const useTwinRuns = () =>
  useQuery({
    queryKey: RUNS_KEY,
    queryFn: ({ signal }) => getJson<TwinRun[]>(`${BASE}/runs?limit=${RUNS_LISTED}`, signal),
  });

/** Runs asked for by id (a comparison linked to runs older than the list). */
export const useTwinRunsById = (ids: readonly string[]) =>
  useQueries({
    queries: ids.map((id) => ({
      queryKey: ['twin', 'run', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        getJson<TwinRun>(`${BASE}/runs/${encodeURIComponent(id)}`, signal),
      // A run never changes once made.
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });

/** Runs a scenario; the new run heads the list as soon as it answers. */
export function useRunScenario() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RunRequest) => request<TwinRun>('POST', `${BASE}/runs`, { body: input }),
    onSuccess: async (run) => {
      queryClient.setQueryData(['twin', 'run', run.id], run);
      queryClient.setQueryData<TwinRun[]>(RUNS_KEY, (runs) =>
        runs ? [run, ...runs.filter((r) => r.id !== run.id)].slice(0, RUNS_LISTED) : runs,
      );
      await queryClient.invalidateQueries({ queryKey: ['twin', 'runs'] });
    },
  });
}

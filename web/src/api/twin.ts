// The digital twin (src/modules/twin/routes.ts): the scenarios it can run, a
// scenario run (the request answers when its replications are done, seconds
// later), the runs kept for side-by-side comparison, and each station's
// behaviour fitted to its machine data (the calibration).
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ErrorParams, getJson, request } from './client';

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
  /** Calibrate the stations from the machine data of these last days (1–31); absent: the uncalibrated placeholders. */
  calibrationDays?: number;
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
  /** Being changed over to another product (absent from runs made before changeovers were simulated). */
  changeover?: number;
}

export interface LineReport {
  line: string;
  workingMinutes: number;
  /** Working minutes the line spent changing product. */
  changeoverMinutes: number;
  /** Working minutes its first station waited for a component (absent from older runs). */
  materialStarvedMinutes?: number;
  /** The components it waited for. */
  shortOf?: string[];
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

/** Assumptions stated rather than measured: the rating's, or the uncalibrated placeholders. */
export type StatedBehaviour = 'rated' | 'uncalibrated';

/** How the stations were assumed to behave (src/modules/twin/assumed.ts). */
export type AssumedBehaviour = (
  | { kind: StatedBehaviour }
  | {
      kind: 'calibrated';
      /** Stations whose cycle, stops and stop length were all measured, of `stations` read. */
      complete: number;
      stations: number;
      /** What the rest assumes. */
      rest: StatedBehaviour;
    }
) & {
  /** Cartridges between stations, when the scenario set them. */
  buffers?: number;
};

/** Each line's stock reviewed every `reviewDays`, ordered up to `stockDays` of its rated use, delivered `leadTimeDays` later. */
export interface SupplyAssumption {
  reviewDays: number;
  leadTimeDays: number;
  stockDays: number;
}

/** What a run assumed; `supply` null: components never short. */
export interface Assumed {
  behaviour: AssumedBehaviour;
  supply: SupplyAssumption | null;
}

export interface ScenarioReport {
  scenario: string;
  description: string;
  year: number;
  /** How the stations are assumed to behave, in English: "uncalibrated defaults" until calibrated from machine data. */
  assumptions: string;
  /** How components are assumed to reach the lines, in English (absent from older runs). */
  supply?: string;
  /** The two in data, to word in the reader's language (absent from runs kept before: they have only the English). */
  assumed?: Assumed;
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

// ------------------------------------------------------------------ calibration

/** One fitted distribution of a duration sample (src/modules/twin/fitting.ts), in minutes. */
export interface Fit {
  kind: string;
  /** What the twin's distributions take: `{ kind: 'gamma', shape, scale }` and the like. */
  spec: Record<string, number | string>;
  /** The fitted distribution's mean (for a lognormal or Weibull fit, not the sample's). */
  mean: number;
  n: number;
  logLikelihood: number;
  /** Akaike's information criterion: smaller is better. */
  aic: number;
  /**
   * Kolmogorov–Smirnov D and its p-value. The parameters were fitted to the same sample, so the
   * p-value is conservative: small says "clearly wrong", large does not say "right".
   */
  ks: { statistic: number; pValue: number };
  /** Anderson–Darling A², weighting the tails more than KS. */
  ad: number;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
  /** The best fit's density at the bin's midpoint, per minute. */
  density: number;
}

export interface FitReport {
  /** The candidate with the smallest AIC. */
  best: Fit;
  /** Every kind fitted, by AIC, best first. */
  candidates: Fit[];
  histogram: HistogramBin[];
  /** Observed order statistics against the best fit's quantiles; at most 200 points. */
  qq: { theoretical: number; observed: number }[];
  summary: { n: number; mean: number; sd: number; min: number; median: number; max: number };
}

export interface ReasonStops {
  reason: string;
  stops: number;
  /** Operating minutes per stop for the reason. */
  meanMinutesBetween: number | null;
  repairs: number;
  meanRepairMinutes: number | null;
  /** Null below two complete stops. */
  sdRepairMinutes: number | null;
}

/** A station's behaviour measured from its machine data over the window; durations in minutes. */
export interface StationCalibration {
  group: string;
  line: string;
  station: string;
  cycle: FitReport | null;
  cycleSource: 'cycle-time metric' | 'counts over running time' | null;
  /** Coefficient of variation of one cartridge's cycle time. */
  cycleCv: number | null;
  /** Operating minutes between stops. */
  uptime: FitReport | null;
  /** Minutes a stop lasts. */
  repair: FitReport | null;
  rejectRate: number | null;
  observations: {
    cycles: number;
    stops: number;
    uptimes: number;
    repairs: number;
    parts: number;
    rejects: number;
    runningMinutes: number;
  };
  stopsByReason: ReasonStops[];
  /** What could not be fitted and why, in English: "uptime: not enough data (4 observations, need 10)". */
  notes: string[];
  /** The same in data, one per note in their order. */
  unfitted: Unfitted[];
}

/** What a calibration note is about: a duration fitted, the reject rate, or the CV of a cartridge's cycle. */
export type NoteQuantity = 'cycle' | 'uptime' | 'repair' | 'rejectRate' | 'cycleCv';

/**
 * Why a quantity was not measured: `not_enough_data` (params `observations`, `minimum`),
 * `no_parts_counted`, `too_few_counted_reports`, or the code of the fit's refusal
 * (`fit_sample_without_spread`: `size` durations all `value` minutes); `text` is the note.
 */
export interface Unfitted {
  quantity: NoteQuantity;
  code: string;
  params: ErrorParams;
  text: string;
}

/** The windows the server calibrates over, in days back from now. */
export const CALIBRATION_DAYS = [1, 7, 14, 31] as const;

/** Each station's calibration over the last `days` days, of one line or of every line. */
export const useCalibration = (days: number, line?: string) =>
  useQuery({
    queryKey: ['twin', 'calibration', days, line ?? null],
    queryFn: ({ signal }) => {
      const query = new URLSearchParams({ days: String(days) });
      if (line) query.set('line', line);
      return getJson<StationCalibration[]>(`${BASE}/calibration?${query}`, signal);
    },
    // Reading a month of machine events takes a while; what it answers holds for a few minutes.
    staleTime: 5 * 60_000,
  });

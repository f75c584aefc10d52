// The quality system (src/modules/quality/routes.ts): the dashboard, inspections
// and their results (by hand or from the range instrument's CSV), the
// switching state of the sampling streams, the evidence and signed
// dispositions of a lot, its certificate, and nonconformances. The shapes
// mirror docs/openapi.json (Inspection, Evidence, Disposition, Nonconformance).
import {
  type QueryClient,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Me } from './auth';
import { ApiError, CSRF_HEADER, type ErrorParams, getJson, request } from './client';
import type { Lot, LotStatus } from './genealogy';
import { type Signature, signatureHeaders } from './signature';
import type { ProblemDetails } from './types';

export type Severity = 'normal' | 'tightened' | 'reduced';
export type StreamSeverity = Severity | 'discontinued';
export type InspectionScope = 'lot_acceptance' | 'incoming';
export type InspectionState = 'open' | 'accepted' | 'rejected';
export type DefectClass = 'critical' | 'major' | 'minor';

/** An ISO 2859-1 single sampling plan. */
export interface SamplingPlan {
  codeLetter: string;
  /** The code letter the plan was taken from after following an arrow, if another. */
  planCodeLetter: string | null;
  n: number;
  ac: number;
  re: number;
  severity: Severity;
  aql: number;
  level: string;
  lotSize: number;
  hundredPercent: boolean;
}

export const RANGE_STATISTICS = [
  'mean',
  'sd',
  'min',
  'max',
  'extreme_spread',
  'mean_radius',
  'failures',
] as const;
export type RangeStatistic = (typeof RANGE_STATISTICS)[number];

export interface RangeLimit {
  statistic: RangeStatistic;
  min?: number;
  max?: number;
}

export interface AttributeLine {
  kind: 'attribute';
  characteristic: string;
  name: string;
  defectClass: DefectClass;
  stream: string;
  plan: SamplingPlan;
}

export interface VariableLine {
  kind: 'variable';
  characteristic: string;
  name: string;
  unit: string;
  lsl?: number;
  usl?: number;
  sampleSize: number;
}

export interface RangeLine {
  kind: 'range';
  characteristic: string;
  name: string;
  unit?: string;
  sampleSize: number;
  limits: RangeLimit[];
}

export type PlanLine = AttributeLine | VariableLine | RangeLine;

/** One round fired: a measured value, an impact on the target, and/or whether it failed. */
export interface Round {
  value?: number;
  x?: number;
  y?: number;
  failed?: boolean;
}

export type ResultData =
  | { kind: 'attribute'; nonconforming: number; sampled?: number }
  | { kind: 'variable'; values: number[] }
  | { kind: 'range'; rounds: Round[] };

export interface LineVerdict {
  characteristic: string;
  accepted: boolean;
  /** The server's words: "0 nonconforming in 200 (Ac 0, Re 1, normal, code L, AQL 0.065)". */
  summary: string;
  /** A reduced plan's "accept, but back to normal inspection" (ISO 2859-1 §9.3.3). */
  reinstateNormal?: boolean;
  detail?: Record<string, unknown>;
}

export interface RecordedResult {
  characteristic: string;
  data: ResultData;
  verdict: LineVerdict;
  recordedAt: string;
  recordedBy: string;
}

export interface Inspection {
  id: string;
  number: string;
  lot: string;
  lotId: string;
  material: string;
  supplier: string | null;
  scope: InspectionScope;
  specification: string;
  state: InspectionState;
  plan: {
    specification: string;
    scope: InspectionScope;
    lotSize: number;
    lines: PlanLine[];
  };
  results: RecordedResult[];
  /** Characteristics with nothing recorded yet. */
  missing: string[];
  openedAt: string;
  openedBy: string;
  completedAt: string | null;
  completedBy: string | null;
}

export const NONCONFORMANCE_STATES = ['open', 'investigating', 'decided', 'closed'] as const;
export type NonconformanceState = (typeof NONCONFORMANCE_STATES)[number];
export const NONCONFORMANCE_DECISIONS = ['scrap', 'rework', 'use_as_is'] as const;
export type NonconformanceDecision = (typeof NONCONFORMANCE_DECISIONS)[number];

export const isNonconformanceState = (value: string | null): value is NonconformanceState =>
  (NONCONFORMANCE_STATES as readonly string[]).includes(value ?? '');

export interface Nonconformance {
  id: string;
  number: string;
  title: string;
  description: string;
  source: 'inspection' | 'spc' | 'manual';
  state: NonconformanceState;
  investigation: string | null;
  decision: NonconformanceDecision | null;
  decisionNote: string | null;
  /** Lot numbers. */
  lots: string[];
  openedAt: string;
  openedBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  signatureId: string | null;
}

/** What QA decides on, as the server gathers it (and keeps with each signed disposition). */
export interface Evidence {
  lot: {
    number: string;
    material: string;
    origin: 'received' | 'made';
    status: LotStatus;
    quantity: number;
    unit: string;
    supplier: string | null;
    supplierLot: string | null;
    certificate: string | null;
  };
  inspections: {
    number: string;
    specification: string;
    scope: InspectionScope;
    state: InspectionState;
    completedAt: string | null;
    completedBy: string | null;
    lines: { characteristic: string; accepted: boolean; summary: string }[];
  }[];
  nonconformances: Pick<Nonconformance, 'number' | 'title' | 'state' | 'decision'>[];
  /**
   * Nelson alarms on the line's gauges while the lot was made (a made lot only). Evidence stored
   * before alarms carried their run has only the rule and the server's English.
   */
  spcAlarms: {
    metric: string;
    rule: NelsonRule;
    at: string;
    direction?: AlarmDirection;
    run?: number;
    message: string;
  }[];
  /** Why the alarms could not be read, when they could not, in English. */
  spcNote: string | null;
  /** The same note as a code with its params; absent in evidence stored before it had one. */
  spcNoteMessage?: EvidenceNote | null;
}

/**
 * A note of a lot's evidence: a code of src/modules/quality/disposition.ts with the values it
 * names (`cause`: the code of the error that kept the alarms from being read), and in English.
 */
export interface EvidenceNote {
  code: string;
  params: ErrorParams;
  text: string;
}

export const LOT_DECISIONS = ['release', 'reject', 'hold', 'release_hold'] as const;
export type LotDecision = (typeof LOT_DECISIONS)[number];
export type ReleaseBasis = 'inspection' | 'supplier_certificate';

export interface Disposition {
  id: string;
  lot: string;
  decision: LotDecision;
  basis: ReleaseBasis | null;
  reason: string | null;
  signatureId: string;
  /** The evidence as it stood when signed. */
  evidence: Evidence;
  at: string;
  by: string;
}

export interface QualityDashboard {
  /** Lots in quarantine with a quantity: made lots whose order finished, supplier lots received. */
  awaitingDecision: {
    number: string;
    material: string;
    origin: 'received' | 'made';
    quantity: number;
    unit: string;
    createdAt: string;
  }[];
  openInspections: Inspection[];
  openNonconformances: Nonconformance[];
}

export interface SwitchingStream {
  stream: string;
  severity: StreamSeverity;
  state: {
    severity: string;
    recentOnNormal: readonly boolean[];
    consecutiveAcceptedOnNormal: number;
    switchingScore: number;
    consecutiveAcceptedOnTightened: number;
    notAcceptedOnTightened: number;
    lotsOnSeverity: number;
  };
  updatedAt: string;
}

/** One step of a stream's history: a lot counted (or not), and the switch it caused if any. */
export interface SwitchingStep {
  stream: string;
  /** Null for a step without a lot: a discontinued stream resumed after corrective action. */
  lot: string | null;
  at: string;
  accepted: boolean | null;
  severityBefore: string;
  severityAfter: string;
  /** Why the severity changed, in the server's plain words; null when it did not. */
  reason: string | null;
  /** Why the lot did not count, when it did not. */
  ignored: string | null;
}

export interface SwitchingOverview {
  streams: SwitchingStream[];
  /** Oldest first, in the order the lots were judged. */
  history: SwitchingStep[];
}

const BASE = '/api/quality';
const inspectionPath = (number: string) => `${BASE}/inspections/${encodeURIComponent(number)}`;
const lotPath = (lot: string) => `${BASE}/lots/${encodeURIComponent(lot)}`;
const ncPath = (number: string) => `${BASE}/nonconformances/${encodeURIComponent(number)}`;

/** Where a released lot's certificate of conformance is fetched (PDF, with the session cookie). */
export const certificatePath = (lot: string) => `${lotPath(lot)}/certificate.pdf`;

export const useQualityDashboard = () =>
  useQuery({
    queryKey: ['quality', 'dashboard'],
    queryFn: ({ signal }) => getJson<QualityDashboard>(`${BASE}/dashboard`, signal),
  });

/** Every stream's severity and history, or one stream's (`?stream=`). */
export const useSwitching = (stream?: string) =>
  useQuery({
    queryKey: ['quality', 'switching', stream ?? null],
    queryFn: ({ signal }) =>
      getJson<SwitchingOverview>(
        stream ? `${BASE}/switching?stream=${encodeURIComponent(stream)}` : `${BASE}/switching`,
        signal,
      ),
  });

export const useInspection = (number: string) =>
  useQuery({
    queryKey: ['quality', 'inspection', number],
    queryFn: ({ signal }) => getJson<Inspection>(inspectionPath(number), signal),
  });

/** The newest inspections, open and completed, with their plans and results. */
export const useRecentInspections = (limit: number) =>
  useQuery({
    queryKey: ['quality', 'inspections', limit],
    queryFn: ({ signal }) => getJson<Inspection[]>(`${BASE}/inspections?limit=${limit}`, signal),
  });

/** A lot's inspections, newest first, with their plans and results. */
export const useLotInspections = (lot: string) =>
  useQuery({
    queryKey: ['quality', 'lot', lot, 'inspections'],
    queryFn: ({ signal }) =>
      getJson<Inspection[]>(`${BASE}/inspections?lot=${encodeURIComponent(lot)}&limit=200`, signal),
  });

export const useEvidence = (lot: string) =>
  useQuery({
    queryKey: ['quality', 'lot', lot, 'evidence'],
    queryFn: ({ signal }) => getJson<Evidence>(`${lotPath(lot)}/evidence`, signal),
  });

export const useDispositions = (lot: string) =>
  useQuery({
    queryKey: ['quality', 'lot', lot, 'dispositions'],
    queryFn: ({ signal }) => getJson<Disposition[]>(`${lotPath(lot)}/dispositions`, signal),
  });

export const useNonconformances = (filter: { state?: NonconformanceState }) =>
  useQuery({
    queryKey: ['quality', 'nonconformances', filter],
    queryFn: ({ signal }) =>
      getJson<Nonconformance[]>(
        `${BASE}/nonconformances?limit=200${filter.state ? `&state=${filter.state}` : ''}`,
        signal,
      ),
  });

export const useNonconformance = (number: string) =>
  useQuery({
    queryKey: ['quality', 'nonconformance', number],
    queryFn: ({ signal }) => getJson<Nonconformance>(ncPath(number), signal),
  });

/** An inspection answered by a change: it is the page's data; lists and lots may have moved. */
async function inspectionChanged(queryClient: QueryClient, inspection: Inspection) {
  queryClient.setQueryData(['quality', 'inspection', inspection.number], inspection);
  await queryClient.invalidateQueries({
    predicate: (q) => q.queryKey[0] === 'quality' && q.queryKey[1] !== 'inspection',
  });
}

/** Opens the inspection of a lot in quarantine; its plan comes from the specification. */
export function useOpenInspection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lot: string) =>
      request<Inspection>('POST', `${BASE}/inspections`, { body: { lot } }),
    onSuccess: (inspection) => inspectionChanged(queryClient, inspection),
  });
}

export interface ResultInput {
  characteristic: string;
  result: ResultData;
}

/** Records (or replaces, while open) one line's result; the answer carries its verdict. */
export function useRecordResult(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ResultInput) =>
      request<Inspection>('POST', `${inspectionPath(number)}/results`, { body: input }),
    onSuccess: (inspection) => inspectionChanged(queryClient, inspection),
  });
}

/**
 * Posts the range instrument's CSV export as it is (text/csv): the server
 * reads it (English or Spanish headers, decimal commas) and records the test.
 * client.request speaks JSON only, so this one request is made here, with the
 * session's CSRF token from the session query and the same problem details.
 */
export function useImportRangeResults(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ test, csv }: { test: string; csv: string }) => {
      const me = queryClient.getQueryData<Me | null>(['session']);
      const path = `${inspectionPath(number)}/range-results?test=${encodeURIComponent(test)}`;
      const response = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          'content-type': 'text/csv',
          ...(me?.csrfToken ? { [CSRF_HEADER]: me.csrfToken } : {}),
        },
        body: csv,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const problem = body as Partial<ProblemDetails> | undefined;
        throw new ApiError({
          title: problem?.title ?? response.statusText,
          status: response.status,
          detail:
            problem?.detail ?? `the server answered ${response.status} ${response.statusText}`,
          code: problem?.code ?? 'http_error',
          ...(problem?.errors ? { errors: problem.errors } : {}),
        });
      }
      return body as Inspection;
    },
    onSuccess: (inspection) => inspectionChanged(queryClient, inspection),
  });
}

/** Judges the lot on every recorded line; a supplier lot is released or rejected by it. */
export function useCompleteInspection(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      request<Inspection>('POST', `${inspectionPath(number)}/complete`, { body: {} }),
    onSuccess: async (inspection) => {
      await inspectionChanged(queryClient, inspection);
      await queryClient.invalidateQueries({ queryKey: ['genealogy'] });
    },
  });
}

export interface DispositionInput {
  decision: LotDecision;
  basis?: ReleaseBasis;
  reason?: string;
  signature: Signature;
}

/** QA's signed decision on a lot; the lot's status changes with it. */
export function useDisposeLot(lot: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ signature, ...body }: DispositionInput) =>
      request<Disposition>('POST', `${lotPath(lot)}/disposition`, {
        body,
        headers: signatureHeaders(signature),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['quality'] });
      await queryClient.invalidateQueries({ queryKey: ['genealogy'] });
    },
  });
}

export interface NonconformanceInput {
  title: string;
  description: string;
  lots: string[];
  /** What raised it: by hand (the default) or an SPC alarm. */
  source?: 'manual' | 'spc';
}

export function useOpenNonconformance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NonconformanceInput) =>
      request<Nonconformance>('POST', `${BASE}/nonconformances`, { body: input }),
    onSuccess: async (nc) => {
      queryClient.setQueryData(['quality', 'nonconformance', nc.number], nc);
      await queryClient.invalidateQueries({ queryKey: ['quality'] });
    },
  });
}

/**
 * Lots by material (GET /api/genealogy/lots), only when asked for: the lots made on a line when
 * an SPC alarm fired are picked out of them. Cached with the lot list's own queries.
 */
export const useLotsOf = (filter: { material?: string; limit: number } | undefined) =>
  useQuery({
    queryKey: ['genealogy', 'lots', filter],
    queryFn: ({ signal }) =>
      getJson<Lot[]>(
        `/api/genealogy/lots?${new URLSearchParams({
          ...(filter?.material ? { material: filter.material } : {}),
          limit: String(filter?.limit ?? 100),
        })}`,
        signal,
      ),
    enabled: filter !== undefined,
  });

export interface DecisionInput {
  decision: NonconformanceDecision;
  note: string;
  /** Rework: how much of which lot, where it is; the reworked lot stays there. */
  rework?: { lot: string; quantity: number; location: string };
}

export type NonconformanceStep =
  | { step: 'investigation'; investigation: string }
  | { step: 'decision'; decision: DecisionInput }
  | { step: 'close'; signature: Signature };

/** The steps of a nonconformance: investigate, decide, close (signed). */
export function useNonconformanceStep(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NonconformanceStep) => {
      switch (input.step) {
        case 'investigation':
          return request<Nonconformance>('POST', `${ncPath(number)}/investigation`, {
            body: { investigation: input.investigation },
          });
        case 'decision':
          return request<Nonconformance>('POST', `${ncPath(number)}/decision`, {
            body: input.decision,
          });
        case 'close':
          return request<Nonconformance>('POST', `${ncPath(number)}/close`, {
            body: {},
            headers: signatureHeaders(input.signature),
          });
        default: {
          const unknownStep: never = input;
          return unknownStep;
        }
      }
    },
    onSuccess: async (nc) => {
      queryClient.setQueryData(['quality', 'nonconformance', nc.number], nc);
      await queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'quality' && q.queryKey[1] !== 'nonconformance',
      });
      // A scrap decision rejects the lots; a rework makes a new one.
      await queryClient.invalidateQueries({ queryKey: ['genealogy'] });
    },
  });
}

// ------------------------------------------------------------------ SPC ----
// Control charts from the inline gauges' machine data and from inspection
// results, their Nelson alarms and capability (src/modules/quality/spc-routes.ts).

export const GAUGE_CHART_KINDS = ['xbar-r', 'xbar-s', 'i-mr'] as const;
export type GaugeChartKind = (typeof GAUGE_CHART_KINDS)[number];
export type SpcChartKind = GaugeChartKind | 'p' | 'np' | 'c' | 'u';
export type NelsonRule = 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'N7' | 'N8';

export interface SpcPoint {
  /** Subgroup, value or lot number − 1. */
  index: number;
  value: number;
  cl: number;
  ucl: number;
  lcl: number;
  /** σ of the plotted statistic: the zones are cl ± 1σ, 2σ, 3σ. */
  sigma: number;
  /** Values behind the point. */
  n: number;
  /** When the point was complete: a subgroup's last value, or the inspection. */
  at: string;
  from?: string;
  lot?: string;
  inspection?: string;
}

export interface SpcChart {
  kind: SpcChartKind;
  limitsFrom: 'data' | 'standard' | 'frozen';
  sigmaMultiplier: number;
  centre: number;
  sigma: number;
  points: SpcPoint[];
  /** The R, S or MR chart under the X̄ or I chart. */
  secondary?: { kind: 'r' | 's' | 'mr'; centre: number; points: SpcPoint[] };
}

export interface SpcAlarm {
  chart: 'primary' | 'secondary';
  rule: NelsonRule;
  /** The point the rule first fired at. */
  index: number;
  at: string;
  lot?: string;
  /** The points flagged. */
  points: number[];
  /** The side or trend, where the rule has one (N4, N7, N8 have none). */
  direction?: AlarmDirection;
  /** The length of the run: how many points are flagged. */
  run: number;
  /** In English: the app words the alarm from its rule, direction and run. */
  message: string;
}

export type AlarmDirection = 'above' | 'below' | 'increasing' | 'decreasing';

export interface SpecLimits {
  specification: string | null;
  characteristic: string | null;
  lsl?: number;
  usl?: number;
}

export interface ProcessCapability {
  n: number;
  mean: number;
  sigmaWithin: number;
  sigmaWithinFrom: 'range' | 'standard-deviation' | 'moving-range' | 'given';
  sigmaOverall: number;
  lsl?: number;
  usl?: number;
  cp: number | null;
  cpu: number | null;
  cpl: number | null;
  cpk: number;
  pp: number | null;
  ppu: number | null;
  ppl: number | null;
  ppk: number;
}

/**
 * Why something is left off or cannot be charted: a code of
 * src/modules/quality/spc-notes.ts with the values it names, and the same in English.
 */
export interface SpcNote {
  code: string;
  params: ErrorParams;
  text: string;
}

/** What a chart page draws, from either source. */
export interface ChartAnswer {
  chart: SpcChart | null;
  alarms: SpcAlarm[];
  limits: SpecLimits | null;
  capability: ProcessCapability | null;
  notes: SpcNote[];
}

export interface GaugeChart extends ChartAnswer {
  line: string;
  metric: string;
  unit: string | null;
  from: string;
  to: string;
  product: string | null;
  kind: GaugeChartKind;
  subgroupSize: number;
  values: number;
  dropped: number;
  otherProducts: number;
}

export interface ResultsChart extends ChartAnswer {
  specification: string;
  characteristic: string;
  source: 'variable' | 'attribute' | 'range';
  statistic: string | null;
  unit: string | null;
  lots: { lot: string; inspection: string; completedAt: string; n: number }[];
}

export interface LineAlarm {
  metric: string;
  product: string | null;
  chart: 'primary' | 'secondary';
  rule: NelsonRule;
  at: string;
  /** The side or trend, where the rule has one (N4, N7, N8 have none). */
  direction?: AlarmDirection;
  /** The length of the run: how many points are flagged. */
  run: number;
  /** In English: the app words the alarm from its rule, direction and run. */
  message: string;
}

export interface GaugeChartQuery {
  line: string;
  metric: string;
  from: string;
  to: string;
  kind: GaugeChartKind;
  subgroupSize: number;
  specification?: string;
}

export interface ResultsChartQuery {
  specification: string;
  characteristic: string;
  statistic?: RangeStatistic;
}

const search = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) =>
      v === undefined || v === '' ? [] : [[k, String(v)]],
    ),
  ).toString();

export const useGaugeChart = (query: GaugeChartQuery | undefined) =>
  useQuery({
    queryKey: ['quality', 'spc', 'gauge', query],
    queryFn: ({ signal }) =>
      getJson<GaugeChart>(`${BASE}/spc/gauge?${search({ ...query })}`, signal),
    enabled: query !== undefined,
  });

export const useResultsChart = (query: ResultsChartQuery | undefined) =>
  useQuery({
    queryKey: ['quality', 'spc', 'results', query],
    queryFn: ({ signal }) =>
      getJson<ResultsChart>(`${BASE}/spc/results?${search({ ...query })}`, signal),
    enabled: query !== undefined,
  });

/** The alarms of several lines over one window, for the dashboard: one query per line. */
export const useLinesAlarms = (lines: readonly string[], window: { from: string; to: string }) =>
  useQueries({
    queries: lines.map((line) => {
      const query = { line, ...window };
      return {
        queryKey: ['quality', 'spc', 'alarms', query],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          getJson<LineAlarm[]>(`${BASE}/spc/alarms?${search(query)}`, signal),
      };
    }),
  });

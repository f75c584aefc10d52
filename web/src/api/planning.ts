// Planning (src/modules/planning/routes.ts): the schedule of the orders on the
// lines and the line outages it plans around, the master production schedule,
// material requirements and the what-if of a supplier that stops delivering.
// Times are ISO 8601 in UTC; dates are YYYY-MM-DD.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';

const BASE = '/api/planning';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Why an order stays where it is: it runs, it is released, or it starts within the frozen hours. */
export type FrozenReason = 'running' | 'released' | 'frozen_horizon';

export interface PlannedOrder {
  id: string;
  /** Work order number or proposal reference. */
  reference: string;
  kind: 'work_order' | 'proposal';
  product: string;
  quantity: number;
  priority: Priority;
  line: string;
  start: string;
  end: string;
  /** The changeover before the order, on the same line. */
  changeover: { start: string; end: string; minutes: number } | null;
  due: string | null;
  tardinessMinutes: number;
  frozen: FrozenReason | null;
}

/** Time a line cannot work: planned maintenance, or an outage someone declared. */
export interface Unavailable {
  line: string;
  kind: 'maintenance' | 'outage';
  start: string;
  end: string;
  reason: string;
}

export interface PlanObjective {
  /** Σ weight × hours late. */
  weightedTardiness: number;
  /** Orders moved to another line since the last plan. */
  moved: number;
  changeoverMinutes: number;
  /** The end of the last order. */
  makespan: string;
}

/** A value a finding names: a product or line code, an order's id, a number, a time (ISO 8601) or a list of order ids. */
export type FindingParam = string | number | readonly string[];

/**
 * What the planner says about a plan (src/modules/planning/plan-findings.ts):
 * a code for the words, `planning:findings.<code>`, the values they name, and
 * the same in English. The code is null in a plan stored before findings had
 * codes: its text is all there is.
 */
export interface PlanFinding {
  code: string | null;
  params: Readonly<Record<string, FindingParam>>;
  text: string;
}

/** An order that could not be planned, and why. */
export type UnplannedOrder = { id: string } & PlanFinding;

export interface Plan {
  id: string;
  createdAt: string;
  createdBy: string;
  /** The plan's "now": nothing is planned before it. */
  origin: string;
  budgetMs: number;
  iterations: number;
  elapsedMs: number;
  objective: PlanObjective;
  orders: PlannedOrder[];
  unavailable: Unavailable[];
  lines: { code: string; name: string }[];
  unplanned: UnplannedOrder[];
  beyondHorizon: string[];
  /** The independent validator's findings: empty for a sound plan. */
  problems: PlanFinding[];
}

export interface Outage {
  id: string;
  line: string;
  from: string;
  /** null: until further notice. */
  to: string | null;
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface OutageInput {
  line: string;
  from: string;
  to?: string | null;
  reason: string;
}

export interface MpsRow {
  week: string;
  orders: number;
  forecast: number;
  demand: number;
  fromWorkOrders: number;
  planned: number;
  projected: number;
}

export interface MasterSchedule {
  /** Mondays, YYYY-MM-DD. */
  weeks: string[];
  products: { product: string; onHand: number; rows: MpsRow[] }[];
}

export interface Shortage {
  material: string;
  /** The first date a requirement cannot be met in full. */
  startsOn: string;
  quantity: number;
  /** The requirements it stops (a work order, or "PRODUCT week YYYY-MM-DD"), in date order. */
  stops: { source: string; date: string; missing: number }[];
}

export interface MaterialPlan {
  material: string;
  required: number;
  fromStock: number;
  fromReceipts: number;
  expiredUnused: { lot: string; quantity: number; expiresOn: string }[];
  shortage: Shortage | null;
}

export interface Disruption {
  supplier: string;
  from: string;
  /** Every material's plan without the supplier's receipts from `from` on, shortages first. */
  plans: MaterialPlan[];
  /** Each requirement source that runs short, and the first date it does, earliest first. */
  firstShort: { source: string; date: string }[];
}

// --------------------------------------------------------------- schedule

const SCHEDULE_KEY = ['planning', 'schedule'] as const;

/** The current plan; null before the first one. */
export const usePlan = () =>
  useQuery({
    queryKey: SCHEDULE_KEY,
    queryFn: ({ signal }) => getJson<{ plan: Plan | null }>(`${BASE}/schedule`, signal),
    select: (answer) => answer.plan,
  });

export const useOutages = () =>
  useQuery({
    queryKey: ['planning', 'outages'],
    queryFn: ({ signal }) => getJson<Outage[]>(`${BASE}/outages`, signal),
  });

export interface ReplanOptions {
  /** How long the search may run: 50–20,000 ms (the server's default is 2,000). */
  budgetMs?: number;
  seed?: number;
}

const replan = (options: ReplanOptions = {}) =>
  request<{ plan: Plan }>('POST', `${BASE}/schedule`, { body: options }).then((a) => a.plan);

/** What a change of the plan answers: the outage it was for, if any, and the new plan. */
export interface Replanned {
  plan: Plan;
  outage?: Outage;
  workOrders?: FirmedWorkOrder[];
}

function usePlanChange<I>(change: (input: I) => Promise<Replanned>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: async ({ plan }) => {
      queryClient.setQueryData(SCHEDULE_KEY, { plan });
      // The outages may have changed, and the material requirements are dated by the plan.
      await queryClient.invalidateQueries({
        queryKey: ['planning'],
        predicate: (query) => query.queryKey[1] !== 'schedule',
      });
    },
    // An outage that was saved before the re-plan failed is still news.
    onError: () => queryClient.invalidateQueries({ queryKey: ['planning'] }),
  });
}

/** Re-plans from the current orders, outages and the last plan. */
export const useReplan = () =>
  usePlanChange(async (options: ReplanOptions = {}) => ({ plan: await replan(options) }));

export interface FirmedWorkOrder {
  proposal: string;
  id: string;
  number: string;
  line: string;
  quantity: number;
}

/** Firms proposals of the plan the page shows into work orders (409 if the plan changed meanwhile). */
export const useFirmProposals = () =>
  usePlanChange(async (input: { planId: string; proposals: string[] }) =>
    request<{ plan: Plan; workOrders: FirmedWorkOrder[] }>('POST', `${BASE}/schedule/firm`, {
      body: input,
    }),
  );

/** Marks a line down, then re-plans around it. */
export const useMarkLineDown = () =>
  usePlanChange(async (input: OutageInput) => {
    const outage = await request<Outage>('POST', `${BASE}/outages`, { body: input });
    return { outage, plan: await replan() };
  });

/** Declares a line back (its outage ends), then re-plans. */
export const useLineBack = () =>
  usePlanChange(async (outage: Outage) => {
    await request<void>('DELETE', `${BASE}/outages/${encodeURIComponent(outage.id)}`);
    return { outage, plan: await replan() };
  });

// ------------------------------------------------- MPS and requirements

export const useMasterSchedule = (weeks: number) =>
  useQuery({
    queryKey: ['planning', 'mps', weeks],
    queryFn: ({ signal }) =>
      getJson<MasterSchedule>(
        `${BASE}/mps?${new URLSearchParams({ weeks: String(weeks) })}`,
        signal,
      ),
    placeholderData: keepPreviousData,
  });

export const useMaterialRequirements = () =>
  useQuery({
    queryKey: ['planning', 'material-requirements'],
    queryFn: ({ signal }) => getJson<MaterialPlan[]>(`${BASE}/material-requirements`, signal),
  });

/** The what-if of a supplier delivering nothing from a date; asked only once both are chosen. */
export const useSupplierDisruption = (supplier: string, from: string) =>
  useQuery({
    queryKey: ['planning', 'supplier-disruption', supplier, from],
    queryFn: ({ signal }) =>
      getJson<Disruption>(
        `${BASE}/supplier-disruption?${new URLSearchParams({ supplier, from })}`,
        signal,
      ),
    enabled: supplier !== '' && from !== '',
  });

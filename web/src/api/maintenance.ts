// Maintenance (src/modules/maintenance/routes.ts, under /api/maintenance):
// the stations as assets with their history and reliability, requests and
// work orders with the technicians' commands, spare parts, preventive plans
// and reliability by line. The shapes mirror docs/openapi.json
// (MaintenanceWorkOrder, MaintenanceWorkOrderDetail, MaintenanceAsset,
// ReliabilityFigures, SparePart, MaintenancePlan). Every command carries an
// Idempotency-Key, so a double tap or a retry from a phone takes effect once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';

export const MAINTENANCE_KINDS = ['breakdown', 'corrective', 'preventive'] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];
/** Kinds that are requests (something is wrong), as opposed to planned work. */
export const REQUEST_KINDS = ['breakdown', 'corrective'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const MAINTENANCE_STATES = ['open', 'in_progress', 'closed', 'cancelled'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];
export type Criticality = 'A' | 'B' | 'C';

export interface Labour {
  technician: string;
  minutes: number;
  at: string;
  note?: string;
}

export interface MaintenanceTransition {
  from: MaintenanceState | null;
  to: MaintenanceState;
  command: string;
  at: string;
  actor: string;
  reason?: string;
}

export interface MaintenanceWorkOrder {
  id: string;
  number: string;
  kind: MaintenanceKind;
  state: MaintenanceState;
  line: string;
  /** The asset; null for a job on the whole line. */
  station: string | null;
  criticality: Criticality | null;
  title: string;
  description: string | null;
  /** The downtime reason the machine reported. */
  reason: string | null;
  /** Breakdowns: when the machine went down. */
  downAt: string | null;
  /** Breakdowns: when the machine data showed it back in service. */
  upAt: string | null;
  /** Down → back in service (less breaks and shift ends); without machine data, down → closed. */
  repairMinutes: number | null;
  /** Preventive: when it is due. */
  dueAt: string | null;
  /** Counter plans: the station's count it is due at. */
  dueCount: number | null;
  /** Preventive: the planned window. */
  window: { from: string; to: string } | null;
  plan: string | null;
  /** Open after its planned window. */
  overdue: boolean;
  cause: string | null;
  action: string | null;
  labour: Labour[];
  labourMinutes: number;
  takenBy: string | null;
  history: MaintenanceTransition[];
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
}

export interface PartReservation {
  material: string;
  quantity: number;
  issued: number;
  /** The order is closed: what was not issued is free again. */
  released: boolean;
}

export interface PartIssue {
  /** The stock ledger movement. */
  movementId: string;
  material: string;
  lot: string;
  location: string;
  quantity: number;
  at: string;
  actor: string;
}

export interface MaintenanceWorkOrderDetail extends MaintenanceWorkOrder {
  reservations: PartReservation[];
  issues: PartIssue[];
}

export interface ReliabilityFigures {
  /** Production time in the window. */
  scheduledMinutes: number;
  /** Breakdowns that began in the window. */
  failures: number;
  downtimeMinutes: number;
  uptimeMinutes: number;
  /** Uptime / failures; null without a failure. */
  mtbfMinutes: number | null;
  /** Repairs closed in the window. */
  repairs: number;
  /** Mean repair time of the repairs closed; null without one. */
  mttrMinutes: number | null;
  /** Uptime / production time. */
  availability: number | null;
  topReasons: { reason: string | null; failures: number; downtimeMinutes: number }[];
  topCauses: { cause: string; repairs: number }[];
}

export interface WeekFigures extends ReliabilityFigures {
  /** The Monday the week starts on. */
  week: string;
}

export interface Asset {
  line: string;
  station: string;
  name: string;
  kind: string;
  make: string | null;
  model: string | null;
  serial: string | null;
  criticality: Criticality | null;
  /** What the machine data last said. */
  state: string | null;
  inBreakdownSince: string | null;
  openWorkOrders: number;
  /** Units counted since the breakdown watcher first saw the station. */
  counts: { cartridges: number; cycles: number };
}

export interface AssetHistory {
  asset: Asset;
  window: { from: string; to: string };
  reliability: ReliabilityFigures;
  trend: WeekFigures[];
  workOrders: MaintenanceWorkOrder[];
  breakdowns: { reason: string; downAt: string; upAt: string | null; request: string | null }[];
}

export interface SparePart {
  material: string;
  name: string;
  unit: string;
  reorderPoint: number;
  reorderQuantity: number | null;
  /** Usable stock: lots in quarantine or released, not expired. */
  onHand: number;
  /** Purchase orders due today or later. */
  onOrder: number;
  /** Reserved by open work orders and not issued yet. */
  reserved: number;
  /** On hand − reserved. */
  available: number;
  /** On hand + on order − reserved. */
  position: number;
  belowReorderPoint: boolean;
  locations: { location: string; quantity: number }[];
}

export interface SparePartShortage extends SparePart {
  suggestedOrder: number;
}

export interface MaintenancePlan {
  code: string;
  title: string;
  instructions: string | null;
  line: string;
  station: string | null;
  trigger: 'calendar' | 'counter';
  everyDays: number | null;
  firstDue: string | null;
  counter: 'cycles' | 'cartridges' | null;
  every: number | null;
  baseline: number | null;
  leadDays: number;
  durationMinutes: number;
  needsLineDown: boolean;
  active: boolean;
  lastDueIndex: number;
  next: {
    index: number;
    due: string | null;
    dueCount: number | null;
    count: number | null;
    remaining: number | null;
  };
  createdAt: string;
  createdBy: string;
}

export interface LineReliability {
  line: string;
  name: string;
  figures: ReliabilityFigures;
  trend: WeekFigures[];
  stations: { line: string; station: string; name: string; figures: ReliabilityFigures }[];
}

const BASE = '/api/maintenance';

const withQuery = (path: string, query: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

/** Where the technician's page of an order is. */
export const workOrderPath = (number: string) => `/maintenance/jobs/${encodeURIComponent(number)}`;
/** Where an asset's page is. */
export const equipmentPath = (line: string, station: string) =>
  `/maintenance/equipment/${encodeURIComponent(line)}/${encodeURIComponent(station)}`;

// Boards and the technician's phone look again on their own: a breakdown
// opened by the machine data shows without a reload.
const REFRESH_MS = 10_000;

// ------------------------------------------------------------ equipment ----

export const useEquipment = (line?: string) =>
  useQuery({
    queryKey: ['maintenance', 'equipment', line ?? ''],
    queryFn: ({ signal }) => getJson<Asset[]>(withQuery(`${BASE}/equipment`, { line }), signal),
    refetchInterval: REFRESH_MS,
  });

/** One asset with its history and its reliability since `from` (ISO; the last 90 days by default). */
export const useAssetHistory = (line: string, station: string, from?: string) =>
  useQuery({
    queryKey: ['maintenance', 'equipment', line, station, from ?? ''],
    queryFn: ({ signal }) =>
      getJson<AssetHistory>(
        withQuery(`${BASE}/equipment/${encodeURIComponent(line)}/${encodeURIComponent(station)}`, {
          from,
        }),
        signal,
      ),
  });

// ------------------------------------------------- requests, work orders ----

export interface RequestFilter {
  kind?: RequestKind;
  state?: MaintenanceState;
  line?: string;
  station?: string;
  limit?: number;
}

export const useRequests = (filter: RequestFilter) =>
  useQuery({
    queryKey: ['maintenance', 'requests', filter],
    queryFn: ({ signal }) =>
      getJson<MaintenanceWorkOrder[]>(withQuery(`${BASE}/requests`, { ...filter }), signal),
    refetchInterval: REFRESH_MS,
  });

/**
 * The requests that still need work — open and in progress — newest first.
 * The route filters by one state at a time: two requests, merged.
 */
export const useOpenRequests = (line?: string) =>
  useQuery({
    queryKey: ['maintenance', 'requests', 'open-work', line ?? ''],
    queryFn: async ({ signal }) => {
      const [open, working] = await Promise.all(
        (['open', 'in_progress'] as const).map((state) =>
          getJson<MaintenanceWorkOrder[]>(
            withQuery(`${BASE}/requests`, { state, line, limit: 500 }),
            signal,
          ),
        ),
      );
      return [...(open ?? []), ...(working ?? [])].sort((a, b) =>
        b.openedAt.localeCompare(a.openedAt),
      );
    },
    refetchInterval: REFRESH_MS,
  });

export interface WorkOrderFilter {
  kind?: MaintenanceKind;
  state?: MaintenanceState;
  line?: string;
  station?: string;
  plan?: string;
  limit?: number;
}

export const useMaintenanceWorkOrders = (filter: WorkOrderFilter) =>
  useQuery({
    queryKey: ['maintenance', 'work-orders', filter],
    queryFn: ({ signal }) =>
      getJson<MaintenanceWorkOrder[]>(withQuery(`${BASE}/work-orders`, { ...filter }), signal),
    refetchInterval: REFRESH_MS,
  });

/** Open preventive work orders due within the days asked, overdue ones first. */
export const useDueWorkOrders = (days: number, line?: string) =>
  useQuery({
    queryKey: ['maintenance', 'work-orders', 'due', days, line ?? ''],
    queryFn: ({ signal }) =>
      getJson<MaintenanceWorkOrder[]>(withQuery(`${BASE}/work-orders/due`, { days, line }), signal),
    refetchInterval: REFRESH_MS,
  });

export const useMaintenanceWorkOrder = (number: string) =>
  useQuery({
    queryKey: ['maintenance', 'work-order', number],
    queryFn: ({ signal }) =>
      getJson<MaintenanceWorkOrderDetail>(
        `${BASE}/work-orders/${encodeURIComponent(number)}`,
        signal,
      ),
    refetchInterval: REFRESH_MS,
  });

export interface RequestInput {
  kind: RequestKind;
  line: string;
  station: string;
  title: string;
  description?: string;
  /** A reportable downtime reason code of the plant. */
  reason?: string;
  /** Breakdowns: when the machine went down (now by default), ISO. */
  downAt?: string;
}

/** Everything maintenance shows may have changed after a command. */
const refreshMaintenance = (queryClient: ReturnType<typeof useQueryClient>) =>
  queryClient.invalidateQueries({ queryKey: ['maintenance'] });

export function useOpenRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idempotencyKey, ...body }: RequestInput & { idempotencyKey: string }) =>
      request<MaintenanceWorkOrder>('POST', `${BASE}/requests`, {
        body,
        headers: { 'idempotency-key': idempotencyKey },
      }),
    onSuccess: () => refreshMaintenance(queryClient),
  });
}

export interface LabourInput {
  minutes: number;
  /** Who worked; whoever records it by default. */
  technician?: string;
  note?: string;
}

export interface WorkInput {
  cause?: string;
  action?: string;
  labour?: LabourInput[];
}

export type MaintenanceCommand =
  | { command: 'take' }
  | { command: 'work'; body: WorkInput }
  | { command: 'close'; body: WorkInput }
  | { command: 'cancel'; body: { reason: string } }
  | { command: 'reserve'; body: { material: string; quantity: number } }
  | { command: 'issue'; body: { material: string; quantity: number; location?: string } };

export type MaintenanceCommandName = MaintenanceCommand['command'];

/** POST /api/maintenance/work-orders/:number/<route> of each command. */
const COMMAND_ROUTE: Readonly<Record<MaintenanceCommandName, string>> = {
  take: 'take',
  work: 'work',
  close: 'close',
  cancel: 'cancel',
  reserve: 'reservations',
  issue: 'issues',
};

export type MaintenanceCommandRequest = MaintenanceCommand & {
  number: string;
  /** The same key on a retry makes the server answer without a second effect. */
  idempotencyKey: string;
};

export function sendMaintenanceCommand(
  command: MaintenanceCommandRequest,
): Promise<MaintenanceWorkOrderDetail> {
  return request<MaintenanceWorkOrderDetail>(
    'POST',
    `${BASE}/work-orders/${encodeURIComponent(command.number)}/${COMMAND_ROUTE[command.command]}`,
    {
      body: 'body' in command ? command.body : {},
      headers: { 'idempotency-key': command.idempotencyKey },
    },
  );
}

/** One command; the answer replaces the order in the cache, and every list is fetched again. */
export function useMaintenanceCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendMaintenanceCommand,
    onSuccess: async (order) => {
      queryClient.setQueryData(['maintenance', 'work-order', order.number], order);
      await refreshMaintenance(queryClient);
    },
  });
}

// ----------------------------------------------------------- spare parts ----

export const useSpareParts = () =>
  useQuery({
    queryKey: ['maintenance', 'spare-parts'],
    queryFn: ({ signal }) => getJson<SparePart[]>(`${BASE}/spare-parts`, signal),
  });

export const useSparePartShortages = () =>
  useQuery({
    queryKey: ['maintenance', 'spare-parts', 'shortages'],
    queryFn: ({ signal }) => getJson<SparePartShortage[]>(`${BASE}/spare-parts/shortages`, signal),
  });

// ----------------------------------------------------------------- plans ----

export const usePlans = () =>
  useQuery({
    queryKey: ['maintenance', 'plans'],
    queryFn: ({ signal }) => getJson<MaintenancePlan[]>(`${BASE}/plans`, signal),
  });

export const usePlan = (code: string) =>
  useQuery({
    queryKey: ['maintenance', 'plans', code],
    queryFn: ({ signal }) =>
      getJson<MaintenancePlan>(`${BASE}/plans/${encodeURIComponent(code)}`, signal),
  });

interface PlanCommon {
  code: string;
  title: string;
  instructions?: string;
  line: string;
  station?: string;
  leadDays?: number;
  durationMinutes?: number;
  needsLineDown?: boolean;
}

export type PlanInput =
  | (PlanCommon & { trigger: 'calendar'; everyDays: number; firstDue?: string })
  | (PlanCommon & {
      trigger: 'counter';
      counter: 'cycles' | 'cartridges';
      every: number;
      firstDueAfter?: number;
    });

export function useCreatePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) =>
      request<MaintenancePlan>('POST', `${BASE}/plans`, { body: input }),
    onSuccess: () => refreshMaintenance(queryClient),
  });
}

// ----------------------------------------------------------- reliability ----

export const useReliability = (line?: string) =>
  useQuery({
    queryKey: ['maintenance', 'reliability', line ?? ''],
    queryFn: ({ signal }) =>
      getJson<{ window: { from: string; to: string }; lines: LineReliability[] }>(
        withQuery(`${BASE}/reliability`, { line }),
        signal,
      ),
  });

// Work orders (src/modules/production/routes.ts): the list, one order, its
// events, planning, and the commands. Every command carries an
// Idempotency-Key, so that a double tap or a retry takes effect once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';

export const WORK_ORDER_STATES = [
  'planned',
  'released',
  'running',
  'paused',
  'on_hold',
  'completed',
  'closed',
  'cancelled',
] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

/** The command names the state machine uses (history, refusals). */
export type CommandType =
  | 'release'
  | 'start'
  | 'pause'
  | 'resume'
  | 'hold'
  | 'unhold'
  | 'recordScrap'
  | 'complete'
  | 'close'
  | 'cancel';

export interface Transition {
  from: WorkOrderState | null;
  to: WorkOrderState;
  command: CommandType | 'create' | string;
  at: string;
  actor: string;
  reason?: string;
  note?: string;
}

export interface ScrapRecord {
  quantity: number;
  reason: string;
  station?: string;
  at: string;
  actor: string;
}

export interface WorkOrder {
  id: string;
  number: string;
  product: string;
  line: string;
  quantity: number;
  state: WorkOrderState;
  heldFrom: WorkOrderState | null;
  goodCount: number;
  scrapCount: number;
  /** Units the operators recorded by hand, and in how many records. */
  recordedScrap: number;
  scrapEntries: number;
  /** The latest records, oldest first (the order keeps ten; all are at /scrap). */
  recentScrap: ScrapRecord[];
  history: Transition[];
}

/** How many of its latest scrap records an order carries (RECENT_SCRAP_KEPT of work-order.ts). */
export const RECENT_SCRAP_KEPT = 10;

export interface WorkOrderScrap {
  units: number;
  entries: number;
  byReason: { reason: string; units: number; entries: number }[];
  /** Newest first. */
  records: ScrapRecord[];
}

export interface WorkOrderEvent {
  type: string;
  at: string;
  actor: string;
  workOrderNumber: string;
  [field: string]: unknown;
}

/** The commands each state accepts (ALLOWED_COMMANDS of work-order.ts). */
export const ALLOWED_COMMANDS: Readonly<Record<WorkOrderState, readonly CommandType[]>> = {
  planned: ['release', 'hold', 'cancel'],
  released: ['start', 'hold', 'cancel'],
  running: ['pause', 'hold', 'recordScrap', 'complete'],
  paused: ['resume', 'hold', 'recordScrap', 'complete'],
  on_hold: ['unhold'],
  completed: ['close'],
  closed: [],
  cancelled: [],
};

/** The permission each command needs: planners plan, operators run the line. */
export const COMMAND_PERMISSION: Readonly<Record<CommandType, string>> = {
  release: 'production.plan',
  hold: 'production.plan',
  unhold: 'production.plan',
  close: 'production.plan',
  cancel: 'production.plan',
  start: 'production.operate',
  pause: 'production.operate',
  resume: 'production.operate',
  recordScrap: 'production.operate',
  complete: 'production.operate',
};

/** The route of each command: POST /api/production/work-orders/:id/<route>. */
const COMMAND_ROUTE: Readonly<Record<CommandType, string>> = {
  release: 'release',
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  hold: 'hold',
  unhold: 'unhold',
  recordScrap: 'scrap',
  complete: 'complete',
  close: 'close',
  cancel: 'cancel',
};

/** The commands a user may give an order now: what its state accepts and their roles allow. */
export function commandsFor(
  state: WorkOrderState,
  can: (permission: string) => boolean,
): CommandType[] {
  return ALLOWED_COMMANDS[state].filter((command) => can(COMMAND_PERMISSION[command]));
}

export type CommandBody =
  | { command: 'pause'; body: { reason: string; note?: string } }
  | { command: 'recordScrap'; body: { quantity: number; reason: string; station?: string } }
  | { command: 'hold'; body: { reason: string } }
  | { command: 'cancel'; body: { reason?: string } }
  | {
      command: 'release' | 'start' | 'resume' | 'unhold' | 'complete' | 'close';
      body?: Record<string, never>;
    };

export type WorkOrderCommandRequest = CommandBody & {
  id: string;
  /** The same key on a retry makes the server answer without a second effect. */
  idempotencyKey: string;
};

/**
 * A fresh idempotency key. crypto.randomUUID exists only in secure contexts
 * (https, localhost); a terminal on the plant LAN over plain http falls back
 * to getRandomValues, which is everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const BASE = '/api/production/work-orders';

export interface WorkOrderFilter {
  line?: string;
  state?: WorkOrderState;
  limit?: number;
}

function listPath(filter: WorkOrderFilter): string {
  const params = new URLSearchParams();
  if (filter.line) params.set('line', filter.line);
  if (filter.state) params.set('state', filter.state);
  if (filter.limit) params.set('limit', String(filter.limit));
  const query = params.toString();
  return query ? `${BASE}?${query}` : BASE;
}

export const useWorkOrders = (filter: WorkOrderFilter, options: { refetchMs?: number } = {}) =>
  useQuery({
    queryKey: ['production', 'work-orders', filter],
    queryFn: ({ signal }) => getJson<WorkOrder[]>(listPath(filter), signal),
    ...(options.refetchMs ? { refetchInterval: options.refetchMs } : {}),
  });

export const useWorkOrder = (id: string | undefined) =>
  useQuery({
    queryKey: ['production', 'work-order', id],
    queryFn: ({ signal }) => getJson<WorkOrder>(`${BASE}/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });

/** How many of an order's scrap records its page lists. */
export const SCRAP_RECORDS_SHOWN = 200;

export const useWorkOrderScrap = (id: string, recorded: number) =>
  useQuery({
    // Keyed by the count so that a new record, here or elsewhere, reads again.
    queryKey: ['production', 'work-order', id, 'scrap', recorded],
    queryFn: ({ signal }) =>
      getJson<WorkOrderScrap>(
        `${BASE}/${encodeURIComponent(id)}/scrap?limit=${SCRAP_RECORDS_SHOWN}`,
        signal,
      ),
    placeholderData: (previous) => previous,
  });

export const useWorkOrderEvents = (id: string) =>
  useQuery({
    queryKey: ['production', 'work-order', id, 'events'],
    queryFn: ({ signal }) =>
      getJson<WorkOrderEvent[]>(`${BASE}/${encodeURIComponent(id)}/events`, signal),
  });

export interface PlanInput {
  product: string;
  line: string;
  quantity: number;
  number?: string;
}

export function usePlanWorkOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) => request<WorkOrder>('POST', BASE, { body: input }),
    onSuccess: async (order) => {
      queryClient.setQueryData(['production', 'work-order', order.id], order);
      await queryClient.invalidateQueries({ queryKey: ['production', 'work-orders'] });
    },
  });
}

export function sendCommand(
  command: WorkOrderCommandRequest,
  signal?: AbortSignal,
): Promise<WorkOrder> {
  return request<WorkOrder>(
    'POST',
    `${BASE}/${encodeURIComponent(command.id)}/${COMMAND_ROUTE[command.command]}`,
    {
      body: command.body ?? {},
      headers: { 'idempotency-key': command.idempotencyKey },
      ...(signal ? { signal } : {}),
    },
  );
}

/** One command; the answer replaces the order in the cache, and the lists are fetched again. */
export function useWorkOrderCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: WorkOrderCommandRequest) => sendCommand(command),
    onSuccess: async (order) => {
      queryClient.setQueryData(['production', 'work-order', order.id], order);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['production', 'work-orders'] }),
        queryClient.invalidateQueries({
          queryKey: ['production', 'work-order', order.id, 'events'],
        }),
      ]);
    },
  });
}

// ——— the plant's reason tables, from the plant file ———

export interface DowntimeReason {
  code: string;
  name: string;
  category: 'planned' | 'unplanned' | string;
  children?: DowntimeReason[];
}

export interface ScrapReason {
  code: string;
  name: string;
  stationKind?: string;
}

export interface ReasonTables {
  downtimeReasons: DowntimeReason[];
  scrapReasons: ScrapReason[];
}

/** The downtime tree and scrap reasons of the current plant (GET /api/plant/file?format=json). */
export const useReasonTables = () =>
  useQuery({
    queryKey: ['plant', '/file', 'reasons'],
    queryFn: async ({ signal }) => {
      const plant = await getJson<Partial<ReasonTables>>('/api/plant/file?format=json', signal);
      return {
        downtimeReasons: plant.downtimeReasons ?? [],
        scrapReasons: plant.scrapReasons ?? [],
      } satisfies ReasonTables;
    },
    staleTime: 5 * 60_000,
  });

/** Every downtime reason by code, for naming the reason of a pause. */
export function downtimeNames(tree: readonly DowntimeReason[]): Map<string, DowntimeReason> {
  const names = new Map<string, DowntimeReason>();
  const walk = (list: readonly DowntimeReason[]) => {
    for (const reason of list) {
      names.set(reason.code, reason);
      walk(reason.children ?? []);
    }
  };
  walk(tree);
  return names;
}

/** The reportable leaves under a group, outermost first. */
export function leavesOf(reason: DowntimeReason): DowntimeReason[] {
  const children = reason.children ?? [];
  if (children.length === 0) return [reason];
  return children.flatMap(leavesOf);
}

// A work order as a pure state machine: make N of a product on a line, from
// planned to closed. Every command takes the order, the command and its
// context (clock reading, actor, plant) and returns the next order with the
// events it caused, or a refusal as a value. The service that persists
// orders (a later session) runs one command per transaction.
//
//   planned ─release─▶ released ─start─▶ running ⇄ paused     (pause, with a reason; resume)
//   running, paused ─complete─▶ completed ─close─▶ closed
//   planned, released ─cancel─▶ cancelled
//   planned, released, running, paused ─hold─▶ on_hold ─unhold─▶ the state it was held from
//   recordScrap: while running or paused; the state stays
import { type ErrorMessage, errorMessage } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import {
  findScrapReason,
  type Refusal,
  reportableDowntimeReason,
  type WorkOrderId,
} from './model.js';

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

export const HOLDABLE_STATES = ['planned', 'released', 'running', 'paused'] as const;
export type HoldableState = (typeof HOLDABLE_STATES)[number];

export type WorkOrderCommand =
  | { type: 'release' }
  | { type: 'start' }
  /** `reason`: a leaf code of the plant's downtime tree. */
  | { type: 'pause'; reason: string; note?: string }
  | { type: 'resume' }
  /** `reason`: free text, e.g. the NCR that holds the order. */
  | { type: 'hold'; reason: string }
  | { type: 'unhold' }
  /** `reason`: a scrap reason code of the plant; `station`: a station of the order's line. */
  | { type: 'recordScrap'; quantity: number; reason: string; station?: string }
  | { type: 'complete' }
  | { type: 'close' }
  | { type: 'cancel'; reason?: string };
export type WorkOrderCommandType = WorkOrderCommand['type'];

export const WORK_ORDER_COMMANDS = [
  'release',
  'start',
  'pause',
  'resume',
  'hold',
  'unhold',
  'recordScrap',
  'complete',
  'close',
  'cancel',
] as const satisfies readonly WorkOrderCommandType[];

/** The commands each state accepts, in the order a person would usually want them. */
export const ALLOWED_COMMANDS: Readonly<Record<WorkOrderState, readonly WorkOrderCommandType[]>> = {
  planned: ['release', 'hold', 'cancel'],
  released: ['start', 'hold', 'cancel'],
  running: ['pause', 'hold', 'recordScrap', 'complete'],
  paused: ['resume', 'hold', 'recordScrap', 'complete'],
  on_hold: ['unhold'],
  completed: ['close'],
  closed: [],
  cancelled: [],
};

export interface CommandContext {
  /** The clock reading of the command (an adapter supplies it; the twin, simulated time). */
  at: Date;
  actor: string;
  /** The plant the order runs in: lines, products and the reason tables. */
  plant: PlantFile;
}

export interface Transition {
  from: WorkOrderState | null;
  to: WorkOrderState;
  command: WorkOrderCommandType | 'create';
  at: string;
  actor: string;
  /** The downtime reason code of a pause, the text of a hold or a cancellation. */
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
  readonly id: WorkOrderId;
  readonly number: string;
  readonly product: string;
  readonly line: string;
  readonly quantity: number;
  readonly state: WorkOrderState;
  /** The state to return to on unhold; null unless on hold. */
  readonly heldFrom: HoldableState | null;
  /** Counts from machine data (filled in by ingest, a later session). */
  readonly goodCount: number;
  readonly scrapCount: number;
  /** Units of scrap the operators recorded by hand, with a reason, over the order's life. */
  readonly recordedScrap: number;
  /** How many scrap records make up `recordedScrap`. */
  readonly scrapEntries: number;
  /**
   * The latest records, oldest first, at most RECENT_SCRAP_KEPT. The order
   * itself keeps no more: a long order gathers thousands of records, and the
   * document every command rewrites and every terminal polls must not grow
   * with them. Every record is a `work_order.scrap_recorded` event.
   */
  readonly recentScrap: readonly ScrapRecord[];
  readonly history: readonly Transition[];
}

interface EventBase {
  workOrderId: WorkOrderId;
  workOrderNumber: string;
  at: string;
  actor: string;
}

export type WorkOrderEvent =
  | (EventBase & {
      type: 'work_order.created';
      product: string;
      line: string;
      quantity: number;
    })
  | (EventBase & {
      type: 'work_order.state_changed';
      from: WorkOrderState;
      to: WorkOrderState;
      command: WorkOrderCommandType;
      reason?: string;
    })
  | (EventBase & {
      type: 'work_order.scrap_recorded';
      quantity: number;
      reason: string;
      station?: string;
    })
  // Starting an order opens the lot its output goes into (the genealogy
  // module, a later issue, answers this).
  | (EventBase & {
      type: 'output_lot.open_requested';
      product: string;
      line: string;
      quantity: number;
    });

export interface WorkOrderRefusal extends Refusal {
  /** For an illegal transition: what the order's state accepts. */
  allowed?: readonly WorkOrderCommandType[];
}

export type CommandResult =
  | { ok: true; workOrder: WorkOrder; events: WorkOrderEvent[] }
  | { ok: false; error: WorkOrderRefusal };

const refusal = (reason: ErrorMessage): CommandResult => ({
  ok: false,
  error: { code: reason.code, message: reason.text, params: reason.params },
});

export interface NewWorkOrder {
  id: WorkOrderId;
  number: string;
  product: string;
  line: string;
  quantity: number;
}

/** A planned work order, if the line may make the product in that quantity. */
export function createWorkOrder(spec: NewWorkOrder, context: CommandContext): CommandResult {
  if (spec.number.trim() === '') {
    return refusal(errorMessage('invalid_number', 'a work order needs a number'));
  }
  if (!Number.isInteger(spec.quantity) || spec.quantity <= 0) {
    return refusal(
      errorMessage(
        'invalid_quantity',
        'work order {{workOrder}}: the quantity must be a positive whole number, got {{quantity}}',
        { workOrder: spec.number, quantity: spec.quantity },
      ),
    );
  }
  const line = context.plant.lines.find((l) => l.code === spec.line);
  if (!line) {
    return refusal(
      errorMessage('unknown_line', 'work order {{workOrder}}: unknown line "{{line}}"', {
        workOrder: spec.number,
        line: spec.line,
      }),
    );
  }
  if (!line.products.some((p) => p.product === spec.product)) {
    return refusal(
      errorMessage(
        'product_not_made_on_line',
        'work order {{workOrder}}: line {{line}} does not make "{{product}}"; it makes {{products}}',
        {
          workOrder: spec.number,
          line: line.code,
          product: spec.product,
          products: line.products.map((p) => p.product),
        },
      ),
    );
  }
  const at = context.at.toISOString();
  const workOrder: WorkOrder = {
    id: spec.id,
    number: spec.number,
    product: spec.product,
    line: spec.line,
    quantity: spec.quantity,
    state: 'planned',
    heldFrom: null,
    goodCount: 0,
    scrapCount: 0,
    recordedScrap: 0,
    scrapEntries: 0,
    recentScrap: [],
    history: [{ from: null, to: 'planned', command: 'create', at, actor: context.actor }],
  };
  return {
    ok: true,
    workOrder,
    events: [
      {
        type: 'work_order.created',
        ...eventBase(workOrder, context),
        product: spec.product,
        line: spec.line,
        quantity: spec.quantity,
      },
    ],
  };
}

/** Applies any command: the one entry point a service or an operator terminal needs. */
export function applyWorkOrderCommand(
  workOrder: WorkOrder,
  command: WorkOrderCommand,
  context: CommandContext,
): CommandResult {
  switch (command.type) {
    case 'release':
      return releaseWorkOrder(workOrder, command, context);
    case 'start':
      return startWorkOrder(workOrder, command, context);
    case 'pause':
      return pauseWorkOrder(workOrder, command, context);
    case 'resume':
      return resumeWorkOrder(workOrder, command, context);
    case 'hold':
      return holdWorkOrder(workOrder, command, context);
    case 'unhold':
      return unholdWorkOrder(workOrder, command, context);
    case 'recordScrap':
      return recordScrap(workOrder, command, context);
    case 'complete':
      return completeWorkOrder(workOrder, command, context);
    case 'close':
      return closeWorkOrder(workOrder, command, context);
    case 'cancel':
      return cancelWorkOrder(workOrder, command, context);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

type CommandOf<T extends WorkOrderCommandType> = Extract<WorkOrderCommand, { type: T }>;

export function releaseWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'release'>,
  context: CommandContext,
): CommandResult {
  return illegal(workOrder, command) ?? moveTo(workOrder, 'released', command, context);
}

export function startWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'start'>,
  context: CommandContext,
): CommandResult {
  const refused = illegal(workOrder, command);
  if (refused) return refused;
  // Only a released order starts (a paused one resumes), so this is its first start.
  const result = moveTo(workOrder, 'running', command, context);
  if (!result.ok) return result;
  result.events.push({
    type: 'output_lot.open_requested',
    ...eventBase(workOrder, context),
    product: workOrder.product,
    line: workOrder.line,
    quantity: workOrder.quantity,
  });
  return result;
}

export function pauseWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'pause'>,
  context: CommandContext,
): CommandResult {
  const refused = illegal(workOrder, command);
  if (refused) return refused;
  const reason = reportableDowntimeReason(context.plant, command.reason);
  if (!reason.ok) return { ok: false, error: withOrder(workOrder, reason.error) };
  return moveTo(workOrder, 'paused', command, context, {
    reason: command.reason,
    ...(command.note === undefined ? {} : { note: command.note }),
  });
}

export function resumeWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'resume'>,
  context: CommandContext,
): CommandResult {
  return illegal(workOrder, command) ?? moveTo(workOrder, 'running', command, context);
}

export function holdWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'hold'>,
  context: CommandContext,
): CommandResult {
  const refused = illegal(workOrder, command);
  if (refused) return refused;
  const reason = command.reason.trim();
  if (reason === '') {
    return refusal(
      errorMessage('reason_required', 'work order {{workOrder}}: a hold needs a reason', {
        workOrder: workOrder.number,
      }),
    );
  }
  const heldFrom = holdable(workOrder.state);
  if (heldFrom === undefined) return illegalTransition(workOrder, command.type);
  return moveTo(workOrder, 'on_hold', command, context, { reason }, heldFrom);
}

export function unholdWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'unhold'>,
  context: CommandContext,
): CommandResult {
  const refused = illegal(workOrder, command);
  if (refused) return refused;
  // An order on hold always knows where it came from; one stored without it
  // is corrupt, and guessing a state would be worse than refusing.
  if (workOrder.heldFrom === null) {
    return refusal(
      errorMessage(
        'held_from_unknown',
        'work order {{workOrder}} is on hold but does not record the state it was held from',
        { workOrder: workOrder.number },
      ),
    );
  }
  return moveTo(workOrder, workOrder.heldFrom, command, context);
}

export function recordScrap(
  workOrder: WorkOrder,
  command: CommandOf<'recordScrap'>,
  context: CommandContext,
): CommandResult {
  const refused = illegal(workOrder, command);
  if (refused) return refused;
  const { quantity, station } = command;
  const order = { workOrder: workOrder.number };
  if (!Number.isInteger(quantity) || quantity <= 0) {
    return refusal(
      errorMessage(
        'invalid_scrap_quantity',
        'work order {{workOrder}}: scrap must be a positive whole number, got {{quantity}}',
        { ...order, quantity },
      ),
    );
  }
  const reason = findScrapReason(context.plant, command.reason);
  if (!reason) {
    return refusal(
      errorMessage('unknown_scrap_reason', 'unknown scrap reason "{{reason}}"', {
        reason: command.reason,
      }),
    );
  }
  if (station !== undefined) {
    const line = context.plant.lines.find((l) => l.code === workOrder.line);
    const found = line?.stations.find((s) => s.code === station);
    if (!found) {
      return refusal(
        errorMessage(
          'unknown_station',
          'work order {{workOrder}}: line {{line}} has no station "{{station}}"',
          { ...order, line: workOrder.line, station },
        ),
      );
    }
    if (reason.stationKind !== undefined && reason.stationKind !== found.kind) {
      return refusal(
        errorMessage(
          'scrap_reason_station_mismatch',
          'work order {{workOrder}}: scrap reason "{{reason}}" is found at {{reasonStationKind}} stations; station {{station}} is {{stationKind}}',
          {
            ...order,
            reason: reason.code,
            reasonStationKind: reason.stationKind,
            station: found.code,
            stationKind: found.kind,
          },
        ),
      );
    }
  }
  const at = context.at.toISOString();
  const record: ScrapRecord = {
    quantity,
    reason: reason.code,
    ...(station === undefined ? {} : { station }),
    at,
    actor: context.actor,
  };
  return {
    ok: true,
    workOrder: withScrapRecord(workOrder, record),
    events: [
      {
        type: 'work_order.scrap_recorded',
        ...eventBase(workOrder, context),
        quantity,
        reason: reason.code,
        ...(station === undefined ? {} : { station }),
      },
    ],
  };
}

export function completeWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'complete'>,
  context: CommandContext,
): CommandResult {
  return illegal(workOrder, command) ?? moveTo(workOrder, 'completed', command, context);
}

export function closeWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'close'>,
  context: CommandContext,
): CommandResult {
  return illegal(workOrder, command) ?? moveTo(workOrder, 'closed', command, context);
}

export function cancelWorkOrder(
  workOrder: WorkOrder,
  command: CommandOf<'cancel'>,
  context: CommandContext,
): CommandResult {
  const refused = illegal(workOrder, command);
  if (refused) return refused;
  const reason = command.reason?.trim();
  return moveTo(workOrder, 'cancelled', command, context, reason ? { reason } : {});
}

/** How many of its latest scrap records an order carries in itself. */
export const RECENT_SCRAP_KEPT = 10;

/** The order with one more scrap record: totals grow, the recent list keeps its latest. */
export function withScrapRecord(workOrder: WorkOrder, record: ScrapRecord): WorkOrder {
  return {
    ...workOrder,
    recordedScrap: workOrder.recordedScrap + record.quantity,
    scrapEntries: workOrder.scrapEntries + 1,
    recentScrap: [...workOrder.recentScrap, record].slice(-RECENT_SCRAP_KEPT),
  };
}

const STATE_WORDS: Record<WorkOrderState, string> = {
  planned: 'planned',
  released: 'released',
  running: 'running',
  paused: 'paused',
  on_hold: 'on hold',
  completed: 'completed',
  closed: 'closed',
  cancelled: 'cancelled',
};

const COMMAND_WORDS: Record<WorkOrderCommandType, string> = {
  release: 'release',
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  hold: 'hold',
  unhold: 'unhold',
  recordScrap: 'record scrap on',
  complete: 'complete',
  close: 'close',
  cancel: 'cancel',
};

function illegal(workOrder: WorkOrder, command: WorkOrderCommand): CommandResult | undefined {
  return ALLOWED_COMMANDS[workOrder.state].includes(command.type)
    ? undefined
    : illegalTransition(workOrder, command.type);
}

function illegalTransition(workOrder: WorkOrder, command: WorkOrderCommandType): CommandResult {
  const allowed = ALLOWED_COMMANDS[workOrder.state];
  const reason = errorMessage(
    'illegal_transition',
    'cannot {{commandWords}} work order {{workOrder}}: it is {{stateWords}}; allowed: {{allowedWords}}',
    {
      commandWords: COMMAND_WORDS[command],
      workOrder: workOrder.number,
      stateWords: STATE_WORDS[workOrder.state],
      allowedWords: allowed.length ? allowed.join(', ') : 'none',
      // For a translation: the command and the state as codes, and what is allowed.
      workOrderCommand: command,
      workOrderState: workOrder.state,
      allowedCommands: allowed,
    },
  );
  return {
    ok: false,
    error: { code: reason.code, message: reason.text, params: reason.params, allowed },
  };
}

function holdable(state: WorkOrderState): HoldableState | undefined {
  switch (state) {
    case 'planned':
    case 'released':
    case 'running':
    case 'paused':
      return state;
    case 'on_hold':
    case 'completed':
    case 'closed':
    case 'cancelled':
      return undefined;
    default: {
      const _exhaustive: never = state;
      return _exhaustive;
    }
  }
}

function moveTo(
  workOrder: WorkOrder,
  to: WorkOrderState,
  command: WorkOrderCommand,
  context: CommandContext,
  detail: { reason?: string; note?: string } = {},
  heldFrom: HoldableState | null = null,
): CommandResult {
  const at = context.at.toISOString();
  const transition: Transition = {
    from: workOrder.state,
    to,
    command: command.type,
    at,
    actor: context.actor,
    ...detail,
  };
  return {
    ok: true,
    workOrder: {
      ...workOrder,
      state: to,
      heldFrom,
      history: [...workOrder.history, transition],
    },
    events: [
      {
        type: 'work_order.state_changed',
        ...eventBase(workOrder, context),
        from: workOrder.state,
        to,
        command: command.type,
        ...(detail.reason === undefined ? {} : { reason: detail.reason }),
      },
    ],
  };
}

function eventBase(workOrder: WorkOrder, context: CommandContext): EventBase {
  return {
    workOrderId: workOrder.id,
    workOrderNumber: workOrder.number,
    at: context.at.toISOString(),
    actor: context.actor,
  };
}

function withOrder(workOrder: WorkOrder, error: Refusal): Refusal {
  return {
    code: error.code,
    message: `work order ${workOrder.number}: ${error.message}`,
    params: { ...error.params, workOrder: workOrder.number },
  };
}

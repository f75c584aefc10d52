// Maintenance work, without the database: what a maintenance work order is,
// the commands a technician gives it and which of them its state allows, and
// which stops of the machine data are breakdowns. Pure.
//
// One life cycle for every kind of job, so a technician's phone knows one
// set of buttons:
//
//   open ──take──▶ in_progress ──close──▶ closed
//     └──────────────┴──cancel──▶ cancelled
//
// - A breakdown request is opened by the breakdown watcher when a station
//   goes down for a breakdown reason (or by hand, naming when it went down);
//   a corrective request is opened by hand for a fault that has not (yet)
//   stopped the machine; a preventive work order comes from a plan.
// - Work (cause, action, labour) is recorded while the job is in progress;
//   closing needs what was done (action) and, for a request, why it failed
//   (cause) — given with the close or recorded before.
import { type ErrorMessage, type ErrorParams, errorMessage } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';

export const MAINTENANCE_KINDS = ['breakdown', 'corrective', 'preventive'] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];
/** Kinds that are requests (something is wrong), as opposed to planned work. */
export const REQUEST_KINDS = ['breakdown', 'corrective'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const MAINTENANCE_STATES = ['open', 'in_progress', 'closed', 'cancelled'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];
/** States in which a job still needs work (and may take parts). */
export const OPEN_STATES: readonly MaintenanceState[] = ['open', 'in_progress'];

declare const maintenanceOrderIdBrand: unique symbol;
/** A maintenance work order's identity; branded so it cannot be swapped with a production one. */
export type MaintenanceOrderId = string & { readonly [maintenanceOrderIdBrand]: true };
export const maintenanceOrderId = (id: string) => id as MaintenanceOrderId;

export interface LabourEntry {
  /** Who worked (a user name, or a contractor's name). */
  technician: string;
  minutes: number;
  at: string;
  note?: string;
}

export interface Transition {
  from: MaintenanceState | null;
  to: MaintenanceState;
  command: string;
  at: string;
  actor: string;
  reason?: string;
}

export interface MaintenanceOrder {
  id: MaintenanceOrderId;
  number: string;
  kind: MaintenanceKind;
  state: MaintenanceState;
  line: string;
  /** The asset; null for a job on the whole line. */
  station: string | null;
  title: string;
  description: string | null;
  /** The downtime reason the machine reported (breakdowns). */
  reason: string | null;
  /** When the machine went down (breakdowns), ISO. */
  downAt: string | null;
  /** Preventive: when it is due, ISO. */
  dueAt: string | null;
  cause: string | null;
  action: string | null;
  labour: LabourEntry[];
  takenBy: string | null;
  history: Transition[];
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
}

export type MaintenanceCommand =
  | { type: 'take' }
  | { type: 'record'; cause?: string; action?: string; labour?: readonly LabourInput[] }
  | { type: 'close'; cause?: string; action?: string; labour?: readonly LabourInput[] }
  | { type: 'cancel'; reason: string };
export type MaintenanceCommandType = MaintenanceCommand['type'];

export interface LabourInput {
  minutes: number;
  /** Defaults to whoever records it. */
  technician?: string;
  note?: string;
}

export interface Refusal {
  code: string;
  message: string;
  params?: ErrorParams;
}

export type CommandOutcome =
  | { ok: true; order: MaintenanceOrder }
  | { ok: false; error: Refusal & { field?: string } };

const refuse = (reason: ErrorMessage, field?: string): CommandOutcome => ({
  ok: false,
  error: {
    code: reason.code,
    message: reason.text,
    params: reason.params,
    ...(field ? { field } : {}),
  },
});

/** Refusals that are about the command's own content (400), not the order's state (409). */
export const INPUT_REFUSALS: ReadonlySet<string> = new Set([
  'maintenance_cause_required',
  'maintenance_action_required',
]);

export const isRequest = (kind: MaintenanceKind): kind is RequestKind =>
  (REQUEST_KINDS as readonly string[]).includes(kind);

function stateWord(order: MaintenanceOrder): string {
  switch (order.state) {
    case 'open':
      return 'open (nobody has taken it)';
    case 'in_progress':
      return `in progress (taken by ${order.takenBy ?? 'someone'})`;
    case 'closed':
      return `closed since ${order.closedAt ?? 'earlier'}`;
    case 'cancelled':
      return 'cancelled';
    default: {
      const unknownState: never = order.state;
      return String(unknownState);
    }
  }
}

/** The order after a command, or why its state refuses it. */
export function applyMaintenanceCommand(
  order: MaintenanceOrder,
  command: MaintenanceCommand,
  context: { at: Date; actor: string },
): CommandOutcome {
  const at = context.at.toISOString();
  const labourOf = (input: readonly LabourInput[] | undefined): LabourEntry[] =>
    (input ?? []).map((l) => ({
      technician: l.technician ?? context.actor,
      minutes: l.minutes,
      at,
      ...(l.note ? { note: l.note } : {}),
    }));
  const move = (to: MaintenanceState, extra: Partial<MaintenanceOrder>, reason?: string) => ({
    ...order,
    ...extra,
    state: to,
    history: [
      ...order.history,
      {
        from: order.state,
        to,
        command: command.type,
        at,
        actor: context.actor,
        ...(reason ? { reason } : {}),
      },
    ],
  });
  // What the order is, for every refusal: its number and state, in words and as codes.
  const facts = {
    order: order.number,
    stateWords: stateWord(order),
    maintenanceState: order.state,
    takenBy: order.takenBy ?? '',
    closedAt: order.closedAt ?? '',
  };
  switch (command.type) {
    case 'take':
      if (order.state !== 'open') {
        return refuse(
          order.state === 'in_progress'
            ? errorMessage(
                'maintenance_order_taken',
                '{{order}} cannot be taken: it is {{stateWords}}',
                facts,
              )
            : errorMessage(
                'maintenance_order_not_open',
                '{{order}} cannot be taken: it is {{stateWords}}',
                facts,
              ),
        );
      }
      return { ok: true, order: move('in_progress', { takenBy: context.actor }) };
    case 'record':
      if (order.state !== 'in_progress') {
        return refuse(
          errorMessage(
            'maintenance_order_not_in_progress',
            order.state === 'open'
              ? 'work is recorded on a job in progress; {{order}} is {{stateWords}}: take it first'
              : 'work is recorded on a job in progress; {{order}} is {{stateWords}}',
            facts,
          ),
        );
      }
      return {
        ok: true,
        order: {
          ...order,
          cause: command.cause ?? order.cause,
          action: command.action ?? order.action,
          labour: [...order.labour, ...labourOf(command.labour)],
        },
      };
    case 'close': {
      if (order.state !== 'in_progress') {
        return refuse(
          errorMessage(
            'maintenance_order_not_in_progress',
            order.state === 'open'
              ? '{{order}} cannot be closed: it is {{stateWords}}; take it first'
              : '{{order}} cannot be closed: it is {{stateWords}}',
            facts,
          ),
        );
      }
      const cause = command.cause ?? order.cause;
      const action = command.action ?? order.action;
      if (isRequest(order.kind) && !cause) {
        return refuse(
          errorMessage(
            'maintenance_cause_required',
            'say why it failed: {{order}} is closed with its cause',
            facts,
          ),
          'cause',
        );
      }
      if (!action) {
        return refuse(
          errorMessage(
            'maintenance_action_required',
            'say what was done: {{order}} is closed with its action',
            facts,
          ),
          'action',
        );
      }
      return {
        ok: true,
        order: move('closed', {
          cause: cause ?? null,
          action,
          labour: [...order.labour, ...labourOf(command.labour)],
          closedAt: at,
        }),
      };
    }
    case 'cancel':
      if (order.state !== 'open' && order.state !== 'in_progress') {
        return refuse(
          errorMessage(
            'maintenance_order_not_open',
            '{{order}} cannot be cancelled: it is {{stateWords}}',
            facts,
          ),
        );
      }
      return { ok: true, order: move('cancelled', { closedAt: at }, command.reason) };
    default: {
      const unknownCommand: never = command;
      return refuse(
        errorMessage('maintenance_command_unknown', 'unknown command {{command}}', {
          command: JSON.stringify(unknownCommand),
        }),
      );
    }
  }
}

export const labourMinutes = (order: Pick<MaintenanceOrder, 'labour'>) =>
  order.labour.reduce((sum, l) => sum + l.minutes, 0);

// ------------------------------------------------------------ breakdowns ----

type ReasonNode = PlantFile['downtimeReasons'][number];

/**
 * The reported reasons (leaves) that are breakdowns: unplanned, and marked
 * `breakdown` in the plant's tree on themselves or on their nearest marked
 * group. The tree's categories alone cannot tell a failure from a micro-stop,
 * a shortage or a full buffer — all unplanned — so the plant marks them.
 */
export function breakdownReasons(plant: Pick<PlantFile, 'downtimeReasons'>): Set<string> {
  const out = new Set<string>();
  const walk = (list: readonly ReasonNode[], inherited: boolean) => {
    for (const reason of list) {
      const marked = reason.breakdown ?? inherited;
      const children = reason.children ?? [];
      if (children.length === 0) {
        if (marked && reason.category === 'unplanned') out.add(reason.code);
      } else walk(children, marked);
    }
  };
  walk(plant.downtimeReasons, false);
  return out;
}

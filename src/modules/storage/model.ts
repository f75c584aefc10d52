// The stock ledger's rules, without the database: which kinds of movement
// there are, where each may come from and go to, and what it must say.
import { type ErrorMessage, errorMessage } from '../../core/errors.js';

export const MOVEMENT_KINDS = [
  'receipt',
  'production_output',
  'transfer',
  'consumption',
  'shipment',
  'scrap',
  'adjustment',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface MovementInput {
  /** Client-chosen, so that a movement sent twice is recorded once. */
  id?: string;
  kind: MovementKind;
  at: Date;
  lotId: string;
  /** The lot's number, for the interlocks' messages. */
  lotNumber: string;
  /** The lot's material (plant file code). */
  material: string;
  /** The handling unit the quantity travels in; omitted for loose stock. */
  handlingUnit?: string;
  quantity: number;
  from?: string;
  to?: string;
  customer?: string;
  shipment?: string;
  workOrderId?: string;
  reason?: string;
  actor: string;
}

/** Line-side stock: what was issued to a line's feeders and not yet consumed. */
export function lineSideLocation(line: string): string {
  return `LINESIDE-${line}`;
}

export function isLineSide(location: string): boolean {
  return location.startsWith('LINESIDE-');
}

/** Why a movement is malformed, or undefined when it may be recorded. */
export function movementProblem(m: MovementInput): ErrorMessage | undefined {
  if (!(m.quantity > 0) || !Number.isFinite(m.quantity)) {
    return errorMessage(
      'movement_quantity_not_positive',
      'quantity must be a positive number, got {{quantity}}',
      { quantity: m.quantity },
    );
  }
  const kind = { kind: m.kind, movementKind: m.kind };
  const needs = (from: boolean, to: boolean) => {
    if (from && !m.from) {
      return errorMessage(
        'movement_needs_source',
        'a {{kind}} needs a location it comes from',
        kind,
      );
    }
    if (!from && m.from) {
      return errorMessage(
        'movement_takes_no_source',
        'a {{kind}} comes from nowhere in the plant; drop "from"',
        kind,
      );
    }
    if (to && !m.to) {
      return errorMessage(
        'movement_needs_destination',
        'a {{kind}} needs a location it goes to',
        kind,
      );
    }
    if (!to && m.to) {
      return errorMessage(
        'movement_takes_no_destination',
        'a {{kind}} goes nowhere in the plant; drop "to"',
        kind,
      );
    }
    return undefined;
  };
  switch (m.kind) {
    case 'receipt':
    case 'production_output':
      return needs(false, true);
    case 'transfer':
      return (
        needs(true, true) ??
        (m.from === m.to
          ? errorMessage('transfer_same_location', 'a transfer needs two different locations')
          : undefined)
      );
    case 'consumption':
      return needs(true, false);
    case 'shipment':
      if (!m.customer || !m.shipment) {
        return errorMessage(
          'shipment_movement_incomplete',
          'a shipment names its customer and shipment number',
        );
      }
      return needs(true, false);
    case 'scrap':
      if (!m.reason) return errorMessage('scrap_needs_reason', 'scrap needs a reason');
      return needs(true, false);
    case 'adjustment':
      if (!m.reason)
        return errorMessage('adjustment_needs_reason', 'a count adjustment needs a reason');
      if (Boolean(m.from) === Boolean(m.to)) {
        return errorMessage(
          'adjustment_one_location',
          'a count adjustment either takes from a location or adds to one',
        );
      }
      return undefined;
    default: {
      const unknownKind: never = m.kind;
      return errorMessage('movement_kind_unknown', 'unknown movement kind {{kind}}', {
        kind: String(unknownKind),
      });
    }
  }
}

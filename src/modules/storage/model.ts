// The stock ledger's rules, without the database: which kinds of movement
// there are, where each may come from and go to, and what it must say.

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
export function movementProblem(m: MovementInput): string | undefined {
  if (!(m.quantity > 0) || !Number.isFinite(m.quantity)) {
    return `quantity must be a positive number, got ${m.quantity}`;
  }
  const needs = (from: boolean, to: boolean) => {
    if (from && !m.from) return `a ${m.kind} needs a location it comes from`;
    if (!from && m.from) return `a ${m.kind} comes from nowhere in the plant; drop "from"`;
    if (to && !m.to) return `a ${m.kind} needs a location it goes to`;
    if (!to && m.to) return `a ${m.kind} goes nowhere in the plant; drop "to"`;
    return undefined;
  };
  switch (m.kind) {
    case 'receipt':
    case 'production_output':
      return needs(false, true);
    case 'transfer':
      return (
        needs(true, true) ??
        (m.from === m.to ? 'a transfer needs two different locations' : undefined)
      );
    case 'consumption':
      return needs(true, false);
    case 'shipment':
      if (!m.customer || !m.shipment) return 'a shipment names its customer and shipment number';
      return needs(true, false);
    case 'scrap':
      if (!m.reason) return 'scrap needs a reason';
      return needs(true, false);
    case 'adjustment':
      if (!m.reason) return 'a count adjustment needs a reason';
      if (Boolean(m.from) === Boolean(m.to)) {
        return 'a count adjustment either takes from a location or adds to one';
      }
      return undefined;
    default: {
      const unknownKind: never = m.kind;
      return `unknown movement kind ${String(unknownKind)}`;
    }
  }
}

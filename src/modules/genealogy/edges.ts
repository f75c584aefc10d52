// Writing genealogy edges: component lot → produced lot, with quantity.
import type { Transaction } from '../../core/db/store.js';
import { edges } from './schema.js';

export interface SettledEdge {
  parent: string;
  child: string;
  quantity: number;
  unit: string;
  at: Date;
  workOrderId?: string;
}

/** An edge whose quantity is known at once (rework, a repack into a new lot). */
export async function insertSettledEdge(tx: Transaction, edge: SettledEdge): Promise<void> {
  await tx.insert(edges).values({
    parentLotId: edge.parent,
    childLotId: edge.child,
    quantity: edge.quantity,
    unit: edge.unit,
    workOrderId: edge.workOrderId ?? null,
    fromAt: edge.at,
    toAt: edge.at,
    state: 'settled',
  });
}

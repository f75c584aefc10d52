// What is on order: the open purchase orders planning keeps (POST
// /api/planning/purchase-orders), read by other modules through the index —
// the maintenance module counts spare parts on order against its reorder points.
import { and, asc, gte, inArray } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { purchaseOrders } from './schema.js';

export interface PurchaseOrder {
  reference: string;
  supplier: string;
  material: string;
  quantity: number;
  /** YYYY-MM-DD: when it is expected in the plant. */
  due: string;
}

/**
 * Purchase orders due on or after `from` (YYYY-MM-DD), earliest first. Planning
 * keeps no receipt against an order, so one past its due date is taken to
 * have arrived (as material requirements take it on its due date).
 */
export async function purchaseOrdersDue(
  db: Database,
  from: string,
  materials?: readonly string[],
): Promise<PurchaseOrder[]> {
  if (materials && materials.length === 0) return [];
  const rows = await db
    .select()
    .from(purchaseOrders)
    .where(
      and(
        gte(purchaseOrders.due, from),
        materials ? inArray(purchaseOrders.material, [...materials]) : undefined,
      ),
    )
    .orderBy(asc(purchaseOrders.due), asc(purchaseOrders.reference));
  return rows.map((r) => ({
    reference: r.reference,
    supplier: r.supplier,
    material: r.material,
    quantity: r.quantity,
    due: r.due,
  }));
}

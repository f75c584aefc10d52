// Scrap by reason on a line in a window: what the operators recorded on the
// line's work orders (each record carries a reason of the plant's table),
// beside what the machines counted as rejects in the same window. The
// machines' count is the one in the KPIs; the operators classify it. Units
// counted and not (yet) recorded with a reason are shown as unclassified.
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import type { PlantFile } from '../plant/index.js';
import type { TimeWindow } from '../production/index.js';
import { workOrderEvents, workOrders } from '../production/schema.js';

export interface ScrapByReason {
  /** A scrap reason code of the plant; null for the machines' rejects no record explains. */
  reason: string | null;
  name: string | null;
  quantity: number;
}

/** Scrap the operators recorded on the line's work orders in the window, by reason, most first. */
export async function recordedScrap(
  db: Database,
  line: string,
  window: TimeWindow,
): Promise<Map<string, number>> {
  const reason = sql<string>`${workOrderEvents.event}->>'reason'`;
  const rows = await db
    .select({
      reason,
      quantity: sql<string>`sum((${workOrderEvents.event}->>'quantity')::bigint)`,
    })
    .from(workOrderEvents)
    .innerJoin(workOrders, eq(workOrders.id, workOrderEvents.workOrderId))
    .where(
      and(
        eq(workOrderEvents.type, 'work_order.scrap_recorded'),
        eq(workOrders.lineCode, line),
        gte(workOrderEvents.at, new Date(window.from)),
        lt(workOrderEvents.at, new Date(window.to)),
      ),
    )
    .groupBy(reason);
  return new Map(rows.map((r) => [r.reason, Number(r.quantity)]));
}

/**
 * The recorded scrap by reason with the plant's names, most first, and the
 * rejects the machines counted beyond it as one unclassified entry.
 */
export function scrapByReason(
  plant: PlantFile,
  recorded: ReadonlyMap<string, number>,
  machineRejects: number,
): ScrapByReason[] {
  const entries: ScrapByReason[] = [...recorded.entries()]
    .map(([reason, quantity]) => ({
      reason,
      name: plant.scrapReasons.find((r) => r.code === reason)?.name ?? null,
      quantity,
    }))
    .sort((a, b) => b.quantity - a.quantity || a.reason.localeCompare(b.reason));
  const classified = entries.reduce((sum, e) => sum + e.quantity, 0);
  if (machineRejects > classified) {
    entries.push({ reason: null, name: null, quantity: machineRejects - classified });
  }
  return entries;
}

// Gathers what coverage needs from the modules that own it — stock from the
// ledger, lot status from genealogy, open orders from shipping, unmade work
// orders from production — and computes it (coverage.ts).
import type { Database } from '../../core/db/store.js';
import { lotStatuses } from '../genealogy/index.js';
import { currentPlant } from '../plant/index.js';
import { listWorkOrders, workOrderMachineCounts } from '../production/index.js';
import { listOrders } from '../shipping/index.js';
import { consumedSince, stockByLot } from '../storage/index.js';
import {
  type ComponentCoverage,
  componentCoverage,
  type OrderDemand,
  type ProductCoverage,
  productCoverage,
  weekOf,
} from './coverage.js';
import { listForecasts } from './forecasts.js';

export interface Coverage {
  today: string;
  products: ProductCoverage[];
  components: ComponentCoverage[];
}

const OPEN_ORDER_STATES = ['open', 'allocated', 'picked'] as const;
const UNMADE_STATES = new Set(['planned', 'released', 'running', 'paused', 'on_hold']);

/** Stock by material: released lots not expired by `today` are usable; quarantined ones may become so. */
export async function usableStock(
  db: Database,
  today: string,
): Promise<Map<string, { released: number; quarantine: number }>> {
  const stock = await stockByLot(db);
  const statuses = await lotStatuses(
    db,
    stock.map((s) => s.lotId),
  );
  const byMaterial = new Map<string, { released: number; quarantine: number }>();
  for (const s of stock) {
    const lot = statuses.get(s.lotId);
    const entry = byMaterial.get(s.material) ?? { released: 0, quarantine: 0 };
    const usable = lot?.status === 'released' && (!lot.expiresOn || lot.expiresOn >= today);
    if (usable) entry.released += s.quantity;
    else if (lot?.status === 'quarantine') entry.quarantine += s.quantity;
    byMaterial.set(s.material, entry);
  }
  return byMaterial;
}

export async function coverage(db: Database, now: Date): Promise<Coverage> {
  const { plant } = await currentPlant(db);
  const today = now.toISOString().slice(0, 10);

  const byMaterial = await usableStock(db, today);

  const demand = new Map<string, OrderDemand[]>();
  for (const state of OPEN_ORDER_STATES) {
    for (const order of await listOrders(db, { state, limit: 1000 })) {
      for (const line of order.lines) {
        const open = line.quantity - line.shipped;
        if (open <= 0) continue;
        const list = demand.get(line.product) ?? [];
        list.push({ order: order.number, due: line.due, quantity: open });
        demand.set(line.product, list);
      }
    }
  }

  // What the unmade work orders still need of each component.
  const need = new Map<string, number>();
  for (const order of await listWorkOrders(db, { limit: 500 })) {
    if (!UNMADE_STATES.has(order.state)) continue;
    const made =
      order.state === 'running' || order.state === 'paused'
        ? (await workOrderMachineCounts(db, order.id, { plant, now })).good
        : 0;
    const remaining = Math.max(0, order.quantity - made);
    const bom = plant.boms.find((b) => b.product === order.product);
    if (!bom) continue;
    for (const item of bom.items) {
      need.set(
        item.material,
        (need.get(item.material) ?? 0) + (remaining * item.quantity) / bom.basis,
      );
    }
  }
  const used = await consumedSince(db, new Date(now.getTime() - 30 * 86_400_000));

  const forecast = new Map<string, { week: string; quantity: number }[]>();
  for (const f of await listForecasts(db, { from: weekOf(today) })) {
    const list = forecast.get(f.product) ?? [];
    list.push({ week: f.week, quantity: f.quantity });
    forecast.set(f.product, list);
  }

  const finished = plant.materials.filter((m) => m.kind === 'finished');
  const components = plant.materials.filter((m) => m.kind !== 'finished');
  return {
    today,
    products: finished.map((m) =>
      productCoverage(
        m.code,
        byMaterial.get(m.code) ?? { released: 0, quarantine: 0 },
        demand.get(m.code) ?? [],
        today,
        forecast.get(m.code) ?? [],
      ),
    ),
    components: components.map((m) =>
      componentCoverage(
        m.code,
        m.unit,
        byMaterial.get(m.code) ?? { released: 0, quarantine: 0 },
        Math.round((need.get(m.code) ?? 0) * 1e6) / 1e6,
        used.get(m.code) ?? 0,
      ),
    ),
  };
}

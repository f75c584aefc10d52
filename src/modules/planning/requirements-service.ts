// Material requirements from the plant's own figures: what the orders of the
// line plan need of each component on the day they start (without a plan:
// the forecast weeks and the unmade work orders), by the bills of material,
// against released stock (first expiry first) and the open purchase orders;
// and the what-if of a supplier that stops delivering.
import { asc } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid, unknownReference } from '../../core/errors.js';
import { lotNumbers, lotStatuses } from '../genealogy/index.js';
import { currentPlant, localDate, type PlantFile } from '../plant/index.js';
import { listWorkOrders } from '../production/index.js';
import { stockByLot } from '../storage/index.js';
import { weekOf } from './coverage.js';
import { listForecasts } from './forecasts.js';
import {
  type MaterialPlan,
  materialRequirements,
  type Receipt,
  type Requirement,
  type StockLot,
  supplierDisruption,
} from './mrp.js';
import { latestPlan } from './plan-store.js';
import { purchaseOrders } from './schema.js';

const UNMADE = new Set(['planned', 'released', 'running', 'paused', 'on_hold']);

function explode(
  plant: PlantFile,
  product: string,
  quantity: number,
  date: string,
  source: string,
): Requirement[] {
  const bom = plant.boms.find((b) => b.product === product);
  if (!bom) return [];
  return bom.items.map((item) => ({
    material: item.material,
    date,
    quantity: Math.round(((quantity * item.quantity) / bom.basis) * 1e6) / 1e6,
    source,
  }));
}

async function inputs(db: Database, now: Date) {
  const { plant } = await currentPlant(db);
  const today = now.toISOString().slice(0, 10);
  // ISO dates (yyyy-mm-dd) order as text: the later of a date and today.
  const notBeforeToday = (date: string): string => (date < today ? today : date);
  const requirements: Requirement[] = [];
  const plan = await latestPlan(db);
  if (plan) {
    // The line plan says when each order starts: its components are needed that day.
    for (const order of plan.orders) {
      const day = localDate(Date.parse(order.start), plant.site.timezone);
      requirements.push(
        ...explode(
          plant,
          order.product,
          order.quantity,
          notBeforeToday(day),
          `${order.reference} on ${order.line}`,
        ),
      );
    }
    return { plant, requirements, ...(await supply(db)) };
  }
  // Without a plan, unmade work orders need their components now, and each forecast week at its start.
  for (const order of await listWorkOrders(db, { limit: 500 })) {
    if (!UNMADE.has(order.state)) continue;
    requirements.push(...explode(plant, order.product, order.quantity, today, order.number));
  }
  for (const f of await listForecasts(db, { from: weekOf(today) })) {
    requirements.push(
      ...explode(
        plant,
        f.product,
        f.quantity,
        notBeforeToday(f.week),
        `${f.product} week ${f.week}`,
      ),
    );
  }
  return { plant, requirements, ...(await supply(db)) };
}

/** Released stock lots and the open purchase orders. */
async function supply(db: Database): Promise<{ stock: StockLot[]; receipts: Receipt[] }> {
  const held = await stockByLot(db);
  const statuses = await lotStatuses(
    db,
    held.map((h) => h.lotId),
  );
  const numbers = await lotNumbers(
    db,
    held.map((h) => h.lotId),
  );
  const stock: StockLot[] = held.flatMap((h) => {
    const lot = statuses.get(h.lotId);
    return lot?.status === 'released'
      ? [
          {
            material: h.material,
            lot: numbers.get(h.lotId) ?? h.lotId,
            quantity: h.quantity,
            expiresOn: lot.expiresOn,
          },
        ]
      : [];
  });
  const receipts: Receipt[] = (
    await db.select().from(purchaseOrders).orderBy(asc(purchaseOrders.due))
  ).map((p) => ({
    material: p.material,
    date: p.due,
    quantity: p.quantity,
    supplier: p.supplier,
    reference: p.reference,
  }));
  return { stock, receipts };
}

export async function requirementsPlan(db: Database, now: Date): Promise<MaterialPlan[]> {
  const { requirements, stock, receipts } = await inputs(db, now);
  return materialRequirements(requirements, stock, receipts);
}

export async function disruptionPlan(db: Database, now: Date, supplier: string, from: string) {
  const { plant, requirements, stock, receipts } = await inputs(db, now);
  if (!plant.suppliers.some((s) => s.code === supplier)) {
    throw unknownReference('supplier', 'supplier_unknown', 'supplier', supplier);
  }
  const { plans, firstShortBySource } = supplierDisruption(
    supplier,
    from,
    requirements,
    stock,
    receipts,
  );
  return {
    supplier,
    from,
    plans,
    firstShort: [...firstShortBySource]
      .map(([source, date]) => ({ source, date }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  };
}

export async function addPurchaseOrder(
  db: Database,
  input: { reference: string; supplier: string; material: string; quantity: number; due: string },
  actor: string,
  at: Date,
) {
  const { plant } = await currentPlant(db);
  const supplier = plant.suppliers.find((s) => s.code === input.supplier);
  if (!supplier) {
    throw unknownReference('supplier', 'supplier_unknown', 'supplier', input.supplier);
  }
  if (!supplier.materials.includes(input.material)) {
    const facts = { supplier: supplier.code, material: input.material };
    throw invalid(
      'material_not_supplied',
      'material: {{supplier}} does not supply {{material}}',
      facts,
    ).withIssues([
      fieldIssue('material', 'material_not_supplied', 'not supplied by the supplier', facts),
    ]);
  }
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(purchaseOrders)
      .values({ ...input, createdAt: at, createdBy: actor })
      .onConflictDoNothing()
      .returning({ reference: purchaseOrders.reference });
    if (inserted.length === 0) {
      throw conflict('purchase_order_exists', 'purchase order {{reference}} exists already', {
        reference: input.reference,
      });
    }
    await recordAudit(tx, {
      actor,
      action: 'planning.purchase_order_added',
      entityType: 'purchase_order',
      entityId: input.reference,
      after: input,
    });
  });
  return input;
}

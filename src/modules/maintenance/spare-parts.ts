// Spare parts: materials of category spare_part, received as supplier lots
// into component stores (genealogy receipts) and moved only through the
// storage module's stock ledger. A work order reserves parts (set aside, no
// movement) and is issued them: each issue is a ledger movement out of stock
// (a consumption from the store, naming the work order), in one transaction
// with the order's record of it and an audit entry.
//
// - On hand: stock of the part's lots that may be used — in quarantine or
//   released, not expired (spare parts pass no acceptance inspection; a lot
//   on hold or rejected is not issued). Line-side stock is not a store's.
// - On order: planning's purchase orders of the part due today or later.
// - Reserved: what open work orders reserved and have not been issued yet.
// - Position = on hand + on order − reserved; below the reorder point the
//   part is short, and the shortage list suggests ordering up to the reorder
//   point, at least the part's usual order quantity.
// - Issues take lots first-expiry-first, then oldest lot number first.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid, unknownReference } from '../../core/errors.js';
import { lotNumbers, lotStatuses } from '../genealogy/index.js';
import { purchaseOrdersDue } from '../planning/index.js';
import { currentPlant, localDate, type Material, type PlantFile } from '../plant/index.js';
import { balancesOf, isLineSide, recordMovement, stockByLot } from '../storage/index.js';
import { OPEN_STATES } from './model.js';
import { partIssues, partReservations, workOrders } from './schema.js';
import {
  claimKey,
  getWorkOrder,
  lockOrder,
  type MaintenanceContext,
  type WorkOrderDetail,
} from './work-orders.js';

export interface SparePartStock {
  material: string;
  name: string;
  unit: string;
  reorderPoint: number;
  reorderQuantity: number | null;
  onHand: number;
  onOrder: number;
  reserved: number;
  /** On hand less reserved: what may still be issued to an order without a reservation. */
  available: number;
  /** On hand + on order − reserved. */
  position: number;
  belowReorderPoint: boolean;
  locations: { location: string; quantity: number }[];
}

export interface Shortage extends SparePartStock {
  /** What to order to be back at the reorder point, at least the usual order quantity. */
  suggestedOrder: number;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function spareParts(plant: PlantFile): Material[] {
  return plant.materials.filter((m) => m.category === 'spare_part');
}

/** A part counted in units is issued and reserved in whole units. */
function checkQuantity(part: Material, quantity: number) {
  if (part.unit === 'each' && !Number.isInteger(quantity)) {
    throw invalid('part_whole_units', 'quantity: {{part}} is counted in whole units', {
      part: part.code,
    }).withIssues([fieldIssue('quantity', 'expected_whole_number', 'expected a whole number')]);
  }
}

function sparePartOf(plant: PlantFile, code: string): Material {
  const material = spareParts(plant).find((m) => m.code === code);
  if (!material) {
    const known = plant.materials.some((m) => m.code === code);
    throw known
      ? invalid('not_a_spare_part', 'material: {{material}} is not a spare part', {
          material: code,
        }).withIssues([
          fieldIssue('material', 'not_a_spare_part', 'not a spare part', { material: code }),
        ])
      : unknownReference('material', 'material_unknown', 'material', code);
  }
  return material;
}

interface UsableLot {
  lotId: string;
  lotNumber: string;
  material: string;
  expiresOn: string | null;
  location: string;
  quantity: number;
}

/** The usable stock of these materials, lot by lot and location by location, in issue order. */
async function usableLots(
  db: Database,
  materials: ReadonlySet<string>,
  today: string,
): Promise<UsableLot[]> {
  const lots = (await stockByLot(db)).filter((s) => materials.has(s.material));
  const ids = lots.map((l) => l.lotId);
  const statuses = await lotStatuses(db, ids);
  const numbers = await lotNumbers(db, ids);
  const usable = lots.filter((l) => {
    const status = statuses.get(l.lotId);
    return (
      status !== undefined &&
      (status.status === 'quarantine' || status.status === 'released') &&
      (status.expiresOn === null || status.expiresOn >= today)
    );
  });
  const material = new Map(usable.map((l) => [l.lotId, l.material]));
  const held = await balancesOf(
    db,
    usable.map((l) => l.lotId),
  );
  return held
    .filter((b) => !isLineSide(b.location))
    .map((b) => ({
      lotId: b.lotId,
      lotNumber: numbers.get(b.lotId) ?? b.lotId,
      material: material.get(b.lotId) ?? '',
      expiresOn: statuses.get(b.lotId)?.expiresOn ?? null,
      location: b.location,
      quantity: b.quantity,
    }))
    .sort(
      (a, b) =>
        (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') ||
        a.lotNumber.localeCompare(b.lotNumber) ||
        a.location.localeCompare(b.location),
    );
}

/** What open work orders have reserved and not been issued, by material. */
async function reservedByMaterial(db: Database): Promise<Map<string, number>> {
  const rows = await db
    .select({
      material: partReservations.material,
      reserved: sql<string>`sum(greatest(${partReservations.quantity} - ${partReservations.issued}, 0))`,
    })
    .from(partReservations)
    .innerJoin(workOrders, eq(workOrders.id, partReservations.workOrderId))
    .where(and(isNull(partReservations.releasedAt), inArray(workOrders.state, [...OPEN_STATES])))
    .groupBy(partReservations.material);
  return new Map(rows.map((r) => [r.material, Number(r.reserved)]));
}

export async function sparePartStock(db: Database, now: Date): Promise<SparePartStock[]> {
  const { plant } = await currentPlant(db);
  const parts = spareParts(plant);
  const codes = new Set(parts.map((p) => p.code));
  const today = localDate(now.getTime(), plant.site.timezone);
  const lots = await usableLots(db, codes, today);
  const reserved = await reservedByMaterial(db);
  const onOrder = new Map<string, number>();
  for (const po of await purchaseOrdersDue(db, today, [...codes])) {
    onOrder.set(po.material, (onOrder.get(po.material) ?? 0) + po.quantity);
  }
  return parts.map((part) => {
    const mine = lots.filter((l) => l.material === part.code);
    const byLocation = new Map<string, number>();
    for (const l of mine)
      byLocation.set(l.location, (byLocation.get(l.location) ?? 0) + l.quantity);
    const onHand = round(mine.reduce((s, l) => s + l.quantity, 0));
    const held = round(reserved.get(part.code) ?? 0);
    const ordered = round(onOrder.get(part.code) ?? 0);
    const position = round(onHand + ordered - held);
    const reorderPoint = part.sparePart?.reorderPoint ?? 0;
    return {
      material: part.code,
      name: part.name,
      unit: part.unit,
      reorderPoint,
      reorderQuantity: part.sparePart?.reorderQuantity ?? null,
      onHand,
      onOrder: ordered,
      reserved: held,
      available: round(onHand - held),
      position,
      belowReorderPoint: position < reorderPoint,
      locations: [...byLocation]
        .map(([location, quantity]) => ({ location, quantity: round(quantity) }))
        .sort((a, b) => a.location.localeCompare(b.location)),
    };
  });
}

export async function sparePartShortages(db: Database, now: Date): Promise<Shortage[]> {
  return (await sparePartStock(db, now))
    .filter((p) => p.belowReorderPoint)
    .map((p) => ({
      ...p,
      suggestedOrder: Math.max(
        p.reorderQuantity ?? 0,
        // Units of "each" are whole; other units keep their decimals.
        p.unit === 'each'
          ? Math.ceil(p.reorderPoint - p.position)
          : round(p.reorderPoint - p.position),
      ),
    }));
}

function mustBeOpen(row: typeof workOrders.$inferSelect, doing: string) {
  if (!(OPEN_STATES as readonly string[]).includes(row.state)) {
    throw conflict(
      'work_order_not_open',
      'parts are {{doing}} only for a work order that is open or in progress; {{order}} is {{maintenanceState}}',
      { doing, order: row.number, maintenanceState: row.state },
    );
  }
}

/** Sets spare parts aside for a work order (added to what it already reserved). */
export async function reserveParts(
  context: MaintenanceContext,
  number: string,
  input: { material: string; quantity: number },
  actor: string,
  idempotencyKey?: string,
): Promise<WorkOrderDetail> {
  const { plant } = await currentPlant(context.db);
  checkQuantity(sparePartOf(plant, input.material), input.quantity);
  const now = context.clock();
  await context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    if (idempotencyKey && (await claimKey(tx, idempotencyKey, row.id, 'reserve'))) return;
    mustBeOpen(row, 'reserved');
    await tx
      .insert(partReservations)
      .values({
        id: randomUUID(),
        workOrderId: row.id,
        material: input.material,
        quantity: input.quantity,
        createdAt: now,
        createdBy: actor,
      })
      .onConflictDoUpdate({
        target: [partReservations.workOrderId, partReservations.material],
        set: { quantity: sql`${partReservations.quantity} + ${input.quantity}` },
      });
    await recordAudit(tx, {
      actor,
      action: 'maintenance.part.reserved',
      entityType: 'maintenance_work_order',
      entityId: row.number,
      after: { material: input.material, quantity: input.quantity },
    });
  });
  return getWorkOrder(context.db, number, plant, now);
}

/**
 * Issues spare parts to a work order: ledger movements out of stock (from
 * `location` only, when given), its reservation drawn down, an audit entry —
 * or, when the usable stock does not hold the quantity, nothing.
 */
export async function issueParts(
  context: MaintenanceContext,
  number: string,
  input: { material: string; quantity: number; location?: string },
  actor: string,
  idempotencyKey?: string,
): Promise<WorkOrderDetail> {
  const { plant } = await currentPlant(context.db);
  const part = sparePartOf(plant, input.material);
  checkQuantity(part, input.quantity);
  if (input.location !== undefined && !plant.locations.some((l) => l.code === input.location)) {
    throw unknownReference('location', 'location_unknown', 'location', input.location);
  }
  const now = context.clock();
  const today = localDate(now.getTime(), plant.site.timezone);
  await context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    if (idempotencyKey && (await claimKey(tx, idempotencyKey, row.id, 'issue'))) return;
    mustBeOpen(row, 'issued');
    const lots = (await usableLots(tx, new Set([part.code]), today)).filter(
      (l) => input.location === undefined || l.location === input.location,
    );
    const held = round(lots.reduce((s, l) => s + l.quantity, 0));
    if (held < input.quantity) {
      const facts = {
        part: part.code,
        quantity: input.quantity,
        unit: part.unit,
        held,
        available: held,
        location: input.location ?? '',
      };
      throw input.location
        ? conflict(
            'insufficient_stock',
            'not enough {{part}} to issue {{quantity}} {{unit}}: {{held}} on hand in {{location}}',
            facts,
          )
        : conflict(
            'insufficient_stock',
            'not enough {{part}} to issue {{quantity}} {{unit}}: {{held}} on hand',
            facts,
          );
    }
    let left = input.quantity;
    const issued: { lot: string; location: string; quantity: number }[] = [];
    for (const lot of lots) {
      if (left <= 0) break;
      const quantity = round(Math.min(left, lot.quantity));
      left = round(left - quantity);
      const movement = await recordMovement(
        tx,
        {
          kind: 'consumption',
          at: now,
          lotId: lot.lotId,
          lotNumber: lot.lotNumber,
          material: part.code,
          quantity,
          from: lot.location,
          workOrderId: row.id,
          reason: `issued to maintenance work order ${row.number}`,
          actor,
        },
        plant,
      );
      await tx.insert(partIssues).values({
        movementId: movement.id,
        workOrderId: row.id,
        material: part.code,
        lotId: lot.lotId,
        lotNumber: lot.lotNumber,
        location: lot.location,
        quantity,
        at: now,
        actor,
      });
      issued.push({ lot: lot.lotNumber, location: lot.location, quantity });
    }
    await drawReservation(tx, row.id, part.code, input.quantity);
    await recordAudit(tx, {
      actor,
      action: 'maintenance.part.issued',
      entityType: 'maintenance_work_order',
      entityId: row.number,
      after: { material: part.code, quantity: input.quantity, lots: issued },
    });
  });
  return getWorkOrder(context.db, number, plant, now);
}

async function drawReservation(
  tx: Transaction,
  workOrderId: string,
  material: string,
  quantity: number,
) {
  await tx
    .update(partReservations)
    .set({ issued: sql`${partReservations.issued} + ${quantity}` })
    .where(
      and(eq(partReservations.workOrderId, workOrderId), eq(partReservations.material, material)),
    );
}

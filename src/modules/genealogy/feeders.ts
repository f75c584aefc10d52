// Consumption: which component lot is in which station feeder of a running
// work order, and how much of it the order used. The operator (or a scanner
// at the feeder) says when a lot goes in; the quantities come from the
// machines' counts, apportioned by the bill of material: every unit counted
// while a lot was in its feeder drew that lot's BOM quantity. A load is
// settled — its edge's quantity fixed and its consumption posted to the
// ledger — when the next lot replaces it, when it is unloaded, or when the
// work order completes.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { conflict, fieldIssue, invalid, invalidField, notFound } from '../../core/errors.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import {
  allScrapRecords,
  getWorkOrder,
  type WorkOrder,
  type WorkOrderHook,
  workOrderUnitLog,
} from '../production/index.js';
import { balancesOf, isLineSide, lineSideLocation, recordMovement } from '../storage/index.js';
import {
  assertMay,
  findLot,
  type GenealogyContext,
  type Lot,
  lockLot,
  materialOf,
  openOutputLot,
  writeLotEvent,
} from './lots.js';
import { apportionUnits, componentQuantity, feederRefusal, roundQuantity } from './model.js';
import { edges, feederLoads, lots } from './schema.js';

export interface FeederLoad {
  id: string;
  workOrderId: string;
  outputLot: string;
  line: string;
  station: string;
  material: string;
  lot: string;
  issued: number;
  loadedAt: string;
  loadedBy: string;
  unloadedAt: string | null;
  unloadedBy: string | null;
  /** Used so far (settled, or as counted until now for a load still in its feeder). */
  consumed: number;
  unit: string;
}

export interface LoadInput {
  workOrderId: string;
  station: string;
  /** The component lot's number (or id). */
  lot: string;
  /** Quantity issued to the line side with the load; everything at `from` when omitted. */
  quantity?: number;
  /** Where the quantity comes from; the one location holding the lot when omitted. */
  from?: string;
}

const ACTIVE_STATES = new Set(['running', 'paused']);

function bomItem(plant: PlantFile, product: string, material: string) {
  const bom = plant.boms.find((b) => b.product === product);
  const item = bom?.items.find((i) => i.material === material);
  return bom && item ? { basis: bom.basis, quantity: item.quantity } : undefined;
}

async function outputLotOf(tx: Transaction, workOrder: WorkOrder) {
  const [row] = await tx.select().from(lots).where(eq(lots.workOrderId, workOrder.id));
  if (!row) {
    throw conflict(
      'no_output_lot',
      'work order {{workOrder}} has no output lot yet: start it first',
      { workOrder: workOrder.number },
    );
  }
  return row;
}

/** Puts a component lot into a station feeder of a running work order. */
export async function loadFeeder(
  context: GenealogyContext,
  input: LoadInput,
  actor: string,
): Promise<FeederLoad> {
  const { plant } = await currentPlant(context.db);
  return context.db.transaction(async (tx) => {
    const workOrder = await getWorkOrder(tx, input.workOrderId);
    if (!ACTIVE_STATES.has(workOrder.state)) {
      throw conflict(
        'work_order_not_active',
        'work order {{workOrder}} is {{workOrderState}}: lots are loaded while it runs or is paused',
        { workOrder: workOrder.number, workOrderState: workOrder.state },
      );
    }
    const line = plant.lines.find((l) => l.code === workOrder.line);
    const station = line?.stations.find((s) => s.code === input.station);
    if (!station) {
      const facts = { line: workOrder.line, station: input.station };
      throw invalid(
        'station_unknown',
        'station: line {{line}} has no station "{{station}}"',
        facts,
      ).withIssues([
        fieldIssue('station', 'station_unknown', 'unknown station of line {{line}}', facts),
      ]);
    }
    const lot = await lockLot(tx, input.lot);
    assertMay(lot, 'consume', context.clock());
    const wrongFeeder = feederRefusal(station, materialOf(plant, lot.material, 'lot'));
    if (wrongFeeder) throw invalidField('station', wrongFeeder);
    const item = bomItem(plant, workOrder.product, lot.material);
    if (!item) {
      const facts = { lot: lot.number, material: lot.material, product: workOrder.product };
      throw invalid(
        'material_not_in_bom',
        'lot: {{lot}} is {{material}}, which is not in the bill of material of {{product}}',
        facts,
      ).withIssues([
        fieldIssue(
          'lot',
          'material_not_in_bom',
          '{{material}} is not a component of {{product}}',
          facts,
        ),
      ]);
    }
    const output = await outputLotOf(tx, workOrder);
    const at = context.clock();
    const [previous] = await tx
      .select()
      .from(feederLoads)
      .where(
        and(
          eq(feederLoads.workOrderId, workOrder.id),
          eq(feederLoads.station, input.station),
          eq(feederLoads.material, lot.material),
          isNull(feederLoads.unloadedAt),
        ),
      )
      .for('update');
    if (previous) {
      if (previous.lotId === lot.id) {
        throw conflict(
          'already_loaded',
          'lot {{lot}} is already in the {{material}} feeder of station {{station}}',
          { lot: lot.number, material: lot.material, station: input.station },
        );
      }
      await settleLoads(tx, plant, context, workOrder, [previous.id], at, actor);
    }

    const issued = await issueToLine(tx, plant, lot, workOrder, input, at, actor);
    const id = randomUUID();
    await tx.insert(feederLoads).values({
      id,
      workOrderId: workOrder.id,
      outputLotId: output.id,
      line: workOrder.line,
      station: input.station,
      material: lot.material,
      lotId: lot.id,
      issued,
      loadedAt: at,
      loadedBy: actor,
    });
    await tx.insert(edges).values({
      parentLotId: lot.id,
      childLotId: output.id,
      unit: lot.unit,
      workOrderId: workOrder.id,
      feederLoadId: id,
      station: input.station,
      fromAt: at,
    });
    await writeLotEvent(tx, {
      lotId: lot.id,
      type: 'lot.loaded',
      at,
      actor,
      detail: { workOrder: workOrder.number, line: workOrder.line, station: input.station, issued },
    });
    await recordAudit(tx, {
      actor,
      action: 'feeder.loaded',
      entityType: 'work_order',
      entityId: workOrder.number,
      after: { station: input.station, lot: lot.number, material: lot.material, issued },
    });
    const [load] = await loadsOf(tx, workOrder.id, [id]);
    return load as FeederLoad;
  });
}

/** Moves the issued quantity from its store to the line side; returns it (0 when already there). */
async function issueToLine(
  tx: Transaction,
  plant: PlantFile,
  lot: Lot,
  workOrder: WorkOrder,
  input: LoadInput,
  at: Date,
  actor: string,
): Promise<number> {
  const lineSide = lineSideLocation(workOrder.line);
  const held = (await balancesOf(tx, [lot.id])).filter((b) => b.location !== lineSide);
  let from = input.from;
  if (from === undefined) {
    const stores = held.filter((b) => !isLineSide(b.location));
    if (stores.length === 0) return 0; // what is already at the line side is used
    if (stores.length > 1) {
      const facts = { lot: lot.number, locations: stores.map((s) => s.location) };
      throw invalid(
        'lot_source_ambiguous',
        'from: lot {{lot}} is in {{locations}}; say which it is taken from',
        facts,
      ).withIssues([
        fieldIssue(
          'from',
          'lot_source_ambiguous',
          'required when the lot is in more than one location',
          facts,
        ),
      ]);
    }
    from = (stores[0] as { location: string }).location;
  }
  const available = held.find((b) => b.location === from)?.quantity ?? 0;
  const quantity = input.quantity ?? available;
  if (quantity <= 0) return 0;
  await recordMovement(
    tx,
    {
      kind: 'transfer',
      at,
      lotId: lot.id,
      lotNumber: lot.number,
      material: lot.material,
      quantity,
      from,
      to: lineSide,
      workOrderId: workOrder.id,
      reason: `issued to ${workOrder.number}`,
      actor,
    },
    plant,
  );
  return quantity;
}

export interface UnloadInput {
  workOrderId: string;
  station: string;
  material: string;
  /** Where what is left at the line side goes back to; it stays at the line side when omitted. */
  returnTo?: string;
}

/** Takes a lot out of its feeder: its consumption is settled. */
export async function unloadFeeder(
  context: GenealogyContext,
  input: UnloadInput,
  actor: string,
): Promise<FeederLoad> {
  const { plant } = await currentPlant(context.db);
  return context.db.transaction(async (tx) => {
    const workOrder = await getWorkOrder(tx, input.workOrderId);
    const [open] = await tx
      .select()
      .from(feederLoads)
      .where(
        and(
          eq(feederLoads.workOrderId, workOrder.id),
          eq(feederLoads.station, input.station),
          eq(feederLoads.material, input.material),
          isNull(feederLoads.unloadedAt),
        ),
      )
      .for('update');
    if (!open) {
      throw notFound(
        'feeder_empty',
        'no {{material}} lot is in the feeder of station {{station}} of {{workOrder}}',
        { material: input.material, station: input.station, workOrder: workOrder.number },
      );
    }
    const at = context.clock();
    await settleLoads(tx, plant, context, workOrder, [open.id], at, actor);
    if (input.returnTo) {
      const lineSide = lineSideLocation(workOrder.line);
      const left = (await balancesOf(tx, [open.lotId])).find((b) => b.location === lineSide);
      if (left && left.quantity > 0) {
        await recordMovement(
          tx,
          {
            kind: 'transfer',
            at,
            lotId: open.lotId,
            lotNumber: (await findLot(tx, open.lotId)).number,
            material: open.material,
            quantity: left.quantity,
            from: lineSide,
            to: input.returnTo,
            reason: `returned from ${workOrder.number}`,
            actor,
          },
          plant,
        );
      }
    }
    await recordAudit(tx, {
      actor,
      action: 'feeder.unloaded',
      entityType: 'work_order',
      entityId: workOrder.number,
      after: { station: input.station, material: input.material },
    });
    const [load] = await loadsOf(tx, workOrder.id, [open.id]);
    return load as FeederLoad;
  });
}

/**
 * Fixes the quantities of the given loads at `at` from the order's counts,
 * and posts their consumption from the line side. What the line side does
 * not hold (the counts say more was used than was issued) is left unposted;
 * the lot's mass balance shows it as a difference to explain.
 */
async function settleLoads(
  tx: Transaction,
  plant: PlantFile,
  context: GenealogyContext,
  workOrder: WorkOrder,
  loadIds: readonly string[],
  at: Date,
  actor: string,
) {
  if (loadIds.length === 0) return;
  const quantities = await currentQuantities(tx, plant, context, workOrder, at);
  const settled = await tx
    .select()
    .from(feederLoads)
    .where(inArray(feederLoads.id, [...loadIds]));
  const lineSide = lineSideLocation(workOrder.line);
  for (const load of settled) {
    const quantity = quantities.get(load.id) ?? 0;
    await tx
      .update(feederLoads)
      .set({ unloadedAt: at, unloadedBy: actor })
      .where(eq(feederLoads.id, load.id));
    await tx
      .update(edges)
      .set({ quantity, toAt: at, state: 'settled' })
      .where(eq(edges.feederLoadId, load.id));
    const available =
      (await balancesOf(tx, [load.lotId])).find((b) => b.location === lineSide)?.quantity ?? 0;
    const posted = roundQuantity(Math.min(quantity, available));
    if (posted > 0) {
      await recordMovement(
        tx,
        {
          kind: 'consumption',
          at,
          lotId: load.lotId,
          lotNumber: (await findLot(tx, load.lotId)).number,
          material: load.material,
          quantity: posted,
          from: lineSide,
          workOrderId: workOrder.id,
          reason: `used by ${workOrder.number} at ${load.station}`,
          actor,
        },
        plant,
      );
    }
    await writeLotEvent(tx, {
      lotId: load.lotId,
      type: 'lot.unloaded',
      at,
      actor,
      detail: { workOrder: workOrder.number, station: load.station, consumed: quantity, posted },
    });
    await markConsumedWhenEmpty(tx, load.lotId, at, actor);
  }
}

/** A lot with nothing left anywhere, and nothing still in a feeder, is consumed. */
async function markConsumedWhenEmpty(tx: Transaction, lotId: string, at: Date, actor: string) {
  const stock = await balancesOf(tx, [lotId]);
  if (stock.length > 0) return;
  const [stillLoaded] = await tx
    .select({ id: feederLoads.id })
    .from(feederLoads)
    .where(and(eq(feederLoads.lotId, lotId), isNull(feederLoads.unloadedAt)))
    .limit(1);
  if (stillLoaded) return;
  const lot = await lockLot(tx, lotId);
  if (lot.status !== 'released') return;
  await tx.update(lots).set({ status: 'consumed' }).where(eq(lots.id, lotId));
  await writeLotEvent(tx, {
    lotId,
    type: 'lot.consumed',
    at,
    actor,
    fromStatus: lot.status,
    toStatus: 'consumed',
  });
}

/** Each load's quantity of its component, from the order's counts up to `at`. */
async function currentQuantities(
  db: Database,
  plant: PlantFile,
  context: GenealogyContext,
  workOrder: WorkOrder,
  at: Date,
): Promise<Map<string, number>> {
  const windows = await db
    .select()
    .from(feederLoads)
    .where(eq(feederLoads.workOrderId, workOrder.id))
    .orderBy(asc(feederLoads.loadedAt));
  if (windows.length === 0) return new Map();
  const log = await workOrderUnitLog(db, workOrder.id, {
    plant,
    now: at,
    ...(context.machineGroup ? { group: context.machineGroup } : {}),
  });
  // Scrap the operator took off the line by hand used its components too.
  const handScrap = workOrder.scrapEntries === 0 ? [] : await allScrapRecords(db, workOrder.id);
  const counts = [
    ...log.units,
    ...handScrap.map((s) => ({ at: Date.parse(s.at), units: s.quantity })),
  ].filter((c) => c.at <= at.getTime());
  const materials = [...new Set(windows.map((w) => w.material))];
  const { unitsByLoad } = apportionUnits(
    windows.map((w) => ({
      id: w.id,
      material: w.material,
      from: w.loadedAt.getTime(),
      to: w.unloadedAt?.getTime() ?? null,
    })),
    counts,
    materials,
  );
  const quantities = new Map<string, number>();
  for (const w of windows) {
    const item = bomItem(plant, workOrder.product, w.material);
    const units = unitsByLoad.get(w.id) ?? 0;
    quantities.set(w.id, item ? componentQuantity(units, item.quantity, item.basis) : 0);
  }
  return quantities;
}

/** The loads of a work order (all, or those named), with what each used so far. */
export async function loadsOf(
  db: Database,
  workOrderId: string,
  only?: readonly string[],
): Promise<FeederLoad[]> {
  const rows = await db
    .select({ load: feederLoads, lot: lots.number, unit: lots.unit })
    .from(feederLoads)
    .innerJoin(lots, eq(lots.id, feederLoads.lotId))
    .where(
      and(
        eq(feederLoads.workOrderId, workOrderId),
        only ? inArray(feederLoads.id, [...only]) : undefined,
      ),
    )
    .orderBy(asc(feederLoads.loadedAt), asc(feederLoads.station));
  if (rows.length === 0) return [];
  const edgeRows = await db
    .select({ feederLoadId: edges.feederLoadId, quantity: edges.quantity, state: edges.state })
    .from(edges)
    .where(eq(edges.workOrderId, workOrderId));
  const settled = new Map(edgeRows.map((e) => [e.feederLoadId, e]));
  const openOnes = rows.some((r) => r.load.unloadedAt === null);
  let live = new Map<string, number>();
  if (openOnes) {
    const { plant } = await currentPlant(db);
    const workOrder = await getWorkOrder(db, workOrderId);
    live = await currentQuantities(
      db,
      plant,
      { db, clock: () => new Date() },
      workOrder,
      new Date(),
    );
  }
  const [output] = await db
    .select({ number: lots.number })
    .from(lots)
    .where(eq(lots.workOrderId, workOrderId));
  return rows.map(({ load, lot, unit }) => ({
    id: load.id,
    workOrderId: load.workOrderId,
    outputLot: output?.number ?? '',
    line: load.line,
    station: load.station,
    material: load.material,
    lot,
    issued: load.issued,
    loadedAt: load.loadedAt.toISOString(),
    loadedBy: load.loadedBy,
    unloadedAt: load.unloadedAt?.toISOString() ?? null,
    unloadedBy: load.unloadedBy,
    consumed:
      load.unloadedAt === null ? (live.get(load.id) ?? 0) : (settled.get(load.id)?.quantity ?? 0),
    unit,
  }));
}

/** Where a finished lot goes when its order completes: the first quarantine location that takes its hazard class. */
function outputLocation(plant: PlantFile, product: string, line: string): string {
  const material = plant.materials.find((m) => m.code === product);
  const hazard = material?.hazard;
  const quarantine = plant.locations.find(
    (l) =>
      l.kind === 'quarantine' &&
      (!hazard ||
        (l.hazardDivisions.includes(hazard.division) &&
          l.compatibilityGroups.includes(hazard.compatibilityGroup))),
  );
  return quarantine?.code ?? lineSideLocation(line);
}

/**
 * What a work-order command means for genealogy, in the command's own
 * transaction: a start opens the output lot; a completion settles every
 * feeder still loaded and books the good units into stock as the output lot.
 */
export function genealogyWorkOrderHook(context: Omit<GenealogyContext, 'db'>): WorkOrderHook {
  return async (tx, { before, after, events, actor }) => {
    const opens = events.some((e) => e.type === 'output_lot.open_requested');
    const completes = after.state === 'completed' && before.state !== 'completed';
    if (!opens && !completes) return;
    const { plant } = await currentPlant(tx);
    const at = context.clock();
    if (opens) await openOutputLot(tx, plant, after, at, actor);
    if (!completes) return;
    const genealogy: GenealogyContext = { ...context, db: tx };
    const open = await tx
      .select({ id: feederLoads.id })
      .from(feederLoads)
      .where(and(eq(feederLoads.workOrderId, after.id), isNull(feederLoads.unloadedAt)));
    await settleLoads(
      tx,
      plant,
      genealogy,
      after,
      open.map((o) => o.id),
      at,
      actor,
    );
    const output = await outputLotOf(tx, after);
    const log = await workOrderUnitLog(tx, after.id, {
      plant,
      now: at,
      ...(context.machineGroup ? { group: context.machineGroup } : {}),
    });
    const good = Math.max(log.good, after.goodCount);
    await tx.update(lots).set({ quantity: good, madeTo: at }).where(eq(lots.id, output.id));
    if (good > 0) {
      await recordMovement(
        tx,
        {
          kind: 'production_output',
          at,
          lotId: output.id,
          lotNumber: output.number,
          material: after.product,
          quantity: good,
          to: outputLocation(plant, after.product, after.line),
          workOrderId: after.id,
          actor,
        },
        plant,
      );
    }
    await writeLotEvent(tx, {
      lotId: output.id,
      type: 'lot.made',
      at,
      actor,
      detail: { workOrder: after.number, good, reject: log.reject },
    });
  };
}

/** The output lot of a work order, if it was started. */
export async function outputLotOfWorkOrder(
  db: Database,
  workOrderId: string,
): Promise<Lot | undefined> {
  const [row] = await db
    .select({ id: lots.id })
    .from(lots)
    .where(and(eq(lots.workOrderId, workOrderId), ne(lots.origin, 'received')));
  return row ? findLot(db, row.id) : undefined;
}

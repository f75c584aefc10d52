// The stock ledger: movements are appended and the balances they change are
// updated in the caller's transaction, so a balance always equals the sum of
// its ledger. The balance rows a movement touches are locked in one fixed
// order (by location), so concurrent movements wait for each
// other instead of deadlocking or losing an update.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import {
  runSql,
  runTogether,
  type SqlFragment,
  sendAhead,
  text,
  valueList,
} from '../../core/db/sql-text.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { everyColumn, instant, tableRows } from '../../core/db/table-rows.js';
import { conflict, invalidField, LotlineError } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import {
  buildingOf,
  dependsOnStock,
  locationsWithin,
  movementInterlock,
  type StockLine,
} from './hazard.js';
import {
  isLineSide,
  lineSideLocation,
  type MovementInput,
  type MovementKind,
  movementProblem,
} from './model.js';
import { balances, movements } from './schema.js';

export interface Movement
  extends Required<
    Pick<MovementInput, 'id' | 'kind' | 'lotId' | 'lotNumber' | 'material' | 'quantity' | 'actor'>
  > {
  seq: number;
  at: Date;
  handlingUnit: string;
  from: string | null;
  to: string | null;
  customer: string | null;
  shipment: string | null;
  workOrderId: string | null;
  reason: string | null;
}

/** Every location stock may be in: the plant file's, and each line's line-side stock. */
export function knownLocations(plant: PlantFile): Set<string> {
  return new Set([
    ...plant.locations.map((l) => l.code),
    ...plant.lines.map((l) => lineSideLocation(l.code)),
  ]);
}

export interface BalanceRow {
  location: string;
  lotId: string;
  quantity: number;
}

/**
 * Records one movement and moves its balances, or throws and writes nothing
 * (the caller's transaction rolls back). A movement sent again with the same
 * id is not recorded twice: the first one is returned.
 */
export async function recordMovement(
  tx: Transaction,
  input: MovementInput,
  plant: PlantFile,
): Promise<Movement> {
  await checkMovement(tx, input, plant);
  const id = input.id ?? randomUUID();
  // SQL text, not the query builder: every receipt, move and shipment runs these (core/db/table-rows.ts).
  const inserted = tableRows(
    movements,
    await runSql(
      tx,
      text`${insertMovement(id, input)} on conflict ("id") do nothing returning ${everyColumn(movements)}`,
    ),
  );
  const row = inserted[0];
  if (!row) {
    const [earlier] = await tx.select().from(movements).where(eq(movements.id, id));
    if (!earlier || earlier.lotId !== input.lotId || earlier.kind !== input.kind) {
      throw conflict(
        'movement_id_reused',
        'movement {{id}} was recorded before with other contents',
        { id },
      );
    }
    return toMovement(earlier);
  }
  await moveBalances(tx, input);
  return toMovement(row);
}

/**
 * Records a new movement whose record the caller does not read back (a
 * receipt, a container's move): as recordMovement, but its writes are sent
 * with the transaction's next statement (core/db/pipeline.ts). Its id is new,
 * so it cannot have been recorded before.
 */
export async function moveStock(
  tx: Transaction,
  input: Omit<MovementInput, 'id'>,
  plant: PlantFile,
): Promise<void> {
  await checkMovement(tx, input, plant);
  await sendAhead(tx, insertMovement(randomUUID(), input));
  await moveBalances(tx, input);
}

/** Refuses a movement that is not valid or that the interlocks forbid. */
async function checkMovement(
  tx: Transaction,
  input: MovementInput,
  plant: PlantFile,
): Promise<void> {
  const problem = movementProblem(input);
  if (problem) throw new LotlineError('invalid', problem);
  const locations = knownLocations(plant);
  for (const [field, code] of [
    ['from', input.from],
    ['to', input.to],
  ] as const) {
    if (code !== undefined && !locations.has(code)) {
      throw invalidField(field, 'location_unknown', 'unknown location "{{location}}"', {
        location: code,
      });
    }
  }
  if (input.to !== undefined && !isLineSide(input.to)) {
    await checkInterlocks(tx, plant, input, input.to);
  }
}

function insertMovement(id: string, input: MovementInput): SqlFragment {
  return text`insert into "storage"."movements" ("id", "kind", "at", "lot_id", "lot_number", "material", "handling_unit", "quantity", "from_location", "to_location", "customer", "shipment", "work_order_id", "reason", "actor") values (${id}, ${input.kind}, ${instant(input.at)}::timestamptz, ${input.lotId}, ${input.lotNumber}, ${input.material}, ${input.handlingUnit ?? ''}, ${input.quantity}, ${input.from ?? null}, ${input.to ?? null}, ${input.customer ?? null}, ${input.shipment ?? null}, ${input.workOrderId ?? null}, ${input.reason ?? null}, ${input.actor})`;
}

/** Takes from the source and puts into the destination, in location order (no deadlocks). */
async function moveBalances(tx: Transaction, input: MovementInput): Promise<void> {
  const touched = [input.from, input.to].filter((l): l is string => l !== undefined).sort();
  for (const location of touched) {
    if (location === input.from) {
      await take(tx, location, input.lotId, input.quantity, input.kind);
    } else {
      await put(tx, location, input, input.quantity);
    }
  }
}

/**
 * The explosives-safety interlocks, inside the movement's transaction: the
 * building the destination is in is locked (one advisory lock per building,
 * so two movements into it take turns and cannot both pass a limit), its
 * stock is read, and the movement is refused — with the reason in plain
 * words — if it breaks the mixing rules, the divisions allowed or a net
 * explosive quantity limit. Nobody can bypass it: every movement passes here.
 */
async function checkInterlocks(
  tx: Transaction,
  plant: PlantFile,
  input: MovementInput,
  destination: string,
) {
  const incoming = { lot: input.lotNumber, material: input.material, quantity: input.quantity };
  // What a non-explosive may do depends on the destination alone: no lock, no read of the building.
  const stock = dependsOnStock(plant, input.material)
    ? await buildingStock(tx, plant, input, destination)
    : [];
  const refusal = movementInterlock(plant, destination, stock, incoming);
  if (refusal) {
    throw new LotlineError('interlock', {
      code: refusal.code,
      params: refusal.params,
      text: refusal.message,
    });
  }
}

/** The destination building's stock, under its lock, as it will be once the movement leaves its source. */
async function buildingStock(
  tx: Transaction,
  plant: PlantFile,
  input: MovementInput,
  destination: string,
): Promise<StockLine[]> {
  const building = buildingOf(plant, destination);
  const within = [...locationsWithin(plant, building)];
  // The lock, then the read under it, in one round trip. The destination is
  // always within its building, so the list is never empty.
  const [, held = []] = await runTogether<{
    location: string;
    lot: string;
    material: string;
    quantity: unknown;
  }>(tx, [
    text`select pg_advisory_xact_lock(hashtext(${`storage.building:${building}`}))`,
    text`select "location", "lot_number" as "lot", "material", "quantity" from "storage"."balances" where "location" in (${valueList(within)}) and "quantity" > 0`,
  ]);
  const rows = held.map((r) => ({ ...r, quantity: Number(r.quantity) }));
  // A transfer inside the building takes its quantity out of its source.
  return rows
    .map((r) =>
      input.from !== undefined && r.location === input.from && r.lot === input.lotNumber
        ? { ...r, quantity: r.quantity - input.quantity }
        : r,
    )
    .filter((r) => r.quantity > 0);
}

async function take(
  tx: Transaction,
  location: string,
  lotId: string,
  quantity: number,
  kind: MovementKind,
) {
  const [held] = await runSql<{ quantity: unknown }>(
    tx,
    text`select "quantity" from "storage"."balances" where "location" = ${location} and "lot_id" = ${lotId} for update`,
  );
  const available = held ? Number(held.quantity) : 0;
  if (available < quantity) {
    throw conflict(
      'insufficient_stock',
      'not enough stock for this {{kind}}: {{location}} holds {{available}} of the lot, and taking {{quantity}} would leave it negative',
      { kind, location, available, quantity },
    );
  }
  await sendAhead(
    tx,
    text`update "storage"."balances" set "quantity" = "quantity" - ${quantity}, "updated_at" = ${instant(new Date())}::timestamptz where "location" = ${location} and "lot_id" = ${lotId}`,
  );
}

async function put(
  tx: Transaction,
  location: string,
  lot: Pick<MovementInput, 'lotId' | 'lotNumber' | 'material'>,
  quantity: number,
) {
  await sendAhead(
    tx,
    text`insert into "storage"."balances" ("location", "lot_id", "lot_number", "material", "quantity") values (${location}, ${lot.lotId}, ${lot.lotNumber}, ${lot.material}, ${quantity}) on conflict ("location", "lot_id") do update set "quantity" = "storage"."balances"."quantity" + ${quantity}, "updated_at" = ${instant(new Date())}::timestamptz`,
  );
}

function toMovement(row: typeof movements.$inferSelect): Movement {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind as MovementKind,
    at: row.at,
    lotId: row.lotId,
    lotNumber: row.lotNumber,
    material: row.material,
    handlingUnit: row.handlingUnit,
    quantity: row.quantity,
    from: row.fromLocation,
    to: row.toLocation,
    customer: row.customer,
    shipment: row.shipment,
    workOrderId: row.workOrderId,
    reason: row.reason,
    actor: row.actor,
  };
}

/** What each lot has where (positive balances only). */
export async function balancesOf(db: Database, lotIds: readonly string[]): Promise<BalanceRow[]> {
  if (lotIds.length === 0) return [];
  return db
    .select({
      location: balances.location,
      lotId: balances.lotId,
      quantity: balances.quantity,
    })
    .from(balances)
    .where(and(inArray(balances.lotId, [...lotIds]), gt(balances.quantity, 0)))
    .orderBy(asc(balances.location));
}

/** A lot's movements, oldest first. */
export async function movementsOf(db: Database, lotId: string): Promise<Movement[]> {
  const rows = await db
    .select()
    .from(movements)
    .where(eq(movements.lotId, lotId))
    .orderBy(asc(movements.seq));
  return rows.map(toMovement);
}

export interface MovementTotals {
  lotId: string;
  kind: MovementKind;
  /** Quantity into the plant (to a location, from none) minus … */
  inward: number;
  /** … quantity out of the plant (from a location, to none). */
  outward: number;
}

/** Per lot and kind, what came into the plant's stock and what left it. */
export async function movementTotals(
  db: Database,
  lotIds: readonly string[],
): Promise<MovementTotals[]> {
  if (lotIds.length === 0) return [];
  const rows = await db
    .select({
      lotId: movements.lotId,
      kind: movements.kind,
      inward: sql<string>`coalesce(sum(${movements.quantity}) filter (where ${movements.fromLocation} is null), 0)`,
      outward: sql<string>`coalesce(sum(${movements.quantity}) filter (where ${movements.toLocation} is null), 0)`,
    })
    .from(movements)
    .where(inArray(movements.lotId, [...lotIds]))
    .groupBy(movements.lotId, movements.kind);
  return rows.map((r) => ({
    lotId: r.lotId,
    kind: r.kind as MovementKind,
    inward: Number(r.inward),
    outward: Number(r.outward),
  }));
}

export interface ShippedRow {
  lotId: string;
  customer: string;
  shipment: string;
  handlingUnit: string;
  quantity: number;
  at: Date;
}

/** Where each lot went when it left the plant. */
export async function shipmentsOf(db: Database, lotIds: readonly string[]): Promise<ShippedRow[]> {
  if (lotIds.length === 0) return [];
  const rows = await db
    .select({
      lotId: movements.lotId,
      customer: movements.customer,
      shipment: movements.shipment,
      handlingUnit: movements.handlingUnit,
      quantity: movements.quantity,
      at: movements.at,
    })
    .from(movements)
    .where(and(inArray(movements.lotId, [...lotIds]), eq(movements.kind, 'shipment')))
    .orderBy(asc(movements.seq));
  return rows.map((r) => ({ ...r, customer: r.customer ?? '', shipment: r.shipment ?? '' }));
}

/** Every lot's stock in the plant, summed over its locations (line side included). */
export async function stockByLot(
  db: Database,
): Promise<{ lotId: string; material: string; quantity: number }[]> {
  const rows = await db
    .select({
      lotId: balances.lotId,
      material: balances.material,
      quantity: sql<string>`sum(${balances.quantity})`,
    })
    .from(balances)
    .where(gt(balances.quantity, 0))
    .groupBy(balances.lotId, balances.material);
  return rows.map((r) => ({ lotId: r.lotId, material: r.material, quantity: Number(r.quantity) }));
}

/** What the lines consumed of each material since a moment. */
export async function consumedSince(db: Database, since: Date): Promise<Map<string, number>> {
  const rows = await db
    .select({ material: movements.material, quantity: sql<string>`sum(${movements.quantity})` })
    .from(movements)
    .where(and(eq(movements.kind, 'consumption'), gte(movements.at, since)))
    .groupBy(movements.material);
  return new Map(rows.map((r) => [r.material, Number(r.quantity)]));
}

/** What is where now, lot by lot, with numbers and materials: the safety checks' view of the stock. */
export async function stockLines(db: Database): Promise<StockLine[]> {
  const rows = await db
    .select({
      location: balances.location,
      lot: balances.lotNumber,
      material: balances.material,
      quantity: balances.quantity,
    })
    .from(balances)
    .where(gt(balances.quantity, 0))
    .orderBy(asc(balances.location), asc(balances.lotNumber));
  return rows;
}

// The packaging hierarchy: cartridges into packets or cans, cans into
// crates, crates onto pallets. Packing and unpacking are aggregation events
// (EPCIS ADD / DELETE), appended, so that the contents of any container at
// any past moment can be replayed; `contents` keeps the present for quick
// reads. Moving or shipping a container moves the lots inside it in the
// stock ledger, each movement naming the container.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../core/audit/trail.js';
import {
  nothing,
  raw,
  runSql,
  runTogether,
  sendAhead,
  text,
  valueList,
} from '../../core/db/sql-text.js';
import type { Database, Transaction } from '../../core/db/store.js';
import { everyColumn, tableRows } from '../../core/db/table-rows.js';
import {
  conflict,
  fieldIssue,
  invalid,
  invalidField,
  type LotlineError,
  notFound,
  unknownReference,
} from '../../core/errors.js';
import { currentPlant } from '../plant/index.js';
import { balancesOf, knownLocations, moveStock, recordMovement } from '../storage/index.js';
import { makeSscc } from './gs1.js';
import { assertMay, findLot, type GenealogyContext, lockLot, writeLotEvent } from './lots.js';
import {
  type AggregationRecord,
  carriesSscc,
  contentsAt,
  type HandlingUnitKind,
  packingRefusal,
  roundQuantity,
} from './model.js';
import { aggregationEvents, contents, handlingUnitSerials, handlingUnits, lots } from './schema.js';

export interface HandlingUnit {
  id: string;
  serial: string;
  kind: HandlingUnitKind;
  sscc: string | null;
  material: string | null;
  location: string | null;
  status: string;
  createdAt: string;
}

function toUnit(row: typeof handlingUnits.$inferSelect): HandlingUnit {
  return {
    id: row.id,
    serial: row.serial,
    kind: row.kind as HandlingUnitKind,
    sscc: row.sscc,
    material: row.material,
    location: row.location,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

const PREFIX: Record<HandlingUnitKind, string> = {
  packet: 'PKT',
  can: 'CAN',
  crate: 'CRT',
  pallet: 'PAL',
};
// SSCC extension digits: the company's own choice (GS1 GenSpecs 2.2.1), used
// here to tell crates from pallets at a glance.
const EXTENSION: Partial<Record<HandlingUnitKind, number>> = { crate: 0, pallet: 1 };

export interface NewHandlingUnit {
  kind: HandlingUnitKind;
  location: string;
  /** The packaging material of the plant file (e.g. CRATE-1320). */
  material?: string;
}

export async function createHandlingUnits(
  context: GenealogyContext,
  input: NewHandlingUnit,
  count: number,
  actor: string,
): Promise<HandlingUnit[]> {
  const { plant } = await currentPlant(context.db);
  if (!knownLocations(plant).has(input.location)) {
    throw unknownReference('location', 'location_unknown', 'location', input.location);
  }
  if (input.material && !plant.materials.some((m) => m.code === input.material)) {
    throw unknownReference('material', 'material_unknown', 'material', input.material);
  }
  const prefix = plant.site.gs1CompanyPrefix;
  if (carriesSscc(input.kind) && !prefix) {
    throw conflict(
      'no_gs1_company_prefix',
      "a {{unitKind}} carries an SSCC, which needs the plant's GS1 company prefix: set site.gs1CompanyPrefix in the plant file",
      { unitKind: input.kind },
    );
  }
  return context.db.transaction(async (tx) => {
    const at = context.clock();
    const created: HandlingUnit[] = [];
    for (let i = 0; i < count; i++) {
      const result = await tx.execute(
        sql`select nextval(${sql.raw(`'genealogy.${handlingUnitSerials.seqName}'`)}) as n`,
      );
      const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]?.n);
      const sscc =
        carriesSscc(input.kind) && prefix ? makeSscc(EXTENSION[input.kind] ?? 0, prefix, n) : null;
      const [row] = await tx
        .insert(handlingUnits)
        .values({
          id: randomUUID(),
          serial: sscc ?? `${PREFIX[input.kind]}-${String(n).padStart(7, '0')}`,
          kind: input.kind,
          sscc,
          material: input.material ?? null,
          location: input.location,
          createdAt: at,
          createdBy: actor,
        })
        .returning();
      created.push(toUnit(row as typeof handlingUnits.$inferSelect));
    }
    await recordAudit(tx, {
      actor,
      action: 'handling_unit.created',
      entityType: 'handling_unit',
      entityId: created[0]?.serial ?? '',
      after: { kind: input.kind, count, serials: created.map((c) => c.serial) },
    });
    return created;
  });
}

// The statements of a move are SQL text, not the query builder: a storekeeper
// moves crates all day (core/db/table-rows.ts).

async function unitBySerial(
  db: Database | Transaction,
  serial: string,
  options: { forUpdate?: boolean } = {},
) {
  const lock = options.forUpdate ? raw(' for update') : nothing;
  return tableRows(
    handlingUnits,
    await runSql(
      db,
      text`select ${everyColumn(handlingUnits)} from "genealogy"."handling_units" where "serial" = ${serial}${lock}`,
    ),
  );
}

export async function findHandlingUnit(db: Database, serial: string): Promise<HandlingUnit> {
  const [row] = await unitBySerial(db, serial);
  if (!row) {
    throw notFound('handling_unit_not_found', 'handling unit {{unit}} does not exist', {
      unit: serial,
    });
  }
  return toUnit(row);
}

async function lockUnit(tx: Transaction, serial: string, field: string): Promise<HandlingUnit> {
  const [row] = await unitBySerial(tx, serial, { forUpdate: true });
  if (!row) throw unknownUnit(field, serial);
  return toUnit(row);
}

function unknownUnit(field: string, serial: string): LotlineError {
  return invalid('handling_unit_unknown', '{{field}}: handling unit {{unit}} does not exist', {
    field,
    unit: serial,
  }).withIssues([
    fieldIssue(field, 'handling_unit_unknown', 'unknown handling unit {{unit}}', {
      unit: serial,
    }),
  ]);
}

export type PackItem = { unit: string } | { lot: string; quantity: number };

/** Which container holds this unit now, if any. */
async function holderOf(db: Database, unitId: string): Promise<string | undefined> {
  const [row] = await runSql<{ parentId: string }>(
    db,
    text`select "parent_id" as "parentId" from "genealogy"."contents" where "child_id" = ${unitId} and "child_kind" = 'unit'`,
  );
  return row?.parentId;
}

/** Quantity of a lot packed into containers standing at a location. */
async function packedAt(db: Database, lotId: string, location: string): Promise<number> {
  const [row] = await db
    .select({ quantity: sql<string>`coalesce(sum(${contents.quantity}), 0)` })
    .from(contents)
    .innerJoin(handlingUnits, eq(handlingUnits.id, contents.parentId))
    .where(
      and(
        eq(contents.childId, lotId),
        eq(contents.childKind, 'lot'),
        eq(handlingUnits.location, location),
      ),
    );
  return Number(row?.quantity ?? 0);
}

export async function pack(
  context: GenealogyContext,
  parentSerial: string,
  items: readonly PackItem[],
  actor: string,
): Promise<ContentsView> {
  if (items.length === 0)
    throw invalid('nothing_to_pack', 'items: nothing to pack').withIssues([
      fieldIssue('items', 'too_few_items', 'expected at least {{minimum}} item(s)', { minimum: 1 }),
    ]);
  await context.db.transaction(async (tx) => {
    const parent = await lockUnit(tx, parentSerial, 'parent');
    if (parent.status !== 'open' || parent.location === null) {
      throw conflict(
        'handling_unit_closed',
        '{{unit}} is {{unitStatus}}: nothing more is packed into it',
        { unit: parent.serial, unitStatus: parent.status },
      );
    }
    const at = context.clock();
    const eventId = randomUUID();
    for (const [index, item] of items.entries()) {
      const field = `items.${index}`;
      if ('unit' in item) {
        const child = await lockUnit(tx, item.unit, `${field}.unit`);
        const refusal = packingRefusal(parent, child);
        if (refusal) throw invalidField(field, refusal);
        const holder = await holderOf(tx, child.id);
        if (holder) {
          throw conflict(
            'handling_unit_already_packed',
            '{{unit}} is already packed in another container; unpack it first',
            { unit: child.serial },
          );
        }
        if (child.location !== parent.location) {
          throw conflict(
            'handling_units_apart',
            '{{child}} is at {{childLocation}}, {{unit}} at {{location}}',
            {
              child: child.serial,
              childLocation: child.location ?? 'no location',
              unit: parent.serial,
              location: parent.location,
            },
          );
        }
        await tx.insert(aggregationEvents).values({
          id: eventId,
          at,
          action: 'ADD',
          parentId: parent.id,
          childUnitId: child.id,
          location: parent.location,
          actor,
        });
        await tx
          .insert(contents)
          .values({ parentId: parent.id, childId: child.id, childKind: 'unit', quantity: 1 });
      } else {
        const refusal = packingRefusal(parent, { kind: 'lot' });
        if (refusal) throw invalidField(field, refusal);
        if (!(item.quantity > 0)) {
          throw invalidField(`${field}.quantity`, 'quantity_not_positive', 'must be positive');
        }
        const lot = await lockLot(tx, item.lot);
        assertMay(lot, 'pack');
        const inStock =
          (await balancesOf(tx, [lot.id])).find((b) => b.location === parent.location)?.quantity ??
          0;
        const loose = roundQuantity(inStock - (await packedAt(tx, lot.id, parent.location)));
        if (loose < item.quantity) {
          throw conflict(
            'insufficient_loose_stock',
            'only {{loose}} of lot {{lot}} is loose at {{location}}; cannot pack {{quantity}}',
            { loose, lot: lot.number, location: parent.location, quantity: item.quantity },
          );
        }
        await tx.insert(aggregationEvents).values({
          id: eventId,
          at,
          action: 'ADD',
          parentId: parent.id,
          childLotId: lot.id,
          quantity: item.quantity,
          location: parent.location,
          actor,
        });
        await tx
          .insert(contents)
          .values({
            parentId: parent.id,
            childId: lot.id,
            childKind: 'lot',
            quantity: item.quantity,
          })
          .onConflictDoUpdate({
            target: [contents.parentId, contents.childId],
            set: { quantity: sql`${contents.quantity} + ${item.quantity}` },
          });
      }
    }
    await recordAudit(tx, {
      actor,
      action: 'handling_unit.packed',
      entityType: 'handling_unit',
      entityId: parent.serial,
      after: { items },
    });
  });
  return contentsOf(context.db, parentSerial);
}

/** Takes the named items (or everything) out of a container. */
export async function unpack(
  context: GenealogyContext,
  parentSerial: string,
  items: readonly PackItem[] | undefined,
  actor: string,
): Promise<ContentsView> {
  await context.db.transaction(async (tx) => {
    const parent = await lockUnit(tx, parentSerial, 'parent');
    if (parent.location === null) {
      throw conflict('handling_unit_left_plant', '{{unit}} has left the plant', {
        unit: parent.serial,
      });
    }
    const held = await tx
      .select()
      .from(contents)
      .where(eq(contents.parentId, parent.id))
      .for('update');
    const at = context.clock();
    const eventId = randomUUID();
    const take: { childId: string; childKind: string; quantity: number }[] = [];
    if (items === undefined) take.push(...held);
    else {
      for (const [index, item] of items.entries()) {
        const field = `items.${index}`;
        if ('unit' in item) {
          const child = await lockUnit(tx, item.unit, `${field}.unit`);
          if (!held.some((h) => h.childId === child.id)) {
            throw conflict('handling_unit_not_inside', '{{child}} is not in {{unit}}', {
              child: child.serial,
              unit: parent.serial,
            });
          }
          take.push({ childId: child.id, childKind: 'unit', quantity: 1 });
        } else {
          const lot = await findLot(tx, item.lot);
          const line = held.find((h) => h.childId === lot.id);
          if (!line || line.quantity < item.quantity) {
            throw conflict(
              'unpack_more_than_held',
              '{{unit}} holds {{held}} of lot {{lot}}, not {{quantity}}',
              {
                unit: parent.serial,
                held: line?.quantity ?? 0,
                lot: lot.number,
                quantity: item.quantity,
              },
            );
          }
          take.push({ childId: lot.id, childKind: 'lot', quantity: item.quantity });
        }
      }
    }
    for (const t of take) {
      await tx.insert(aggregationEvents).values({
        id: eventId,
        at,
        action: 'DELETE',
        parentId: parent.id,
        ...(t.childKind === 'unit'
          ? { childUnitId: t.childId }
          : { childLotId: t.childId, quantity: t.quantity }),
        location: parent.location,
        actor,
      });
      const line = held.find((h) => h.childId === t.childId);
      const left = roundQuantity((line?.quantity ?? 0) - t.quantity);
      if (left > 0) {
        await tx
          .update(contents)
          .set({ quantity: left })
          .where(and(eq(contents.parentId, parent.id), eq(contents.childId, t.childId)));
      } else {
        await tx
          .delete(contents)
          .where(and(eq(contents.parentId, parent.id), eq(contents.childId, t.childId)));
      }
    }
    await recordAudit(tx, {
      actor,
      action: 'handling_unit.unpacked',
      entityType: 'handling_unit',
      entityId: parent.serial,
      after: { items: items ?? 'all' },
    });
  });
  return contentsOf(context.db, parentSerial);
}

export interface ContentsView {
  unit: HandlingUnit;
  /** Units directly inside, each with its own contents. */
  units: ContentsView[];
  /** Quantities of lots directly inside. */
  lots: { lotId: string; lot: string; material: string; quantity: number; unit: string }[];
  /** Lot totals over the whole tree. */
  totals: { lotId: string; lot: string; material: string; quantity: number; unit: string }[];
}

/** What a container holds now, or held at a past moment (replayed from its aggregation events). */
export async function contentsOf(db: Database, serial: string, at?: Date): Promise<ContentsView> {
  return contentsUnder(db, await findHandlingUnit(db, serial), at);
}

/** What `root` holds, read from its row already in hand. */
async function contentsUnder(
  db: Database,
  root: HandlingUnit,
  at?: Date,
  /** The rows directly inside `root`, when the caller read them already (now, not at a past moment). */
  readBefore?: (typeof contents.$inferSelect)[],
): Promise<ContentsView> {
  const units = new Map<string, HandlingUnit>([[root.id, root]]);
  const lines: {
    parentId: string;
    childId: string;
    childKind: 'unit' | 'lot';
    quantity: number;
  }[] = [];
  let frontier = [root.id];
  while (frontier.length > 0) {
    let found: typeof lines;
    if (at === undefined) {
      const rows =
        readBefore && frontier.length === 1 && frontier[0] === root.id
          ? readBefore
          : tableRows(
              contents,
              await runSql(
                db,
                text`select ${everyColumn(contents)} from "genealogy"."contents" where "parent_id" in (${valueList(frontier)})`,
              ),
            );
      found = rows.map((r) => ({ ...r, childKind: r.childKind as 'unit' | 'lot' }));
    } else {
      const rows = await db
        .select()
        .from(aggregationEvents)
        .where(inArray(aggregationEvents.parentId, frontier))
        .orderBy(asc(aggregationEvents.seq));
      const records: AggregationRecord[] = rows.map((r) => ({
        seq: r.seq,
        at: r.at.getTime(),
        action: r.action as 'ADD' | 'DELETE',
        parentId: r.parentId,
        childUnitId: r.childUnitId,
        childLotId: r.childLotId,
        quantity: r.quantity,
      }));
      found = contentsAt(records, at.getTime());
    }
    lines.push(...found);
    const childUnits = found.filter((f) => f.childKind === 'unit').map((f) => f.childId);
    if (childUnits.length > 0) {
      const rows = await db
        .select()
        .from(handlingUnits)
        .where(inArray(handlingUnits.id, childUnits));
      for (const r of rows) units.set(r.id, toUnit(r));
    }
    frontier = childUnits.filter((id) => id !== root.id);
  }
  const lotIds = [...new Set(lines.filter((l) => l.childKind === 'lot').map((l) => l.childId))];
  const lotRows = lotIds.length
    ? await db
        .select({ id: lots.id, number: lots.number, material: lots.material, unit: lots.unit })
        .from(lots)
        .where(inArray(lots.id, lotIds))
    : [];
  const lotInfo = new Map(lotRows.map((l) => [l.id, l]));
  const totals = new Map<string, number>();
  const build = (unitId: string): ContentsView => {
    const own = lines.filter((l) => l.parentId === unitId);
    const lotLines = own
      .filter((l) => l.childKind === 'lot')
      .map((l) => {
        const info = lotInfo.get(l.childId);
        totals.set(l.childId, roundQuantity((totals.get(l.childId) ?? 0) + l.quantity));
        return {
          lotId: l.childId,
          lot: info?.number ?? '',
          material: info?.material ?? '',
          quantity: l.quantity,
          unit: info?.unit ?? '',
        };
      });
    return {
      unit: units.get(unitId) as HandlingUnit,
      units: own.filter((l) => l.childKind === 'unit').map((l) => build(l.childId)),
      lots: lotLines,
      totals: [],
    };
  };
  const view = build(root.id);
  view.totals = [...totals].map(([lotId, quantity]) => {
    const info = lotInfo.get(lotId);
    return {
      lotId,
      lot: info?.number ?? '',
      material: info?.material ?? '',
      quantity,
      unit: info?.unit ?? '',
    };
  });
  return view;
}

function flatten(view: ContentsView): HandlingUnit[] {
  return [view.unit, ...view.units.flatMap(flatten)];
}

async function topLevel(tx: Transaction, serial: string, field: string): Promise<ContentsView> {
  // The unit locked, its holder and what it holds, in one round trip: the
  // last two find the unit by its serial, after the first has locked it.
  const unitId = text`(select "id" from "genealogy"."handling_units" where "serial" = ${serial})`;
  const [locked = [], holders = [], inside = []] = await runTogether(tx, [
    text`select ${everyColumn(handlingUnits)} from "genealogy"."handling_units" where "serial" = ${serial} for update`,
    text`select "parent_id" from "genealogy"."contents" where "child_id" = ${unitId} and "child_kind" = 'unit'`,
    text`select ${everyColumn(contents)} from "genealogy"."contents" where "parent_id" = ${unitId}`,
  ]);
  const [row] = tableRows(handlingUnits, locked);
  if (!row) throw unknownUnit(field, serial);
  const unit = toUnit(row);
  if (holders.length > 0) {
    throw conflict(
      'handling_unit_inside_another',
      '{{unit}} is packed inside another container: move or ship that one, or unpack it first',
      { unit: unit.serial },
    );
  }
  if (unit.location === null) {
    throw conflict('handling_unit_left_plant', '{{unit}} has left the plant', {
      unit: unit.serial,
    });
  }
  return contentsUnder(tx, unit, undefined, tableRows(contents, inside));
}

/** Moves containers, with everything in them, to another location. */
export async function moveHandlingUnits(
  context: GenealogyContext,
  serials: readonly string[],
  to: string,
  actor: string,
): Promise<HandlingUnit[]> {
  const { plant } = await currentPlant(context.db);
  const locations = knownLocations(plant);
  if (!locations.has(to)) {
    throw unknownReference('to', 'location_unknown', 'location', to);
  }
  return context.db.transaction(async (tx) => {
    const at = context.clock();
    const moved: HandlingUnit[] = [];
    for (const [index, serial] of serials.entries()) {
      const view = await topLevel(tx, serial, `serials.${index}`);
      const from = view.unit.location as string;
      if (from === to) continue;
      for (const total of view.totals) {
        await moveStock(
          tx,
          {
            kind: 'transfer',
            at,
            lotId: total.lotId,
            lotNumber: total.lot,
            material: total.material,
            quantity: total.quantity,
            from,
            to,
            handlingUnit: serial,
            actor,
          },
          plant,
        );
      }
      const all = flatten(view).map((u) => u.id);
      await sendAhead(
        tx,
        text`update "genealogy"."handling_units" set "location" = ${to} where "id" in (${valueList(all)})`,
      );
      moved.push({ ...view.unit, location: to });
    }
    await recordAudit(tx, {
      actor,
      action: 'handling_unit.moved',
      entityType: 'handling_unit',
      entityId: serials.join(','),
      after: { to },
    });
    return moved;
  });
}

export interface ShipInput {
  serials: string[];
  customer: string;
  shipment: string;
}

/**
 * Ships containers to a customer: every lot inside must be released (none on
 * hold, in quarantine or rejected), or nothing ships.
 */
export async function shipHandlingUnits(
  context: GenealogyContext,
  input: ShipInput,
  actor: string,
): Promise<HandlingUnit[]> {
  const { plant } = await currentPlant(context.db);
  if (!plant.customers.some((c) => c.code === input.customer)) {
    throw unknownReference('customer', 'customer_unknown', 'customer', input.customer);
  }
  return context.db.transaction(async (tx) => {
    const at = context.clock();
    const shipped: HandlingUnit[] = [];
    const touchedLots = new Set<string>();
    for (const [index, serial] of input.serials.entries()) {
      const view = await topLevel(tx, serial, `serials.${index}`);
      if (view.totals.length === 0) {
        throw conflict('handling_unit_empty', '{{unit}} is empty: there is nothing to ship', {
          unit: serial,
        });
      }
      for (const total of view.totals) {
        const lot = await lockLot(tx, total.lotId);
        assertMay(lot, 'ship', at);
        await recordMovement(
          tx,
          {
            kind: 'shipment',
            at,
            lotId: lot.id,
            lotNumber: lot.number,
            material: lot.material,
            quantity: total.quantity,
            from: view.unit.location as string,
            handlingUnit: serial,
            customer: input.customer,
            shipment: input.shipment,
            actor,
          },
          plant,
        );
        touchedLots.add(lot.id);
      }
      const all = flatten(view).map((u) => u.id);
      await tx
        .update(handlingUnits)
        .set({ location: null, status: 'shipped' })
        .where(inArray(handlingUnits.id, all));
      shipped.push({ ...view.unit, location: null, status: 'shipped' });
    }
    for (const lotId of touchedLots) {
      await writeLotEvent(tx, {
        lotId,
        type: 'lot.shipped',
        at,
        actor,
        detail: { customer: input.customer, shipment: input.shipment },
      });
      const left = await balancesOf(tx, [lotId]);
      if (left.length === 0) {
        await tx
          .update(lots)
          .set({ status: 'shipped' })
          .where(and(eq(lots.id, lotId), eq(lots.status, 'released')));
      }
    }
    await recordAudit(tx, {
      actor,
      action: 'shipment.dispatched',
      entityType: 'shipment',
      entityId: input.shipment,
      after: { customer: input.customer, serials: input.serials },
    });
    return shipped;
  });
}

/**
 * Containers that hold any of these lots now, each with the outermost
 * container it is packed in (one recursive query up the contents).
 */
export async function containersHolding(
  db: Database,
  lotIds: readonly string[],
): Promise<{ lotId: string; unit: HandlingUnit; top: HandlingUnit; quantity: number }[]> {
  if (lotIds.length === 0) return [];
  const result = await db.execute(sql`
    with recursive up(lot_id, unit_id, quantity, top_id, depth) as (
      select c.child_id, c.parent_id, c.quantity, c.parent_id, 0
        from genealogy.contents c
       where c.child_kind = 'lot' and c.child_id = any(${sql.param([...lotIds])}::uuid[])
      union all
      select up.lot_id, up.unit_id, up.quantity, c.parent_id, up.depth + 1
        from up
        join genealogy.contents c on c.child_id = up.top_id and c.child_kind = 'unit'
       where up.depth < 8
    )
    select distinct on (lot_id, unit_id) lot_id, unit_id, quantity, top_id
      from up
     order by lot_id, unit_id, depth desc`);
  const rows = (
    result as unknown as {
      rows: { lot_id: string; unit_id: string; quantity: string | number; top_id: string }[];
    }
  ).rows;
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.flatMap((r) => [r.unit_id, r.top_id]))];
  const units = new Map(
    (await db.select().from(handlingUnits).where(inArray(handlingUnits.id, ids))).map((u) => [
      u.id,
      toUnit(u),
    ]),
  );
  return rows.map((r) => ({
    lotId: r.lot_id,
    unit: units.get(r.unit_id) as HandlingUnit,
    top: units.get(r.top_id) as HandlingUnit,
    quantity: Number(r.quantity),
  }));
}

/** Every container ever packed with one of these lots (shipped ones included), for recall reports. */
export async function unitsEverHolding(db: Database, lotIds: readonly string[]): Promise<string[]> {
  if (lotIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ parentId: aggregationEvents.parentId })
    .from(aggregationEvents)
    .where(
      and(
        inArray(aggregationEvents.childLotId, [...lotIds]),
        isNull(aggregationEvents.childUnitId),
      ),
    );
  return rows.map((r) => r.parentId);
}

/** The outermost containers standing at a location, each with what it holds. */
export async function containersAt(db: Database, location: string): Promise<ContentsView[]> {
  const rows = await db
    .select({ serial: handlingUnits.serial })
    .from(handlingUnits)
    .where(
      and(
        eq(handlingUnits.location, location),
        sql`not exists (select 1 from genealogy.contents c where c.child_id = ${handlingUnits.id} and c.child_kind = 'unit')`,
      ),
    )
    .orderBy(asc(handlingUnits.serial))
    .limit(500);
  const views: ContentsView[] = [];
  for (const row of rows) views.push(await contentsOf(db, row.serial));
  return views;
}

// The genealogy module's tables (PostgreSQL schema `genealogy`).
//
// - lots: every lot, received or made, with its MIL-STD-1168 number.
// - lot_series: the last sequence issued per manufacturer and interfix; the
//   row is locked while a number is taken, so no number is issued twice.
// - lot_events: append-only history of each lot (created, status changes,
//   holds with their reasons, recalls).
// - feeder_loads: which component lot was in which station feeder of a work
//   order, and when.
// - edges: the genealogy, component lot → produced lot with quantity (a
//   transformation). One per feeder load; its quantity is settled when the
//   load ends (unloaded, or the work order completed).
// - handling_units: packets, cans, crates and pallets; crates and pallets
//   carry an SSCC.
// - aggregation_events: append-only packing and unpacking, from which the
//   contents of a container at any past moment are replayed.
// - contents: the current contents of each container, kept with the events.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const genealogySchema = pgSchema('genealogy');

const quantity = (name: string) => numeric(name, { precision: 20, scale: 6, mode: 'number' });

export const lots = genealogySchema.table(
  'lots',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    material: text('material').notNull(),
    /** received (a supplier's lot) or made (in the plant). */
    origin: text('origin').notNull(),
    status: text('status').notNull(),
    /** The status to return to when a hold is lifted; null unless on hold. */
    heldFrom: text('held_from'),
    unit: text('unit').notNull(),
    /** Received: the quantity received. Made: what the work order made (good units), settled at completion. */
    quantity: quantity('quantity').notNull().default(0),
    supplier: text('supplier'),
    supplierLot: text('supplier_lot'),
    certificate: text('certificate'),
    expiresOn: date('expires_on', { mode: 'string' }),
    workOrderId: uuid('work_order_id'),
    workOrderNumber: text('work_order_number'),
    line: text('line'),
    reworkOf: uuid('rework_of'),
    madeFrom: timestamp('made_from', { withTimezone: true }),
    madeTo: timestamp('made_to', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('lots_material_idx').on(t.material, t.createdAt),
    index('lots_work_order_idx').on(t.workOrderId),
    index('lots_supplier_lot_idx').on(t.supplier, t.supplierLot),
    index('lots_created_idx').on(t.createdAt),
  ],
);

export const lotSeries = genealogySchema.table(
  'lot_series',
  {
    manufacturer: text('manufacturer').notNull(),
    interfix: integer('interfix').notNull(),
    lastSequence: integer('last_sequence').notNull(),
  },
  (t) => [primaryKey({ columns: [t.manufacturer, t.interfix] })],
);

export const lotEvents = genealogySchema.table(
  'lot_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lots.id),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    recallId: uuid('recall_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('lot_events_lot_idx').on(t.lotId, t.seq), index('lot_events_at_idx').on(t.at)],
);

export const feederLoads = genealogySchema.table(
  'feeder_loads',
  {
    id: uuid('id').primaryKey(),
    workOrderId: uuid('work_order_id').notNull(),
    outputLotId: uuid('output_lot_id')
      .notNull()
      .references(() => lots.id),
    line: text('line').notNull(),
    station: text('station').notNull(),
    material: text('material').notNull(),
    lotId: uuid('lot_id')
      .notNull()
      .references(() => lots.id),
    /** Quantity issued from stock to the line side with the load. */
    issued: quantity('issued').notNull(),
    loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull(),
    loadedBy: text('loaded_by').notNull(),
    unloadedAt: timestamp('unloaded_at', { withTimezone: true }),
    unloadedBy: text('unloaded_by'),
  },
  (t) => [
    index('feeder_loads_order_idx').on(t.workOrderId, t.station, t.material, t.loadedAt),
    index('feeder_loads_lot_idx').on(t.lotId),
    // At most one lot in a feeder at a time.
    uniqueIndex('feeder_loads_one_open_idx')
      .on(t.workOrderId, t.station, t.material)
      .where(sql`${t.unloadedAt} is null`),
  ],
);

export const edges = genealogySchema.table(
  'edges',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The component (input) lot. */
    parentLotId: uuid('parent_lot_id').notNull(),
    /** The lot made from it. */
    childLotId: uuid('child_lot_id').notNull(),
    quantity: quantity('quantity').notNull().default(0),
    unit: text('unit').notNull(),
    workOrderId: uuid('work_order_id'),
    feederLoadId: uuid('feeder_load_id').unique(),
    station: text('station'),
    fromAt: timestamp('from_at', { withTimezone: true }).notNull(),
    /** Null while the component lot is still in the feeder. */
    toAt: timestamp('to_at', { withTimezone: true }),
    /** open while its quantity may still grow; settled once the load ended. */
    state: text('state').notNull().default('open'),
  },
  (t) => [
    index('edges_parent_idx').on(t.parentLotId, t.childLotId),
    index('edges_child_idx').on(t.childLotId, t.parentLotId),
    check('edges_quantity_not_negative', sql`${t.quantity} >= 0`),
  ],
);

export const handlingUnits = genealogySchema.table(
  'handling_units',
  {
    id: uuid('id').primaryKey(),
    /** Lotline's serial (PKT-…, CAN-…), or the SSCC for crates and pallets. */
    serial: text('serial').notNull().unique(),
    kind: text('kind').notNull(),
    sscc: text('sscc').unique(),
    /** The packaging material, when the plant file names one. */
    material: text('material'),
    /** Where the unit is now; null once it left the plant. */
    location: text('location'),
    status: text('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [index('handling_units_location_idx').on(t.location)],
);

export const handlingUnitSerials = genealogySchema.sequence('handling_unit_serials');

export const aggregationEvents = genealogySchema.table(
  'aggregation_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** ADD (packed into the parent) or DELETE (taken out of it), as EPCIS says. */
    action: text('action').notNull(),
    parentId: uuid('parent_id')
      .notNull()
      .references(() => handlingUnits.id),
    childUnitId: uuid('child_unit_id').references(() => handlingUnits.id),
    childLotId: uuid('child_lot_id').references(() => lots.id),
    quantity: quantity('quantity'),
    location: text('location'),
    actor: text('actor').notNull(),
  },
  (t) => [
    index('aggregation_events_parent_idx').on(t.parentId, t.seq),
    index('aggregation_events_child_unit_idx').on(t.childUnitId),
    index('aggregation_events_child_lot_idx').on(t.childLotId),
    index('aggregation_events_id_idx').on(t.id),
    check(
      'aggregation_events_one_child',
      sql`(${t.childUnitId} is null) <> (${t.childLotId} is null)`,
    ),
  ],
);

/** Current contents: a child unit, or a quantity of a lot, in each container. */
export const contents = genealogySchema.table(
  'contents',
  {
    parentId: uuid('parent_id')
      .notNull()
      .references(() => handlingUnits.id),
    /** The child unit's id, or the lot's id for loose cartridges of a lot. */
    childId: uuid('child_id').notNull(),
    childKind: text('child_kind').notNull(),
    quantity: quantity('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.parentId, t.childId] }),
    index('contents_child_idx').on(t.childId),
    check('contents_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const recallNumbers = genealogySchema.sequence('recall_numbers');

export const recalls = genealogySchema.table('recalls', {
  id: uuid('id').primaryKey(),
  number: text('number').notNull().unique(),
  suspectLotId: uuid('suspect_lot_id')
    .notNull()
    .references(() => lots.id),
  reason: text('reason').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  startedBy: text('started_by').notNull(),
  signatureId: text('signature_id'),
  /** The report as it stood when the recall was started. */
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
});

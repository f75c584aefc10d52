// The storage module's tables (PostgreSQL schema `storage`).
//
// - movements: the stock ledger, append-only. A movement moves a quantity of
//   one lot (inside a handling unit or loose) out of a location, into one, or
//   between two. Corrections are new movements, never edits. A movement of a
//   packed container names the container it travelled in.
// - balances: what the ledger adds up to per location and lot, kept in the
//   transaction that writes the movement; the CHECK keeps stock from going
//   negative whatever the caller does. Which container holds what is the
//   genealogy module's (its contents and aggregation events).
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const storageSchema = pgSchema('storage');

/** Exact decimals: kilograms of propellant and counts of cartridges add up without float drift. */
const quantity = (name: string) => numeric(name, { precision: 20, scale: 6, mode: 'number' });

export const movements = storageSchema.table(
  'movements',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    lotId: uuid('lot_id').notNull(),
    /** The lot's number and material, for the safety interlocks and their messages (neither ever changes). */
    lotNumber: text('lot_number').notNull(),
    material: text('material').notNull(),
    /** The handling unit the quantity travels in; '' for loose stock. */
    handlingUnit: text('handling_unit').notNull().default(''),
    quantity: quantity('quantity').notNull(),
    fromLocation: text('from_location'),
    toLocation: text('to_location'),
    customer: text('customer'),
    shipment: text('shipment'),
    workOrderId: uuid('work_order_id'),
    reason: text('reason'),
    actor: text('actor').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('movements_lot_idx').on(t.lotId, t.seq),
    index('movements_shipment_idx').on(t.shipment),
    check('movements_quantity_positive', sql`${t.quantity} > 0`),
    check('movements_somewhere', sql`${t.fromLocation} is not null or ${t.toLocation} is not null`),
  ],
);

export const balances = storageSchema.table(
  'balances',
  {
    location: text('location').notNull(),
    lotId: uuid('lot_id').notNull(),
    lotNumber: text('lot_number').notNull(),
    material: text('material').notNull(),
    quantity: quantity('quantity').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.location, t.lotId] }),
    index('balances_lot_idx').on(t.lotId),
    check('balances_not_negative', sql`${t.quantity} >= 0`),
  ],
);

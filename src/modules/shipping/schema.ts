// The shipping module's tables (PostgreSQL schema `shipping`).
//
// - orders: customers' call-off orders, from open to dispatched (or cancelled).
// - order_lines: what each order wants, of which product, by when.
// - reservations: the containers allocated to an order and not yet shipped.
//   One row per container (its serial is the key), so no container is ever
//   allocated to two orders, whatever runs at the same time.
// - shipments: what left, for whom, signed by the storekeeper; the packing
//   list and the dangerous-goods declaration as they were at dispatch, so the
//   documents print the same later whatever the plant file says then.
import { sql } from 'drizzle-orm';
import {
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
  uuid,
} from 'drizzle-orm/pg-core';
import type { ShipmentContent } from './model.js';

export const shippingSchema = pgSchema('shipping');

const quantity = (name: string) => numeric(name, { precision: 20, scale: 6, mode: 'number' });

export const orderNumbers = shippingSchema.sequence('order_numbers');
export const shipmentNumbers = shippingSchema.sequence('shipment_numbers');

export const orders = shippingSchema.table(
  'orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    customer: text('customer').notNull(),
    /** low | normal | high | urgent: how much a late delivery costs in planning. */
    priority: text('priority').notNull().default('normal'),
    state: text('state').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    allocatedAt: timestamp('allocated_at', { withTimezone: true }),
    pickedAt: timestamp('picked_at', { withTimezone: true }),
    pickedBy: text('picked_by'),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    shipment: text('shipment'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: text('cancelled_by'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    index('orders_state_idx').on(t.state, t.createdAt),
    index('orders_customer_idx').on(t.customer, t.createdAt),
  ],
);

export const orderLines = shippingSchema.table(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    line: integer('line').notNull(),
    product: text('product').notNull(),
    quantity: quantity('quantity').notNull(),
    unit: text('unit').notNull(),
    due: date('due', { mode: 'string' }).notNull(),
    /** Set at dispatch. */
    shipped: quantity('shipped').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.line] }),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** What a reserved container held when it was allocated. */
export interface ReservedLot {
  lotId: string;
  lot: string;
  quantity: number;
  expiresOn: string | null;
}

export const reservations = shippingSchema.table(
  'reservations',
  {
    /** The top-level container's serial: a container is reserved once, to one order. */
    serial: text('serial').primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    line: integer('line').notNull(),
    kind: text('kind').notNull(),
    quantity: quantity('quantity').notNull(),
    expiresOn: date('expires_on', { mode: 'string' }),
    lots: jsonb('lots').$type<ReservedLot[]>().notNull(),
    reservedAt: timestamp('reserved_at', { withTimezone: true }).notNull(),
    reservedBy: text('reserved_by').notNull(),
  },
  (t) => [index('reservations_order_idx').on(t.orderId, t.line)],
);

export const shipments = shippingSchema.table(
  'shipments',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    orderNumber: text('order_number').notNull(),
    customer: text('customer').notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }).notNull(),
    dispatchedBy: text('dispatched_by').notNull(),
    signatureId: text('signature_id').notNull(),
    /** The signed content: parties, packages and the dangerous-goods declaration. */
    content: jsonb('content').$type<ShipmentContent>().notNull(),
  },
  (t) => [
    index('shipments_customer_idx').on(t.customer, t.dispatchedAt),
    index('shipments_order_idx').on(t.orderId),
  ],
);

// Customers' call-off orders, from entry to dispatch. Each command runs in one
// transaction with its audit entry, or writes nothing. Allocation reserves
// whole containers of released, unexpired lots; the reservation's key is the
// container, so two orders never hold the same one. Dispatch ships the
// reserved containers through the genealogy module (which moves the stock
// out in the ledger and checks every lot is still released), in the same
// transaction as the shipment record and the storekeeper's signature.
import { createHash, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  recordSignature,
  type SignatureStatus,
  signaturesFor,
  type VerifiedSigner,
} from '../../core/audit/signatures.js';
import { recordAudit } from '../../core/audit/trail.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { Database, Transaction } from '../../core/db/store.js';
import {
  conflict,
  fieldIssue,
  invalid,
  LotlineError,
  notFound,
  unknownReference,
} from '../../core/errors.js';
import {
  contentsOf,
  type GenealogyContext,
  type Lot,
  listLots,
  moveHandlingUnits,
  shipHandlingUnits,
  traceLot,
} from '../genealogy/index.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import { balancesOf } from '../storage/index.js';
import {
  allocatableLocation,
  allocate,
  type Candidate,
  type ContainerKind,
  dangerousGoods,
  fefoOrder,
  lotRefusalForLine,
  type OrderCommand,
  type OrderId,
  type OrderPriority,
  type OrderState,
  orderRefusal,
  type PackageTree,
  roundQuantity,
  type ShipmentContent,
  type ShippedContainer,
} from './model.js';
import {
  orderLines,
  orderNumbers,
  orders,
  type ReservedLot,
  reservations,
  shipmentNumbers,
  shipments,
} from './schema.js';

export interface ShippingContext {
  db: Database;
  clock: () => Date;
}

type ContentsView = Awaited<ReturnType<typeof contentsOf>>;

// ------------------------------------------------------------ views

export interface OrderLineView {
  line: number;
  product: string;
  quantity: number;
  unit: string;
  due: string;
  allocated: number;
  shipped: number;
}

export interface Order {
  id: OrderId;
  number: string;
  customer: string;
  priority: OrderPriority;
  state: OrderState;
  lines: OrderLineView[];
  /** Containers reserved for the order now. */
  containers: number;
  shipment: string | null;
  createdAt: string;
  createdBy: string;
  allocatedAt: string | null;
  pickedAt: string | null;
  pickedBy: string | null;
  dispatchedAt: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
}

async function orderView(db: Database, row: typeof orders.$inferSelect): Promise<Order> {
  const lines = await db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, row.id))
    .orderBy(asc(orderLines.line));
  const reserved = await db
    .select({ line: reservations.line, quantity: reservations.quantity })
    .from(reservations)
    .where(eq(reservations.orderId, row.id));
  return {
    id: row.id as OrderId,
    number: row.number,
    customer: row.customer,
    priority: row.priority as OrderPriority,
    state: row.state as OrderState,
    lines: lines.map((l) => ({
      line: l.line,
      product: l.product,
      quantity: l.quantity,
      unit: l.unit,
      due: l.due,
      allocated: roundQuantity(
        reserved.filter((r) => r.line === l.line).reduce((s, r) => s + r.quantity, 0),
      ),
      shipped: l.shipped,
    })),
    containers: reserved.length,
    shipment: row.shipment,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    allocatedAt: row.allocatedAt?.toISOString() ?? null,
    pickedAt: row.pickedAt?.toISOString() ?? null,
    pickedBy: row.pickedBy,
    dispatchedAt: row.dispatchedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    cancelledBy: row.cancelledBy,
    cancelReason: row.cancelReason,
  };
}

async function orderRow(db: Database, number: string) {
  const [row] = await db.select().from(orders).where(eq(orders.number, number));
  if (!row) throw notFound('order_not_found', 'order {{order}} does not exist', { order: number });
  return row;
}

async function lockOrder(tx: Transaction, number: string) {
  const [row] = await tx.select().from(orders).where(eq(orders.number, number)).for('update');
  if (!row) throw notFound('order_not_found', 'order {{order}} does not exist', { order: number });
  return row;
}

function refuse(row: typeof orders.$inferSelect, command: OrderCommand): void {
  const refusal = orderRefusal({ number: row.number, state: row.state as OrderState }, command);
  if (refusal) throw new LotlineError('conflict', refusal);
}

export async function getOrder(db: Database, number: string): Promise<Order> {
  return orderView(db, await orderRow(db, number));
}

export async function listOrders(
  db: Database,
  filter: { state?: OrderState; customer?: string; limit: number },
): Promise<Order[]> {
  const conditions = [];
  if (filter.state) conditions.push(eq(orders.state, filter.state));
  if (filter.customer) conditions.push(eq(orders.customer, filter.customer));
  const rows = await db
    .select()
    .from(orders)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.number))
    .limit(filter.limit);
  const views: Order[] = [];
  for (const row of rows) views.push(await orderView(db, row));
  return views;
}

async function nextNumber(
  tx: Transaction,
  sequence: string | undefined,
  prefix: string,
): Promise<string> {
  const result = await tx.execute(sql`select nextval(${sql.raw(`'shipping.${sequence}'`)}) as n`);
  const n = Number((result as unknown as { rows: { n: string | number }[] }).rows[0]?.n);
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

// ------------------------------------------------------------ entry

export interface NewOrder {
  customer: string;
  /** How much a late delivery costs in planning; normal when omitted. */
  priority?: OrderPriority;
  /** The customer's call-off number; Lotline numbers the order (CO-000001) when omitted. */
  number?: string;
  lines: { product: string; quantity: number; due: string }[];
}

const GENERATED_ORDER = /^CO-\d+$/;

/**
 * Enters an order. Sent again with the same number and the same content it
 * is not entered twice: the first one comes back (`created` false).
 */
export async function createOrder(
  context: ShippingContext,
  input: NewOrder,
  actor: string,
): Promise<{ order: Order; created: boolean }> {
  const { plant } = await currentPlant(context.db);
  if (!plant.customers.some((c) => c.code === input.customer)) {
    throw unknownReference('customer', 'customer_unknown', 'customer', input.customer);
  }
  if (input.number !== undefined && GENERATED_ORDER.test(input.number)) {
    throw invalid(
      'order_number_reserved',
      "number: {{order}} looks like one of Lotline's own order numbers",
      { order: input.number },
    ).withIssues([
      fieldIssue(
        'number',
        'order_number_reserved',
        "CO-… numbers are Lotline's; give the customer's own number",
        { order: input.number },
      ),
    ]);
  }
  const lines = input.lines.map((line, index) => {
    const field = `lines.${index}.product`;
    const material = plant.materials.find((m) => m.code === line.product);
    if (!material) {
      throw unknownReference(field, 'product_unknown', 'product', line.product);
    }
    if (material.kind !== 'finished') {
      const facts = { product: line.product, materialKind: material.kind };
      throw invalid(
        'product_not_finished',
        '{{field}}: {{product}} is a {{materialKind}}, not a finished product',
        { field, ...facts },
      ).withIssues([
        fieldIssue(field, 'product_not_finished', 'customers order finished products', facts),
      ]);
    }
    return { line: index + 1, ...line, unit: material.unit };
  });
  return context.db.transaction(async (tx) => {
    if (input.number !== undefined) {
      const [earlier] = await tx.select().from(orders).where(eq(orders.number, input.number));
      if (earlier) {
        const view = await orderView(tx, earlier);
        const same =
          earlier.customer === input.customer &&
          canonicalJson(view.lines.map((l) => [l.product, l.quantity, l.due])) ===
            canonicalJson(lines.map((l) => [l.product, l.quantity, l.due]));
        if (!same) {
          throw conflict(
            'order_exists_different',
            'order {{order}} exists already, with other contents',
            { order: input.number },
          );
        }
        return { order: view, created: false };
      }
    }
    const number = input.number ?? (await nextNumber(tx, orderNumbers.seqName, 'CO'));
    const id = randomUUID();
    const inserted = await tx
      .insert(orders)
      .values({
        id,
        number,
        customer: input.customer,
        priority: input.priority ?? 'normal',
        state: 'open',
        createdAt: context.clock(),
        createdBy: actor,
      })
      .onConflictDoNothing({ target: orders.number })
      .returning();
    if (inserted.length === 0) {
      throw conflict('order_entered_meanwhile', 'order {{order}} was entered meanwhile', {
        order: number,
      });
    }
    await tx.insert(orderLines).values(lines.map((l) => ({ orderId: id, ...l })));
    await recordAudit(tx, {
      actor,
      action: 'shipping.order.created',
      entityType: 'order',
      entityId: number,
      after: { customer: input.customer, lines },
    });
    return { order: await orderView(tx, inserted[0] as typeof orders.$inferSelect), created: true };
  });
}

// ------------------------------------------------------------ allocation

export interface AllocatedContainer {
  serial: string;
  kind: ContainerKind;
  location: string;
  quantity: number;
  expiresOn: string | null;
  lots: string[];
}

export interface AllocationReport {
  order: Order;
  lines: {
    line: number;
    product: string;
    quantity: number;
    allocated: number;
    shortfall: number;
    containers: AllocatedContainer[];
    /** Why the shortfall, in plain words. */
    notes: string[];
  }[];
}

// Allocations of one product wait for each other (a transaction-scoped
// advisory lock, class SHIPPING_LOCK_CLASS): candidates are read and
// reserved as one step, so parallel orders neither double-book a container
// (the reservation key forbids it anyway) nor deadlock over reservations
// taken in different orders.
const SHIPPING_LOCK_CLASS = 7_201_020;

async function lockProducts(tx: Transaction, products: readonly string[]) {
  for (const product of [...new Set(products)].sort()) {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${SHIPPING_LOCK_CLASS}, hashtext(${`allocation:${product}`}))`,
    );
  }
}

interface Found {
  candidates: Candidate[];
  /** The lots in each candidate, as reserved. */
  contents: Map<string, ReservedLot[]>;
  notes: string[];
}

/** Top-level containers holding only released, unexpired lots of the product, not reserved. */
async function findCandidates(
  tx: Transaction,
  plant: PlantFile,
  line: { product: string; due: string },
): Promise<Found> {
  const notes: string[] = [];
  // Lots held or awaiting QA are read too, so that a shortfall can say where the stock is.
  const known: Lot[] = [];
  for (const status of ['released', 'on_hold', 'quarantine'] as const) {
    known.push(...(await listLots(tx, { material: line.product, status, limit: 10_000 })));
  }
  const balances = await balancesOf(
    tx,
    known.map((l) => l.id),
  );
  const stock = new Map<string, number>();
  for (const b of balances) {
    stock.set(b.lotId, roundQuantity((stock.get(b.lotId) ?? 0) + b.quantity));
  }
  const eligible = new Map<string, Lot>();
  for (const lot of known) {
    const inStock = stock.get(lot.id) ?? 0;
    if (inStock <= 0) continue;
    const refusal = lotRefusalForLine(lot, line.product, line.due);
    if (refusal) notes.push(`${refusal} (${amount(inStock)} in stock)`);
    else eligible.set(lot.id, lot);
  }
  const kindOf = new Map(plant.locations.map((l) => [l.code, l.kind]));
  const tops = new Set<string>();
  for (const lot of eligible.values()) {
    const trace = await traceLot(tx, lot.id, 'forward');
    const self = trace.lots.find((l) => l.id === lot.id);
    if (!self) continue;
    for (const c of self.containers) tops.add(c.top);
    const inStock = self.onHand.reduce((s, b) => s + b.quantity, 0);
    const packed = self.containers.reduce((s, c) => s + c.quantity, 0);
    const loose = roundQuantity(inStock - packed);
    if (loose > 0) {
      notes.push(`${amount(loose)} of lot ${lot.number} are in stock but not packed in containers`);
    }
  }
  const reserved = new Set(
    tops.size === 0
      ? []
      : (
          await tx
            .select({ serial: reservations.serial })
            .from(reservations)
            .where(inArray(reservations.serial, [...tops]))
        ).map((r) => r.serial),
  );
  const candidates: Candidate[] = [];
  const contents = new Map<string, ReservedLot[]>();
  for (const serial of [...tops].sort()) {
    if (reserved.has(serial)) continue;
    const view = await contentsOf(tx, serial);
    const location = view.unit.location;
    if (location === null || !allocatableLocation(kindOf.get(location) ?? '')) continue;
    const lots = view.totals.map((t) => eligible.get(t.lotId));
    // A container holding anything else (another product, a lot on hold) is not split here.
    if (lots.length === 0 || lots.some((l) => l === undefined)) {
      notes.push(`${serial} at ${location} also holds lots that may not go on this line`);
      continue;
    }
    const reservedLots: ReservedLot[] = view.totals.map((t) => ({
      lotId: t.lotId,
      lot: t.lot,
      quantity: t.quantity,
      expiresOn: eligible.get(t.lotId)?.expiresOn ?? null,
    }));
    const expiries = reservedLots.map((l) => l.expiresOn).filter((e): e is string => e !== null);
    candidates.push({
      serial,
      kind: view.unit.kind as ContainerKind,
      location,
      quantity: roundQuantity(view.totals.reduce((s, t) => s + t.quantity, 0)),
      expiresOn: expiries.length > 0 ? (expiries.sort()[0] as string) : null,
      lots: reservedLots.map((l) => l.lot).sort(),
    });
    contents.set(serial, reservedLots);
  }
  return { candidates, contents, notes };
}

const amount = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/**
 * Allocates what each line still wants: containers of released lots not
 * expired at the line's due date, first expiry first, whole crates and
 * pallets before cans, never more than ordered. What cannot be allocated is
 * reported as a shortfall with the reasons, not refused; allocating again
 * later tops the order up.
 */
export async function allocateOrder(
  context: ShippingContext,
  number: string,
  actor: string,
): Promise<AllocationReport> {
  return context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    refuse(row, 'allocate');
    const { plant } = await currentPlant(tx);
    const lines = await tx
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, row.id))
      .orderBy(asc(orderLines.line));
    await lockProducts(
      tx,
      lines.map((l) => l.product),
    );
    const at = context.clock();
    const report: AllocationReport['lines'] = [];
    for (const line of lines) {
      const held = await tx
        .select()
        .from(reservations)
        .where(and(eq(reservations.orderId, row.id), eq(reservations.line, line.line)));
      let remaining = roundQuantity(line.quantity - held.reduce((s, r) => s + r.quantity, 0));
      const notes: string[] = [];
      if (remaining > 0) {
        const found = await findCandidates(tx, plant, line);
        let pool = found.candidates;
        // Reservations are keyed by container: one taken meanwhile is passed over and the rest re-planned.
        for (;;) {
          const plan = allocate(pool, remaining);
          if (plan.taken.length === 0) break;
          let lost = false;
          for (const candidate of plan.taken) {
            pool = pool.filter((c) => c.serial !== candidate.serial);
            const inserted = await tx
              .insert(reservations)
              .values({
                serial: candidate.serial,
                orderId: row.id,
                line: line.line,
                kind: candidate.kind,
                quantity: candidate.quantity,
                expiresOn: candidate.expiresOn,
                lots: found.contents.get(candidate.serial) ?? [],
                reservedAt: at,
                reservedBy: actor,
              })
              .onConflictDoNothing({ target: reservations.serial })
              .returning({ serial: reservations.serial });
            if (inserted.length > 0) remaining = roundQuantity(remaining - candidate.quantity);
            else lost = true;
          }
          if (!lost) break;
        }
        if (remaining > 0) {
          const tooLarge = pool.filter((c) => c.quantity > remaining);
          for (const c of tooLarge.sort(fefoOrder)) {
            notes.push(
              `${c.kind} ${c.serial} at ${c.location} holds ${amount(c.quantity)}, more than the ${amount(remaining)} still wanted: unpack it to allocate part of it`,
            );
          }
          notes.push(...found.notes);
          if (found.candidates.length === 0 && found.notes.length === 0) {
            notes.push(`no released ${line.product} is in stock`);
          }
        }
      }
      const all = await tx
        .select()
        .from(reservations)
        .where(and(eq(reservations.orderId, row.id), eq(reservations.line, line.line)));
      const allocated = roundQuantity(all.reduce((s, r) => s + r.quantity, 0));
      const containers: AllocatedContainer[] = [];
      for (const r of all) {
        const view = await contentsOf(tx, r.serial);
        containers.push({
          serial: r.serial,
          kind: r.kind as ContainerKind,
          location: view.unit.location ?? '',
          quantity: r.quantity,
          expiresOn: r.expiresOn,
          lots: r.lots.map((l) => l.lot).sort(),
        });
      }
      report.push({
        line: line.line,
        product: line.product,
        quantity: line.quantity,
        allocated,
        shortfall: roundQuantity(Math.max(0, line.quantity - allocated)),
        containers: containers.sort(fefoOrder),
        notes,
      });
    }
    const any = report.some((l) => l.containers.length > 0);
    if (any && row.state === 'open') {
      await tx
        .update(orders)
        .set({ state: 'allocated', allocatedAt: at })
        .where(eq(orders.id, row.id));
    }
    await recordAudit(tx, {
      actor,
      action: 'shipping.order.allocated',
      entityType: 'order',
      entityId: row.number,
      after: report.map((l) => ({
        line: l.line,
        allocated: l.allocated,
        shortfall: l.shortfall,
        containers: l.containers.map((c) => c.serial),
      })),
    });
    return { order: await orderView(tx, await lockOrder(tx, number)), lines: report };
  });
}

/** Gives the order's containers back (allocated or picked → open), e.g. to allocate afresh. */
export async function deallocateOrder(
  context: ShippingContext,
  number: string,
  actor: string,
): Promise<Order> {
  return context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    refuse(row, 'deallocate');
    const released = await tx
      .delete(reservations)
      .where(eq(reservations.orderId, row.id))
      .returning({ serial: reservations.serial });
    await tx
      .update(orders)
      .set({ state: 'open', allocatedAt: null, pickedAt: null, pickedBy: null })
      .where(eq(orders.id, row.id));
    await recordAudit(tx, {
      actor,
      action: 'shipping.order.deallocated',
      entityType: 'order',
      entityId: number,
      after: { released: released.map((r) => r.serial) },
    });
    return orderView(tx, await lockOrder(tx, number));
  });
}

// ------------------------------------------------------------ picking

/** Why a reserved container is no longer what was allocated, or undefined. */
function reservedProblem(
  r: typeof reservations.$inferSelect,
  view: ContentsView | undefined,
): string | undefined {
  if (!view) return `${r.serial} no longer exists`;
  if (view.unit.location === null) return `${r.serial} has left the plant since it was allocated`;
  const now = new Map(view.totals.map((t) => [t.lotId, t.quantity]));
  const same = now.size === r.lots.length && r.lots.every((l) => now.get(l.lotId) === l.quantity);
  if (!same) {
    const held =
      view.totals.map((t) => `${amount(t.quantity)} of ${t.lot}`).join(', ') || 'nothing';
    const was = r.lots.map((l) => `${amount(l.quantity)} of ${l.lot}`).join(', ');
    return `${r.serial} was packed or unpacked since it was allocated: it holds ${held}, not ${was}`;
  }
  return undefined;
}

async function viewOf(db: Database, serial: string): Promise<ContentsView | undefined> {
  try {
    return await contentsOf(db, serial);
  } catch (error) {
    if (error instanceof LotlineError && error.kind === 'not_found') return undefined;
    throw error;
  }
}

export interface PickRow {
  /** The order in which to pick: by location, then first expiry first. */
  seq: number;
  serial: string;
  sscc: string | null;
  kind: ContainerKind;
  packaging: string | null;
  location: string | null;
  line: number;
  product: string;
  quantity: number;
  lots: { lot: string; quantity: number; expiresOn: string | null }[];
  /** Why the container is not as allocated, or null. */
  problem: string | null;
}

export interface PickingList {
  order: string;
  customer: string;
  state: OrderState;
  rows: PickRow[];
  totals: { containers: number; quantity: number };
}

async function reservedRows(db: Database, orderId: string): Promise<PickRow[]> {
  const rows = await db
    .select()
    .from(reservations)
    .innerJoin(
      orderLines,
      and(eq(orderLines.orderId, reservations.orderId), eq(orderLines.line, reservations.line)),
    )
    .where(eq(reservations.orderId, orderId));
  const list: Omit<PickRow, 'seq'>[] = [];
  for (const { reservations: r, order_lines: l } of rows) {
    const view = await viewOf(db, r.serial);
    list.push({
      serial: r.serial,
      sscc: view?.unit.sscc ?? null,
      kind: r.kind as ContainerKind,
      packaging: view?.unit.material ?? null,
      location: view?.unit.location ?? null,
      line: r.line,
      product: l.product,
      quantity: r.quantity,
      lots: r.lots.map((x) => ({ lot: x.lot, quantity: x.quantity, expiresOn: x.expiresOn })),
      problem: reservedProblem(r, view) ?? null,
    });
  }
  list.sort(
    (a, b) =>
      (a.location ?? '~').localeCompare(b.location ?? '~') ||
      (a.lots[0]?.expiresOn ?? '9999').localeCompare(b.lots[0]?.expiresOn ?? '9999') ||
      a.serial.localeCompare(b.serial),
  );
  return list.map((r, i) => ({ seq: i + 1, ...r }));
}

/** The containers to fetch, where they stand, in the order to walk to them. */
export async function pickingList(db: Database, number: string): Promise<PickingList> {
  const row = await orderRow(db, number);
  const rows = await reservedRows(db, row.id);
  return {
    order: row.number,
    customer: row.customer,
    state: row.state as OrderState,
    rows,
    totals: {
      containers: rows.length,
      quantity: roundQuantity(rows.reduce((s, r) => s + r.quantity, 0)),
    },
  };
}

/**
 * The storekeeper confirms the order is picked: the containers scanned (when
 * given) must be exactly those allocated, each still as allocated; `to`
 * moves them to a shipping area (the dock) in the same step.
 */
export async function pickOrder(
  context: ShippingContext,
  number: string,
  input: { serials?: string[]; to?: string },
  actor: string,
): Promise<Order> {
  return context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    refuse(row, 'pick');
    const rows = await reservedRows(tx, row.id);
    const problems = rows.map((r) => r.problem).filter((p): p is string => p !== null);
    if (problems.length > 0) {
      // The problems were written when the containers changed, in English.
      throw conflict(
        'order_pick_refused',
        'order {{order}} cannot be picked: {{problems}}. Release the allocation and allocate again',
        { order: number, problems: problems.join('; ') },
      );
    }
    const allocated = new Set(rows.map((r) => r.serial));
    if (input.serials) {
      const scanned = new Set(input.serials);
      const extra = [...scanned].filter((s) => !allocated.has(s));
      const missing = [...allocated].filter((s) => !scanned.has(s));
      if (extra.length > 0 || missing.length > 0) {
        const parts = [
          extra.length > 0 ? `${extra.join(', ')} not allocated to it` : '',
          missing.length > 0 ? `${missing.join(', ')} not picked` : '',
        ].filter(Boolean);
        throw conflict(
          'picked_containers_differ',
          'the containers picked are not those of order {{order}}: {{differences}}',
          { order: number, differences: parts.join('; '), extra, missing },
        );
      }
    }
    if (input.to !== undefined) {
      const { plant } = await currentPlant(tx);
      const location = plant.locations.find((l) => l.code === input.to);
      if (!location) {
        throw unknownReference('to', 'location_unknown', 'location', input.to);
      }
      if (location.kind !== 'shipping') {
        const facts = { location: input.to, locationKind: location.kind };
        throw invalid(
          'not_a_shipping_area',
          'to: {{location}} is a {{locationKind, words}}, not a shipping area',
          facts,
        ).withIssues([
          fieldIssue('to', 'not_a_shipping_area', 'picked containers go to a shipping area', facts),
        ]);
      }
      const genealogy: GenealogyContext = { db: tx, clock: context.clock };
      await moveHandlingUnits(genealogy, [...allocated].sort(), input.to, actor);
    }
    await tx
      .update(orders)
      .set({ state: 'picked', pickedAt: context.clock(), pickedBy: actor })
      .where(eq(orders.id, row.id));
    await recordAudit(tx, {
      actor,
      action: 'shipping.order.picked',
      entityType: 'order',
      entityId: number,
      after: { containers: [...allocated].sort(), to: input.to ?? null },
    });
    return orderView(tx, await lockOrder(tx, number));
  });
}

export async function cancelOrder(
  context: ShippingContext,
  number: string,
  reason: string,
  actor: string,
): Promise<Order> {
  return context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    refuse(row, 'cancel');
    const released = await tx
      .delete(reservations)
      .where(eq(reservations.orderId, row.id))
      .returning({ serial: reservations.serial });
    await tx
      .update(orders)
      .set({
        state: 'cancelled',
        cancelledAt: context.clock(),
        cancelledBy: actor,
        cancelReason: reason,
      })
      .where(eq(orders.id, row.id));
    await recordAudit(tx, {
      actor,
      action: 'shipping.order.cancelled',
      entityType: 'order',
      entityId: number,
      after: { reason, released: released.map((r) => r.serial) },
    });
    return orderView(tx, await lockOrder(tx, number));
  });
}

// ------------------------------------------------------------ dispatch

export interface Shipment extends ShipmentContent {
  id: string;
  dispatchedBy: string;
  signature: SignatureStatus | null;
}

function toTree(view: ContentsView): PackageTree {
  return {
    serial: view.unit.serial,
    kind: view.unit.kind as ContainerKind,
    packaging: view.unit.material,
    lots: view.lots.map((l) => ({
      lot: l.lot,
      material: l.material,
      quantity: l.quantity,
      unit: l.unit,
    })),
    units: view.units.map(toTree),
  };
}

function contentHash(content: ShipmentContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Dispatches a picked order, signed by the storekeeper: every container
 * still as allocated and no lot expired today, the dangerous-goods
 * declaration complete; then the containers are shipped to the customer
 * under a new shipment number, and the shipment recorded with its documents'
 * content and the signature — all or nothing.
 */
export async function dispatchOrder(
  context: ShippingContext,
  number: string,
  input: { carrier?: string; vehicle?: string },
  signer: VerifiedSigner,
): Promise<Shipment> {
  return context.db.transaction(async (tx) => {
    const row = await lockOrder(tx, number);
    refuse(row, 'dispatch');
    const { plant } = await currentPlant(tx);
    const at = context.clock();
    const today = at.toISOString().slice(0, 10);
    const lines = await tx
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, row.id))
      .orderBy(asc(orderLines.line));
    const held = await tx
      .select()
      .from(reservations)
      .where(eq(reservations.orderId, row.id))
      .orderBy(asc(reservations.line), asc(reservations.serial));
    if (held.length === 0) {
      throw conflict('order_nothing_to_dispatch', 'order {{order}} has no containers to dispatch', {
        order: number,
      });
    }
    const problems: string[] = [];
    const containers: ShippedContainer[] = [];
    for (const r of held) {
      const view = await viewOf(tx, r.serial);
      const problem = reservedProblem(r, view);
      if (problem || !view) {
        problems.push(problem ?? `${r.serial} no longer exists`);
        continue;
      }
      for (const l of r.lots) {
        if (l.expiresOn !== null && l.expiresOn < today) {
          problems.push(`lot ${l.lot} in ${r.serial} expired on ${l.expiresOn}`);
        }
      }
      const line = lines.find((l) => l.line === r.line);
      containers.push({
        serial: r.serial,
        sscc: view.unit.sscc,
        kind: r.kind as ContainerKind,
        packaging: view.unit.material,
        from: view.unit.location ?? '',
        line: r.line,
        product: line?.product ?? '',
        quantity: r.quantity,
        lots: r.lots.map((l) => ({ lot: l.lot, quantity: l.quantity, expiresOn: l.expiresOn })),
        tree: toTree(view),
      });
    }
    if (problems.length > 0) {
      throw conflict('dispatch_refused', 'order {{order}} cannot be dispatched: {{problems}}', {
        order: number,
        problems: problems.join('; '),
      });
    }
    const materials = new Map(plant.materials.map((m) => [m.code, m]));
    const declaration = dangerousGoods(
      containers.map((c) => c.tree),
      (code) => materials.get(code)?.hazard,
    );
    if (!declaration.ok) {
      throw conflict(
        'dangerous_goods_undeclarable',
        'the dangerous-goods declaration of order {{order}} cannot be made: {{problems}}',
        { order: number, problems: declaration.problems.join('; ') },
      );
    }
    const shipment = await nextNumber(tx, shipmentNumbers.seqName, 'SH');
    const genealogy: GenealogyContext = { db: tx, clock: context.clock };
    await shipHandlingUnits(
      genealogy,
      { serials: containers.map((c) => c.serial), customer: row.customer, shipment },
      signer.username,
    );
    const customer = plant.customers.find((c) => c.code === row.customer);
    const content: ShipmentContent = {
      shipment,
      order: row.number,
      shipper: { code: plant.site.code, name: plant.site.name },
      consignee: {
        code: row.customer,
        name: customer?.name ?? row.customer,
        country: customer?.country ?? '',
      },
      carrier: input.carrier ?? null,
      vehicle: input.vehicle ?? null,
      dispatchedAt: at.toISOString(),
      containers,
      lines: lines.map((line) => {
        const mine = containers.filter((c) => c.line === line.line);
        const byLot = new Map<
          string,
          { lot: string; quantity: number; expiresOn: string | null }
        >();
        for (const l of mine.flatMap((c) => c.lots)) {
          const known = byLot.get(l.lot);
          byLot.set(l.lot, {
            ...l,
            quantity: roundQuantity((known?.quantity ?? 0) + l.quantity),
          });
        }
        return {
          line: line.line,
          product: line.product,
          name: materials.get(line.product)?.name ?? line.product,
          unit: line.unit,
          ordered: line.quantity,
          quantity: roundQuantity(mine.reduce((s, c) => s + c.quantity, 0)),
          lots: [...byLot.values()].sort((a, b) => a.lot.localeCompare(b.lot)),
        };
      }),
      dangerousGoods: declaration.value,
    };
    const signature = await recordSignature(tx, signer, {
      entityType: 'shipment',
      entityId: shipment,
      contentHash: contentHash(content),
    });
    const id = randomUUID();
    await tx.insert(shipments).values({
      id,
      number: shipment,
      orderId: row.id,
      orderNumber: row.number,
      customer: row.customer,
      dispatchedAt: at,
      dispatchedBy: signer.username,
      signatureId: signature.id,
      content,
    });
    for (const line of content.lines) {
      await tx
        .update(orderLines)
        .set({ shipped: line.quantity })
        .where(and(eq(orderLines.orderId, row.id), eq(orderLines.line, line.line)));
    }
    await tx.delete(reservations).where(eq(reservations.orderId, row.id));
    await tx
      .update(orders)
      .set({ state: 'dispatched', dispatchedAt: at, shipment })
      .where(eq(orders.id, row.id));
    await recordAudit(tx, {
      actor: signer.username,
      action: 'shipping.order.dispatched',
      entityType: 'order',
      entityId: row.number,
      after: { shipment, containers: containers.map((c) => c.serial) },
    });
    return {
      ...content,
      id,
      dispatchedBy: signer.username,
      signature: { ...signature, valid: true },
    };
  });
}

export async function getShipment(db: Database, number: string): Promise<Shipment> {
  const [row] = await db.select().from(shipments).where(eq(shipments.number, number));
  if (!row) {
    throw notFound('shipment_not_found', 'shipment {{shipment}} does not exist', {
      shipment: number,
    });
  }
  const signatures = await signaturesFor(db, 'shipment', row.number, contentHash(row.content));
  return {
    ...row.content,
    id: row.id,
    dispatchedBy: row.dispatchedBy,
    signature: signatures.find((s) => s.id === row.signatureId) ?? null,
  };
}

export async function listShipments(
  db: Database,
  filter: { customer?: string; limit: number },
): Promise<Shipment[]> {
  const rows = await db
    .select({ number: shipments.number })
    .from(shipments)
    .where(filter.customer ? eq(shipments.customer, filter.customer) : undefined)
    .orderBy(desc(shipments.dispatchedAt), desc(shipments.number))
    .limit(filter.limit);
  const list: Shipment[] = [];
  for (const r of rows) list.push(await getShipment(db, r.number));
  return list;
}

/** Which of these containers are reserved for an order, and for which. */
export async function reservedFor(
  db: Database,
  serials: readonly string[],
): Promise<Map<string, string>> {
  if (serials.length === 0) return new Map();
  const rows = await db
    .select({ serial: reservations.serial, order: orders.number })
    .from(reservations)
    .innerJoin(orders, eq(orders.id, reservations.orderId))
    .where(inArray(reservations.serial, [...serials]));
  return new Map(rows.map((r) => [r.serial, r.order]));
}

// Trace: backward from a lot or a container to every component lot,
// supplier, certificate, work order, line, station and time window behind
// it; forward from a lot to every lot made from it, every container holding
// them, and where each is now. One recursive query walks the edges (UNION,
// not UNION ALL, so a lot reached twice is walked once and a cycle ends),
// then one query per kind of fact fetches what the walk found.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { balancesOf, movementTotals, shipmentsOf } from '../storage/index.js';
import { loadsOf } from './feeders.js';
import { findLot, type Lot, toLot } from './lots.js';
import { type MassBalance, massBalance, roundQuantity } from './model.js';
import { containersHolding, contentsOf } from './packing.js';
import { edges, lots } from './schema.js';

export type TraceDirection = 'backward' | 'forward';

export interface TraceEdge {
  parent: string;
  child: string;
  quantity: number;
  unit: string;
  station: string | null;
  workOrderId: string | null;
  from: string;
  to: string | null;
  /** open: the component is still in a feeder and its quantity still grows. */
  state: 'open' | 'settled';
}

export interface TraceLot extends Lot {
  /** Hops from the lot the trace started at. */
  depth: number;
  onHand: { location: string; quantity: number }[];
  containers: {
    serial: string;
    kind: string;
    top: string;
    location: string | null;
    quantity: number;
  }[];
  shipped: {
    customer: string;
    shipment: string;
    container: string;
    quantity: number;
    at: string;
  }[];
}

export interface Trace {
  direction: TraceDirection;
  /** The lots the trace started at (one, or a container's). */
  roots: string[];
  lots: TraceLot[];
  edges: TraceEdge[];
}

const MAX_DEPTH = 64;

/** The ids reachable from the roots in one direction, with the fewest hops to each. */
async function walk(
  db: Database,
  roots: readonly string[],
  direction: TraceDirection,
): Promise<Map<string, number>> {
  const [from, to] =
    direction === 'forward' ? ['parent_lot_id', 'child_lot_id'] : ['child_lot_id', 'parent_lot_id'];
  const result = await db.execute(sql`
    with recursive reached(lot_id, depth) as (
      select unnest(${sql.param([...roots])}::uuid[]), 0
      union
      select e.${sql.raw(to)}, r.depth + 1
        from reached r
        join genealogy.edges e on e.${sql.raw(from)} = r.lot_id
       where r.depth < ${MAX_DEPTH}
    )
    select lot_id, min(depth) as depth from reached group by lot_id`);
  const rows = (result as unknown as { rows: { lot_id: string; depth: number | string }[] }).rows;
  return new Map(rows.map((r) => [r.lot_id, Number(r.depth)]));
}

async function buildTrace(
  db: Database,
  roots: readonly string[],
  direction: TraceDirection,
): Promise<Trace> {
  const depths = await walk(db, roots, direction);
  const ids = [...depths.keys()];
  // One after another: inside a transaction (a recall) they share one connection.
  const lotRows = await db.select().from(lots).where(inArray(lots.id, ids));
  const edgeRows = await db
    .select()
    .from(edges)
    .where(
      direction === 'forward'
        ? and(inArray(edges.parentLotId, ids), inArray(edges.childLotId, ids))
        : and(inArray(edges.childLotId, ids), inArray(edges.parentLotId, ids)),
    );
  const stock = await balancesOf(db, ids);
  const held = await containersHolding(db, ids);
  const shipped = await shipmentsOf(db, ids);
  const traceLots: TraceLot[] = lotRows
    .map((row) => {
      const lot = toLot(row);
      return {
        ...lot,
        depth: depths.get(lot.id) ?? 0,
        onHand: stock
          .filter((b) => b.lotId === lot.id)
          .map((b) => ({ location: b.location, quantity: b.quantity })),
        containers: held
          .filter((h) => h.lotId === lot.id && h.top.location !== null)
          .map((h) => ({
            serial: h.unit.serial,
            kind: h.unit.kind,
            top: h.top.serial,
            location: h.top.location,
            quantity: h.quantity,
          })),
        shipped: shipped
          .filter((s) => s.lotId === lot.id)
          .map((s) => ({
            customer: s.customer,
            shipment: s.shipment,
            container: s.handlingUnit,
            quantity: s.quantity,
            at: s.at.toISOString(),
          })),
      };
    })
    .sort((a, b) => a.depth - b.depth || a.number.localeCompare(b.number));
  const liveByLoad = await liveQuantities(db, edgeRows);
  return {
    direction,
    roots: [...roots],
    lots: traceLots,
    edges: edgeRows.map((e) => ({
      parent: e.parentLotId,
      child: e.childLotId,
      quantity:
        e.state === 'open' && e.feederLoadId
          ? (liveByLoad.get(e.feederLoadId) ?? e.quantity)
          : e.quantity,
      unit: e.unit,
      station: e.station,
      workOrderId: e.workOrderId,
      from: e.fromAt.toISOString(),
      to: e.toAt?.toISOString() ?? null,
      state: e.state as 'open' | 'settled',
    })),
  };
}

/** Quantities of edges whose lot is still in a feeder, as counted until now. */
async function liveQuantities(
  db: Database,
  edgeRows: readonly (typeof edges.$inferSelect)[],
): Promise<Map<string, number>> {
  const orders = [
    ...new Set(
      edgeRows
        .filter((e) => e.state === 'open' && e.workOrderId)
        .map((e) => e.workOrderId as string),
    ),
  ];
  const live = new Map<string, number>();
  for (const order of orders) {
    for (const load of await loadsOf(db, order)) live.set(load.id, load.consumed);
  }
  return live;
}

export async function traceLot(
  db: Database,
  numberOrId: string,
  direction: TraceDirection,
): Promise<Trace> {
  const lot = await findLot(db, numberOrId);
  return buildTrace(db, [lot.id], direction);
}

/** Backward from a container: everything behind every lot inside it (now, or at a past moment). */
export async function traceContainer(db: Database, serial: string, at?: Date): Promise<Trace> {
  const view = await contentsOf(db, serial, at);
  return buildTrace(
    db,
    view.totals.map((t) => t.lotId),
    'backward',
  );
}

export interface LotMassBalance extends MassBalance {
  lot: string;
  unit: string;
  /** What consumption the ledger holds, against the genealogy's settled consumption. */
  consumptionPosted: number;
}

/** Received or made, consumed, scrapped, shipped and on hand, and what does not add up. */
export async function lotMassBalance(db: Database, numberOrId: string): Promise<LotMassBalance> {
  const lot = await findLot(db, numberOrId);
  const totals = await movementTotals(db, [lot.id]);
  const stock = await balancesOf(db, [lot.id]);
  const out = await db.select().from(edges).where(eq(edges.parentLotId, lot.id));
  const sum = (kinds: string[], side: 'inward' | 'outward') =>
    roundQuantity(totals.filter((t) => kinds.includes(t.kind)).reduce((s, t) => s + t[side], 0));
  const live = await liveQuantities(db, out);
  const consumed = roundQuantity(
    out.filter((e) => e.state === 'settled').reduce((s, e) => s + e.quantity, 0),
  );
  const consuming = roundQuantity(
    out
      .filter((e) => e.state === 'open')
      .reduce((s, e) => s + (e.feederLoadId ? (live.get(e.feederLoadId) ?? 0) : 0), 0),
  );
  const balance = massBalance({
    in: sum(['receipt', 'production_output'], 'inward'),
    consumed,
    consuming,
    scrapped: sum(['scrap'], 'outward'),
    shipped: sum(['shipment'], 'outward'),
    adjusted: roundQuantity(sum(['adjustment'], 'inward') - sum(['adjustment'], 'outward')),
    ledgerOnHand: roundQuantity(stock.reduce((s, b) => s + b.quantity, 0)),
  });
  return {
    ...balance,
    lot: lot.number,
    unit: lot.unit,
    consumptionPosted: sum(['consumption'], 'outward'),
  };
}

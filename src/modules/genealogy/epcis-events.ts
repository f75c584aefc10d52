// The plant's traceability records as EPCIS 2.0 events: receipts, QA
// decisions and holds (object events), work orders and rework
// (transformations), packing and unpacking (aggregations) and shipments
// (object events with the customer as destination) — for a time window, or
// for every lot in a lot's genealogy. The mapping to JSON-LD is epcis.ts.
import { and, asc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import { fieldIssue, invalid } from '../../core/errors.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import { movements } from '../storage/schema.js';
import type { ContainerRef, Identity, Quantity, TraceEvent, Unit } from './epcis.js';
import { findLot } from './lots.js';
import { aggregationEvents, edges, handlingUnits, lotEvents, lots } from './schema.js';
import { traceLot } from './trace.js';

export interface EpcisSelection {
  from?: Date;
  to?: Date;
  /** A lot number: the events of every lot in its genealogy, backward and forward. */
  lot?: string;
}

/** The offset of the plant's time zone at an instant, as EPCIS writes it ("-04:00"). */
export function zoneOffset(at: Date, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name ?? '');
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

export function identityOf(plant: PlantFile): Identity {
  return {
    site: plant.site.code,
    ...(plant.site.gs1CompanyPrefix ? { companyPrefix: plant.site.gs1CompanyPrefix } : {}),
  };
}

type LotRow = typeof lots.$inferSelect;

export async function epcisEvents(
  db: Database,
  selection: EpcisSelection,
): Promise<{ events: TraceEvent[]; plant: PlantFile }> {
  const { plant } = await currentPlant(db);
  if (!selection.lot && !(selection.from && selection.to)) {
    throw invalid('epcis_query_incomplete', 'name a lot, or a window with from and to').withIssues([
      fieldIssue('query', 'epcis_query_incomplete', 'expected lot, or from and to'),
    ]);
  }
  let lotIds: string[] | undefined;
  if (selection.lot) {
    const lot = await findLot(db, selection.lot);
    const [back, forward] = await Promise.all([
      traceLot(db, lot.id, 'backward'),
      traceLot(db, lot.id, 'forward'),
    ]);
    lotIds = [...new Set([...back.lots, ...forward.lots].map((l) => l.id))];
  }
  const window = (column: Parameters<typeof gte>[0]): SQL[] => [
    ...(selection.from ? [gte(column, selection.from)] : []),
    ...(selection.to ? [lt(column, selection.to)] : []),
  ];
  const gtinOf = new Map(plant.materials.map((m) => [m.code, m.gtin]));
  const zone = plant.site.timezone;
  const lotCache = new Map<string, LotRow>();
  const lotsById = async (ids: readonly string[]) => {
    const missing = [...new Set(ids)].filter((id) => !lotCache.has(id));
    if (missing.length > 0) {
      for (const row of await db.select().from(lots).where(inArray(lots.id, missing))) {
        lotCache.set(row.id, row);
      }
    }
  };
  const quantity = (lotId: string, amount: number): Quantity => {
    const row = lotCache.get(lotId) as LotRow;
    const gtin = gtinOf.get(row.material);
    return {
      lot: { material: row.material, lot: row.number, ...(gtin ? { gtin } : {}) },
      quantity: amount,
      unit: row.unit as Unit,
    };
  };
  const base = (id: string, at: Date) => ({
    eventId: id,
    at: at.toISOString(),
    timezone: zoneOffset(at, zone),
  });
  const events: { at: number; order: number; event: TraceEvent }[] = [];
  const push = (event: TraceEvent, order: number) =>
    events.push({ at: Date.parse(event.at), order, event });

  // Lot events: receipts, QA decisions, holds, what work orders and rework made.
  const lotEventRows = await db
    .select()
    .from(lotEvents)
    .where(
      and(
        ...window(lotEvents.at),
        ...(lotIds ? [inArray(lotEvents.lotId, lotIds)] : []),
        inArray(lotEvents.type, [
          'lot.received',
          'lot.released',
          'lot.rejected',
          'lot.held',
          'lot.hold_released',
          'lot.made',
          'lot.reworked_from',
        ]),
      ),
    )
    .orderBy(asc(lotEvents.seq));
  await lotsById(lotEventRows.map((e) => e.lotId));
  const madeLots = lotEventRows.filter((e) => e.type === 'lot.made').map((e) => e.lotId);
  const reworked = lotEventRows.filter((e) => e.type === 'lot.reworked_from').map((e) => e.lotId);
  const inputs =
    madeLots.length + reworked.length
      ? await db
          .select()
          .from(edges)
          .where(inArray(edges.childLotId, [...madeLots, ...reworked]))
      : [];
  await lotsById(inputs.map((e) => e.parentLotId));
  for (const e of lotEventRows) {
    const lot = lotCache.get(e.lotId) as LotRow;
    const detail = (e.detail ?? {}) as Record<string, unknown>;
    const reason = e.reason ? { extension: { reason: e.reason } } : {};
    switch (e.type) {
      case 'lot.received':
        push(
          {
            ...base(e.id, e.at),
            type: 'object',
            action: 'ADD',
            bizStep: 'receiving',
            disposition: 'in_progress',
            quantities: [quantity(lot.id, Number(detail.quantity ?? lot.quantity))],
            containers: [],
            ...(typeof detail.location === 'string' ? { location: detail.location } : {}),
            ...(lot.supplier ? { source: [{ type: 'owning_party', id: lot.supplier }] } : {}),
            extension: {
              ...(lot.supplierLot ? { supplierLot: lot.supplierLot } : {}),
              ...(lot.certificate ? { certificate: lot.certificate } : {}),
              ...(lot.expiresOn ? { expiresOn: lot.expiresOn } : {}),
            },
          },
          e.seq,
        );
        break;
      case 'lot.released':
      case 'lot.hold_released':
        push(
          {
            ...base(e.id, e.at),
            type: 'object',
            action: 'OBSERVE',
            bizStep: 'releasing',
            disposition: 'available',
            quantities: [quantity(lot.id, lot.quantity)],
            containers: [],
            ...reason,
          },
          e.seq,
        );
        break;
      case 'lot.rejected':
        push(
          {
            ...base(e.id, e.at),
            type: 'object',
            action: 'OBSERVE',
            bizStep: 'inspecting',
            disposition: 'non_conformant',
            quantities: [quantity(lot.id, lot.quantity)],
            containers: [],
            ...reason,
          },
          e.seq,
        );
        break;
      case 'lot.held':
        push(
          {
            ...base(e.id, e.at),
            type: 'object',
            action: 'OBSERVE',
            bizStep: 'holding',
            disposition: e.recallId ? 'recalled' : 'non_sellable_other',
            quantities: [quantity(lot.id, lot.quantity)],
            containers: [],
            ...reason,
          },
          e.seq,
        );
        break;
      case 'lot.made':
      case 'lot.reworked_from': {
        const into = inputs.filter((i) => i.childLotId === lot.id);
        const made = e.type === 'lot.made' ? Number(detail.good ?? lot.quantity) : lot.quantity;
        push(
          {
            ...base(e.id, e.at),
            type: 'transformation',
            bizStep: e.type === 'lot.made' ? 'commissioning' : 'repairing',
            ...(lot.workOrderNumber ? { transformationId: lot.workOrderNumber } : {}),
            inputs: into.map((i) => quantity(i.parentLotId, i.quantity)),
            outputs: [quantity(lot.id, made)],
            ...(lot.line ? { location: lot.line } : {}),
            ...(lot.workOrderNumber
              ? { bizTransactions: [{ type: 'prodorder', id: lot.workOrderNumber }] }
              : {}),
            ...reason,
          },
          e.seq,
        );
        break;
      }
      default:
        break;
    }
  }

  // Packing and unpacking, one EPCIS event per command and container.
  const aggregationRows = await db
    .select()
    .from(aggregationEvents)
    .where(
      and(
        ...window(aggregationEvents.at),
        ...(lotIds ? [inArray(aggregationEvents.parentId, await unitsOfLots(db, lotIds))] : []),
      ),
    )
    .orderBy(asc(aggregationEvents.seq));
  const unitIds = [
    ...new Set(
      aggregationRows.flatMap((r) => [r.parentId, ...(r.childUnitId ? [r.childUnitId] : [])]),
    ),
  ];
  const unitRows = unitIds.length
    ? await db.select().from(handlingUnits).where(inArray(handlingUnits.id, unitIds))
    : [];
  const unitRef = new Map<string, ContainerRef>(
    unitRows.map((u) => [
      u.id,
      {
        id: u.serial,
        kind: u.kind as ContainerRef['kind'],
        ...(u.sscc ? { sscc: u.sscc } : {}),
      },
    ]),
  );
  await lotsById(aggregationRows.flatMap((r) => (r.childLotId ? [r.childLotId] : [])));
  const groups = new Map<string, (typeof aggregationRows)[number][]>();
  for (const r of aggregationRows) {
    const key = `${r.id}|${r.parentId}|${r.action}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  // One packing command fills one container, so its id names one EPCIS event.
  for (const rows of groups.values()) {
    const first = rows[0] as (typeof aggregationRows)[number];
    const add = first.action === 'ADD';
    push(
      {
        ...base(first.id, first.at),
        type: 'aggregation',
        action: add ? 'ADD' : 'DELETE',
        bizStep: add ? 'packing' : 'unpacking',
        parent: unitRef.get(first.parentId) as ContainerRef,
        childContainers: rows.flatMap((r) =>
          r.childUnitId ? [unitRef.get(r.childUnitId) as ContainerRef] : [],
        ),
        childQuantities: rows.flatMap((r) =>
          r.childLotId ? [quantity(r.childLotId, r.quantity ?? 0)] : [],
        ),
        ...(first.location ? { location: first.location } : {}),
      },
      first.seq,
    );
  }

  // Shipments: one event per shipment and moment, the customer as destination.
  const shipmentRows = await db
    .select()
    .from(movements)
    .where(
      and(
        eq(movements.kind, 'shipment'),
        ...window(movements.at),
        ...(lotIds ? [inArray(movements.lotId, lotIds)] : []),
      ),
    )
    .orderBy(asc(movements.seq));
  await lotsById(shipmentRows.map((m) => m.lotId));
  const serials = [...new Set(shipmentRows.map((m) => m.handlingUnit).filter((s) => s !== ''))];
  const shippedUnits = serials.length
    ? await db.select().from(handlingUnits).where(inArray(handlingUnits.serial, serials))
    : [];
  const bySerial = new Map(shippedUnits.map((u) => [u.serial, u]));
  const shipments = new Map<string, typeof shipmentRows>();
  for (const m of shipmentRows) {
    const key = `${m.shipment}|${m.at.toISOString()}`;
    shipments.set(key, [...(shipments.get(key) ?? []), m]);
  }
  for (const rows of shipments.values()) {
    const first = rows[0] as (typeof shipmentRows)[number];
    const containers = [...new Set(rows.map((r) => r.handlingUnit).filter((s) => s !== ''))].map(
      (serial): ContainerRef => {
        const u = bySerial.get(serial);
        return {
          id: serial,
          kind: (u?.kind ?? 'crate') as ContainerRef['kind'],
          ...(u?.sscc ? { sscc: u.sscc } : {}),
        };
      },
    );
    push(
      {
        ...base(first.id, first.at),
        type: 'object',
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        quantities: rows.map((r) => quantity(r.lotId, r.quantity)),
        containers,
        ...(first.fromLocation ? { location: first.fromLocation } : {}),
        ...(first.customer ? { destination: [{ type: 'owning_party', id: first.customer }] } : {}),
        ...(first.shipment ? { bizTransactions: [{ type: 'desadv', id: first.shipment }] } : {}),
      },
      first.seq,
    );
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  return { events: events.map((e) => e.event), plant };
}

/** Containers that ever held one of the lots, and the containers those went into. */
async function unitsOfLots(db: Database, lotIds: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  let frontier = (
    await db
      .selectDistinct({ parentId: aggregationEvents.parentId })
      .from(aggregationEvents)
      .where(inArray(aggregationEvents.childLotId, [...lotIds]))
  ).map((r) => r.parentId);
  while (frontier.length > 0) {
    for (const id of frontier) found.add(id);
    const parents = await db
      .selectDistinct({ parentId: aggregationEvents.parentId })
      .from(aggregationEvents)
      .where(inArray(aggregationEvents.childUnitId, frontier));
    frontier = parents.map((p) => p.parentId).filter((id) => !found.has(id));
  }
  return found.size > 0 ? [...found] : ['00000000-0000-0000-0000-000000000000'];
}

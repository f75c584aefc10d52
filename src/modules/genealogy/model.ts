// Genealogy rules without the database: lot statuses and what each allows,
// how a work order's counts are apportioned to the component lots that were
// in its feeders, which container may hold which, the contents of a
// container at a past moment, and a lot's mass balance.

import { type ErrorMessage, errorMessage, restated } from '../../core/errors.js';
import { roundQuantity } from '../../core/quantity.js';

export { roundQuantity };

export type LotId = string & { readonly __brand: 'LotId' };
export type HandlingUnitId = string & { readonly __brand: 'HandlingUnitId' };

export const LOT_STATUSES = [
  'quarantine',
  'released',
  'on_hold',
  'rejected',
  'consumed',
  'shipped',
] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

export const LOT_ORIGINS = ['received', 'made'] as const;
export type LotOrigin = (typeof LOT_ORIGINS)[number];

/** What a lot's status lets the plant do with it. */
export function lotRefusal(
  lot: { number: string; status: LotStatus; expiresOn?: string | null },
  use: 'consume' | 'ship' | 'pack',
  /** Today in the plant, YYYY-MM-DD: an expired lot is neither consumed nor shipped. */
  today?: string,
): ErrorMessage | undefined {
  if (
    (use === 'consume' || use === 'ship') &&
    today !== undefined &&
    lot.expiresOn &&
    lot.expiresOn < today
  ) {
    return errorMessage(
      'lot_expired',
      use === 'consume'
        ? 'lot {{lot}} may not be consumed: it expired on {{expiresOn}}'
        : 'lot {{lot}} may not be shipped: it expired on {{expiresOn}}',
      { lot: lot.number, lotUse: use, expiresOn: lot.expiresOn },
    );
  }
  const allowed: Record<typeof use, readonly LotStatus[]> = {
    // A component goes into production only once QA released it.
    consume: ['released'],
    ship: ['released'],
    // Packing happens at the end of the line, before the lot's acceptance.
    pack: ['quarantine', 'released'],
  };
  if (allowed[use].includes(lot.status)) return undefined;
  const why =
    lot.status === 'on_hold'
      ? 'it is on hold'
      : lot.status === 'quarantine'
        ? 'it is in quarantine, not released by QA'
        : `it is ${lot.status}`;
  const done = use === 'consume' ? 'consumed' : use === 'ship' ? 'shipped' : 'packed';
  return restated(
    errorMessage('lot_status_forbids_use', 'lot {{lot}} may not be used: it is {{lotStatus}}', {
      lot: lot.number,
      lotUse: use,
      lotStatus: lot.status,
    }),
    `lot ${lot.number} may not be ${done}: ${why}`,
  );
}

/** Statuses a hold applies to: stock that still is, or may become, usable. */
export function mayHold(status: LotStatus): boolean {
  return status === 'quarantine' || status === 'released';
}

// ------------------------------------------------------------ feeders

/**
 * The material categories a station of each kind is fed with. A lot goes
 * only into a feeder of a station that uses its category, so one lot is not
 * counted twice by two stations. Stations of kind `other` take anything.
 */
const FEEDS: Record<string, readonly string[] | 'any'> = {
  case_feeding: ['case'],
  priming: ['primer'],
  charging: ['propellant'],
  bullet_seating: ['bullet'],
  crimping_sealing: ['other'],
  gauging: [],
  inspection: [],
  packing: ['packaging'],
  other: 'any',
};

/** Why a material may not be loaded at a station of this kind, or undefined. */
export function feederRefusal(
  station: { code: string; kind: string },
  material: { code: string; category: string },
): ErrorMessage | undefined {
  const feeds = FEEDS[station.kind] ?? 'any';
  if (feeds === 'any' || feeds.includes(material.category)) return undefined;
  const facts = { station: station.code, stationKind: station.kind };
  return feeds.length === 0
    ? errorMessage(
        'station_has_no_feeder',
        'station {{station}} ({{stationKind}}) has no feeder',
        facts,
      )
    : restated(
        errorMessage(
          'station_feeds_other_material',
          'station {{station}} ({{stationKind}}) is fed with {{feedOptions}}, not {{materialCategory}} ({{material}})',
          {
            ...facts,
            feedOptions: feeds,
            materialCategory: material.category,
            material: material.code,
          },
        ),
        `station ${station.code} (${station.kind}) is fed with ${feeds.join(' or ')}, not ${material.category} (${material.code})`,
      );
}

// ------------------------------------------------------------ apportionment

export interface FeederWindow {
  id: string;
  material: string;
  /** Epoch ms. */
  from: number;
  /** Epoch ms; null while the lot is still in the feeder. */
  to: number | null;
}

/** Units the line made (good plus rejected) in the period that ended at `at`. */
export interface UnitIncrement {
  at: number;
  units: number;
}

export interface Apportioned {
  /** Units made while each load was in its feeder, by load id. */
  unitsByLoad: Map<string, number>;
  /** Per material, units made while no lot of it was recorded in the feeder. */
  unattributed: Map<string, number>;
}

/**
 * Which component lot each unit drew on. Machines report counts made before
 * the report, so a count reported at t belongs to the lot that was in the
 * feeder just before t: a load covers reports in (from, to]. The work
 * order's counts decide the quantities, not the operator's guess.
 */
export function apportionUnits(
  windows: readonly FeederWindow[],
  counts: readonly UnitIncrement[],
  materials: readonly string[],
): Apportioned {
  const unitsByLoad = new Map<string, number>(windows.map((w) => [w.id, 0]));
  const unattributed = new Map<string, number>(materials.map((m) => [m, 0]));
  const byMaterial = new Map<string, FeederWindow[]>();
  for (const w of windows) {
    const list = byMaterial.get(w.material) ?? [];
    list.push(w);
    byMaterial.set(w.material, list);
  }
  for (const list of byMaterial.values()) list.sort((a, b) => a.from - b.from);
  for (const material of materials) {
    const list = byMaterial.get(material) ?? [];
    for (const count of counts) {
      if (count.units === 0) continue;
      const load = list.find((w) => count.at > w.from && (w.to === null || count.at <= w.to));
      if (load) unitsByLoad.set(load.id, (unitsByLoad.get(load.id) ?? 0) + count.units);
      else unattributed.set(material, (unattributed.get(material) ?? 0) + count.units);
    }
  }
  return { unitsByLoad, unattributed };
}

/** A bill-of-material quantity per unit made, rounded as the ledger stores it (6 decimals). */
export function componentQuantity(units: number, perBasis: number, basis: number): number {
  return roundQuantity((units * perBasis) / basis);
}

// ------------------------------------------------------------ packaging

export const HANDLING_UNIT_KINDS = ['packet', 'can', 'crate', 'pallet'] as const;
export type HandlingUnitKind = (typeof HANDLING_UNIT_KINDS)[number];

/** Crates and pallets travel and are labelled, so they carry an SSCC. */
export function carriesSscc(kind: HandlingUnitKind): boolean {
  return kind === 'crate' || kind === 'pallet';
}

/** Why `child` may not go into `parent`, or undefined when it may. */
export function packingRefusal(
  parent: { serial: string; kind: HandlingUnitKind },
  child: { kind: 'lot' } | { serial: string; kind: HandlingUnitKind },
): ErrorMessage | undefined {
  const rank = (k: HandlingUnitKind) => HANDLING_UNIT_KINDS.indexOf(k);
  if (child.kind === 'lot') {
    // Loose cartridges go into packets, or straight into cans where packets are not serialised.
    return parent.kind === 'packet' || parent.kind === 'can'
      ? undefined
      : errorMessage(
          'loose_cartridges_not_allowed',
          'cartridges are packed into packets or cans, not straight into a {{unitKind}} ({{unit}})',
          { unitKind: parent.kind, unit: parent.serial },
        );
  }
  if (child.serial === parent.serial) {
    return errorMessage('unit_holds_itself', '{{unit}} cannot hold itself', {
      unit: parent.serial,
    });
  }
  return rank(child.kind) < rank(parent.kind)
    ? undefined
    : errorMessage(
        'unit_does_not_fit',
        'a {{childKind}} ({{child}}) does not go into a {{unitKind}} ({{unit}})',
        { childKind: child.kind, child: child.serial, unitKind: parent.kind, unit: parent.serial },
      );
}

export interface AggregationRecord {
  seq: number;
  at: number;
  action: 'ADD' | 'DELETE';
  parentId: string;
  childUnitId: string | null;
  childLotId: string | null;
  quantity: number | null;
}

export interface ContentLine {
  parentId: string;
  childId: string;
  childKind: 'unit' | 'lot';
  quantity: number;
}

/**
 * What each container held at `at` (epoch ms), replayed from its aggregation
 * events in order: an ADD puts a unit or a quantity in, a DELETE takes it out.
 */
export function contentsAt(records: readonly AggregationRecord[], at: number): ContentLine[] {
  const held = new Map<string, ContentLine>();
  const ordered = [...records].sort((a, b) => a.seq - b.seq);
  for (const r of ordered) {
    if (r.at > at) continue;
    const childId = (r.childUnitId ?? r.childLotId) as string;
    const key = `${r.parentId}|${childId}`;
    const change = r.childUnitId ? 1 : (r.quantity ?? 0);
    const line = held.get(key) ?? {
      parentId: r.parentId,
      childId,
      childKind: r.childUnitId ? ('unit' as const) : ('lot' as const),
      quantity: 0,
    };
    line.quantity = roundQuantity(line.quantity + (r.action === 'ADD' ? change : -change));
    if (line.quantity > 0) held.set(key, line);
    else held.delete(key);
  }
  return [...held.values()];
}

// ------------------------------------------------------------ mass balance

export interface MassBalanceInput {
  /** Received (supplier lot) or made (production output). */
  in: number;
  /** Consumed by work orders, settled (feeder loads that ended). */
  consumed: number;
  /** Consumed by loads still in a feeder (not yet posted to the ledger). */
  consuming: number;
  scrapped: number;
  shipped: number;
  /** Count adjustments, net (positive: found; negative: lost), each with its reason. */
  adjusted: number;
  /** What the ledger says is in stock, line side included. */
  ledgerOnHand: number;
}

export interface MassBalance extends MassBalanceInput {
  /** Ledger stock less what the feeders have used of it meanwhile. */
  onHand: number;
  /** in + adjusted − consumed − consuming − scrapped − shipped − onHand: zero, or unexplained. */
  difference: number;
  balanced: boolean;
}

export function massBalance(input: MassBalanceInput): MassBalance {
  const onHand = roundQuantity(input.ledgerOnHand - input.consuming);
  const difference = roundQuantity(
    input.in +
      input.adjusted -
      input.consumed -
      input.consuming -
      input.scrapped -
      input.shipped -
      onHand,
  );
  return { ...input, onHand, difference, balanced: Math.abs(difference) < 1e-6 };
}

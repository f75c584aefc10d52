// Shipping rules without the database: the states of a customer's call-off
// order and what each allows, which containers an order line is allocated
// (first expiry first, whole crates and pallets before cans, never more than
// ordered), and the figures of the dangerous-goods declaration.

import { type ErrorMessage, errorMessage } from '../../core/errors.js';

export type OrderId = string & { readonly __brand: 'OrderId' };
export type ShipmentId = string & { readonly __brand: 'ShipmentId' };

export const ORDER_STATES = ['open', 'allocated', 'picked', 'dispatched', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_COMMANDS = ['allocate', 'deallocate', 'pick', 'dispatch', 'cancel'] as const;
export type OrderCommand = (typeof ORDER_COMMANDS)[number];

/** Why the order may not take this command in its state, or undefined when it may. */
export function orderRefusal(
  order: { number: string; state: OrderState },
  command: OrderCommand,
): ErrorMessage | undefined {
  const facts = { order: order.number, orderState: order.state, command };
  const { state } = order;
  if (state === 'dispatched') {
    return errorMessage(
      'order_dispatched',
      'order {{order}} was dispatched: nothing more can be done to it',
      facts,
    );
  }
  if (state === 'cancelled') {
    return errorMessage('order_cancelled', 'order {{order}} was cancelled', facts);
  }
  switch (command) {
    case 'allocate':
      // Allocating an allocated order tops up what is still short.
      return state === 'picked'
        ? errorMessage(
            'order_picked_not_allocatable',
            'order {{order}} is picked: dispatch it, or cancel it and enter it again',
            facts,
          )
        : undefined;
    case 'deallocate':
      return state === 'open'
        ? errorMessage('order_nothing_allocated', 'order {{order}} has nothing allocated', facts)
        : undefined;
    case 'pick':
      if (state === 'open') {
        return errorMessage(
          'order_nothing_to_pick',
          'order {{order}} has nothing allocated to pick: allocate it first',
          facts,
        );
      }
      if (state === 'picked') {
        return errorMessage('order_picked_already', 'order {{order}} is picked already', facts);
      }
      return undefined;
    case 'dispatch':
      if (state === 'open') {
        return errorMessage(
          'order_nothing_to_dispatch',
          'order {{order}} has nothing allocated: allocate and pick it first',
          facts,
        );
      }
      if (state === 'allocated') {
        return errorMessage(
          'order_not_picked',
          'order {{order}} is not picked yet: pick it first',
          facts,
        );
      }
      return undefined;
    case 'cancel':
      return undefined;
    default: {
      const unknownCommand: never = command;
      return errorMessage('order_command_unknown', 'unknown command {{command}}', {
        command: String(unknownCommand),
      });
    }
  }
}

// ------------------------------------------------------------ allocation

export const CONTAINER_KINDS = ['packet', 'can', 'crate', 'pallet'] as const;
export type ContainerKind = (typeof CONTAINER_KINDS)[number];

/** Crates and pallets travel whole; a can or packet on its own is a remnant. */
export function isWholeContainer(kind: ContainerKind): boolean {
  return kind === 'crate' || kind === 'pallet';
}

/** Locations nothing is allocated from: stock there is not for customers. */
export function allocatableLocation(kind: string): boolean {
  return kind !== 'scrap' && kind !== 'range_store';
}

export interface LotFacts {
  number: string;
  material: string;
  status: string;
  /** YYYY-MM-DD, the last day the lot may be used; null when it does not expire. */
  expiresOn: string | null;
}

/**
 * Why a lot may not go to a customer on an order line due on `due`, or
 * undefined when it may. A lot is usable through its expiry date, as at the
 * feeders.
 */
export function lotRefusalForLine(lot: LotFacts, product: string, due: string): string | undefined {
  if (lot.material !== product) return `lot ${lot.number} is ${lot.material}, not ${product}`;
  if (lot.status !== 'released') {
    const why =
      lot.status === 'on_hold'
        ? 'on hold'
        : lot.status === 'quarantine'
          ? 'in quarantine, not released by QA'
          : lot.status;
    return `lot ${lot.number} is ${why}`;
  }
  if (lot.expiresOn !== null && lot.expiresOn < due) {
    return `lot ${lot.number} expires on ${lot.expiresOn}, before the order is due (${due})`;
  }
  return undefined;
}

/** A top-level container that could go to an order line: everything in it is the line's product. */
export interface Candidate {
  serial: string;
  kind: ContainerKind;
  location: string;
  /** Of the product, over the whole container. */
  quantity: number;
  /** The earliest expiry of the lots inside; null when none expires. */
  expiresOn: string | null;
  /** Lot numbers inside, sorted. */
  lots: string[];
}

export interface Allocation {
  /** The containers taken, in the order they were chosen. */
  taken: Candidate[];
  allocated: number;
  shortfall: number;
  /** Containers passed over because they hold more than was still wanted. */
  tooLarge: Candidate[];
}

const KIND_SIZE: Record<ContainerKind, number> = { packet: 0, can: 1, crate: 2, pallet: 3 };

/** First expiry first; a lot's containers together; the bigger container first; then by serial. */
export function fefoOrder(a: Candidate, b: Candidate): number {
  const expiry = (c: Candidate) => c.expiresOn ?? '9999-12-31';
  return (
    expiry(a).localeCompare(expiry(b)) ||
    (a.lots[0] ?? '').localeCompare(b.lots[0] ?? '') ||
    KIND_SIZE[b.kind] - KIND_SIZE[a.kind] ||
    a.serial.localeCompare(b.serial)
  );
}

/**
 * Which containers make up `wanted`: whole crates and pallets first, then
 * cans and packets, each pass first expiry first, taking a container only
 * while it fits in what is still wanted, so an order never gets more than it
 * asked for. Containers are never split here: unpacking is the storekeeper's
 * decision.
 */
export function allocate(candidates: readonly Candidate[], wanted: number): Allocation {
  let remaining = roundQuantity(wanted);
  const taken: Candidate[] = [];
  const passedOver: Candidate[] = [];
  const passes = [
    candidates.filter((c) => isWholeContainer(c.kind)),
    candidates.filter((c) => !isWholeContainer(c.kind)),
  ];
  for (const pass of passes) {
    for (const candidate of [...pass].sort(fefoOrder)) {
      if (remaining <= 0) break;
      if (!(candidate.quantity > 0)) continue;
      if (candidate.quantity <= remaining) {
        taken.push(candidate);
        remaining = roundQuantity(remaining - candidate.quantity);
      } else {
        passedOver.push(candidate);
      }
    }
  }
  const shortfall = Math.max(0, remaining);
  return {
    taken,
    allocated: roundQuantity(wanted - shortfall),
    shortfall,
    tooLarge: shortfall > 0 ? passedOver.filter((c) => c.quantity > shortfall) : [],
  };
}

/** Quantities as the ledger stores them (6 decimals). */
export function roundQuantity(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// ------------------------------------------------------------ dangerous goods

/**
 * Proper shipping names of the UN numbers Lotline's reference data could
 * verify (shared/reference/storage/hazard.json, status "verified"), with the
 * classification code each entry carries. Where the Dangerous Goods List
 * joins names with "or", only the one that fits the goods is declared (UN
 * Model Regulations 3.1.2.2, recalled): small-arms cartridges here. A UN
 * number not listed is refused rather than declared under a guessed name.
 */
export const PROPER_SHIPPING_NAMES: Readonly<
  Record<string, { name: string; classificationCode: string }>
> = {
  UN0012: { name: 'CARTRIDGES, SMALL ARMS', classificationCode: '1.4S' },
  UN0014: { name: 'CARTRIDGES, SMALL ARMS, BLANK', classificationCode: '1.4S' },
  UN0044: { name: 'PRIMERS, CAP TYPE', classificationCode: '1.4S' },
  UN0055: { name: 'CASES, CARTRIDGE, EMPTY, WITH PRIMER', classificationCode: '1.4S' },
  UN0323: { name: 'CARTRIDGES, POWER DEVICE', classificationCode: '1.4S' },
  UN0345: { name: 'PROJECTILES, inert with tracer', classificationCode: '1.4S' },
  UN0376: { name: 'PRIMERS, TUBULAR', classificationCode: '1.4S' },
};

export interface HazardFacts {
  unNumber: string;
  division: string;
  compatibilityGroup: string;
  netExplosivePerUnitKg: number;
}

/** A quantity of one lot inside a package. */
export interface PackedQuantity {
  lot: string;
  material: string;
  quantity: number;
  unit: string;
}

/** A shipped container as it left: its own lots and the containers inside it. */
export interface PackageTree {
  serial: string;
  kind: ContainerKind;
  /** The packaging material of the plant file (e.g. CRATE-1320), when known. */
  packaging: string | null;
  lots: PackedQuantity[];
  units: PackageTree[];
}

/** Every lot quantity in the tree. */
export function treeTotals(tree: PackageTree): PackedQuantity[] {
  const totals = new Map<string, PackedQuantity>();
  const visit = (node: PackageTree) => {
    for (const l of node.lots) {
      const known = totals.get(l.lot);
      totals.set(l.lot, {
        ...l,
        quantity: roundQuantity((known?.quantity ?? 0) + l.quantity),
      });
    }
    for (const child of node.units) visit(child);
  };
  visit(tree);
  return [...totals.values()].sort((a, b) => a.lot.localeCompare(b.lot));
}

/**
 * The packages a shipped container counts as. A pallet carrying crates or
 * cans is an overpack: its packages are what stands on it. Anything else is
 * one package.
 */
export function packagesOf(tree: PackageTree): { overpack: boolean; packages: PackageTree[] } {
  // Cartridges go only into packets and cans, so a pallet holds containers only.
  if (tree.kind === 'pallet' && tree.units.length > 0)
    return { overpack: true, packages: tree.units };
  return { overpack: false, packages: [tree] };
}

export interface DangerousGoodsEntry {
  unNumber: string;
  properShippingName: string;
  /** Always 1 here: explosives. */
  hazardClass: '1';
  division: string;
  compatibilityGroup: string;
  /** Division and group, e.g. 1.4S. */
  classificationCode: string;
  /** Packages by kind, e.g. 2 crate (CRATE-1320). */
  packages: { count: number; kind: ContainerKind; packaging: string | null }[];
  packageCount: number;
  /** Articles (cartridges, primers) declared under the entry, by material. */
  materials: { material: string; quantity: number; unit: string; netExplosiveKg: number }[];
  /** Net explosive quantity: Σ quantity × net explosive per unit, kg. */
  netExplosiveKg: number;
}

export interface DangerousGoodsDeclaration {
  entries: DangerousGoodsEntry[];
  totals: { packages: number; overpacks: number; netExplosiveKg: number };
}

export type DeclarationResult =
  | { ok: true; value: DangerousGoodsDeclaration }
  | { ok: false; problems: string[] };

/** Kilograms of net explosive, to the gram's thousandth (6 decimals as stored). */
export function netExplosiveKg(quantity: number, perUnitKg: number): number {
  return roundQuantity(quantity * perUnitKg);
}

/**
 * The dangerous-goods declaration of a shipment (UN Model Regulations
 * 5.4.1.4, recalled: UN number, proper shipping name, class with division and
 * compatibility group; number and kind of packages; for class 1 the net
 * explosive quantity): one entry per UN number and classification, packages
 * counted once under each entry whose goods they hold. Materials without
 * hazard data are not dangerous goods and are left out.
 */
export function dangerousGoods(
  shipped: readonly PackageTree[],
  hazardOf: (material: string) => HazardFacts | undefined,
): DeclarationResult {
  const problems: string[] = [];
  const entries = new Map<
    string,
    DangerousGoodsEntry & { packageSerials: Map<string, PackageTree> }
  >();
  let overpacks = 0;
  const allPackages = new Set<string>();
  for (const container of shipped) {
    const { overpack, packages } = packagesOf(container);
    if (overpack) overpacks += 1;
    for (const pkg of packages) {
      for (const content of treeTotals(pkg)) {
        const hazard = hazardOf(content.material);
        if (!hazard) continue;
        const known = PROPER_SHIPPING_NAMES[hazard.unNumber];
        const code = `${hazard.division}${hazard.compatibilityGroup}`;
        if (!known) {
          problems.push(
            `${content.material} is ${hazard.unNumber}, which has no verified proper shipping name in Lotline: the declaration cannot name it`,
          );
          continue;
        }
        if (known.classificationCode !== code) {
          problems.push(
            `${content.material} is classified ${code} in the plant file, but ${hazard.unNumber} (${known.name}) is ${known.classificationCode}`,
          );
          continue;
        }
        const key = `${hazard.unNumber}|${code}`;
        const entry = entries.get(key) ?? {
          unNumber: hazard.unNumber,
          properShippingName: known.name,
          hazardClass: '1' as const,
          division: hazard.division,
          compatibilityGroup: hazard.compatibilityGroup,
          classificationCode: code,
          packages: [],
          packageCount: 0,
          materials: [],
          netExplosiveKg: 0,
          packageSerials: new Map<string, PackageTree>(),
        };
        entry.packageSerials.set(pkg.serial, pkg);
        allPackages.add(pkg.serial);
        const neq = netExplosiveKg(content.quantity, hazard.netExplosivePerUnitKg);
        const material = entry.materials.find((m) => m.material === content.material);
        if (material) {
          material.quantity = roundQuantity(material.quantity + content.quantity);
          material.netExplosiveKg = roundQuantity(material.netExplosiveKg + neq);
        } else {
          entry.materials.push({
            material: content.material,
            quantity: content.quantity,
            unit: content.unit,
            netExplosiveKg: neq,
          });
        }
        entry.netExplosiveKg = roundQuantity(entry.netExplosiveKg + neq);
        entries.set(key, entry);
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const list: DangerousGoodsEntry[] = [...entries.values()]
    .sort((a, b) => a.unNumber.localeCompare(b.unNumber))
    .map(({ packageSerials, ...entry }) => {
      const byKind = new Map<
        string,
        { count: number; kind: ContainerKind; packaging: string | null }
      >();
      for (const pkg of packageSerials.values()) {
        const kindKey = `${pkg.kind}|${pkg.packaging ?? ''}`;
        const known = byKind.get(kindKey);
        if (known) known.count += 1;
        else byKind.set(kindKey, { count: 1, kind: pkg.kind, packaging: pkg.packaging });
      }
      return {
        ...entry,
        packages: [...byKind.values()].sort(
          (a, b) => KIND_SIZE[b.kind] - KIND_SIZE[a.kind] || a.kind.localeCompare(b.kind),
        ),
        packageCount: packageSerials.size,
        materials: entry.materials.sort((a, b) => a.material.localeCompare(b.material)),
      };
    });
  return {
    ok: true,
    value: {
      entries: list,
      totals: {
        packages: allPackages.size,
        overpacks,
        netExplosiveKg: roundQuantity(list.reduce((s, e) => s + e.netExplosiveKg, 0)),
      },
    },
  };
}

/** "2 crates (CRATE-1320)", "1 can" — the kind of packages in words. */
export function describePackages(packages: DangerousGoodsEntry['packages']): string {
  return packages
    .map(
      (p) =>
        `${p.count} ${p.count === 1 ? p.kind : `${p.kind}s`}${p.packaging ? ` (${p.packaging})` : ''}`,
    )
    .join(', ');
}

// ------------------------------------------------------------ shipment record

/** A shipped top-level container, as it left. */
export interface ShippedContainer {
  serial: string;
  sscc: string | null;
  kind: ContainerKind;
  packaging: string | null;
  /** Where it was picked from. */
  from: string;
  /** The order line it was allocated to. */
  line: number;
  product: string;
  quantity: number;
  lots: { lot: string; quantity: number; expiresOn: string | null }[];
  tree: PackageTree;
}

/** What the storekeeper signs at dispatch, and what the documents print. */
export interface ShipmentContent {
  shipment: string;
  order: string;
  shipper: { code: string; name: string };
  consignee: { code: string; name: string; country: string };
  carrier: string | null;
  vehicle: string | null;
  dispatchedAt: string;
  containers: ShippedContainer[];
  lines: {
    line: number;
    product: string;
    name: string;
    unit: string;
    quantity: number;
    ordered: number;
    lots: { lot: string; quantity: number; expiresOn: string | null }[];
  }[];
  dangerousGoods: DangerousGoodsDeclaration;
}

/** How much a late delivery costs in planning: the scheduler weighs each step double. */
export const ORDER_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type OrderPriority = (typeof ORDER_PRIORITIES)[number];

// Explosives storage safety without the database: which compatibility groups
// may share a storage site, and the interlock that every movement into a
// location passes (hazard division, compatibility group, net explosive
// quantity). Pure, so the ledger, the web app and the simulation share it.
//
// Sources are those of ../shared/reference/storage (hazard.json, SOURCES.md);
// their keys are quoted in square brackets. Only rules marked "verified" there
// are defaults. The DoD / NATO storage compatibility chart was not obtained,
// so a pair of groups no verified rule decides is refused until the plant's
// safety officer decides it in the plant file (safety.mixing).
import { type ErrorMessage, type ErrorParams, errorMessage } from '../../core/errors.js';
import { COMPATIBILITY_GROUPS } from '../plant/hazard-codes.js';
import type { Material, PlantFile, StorageLocation } from '../plant/index.js';

type Hazard = NonNullable<Material['hazard']>;
export type HazardDivision = Hazard['division'];
export type CompatibilityGroup = Hazard['compatibilityGroup'];
type PlantMixingRule = NonNullable<PlantFile['safety']>['mixing'][number];

// ---------------------------------------------------------------------------
// The mixing matrix

export type MixingVerdict = 'allowed' | 'forbidden' | 'not_covered';

/** Where a verdict comes from: a verified public rule, the plant file, or the refusal of the unknown. */
export type MixingStatus = 'verified' | 'plant' | 'no_rule';

/** The verdict for one unordered pair of groups (a group with itself included). */
export interface MixingEntry {
  groups: readonly [CompatibilityGroup, CompatibilityGroup];
  verdict: MixingVerdict;
  /** Allowed only while the storage site holds at most this net explosive quantity in all. */
  maxNetExplosiveKg?: number;
  /** Allowed only between lots of one material (group L: each type apart). */
  sameMaterialOnly?: boolean;
  /** The rule in words. */
  rule: string;
  source: string;
  status: MixingStatus;
}

/** A verified rule as data: the pairs it decides and how. */
export interface VerifiedMixingRule {
  pairs: readonly (readonly [CompatibilityGroup, CompatibilityGroup])[];
  verdict: 'allowed' | 'forbidden';
  sameMaterialOnly?: true;
  rule: string;
  source: string;
}

type Pair = readonly [CompatibilityGroup, CompatibilityGroup];
const ALL: readonly CompatibilityGroup[] = COMPATIBILITY_GROUPS;
const A_TO_K: readonly CompatibilityGroup[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K'];
const withEach = (group: CompatibilityGroup, others: readonly CompatibilityGroup[]): Pair[] =>
  others.filter((o) => o !== group).map((o) => [group, o] as const);
const amongDistinct = (groups: readonly CompatibilityGroup[]): Pair[] =>
  groups.flatMap((a, i) => groups.slice(i + 1).map((b) => [a, b] as const));

const FR_1980 = 'French arrêté of 26 September 1980, art. 7 [FR-1980]';

/**
 * The storage mixing rules read in public sources [hazard.json storageMixing.verifiedRules].
 * They agree wherever they overlap. Not a full chart: the pairs they leave
 * open (group N with A–K) are refused by default.
 */
export const VERIFIED_MIXING_RULES: readonly VerifiedMixingRule[] = [
  {
    pairs: withEach(
      'S',
      ALL.filter((g) => g !== 'A' && g !== 'L'),
    ),
    verdict: 'allowed',
    rule: 'group S may be stored with all other groups except A and L',
    source: FR_1980,
  },
  {
    pairs: [
      ['S', 'A'],
      ['S', 'L'],
    ],
    verdict: 'forbidden',
    rule: 'group S may be stored with all other groups except A and L',
    source: FR_1980,
  },
  {
    pairs: withEach('L', ALL),
    verdict: 'forbidden',
    rule: 'group L is stored apart from every other group',
    source: FR_1980,
  },
  {
    pairs: [['L', 'L']],
    verdict: 'allowed',
    sameMaterialOnly: true,
    rule: 'each type of group L is stored separately',
    source: FR_1980,
  },
  {
    // FR-1980 adds "unless measures prevent an accident passing between
    // them": such measures are the safety officer's to assert, in the plant file.
    pairs: amongDistinct(A_TO_K),
    verdict: 'forbidden',
    rule: 'different groups among A–H, J and K are not stored together',
    source: FR_1980,
  },
  {
    pairs: withEach(
      'H',
      ALL.filter((g) => g !== 'S'),
    ),
    verdict: 'forbidden',
    rule: 'group H (white phosphorus) is stored only with group S',
    source: 'TM 9-1300-206 storage compatibility chart, extract [ARMY-MM2603]',
  },
  {
    // What a compatibility group is: FR-1980 art. 7 restricts different groups only.
    pairs: ALL.filter((g) => g !== 'L').map((g) => [g, g] as const),
    verdict: 'allowed',
    rule: 'goods of one compatibility group may be stored together',
    source: `${FR_1980}; UN Model Regulations 2.1.2.1 [UN]`,
  },
];

/**
 * TM 9-1300-206 [ARMY-MM2603]: groups C, D, E, F, G and S may be combined up
 * to 1,000 lb (453.6 kg) NEW per storage site if packaged per approved
 * drawings. Not a default, for three reasons: it relaxes the stricter verified
 * rule (FR-1980: different groups among A–K apart); its packaging condition is
 * not something the system can see; and it is a US Army storage rule, not
 * necessarily this plant's law. A safety officer who adopts it copies this
 * entry into the plant file's safety.mixing. S is left out: it already mixes
 * with these groups without a limit.
 */
export const SMALL_QUANTITY_COMBINATION: PlantMixingRule = {
  groups: ['C', 'D', 'E', 'F', 'G'],
  allowed: true,
  maxNetExplosiveKg: 453.59237,
  note: 'TM 9-1300-206: C, D, E, F, G (and S) together up to 1,000 lb NEW per storage site, packaged per approved drawings [ARMY-MM2603]',
};

export type MixingMatrix = ReadonlyMap<string, MixingEntry>;

const pairKey = (a: CompatibilityGroup, b: CompatibilityGroup) =>
  a <= b ? `${a}${b}` : `${b}${a}`;
const sorted = (a: CompatibilityGroup, b: CompatibilityGroup): Pair => (a <= b ? [a, b] : [b, a]);

/**
 * The matrix for every pair of groups: the verified rules (a forbidding rule
 * wins over an allowing one), then the plant's rules for the pairs they name.
 * Among plant rules naming the same pair the one naming fewer groups wins, so
 * a rule for a set can have exceptions; on a tie the stricter one wins
 * (forbidden, then the smaller quantity condition).
 */
export function mixingMatrix(plantRules: readonly PlantMixingRule[] = []): MixingMatrix {
  const matrix = new Map<string, MixingEntry>();
  for (const [i, a] of ALL.entries()) {
    for (const b of ALL.slice(i)) {
      matrix.set(pairKey(a, b), {
        groups: sorted(a, b),
        verdict: 'not_covered',
        rule: `no verified rule covers group ${a} with group ${b}`,
        source: 'none: the DoD / NATO storage compatibility chart was not obtained',
        status: 'no_rule',
      });
    }
  }
  for (const rule of VERIFIED_MIXING_RULES) {
    for (const [a, b] of rule.pairs) {
      const key = pairKey(a, b);
      if (matrix.get(key)?.verdict === 'forbidden') continue;
      matrix.set(key, {
        groups: sorted(a, b),
        verdict: rule.verdict,
        ...(rule.sameMaterialOnly ? { sameMaterialOnly: true } : {}),
        rule: rule.rule,
        source: rule.source,
        status: 'verified',
      });
    }
  }
  const chosen = new Map<string, PlantMixingRule>();
  const beats = (x: PlantMixingRule, y: PlantMixingRule) => {
    const size = (r: PlantMixingRule) => new Set(r.groups).size;
    if (size(x) !== size(y)) return size(x) < size(y);
    if (x.allowed !== y.allowed) return !x.allowed;
    return (
      (x.maxNetExplosiveKg ?? Number.POSITIVE_INFINITY) <
      (y.maxNetExplosiveKg ?? Number.POSITIVE_INFINITY)
    );
  };
  for (const rule of plantRules) {
    const groups = [...new Set(rule.groups)];
    const pairs = groups.length === 1 ? [[groups[0], groups[0]] as Pair] : amongDistinct(groups);
    for (const [a, b] of pairs) {
      const key = pairKey(a, b);
      const held = chosen.get(key);
      if (!held || beats(rule, held)) chosen.set(key, rule);
    }
  }
  for (const [key, rule] of chosen) {
    const groups = matrix.get(key)?.groups;
    if (!groups) continue;
    matrix.set(key, {
      groups,
      verdict: rule.allowed ? 'allowed' : 'forbidden',
      ...(rule.allowed && rule.maxNetExplosiveKg !== undefined
        ? { maxNetExplosiveKg: rule.maxNetExplosiveKg }
        : {}),
      rule: rule.allowed
        ? `the plant allows group ${groups[0]} with group ${groups[1]}`
        : `the plant forbids group ${groups[0]} with group ${groups[1]}`,
      source: `plant file safety.mixing: ${rule.note}`,
      status: 'plant',
    });
  }
  return matrix;
}

/** The plant's matrix: the verified defaults with the safety officer's rules over them. */
export function plantMixingMatrix(plant: PlantFile): MixingMatrix {
  return mixingMatrix(plant.safety?.mixing ?? []);
}

export function mixingOf(
  matrix: MixingMatrix,
  a: CompatibilityGroup,
  b: CompatibilityGroup,
): MixingEntry {
  const entry = matrix.get(pairKey(a, b));
  if (!entry) throw new Error(`mixing matrix without the pair ${a}/${b}`);
  return entry;
}

// ---------------------------------------------------------------------------
// Net explosive quantity

/** Net explosive quantity (kg) of a quantity of a material; 0 for a material that is not an explosive. */
export function neqOf(material: Pick<Material, 'hazard'>, quantity: number): number {
  return material.hazard ? quantity * material.hazard.netExplosivePerUnitKg : 0;
}

export type NeqByDivision = Partial<Record<HazardDivision, number>>;

/**
 * The divisions from the most hazardous down, by their verified meanings
 * [UN, IFC]: mass explosion (1.1; 1.5 is a very insensitive mass-explosion
 * substance), projection (1.2), mass fire (1.3), extremely insensitive
 * articles without mass explosion (1.6), no significant hazard (1.4). Where
 * 1.6 sits between 1.3 and 1.4 is a judgement from the meanings, not a table.
 */
export const DIVISIONS_BY_HAZARD: readonly HazardDivision[] = [
  '1.1',
  '1.5',
  '1.2',
  '1.3',
  '1.6',
  '1.4',
];

export function mostHazardous(divisions: Iterable<HazardDivision>): HazardDivision | undefined {
  const present = new Set(divisions);
  return DIVISIONS_BY_HAZARD.find((d) => present.has(d));
}

export function totalNeq(byDivision: NeqByDivision): number {
  return Object.values(byDivision).reduce<number>((sum, kg) => sum + (kg ?? 0), 0);
}

export function addNeq(into: NeqByDivision, division: HazardDivision, kg: number): void {
  into[division] = (into[division] ?? 0) + kg;
}

// ---------------------------------------------------------------------------
// Locations: a building and its bays

/** A location's parents, nearest first (a loop in a bad file ends the walk). */
export function ancestorsOf(plant: PlantFile, code: string): StorageLocation[] {
  const byCode = new Map(plant.locations.map((l) => [l.code, l]));
  const out: StorageLocation[] = [];
  const seen = new Set([code]);
  let next = byCode.get(code)?.parent;
  while (next !== undefined && !seen.has(next)) {
    const parent = byCode.get(next);
    if (!parent) break;
    out.push(parent);
    seen.add(next);
    next = parent.parent;
  }
  return out;
}

/** A location and everything inside it, at any depth. */
export function locationsWithin(plant: PlantFile, code: string): Set<string> {
  const within = new Set([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of plant.locations) {
      if (l.parent !== undefined && within.has(l.parent) && !within.has(l.code)) {
        within.add(l.code);
        grew = true;
      }
    }
  }
  return within;
}

/** The building a location is in (its topmost parent, or itself). */
export function buildingOf(plant: PlantFile, code: string): string {
  return ancestorsOf(plant, code).at(-1)?.code ?? code;
}

// ---------------------------------------------------------------------------
// Stock

/** A balance: how much of a lot (of a material, by code) is at a location. */
export interface StockLine {
  location: string;
  lot: string;
  material: string;
  quantity: number;
}

/** What a movement brings. */
export interface IncomingLot {
  lot: string;
  material: string;
  quantity: number;
}

/** The compatibility groups in the stock, each with the lots of that group and where they are. */
export function groupsAt(
  plant: PlantFile,
  stock: readonly StockLine[],
): Map<CompatibilityGroup, StockLine[]> {
  const materials = new Map(plant.materials.map((m) => [m.code, m]));
  const groups = new Map<CompatibilityGroup, StockLine[]>();
  for (const line of stock) {
    const group = materials.get(line.material)?.hazard?.compatibilityGroup;
    if (group === undefined || !(line.quantity > 0)) continue;
    groups.set(group, [...(groups.get(group) ?? []), line]);
  }
  return groups;
}

/**
 * Net explosive quantity held directly at each location, by hazard division.
 * Lines of materials the plant file does not list are returned apart: their
 * hazard is unknown.
 */
export function neqByLocation(
  plant: PlantFile,
  stock: readonly StockLine[],
): { byLocation: Map<string, NeqByDivision>; unknown: StockLine[] } {
  const materials = new Map(plant.materials.map((m) => [m.code, m]));
  const byLocation = new Map<string, NeqByDivision>();
  const unknown: StockLine[] = [];
  for (const line of stock) {
    const material = materials.get(line.material);
    if (!material) {
      unknown.push(line);
      continue;
    }
    if (!material.hazard || !(line.quantity > 0)) continue;
    const at = byLocation.get(line.location) ?? {};
    addNeq(at, material.hazard.division, neqOf(material, line.quantity));
    byLocation.set(line.location, at);
  }
  return { byLocation, unknown };
}

// ---------------------------------------------------------------------------
// The interlock

export const REFUSAL_CODES = [
  'unknown_location',
  'unknown_material',
  'not_explosive_in_magazine',
  'no_explosives_here',
  'division_not_allowed',
  'group_not_allowed',
  'mixing_forbidden',
  'mixing_not_covered',
  'mixing_over_quantity',
  'no_explosive_limit',
  'explosive_limit_exceeded',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * Why a movement may not go where it is going, in words a magazine keeper
 * acts on: the message, and its params for a client to say it in its own
 * language (the ledger's error carries both, with the code).
 */
export interface Refusal {
  code: RefusalCode;
  message: string;
  params: ErrorParams;
  details: Record<string, unknown>;
}

const refusalOf = (
  reason: ErrorMessage<RefusalCode>,
  details: Record<string, unknown>,
): Refusal => ({ code: reason.code, message: reason.text, params: reason.params, details });

/** A small tolerance: quantities are exact decimals, products of them are floats. */
const EPSILON_KG = 1e-6;

export function formatKg(kg: number): string {
  return kg.toLocaleString('en-US', { maximumFractionDigits: Math.abs(kg) >= 10 ? 1 : 4 });
}

/** Kilograms rounded as formatKg shows them, as a number a message param carries. */
const roundedKg = (kg: number): number => Number(formatKg(kg).replaceAll(',', ''));

const classification = (h: Hazard) => `${h.division}${h.compatibilityGroup}`;

/**
 * Whether the interlock's verdict on a lot of this material can depend on
 * what the destination's building holds. Only an explosive's can (mixing,
 * net explosive limits): a known material without a hazard is refused or
 * allowed by the destination alone, and adds nothing to any limit
 * (`neqOf` is 0), so a movement of it needs neither the building's lock nor
 * its stock. An unknown material is answered as one that depends.
 */
export function dependsOnStock(plant: PlantFile, materialCode: string): boolean {
  const material = plant.materials.find((m) => m.code === materialCode);
  return material === undefined || material.hazard !== undefined;
}

/**
 * Checks one movement of a lot into `destination`, before it is recorded.
 * `stock` holds the balances of the destination's building (the building and
 * all its bays; lines elsewhere are ignored). In order: (1) the location takes
 * explosives of this hazard division; (2) its compatibility group is allowed
 * there and mixes with every group already in the building; (3) the net
 * explosive quantity stays within the limit of the destination and of every
 * location it is inside. Returns the first refusal, or undefined.
 *
 * A material without hazard data is not an explosive: it has no group and no
 * net explosive quantity, and goes anywhere except into a magazine. That is
 * plant policy, not a rule of the reference: a magazine is sited and limited
 * for the explosives in it, and other goods there are fire load and traffic
 * nobody counted.
 *
 * The whole building is one storage site for mixing: whether the walls
 * between bays keep an accident from passing is the safety officer's to say
 * (by allowing the pair in the plant file), not the system's to assume.
 */
export function movementInterlock(
  plant: PlantFile,
  destination: string,
  stock: readonly StockLine[],
  incoming: IncomingLot,
): Refusal | undefined {
  const location = plant.locations.find((l) => l.code === destination);
  if (!location) {
    return refusalOf(
      errorMessage('unknown_location', 'there is no location "{{location}}" in the plant', {
        location: destination,
      }),
      { location: destination },
    );
  }
  const materials = new Map(plant.materials.map((m) => [m.code, m]));
  const material = materials.get(incoming.material);
  if (!material) {
    return refusalOf(
      errorMessage(
        'unknown_material',
        'lot {{lot}} is of material "{{material}}", which the plant file does not list: its hazard is unknown',
        { lot: incoming.lot, material: incoming.material },
      ),
      { lot: incoming.lot, material: incoming.material },
    );
  }
  const hazard = material.hazard;

  // (1) Explosives at all, and this hazard division.
  if (!hazard) {
    if (location.kind !== 'magazine') return undefined;
    return refusalOf(
      errorMessage(
        'not_explosive_in_magazine',
        'lot {{lot}} ({{material}}) is not an explosive and {{location}} is a magazine: magazines hold explosives only',
        { lot: incoming.lot, material: material.code, location: destination },
      ),
      { lot: incoming.lot, material: material.code, location: destination },
    );
  }
  // What the lot is, for every message below: "lot P-1 is 1.3C (UN0161)".
  const what = {
    lot: incoming.lot,
    classification: classification(hazard),
    unNumber: hazard.unNumber,
    location: destination,
  };
  if (location.hazardDivisions.length === 0) {
    return refusalOf(
      errorMessage(
        'no_explosives_here',
        'lot {{lot}} is {{classification}} ({{unNumber}}) and {{location}} takes no explosives',
        { ...what, division: hazard.division },
      ),
      { lot: incoming.lot, location: destination, division: hazard.division },
    );
  }
  if (!location.hazardDivisions.includes(hazard.division)) {
    return refusalOf(
      errorMessage(
        'division_not_allowed',
        location.hazardDivisions.length === 1
          ? 'lot {{lot}} is {{classification}} ({{unNumber}}) and {{location}} may hold hazard division {{allowed}} only'
          : 'lot {{lot}} is {{classification}} ({{unNumber}}) and {{location}} may hold hazard division {{allowed}}',
        { ...what, division: hazard.division, allowed: location.hazardDivisions },
      ),
      {
        lot: incoming.lot,
        location: destination,
        division: hazard.division,
        allowed: location.hazardDivisions,
      },
    );
  }

  // (2) The group is allowed here and mixes with every group in the building.
  const group = hazard.compatibilityGroup;
  if (!location.compatibilityGroups.includes(group)) {
    return refusalOf(
      errorMessage(
        'group_not_allowed',
        location.compatibilityGroups.length === 1
          ? 'lot {{lot}} is {{classification}} ({{unNumber}}) and {{location}} may hold compatibility group {{allowed}} only'
          : 'lot {{lot}} is {{classification}} ({{unNumber}}) and {{location}} may hold compatibility group {{allowed}}',
        { ...what, group, allowed: location.compatibilityGroups },
      ),
      {
        lot: incoming.lot,
        location: destination,
        group,
        allowed: location.compatibilityGroups,
      },
    );
  }
  const building = buildingOf(plant, destination);
  const inBuilding = locationsWithin(plant, building);
  const present = stock.filter((line) => inBuilding.has(line.location) && line.quantity > 0);
  const unknown = present.find((line) => !materials.has(line.material));
  if (unknown) {
    return refusalOf(
      errorMessage(
        'unknown_material',
        'lot {{lot}} in {{location}} is of material "{{material}}", which the plant file ' +
          'does not list: what it holds is unknown, so no explosive joins it in {{building}} until that is resolved',
        { lot: unknown.lot, location: unknown.location, material: unknown.material, building },
      ),
      { lot: unknown.lot, location: unknown.location, material: unknown.material },
    );
  }
  const neqAfter = (within: ReadonlySet<string>) =>
    present.reduce(
      (sum, line) => {
        const m = materials.get(line.material);
        return within.has(line.location) && m ? sum + neqOf(m, line.quantity) : sum;
      },
      neqOf(material, incoming.quantity),
    );

  const matrix = plantMixingMatrix(plant);
  const refusals: Refusal[] = [];
  let quantityCondition: { maxKg: number; line: StockLine; entry: MixingEntry } | undefined;
  for (const line of present) {
    const other = materials.get(line.material)?.hazard;
    if (!other) continue;
    const entry = mixingOf(matrix, group, other.compatibilityGroup);
    // The groups that clash, and where: a translation names them from these.
    const clash = {
      lot: incoming.lot,
      group,
      clashingLot: line.lot,
      clashingGroup: other.compatibilityGroup,
      location: line.location,
      destination,
      groups: [group, other.compatibilityGroup],
      source: entry.source,
    };
    const details = {
      lot: incoming.lot,
      group,
      clashingLot: line.lot,
      clashingGroup: other.compatibilityGroup,
      location: line.location,
      rule: entry.rule,
      source: entry.source,
      status: entry.status,
    };
    if (entry.verdict === 'forbidden') {
      refusals.push(
        refusalOf(
          errorMessage(
            'mixing_forbidden',
            'group {{group}} of lot {{lot}} clashes with group {{clashingGroup}} of lot {{clashingLot}} ' +
              'already in {{location}} ({{rule}}: {{source}})',
            { ...clash, rule: entry.rule },
          ),
          details,
        ),
      );
    } else if (entry.verdict === 'not_covered') {
      refusals.push(
        refusalOf(
          errorMessage(
            'mixing_not_covered',
            'group {{group}} of lot {{lot}} may not join group {{clashingGroup}} of lot {{clashingLot}} ' +
              'already in {{location}}: no verified rule allows {{group}} with {{clashingGroup}}, so it is ' +
              "not allowed unless the safety officer's matrix says so",
            clash,
          ),
          details,
        ),
      );
    } else if (entry.sameMaterialOnly && line.material !== material.code) {
      refusals.push(
        refusalOf(
          errorMessage(
            'mixing_forbidden',
            'group {{group}} of lot {{lot}} clashes with group {{clashingGroup}} of lot {{clashingLot}} ' +
              'already in {{location}}, another type of group {{group}} ({{material}} and {{clashingMaterial}}: {{rule}}, {{source}})',
            {
              ...clash,
              material: material.code,
              clashingMaterial: line.material,
              rule: entry.rule,
            },
          ),
          details,
        ),
      );
    } else if (
      entry.maxNetExplosiveKg !== undefined &&
      (!quantityCondition || entry.maxNetExplosiveKg < quantityCondition.maxKg)
    ) {
      quantityCondition = { maxKg: entry.maxNetExplosiveKg, line, entry };
    }
  }
  const first = refusals[0];
  if (first) {
    // Every group that clashes is named in the params, not only the first.
    const groups = [
      ...new Set(refusals.flatMap((r) => (Array.isArray(r.params.groups) ? r.params.groups : []))),
    ];
    return refusals.length === 1
      ? first
      : {
          ...first,
          message: `${first.message}; and ${refusals.length - 1} more clash(es)`,
          params: { ...first.params, groups, moreClashes: refusals.length - 1 },
          details: { ...first.details, clashes: refusals.map((r) => r.details) },
        };
  }
  if (quantityCondition) {
    const held = neqAfter(inBuilding);
    if (held > quantityCondition.maxKg + EPSILON_KG) {
      const { line, entry, maxKg } = quantityCondition;
      const other = materials.get(line.material)?.hazard?.compatibilityGroup;
      return refusalOf(
        errorMessage(
          'mixing_over_quantity',
          'group {{group}} of lot {{lot}} may join group {{clashingGroup}} of lot {{clashingLot}} in {{building}} only while ' +
            '{{building}} holds at most {{maxKg, number}} kg NEQ in all; it would hold {{wouldHoldKg, number}} kg ({{source}})',
          {
            group,
            lot: incoming.lot,
            clashingGroup: String(other),
            clashingLot: line.lot,
            building,
            groups: [group, String(other)],
            maxKg: roundedKg(maxKg),
            wouldHoldKg: roundedKg(held),
            source: entry.source,
          },
        ),
        {
          lot: incoming.lot,
          clashingLot: line.lot,
          location: building,
          maxNetExplosiveKg: maxKg,
          wouldHoldKg: held,
        },
      );
    }
  }

  // (3) Net explosive quantity of the destination and every location it is in.
  // All divisions are added up, whatever they are: counting the whole content
  // as the most hazardous division present (and never leaving HD 1.4 out, as
  // the recalled DoD mixed-division rules may allow) is the conservative reading.
  const incomingKg = neqOf(material, incoming.quantity);
  for (const place of [location, ...ancestorsOf(plant, destination)]) {
    const limit = place.netExplosiveLimitKg;
    if (limit === undefined) {
      if (place !== location) continue;
      return refusalOf(
        errorMessage(
          'no_explosive_limit',
          '{{location}} has no net explosive quantity limit in the plant file, and no explosive goes where no limit is set',
          { location: destination },
        ),
        { location: destination },
      );
    }
    const held = neqAfter(locationsWithin(plant, place.code));
    if (held > limit + EPSILON_KG) {
      const params = {
        lot: incoming.lot,
        incomingKg: roundedKg(incomingKg),
        destination,
        limitedLocation: place.code,
        wouldHoldKg: roundedKg(held),
        overKg: roundedKg(held - limit),
        limitKg: roundedKg(limit),
      };
      return refusalOf(
        errorMessage(
          'explosive_limit_exceeded',
          place === location
            ? 'lot {{lot}} brings {{incomingKg, number}} kg NEQ into {{destination}}: {{limitedLocation}} ' +
                "would hold {{wouldHoldKg, number}} kg NEQ, {{overKg, number}} kg over {{limitedLocation}}'s limit of {{limitKg, number}} kg"
            : 'lot {{lot}} brings {{incomingKg, number}} kg NEQ into {{destination}} ({{destination}} is in {{limitedLocation}}): {{limitedLocation}} ' +
                "would hold {{wouldHoldKg, number}} kg NEQ, {{overKg, number}} kg over {{limitedLocation}}'s limit of {{limitKg, number}} kg",
          params,
        ),
        {
          lot: incoming.lot,
          location: place.code,
          incomingKg,
          wouldHoldKg: held,
          limitKg: limit,
          overKg: held - limit,
        },
      );
    }
  }
  return undefined;
}

// Quantity-distance (QD): how far a magazine must be from inhabited buildings,
// public traffic routes and the other magazines, for what it holds:
// D = K·W^(1/3), W the net explosive quantity of the hazard division it is
// sited for [hazard.json quantityDistance]. SI throughout: D in metres, W in
// kilograms, K in m/kg^(1/3) (K_SI = K_imperial × 0.3048 / 0.45359237^(1/3)).
//
// The defaults are only the factors verified in public sources, which cover
// HD 1.1 (and HD 1.5, sited as 1.1) to inhabited buildings and public traffic
// routes up to 100,000 lb. Everything else — intermagazine distances, HD 1.2,
// 1.3, 1.4 and 1.6, larger quantities — has no default: the safety officer
// gives the factors in the plant file (safety.quantityDistance), and until
// then the report says "no verified rule" instead of inventing a distance.
// HD 1.4 in particular: the reference's DoD treatment (fixed distances, 1.4S
// generally without QD) is "recalled, NOT verified", so a 1.4S magazine is
// required no distance by default and the report says so.
import type { PlantFile, StorageLocation } from '../plant/index.js';
import {
  addNeq,
  DIVISIONS_BY_HAZARD,
  formatKg,
  type HazardDivision,
  locationsWithin,
  type NeqByDivision,
  totalNeq,
} from './hazard.js';

type Safety = NonNullable<PlantFile['safety']>;
type PlantFactor = NonNullable<Safety['quantityDistance']>['factors'][number];
type Exposure = Safety['exposures'][number];
type MagazineType = NonNullable<StorageLocation['magazineType']>;
export type QdExposure = PlantFactor['exposure'];
export type FactorStatus = 'verified' | 'derived' | 'recalled' | 'plant';

export const M_PER_FT = 0.3048;
export const KG_PER_LB = 0.45359237;

/** A K factor in ft/lb^(1/3) as m/kg^(1/3) (× 0.396698). */
export function kToSi(kImperial: number): number {
  return (kImperial * M_PER_FT) / Math.cbrt(KG_PER_LB);
}

/** D = K·W^(1/3), in the units of K and W. */
export function scaledDistance(k: number, w: number): number {
  return k * Math.cbrt(w);
}

/** One factor: the distance from a magazine holding W of a division to one kind of exposure. */
export interface QdFactor {
  division: HazardDivision;
  exposure: QdExposure;
  /** D = k·W^(1/3), m/kg^(1/3). */
  k?: number;
  /** A fixed distance in metres, instead of k. */
  fixedM?: number;
  /** The distance is never less than this. */
  minimumM?: number;
  /** Applies only when W is above this (kg). */
  aboveKg?: number;
  /** Applies only when W is at most this (kg). */
  upToKg?: number;
  fromMagazineType?: MagazineType;
  toMagazineType?: MagazineType;
  status: FactorStatus;
  /** The status of minimumM, when it differs from that of k. */
  minimumStatus?: FactorStatus;
  source: string;
}

/** 1,250 ft [ARMY-MM0168]. */
const HD11_MINIMUM_IBD_M = 1250 * M_PER_FT;
/** K40 is verified up to 100,000 lb; above it DoD changes the law (recalled, not applied). */
const K40_UP_TO_KG = 100_000 * KG_PER_LB;

/**
 * The verified factors, the defaults of every plant. The K values are the
 * reference's SI values (K40 → 15.868, K24 → 9.521).
 */
export const DEFAULT_QD_FACTORS: readonly QdFactor[] = [
  {
    division: '1.1',
    exposure: 'inhabited_building',
    k: 15.868,
    minimumM: HD11_MINIMUM_IBD_M,
    upToKg: K40_UP_TO_KG,
    status: 'verified',
    minimumStatus: 'verified',
    source:
      'IBD K40 ft/lb^(1/3), TM 9-1300-206 Table 5-4 (1,000 lb → 400 ft; 75,000 lb → 1,685 ft) ' +
      '[ARMY-MM0168]; minimum 1,250 ft (381 m) for any HD 1.1 item, an Army rule added after ' +
      'TM 9-1300-206 [ARMY-MM0168] — historical: DESR 6055.09 uses item-specific fragment ' +
      'distances (recalled, not checked); K40 only up to 100,000 lb (45,359 kg)',
  },
  {
    division: '1.1',
    exposure: 'public_traffic_route',
    k: 9.521,
    minimumM: 0.6 * HD11_MINIMUM_IBD_M,
    upToKg: K40_UP_TO_KG,
    status: 'verified',
    minimumStatus: 'derived',
    source:
      'PTR = 60 % of IBD, K24 ft/lb^(1/3) (75,000 lb → 1,010 ft) [ARMY-MM0168, TM9-1300-277]; ' +
      'the minimum 228.6 m is 60 % of the 381 m minimum IBD (derived from the two verified rules)',
  },
];

/**
 * Verified, but for modular barricaded storage only, so not defaults: a plant
 * whose magazines are such modules may copy them into its plant file as
 * intermagazine factors. d = 1.1 W^(1/3) between cells, 2.5 W^(1/3) between
 * modules (ft, lb) [ARMY-MM0166].
 */
export const MODULAR_STORAGE_FACTORS = {
  betweenCells: {
    k: 0.436,
    source: 'modular barricaded storage, between cells, K1.1 [ARMY-MM0166]',
  },
  betweenModules: {
    k: 0.992,
    source: 'modular barricaded storage, between modules, K2.5 [ARMY-MM0166]',
  },
} as const;

/**
 * The factors in force: the defaults, except for each (division, exposure)
 * the plant file gives factors for, where the plant's replace them all.
 */
export function qdFactors(plant: PlantFile): QdFactor[] {
  const own = (plant.safety?.quantityDistance?.factors ?? []).map(
    ({ note, ...factor }): QdFactor => ({ ...factor, status: 'plant', source: note }),
  );
  const replaced = new Set(own.map((f) => `${f.division}/${f.exposure}`));
  return [
    ...DEFAULT_QD_FACTORS.filter((f) => !replaced.has(`${f.division}/${f.exposure}`)),
    ...own,
  ];
}

/** The distance a factor requires for W kg. */
export function factorDistance(factor: QdFactor, w: number): number {
  const base = factor.fixedM ?? scaledDistance(factor.k ?? 0, w);
  return Math.max(base, factor.minimumM ?? 0);
}

function applies(
  factor: QdFactor,
  w: number,
  from: MagazineType | undefined,
  to: MagazineType | undefined,
): boolean {
  return (
    (factor.aboveKg === undefined || w > factor.aboveKg) &&
    (factor.upToKg === undefined || w <= factor.upToKg) &&
    (factor.fromMagazineType === undefined || factor.fromMagazineType === from) &&
    (factor.toMagazineType === undefined || factor.toMagazineType === to)
  );
}

/** What a magazine is sited for: a hazard division and the W counted for it. */
export interface Siting {
  division: HazardDivision;
  netExplosiveKg: number;
  basis: string;
}

/**
 * How a magazine's contents are sited. HD 1.5 counts as HD 1.1 [ARMY-MM0154,
 * verified]. The whole content is counted as the most hazardous division
 * present: conservative, where the recalled DoD rules for mixed divisions
 * would sometimes count less (HD 1.4 left out). Each less hazardous division
 * is sited on its own too, as its own factors may ask more for its own W.
 */
export function sitingsOf(byDivision: NeqByDivision): Siting[] {
  const merged: NeqByDivision = {};
  for (const [division, kg] of Object.entries(byDivision) as [HazardDivision, number][]) {
    if (kg > 0) addNeq(merged, division === '1.5' ? '1.1' : division, kg);
  }
  const present = DIVISIONS_BY_HAZARD.filter((d) => (merged[d] ?? 0) > 0);
  const [top, ...rest] = present;
  if (!top) return [];
  const total = totalNeq(merged);
  const from15 = (byDivision['1.5'] ?? 0) > 0 ? ' (HD 1.5 counted as HD 1.1)' : '';
  return [
    {
      division: top,
      netExplosiveKg: total,
      basis:
        rest.length === 0
          ? `HD ${top}${from15}`
          : `HD ${present.join(' + ')} counted together as HD ${top}, the most hazardous present${from15}`,
    },
    ...rest.map((d) => ({ division: d, netExplosiveKg: merged[d] ?? 0, basis: `HD ${d} alone` })),
  ];
}

export interface Point {
  x: number;
  y: number;
}

/** Distance from a point to a line through the given points (one point: to that point). */
export function distanceToPath(p: Point, path: readonly Point[]): number {
  const [first] = path;
  if (!first) return Number.POSITIVE_INFINITY;
  if (path.length === 1) return Math.hypot(p.x - first.x, p.y - first.y);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as Point;
    const b = path[i] as Point;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length2 = dx * dx + dy * dy;
    const t =
      length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
    best = Math.min(best, Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)));
  }
  return best;
}

export interface QdTarget {
  kind: QdExposure;
  code: string;
  name: string;
}

/** One distance checked: required against actual. */
export interface QdCheck {
  magazine: string;
  target: QdTarget;
  /** The siting that asks the most. */
  division: HazardDivision;
  netExplosiveKg: number;
  requiredM: number;
  actualM: number;
  factor: QdFactor;
  ok: boolean;
}

/** A distance that could not be checked, and why. */
export interface QdGap {
  magazine: string;
  /** No factor for the division and exposure; factors, but not for this W or these magazine types; no position. */
  kind: 'no_rule' | 'out_of_range' | 'no_position';
  exposure: QdExposure | 'position';
  division?: HazardDivision;
  netExplosiveKg?: number;
  reason: string;
}

export interface QdViolation extends QdCheck {
  message: string;
}

export interface MagazineQd {
  code: string;
  name: string;
  magazineType?: MagazineType;
  position?: Point;
  neqKgByDivision: NeqByDivision;
  sitings: Siting[];
  checks: QdCheck[];
  gaps: QdGap[];
}

export interface QdReport {
  magazines: MagazineQd[];
  violations: QdViolation[];
  gaps: QdGap[];
}

const EXPOSURE_WORDS: Record<QdExposure, string> = {
  inhabited_building: 'inhabited buildings',
  public_traffic_route: 'public traffic routes',
  intermagazine: 'other magazines',
};

const metres = (m: number) => m.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** Each magazine building (a magazine with no parent) of the plant. */
export function magazineBuildings(plant: PlantFile): StorageLocation[] {
  return plant.locations.filter((l) => l.kind === 'magazine' && l.parent === undefined);
}

/**
 * W at capacity: each magazine building at its net explosive limit (or its
 * bays' limits added up when it has none), counted as the most hazardous
 * division it may hold. Magazines are sited for what they may hold.
 */
export function capacityNeq(plant: PlantFile): Map<string, NeqByDivision> {
  const out = new Map<string, NeqByDivision>();
  for (const building of magazineBuildings(plant)) {
    const within = locationsWithin(plant, building.code);
    const inside = plant.locations.filter((l) => within.has(l.code));
    const divisions = new Set(inside.flatMap((l) => l.hazardDivisions));
    const division = DIVISIONS_BY_HAZARD.find((d) => divisions.has(d));
    const limit =
      building.netExplosiveLimitKg ??
      inside
        .filter((l) => l.parent === building.code)
        .reduce((sum, l) => sum + (l.netExplosiveLimitKg ?? 0), 0);
    if (division && limit > 0) out.set(building.code, { [division]: limit });
  }
  return out;
}

/**
 * The quantity-distance check of every magazine building: W by division from
 * `neqByLocation` (NEQ held directly at each location — the building and its
 * bays are added up), the distances required to the plant's inhabited
 * buildings, public traffic routes and other magazines, the actual distances
 * between the positions in the plant file, and the violations. A distance no
 * factor decides is a gap, not a pass: it is listed.
 *
 * Positions are points: the plant file should place each at the magazine's
 * wall nearest what it is measured to, as QD is measured between the nearest
 * points of the two sites.
 */
export function quantityDistanceReport(
  plant: PlantFile,
  neqByLocation: ReadonlyMap<string, NeqByDivision>,
): QdReport {
  const factors = qdFactors(plant);
  const buildings = magazineBuildings(plant);
  const exposures: readonly Exposure[] = plant.safety?.exposures ?? [];
  const magazines: MagazineQd[] = [];

  for (const building of buildings) {
    const byDivision: NeqByDivision = {};
    for (const code of locationsWithin(plant, building.code)) {
      for (const [division, kg] of Object.entries(neqByLocation.get(code) ?? {})) {
        if (kg && kg > 0) addNeq(byDivision, division as HazardDivision, kg);
      }
    }
    const sitings = sitingsOf(byDivision);
    const magazine: MagazineQd = {
      code: building.code,
      name: building.name,
      ...(building.magazineType ? { magazineType: building.magazineType } : {}),
      ...(building.position ? { position: building.position } : {}),
      neqKgByDivision: byDivision,
      sitings,
      checks: [],
      gaps: [],
    };
    magazines.push(magazine);
    const position = building.position;
    if (sitings.length === 0) continue;
    if (!position) {
      magazine.gaps.push({
        magazine: building.code,
        kind: 'no_position',
        exposure: 'position',
        reason: `${building.code} has no position in the plant file`,
      });
      continue;
    }

    const targets: { target: QdTarget; actualM: number; to?: MagazineType }[] = [
      ...exposures.map((e) => ({
        target: { kind: e.kind, code: e.code, name: e.name },
        actualM:
          e.kind === 'inhabited_building'
            ? distanceToPath(position, [e.position])
            : distanceToPath(position, e.path),
      })),
      ...buildings
        .filter((other) => other.code !== building.code && other.position)
        .map((other) => ({
          target: { kind: 'intermagazine' as const, code: other.code, name: other.name },
          actualM: distanceToPath(position, [other.position as Point]),
          ...(other.magazineType ? { to: other.magazineType } : {}),
        })),
    ];

    const gapKeys = new Set<string>();
    for (const { target, actualM, to } of targets) {
      let governing: { siting: Siting; factor: QdFactor; requiredM: number } | undefined;
      for (const [i, siting] of sitings.entries()) {
        const candidates = factors.filter(
          (f) => f.division === siting.division && f.exposure === target.kind,
        );
        const usable = candidates.filter((f) =>
          applies(f, siting.netExplosiveKg, building.magazineType, to),
        );
        for (const factor of usable) {
          const requiredM = factorDistance(factor, siting.netExplosiveKg);
          if (!governing || requiredM > governing.requiredM) {
            governing = { siting, factor, requiredM };
          }
        }
        // A less hazardous division is already counted in the first siting:
        // only the first one's missing rule is a gap.
        const key = `${siting.division}/${target.kind}`;
        if (usable.length > 0 || i > 0 || gapKeys.has(key)) continue;
        gapKeys.add(key);
        magazine.gaps.push({
          magazine: building.code,
          kind: candidates.length === 0 ? 'no_rule' : 'out_of_range',
          exposure: target.kind,
          division: siting.division,
          netExplosiveKg: siting.netExplosiveKg,
          reason:
            candidates.length === 0
              ? `no verified rule for HD ${siting.division} to ${EXPOSURE_WORDS[target.kind]} ` +
                '(the safety officer gives the factors in the plant file, safety.quantityDistance)'
              : `the HD ${siting.division} factors to ${EXPOSURE_WORDS[target.kind]} do not cover ` +
                `${formatKg(siting.netExplosiveKg)} kg${
                  target.kind === 'intermagazine'
                    ? ` from a magazine of type ${building.magazineType ?? 'none'} to one of type ${to ?? 'none'}`
                    : ''
                }`,
        });
      }
      if (!governing) continue;
      magazine.checks.push({
        magazine: building.code,
        target,
        division: governing.siting.division,
        netExplosiveKg: governing.siting.netExplosiveKg,
        requiredM: governing.requiredM,
        actualM,
        factor: governing.factor,
        // Distances are compared to the millimetre: a position is not more precise.
        ok: actualM >= governing.requiredM - 1e-3,
      });
    }
  }

  const violations = magazines.flatMap((m) =>
    m.checks
      .filter((c) => !c.ok)
      .map((c) => ({
        ...c,
        message:
          `${c.magazine} (HD ${c.division}, ${formatKg(c.netExplosiveKg)} kg) is ${metres(c.actualM)} m from ` +
          `${c.target.code} (${c.target.name}); ${metres(c.requiredM)} m required to ${EXPOSURE_WORDS[c.target.kind]}: ` +
          `${metres(c.requiredM - c.actualM)} m short`,
      })),
  );
  return { magazines, violations, gaps: magazines.flatMap((m) => m.gaps) };
}

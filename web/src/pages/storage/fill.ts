// What the storage map draws, without React: each location's net explosive
// quantity (stock × the material's net explosive per unit), the hazard
// divisions and compatibility groups present, a building's total over its
// bays, and where the magazines go on the map. The server's interlocks
// (src/modules/storage/hazard.ts) decide what may move; this only shows it.
import type { StockLine } from '../../api/storage';
import type { Location, Material } from '../../api/types';

export interface LocationFill {
  location: Location;
  /** Net explosive quantity of the location and every location inside it, kg. */
  neqKg: number;
  limitKg: number | undefined;
  /** neqKg / limitKg; undefined where no limit is set. */
  fraction: number | undefined;
  divisionsPresent: string[];
  groupsPresent: string[];
  /** Lots with stock here or inside (a lot in two bays counts once). */
  lots: number;
  /** Stock of materials the plant file does not list: their hazard is unknown. */
  unknownMaterials: string[];
  /** The bays or stacks directly inside, in plant-file order. */
  children: LocationFill[];
}

/** A location and everything inside it, at any depth (as the interlocks count a building). */
export function locationsWithin(locations: readonly Location[], code: string): Set<string> {
  const within = new Set([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of locations) {
      if (l.parent !== undefined && within.has(l.parent) && !within.has(l.code)) {
        within.add(l.code);
        grew = true;
      }
    }
  }
  return within;
}

const byCode = <T extends { code: string }>(items: readonly T[]) =>
  new Map(items.map((i) => [i.code, i]));

/** The fill of every location of the plant file, by code. */
export function storageFill(
  locations: readonly Location[],
  materials: readonly Material[],
  stock: readonly StockLine[],
): Map<string, LocationFill> {
  const material = byCode(materials);
  const fills = new Map<string, LocationFill>();
  const fillOf = (location: Location): LocationFill => {
    const known = fills.get(location.code);
    if (known) return known;
    const within = locationsWithin(locations, location.code);
    const lines = stock.filter((s) => within.has(s.location) && s.quantity > 0);
    let neqKg = 0;
    const divisions = new Set<string>();
    const groups = new Set<string>();
    const unknown = new Set<string>();
    for (const line of lines) {
      const m = material.get(line.material);
      if (!m) {
        unknown.add(line.material);
        continue;
      }
      if (!m.hazard) continue;
      neqKg += line.quantity * m.hazard.netExplosivePerUnitKg;
      divisions.add(m.hazard.division);
      groups.add(m.hazard.compatibilityGroup);
    }
    const limitKg = location.netExplosiveLimitKg;
    const fill: LocationFill = {
      location,
      // Products of exact decimals are floats: to the milligram, as the ledger stores them.
      neqKg: Math.round(neqKg * 1e6) / 1e6,
      limitKg,
      fraction:
        limitKg === undefined ? undefined : limitKg > 0 ? neqKg / limitKg : neqKg > 0 ? 1 : 0,
      divisionsPresent: [...divisions].sort(),
      groupsPresent: [...groups].sort(),
      lots: new Set(lines.map((l) => l.lotId)).size,
      unknownMaterials: [...unknown].sort(),
      children: locations.filter((l) => l.parent === location.code).map(fillOf),
    };
    fills.set(location.code, fill);
    return fill;
  };
  for (const location of locations) fillOf(location);
  return fills;
}

export type FillLevel = 'empty' | 'ok' | 'high' | 'over' | 'unlimited';

/** How full, in words a colour follows: high from 80 % of the limit. */
export function fillLevel(fill: Pick<LocationFill, 'neqKg' | 'fraction'>): FillLevel {
  if (fill.fraction === undefined) return 'unlimited';
  if (fill.neqKg <= 0) return 'empty';
  if (fill.fraction > 1 + 1e-9) return 'over';
  if (fill.fraction >= 0.8) return 'high';
  return 'ok';
}

// ---------------------------------------------------------------- the map

export interface BoxSize {
  width: number;
  height: number;
}

export interface MapBox {
  code: string;
  /** Top-left corner, in the map's own units (px of the viewBox). */
  x: number;
  y: number;
}

export interface MapLayout {
  width: number;
  height: number;
  boxes: MapBox[];
  /** px per metre of site coordinates. */
  scale: number;
  /** A round length for the scale bar, metres, and its length on the map. */
  scaleBar: { metres: number; length: number };
}

const ROUND_METRES = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];

/**
 * Places each magazine's box at its site position. The scale is the
 * smallest at which no two boxes overlap (each pair apart across or down by
 * a box and a gap), so the map keeps the plant's proportions; y runs north,
 * up the page, as on a site plan.
 */
export function mapLayout(
  placed: readonly { code: string; position: { x: number; y: number } }[],
  box: BoxSize,
  options: { gap?: number; margin?: number; maxScale?: number } = {},
): MapLayout {
  const gap = options.gap ?? 16;
  const margin = options.margin ?? 12;
  const maxScale = options.maxScale ?? 20;
  let scale = 0;
  for (const [i, a] of placed.entries()) {
    for (const b of placed.slice(i + 1)) {
      const dx = Math.abs(a.position.x - b.position.x);
      const dy = Math.abs(a.position.y - b.position.y);
      const across = dx > 0 ? (box.width + gap) / dx : Number.POSITIVE_INFINITY;
      const down = dy > 0 ? (box.height + gap) / dy : Number.POSITIVE_INFINITY;
      const needed = Math.min(across, down);
      // Two magazines at one point cannot be kept apart by any scale: they overlap.
      if (Number.isFinite(needed)) scale = Math.max(scale, needed);
    }
  }
  scale = Math.min(scale === 0 ? 1 : scale, maxScale);
  const xs = placed.map((p) => p.position.x);
  const ys = placed.map((p) => p.position.y);
  const minX = placed.length > 0 ? Math.min(...xs) : 0;
  const maxY = placed.length > 0 ? Math.max(...ys) : 0;
  const spanX = placed.length > 0 ? Math.max(...xs) - minX : 0;
  const spanY = placed.length > 0 ? maxY - Math.min(...ys) : 0;
  const width = Math.ceil(spanX * scale + box.width + 2 * margin);
  const height = Math.ceil(spanY * scale + box.height + 2 * margin);
  const target = (width - 2 * margin) / 3 / scale;
  const metres = [...ROUND_METRES].reverse().find((m) => m <= target) ?? ROUND_METRES[0] ?? 1;
  return {
    width,
    height,
    scale,
    boxes: placed.map((p) => ({
      code: p.code,
      x: margin + (p.position.x - minX) * scale,
      y: margin + (maxY - p.position.y) * scale,
    })),
    scaleBar: { metres, length: metres * scale },
  };
}

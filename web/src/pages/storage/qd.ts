// The quantity-distance report as the storage map shows it: checks with the
// violations first, the distances not checked grouped by magazine, and the
// site plan's geometry (one true scale, north up, labels kept apart). No
// words here: the section says each finding in the reader's language from
// the structured fields.
import {
  exposureKindOf,
  type Point,
  type QdCheck,
  type QdGap,
  type QdMagazine,
  type QdReport,
  type SiteExposure,
} from '../../api/storage';
import { formatDecimal } from '../../format';

/** Metres to the tenth: positions in the plant file are not more precise. */
export const formatMetres = (m: number): string => `${formatDecimal(Math.round(m * 10) / 10)} m`;

/** The most hazardous first (src/modules/storage/hazard.ts DIVISIONS_BY_HAZARD). */
const DIVISIONS_BY_HAZARD = ['1.1', '1.5', '1.2', '1.3', '1.6', '1.4'];
const hazardRank = (division: string) => {
  const rank = DIVISIONS_BY_HAZARD.indexOf(division);
  return rank < 0 ? DIVISIONS_BY_HAZARD.length : rank;
};
export const byHazard = (a: string, b: string) =>
  hazardRank(a) - hazardRank(b) || a.localeCompare(b);

/** Every check of the report, those too close first, then the tightest margin first. */
export function sortedChecks(report: QdReport): QdCheck[] {
  return report.magazines
    .flatMap((m) => m.checks)
    .sort(
      (a, b) =>
        Number(a.ok) - Number(b.ok) ||
        a.actualM - a.requiredM - (b.actualM - b.requiredM) ||
        a.magazine.localeCompare(b.magazine),
    );
}

/** The hazard division a gap is about: its own field, or the one its words name ("… for HD 1.4 to …"). */
export function gapDivision(gap: QdGap): string | undefined {
  return gap.division ?? /\bHD (\d\.\d)\b/.exec(gap.reason)?.[1];
}

/** Why distances were not checked, as the section words it. */
export interface GapReason {
  /** no_rule, out_of_range, no_position; another kind is shown in the report's words. */
  kind: string;
  division?: string;
  exposure: string;
  netExplosiveKg?: number;
  /** The report's own words, for a kind the section has no words of its own for. */
  reason: string;
}

export interface MagazineGaps {
  magazine: string;
  name: string;
  neqKgByDivision: Record<string, number>;
  /** The exposure kinds not checked, in the report's order. */
  exposures: string[];
  /** Why, each once: a missing rule once per division, whatever it is missing to. */
  reasons: GapReason[];
  count: number;
}

/** What makes two reasons the same one: a missing rule is said once per division. */
function reasonKey(gap: QdGap, division: string | undefined): string {
  if (gap.kind === 'no_rule' && division) return `no_rule/${division}`;
  if (gap.kind === 'out_of_range' && division) {
    return `out_of_range/${division}/${gap.exposure}/${gap.netExplosiveKg ?? ''}`;
  }
  if (gap.kind === 'no_position') return 'no_position';
  return `${gap.kind}/${gap.reason}`;
}

/** The distances not checked, one entry a magazine. */
export function gapsByMagazine(report: QdReport): MagazineGaps[] {
  const magazines = new Map<string, QdMagazine>(report.magazines.map((m) => [m.code, m]));
  const out = new Map<string, MagazineGaps>();
  const said = new Map<string, Set<string>>();
  for (const gap of report.gaps) {
    const magazine = magazines.get(gap.magazine);
    let entry = out.get(gap.magazine);
    if (!entry) {
      entry = {
        magazine: gap.magazine,
        name: magazine?.name ?? gap.magazine,
        neqKgByDivision: magazine?.neqKgByDivision ?? {},
        exposures: [],
        reasons: [],
        count: 0,
      };
      out.set(gap.magazine, entry);
    }
    entry.count += 1;
    if (!entry.exposures.includes(gap.exposure)) entry.exposures.push(gap.exposure);
    const division = gapDivision(gap);
    const key = reasonKey(gap, division);
    const keys = said.get(gap.magazine) ?? new Set<string>();
    said.set(gap.magazine, keys);
    if (keys.has(key)) continue;
    keys.add(key);
    entry.reasons.push({
      kind: gap.kind,
      ...(division ? { division } : {}),
      exposure: gap.exposure,
      ...(gap.netExplosiveKg !== undefined ? { netExplosiveKg: gap.netExplosiveKg } : {}),
      reason: gap.reason,
    });
  }
  return [...out.values()];
}

/** The divisions whose distances have no rule at all, most hazardous first. */
export function missingRuleDivisions(report: QdReport): string[] {
  const divisions = new Set(
    report.gaps.flatMap((g) => (g.kind === 'no_rule' ? (gapDivision(g) ?? []) : [])),
  );
  return [...divisions].sort(byHazard);
}

/** Items as a sentence lists them in a locale: "HD 1.3 and HD 1.4"; "Div. 1.2, Div. 1.3 y Div. 1.4". */
export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

// ------------------------------------------------------------- the site plan

/** The point of a line through the given points nearest p (as the server measures a route). */
export function nearestOnPath(p: Point, path: readonly Point[]): Point | undefined {
  let best: { point: Point; d: number } | undefined;
  for (let i = 0; i < path.length; i++) {
    const a = path[i] as Point;
    const b = path[i + 1] ?? a;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length2 = dx * dx + dy * dy;
    const t =
      length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
    const point = { x: a.x + t * dx, y: a.y + t * dy };
    const d = Math.hypot(p.x - point.x, p.y - point.y);
    if (!best || d < best.d) best = { point, d };
  }
  return best?.point;
}

/** The point halfway along a line, where its label goes. */
export function midpointOfPath(path: readonly Point[]): Point | undefined {
  const lengths = path.slice(1).map((b, i) => {
    const a = path[i] as Point;
    return Math.hypot(b.x - a.x, b.y - a.y);
  });
  let rest = lengths.reduce((sum, l) => sum + l, 0) / 2;
  for (const [i, length] of lengths.entries()) {
    const a = path[i] as Point;
    const b = path[i + 1] as Point;
    if (rest <= length) {
      const t = length === 0 ? 0 : rest / length;
      return { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
    }
    rest -= length;
  }
  return path[0];
}

export interface PlanLayout {
  width: number;
  height: number;
  /** px per metre. */
  scale: number;
  /** Site coordinates (m, y north) to the drawing's (px, y down). */
  at: (p: Point) => Point;
  scaleBar: { metres: number; length: number };
}

const ROUND_METRES = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000];

/**
 * One scale for the whole site, the largest at which every point fits the
 * width and at most the height given; y runs north, up the page.
 */
export function planLayout(
  points: readonly Point[],
  options: { width?: number; maxHeight?: number; margin?: number } = {},
): PlanLayout {
  const maxWidth = options.width ?? 760;
  const maxHeight = options.maxHeight ?? 460;
  const margin = options.margin ?? 36;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const minX = points.length > 0 ? Math.min(...xs) : 0;
  const maxY = points.length > 0 ? Math.max(...ys) : 0;
  const spanX = points.length > 0 ? Math.max(...xs) - minX : 0;
  const spanY = points.length > 0 ? maxY - Math.min(...ys) : 0;
  const across = spanX > 0 ? (maxWidth - 2 * margin) / spanX : Number.POSITIVE_INFINITY;
  const down = spanY > 0 ? (maxHeight - 2 * margin) / spanY : Number.POSITIVE_INFINITY;
  const fitted = Math.min(across, down);
  const scale = Number.isFinite(fitted) ? fitted : 1;
  const width = Math.ceil(Math.max(spanX * scale + 2 * margin, 240));
  const height = Math.ceil(spanY * scale + 2 * margin);
  const target = (width - 2 * margin) / 4 / scale;
  const metres = [...ROUND_METRES].reverse().find((m) => m <= target) ?? ROUND_METRES[0] ?? 1;
  return {
    width,
    height,
    scale,
    at: (p) => ({ x: margin + (p.x - minX) * scale, y: margin + (maxY - p.y) * scale }),
    scaleBar: { metres, length: metres * scale },
  };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export interface PlacedLabel {
  code: string;
  /** Where the text starts (its anchor), and how it is anchored. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

/**
 * Labels beside their points, each at the first of right, left, above and
 * below that overlaps no marker and no label placed before it; a label with
 * no free place is left off (the point's title and the tables name it).
 */
export function placeLabels(
  items: readonly { code: string; text: string; at: Point }[],
  markers: readonly Box[],
  options: { charWidth?: number; height?: number; gap?: number; bounds?: Box } = {},
): PlacedLabel[] {
  const charWidth = options.charWidth ?? 7;
  const height = options.height ?? 12;
  const gap = options.gap ?? 7;
  const taken: Box[] = [...markers];
  const placed: PlacedLabel[] = [];
  for (const { code, text, at } of items) {
    const width = text.length * charWidth;
    const candidates: { box: Box; label: PlacedLabel }[] = [
      {
        box: { x: at.x + gap, y: at.y - height / 2, width, height },
        label: { code, x: at.x + gap, y: at.y + 4, anchor: 'start' },
      },
      {
        box: { x: at.x - gap - width, y: at.y - height / 2, width, height },
        label: { code, x: at.x - gap, y: at.y + 4, anchor: 'end' },
      },
      {
        box: { x: at.x - width / 2, y: at.y - gap - height, width, height },
        label: { code, x: at.x, y: at.y - gap - 2, anchor: 'middle' },
      },
      {
        box: { x: at.x - width / 2, y: at.y + gap, width, height },
        label: { code, x: at.x, y: at.y + gap + height - 2, anchor: 'middle' },
      },
    ];
    const bounds = options.bounds;
    const free = candidates.find(
      ({ box }) =>
        !taken.some((t) => overlaps(box, t)) &&
        (!bounds ||
          (box.x >= bounds.x &&
            box.y >= bounds.y &&
            box.x + box.width <= bounds.x + bounds.width &&
            box.y + box.height <= bounds.y + bounds.height)),
    );
    if (!free) continue;
    taken.push(free.box);
    placed.push(free.label);
  }
  return placed;
}

/** Where a check's exposure is, on the site: a building, the nearest point of a route, a magazine. */
export function targetPoint(
  check: QdCheck,
  from: Point,
  exposures: readonly SiteExposure[],
  magazines: ReadonlyMap<string, Point>,
): Point | undefined {
  const kind = exposureKindOf(check.target);
  if (kind === 'intermagazine') return magazines.get(check.target.code);
  const exposure = exposures.find((e) => e.code === check.target.code);
  if (!exposure) return undefined;
  return exposure.kind === 'inhabited_building'
    ? exposure.position
    : nearestOnPath(from, exposure.path);
}

// What a new plant document changes against the current one, and the content
// hash that makes loading the same plant twice a no-op. Pure.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import type { DowntimeReason, PlantFile } from './model.js';
import type { RevisionChange } from './schema.js';

/** Key order does not matter to a plant; the hash is over a canonical form. */
export function plantHash(plant: PlantFile): string {
  return createHash('sha256').update(canonicalJson(plant)).digest('hex');
}

type Keyed = Record<string, unknown>;
const COLLECTIONS: { kind: string; key: string; list: (p: PlantFile) => readonly Keyed[] }[] = [
  { kind: 'site', key: 'code', list: (p) => [p.site] },
  { kind: 'area', key: 'code', list: (p) => p.areas },
  { kind: 'calendar', key: 'code', list: (p) => p.calendars },
  { kind: 'maintenance', key: 'code', list: (p) => p.maintenance },
  { kind: 'material', key: 'code', list: (p) => p.materials },
  { kind: 'bom', key: 'product', list: (p) => p.boms },
  { kind: 'specification', key: 'code', list: (p) => p.specifications },
  { kind: 'line', key: 'code', list: (p) => p.lines },
  { kind: 'location', key: 'code', list: (p) => p.locations },
  { kind: 'customer', key: 'code', list: (p) => p.customers },
  { kind: 'supplier', key: 'code', list: (p) => p.suppliers },
  // A reason's entry is itself without its children: a child is its own entry.
  {
    kind: 'downtime_reason',
    key: 'code',
    list: (p) =>
      flattenReasons(p.downtimeReasons ?? []).map(({ children: _, ...reason }) => reason),
  },
  { kind: 'scrap_reason', key: 'code', list: (p) => p.scrapReasons ?? [] },
  // The safety officer's section is one entity: any change to it is a change to record.
  { kind: 'safety', key: 'code', list: (p) => (p.safety ? [{ code: 'safety', ...p.safety }] : []) },
];

function flattenReasons(reasons: readonly DowntimeReason[], parent?: string): Keyed[] {
  return reasons.flatMap((reason) => [
    { ...reason, parent },
    ...flattenReasons(reason.children ?? [], reason.code),
  ]);
}

/** Entity-level changes from `before` (undefined: an empty store) to `after`. */
export function diffPlants(before: PlantFile | undefined, after: PlantFile): RevisionChange[] {
  const changes: RevisionChange[] = [];
  for (const { kind, key, list } of COLLECTIONS) {
    const old = new Map((before ? list(before) : []).map((e) => [String(e[key]), e]));
    const seen = new Set<string>();
    for (const entity of list(after)) {
      const code = String(entity[key]);
      seen.add(code);
      const previous = old.get(code);
      if (!previous) changes.push({ kind, code, change: 'added' });
      else if (canonicalJson(previous) !== canonicalJson(entity)) {
        changes.push({ kind, code, change: 'updated' });
      }
    }
    for (const code of old.keys()) {
      if (!seen.has(code)) changes.push({ kind, code, change: 'retired' });
    }
  }
  return changes;
}

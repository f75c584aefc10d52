// The content hash (loading the same plant twice is a no-op) and the
// entity-level diff a new revision records.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/canonical-json.js';
import type { PlantFile } from './model.js';
import { readPlantText } from './plant-file.js';
import { diffPlants, plantHash } from './revision.js';

const MINIMAL_TEXT = readFileSync(path.resolve('test/fixtures/plants/minimal-plant.yaml'), 'utf8');

function minimal(): PlantFile {
  const result = readPlantText(MINIMAL_TEXT);
  if (!result.ok) throw new Error('the minimal fixture is not valid');
  return result.plant;
}

/** The same value with the keys of every object in reverse order. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    ) as T;
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('leaves out undefined fields, as JSON does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('keeps the order of lists', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});

describe('plantHash', () => {
  it('is a SHA-256 in hex', () => {
    expect(plantHash(minimal())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order', () => {
    const plant = minimal();
    const reordered = reverseKeys(plant);
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(plant)[0]);
    expect(plantHash(reordered)).toBe(plantHash(plant));
  });

  it('changes with any value, however deep', () => {
    const plant = minimal();
    const changed = minimal();
    changed.lines[0]!.stations[1]!.ratePerMinute = 101;
    expect(plantHash(changed)).not.toBe(plantHash(plant));
  });

  it('changes with the order of a list (station order is the flow of the line)', () => {
    const plant = minimal();
    const swapped = minimal();
    swapped.lines[0]!.stations.reverse();
    expect(plantHash(swapped)).not.toBe(plantHash(plant));
  });
});

describe('diffPlants', () => {
  it('lists every entity as added into an empty store, kind by kind', () => {
    expect(diffPlants(undefined, minimal())).toEqual([
      { kind: 'site', code: 'MINI', change: 'added' },
      { kind: 'area', code: 'PROD', change: 'added' },
      { kind: 'area', code: 'MAGS', change: 'added' },
      { kind: 'calendar', code: 'DAY', change: 'added' },
      { kind: 'maintenance', code: 'PM-1', change: 'added' },
      { kind: 'material', code: 'BALL', change: 'added' },
      { kind: 'material', code: 'CASE', change: 'added' },
      { kind: 'bom', code: 'BALL', change: 'added' },
      { kind: 'specification', code: 'SPEC-BALL', change: 'added' },
      { kind: 'line', code: 'L1', change: 'added' },
      { kind: 'location', code: 'MAG-1', change: 'added' },
      { kind: 'location', code: 'MAG-1-A', change: 'added' },
      { kind: 'customer', code: 'ARMY', change: 'added' },
      { kind: 'supplier', code: 'SUP-CASES', change: 'added' },
    ]);
  });

  it('finds nothing in the same plant, whatever its key order', () => {
    expect(diffPlants(minimal(), reverseKeys(minimal()))).toEqual([]);
  });

  it('tells added, updated and retired entities apart', () => {
    const before = minimal();
    const after = minimal();
    after.customers.push({ code: 'POLICE', name: 'Police', kind: 'police', country: 'VE' });
    after.lines[0]!.products[0]!.ratePerMinute = 90;
    after.boms[0]!.items[0]!.quantity = 1001;
    after.suppliers = [];
    expect(diffPlants(before, after)).toEqual([
      { kind: 'bom', code: 'BALL', change: 'updated' },
      { kind: 'line', code: 'L1', change: 'updated' },
      { kind: 'customer', code: 'POLICE', change: 'added' },
      { kind: 'supplier', code: 'SUP-CASES', change: 'retired' },
    ]);
  });

  it('sees a renamed code as one entity retired and another added', () => {
    const before = minimal();
    const after = minimal();
    after.site.code = 'MAXI';
    after.areas[1]!.code = 'MAGAZINES';
    expect(diffPlants(before, after)).toEqual([
      { kind: 'site', code: 'MAXI', change: 'added' },
      { kind: 'site', code: 'MINI', change: 'retired' },
      { kind: 'area', code: 'MAGAZINES', change: 'added' },
      { kind: 'area', code: 'MAGS', change: 'retired' },
    ]);
  });

  it('does not count a move within a list as a change of the entity', () => {
    const before = minimal();
    const after = minimal();
    after.locations.reverse();
    expect(diffPlants(before, after)).toEqual([]);
  });
});

describe('diffPlants of the reason tree', () => {
  const withReasons = (plant: PlantFile, name: string): PlantFile => ({
    ...plant,
    downtimeReasons: [
      {
        code: 'MECH',
        name: 'Mechanical',
        category: 'unplanned',
        children: [{ code: 'MECH-CF', name, category: 'unplanned' }],
      },
    ],
    scrapReasons: [{ code: 'DENT', name: 'Dented case' }],
  });

  it('sees every reason of the tree, nested ones included', () => {
    expect(diffPlants(minimal(), withReasons(minimal(), 'Case feeder'))).toEqual([
      { kind: 'downtime_reason', code: 'MECH', change: 'added' },
      { kind: 'downtime_reason', code: 'MECH-CF', change: 'added' },
      { kind: 'scrap_reason', code: 'DENT', change: 'added' },
    ]);
  });

  it('reports a renamed child alone, not its parent', () => {
    const before = withReasons(minimal(), 'Case feeder');
    const after = withReasons(minimal(), 'Case feeding unit');
    expect(diffPlants(before, after)).toEqual([
      { kind: 'downtime_reason', code: 'MECH-CF', change: 'updated' },
    ]);
  });
});

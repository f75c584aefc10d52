import { describe, expect, it } from 'vitest';
import type { StockLine } from '../../api/storage';
import type { Location, Material } from '../../api/types';
import { fillLevel, locationsWithin, mapLayout, storageFill } from './fill';

const magazine = (code: string, limit: number, extra: Partial<Location> = {}): Location => ({
  code,
  name: code,
  area: 'MAGS',
  kind: 'magazine',
  netExplosiveLimitKg: limit,
  hazardDivisions: ['1.4'],
  compatibilityGroups: ['S'],
  ...extra,
});

// As the reference plant: a building of two bays, the propellant magazine, a component store.
const locations: Location[] = [
  magazine('MAG-01', 8000, { position: { x: 400, y: 120 } }),
  magazine('MAG-01-A', 4000, { parent: 'MAG-01' }),
  magazine('MAG-01-B', 4000, { parent: 'MAG-01' }),
  magazine('MAG-03', 12000, {
    hazardDivisions: ['1.3'],
    compatibilityGroups: ['C'],
    position: { x: 520, y: 260 },
  }),
  {
    code: 'ST-CASES',
    name: 'Cases',
    area: 'STORES',
    kind: 'component_store',
    hazardDivisions: [],
    compatibilityGroups: [],
  },
];

const materials: Material[] = [
  {
    code: 'C762-BALL',
    name: 'Ball',
    kind: 'finished',
    category: 'cartridge',
    unit: 'each',
    hazard: {
      unNumber: 'UN0012',
      division: '1.4',
      compatibilityGroup: 'S',
      netExplosivePerUnitKg: 0.0017,
    },
  },
  {
    code: 'PROP-BALL',
    name: 'Powder',
    kind: 'component',
    category: 'propellant',
    unit: 'kg',
    hazard: {
      unNumber: 'UN0161',
      division: '1.3',
      compatibilityGroup: 'C',
      netExplosivePerUnitKg: 1,
    },
  },
  { code: 'CASE-762', name: 'Case', kind: 'component', category: 'case', unit: 'each' },
];

const line = (location: string, lot: string, material: string, quantity: number): StockLine => ({
  location,
  lot,
  lotId: `id-${lot}`,
  material,
  quantity,
});

describe('the storage map', () => {
  it('weighs each location by its net explosive quantity, a building with its bays', () => {
    const fills = storageFill(locations, materials, [
      // 1,320 cartridges at 1.7 g: 2.244 kg in bay A; 2,640 in bay B: 4.488 kg; 660 loose in the building.
      line('MAG-01-A', 'L1', 'C762-BALL', 1320),
      line('MAG-01-B', 'L1', 'C762-BALL', 2640),
      line('MAG-01', 'L2', 'C762-BALL', 660),
      line('MAG-03', 'P1', 'PROP-BALL', 250.5),
      line('ST-CASES', 'K1', 'CASE-762', 10_000),
      line('ST-CASES', 'X1', 'MYSTERY', 5),
    ]);
    const building = fills.get('MAG-01');
    // 4,620 cartridges × 1.7 g = 7.854 kg against 8,000 kg.
    expect(building?.neqKg).toBe(7.854);
    expect(building?.fraction).toBeCloseTo(7.854 / 8000, 12);
    expect(building?.lots).toBe(2);
    expect(building?.groupsPresent).toEqual(['S']);
    expect(building?.children.map((c) => [c.location.code, c.neqKg])).toEqual([
      ['MAG-01-A', 2.244],
      ['MAG-01-B', 4.488],
    ]);
    expect(fills.get('MAG-03')).toMatchObject({
      neqKg: 250.5,
      divisionsPresent: ['1.3'],
      groupsPresent: ['C'],
    });
    // Cases are no explosive; an unknown material is named, not weighed.
    expect(fills.get('ST-CASES')).toMatchObject({
      neqKg: 0,
      limitKg: undefined,
      fraction: undefined,
      groupsPresent: [],
      lots: 2,
      unknownMaterials: ['MYSTERY'],
    });
    expect(locationsWithin(locations, 'MAG-01')).toEqual(
      new Set(['MAG-01', 'MAG-01-A', 'MAG-01-B']),
    );
  });

  it('says how full in levels: high from 80 % of the limit', () => {
    expect(fillLevel({ neqKg: 0, fraction: 0 })).toBe('empty');
    expect(fillLevel({ neqKg: 10, fraction: 0.79 })).toBe('ok');
    expect(fillLevel({ neqKg: 10, fraction: 0.8 })).toBe('high');
    expect(fillLevel({ neqKg: 10, fraction: 1 })).toBe('high');
    expect(fillLevel({ neqKg: 10, fraction: 1.01 })).toBe('over');
    expect(fillLevel({ neqKg: 10, fraction: undefined })).toBe('unlimited');
  });

  it('places the magazines at their site positions, as close as their boxes allow', () => {
    // The reference plant: MAG-01 and MAG-02 60 m apart across; MAG-04 20 m across and 180 m down from MAG-01.
    const layout = mapLayout(
      [
        { code: 'MAG-01', position: { x: 400, y: 120 } },
        { code: 'MAG-02', position: { x: 460, y: 120 } },
        { code: 'MAG-03', position: { x: 520, y: 260 } },
        { code: 'MAG-04', position: { x: 380, y: 300 } },
      ],
      { width: 184, height: 100 },
      { gap: 16, margin: 10 },
    );
    // MAG-01 and MAG-02 need 200 px across 60 m: 10/3 px a metre, the largest any pair needs.
    expect(layout.scale).toBeCloseTo(200 / 60, 12);
    const at = Object.fromEntries(layout.boxes.map((b) => [b.code, [b.x, b.y]]));
    // x from the westmost (MAG-04, 380 m); y from the northmost (MAG-04, 300 m), north up.
    expect(at['MAG-04']).toEqual([10, 10]);
    expect(at['MAG-01']?.[0]).toBeCloseTo(10 + 20 * (200 / 60), 9);
    expect(at['MAG-01']?.[1]).toBeCloseTo(10 + 180 * (200 / 60), 9);
    expect(layout.width).toBe(Math.ceil(140 * (200 / 60) + 184 + 20));
    // A third of the drawing (651 px) is 65 m: the bar shows 50 m.
    expect(layout.scaleBar.metres).toBe(50);
    expect(layout.scaleBar.length).toBeCloseTo(50 * (200 / 60), 9);
  });

  it('draws a single magazine, or none, without dividing by nothing', () => {
    const one = mapLayout([{ code: 'M', position: { x: 5, y: 5 } }], { width: 100, height: 50 });
    expect(one.boxes).toEqual([{ code: 'M', x: 12, y: 12 }]);
    expect(one.scale).toBe(1);
    const none = mapLayout([], { width: 100, height: 50 });
    expect(none.boxes).toEqual([]);
    expect(Number.isFinite(none.width)).toBe(true);
  });
});

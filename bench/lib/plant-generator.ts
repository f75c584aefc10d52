// Synthetic plants of any size for the benchmarks, shaped like the reference
// plant: `generatePlant(k)` has 4k lines of 20 stations, 40k materials and 20k
// locations (k = 10 gives 40 lines, 400 materials, 200 locations), and every
// part of it grows in proportion to k, so time per entity should stay flat.
// Every plant generated is valid (bench/lib/plant-generator.test.ts checks).
import type { PlantFileInput } from '../../src/modules/plant/index.js';

const STATION_KINDS = [
  'case_feeding',
  'priming',
  'charging',
  'bullet_seating',
  'crimping_sealing',
  'gauging',
  'inspection',
  'packing',
] as const;
const COMPONENTS: { category: 'case' | 'primer' | 'propellant' | 'bullet' | 'packaging' }[] = [
  { category: 'case' },
  { category: 'primer' },
  { category: 'propellant' },
  { category: 'bullet' },
];

type Doc = PlantFileInput;
type Material = Doc['materials'][number];
type Line = Doc['lines'][number];
type Location = NonNullable<Doc['locations']>[number];

export const LINES_PER_BLOCK = 4;
export const STATIONS_PER_LINE = 20;
export const MATERIALS_PER_BLOCK = 40;
export const LOCATIONS_PER_BLOCK = 20;

/** A valid plant of `blocks` × (4 lines, 40 materials, 20 locations, …). */
export function generatePlant(blocks: number): Doc {
  const materials: Material[] = [];
  const boms: NonNullable<Doc['boms']> = [];
  const specifications: NonNullable<Doc['specifications']> = [];
  const lines: Line[] = [];
  const maintenance: NonNullable<Doc['maintenance']> = [];
  const locations: Location[] = [];
  const customers: NonNullable<Doc['customers']> = [];
  const suppliers: NonNullable<Doc['suppliers']> = [];

  for (let b = 0; b < blocks; b++) {
    const block = String(b + 1).padStart(3, '0');
    // 32 components and 8 finished products (two per line) per block.
    const components: string[] = [];
    for (let c = 0; c < 32; c++) {
      const { category } = COMPONENTS[c % COMPONENTS.length] ?? { category: 'case' };
      const code = `B${block}-${category.toUpperCase()}-${c}`;
      components.push(code);
      materials.push({
        code,
        name: `Component ${c} of block ${block}`,
        kind: 'component',
        category,
        unit: category === 'propellant' ? 'kg' : 'each',
        shelfLifeDays: 1825,
        ...(category === 'primer'
          ? {
              hazard: {
                unNumber: 'UN0044',
                division: '1.4',
                compatibilityGroup: 'S',
                netExplosivePerUnitKg: 0.00002,
              },
            }
          : category === 'propellant'
            ? {
                hazard: {
                  unNumber: 'UN0161',
                  division: '1.3',
                  compatibilityGroup: 'C',
                  netExplosivePerUnitKg: 1,
                },
              }
            : {}),
      });
    }
    customers.push(
      { code: `B${block}-ARMY`, name: `Army ${block}`, kind: 'armed_forces', country: 'VE' },
      { code: `B${block}-POLICE`, name: `Police ${block}`, kind: 'police', country: 'VE' },
    );
    for (let s = 0; s < 4; s++) {
      suppliers.push({
        code: `B${block}-SUP-${s}`,
        name: `Supplier ${s} of block ${block}`,
        country: s % 2 === 0 ? 'VE' : 'CZ',
        imported: s % 2 === 1,
        leadTimeDays: 30 + 30 * s,
        materials: components.slice(s * 8, s * 8 + 8),
      });
    }

    for (let l = 0; l < LINES_PER_BLOCK; l++) {
      const lineCode = `B${block}-L${l + 1}`;
      const products = [`${lineCode}-BALL`, `${lineCode}-TRACER`];
      products.forEach((product, p) => {
        materials.push({
          code: product,
          name: `Cartridge ${p === 0 ? 'ball' : 'tracer'} of line ${lineCode}`,
          kind: 'finished',
          category: 'cartridge',
          unit: 'each',
          shelfLifeDays: 3650,
          hazard: {
            unNumber: 'UN0012',
            division: '1.4',
            compatibilityGroup: 'S',
            netExplosivePerUnitKg: 0.0017,
          },
        });
        const first = (l * 2 + p) * 4;
        boms.push({
          product,
          basis: 1000,
          items: Array.from({ length: 8 }, (_, i) => ({
            material: components[(first + i) % components.length] as string,
            quantity: i % 4 === 2 ? 1.6 : 1000,
            scrapPercent: 0.5,
          })),
        });
        specifications.push({
          code: `SPEC-${product}`,
          name: `Specification of ${product}`,
          product,
          customer: customers[customers.length - 1 - p]?.code as string,
          revision: 'A',
          characteristics: [
            {
              code: 'OAL',
              name: 'Overall length',
              type: 'variable',
              unit: 'mm',
              lsl: 55.45,
              usl: 56,
              nominal: 55.75,
            },
            {
              code: 'MASS',
              name: 'Cartridge mass',
              type: 'variable',
              unit: 'g',
              lsl: 16,
              usl: 16.7,
            },
            {
              code: 'CRIT-VIS',
              name: 'Critical visual defects',
              type: 'attribute',
              defectClass: 'critical',
              aql: 0.065,
              inspectionLevel: 'II',
            },
          ],
          rangeTests: [
            {
              code: 'V25',
              name: 'Velocity at 25 m',
              kind: 'velocity',
              unit: 'm/s',
              sampleSize: 20,
              limits: [
                { statistic: 'mean', min: 700, max: 740 },
                { statistic: 'sd', max: 8 },
              ],
            },
          ],
        });
      });
      lines.push({
        code: lineCode,
        name: `Line ${l + 1} of block ${block}`,
        area: 'PROD',
        calendar: 'TWO-SHIFT',
        stations: Array.from({ length: STATIONS_PER_LINE }, (_, s) => ({
          code: `S${String(s + 1).padStart(2, '0')}`,
          name: `Station ${s + 1}`,
          kind: STATION_KINDS[s % STATION_KINDS.length] ?? 'other',
          ratePerMinute: 100 + (s % 5) * 5,
        })),
        products: [
          { product: products[0] as string, ratePerMinute: 84, share: 0.6 },
          { product: products[1] as string, ratePerMinute: 68, share: 0.4 },
        ],
        changeovers: [
          { from: products[0] as string, to: products[1] as string, minutes: 240 },
          { from: products[1] as string, to: products[0] as string, minutes: 300 },
        ],
        defaultChangeoverMinutes: 60,
      });
      const month = String(((b * LINES_PER_BLOCK + l) % 11) + 1).padStart(2, '0');
      maintenance.push({
        code: `PM-${lineCode}`,
        lines: [lineCode],
        from: `2027-${month}-04`,
        to: `2027-${month}-15`,
        reason: `Overhaul of ${lineCode}`,
      });
    }

    // Four magazines of four bays each, and four component stores.
    for (let m = 0; m < 4; m++) {
      const magazine = `B${block}-MAG-${m + 1}`;
      const groups = m % 2 === 0 ? ['S'] : ['C'];
      const divisions = m % 2 === 0 ? ['1.4'] : ['1.3'];
      const hazardRules = {
        hazardDivisions: divisions,
        compatibilityGroups: groups,
      } as Pick<Location, 'hazardDivisions' | 'compatibilityGroups'>;
      locations.push({
        code: magazine,
        name: `Magazine ${m + 1} of block ${block}`,
        area: 'MAGS',
        kind: 'magazine',
        magazineType: 'earth_covered',
        netExplosiveLimitKg: 8000,
        ...hazardRules,
        position: { x: 400 + 50 * m, y: 120 + 200 * b },
      });
      for (let bay = 0; bay < 3; bay++) {
        locations.push({
          code: `${magazine}-${String.fromCharCode(65 + bay)}`,
          name: `Bay ${bay + 1} of ${magazine}`,
          area: 'MAGS',
          kind: 'magazine',
          parent: magazine,
          netExplosiveLimitKg: 2000,
          ...hazardRules,
        });
      }
      locations.push({
        code: `B${block}-STORE-${m + 1}`,
        name: `Component store ${m + 1} of block ${block}`,
        area: 'STORES',
        kind: 'component_store',
      });
    }
  }

  return {
    schemaVersion: 1,
    site: {
      code: 'BENCH',
      name: 'Synthetic benchmark plant',
      country: 'VE',
      timezone: 'America/Caracas',
      manufacturerCode: 'BEN',
    },
    areas: [
      { code: 'PROD', name: 'Production hall', kind: 'production' },
      { code: 'RANGE', name: 'Firing range', kind: 'firing_range' },
      { code: 'MAGS', name: 'Magazine area', kind: 'storage' },
      { code: 'STORES', name: 'Component stores', kind: 'storage' },
    ],
    calendars: [
      {
        code: 'TWO-SHIFT',
        name: 'Two shifts, Monday to Friday',
        shifts: [
          {
            code: 'A',
            name: 'Morning',
            start: '06:00',
            end: '14:00',
            days: ['mon', 'tue', 'wed', 'thu', 'fri'],
            breakMinutes: 30,
          },
          {
            code: 'B',
            name: 'Afternoon',
            start: '14:00',
            end: '22:00',
            days: ['mon', 'tue', 'wed', 'thu', 'fri'],
            breakMinutes: 30,
          },
        ],
        holidays: [
          { annual: '01-01', name: 'New year' },
          { annual: '05-01', name: 'Labour day' },
          { annual: '12-25', name: 'Christmas' },
          { date: '2027-03-25', name: 'Holy Thursday' },
        ],
      },
    ],
    maintenance,
    materials,
    boms,
    specifications,
    lines,
    locations,
    customers,
    suppliers,
  };
}

/** Objects in lists anywhere in the document: lines, stations, BOM items, limits, … */
export function countEntities(value: unknown): number {
  if (Array.isArray(value)) {
    return value.reduce<number>(
      (n, item) => n + (item !== null && typeof item === 'object' ? 1 : 0) + countEntities(item),
      0,
    );
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).reduce<number>((n, v) => n + countEntities(v), 0);
  }
  return 0;
}

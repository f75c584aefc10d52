// Quantity-distance against hand-worked values: the reference's test vectors
// (TM 9-1300-206 via ARMY-MM0168, imperial; and SI), a small layout worked
// by hand, the reference plant, and the plant file's safety section.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PlantFile, validatePlant } from '../plant/index.js';
import type { NeqByDivision } from './hazard.js';
import {
  capacityNeq,
  DEFAULT_QD_FACTORS,
  distanceToPath,
  factorDistance,
  KG_PER_LB,
  kToSi,
  M_PER_FT,
  qdFactors,
  quantityDistanceReport,
  scaledDistance,
  sitingsOf,
} from './quantity-distance.js';

const REFERENCE_TEXT = readFileSync(path.resolve('plants/reference.yaml'), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: a plain document to change before it is validated
type Doc = any;
const reference = (): Doc => parse(REFERENCE_TEXT);

function validated(doc: Doc): PlantFile {
  const result = validatePlant(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plant;
}

// What each problem says and where; its code and params (for translations)
// are checked with the plant file's validation.
const issuesOf = (doc: Doc) => {
  const result = validatePlant(doc);
  return result.ok ? [] : result.issues.map(({ path, message }) => ({ path, message }));
};

const [IBD, PTR] = DEFAULT_QD_FACTORS;
if (!IBD || !PTR) throw new Error('the default factors changed');
/** TM tables round distances to 5 ft. */
const toTable = (ft: number) => Math.round(ft / 5) * 5;
const lb = (pounds: number) => pounds * KG_PER_LB;
const inFeet = (m: number) => m / M_PER_FT;

describe('the factors', () => {
  it('are the verified SI values of K40 (IBD) and K24 (PTR = 60 % IBD) for HD 1.1', () => {
    expect(kToSi(1)).toBeCloseTo(0.396698, 6);
    expect(IBD).toMatchObject({ division: '1.1', exposure: 'inhabited_building', k: 15.868 });
    expect(PTR).toMatchObject({ division: '1.1', exposure: 'public_traffic_route', k: 9.521 });
    expect(IBD.k).toBeCloseTo(kToSi(40), 3);
    expect(PTR.k).toBeCloseTo(kToSi(24), 3);
    expect(PTR.k ?? 0).toBeCloseTo(0.6 * (IBD.k ?? 0), 3);
    expect(IBD.minimumM).toBeCloseTo(381, 1);
    expect(PTR.minimumM).toBeCloseTo(228.6, 6);
    expect(DEFAULT_QD_FACTORS.map((f) => [f.status, f.minimumStatus])).toEqual([
      ['verified', 'verified'],
      ['verified', 'derived'],
    ]);
  });

  it('have no default for any other division or for intermagazine distances', () => {
    expect(DEFAULT_QD_FACTORS).toHaveLength(2);
  });
});

describe("the reference's test vectors", () => {
  it('1,000 lb HD 1.1: K40 gives 400 ft, the 1,250 ft minimum IBD governs', () => {
    expect(scaledDistance(40, 1000)).toBeCloseTo(400, 9);
    expect(inFeet(factorDistance(IBD, lb(1000)))).toBeCloseTo(1250, 6);
    // Without the minimum, the SI factor gives the same 400 ft.
    expect(inFeet(scaledDistance(IBD.k ?? 0, lb(1000)))).toBeCloseTo(400, 0);
  });

  it.each([
    [60_000, 1565, 940],
    [75_000, 1685, 1010],
  ])('%i lb HD 1.1: IBD %i ft, PTR %i ft (table values, to 5 ft)', (w, ibd, ptr) => {
    expect(toTable(scaledDistance(40, w))).toBe(ibd);
    expect(toTable(scaledDistance(24, w))).toBe(ptr);
    // The SI defaults give the same, within the rounding of K to 3 decimals.
    expect(Math.abs(inFeet(factorDistance(IBD, lb(w))) - scaledDistance(40, w))).toBeLessThan(0.1);
    expect(Math.abs(inFeet(factorDistance(PTR, lb(w))) - scaledDistance(24, w))).toBeLessThan(0.1);
  });

  it('100,000 lb: K40 gives 1,857 ft, where the recalled 2.42 W^0.577 law starts (not applied)', () => {
    expect(Math.round(scaledDistance(40, 100_000))).toBe(1857);
    expect(Math.round(2.42 * 100_000 ** 0.577)).toBe(1857);
    expect(IBD.upToKg).toBeCloseTo(lb(100_000), 6);
  });

  it('1,000 kg HD 1.1, SI: IBD by formula 158.7 m, 381 m with the minimum', () => {
    expect(scaledDistance(IBD.k ?? 0, 1000)).toBeCloseTo(158.68, 2);
    expect(factorDistance(IBD, 1000)).toBeCloseTo(381, 1);
    expect(factorDistance(PTR, 1000)).toBeCloseTo(228.6, 6);
  });
});

describe('siting by hazard division', () => {
  it('counts the whole content as the most hazardous division present, and each other alone', () => {
    expect(sitingsOf({ '1.4': 500, '1.1': 1000 })).toEqual([
      {
        division: '1.1',
        netExplosiveKg: 1500,
        basis: 'HD 1.1 + 1.4 counted together as HD 1.1, the most hazardous present',
      },
      { division: '1.4', netExplosiveKg: 500, basis: 'HD 1.4 alone' },
    ]);
    expect(sitingsOf({ '1.3': 100, '1.4': 10 }).map((s) => [s.division, s.netExplosiveKg])).toEqual(
      [
        ['1.3', 110],
        ['1.4', 10],
      ],
    );
  });

  it('sites HD 1.5 as HD 1.1 [ARMY-MM0154]', () => {
    expect(sitingsOf({ '1.5': 10, '1.1': 5 })).toEqual([
      { division: '1.1', netExplosiveKg: 15, basis: 'HD 1.1 (HD 1.5 counted as HD 1.1)' },
    ]);
  });

  it('has nothing to site in an empty magazine', () => {
    expect(sitingsOf({})).toEqual([]);
    expect(sitingsOf({ '1.4': 0 })).toEqual([]);
  });
});

describe('distances', () => {
  it('to a point, and to the nearest point of a route', () => {
    expect(distanceToPath({ x: 0, y: 0 }, [{ x: 3, y: 4 }])).toBe(5);
    const road = [
      { x: 200, y: -1000 },
      { x: 200, y: 1000 },
    ];
    expect(distanceToPath({ x: 60, y: 0 }, road)).toBe(140);
    // Past the end of a segment: to its end.
    expect(
      distanceToPath({ x: 0, y: 0 }, [
        { x: 3, y: 4 },
        { x: 10, y: 4 },
      ]),
    ).toBe(5);
  });
});

/**
 * The hand-worked layout (metres):
 *
 *   M1 above-ground (0, 0): 1,000 kg HD 1.1 + 500 kg HD 1.4 → W = 1,500 kg as HD 1.1,
 *      W^(1/3) = 11.4471. IBD 15.868 × 11.4471 = 181.6 → the 381 m minimum; HOUSE at
 *      400 m: ok. PTR 9.521 × 11.4471 = 109.0 → 228.6 m minimum; ROAD at 200 m:
 *      28.6 m short. IMD (plant k 2.38) 27.2 m; M2 at 60 m: ok.
 *   M2 earth-covered (60, 0): 27,000 kg HD 1.1, W^(1/3) = 30. IBD 476.0 m; HOUSE at
 *      340 m: 136.0 short. PTR 285.6 m; ROAD at 140 m: 145.6 short. IMD 71.4 m; M1 at
 *      60 m: 11.4 short; M3 at 305.9 m: ok.
 *   M3 earth-covered (0, -300): 50,000 kg HD 1.1, above the 45,359 kg K40 is verified
 *      for: IBD and PTR not checked. IMD 2.38 × 36.840 = 87.7 m: ok to all.
 *   M4 above-ground (1000, 1000): 2,000 kg HD 1.4S: no verified rule for anything.
 *   HOUSE (400, 0); ROAD along x = 200.
 */
function handWorked(change: (doc: Doc) => void = () => {}) {
  const doc = reference();
  doc.materials.push({
    code: 'T-11',
    name: 'Test HD 1.1 substance',
    kind: 'component',
    category: 'propellant',
    unit: 'kg',
    hazard: {
      unNumber: 'UN0160',
      division: '1.1',
      compatibilityGroup: 'C',
      netExplosivePerUnitKg: 1,
    },
  });
  const magazine = (code: string, x: number, y: number, magazineType: string) => ({
    code,
    name: `Magazine ${code}`,
    area: 'MAGS',
    kind: 'magazine',
    magazineType,
    netExplosiveLimitKg: 60_000,
    hazardDivisions: ['1.1', '1.4'],
    compatibilityGroups: ['C', 'S'],
    position: { x, y },
  });
  doc.locations = [
    magazine('M1', 0, 0, 'above_ground'),
    magazine('M2', 60, 0, 'earth_covered'),
    magazine('M3', 0, -300, 'earth_covered'),
    magazine('M4', 1000, 1000, 'above_ground'),
  ];
  doc.safety = {
    exposures: [
      { code: 'HOUSE', name: 'House', kind: 'inhabited_building', position: { x: 400, y: 0 } },
      {
        code: 'ROAD',
        name: 'Road',
        kind: 'public_traffic_route',
        path: [
          { x: 200, y: -1000 },
          { x: 200, y: 1000 },
        ],
      },
    ],
    quantityDistance: {
      factors: [{ division: '1.1', exposure: 'intermagazine', k: 2.38, note: 'test: plant data' }],
    },
  };
  change(doc);
  return validated(doc);
}

const stock = new Map<string, NeqByDivision>([
  ['M1', { '1.1': 1000, '1.4': 500 }],
  ['M2', { '1.1': 27_000 }],
  ['M3', { '1.1': 50_000 }],
  ['M4', { '1.4': 2000 }],
]);

describe('quantityDistanceReport on a hand-worked layout', () => {
  const report = quantityDistanceReport(handWorked(), stock);
  const check = (magazine: string, target: string) =>
    report.magazines.find((m) => m.code === magazine)?.checks.find((c) => c.target.code === target);

  it('requires the minimum IBD and PTR of a small HD 1.1 store, and finds the road too close', () => {
    expect(check('M1', 'HOUSE')).toMatchObject({ division: '1.1', netExplosiveKg: 1500, ok: true });
    expect(check('M1', 'HOUSE')?.requiredM).toBeCloseTo(381, 1);
    expect(check('M1', 'HOUSE')?.actualM).toBe(400);
    expect(check('M1', 'ROAD')?.requiredM).toBeCloseTo(228.6, 6);
    expect(check('M1', 'ROAD')).toMatchObject({ actualM: 200, ok: false });
    expect(check('M1', 'M2')?.requiredM).toBeCloseTo(27.24, 2);
    expect(check('M1', 'M2')).toMatchObject({ ok: true, factor: { status: 'plant' } });
  });

  it('scales with the cube root above the minimum', () => {
    expect(check('M2', 'HOUSE')?.requiredM).toBeCloseTo(476.04, 2);
    expect(check('M2', 'HOUSE')?.actualM).toBe(340);
    expect(check('M2', 'ROAD')?.requiredM).toBeCloseTo(285.63, 2);
    expect(check('M2', 'M1')?.requiredM).toBeCloseTo(71.4, 6);
    expect(check('M2', 'M3')).toMatchObject({ ok: true });
    expect(check('M2', 'M3')?.actualM).toBeCloseTo(305.94, 2);
  });

  it('lists the violations in words, with how far short each is', () => {
    expect(report.violations.map((v) => `${v.magazine}→${v.target.code}`)).toEqual([
      'M1→ROAD',
      'M2→HOUSE',
      'M2→ROAD',
      'M2→M1',
    ]);
    expect(report.violations[1]?.message).toBe(
      'M2 (HD 1.1, 27,000 kg) is 340 m from HOUSE (House); 476 m required to inhabited buildings: 136 m short',
    );
    expect(report.violations[0]?.message).toMatch(/228\.6 m required .*: 28\.6 m short$/);
  });

  it('does not stretch K40 past 100,000 lb: a gap, not a pass', () => {
    const m3 = report.magazines.find((m) => m.code === 'M3');
    expect(m3?.checks.map((c) => c.target.code)).toEqual(['M1', 'M2', 'M4']);
    expect(m3?.checks[0]?.requiredM).toBeCloseTo(87.68, 2);
    expect(m3?.gaps.map((g) => [g.exposure, g.reason])).toEqual([
      ['inhabited_building', 'the HD 1.1 factors to inhabited buildings do not cover 50,000 kg'],
      [
        'public_traffic_route',
        'the HD 1.1 factors to public traffic routes do not cover 50,000 kg',
      ],
    ]);
  });

  it('reports "no verified rule" for a 1.4S magazine rather than a distance', () => {
    const m4 = report.magazines.find((m) => m.code === 'M4');
    expect(m4?.checks).toEqual([]);
    expect(m4?.gaps.map((g) => g.reason)).toEqual([
      'no verified rule for HD 1.4 to inhabited buildings (the safety officer gives the factors in the plant file, safety.quantityDistance)',
      'no verified rule for HD 1.4 to public traffic routes (the safety officer gives the factors in the plant file, safety.quantityDistance)',
      'no verified rule for HD 1.4 to other magazines (the safety officer gives the factors in the plant file, safety.quantityDistance)',
    ]);
    // The HD 1.4 beside HD 1.1 in M1 is counted as HD 1.1: no gap for it.
    expect(report.magazines.find((m) => m.code === 'M1')?.gaps).toEqual([]);
  });

  it("uses the plant's factors where the safety officer gives them", () => {
    const plant = handWorked((doc) => {
      doc.safety.quantityDistance.factors.push(
        { division: '1.4', exposure: 'inhabited_building', fixedM: 30, note: 'test: fixed' },
        {
          division: '1.1',
          exposure: 'inhabited_building',
          k: 20,
          aboveKg: 45_000,
          note: 'test: above 45 t',
        },
      );
    });
    // A plant factor for (1.1, inhabited building) replaces the default for that pair.
    expect(qdFactors(plant).filter((f) => f.exposure === 'inhabited_building')).toHaveLength(2);
    const again = quantityDistanceReport(plant, stock);
    const m4 = again.magazines.find((m) => m.code === 'M4');
    expect(m4?.checks[0]).toMatchObject({ requiredM: 30, ok: true });
    const m3 = again.magazines.find((m) => m.code === 'M3');
    expect(m3?.checks.find((c) => c.target.code === 'HOUSE')?.requiredM).toBeCloseTo(
      20 * Math.cbrt(50_000),
      6,
    );
    // M1's 1,500 kg is not covered by the replaced pair any more: a gap.
    expect(again.magazines.find((m) => m.code === 'M1')?.gaps[0]?.exposure).toBe(
      'inhabited_building',
    );
  });

  it('picks intermagazine factors by magazine type', () => {
    const plant = handWorked((doc) => {
      doc.safety.quantityDistance.factors = [
        {
          division: '1.1',
          exposure: 'intermagazine',
          k: 5,
          fromMagazineType: 'earth_covered',
          toMagazineType: 'above_ground',
          note: 'test',
        },
      ];
    });
    const r = quantityDistanceReport(plant, stock);
    const m2 = r.magazines.find((m) => m.code === 'M2');
    expect(m2?.checks.find((c) => c.target.code === 'M1')?.requiredM).toBeCloseTo(150, 6);
    expect(m2?.checks.find((c) => c.target.code === 'M3')).toBeUndefined();
    expect(m2?.gaps.find((g) => g.exposure === 'intermagazine')?.reason).toBe(
      'the HD 1.1 factors to other magazines do not cover 27,000 kg from a magazine of type earth_covered to one of type earth_covered',
    );
  });

  it('adds up a building and its bays', () => {
    const plant = handWorked((doc) => {
      doc.locations.push({
        code: 'M2-A',
        name: 'Bay',
        area: 'MAGS',
        kind: 'magazine',
        parent: 'M2',
        netExplosiveLimitKg: 10_000,
        hazardDivisions: ['1.1'],
        compatibilityGroups: ['C'],
      });
    });
    const r = quantityDistanceReport(
      plant,
      new Map([
        ['M2', { '1.1': 20_000 }],
        ['M2-A', { '1.1': 7000 }],
      ]),
    );
    expect(r.magazines.map((m) => m.code)).toEqual(['M1', 'M2', 'M3', 'M4']);
    expect(r.magazines[1]?.neqKgByDivision).toEqual({ '1.1': 27_000 });
  });
});

describe('the reference plant', () => {
  const plant = validated(reference());

  it('is sited at capacity for the most hazardous division each magazine may hold', () => {
    expect(capacityNeq(plant)).toEqual(
      new Map([
        ['MAG-01', { '1.4': 8000 }],
        ['MAG-02', { '1.4': 8000 }],
        ['MAG-03', { '1.3': 12_000 }],
        ['MAG-04', { '1.4': 600 }],
      ]),
    );
  });

  it('has no violation, and says that no verified rule covers its HD 1.3 and 1.4 magazines', () => {
    const report = quantityDistanceReport(plant, capacityNeq(plant));
    expect(report.violations).toEqual([]);
    expect(report.magazines.flatMap((m) => m.checks)).toEqual([]);
    expect(report.gaps).toHaveLength(4 * 3);
    expect(report.gaps.map((g) => `${g.magazine} ${g.division}`)).toContain('MAG-03 1.3');
    expect(report.gaps.every((g) => g.reason.startsWith('no verified rule'))).toBe(true);
  });

  it('would be compliant for HD 1.1 too: every exposure is beyond the 381 m minimum', () => {
    const as11 = new Map([...capacityNeq(plant).keys()].map((code) => [code, { '1.1': 100 }]));
    const report = quantityDistanceReport(plant, as11);
    expect(report.violations).toEqual([]);
    expect(report.magazines.flatMap((m) => m.checks)).toHaveLength(4 * 4);
  });
});

describe('the plant file safety section', () => {
  const withSafety = (safety: Doc) => {
    const doc = reference();
    doc.safety = { ...doc.safety, ...safety };
    return issuesOf(doc);
  };

  it('refuses an unknown compatibility group, a group twice and a condition on a forbidden pair', () => {
    expect(
      withSafety({ mixing: [{ groups: ['C', 'X'], allowed: true, note: 'n' }] }),
    ).toMatchObject([{ path: 'safety.mixing[0].groups[1]' }]);
    expect(
      withSafety({
        mixing: [
          { groups: ['C', 'C'], allowed: true, note: 'n' },
          { groups: ['B', 'C'], allowed: false, maxNetExplosiveKg: 10, note: 'n' },
        ],
      }),
    ).toEqual([
      { path: 'safety.mixing[0].groups[1]', message: 'group C listed twice' },
      {
        path: 'safety.mixing[1].maxNetExplosiveKg',
        message: 'a quantity condition applies only to groups that are allowed together',
      },
    ]);
  });

  it('refuses negative or zero factors, and a factor with both k and a fixed distance', () => {
    const factor = { division: '1.1', exposure: 'intermagazine', note: 'n' };
    expect(withSafety({ quantityDistance: { factors: [{ ...factor, k: -2 }] } })).toEqual([
      { path: 'safety.quantityDistance.factors[0].k', message: 'expected a positive number' },
    ]);
    expect(
      withSafety({ quantityDistance: { factors: [{ ...factor, k: 2, minimumM: 0 }] } }),
    ).toEqual([
      {
        path: 'safety.quantityDistance.factors[0].minimumM',
        message: 'expected a positive number',
      },
    ]);
    expect(withSafety({ quantityDistance: { factors: [{ ...factor, k: 2, fixedM: 5 }] } })).toEqual(
      [
        {
          path: 'safety.quantityDistance.factors[0]',
          message: 'expected exactly one of k or fixedM',
        },
      ],
    );
  });

  it('refuses magazine types outside intermagazine factors and an empty W range', () => {
    expect(
      withSafety({
        quantityDistance: {
          factors: [
            {
              division: '1.1',
              exposure: 'inhabited_building',
              k: 2,
              fromMagazineType: 'portable',
              aboveKg: 100,
              upToKg: 100,
              note: 'n',
            },
          ],
        },
      }),
    ).toEqual([
      {
        path: 'safety.quantityDistance.factors[0].fromMagazineType',
        message: 'magazine types apply only to intermagazine distances',
      },
      {
        path: 'safety.quantityDistance.factors[0].upToKg',
        message: 'must be greater than aboveKg (100)',
      },
    ]);
  });

  it('refuses a duplicate exposure and a route of one point', () => {
    const house = {
      code: 'H',
      name: 'House',
      kind: 'inhabited_building',
      position: { x: 1, y: 1 },
    };
    expect(withSafety({ exposures: [house, house] })).toEqual([
      { path: 'safety.exposures[1].code', message: 'duplicate code "H"' },
    ]);
    expect(
      withSafety({
        exposures: [
          { code: 'R', name: 'Road', kind: 'public_traffic_route', path: [{ x: 0, y: 0 }] },
        ],
      }),
    ).toEqual([
      { path: 'safety.exposures[0].path', message: 'expected a route of at least two points' },
    ]);
  });

  it('needs a position for every magazine building once the plant is sited', () => {
    const doc = reference();
    delete doc.locations.find((l: Doc) => l.code === 'MAG-03').position;
    expect(issuesOf(doc)).toEqual([
      {
        path: 'locations[4].position',
        message:
          'a magazine needs a position when the plant is sited for quantity-distance (safety)',
      },
    ]);
    delete doc.safety;
    expect(issuesOf(doc)).toEqual([]);
  });

  it('keeps a bay to what its building may hold', () => {
    const doc = reference();
    doc.locations.find((l: Doc) => l.code === 'MAG-01-A').hazardDivisions = ['1.3', '1.4'];
    expect(issuesOf(doc)).toEqual([
      {
        path: 'locations[1].hazardDivisions[0]',
        message: '1.3 is not allowed in its building MAG-01',
      },
    ]);
  });
});

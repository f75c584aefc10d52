// The storage interlock refuses what it must and accepts what it may: the
// reference plant (1.4S cartridges and primers, 1.3C powder), and a test
// magazine that may hold several groups so every mixing rule can be tried.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PlantFile, validatePlant } from '../plant/index.js';
import {
  dependsOnStock,
  groupsAt,
  type IncomingLot,
  mixingMatrix,
  mixingOf,
  movementInterlock,
  neqByLocation,
  neqOf,
  plantMixingMatrix,
  SMALL_QUANTITY_COMBINATION,
  type StockLine,
  VERIFIED_MIXING_RULES,
} from './hazard.js';

const REFERENCE_TEXT = readFileSync(path.resolve('plants/reference.yaml'), 'utf8');

// biome-ignore lint/suspicious/noExplicitAny: a plain document to change before it is validated
type Doc = any;

/**
 * The reference plant without its written-out mixing rules, so that these
 * tests exercise the verified defaults in code (the plant file repeats them).
 */
function plantFrom(change: (doc: Doc) => void = () => {}): PlantFile {
  const doc: Doc = parse(REFERENCE_TEXT);
  if (doc.safety) doc.safety.mixing = [];
  change(doc);
  const result = validatePlant(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plant;
}

const hazard = (unNumber: string, code: string, netExplosivePerUnitKg: number) => ({
  unNumber,
  division: code.slice(0, 3),
  compatibilityGroup: code.slice(3),
  netExplosivePerUnitKg,
});

/**
 * MAG-05, a test magazine (and two bays) that may hold groups B, C, G, L, N
 * and S, with one test material of each. The UN numbers are only test data.
 */
function withMixedMagazine(doc: Doc) {
  const material = (code: string, h: ReturnType<typeof hazard>) => ({
    code,
    name: `Test ${code}`,
    kind: 'component',
    category: 'other',
    unit: 'kg',
    hazard: h,
  });
  doc.materials.push(
    material('T-B', hazard('UN0378', '1.4B', 1)),
    material('T-G', hazard('UN0306', '1.4G', 1)),
    material('T-N', hazard('UN0486', '1.6N', 1)),
    material('T-L1', hazard('UN0359', '1.3L', 1)),
    material('T-L2', hazard('UN0358', '1.2L', 1)),
  );
  const magazine = {
    area: 'MAGS',
    kind: 'magazine',
    hazardDivisions: ['1.2', '1.3', '1.4', '1.6'],
    compatibilityGroups: ['B', 'C', 'G', 'L', 'N', 'S'],
  };
  doc.locations.push(
    {
      ...magazine,
      code: 'MAG-05',
      name: 'Test magazine',
      magazineType: 'earth_covered',
      netExplosiveLimitKg: 1000,
      position: { x: 700, y: 500 },
    },
    { ...magazine, code: 'MAG-05-A', name: 'Bay A', parent: 'MAG-05', netExplosiveLimitKg: 600 },
    { ...magazine, code: 'MAG-05-B', name: 'Bay B', parent: 'MAG-05', netExplosiveLimitKg: 600 },
  );
}

const line = (location: string, lot: string, material: string, quantity: number): StockLine => ({
  location,
  lot,
  material,
  quantity,
});
const lot = (lotNumber: string, material: string, quantity: number): IncomingLot => ({
  lot: lotNumber,
  material,
  quantity,
});

describe('the mixing matrix', () => {
  const matrix = mixingMatrix();
  const verdict = (a: string, b: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: groups written as plain letters in the table
    mixingOf(matrix, a as any, b as any).verdict;

  it('has a verdict for every pair of the 13 groups, a group with itself included', () => {
    expect(matrix.size).toBe((13 * 14) / 2);
  });

  it('lets S mix with every group but A and L [FR-1980]', () => {
    for (const g of ['B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'N', 'S']) {
      expect(verdict('S', g)).toBe('allowed');
    }
    expect(verdict('S', 'A')).toBe('forbidden');
    expect(verdict('L', 'S')).toBe('forbidden');
    expect(mixingOf(matrix, 'C', 'S')).toMatchObject({ status: 'verified' });
  });

  it('keeps L apart from every other group, and each type of L apart', () => {
    for (const g of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'N', 'S']) {
      expect(verdict('L', g)).toBe('forbidden');
    }
    expect(mixingOf(matrix, 'L', 'L')).toMatchObject({
      verdict: 'allowed',
      sameMaterialOnly: true,
    });
  });

  it('keeps different groups among A–H, J, K apart, and H with S only', () => {
    expect(verdict('B', 'C')).toBe('forbidden');
    expect(verdict('C', 'G')).toBe('forbidden');
    expect(verdict('J', 'K')).toBe('forbidden');
    expect(verdict('H', 'N')).toBe('forbidden');
    expect(verdict('H', 'S')).toBe('allowed');
    expect(verdict('C', 'C')).toBe('allowed');
  });

  it('refuses by default exactly the pairs no verified rule decides: N with A–G, J, K', () => {
    const open = [...matrix.values()]
      .filter((e) => e.verdict === 'not_covered')
      .map((e) => e.groups.join(''));
    expect(open.sort()).toEqual(['AN', 'BN', 'CN', 'DN', 'EN', 'FN', 'GN', 'JN', 'KN']);
    expect(mixingOf(matrix, 'N', 'C').status).toBe('no_rule');
  });

  it('carries its rules as data with their sources', () => {
    for (const rule of VERIFIED_MIXING_RULES) {
      expect(rule.source).toMatch(/\[(FR-1980|ARMY-MM2603)\]/);
      expect(rule.pairs.length).toBeGreaterThan(0);
    }
  });

  it("takes the safety officer's rules over the defaults, a narrower rule over a wider one", () => {
    const officer = mixingMatrix([
      SMALL_QUANTITY_COMBINATION,
      { groups: ['C', 'G'], allowed: false, note: 'not in this plant' },
      { groups: ['N', 'C'], allowed: true, note: 'approval 12/2027' },
    ]);
    expect(mixingOf(officer, 'C', 'D')).toMatchObject({
      verdict: 'allowed',
      maxNetExplosiveKg: 453.59237,
      status: 'plant',
    });
    expect(mixingOf(officer, 'G', 'C').verdict).toBe('forbidden');
    expect(mixingOf(officer, 'C', 'N')).toMatchObject({ verdict: 'allowed', status: 'plant' });
    // S is outside the option: it keeps mixing with C without a limit.
    expect(mixingOf(officer, 'C', 'S')).toMatchObject({ verdict: 'allowed', status: 'verified' });
    expect(mixingOf(officer, 'C', 'S').maxNetExplosiveKg).toBeUndefined();
  });

  it('on a tie between the plant rules, the stricter one wins', () => {
    const officer = mixingMatrix([
      { groups: ['B', 'C'], allowed: true, note: 'one' },
      { groups: ['C', 'B'], allowed: false, note: 'two' },
    ]);
    expect(mixingOf(officer, 'B', 'C').verdict).toBe('forbidden');
  });
});

describe('net explosive quantity', () => {
  const plant = plantFrom();
  const material = (code: string) => {
    const found = plant.materials.find((m) => m.code === code);
    if (!found) throw new Error(code);
    return found;
  };

  it('is quantity × NEQ per unit, and nothing for a material that is not an explosive', () => {
    expect(neqOf(material('C762-BALL'), 1000)).toBeCloseTo(1.7, 9);
    expect(neqOf(material('PROP-BALL'), 20)).toBe(20);
    expect(neqOf(material('CASE-762'), 10_000)).toBe(0);
  });

  it('is added up per location and division, with unknown materials set apart', () => {
    const { byLocation, unknown } = neqByLocation(plant, [
      line('QUAR-02', 'P-1', 'PROP-BALL', 100),
      line('QUAR-02', 'C-1', 'C762-BALL', 10_000),
      line('QUAR-02', 'X-1', 'CASE-762', 5),
      line('QUAR-02', 'Z-1', 'GONE', 5),
    ]);
    expect(byLocation.get('QUAR-02')).toEqual({ '1.3': 100, '1.4': 17 });
    expect(unknown.map((u) => u.lot)).toEqual(['Z-1']);
  });

  it('groupsAt lists the groups present with their lots', () => {
    const groups = groupsAt(plant, [
      line('QUAR-02', 'P-1', 'PROP-BALL', 100),
      line('QUAR-02', 'C-1', 'C762-BALL', 10),
      line('QUAR-02', 'C-2', 'C762-BLANK', 0),
      line('QUAR-02', 'X-1', 'CASE-762', 5),
    ]);
    expect([...groups.keys()]).toEqual(['C', 'S']);
    expect(groups.get('S')?.map((l) => l.lot)).toEqual(['C-1']);
  });
});

describe('movementInterlock: divisions and groups', () => {
  const plant = plantFrom((doc) => {
    doc.materials.push({
      code: 'T-G',
      name: 'Test tracer composition',
      kind: 'component',
      category: 'other',
      unit: 'kg',
      hazard: hazard('UN0306', '1.4G', 1),
    });
  });

  it('accepts primers (1.4S) into the primer magazine', () => {
    expect(movementInterlock(plant, 'MAG-04', [], lot('PR-1', 'PRIMER-762', 3000))).toBe(undefined);
  });

  it('refuses powder (1.3C) in a magazine for HD 1.4, saying what it is and what may go there', () => {
    expect(movementInterlock(plant, 'MAG-04', [], lot('PO-1', 'PROP-BALL', 20))).toEqual({
      code: 'division_not_allowed',
      message: 'lot PO-1 is 1.3C (UN0161) and MAG-04 may hold hazard division 1.4 only',
      params: {
        lot: 'PO-1',
        classification: '1.3C',
        unNumber: 'UN0161',
        location: 'MAG-04',
        division: '1.3',
        allowed: ['1.4'],
      },
      details: { lot: 'PO-1', location: 'MAG-04', division: '1.3', allowed: ['1.4'] },
    });
  });

  it('refuses any explosive in a store that takes none', () => {
    expect(movementInterlock(plant, 'ST-CASES', [], lot('PR-1', 'PRIMER-762', 10))).toMatchObject({
      code: 'no_explosives_here',
      message: 'lot PR-1 is 1.4S (UN0044) and ST-CASES takes no explosives',
    });
  });

  it('refuses a group the location may not hold', () => {
    expect(movementInterlock(plant, 'QUAR-02', [], lot('TG-1', 'T-G', 1))).toMatchObject({
      code: 'group_not_allowed',
      message: 'lot TG-1 is 1.4G (UN0306) and QUAR-02 may hold compatibility group C, S',
    });
  });

  it('lets a material that is not an explosive go anywhere but into a magazine', () => {
    expect(movementInterlock(plant, 'ST-CASES', [], lot('CS-1', 'CASE-762', 10_000))).toBe(
      undefined,
    );
    expect(movementInterlock(plant, 'QUAR-01', [], lot('CS-1', 'CASE-762', 10))).toBe(undefined);
    expect(movementInterlock(plant, 'MAG-01-A', [], lot('CS-1', 'CASE-762', 10))).toMatchObject({
      code: 'not_explosive_in_magazine',
      message:
        'lot CS-1 (CASE-762) is not an explosive and MAG-01-A is a magazine: magazines hold explosives only',
    });
  });

  it('refuses a location or a material the plant does not know', () => {
    expect(movementInterlock(plant, 'MAG-99', [], lot('PR-1', 'PRIMER-762', 1))?.code).toBe(
      'unknown_location',
    );
    expect(movementInterlock(plant, 'MAG-04', [], lot('PR-1', 'NOPE', 1))?.code).toBe(
      'unknown_material',
    );
    expect(
      movementInterlock(
        plant,
        'MAG-04',
        [line('MAG-04', 'OLD-1', 'RETIRED', 5)],
        lot('PR-1', 'PRIMER-762', 1),
      ),
    ).toMatchObject({ code: 'unknown_material', details: { lot: 'OLD-1', location: 'MAG-04' } });
  });
});

describe('movementInterlock: mixing', () => {
  const plant = plantFrom(withMixedMagazine);
  const powder = line('MAG-05', 'PC-1', 'PROP-BALL', 100);

  it('names the clashing lot, its group and where it is, with the rule and its source', () => {
    const refusal = movementInterlock(plant, 'MAG-05', [powder], lot('PB-1', 'T-B', 5));
    expect(refusal).toMatchObject({
      code: 'mixing_forbidden',
      params: { lot: 'PB-1', groups: ['B', 'C'], destination: 'MAG-05', location: 'MAG-05' },
      details: { lot: 'PB-1', group: 'B', clashingLot: 'PC-1', clashingGroup: 'C' },
    });
    expect(refusal?.message).toBe(
      'group B of lot PB-1 clashes with group C of lot PC-1 already in MAG-05 ' +
        '(different groups among A–H, J and K are not stored together: French arrêté of ' +
        '26 September 1980, art. 7 [FR-1980])',
    );
  });

  it('checks against the whole building: a lot in the other bay clashes too', () => {
    const refusal = movementInterlock(
      plant,
      'MAG-05-A',
      [line('MAG-05-B', 'PC-1', 'PROP-BALL', 100), line('MAG-02', 'X-9', 'T-G', 1)],
      lot('PG-1', 'T-G', 5),
    );
    expect(refusal?.message).toMatch(
      /^group G of lot PG-1 clashes with group C of lot PC-1 already in MAG-05-B \(/,
    );
  });

  it('says how many more lots clash', () => {
    const refusal = movementInterlock(
      plant,
      'MAG-05',
      [powder, line('MAG-05', 'PG-1', 'T-G', 5)],
      lot('PB-1', 'T-B', 5),
    );
    expect(refusal?.message).toMatch(/; and 1 more clash\(es\)$/);
    expect(refusal?.details.clashes).toHaveLength(2);
  });

  it('accepts S beside B, C and G, and more of the same group', () => {
    const stock = [powder, line('MAG-05-A', 'PB-1', 'T-B', 5), line('MAG-05-B', 'PG-1', 'T-G', 5)];
    expect(movementInterlock(plant, 'MAG-05', stock, lot('CB-1', 'C762-BALL', 1000))).toBe(
      undefined,
    );
    expect(movementInterlock(plant, 'MAG-05', [powder], lot('PC-2', 'PROP-BLANK', 50))).toBe(
      undefined,
    );
  });

  it("refuses a pair no verified rule decides, unless the safety officer's matrix allows it", () => {
    const refusal = movementInterlock(plant, 'MAG-05', [powder], lot('PN-1', 'T-N', 1));
    expect(refusal).toMatchObject({ code: 'mixing_not_covered' });
    expect(refusal?.message).toBe(
      'group N of lot PN-1 may not join group C of lot PC-1 already in MAG-05: no verified rule ' +
        "allows N with C, so it is not allowed unless the safety officer's matrix says so",
    );
    const allowed = plantFrom((doc) => {
      withMixedMagazine(doc);
      doc.safety.mixing = [{ groups: ['C', 'N'], allowed: true, note: 'approval SO-2027-04' }];
    });
    expect(movementInterlock(allowed, 'MAG-05', [powder], lot('PN-1', 'T-N', 1))).toBe(undefined);
  });

  it('keeps L away from S and each type of L from the other', () => {
    const l1 = line('MAG-05', 'L-1', 'T-L1', 5);
    expect(movementInterlock(plant, 'MAG-05', [l1], lot('L-2', 'T-L1', 5))).toBe(undefined);
    const other = movementInterlock(plant, 'MAG-05', [l1], lot('L-3', 'T-L2', 5));
    expect(other?.code).toBe('mixing_forbidden');
    expect(other?.message).toMatch(/another type of group L \(T-L2 and T-L1/);
    expect(movementInterlock(plant, 'MAG-05', [l1], lot('CB-1', 'C762-BALL', 10))?.message).toMatch(
      /^group S of lot CB-1 clashes with group L of lot L-1 already in MAG-05/,
    );
  });

  it('holds a quantity condition of the matrix to the whole storage site', () => {
    const small = plantFrom((doc) => {
      withMixedMagazine(doc);
      doc.safety.mixing = [SMALL_QUANTITY_COMBINATION];
    });
    const stock = [line('MAG-05-A', 'PC-1', 'PROP-BALL', 400)];
    expect(movementInterlock(small, 'MAG-05-B', stock, lot('PG-1', 'T-G', 50))).toBe(undefined);
    const refusal = movementInterlock(small, 'MAG-05-B', stock, lot('PG-1', 'T-G', 60));
    expect(refusal).toMatchObject({
      code: 'mixing_over_quantity',
      details: { location: 'MAG-05', maxNetExplosiveKg: 453.59237, wouldHoldKg: 460 },
    });
    expect(refusal?.message).toMatch(
      /^group G of lot PG-1 may join group C of lot PC-1 in MAG-05 only while MAG-05 holds at most 453\.6 kg NEQ in all; it would hold 460 kg/,
    );
  });
});

describe('movementInterlock: net explosive quantity', () => {
  const plant = plantFrom();
  // Blanks are 0.8 g NEQ each: 4,875,000 of them are 3,900 kg.
  const full = [
    line('MAG-01-A', 'BL-1', 'C762-BLANK', 4_875_000),
    line('MAG-01-B', 'BL-2', 'C762-BLANK', 4_875_000),
    line('MAG-01', 'BL-3', 'C762-BLANK', 375_000),
    // Another building: not counted.
    line('MAG-02', 'BL-4', 'C762-BLANK', 5_000_000),
  ];

  it("refuses what would take a building over its limit, by how much, naming the building's limit", () => {
    // 117,000 tracer bullets × 0.2 g = 23.4 kg into bay B (3,923.4 kg, under
    // its 4,000 kg), but MAG-01 would hold 3,900 + 3,923.4 + 300 = 8,123.4 kg.
    const refusal = movementInterlock(plant, 'MAG-01-B', full, lot('TR-1', 'BULLET-T', 117_000));
    expect(refusal?.code).toBe('explosive_limit_exceeded');
    expect(refusal?.message).toBe(
      'lot TR-1 brings 23.4 kg NEQ into MAG-01-B (MAG-01-B is in MAG-01): MAG-01 would hold ' +
        "8,123.4 kg NEQ, 123.4 kg over MAG-01's limit of 8,000 kg",
    );
    expect(refusal?.details).toMatchObject({ location: 'MAG-01', limitKg: 8000 });
    expect(refusal?.details.overKg).toBeCloseTo(123.4, 6);
  });

  it('refuses what would take the bay itself over its limit', () => {
    const refusal = movementInterlock(
      plant,
      'MAG-01-A',
      [line('MAG-01-A', 'BL-1', 'C762-BLANK', 4_875_000)],
      lot('TR-1', 'BULLET-T', 600_000),
    );
    expect(refusal?.message).toBe(
      'lot TR-1 brings 120 kg NEQ into MAG-01-A: MAG-01-A would hold 4,020 kg NEQ, ' +
        "20 kg over MAG-01-A's limit of 4,000 kg",
    );
  });

  it('accepts a movement that fills a location exactly to its limit', () => {
    // 3,900 + 3,900 + 300 = 8,100 in MAG-01 would already be over: empty bay A first.
    const stock = [line('MAG-01-B', 'BL-2', 'C762-BLANK', 4_875_000)];
    expect(movementInterlock(plant, 'MAG-01-A', stock, lot('BL-5', 'C762-BLANK', 5_000_000))).toBe(
      undefined,
    );
  });

  it('adds up every division present: HD 1.4 is not left out beside HD 1.3', () => {
    // QUAR-02 may hold 500 kg: 450 kg of powder and 60 kg of cartridges is too much.
    const stock = [line('QUAR-02', 'PO-1', 'PROP-BALL', 450)];
    const refusal = movementInterlock(
      plant,
      'QUAR-02',
      stock,
      lot('CB-1', 'C762-BALL', 60 / 0.0017),
    );
    expect(refusal?.code).toBe('explosive_limit_exceeded');
    expect(refusal?.details.wouldHoldKg).toBeCloseTo(510, 6);
  });

  it('refuses explosives where the plant file sets no limit', () => {
    const noLimit = plantFrom((doc) => {
      const dock = doc.locations.find((l: Doc) => l.code === 'DOCK-01');
      delete dock.netExplosiveLimitKg;
    });
    expect(movementInterlock(noLimit, 'DOCK-01', [], lot('CB-1', 'C762-BALL', 1))).toMatchObject({
      code: 'no_explosive_limit',
      message:
        'DOCK-01 has no net explosive quantity limit in the plant file, and no explosive goes where no limit is set',
    });
  });
});

describe('the reference plant file', () => {
  it('writes out the verified mixing rules, deciding every pair as the defaults do', () => {
    const doc: Doc = parse(REFERENCE_TEXT);
    const result = validatePlant(doc);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const written = plantMixingMatrix(result.plant);
    const defaults = mixingMatrix();
    for (const [pair, entry] of defaults) {
      const own = written.get(pair);
      // Where the defaults decide, the file says the same; where they do not, the file may forbid.
      if (entry.verdict !== 'not_covered') expect(own?.verdict, pair).toBe(entry.verdict);
      else expect(own?.verdict, pair).not.toBe('allowed');
    }
  });
});

describe('dependsOnStock', () => {
  it('says a material without a hazard is decided by the destination alone, whatever the building holds', () => {
    const plant = plantFrom();
    const explosives = plant.materials.filter((m) => m.hazard !== undefined);
    const inert = plant.materials.filter((m) => m.hazard === undefined);
    expect(explosives.length).toBeGreaterThan(0);
    expect(inert.length).toBeGreaterThan(0);
    for (const m of explosives) expect(dependsOnStock(plant, m.code), m.code).toBe(true);
    expect(dependsOnStock(plant, 'NOT-IN-THE-PLANT-FILE')).toBe(true);
    // A building full of every explosive, in amounts past any limit, and a lot of unknown material.
    const crowded = (location: string): StockLine[] => [
      ...explosives.map((m, i) => ({ location, lot: `X-${i}`, material: m.code, quantity: 1e9 })),
      { location, lot: 'UNKNOWN-1', material: 'NOT-IN-THE-PLANT-FILE', quantity: 5 },
    ];
    for (const m of inert) {
      expect(dependsOnStock(plant, m.code), m.code).toBe(false);
      for (const location of plant.locations) {
        const lot: IncomingLot = { lot: 'IN-1', material: m.code, quantity: 1_000 };
        expect(
          movementInterlock(plant, location.code, crowded(location.code), lot),
          `${m.code} into ${location.code}`,
        ).toEqual(movementInterlock(plant, location.code, [], lot));
      }
    }
  });
});

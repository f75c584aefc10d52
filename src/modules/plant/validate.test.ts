// Every rule of a plant, one defect at a time: each bad plant is the minimal
// fixture with exactly one thing broken, so the expected issues are the whole
// answer (a rule that fires too often or reports the wrong path fails here).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LOCALE_LANGUAGES, localeNamespace } from '../../../test/support/locales.js';
import type { PlantIssue } from './model.js';
import { shiftSpanMinutes, validatePlant } from './validate.js';

const MINIMAL_TEXT = readFileSync(path.resolve('test/fixtures/plants/minimal-plant.yaml'), 'utf8');

// Plain data, so a test can break any field, including into a wrong type.
// biome-ignore lint/suspicious/noExplicitAny: a deliberately untyped document to corrupt
type Doc = any;
const minimal = (): Doc => parse(MINIMAL_TEXT);

// The problems of shape are tested for what each says and where; their codes
// and params (for translations) are checked on their own below. The findings
// of the rules across the plant are tested in full, code and params included.
type Coded = { code?: string; params?: unknown };
const wordsOnly = <T extends object>(issue: T): T => {
  const { code: _code, params: _params, ...words } = issue as T & Coded;
  return words as T;
};

function issuesOf(document: Doc): PlantIssue[] {
  const result = validatePlant(document);
  return result.ok ? [] : result.issues.map(wordsOnly);
}

function codesOf(document: Doc) {
  const result = validatePlant(document);
  return result.ok
    ? []
    : result.issues.map((issue) => {
        const { path, code, params } = issue as PlantIssue & Coded;
        return { path, code, params };
      });
}

/** A finding as the plant check reports it: where, in English, and as a code with params. */
type Finding = Required<PlantIssue>;

/** A finding of the plant check in full, with its code and params. */
const finding = (
  path: string,
  message: string,
  code: string,
  params: Finding['params'] = {},
): Finding => ({ path, message, code, params });

function findingsOf(document: Doc): PlantIssue[] {
  const result = validatePlant(document);
  return result.ok ? [] : result.issues;
}

function withDefect(defect: (doc: Doc) => void): PlantIssue[] {
  const doc = minimal();
  defect(doc);
  return issuesOf(doc);
}

/** A second finished product with its own bill of material, for mixes and changeovers. */
function withTracer(doc: Doc) {
  doc.materials.push({
    code: 'TRACER',
    name: 'Tracer cartridge',
    kind: 'finished',
    category: 'cartridge',
    unit: 'each',
  });
  doc.boms.push({ product: 'TRACER', items: [{ material: 'CASE', quantity: 1000 }] });
}

describe('the minimal fixture', () => {
  it('is a valid plant, with defaults filled in', () => {
    const result = validatePlant(minimal());
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.plant.boms[0]?.basis).toBe(1000);
    expect(result.plant.boms[0]?.items[0]?.scrapPercent).toBe(0);
    expect(result.plant.lines[0]?.changeovers).toEqual([]);
    expect(result.plant.suppliers[0]?.imported).toBe(false);
    expect(result.plant.specifications[0]?.revision).toBe('A');
  });
});

describe('shape of each entry', () => {
  it.each<[string, (doc: Doc) => void, PlantIssue[]]>([
    [
      'a negative station rate',
      (d) => {
        d.lines[0].stations[1].ratePerMinute = -100;
      },
      [{ path: 'lines[0].stations[1].ratePerMinute', message: 'expected a positive number' }],
    ],
    [
      'a station rate of zero',
      (d) => {
        d.lines[0].stations[1].ratePerMinute = 0;
      },
      [{ path: 'lines[0].stations[1].ratePerMinute', message: 'expected a positive number' }],
    ],
    [
      'a station rate given as text',
      (d) => {
        d.lines[0].stations[0].ratePerMinute = 'fast';
      },
      [{ path: 'lines[0].stations[0].ratePerMinute', message: 'expected a number' }],
    ],
    [
      'a misspelt field',
      (d) => {
        d.lines[0].stations[1].ratePerMinut = d.lines[0].stations[1].ratePerMinute;
        delete d.lines[0].stations[1].ratePerMinute;
      },
      [
        { path: 'lines[0].stations[1].ratePerMinute', message: 'is required (a number)' },
        { path: 'lines[0].stations[1].ratePerMinut', message: 'unknown field' },
      ],
    ],
    [
      'an unknown field at the top',
      (d) => {
        d.machines = [];
      },
      [{ path: 'machines', message: 'unknown field' }],
    ],
    [
      'an unknown field in a holiday',
      (d) => {
        d.calendars[0].holidays[0].note = 'bridge day';
      },
      [{ path: 'calendars[0].holidays[0].note', message: 'unknown field' }],
    ],
    [
      'an unknown field in a location position',
      (d) => {
        d.locations[0].position = { x: 1, y: 2, z: 3 };
      },
      [{ path: 'locations[0].position.z', message: 'unknown field' }],
    ],
    [
      'a missing site name',
      (d) => {
        delete d.site.name;
      },
      [{ path: 'site.name', message: 'is required (a string)' }],
    ],
    [
      'a missing list of lines',
      (d) => {
        delete d.lines;
      },
      [{ path: 'lines', message: 'is required (a list)' }],
    ],
    [
      'a line without stations',
      (d) => {
        d.lines[0].stations = [];
      },
      [{ path: 'lines[0].stations', message: 'expected at least one station' }],
    ],
    [
      'another schema version',
      (d) => {
        d.schemaVersion = 2;
      },
      [{ path: 'schemaVersion', message: 'expected one of 1' }],
    ],
    [
      'an unknown area kind',
      (d) => {
        d.areas[1].kind = 'warehouse';
      },
      [
        {
          path: 'areas[1].kind',
          message:
            'expected one of "production", "firing_range", "storage", "receiving", "shipping"',
        },
      ],
    ],
    [
      'a missing area kind',
      (d) => {
        delete d.areas[1].kind;
      },
      [
        {
          path: 'areas[1].kind',
          message:
            'is required (one of "production", "firing_range", "storage", "receiving", "shipping")',
        },
      ],
    ],
    [
      'a code with a space',
      (d) => {
        d.customers[0].code = 'THE ARMY';
      },
      [
        {
          path: 'customers[0].code',
          message: 'expected a code of 1–40 letters, digits, dots, dashes or underscores',
        },
      ],
    ],
    [
      'an impossible date',
      (d) => {
        d.maintenance[0].to = '2027-06-31';
      },
      [{ path: 'maintenance[0].to', message: 'expected a date as YYYY-MM-DD' }],
    ],
    [
      'a shift starting at 24:00',
      (d) => {
        d.calendars[0].shifts[0].start = '24:00';
      },
      [
        {
          path: 'calendars[0].shifts[0].start',
          message: 'expected a time of day as HH:MM (24-hour clock)',
        },
      ],
    ],
    [
      'a holiday with both a date and an annual day',
      (d) => {
        d.calendars[0].holidays[0].date = '2027-01-01';
      },
      [{ path: 'calendars[0].holidays[0]', message: 'expected exactly one of date or annual' }],
    ],
    [
      'an annual holiday on the 13th month',
      (d) => {
        d.calendars[0].holidays[0].annual = '13-01';
      },
      [{ path: 'calendars[0].holidays[0].annual', message: 'expected a month and day as MM-DD' }],
    ],
    [
      'a hazard division that does not exist',
      (d) => {
        d.materials[0].hazard.division = '1.7';
      },
      [
        {
          path: 'materials[0].hazard.division',
          message: 'expected one of "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"',
        },
      ],
    ],
    [
      'a UN number without the UN prefix',
      (d) => {
        d.materials[0].hazard.unNumber = '0012';
      },
      [{ path: 'materials[0].hazard.unNumber', message: 'expected a UN number such as UN0012' }],
    ],
    [
      'an AQL that is not a preferred value',
      (d) => {
        d.specifications[0].characteristics.push({
          code: 'VIS',
          name: 'Visual defects',
          type: 'attribute',
          defectClass: 'major',
          aql: 0.7,
        });
      },
      [
        {
          path: 'specifications[0].characteristics[1].aql',
          message: 'expected a preferred AQL value of ISO 2859-1 (e.g. 0.65, 1.0, 2.5)',
        },
      ],
    ],
    [
      'a share above 1',
      (d) => {
        d.lines[0].products[0].share = 1.5;
      },
      [{ path: 'lines[0].products[0].share', message: 'expected a number ≤ 1' }],
    ],
  ])('%s', (_name, defect, expected) => {
    expect(withDefect(defect)).toEqual(expected);
  });

  it('gives each problem of shape a stable code and params, for a translation', () => {
    const doc = minimal();
    doc.lines[0].stations[1].ratePerMinute = -100;
    doc.machines = [];
    delete doc.site.name;
    doc.schemaVersion = 2;
    expect(codesOf(doc)).toEqual(
      expect.arrayContaining([
        { path: 'lines[0].stations[1].ratePerMinute', code: 'number_not_positive', params: {} },
        { path: 'machines', code: 'unknown_field', params: { field: 'machines' } },
        { path: 'site.name', code: 'field_required', params: { expected: 'string' } },
        { path: 'schemaVersion', code: 'value_not_allowed', params: { values: ['1'] } },
      ]),
    );
  });

  it('refuses a document that is not a mapping', () => {
    expect(issuesOf(null)).toEqual([{ path: '', message: 'expected a mapping of fields' }]);
    expect(issuesOf([])).toEqual([{ path: '', message: 'expected a mapping of fields' }]);
  });
});

/** A component the minimal plant lacks, for incoming inspections and suppliers. */
function withPrimer(doc: Doc) {
  doc.materials.push({
    code: 'PRIMER',
    name: 'Primer',
    kind: 'component',
    category: 'primer',
    unit: 'each',
  });
}

/** A firing-range test with the given limits, on the first specification. */
function withRangeTest(doc: Doc, limits: object[]) {
  doc.specifications[0].rangeTests = [
    { code: 'VEL', name: 'Velocity', kind: 'velocity', sampleSize: 10, limits },
  ];
}

/** A safety section on the minimal plant, its magazine building placed on the site. */
function withSafety(doc: Doc, safety: object) {
  doc.locations[0].position = { x: 0, y: 0 };
  doc.safety = safety;
}

const qdFactor = { division: '1.4', exposure: 'intermagazine', k: 2, note: 'n' };

// Every rule across the plant, one defect at a time: the finding in English
// and as the code and params a client translates it by.
const CROSS_CHECK_CASES: [string, (doc: Doc) => void, Finding[]][] = [
  [
    'a GTIN with a wrong check digit',
    (d) => {
      // 07590001000015 is right: its check digit is 5.
      d.materials[0].gtin = '07590001000016';
    },
    [
      finding(
        'materials[0].gtin',
        '07590001000016 has a wrong GS1 check digit',
        'gtin_check_digit_wrong',
        { gtin: '07590001000016' },
      ),
    ],
  ],
  [
    'two materials whose lot interfix blocks overlap',
    (d) => {
      d.materials[0].lotInterfixes = { first: 1, last: 99 };
      d.materials[1].lotInterfixes = { first: 90, last: 120 };
    },
    [
      finding(
        'materials[1].lotInterfixes',
        'interfixes 90–120 overlap those of BALL (1–99)',
        'lot_interfixes_overlap',
        { first: 90, last: 120, material: 'BALL', otherFirst: 1, otherLast: 99 },
      ),
    ],
  ],
  [
    'a duplicate customer code',
    (d) => {
      d.customers.push({ ...d.customers[0], name: 'Army, again' });
    },
    [finding('customers[1].code', 'duplicate code "ARMY"', 'duplicate_code', { code: 'ARMY' })],
  ],
  [
    'a duplicate station code within a line',
    (d) => {
      d.lines[0].stations[1].code = 'FEED';
    },
    [
      finding('lines[0].stations[1].code', 'duplicate code "FEED"', 'duplicate_code', {
        code: 'FEED',
      }),
    ],
  ],
  [
    'a duplicate shift code within a calendar',
    (d) => {
      d.calendars[0].shifts.push({ ...d.calendars[0].shifts[0], start: '14:00', end: '22:00' });
    },
    [
      finding('calendars[0].shifts[1].code', 'duplicate code "A"', 'duplicate_code', {
        code: 'A',
      }),
    ],
  ],
  [
    'a line in an unknown area',
    (d) => {
      d.lines[0].area = 'NOWHERE';
    },
    [finding('lines[0].area', 'unknown area "NOWHERE"', 'area_unknown', { area: 'NOWHERE' })],
  ],
  [
    'a line in a storage area',
    (d) => {
      d.lines[0].area = 'MAGS';
    },
    [
      finding(
        'lines[0].area',
        'area "MAGS" is a storage area, not production',
        'area_not_production',
        { area: 'MAGS', areaKind: 'storage' },
      ),
    ],
  ],
  [
    'a line on an unknown calendar',
    (d) => {
      d.lines[0].calendar = 'NIGHT';
    },
    [
      finding('lines[0].calendar', 'unknown calendar "NIGHT"', 'unknown_calendar', {
        calendar: 'NIGHT',
        line: 'L1',
      }),
    ],
  ],
  [
    'a BOM item of an unknown material',
    (d) => {
      d.boms[0].items[0].material = 'BULLET';
    },
    [
      finding('boms[0].items[0].material', 'unknown material "BULLET"', 'material_unknown', {
        material: 'BULLET',
      }),
    ],
  ],
  [
    'a BOM of an unknown product (so the line makes a product without one)',
    (d) => {
      d.boms[0].product = 'GHOST';
    },
    [
      finding('boms[0].product', 'unknown material "GHOST"', 'material_unknown', {
        material: 'GHOST',
      }),
      finding(
        'lines[0].products[0].product',
        '"BALL" has no bill of material',
        'product_without_bom',
        { product: 'BALL', line: 'L1' },
      ),
    ],
  ],
  [
    'a BOM of a component',
    (d) => {
      d.boms.push({ product: 'CASE', items: [{ material: 'BALL', quantity: 1 }] });
    },
    [
      finding('boms[1].product', '"CASE" is not a finished material', 'material_not_finished', {
        material: 'CASE',
      }),
    ],
  ],
  [
    'a BOM listing a component twice',
    (d) => {
      d.boms[0].items.push({ material: 'CASE', quantity: 5 });
    },
    [
      finding('boms[0].items[1].material', '"CASE" listed twice', 'bom_item_listed_twice', {
        material: 'CASE',
        product: 'BALL',
      }),
    ],
  ],
  [
    'a supplier of an unknown material',
    (d) => {
      d.suppliers[0].materials.push('PRIMER');
    },
    [
      finding('suppliers[0].materials[1]', 'unknown material "PRIMER"', 'material_unknown', {
        material: 'PRIMER',
      }),
    ],
  ],
  [
    'a specification for an unknown customer',
    (d) => {
      d.specifications[0].customer = 'NAVY';
    },
    [
      finding('specifications[0].customer', 'unknown customer "NAVY"', 'customer_unknown', {
        customer: 'NAVY',
      }),
    ],
  ],
  [
    'a location in an unknown area',
    (d) => {
      d.locations[1].area = 'YARD';
    },
    [finding('locations[1].area', 'unknown area "YARD"', 'area_unknown', { area: 'YARD' })],
  ],
  [
    'maintenance of an unknown line',
    (d) => {
      d.maintenance[0].lines = ['L1', 'L9'];
    },
    [finding('maintenance[0].lines[1]', 'unknown line "L9"', 'unknown_line', { line: 'L9' })],
  ],
  [
    'maintenance that ends before it starts',
    (d) => {
      d.maintenance[0].to = '2027-06-01';
    },
    [
      finding(
        'maintenance[0].to',
        'ends before it starts (2027-06-07)',
        'maintenance_ends_before_start',
        { from: '2027-06-07', to: '2027-06-01' },
      ),
    ],
  ],
  [
    'a product rate above the slowest station',
    (d) => {
      d.lines[0].products[0].ratePerMinute = 101;
    },
    [
      finding(
        'lines[0].products[0].ratePerMinute',
        '101/min exceeds the slowest station SEAT (100/min)',
        'rate_above_slowest_station',
        {
          product: 'BALL',
          line: 'L1',
          ratePerMinute: 101,
          station: 'SEAT',
          stationRatePerMinute: 100,
        },
      ),
    ],
  ],
  [
    'a line making a component',
    (d) => {
      d.lines[0].products[0].product = 'CASE';
    },
    [
      finding(
        'lines[0].products[0].product',
        '"CASE" is not a finished material',
        'material_not_finished',
        { material: 'CASE' },
      ),
    ],
  ],
  [
    'a line listing a product twice',
    (d) => {
      d.lines[0].products.push({ product: 'BALL', ratePerMinute: 70 });
    },
    [
      finding('lines[0].products[1].product', '"BALL" listed twice', 'line_product_listed_twice', {
        product: 'BALL',
        line: 'L1',
      }),
    ],
  ],
  [
    'a product without a bill of material',
    (d) => {
      d.boms = [];
    },
    [
      finding(
        'lines[0].products[0].product',
        '"BALL" has no bill of material',
        'product_without_bom',
        { product: 'BALL', line: 'L1' },
      ),
    ],
  ],
  [
    'a second bill of material for a product',
    (d) => {
      d.boms.push({ ...d.boms[0] });
    },
    [
      finding('boms[1].product', 'a second bill of material for "BALL"', 'bom_duplicate', {
        product: 'BALL',
      }),
    ],
  ],
  [
    'a product that is its own component',
    (d) => {
      d.boms[0].items.push({ material: 'BALL', quantity: 1 });
    },
    [
      finding(
        'boms[0].items[1].material',
        'a product cannot be its own component',
        'bom_own_component',
        { product: 'BALL' },
      ),
    ],
  ],
  [
    'shares that do not add up to 1',
    (d) => {
      withTracer(d);
      d.lines[0].products = [
        { product: 'BALL', ratePerMinute: 80, share: 0.6 },
        { product: 'TRACER', ratePerMinute: 70, share: 0.3 },
      ];
    },
    [
      finding(
        'lines[0].products',
        'product shares add up to 0.9, expected 1',
        'product_shares_not_one',
        { total: 0.9, line: 'L1' },
      ),
    ],
  ],
  [
    'a share for some products only',
    (d) => {
      withTracer(d);
      d.lines[0].products = [
        { product: 'BALL', ratePerMinute: 80, share: 1 },
        { product: 'TRACER', ratePerMinute: 70 },
      ];
    },
    [
      finding(
        'lines[0].products',
        'give a share for every product of the line, or for none',
        'product_shares_partial',
        { line: 'L1' },
      ),
    ],
  ],
  [
    'a changeover to a product the line does not make',
    (d) => {
      withTracer(d);
      d.lines[0].changeovers = [{ from: 'BALL', to: 'TRACER', minutes: 60 }];
    },
    [
      finding(
        'lines[0].changeovers[0].to',
        '"TRACER" is not a product of line L1',
        'changeover_product_not_on_line',
        { product: 'TRACER', line: 'L1' },
      ),
    ],
  ],
  [
    'a changeover from a product to itself',
    (d) => {
      d.lines[0].changeovers = [{ from: 'BALL', to: 'BALL', minutes: 10 }];
    },
    [
      finding(
        'lines[0].changeovers[0]',
        'a changeover needs two products',
        'changeover_same_product',
        { from: 'BALL', to: 'BALL', line: 'L1' },
      ),
    ],
  ],
  [
    'a changeover listed twice',
    (d) => {
      withTracer(d);
      d.lines[0].products.push({ product: 'TRACER', ratePerMinute: 70 });
      d.lines[0].changeovers = [
        { from: 'BALL', to: 'TRACER', minutes: 60 },
        { from: 'BALL', to: 'TRACER', minutes: 45 },
      ];
    },
    [
      finding(
        'lines[0].changeovers[1]',
        'changeover BALL→TRACER listed twice',
        'changeover_listed_twice',
        { from: 'BALL', to: 'TRACER', line: 'L1' },
      ),
    ],
  ],
  [
    'division 1.6 with compatibility group S',
    (d) => {
      d.materials[0].hazard.division = '1.6';
    },
    [
      finding(
        'materials[0].hazard.compatibilityGroup',
        '1.6S is not a UN classification code',
        'hazard_classification_unknown',
        { division: '1.6', group: 'S' },
      ),
    ],
  ],
  [
    'a magazine without a net explosive limit',
    (d) => {
      delete d.locations[0].netExplosiveLimitKg;
    },
    [
      finding(
        'locations[0].netExplosiveLimitKg',
        'a magazine needs a net explosive quantity limit',
        'magazine_without_explosive_limit',
        { location: 'MAG-1' },
      ),
    ],
  ],
  [
    'a magazine without compatibility groups',
    (d) => {
      d.locations[1].compatibilityGroups = [];
    },
    [
      finding(
        'locations[1].compatibilityGroups',
        'a magazine needs the compatibility groups it may hold',
        'magazine_without_groups',
        { location: 'MAG-1-A' },
      ),
    ],
  ],
  [
    'a magazine without hazard divisions',
    (d) => {
      d.locations[1].hazardDivisions = [];
    },
    [
      finding(
        'locations[1].hazardDivisions',
        'a magazine needs the hazard divisions it may hold',
        'magazine_without_divisions',
        { location: 'MAG-1-A' },
      ),
    ],
  ],
  [
    'a bay that may hold a division and a group its building may not',
    (d) => {
      d.locations[1].hazardDivisions = ['1.3'];
      d.locations[1].compatibilityGroups = ['D'];
    },
    [
      finding(
        'locations[1].hazardDivisions[0]',
        '1.3 is not allowed in its building MAG-1',
        'division_not_allowed_in_building',
        { location: 'MAG-1-A', building: 'MAG-1', division: '1.3' },
      ),
      finding(
        'locations[1].compatibilityGroups[0]',
        'D is not allowed in its building MAG-1',
        'group_not_allowed_in_building',
        { location: 'MAG-1-A', building: 'MAG-1', group: 'D' },
      ),
    ],
  ],
  [
    'a location inside an unknown one',
    (d) => {
      d.locations[1].parent = 'MAG-9';
    },
    [
      finding('locations[1].parent', 'unknown location "MAG-9"', 'location_unknown', {
        location: 'MAG-9',
      }),
    ],
  ],
  [
    'two locations inside each other',
    (d) => {
      d.locations[0].parent = 'MAG-1-A';
    },
    [
      finding('locations[0].parent', 'parent chain loops back to "MAG-1"', 'location_parent_loop', {
        location: 'MAG-1',
        parent: 'MAG-1',
      }),
      finding(
        'locations[1].parent',
        'parent chain loops back to "MAG-1-A"',
        'location_parent_loop',
        { location: 'MAG-1-A', parent: 'MAG-1-A' },
      ),
    ],
  ],
  [
    'a location inside itself (reported once)',
    (d) => {
      d.locations[1].parent = 'MAG-1-A';
    },
    [
      finding(
        'locations[1].parent',
        'a location cannot contain itself',
        'location_contains_itself',
        { location: 'MAG-1-A' },
      ),
    ],
  ],
  [
    'breaks as long as the shift',
    (d) => {
      d.calendars[0].shifts[0].breakMinutes = 480;
    },
    [
      finding(
        'calendars[0].shifts[0].breakMinutes',
        'breaks of 480 min leave no working time in a 480-min shift',
        'shift_breaks_too_long',
        { shift: 'A', breakMinutes: 480, shiftMinutes: 480 },
      ),
    ],
  ],
  [
    'a variable characteristic without limits',
    (d) => {
      delete d.specifications[0].characteristics[0].lsl;
      delete d.specifications[0].characteristics[0].usl;
    },
    [
      finding(
        'specifications[0].characteristics[0]',
        'a variable characteristic needs lsl, usl or both',
        'characteristic_without_limits',
        { characteristic: 'OAL' },
      ),
    ],
  ],
  [
    'an upper limit below the lower one',
    (d) => {
      d.specifications[0].characteristics[0].usl = 55;
    },
    [
      finding(
        'specifications[0].characteristics[0].usl',
        'must be greater than lsl (55.45)',
        'usl_not_above_lsl',
        { lsl: 55.45, usl: 55, characteristic: 'OAL' },
      ),
    ],
  ],
  [
    'a specification of an unknown material',
    (d) => {
      d.specifications[0].product = 'GHOST';
    },
    [
      finding('specifications[0].product', 'unknown material "GHOST"', 'material_unknown', {
        material: 'GHOST',
      }),
    ],
  ],
  [
    'a lot acceptance specification of a component',
    (d) => {
      d.specifications[0].product = 'CASE';
    },
    [
      finding(
        'specifications[0].product',
        '"CASE" is not a finished material',
        'material_not_finished',
        { material: 'CASE' },
      ),
    ],
  ],
  [
    'an incoming inspection of a finished product',
    (d) => {
      d.specifications[0].scope = 'incoming';
    },
    [
      finding(
        'specifications[0].product',
        '"BALL" is made in the plant, not received: incoming inspection is for components',
        'incoming_spec_of_finished',
        { material: 'BALL' },
      ),
    ],
  ],
  [
    'a supplier on a lot acceptance specification',
    (d) => {
      d.specifications[0].supplier = 'SUP-CASES';
    },
    [
      finding(
        'specifications[0].supplier',
        'only an incoming inspection names a supplier',
        'supplier_outside_incoming',
        { supplier: 'SUP-CASES', scope: 'lot_acceptance' },
      ),
    ],
  ],
  [
    'an incoming inspection naming an unknown supplier',
    (d) => {
      Object.assign(d.specifications[0], { scope: 'incoming', product: 'CASE' });
      d.specifications[0].supplier = 'SUP-X';
    },
    [
      finding('specifications[0].supplier', 'unknown supplier "SUP-X"', 'supplier_unknown', {
        supplier: 'SUP-X',
      }),
    ],
  ],
  [
    'an incoming inspection naming a supplier that does not supply the material',
    (d) => {
      withPrimer(d);
      Object.assign(d.specifications[0], { scope: 'incoming', product: 'PRIMER' });
      d.specifications[0].supplier = 'SUP-CASES';
    },
    [
      finding(
        'specifications[0].supplier',
        'SUP-CASES does not supply PRIMER',
        'supplier_does_not_supply',
        { supplier: 'SUP-CASES', material: 'PRIMER' },
      ),
    ],
  ],
  [
    'firing-range tests in an incoming inspection',
    (d) => {
      Object.assign(d.specifications[0], { scope: 'incoming', product: 'CASE' });
      withRangeTest(d, [{ statistic: 'mean', min: 800 }]);
    },
    [
      finding(
        'specifications[0].rangeTests',
        'firing-range tests are for finished lots, not incoming inspection',
        'range_tests_on_incoming',
      ),
    ],
  ],
  [
    'a range limit without bounds',
    (d) => {
      withRangeTest(d, [{ statistic: 'mean' }]);
    },
    [
      finding(
        'specifications[0].rangeTests[0].limits[0]',
        'a limit needs min, max or both',
        'range_limit_without_bounds',
        { test: 'VEL' },
      ),
    ],
  ],
  [
    'a range limit whose max is below its min',
    (d) => {
      withRangeTest(d, [{ statistic: 'mean', min: 850, max: 800 }]);
    },
    [
      finding(
        'specifications[0].rangeTests[0].limits[0].max',
        'must not be below min (850)',
        'range_limit_max_below_min',
        { min: 850, max: 800, test: 'VEL' },
      ),
    ],
  ],
  [
    'a compatibility group twice in a mixing rule',
    (d) => {
      withSafety(d, { mixing: [{ groups: ['C', 'C'], allowed: true, note: 'n' }] });
    },
    [
      finding('safety.mixing[0].groups[1]', 'group C listed twice', 'mixing_group_listed_twice', {
        group: 'C',
      }),
    ],
  ],
  [
    'a quantity condition on groups that may not be together',
    (d) => {
      withSafety(d, {
        mixing: [{ groups: ['B', 'C'], allowed: false, maxNetExplosiveKg: 10, note: 'n' }],
      });
    },
    [
      finding(
        'safety.mixing[0].maxNetExplosiveKg',
        'a quantity condition applies only to groups that are allowed together',
        'mixing_quantity_when_forbidden',
        { groups: ['B', 'C'] },
      ),
    ],
  ],
  [
    'a magazine type on a distance to an inhabited building',
    (d) => {
      withSafety(d, {
        quantityDistance: {
          factors: [{ ...qdFactor, exposure: 'inhabited_building', toMagazineType: 'portable' }],
        },
      });
    },
    [
      finding(
        'safety.quantityDistance.factors[0].toMagazineType',
        'magazine types apply only to intermagazine distances',
        'magazine_type_not_intermagazine',
        { exposure: 'inhabited_building' },
      ),
    ],
  ],
  [
    'a factor for an empty range of net explosive quantity',
    (d) => {
      withSafety(d, { quantityDistance: { factors: [{ ...qdFactor, aboveKg: 100, upToKg: 50 }] } });
    },
    [
      finding(
        'safety.quantityDistance.factors[0].upToKg',
        'must be greater than aboveKg (100)',
        'qd_band_empty',
        { aboveKg: 100, upToKg: 50 },
      ),
    ],
  ],
  [
    'two exposures with one code',
    (d) => {
      const house = {
        code: 'H',
        name: 'House',
        kind: 'inhabited_building',
        position: { x: 1, y: 1 },
      };
      withSafety(d, { exposures: [house, house] });
    },
    [finding('safety.exposures[1].code', 'duplicate code "H"', 'duplicate_code', { code: 'H' })],
  ],
  [
    'a magazine building without a position on a sited plant',
    (d) => {
      withSafety(d, { quantityDistance: { factors: [] } });
      delete d.locations[0].position;
    },
    [
      finding(
        'locations[0].position',
        'a magazine needs a position when the plant is sited for quantity-distance (safety)',
        'magazine_without_position',
        { location: 'MAG-1' },
      ),
    ],
  ],
];

describe('rules across the plant', () => {
  it.each(CROSS_CHECK_CASES)('%s', (_name, defect, expected) => {
    const doc = minimal();
    defect(doc);
    expect(findingsOf(doc)).toEqual(expected);
  });

  it('accepts shares that add up to 1 and changeovers between products of the line', () => {
    const doc = minimal();
    withTracer(doc);
    doc.lines[0].products = [
      { product: 'BALL', ratePerMinute: 80, share: 0.7 },
      { product: 'TRACER', ratePerMinute: 70, share: 0.3 },
    ];
    doc.lines[0].changeovers = [{ from: 'BALL', to: 'TRACER', minutes: 60 }];
    expect(issuesOf(doc)).toEqual([]);
  });

  it('accepts a product rate equal to the slowest station', () => {
    expect(
      withDefect((d) => {
        d.lines[0].products[0].ratePerMinute = 100;
      }),
    ).toEqual([]);
  });

  it('reports every broken rule at once, in document order of the rules', () => {
    const issues = withDefect((d) => {
      d.customers.push({ ...d.customers[0] });
      d.lines[0].area = 'NOWHERE';
      d.lines[0].products[0].ratePerMinute = 150;
      d.maintenance[0].lines = ['L2'];
      d.materials[0].hazard.division = '1.6';
      delete d.locations[0].netExplosiveLimitKg;
      d.suppliers[0].materials = ['GLUE'];
    });
    expect(issues).toEqual([
      { path: 'customers[1].code', message: 'duplicate code "ARMY"' },
      {
        path: 'materials[0].hazard.compatibilityGroup',
        message: '1.6S is not a UN classification code',
      },
      { path: 'lines[0].area', message: 'unknown area "NOWHERE"' },
      {
        path: 'lines[0].products[0].ratePerMinute',
        message: '150/min exceeds the slowest station SEAT (100/min)',
      },
      { path: 'maintenance[0].lines[0]', message: 'unknown line "L2"' },
      {
        path: 'locations[0].netExplosiveLimitKg',
        message: 'a magazine needs a net explosive quantity limit',
      },
      { path: 'suppliers[0].materials[0]', message: 'unknown material "GLUE"' },
    ]);
  });

  it('reports every problem of shape at once', () => {
    const issues = withDefect((d) => {
      delete d.site.timezone;
      d.areas[0].kind = 'factory';
      d.lines[0].stations[0].ratePerMinute = -1;
      d.customers[0].country = 'Venezuela';
    });
    expect(issues.map((i) => i.path)).toEqual([
      'site.timezone',
      'areas[0].kind',
      'lines[0].stations[0].ratePerMinute',
      'customers[0].country',
    ]);
  });
});

describe('shift length', () => {
  it.each([
    ['06:00', '14:00', 480],
    ['22:00', '06:00', 480],
    ['00:00', '00:00', 1440],
    ['23:30', '00:15', 45],
  ])('%s–%s lasts %i minutes', (start, end, minutes) => {
    expect(shiftSpanMinutes(start, end)).toBe(minutes);
  });
});

// The rules of the reason trees, on the reasons of `withReasons` below.
const REASON_CASES: [string, (doc: Doc) => void, Finding[]][] = [
  [
    'a leaf with the code of a group elsewhere in the tree',
    (d) => {
      d.downtimeReasons[1].children[0].code = 'PLN-SETUP';
    },
    [
      finding(
        'downtimeReasons[1].children[0].code',
        'duplicate code "PLN-SETUP" (first at downtimeReasons[0].children[1])',
        'duplicate_reason_code',
        { code: 'PLN-SETUP', firstAt: 'downtimeReasons[0].children[1]' },
      ),
    ],
  ],
  [
    'two top-level reasons with one code',
    (d) => {
      d.downtimeReasons[2].code = 'MECH';
    },
    [
      finding(
        'downtimeReasons[2].code',
        'duplicate code "MECH" (first at downtimeReasons[1])',
        'duplicate_reason_code',
        { code: 'MECH', firstAt: 'downtimeReasons[1]' },
      ),
    ],
  ],
  [
    'an unplanned reason in a planned group',
    (d) => {
      d.downtimeReasons[0].children[0].category = 'unplanned';
    },
    [
      finding(
        'downtimeReasons[0].children[0].category',
        'an unplanned reason in the planned group "PLN"',
        'unplanned_reason_in_planned_group',
        { reason: 'PLN-BREAK', group: 'PLN' },
      ),
    ],
  ],
  [
    'a planned reason two levels down in an unplanned group',
    (d) => {
      d.downtimeReasons[1].children[0].children = [
        { code: 'MECH-SEAT-DIE', name: 'Seating die', category: 'planned' },
      ];
    },
    [
      finding(
        'downtimeReasons[1].children[0].children[0].category',
        'a planned reason in the unplanned group "MECH-SEAT"',
        'planned_reason_in_unplanned_group',
        { reason: 'MECH-SEAT-DIE', group: 'MECH-SEAT' },
      ),
    ],
  ],
  [
    'a duplicate scrap reason code',
    (d) => {
      d.scrapReasons[1].code = 'SCR-DENT';
    },
    [
      finding('scrapReasons[1].code', 'duplicate code "SCR-DENT"', 'duplicate_code', {
        code: 'SCR-DENT',
      }),
    ],
  ],
];

describe('downtime and scrap reasons', () => {
  /** A small tree: a planned group with a nested group, an unplanned group and a lone leaf. */
  function withReasons(doc: Doc) {
    doc.downtimeReasons = [
      {
        code: 'PLN',
        name: 'Planned stops',
        category: 'planned',
        children: [
          { code: 'PLN-BREAK', name: 'Shift break', category: 'planned' },
          {
            code: 'PLN-SETUP',
            name: 'Changeover',
            category: 'planned',
            children: [{ code: 'PLN-SETUP-TOOL', name: 'Tool change', category: 'planned' }],
          },
        ],
      },
      {
        code: 'MECH',
        name: 'Mechanical breakdown',
        category: 'unplanned',
        children: [{ code: 'MECH-SEAT', name: 'Seating station', category: 'unplanned' }],
      },
      { code: 'MICRO', name: 'Micro-stop', category: 'unplanned' },
    ];
    doc.scrapReasons = [
      { code: 'SCR-DENT', name: 'Dented case', stationKind: 'case_feeding' },
      { code: 'SCR-CLEARANCE', name: 'Removed at line clearance' },
    ];
  }

  it('are optional: a plant without them has empty lists', () => {
    const result = validatePlant(minimal());
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.plant.downtimeReasons).toEqual([]);
    expect(result.plant.scrapReasons).toEqual([]);
  });

  it('accept a tree of reasons and scrap reasons with and without a station kind', () => {
    const doc = minimal();
    withReasons(doc);
    const result = validatePlant(doc);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.plant.downtimeReasons[0]?.children?.[1]?.children?.[0]?.code).toBe(
      'PLN-SETUP-TOOL',
    );
    expect(result.plant.scrapReasons).toEqual([
      { code: 'SCR-DENT', name: 'Dented case', stationKind: 'case_feeding' },
      { code: 'SCR-CLEARANCE', name: 'Removed at line clearance' },
    ]);
  });

  it.each(REASON_CASES)('%s', (_name, defect, expected) => {
    const doc = minimal();
    withReasons(doc);
    defect(doc);
    expect(findingsOf(doc)).toEqual(expected);
  });

  it.each<[string, (doc: Doc) => void, PlantIssue[]]>([
    [
      'a group with an empty list of children',
      (d) => {
        d.downtimeReasons[1].children = [];
      },
      [
        {
          path: 'downtimeReasons[1].children',
          message: 'expected at least one reason; leave children out for a reason that is reported',
        },
      ],
    ],
    [
      'a reason without a category',
      (d) => {
        delete d.downtimeReasons[2].category;
      },
      [
        {
          path: 'downtimeReasons[2].category',
          message: 'is required (one of "planned", "unplanned")',
        },
      ],
    ],
    [
      'an unknown field deep in the tree',
      (d) => {
        d.downtimeReasons[0].children[1].children[0].colour = 'red';
      },
      [{ path: 'downtimeReasons[0].children[1].children[0].colour', message: 'unknown field' }],
    ],
    [
      'a reason code with a space',
      (d) => {
        d.downtimeReasons[2].code = 'MICRO STOP';
      },
      [
        {
          path: 'downtimeReasons[2].code',
          message: 'expected a code of 1–40 letters, digits, dots, dashes or underscores',
        },
      ],
    ],
    [
      'a scrap reason at a kind of station that does not exist',
      (d) => {
        d.scrapReasons[0].stationKind = 'welding';
      },
      [
        {
          path: 'scrapReasons[0].stationKind',
          message:
            'expected one of "case_feeding", "priming", "charging", "bullet_seating", "crimping_sealing", "gauging", "inspection", "packing", "other"',
        },
      ],
    ],
  ])('%s', (_name, defect, expected) => {
    expect(
      withDefect((d) => {
        withReasons(d);
        defect(d);
      }),
    ).toEqual(expected);
  });

  it('may share a code between a downtime reason and a scrap reason (two lists, two meanings)', () => {
    expect(
      withDefect((d) => {
        withReasons(d);
        d.scrapReasons[0].code = 'MICRO';
      }),
    ).toEqual([]);
  });
});

// A finding reaches a reader of the web app in the message of its code (the
// `errors` namespace), which the app shows only when the finding carries every
// value the message names; otherwise it falls back to the English sentence.
describe('the findings in the languages of the web app', () => {
  const findings = [...CROSS_CHECK_CASES, ...REASON_CASES].flatMap(([, , expected]) => expected);

  it('are each tested above, code and params', () => {
    const source = readFileSync(path.resolve('src/modules/plant/validate.ts'), 'utf8');
    const codes = [...source.matchAll(/errorMessage\(\s*'(\w+)'/g)].map((m) => m[1]);
    const tested = new Set(findings.map((f) => f.code));
    expect(codes.length).toBeGreaterThan(40);
    expect(codes.filter((code) => !tested.has(code ?? ''))).toEqual([]);
  });

  it.each(LOCALE_LANGUAGES)('name only values the finding carries, in %s', (language) => {
    const { codes } = localeNamespace<{ codes: Record<string, string> }>(language, 'errors');
    const unsaid = findings.flatMap(({ code, params }) => {
      const message = codes[code];
      if (message === undefined) return [`${code}: no message`];
      const names = [...message.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] ?? '');
      const missing = names.filter((name) => !(name in params));
      return missing.length > 0 ? [`${code}: no ${missing.join(', ')}`] : [];
    });
    expect(unsaid).toEqual([]);
  });
});

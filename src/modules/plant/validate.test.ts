// Every rule of a plant, one defect at a time: each bad plant is the minimal
// fixture with exactly one thing broken, so the expected issues are the whole
// answer (a rule that fires too often or reports the wrong path fails here).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PlantIssue } from './model.js';
import { shiftSpanMinutes, validatePlant } from './validate.js';

const MINIMAL_TEXT = readFileSync(path.resolve('test/fixtures/plants/minimal-plant.yaml'), 'utf8');

// Plain data, so a test can break any field, including into a wrong type.
// biome-ignore lint/suspicious/noExplicitAny: a deliberately untyped document to corrupt
type Doc = any;
const minimal = (): Doc => parse(MINIMAL_TEXT);

// The tests here are about what each problem says and where; every problem
// also carries a code and params for translations (checked on their own below).
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

describe('rules across the plant', () => {
  it.each<[string, (doc: Doc) => void, PlantIssue[]]>([
    [
      'a GTIN with a wrong check digit',
      (d) => {
        // 07590001000015 is right: its check digit is 5.
        d.materials[0].gtin = '07590001000016';
      },
      [{ path: 'materials[0].gtin', message: '07590001000016 has a wrong GS1 check digit' }],
    ],
    [
      'two materials whose lot interfix blocks overlap',
      (d) => {
        d.materials[0].lotInterfixes = { first: 1, last: 99 };
        d.materials[1].lotInterfixes = { first: 90, last: 120 };
      },
      [
        {
          path: 'materials[1].lotInterfixes',
          message: `interfixes 90–120 overlap those of ${minimal().materials[0].code} (1–99)`,
        },
      ],
    ],
    [
      'a duplicate customer code',
      (d) => {
        d.customers.push({ ...d.customers[0], name: 'Army, again' });
      },
      [{ path: 'customers[1].code', message: 'duplicate code "ARMY"' }],
    ],
    [
      'a duplicate station code within a line',
      (d) => {
        d.lines[0].stations[1].code = 'FEED';
      },
      [{ path: 'lines[0].stations[1].code', message: 'duplicate code "FEED"' }],
    ],
    [
      'a duplicate shift code within a calendar',
      (d) => {
        d.calendars[0].shifts.push({ ...d.calendars[0].shifts[0], start: '14:00', end: '22:00' });
      },
      [{ path: 'calendars[0].shifts[1].code', message: 'duplicate code "A"' }],
    ],
    [
      'a line in an unknown area',
      (d) => {
        d.lines[0].area = 'NOWHERE';
      },
      [{ path: 'lines[0].area', message: 'unknown area "NOWHERE"' }],
    ],
    [
      'a line in a storage area',
      (d) => {
        d.lines[0].area = 'MAGS';
      },
      [{ path: 'lines[0].area', message: 'area "MAGS" is a storage area, not production' }],
    ],
    [
      'a line on an unknown calendar',
      (d) => {
        d.lines[0].calendar = 'NIGHT';
      },
      [{ path: 'lines[0].calendar', message: 'unknown calendar "NIGHT"' }],
    ],
    [
      'a BOM item of an unknown material',
      (d) => {
        d.boms[0].items[0].material = 'BULLET';
      },
      [{ path: 'boms[0].items[0].material', message: 'unknown material "BULLET"' }],
    ],
    [
      'a supplier of an unknown material',
      (d) => {
        d.suppliers[0].materials.push('PRIMER');
      },
      [{ path: 'suppliers[0].materials[1]', message: 'unknown material "PRIMER"' }],
    ],
    [
      'a specification for an unknown customer',
      (d) => {
        d.specifications[0].customer = 'NAVY';
      },
      [{ path: 'specifications[0].customer', message: 'unknown customer "NAVY"' }],
    ],
    [
      'a location in an unknown area',
      (d) => {
        d.locations[1].area = 'YARD';
      },
      [{ path: 'locations[1].area', message: 'unknown area "YARD"' }],
    ],
    [
      'maintenance of an unknown line',
      (d) => {
        d.maintenance[0].lines = ['L1', 'L9'];
      },
      [{ path: 'maintenance[0].lines[1]', message: 'unknown line "L9"' }],
    ],
    [
      'maintenance that ends before it starts',
      (d) => {
        d.maintenance[0].to = '2027-06-01';
      },
      [{ path: 'maintenance[0].to', message: 'ends before it starts (2027-06-07)' }],
    ],
    [
      'a product rate above the slowest station',
      (d) => {
        d.lines[0].products[0].ratePerMinute = 101;
      },
      [
        {
          path: 'lines[0].products[0].ratePerMinute',
          message: '101/min exceeds the slowest station SEAT (100/min)',
        },
      ],
    ],
    [
      'a line making a component',
      (d) => {
        d.lines[0].products[0].product = 'CASE';
      },
      [{ path: 'lines[0].products[0].product', message: '"CASE" is not a finished material' }],
    ],
    [
      'a product without a bill of material',
      (d) => {
        d.boms = [];
      },
      [{ path: 'lines[0].products[0].product', message: '"BALL" has no bill of material' }],
    ],
    [
      'a second bill of material for a product',
      (d) => {
        d.boms.push({ ...d.boms[0] });
      },
      [{ path: 'boms[1].product', message: 'a second bill of material for "BALL"' }],
    ],
    [
      'a product that is its own component',
      (d) => {
        d.boms[0].items.push({ material: 'BALL', quantity: 1 });
      },
      [{ path: 'boms[0].items[1].material', message: 'a product cannot be its own component' }],
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
      [{ path: 'lines[0].products', message: 'product shares add up to 0.9, expected 1' }],
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
        {
          path: 'lines[0].products',
          message: 'give a share for every product of the line, or for none',
        },
      ],
    ],
    [
      'a changeover to a product the line does not make',
      (d) => {
        withTracer(d);
        d.lines[0].changeovers = [{ from: 'BALL', to: 'TRACER', minutes: 60 }];
      },
      [{ path: 'lines[0].changeovers[0].to', message: '"TRACER" is not a product of line L1' }],
    ],
    [
      'division 1.6 with compatibility group S',
      (d) => {
        d.materials[0].hazard.division = '1.6';
      },
      [
        {
          path: 'materials[0].hazard.compatibilityGroup',
          message: '1.6S is not a UN classification code',
        },
      ],
    ],
    [
      'a magazine without a net explosive limit',
      (d) => {
        delete d.locations[0].netExplosiveLimitKg;
      },
      [
        {
          path: 'locations[0].netExplosiveLimitKg',
          message: 'a magazine needs a net explosive quantity limit',
        },
      ],
    ],
    [
      'a magazine without compatibility groups',
      (d) => {
        d.locations[1].compatibilityGroups = [];
      },
      [
        {
          path: 'locations[1].compatibilityGroups',
          message: 'a magazine needs the compatibility groups it may hold',
        },
      ],
    ],
    [
      'a location inside an unknown one',
      (d) => {
        d.locations[1].parent = 'MAG-9';
      },
      [{ path: 'locations[1].parent', message: 'unknown location "MAG-9"' }],
    ],
    [
      'two locations inside each other',
      (d) => {
        d.locations[0].parent = 'MAG-1-A';
      },
      [
        { path: 'locations[0].parent', message: 'parent chain loops back to "MAG-1"' },
        { path: 'locations[1].parent', message: 'parent chain loops back to "MAG-1-A"' },
      ],
    ],
    [
      'a location inside itself (reported once)',
      (d) => {
        d.locations[1].parent = 'MAG-1-A';
      },
      [{ path: 'locations[1].parent', message: 'a location cannot contain itself' }],
    ],
    [
      'breaks as long as the shift',
      (d) => {
        d.calendars[0].shifts[0].breakMinutes = 480;
      },
      [
        {
          path: 'calendars[0].shifts[0].breakMinutes',
          message: 'breaks of 480 min leave no working time in a 480-min shift',
        },
      ],
    ],
    [
      'a variable characteristic without limits',
      (d) => {
        delete d.specifications[0].characteristics[0].lsl;
        delete d.specifications[0].characteristics[0].usl;
      },
      [
        {
          path: 'specifications[0].characteristics[0]',
          message: 'a variable characteristic needs lsl, usl or both',
        },
      ],
    ],
    [
      'an upper limit below the lower one',
      (d) => {
        d.specifications[0].characteristics[0].usl = 55;
      },
      [
        {
          path: 'specifications[0].characteristics[0].usl',
          message: 'must be greater than lsl (55.45)',
        },
      ],
    ],
  ])('%s', (_name, defect, expected) => {
    expect(withDefect(defect)).toEqual(expected);
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

  it.each<[string, (doc: Doc) => void, PlantIssue[]]>([
    [
      'a leaf with the code of a group elsewhere in the tree',
      (d) => {
        d.downtimeReasons[1].children[0].code = 'PLN-SETUP';
      },
      [
        {
          path: 'downtimeReasons[1].children[0].code',
          message: 'duplicate code "PLN-SETUP" (first at downtimeReasons[0].children[1])',
        },
      ],
    ],
    [
      'two top-level reasons with one code',
      (d) => {
        d.downtimeReasons[2].code = 'MECH';
      },
      [
        {
          path: 'downtimeReasons[2].code',
          message: 'duplicate code "MECH" (first at downtimeReasons[1])',
        },
      ],
    ],
    [
      'an unplanned reason in a planned group',
      (d) => {
        d.downtimeReasons[0].children[0].category = 'unplanned';
      },
      [
        {
          path: 'downtimeReasons[0].children[0].category',
          message: 'an unplanned reason in the planned group "PLN"',
        },
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
        {
          path: 'downtimeReasons[1].children[0].children[0].category',
          message: 'a planned reason in the unplanned group "MECH-SEAT"',
        },
      ],
    ],
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
      'a duplicate scrap reason code',
      (d) => {
        d.scrapReasons[1].code = 'SCR-DENT';
      },
      [{ path: 'scrapReasons[1].code', message: 'duplicate code "SCR-DENT"' }],
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

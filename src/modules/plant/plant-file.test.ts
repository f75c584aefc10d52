// Reading plant files as text: every problem comes back with its path and,
// where the text has one, the line and column an engineer must go to.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatIssue, type LocatedIssue, plantToYaml, readPlantText } from './plant-file.js';

const fixture = (name: string) => readFileSync(path.resolve('test/fixtures/plants', name), 'utf8');
const MINIMAL = fixture('minimal-plant.yaml');
const REFERENCE = readFileSync(path.resolve('plants/reference.yaml'), 'utf8');

/** 1-based line and column of `needle` (plus `skip` characters); it must occur once in `text`. */
function positionOf(text: string, needle: string, skip = 0): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0 || text.indexOf(needle, at + 1) >= 0) {
    throw new Error(`"${needle}" must occur exactly once in the fixture`);
  }
  const before = text.slice(0, at + skip).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** The minimal fixture with one exact piece of text replaced (it must occur once). */
function minimalWith(old: string, replacement: string): string {
  positionOf(MINIMAL, old);
  return MINIMAL.replace(old, replacement);
}

// The tests here are about what each problem says and where; every problem
// also carries a code and params for translations (checked on their own below).
type Coded = { code?: string; params?: unknown };
const wordsOnly = <T extends object>(issue: T): T => {
  const { code: _code, params: _params, ...words } = issue as T & Coded;
  return words as T;
};

function issuesOf(text: string): LocatedIssue[] {
  const result = readPlantText(text);
  return result.ok ? [] : result.issues.map(wordsOnly);
}

describe('valid plant files', () => {
  it('reads the reference plant', () => {
    const result = readPlantText(REFERENCE);
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.plant.site.code).toBe('PLT-01');
    expect(result.plant.lines.map((l) => l.code)).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(result.plant.lines.reduce((n, l) => n + l.stations.length, 0)).toBe(28);
    expect(result.plant.materials).toHaveLength(17);
    expect(result.plant.locations).toHaveLength(15);
  });

  it('resolves YAML anchors and aliases (L4 shares the changeovers of L3)', () => {
    const result = readPlantText(REFERENCE);
    if (!result.ok) throw new Error('reference plant is not valid');
    const [l1, l2, l3, l4] = result.plant.lines;
    expect(l3?.changeovers).toHaveLength(2);
    expect(l4?.changeovers).toEqual(l3?.changeovers);
    // L1 and L2 have the same stations, each its own machine (serial number).
    const withoutMachine = (line: typeof l1) => line?.stations.map(({ equipment: _, ...s }) => s);
    expect(withoutMachine(l2)).toEqual(withoutMachine(l1));
    expect(l2?.stations[0]?.equipment?.serial).not.toBe(l1?.stations[0]?.equipment?.serial);
  });

  it('reads the downtime reason tree and the scrap reasons of the reference plant', () => {
    const result = readPlantText(REFERENCE);
    if (!result.ok) throw new Error('reference plant is not valid');
    const { downtimeReasons, scrapReasons, lines } = result.plant;
    type Reason = (typeof downtimeReasons)[number];
    const leaves = (list: readonly Reason[]): Reason[] =>
      list.flatMap((r) => (r.children ? leaves(r.children) : [r]));
    expect(downtimeReasons.map((r) => [r.code, r.category])).toEqual([
      ['PLN', 'planned'],
      ['MECH', 'unplanned'],
      ['ELEC', 'unplanned'],
      ['STARVED', 'unplanned'],
      ['BLOCKED', 'unplanned'],
      ['QUAL', 'unplanned'],
      ['PEOPLE', 'unplanned'],
      ['UTIL', 'unplanned'],
      ['SAFETY', 'unplanned'],
      ['MICRO', 'unplanned'],
    ]);
    const planned = leaves(downtimeReasons.slice(0, 1)).map((r) => r.code);
    expect(planned).toEqual([
      'PLN-BREAK',
      'PLN-MAINT-PREV',
      'PLN-MAINT-CLEAN',
      'PLN-MAINT-CALIB',
      'PLN-SETUP-PRODUCT',
      'PLN-SETUP-TOOL',
      'PLN-SETUP-CLEARANCE',
      'PLN-NO-ORDER',
      'PLN-RANGE-TRIAL',
      'PLN-TRAINING',
    ]);
    expect(leaves(downtimeReasons)).toHaveLength(39);
    // A mechanical breakdown per kind of station the lines have, and a shortage per component.
    const stationKinds = new Set(lines.flatMap((l) => l.stations.map((s) => s.kind)));
    expect(downtimeReasons.find((r) => r.code === 'MECH')?.children).toHaveLength(
      stationKinds.size + 1, // and the conveyors between them
    );
    expect(downtimeReasons.find((r) => r.code === 'STARVED')?.children?.map((r) => r.code)).toEqual(
      [
        'STARVED-CASE',
        'STARVED-PRIMER',
        'STARVED-PROP',
        'STARVED-BULLET',
        'STARVED-SEALANT',
        'STARVED-PACK',
      ],
    );
    expect(scrapReasons).toHaveLength(16);
    // Every station kind a scrap reason names is one the lines have.
    for (const reason of scrapReasons) {
      if (reason.stationKind) expect(stationKinds, reason.code).toContain(reason.stationKind);
    }
  });

  it('reads the minimal fixture', () => {
    expect(readPlantText(MINIMAL).ok).toBe(true);
  });

  it('reads a plant file written as JSON, a subset of YAML', () => {
    const json = JSON.stringify(parse(MINIMAL), null, 2);
    expect(readPlantText(json).ok).toBe(true);
  });

  it('round-trips a plant through plantToYaml unchanged', () => {
    const first = readPlantText(REFERENCE);
    if (!first.ok) throw new Error('reference plant is not valid');
    const second = readPlantText(plantToYaml(first.plant));
    if (!second.ok) throw new Error(second.issues.map(formatIssue).join('\n'));
    expect(second.plant).toEqual(first.plant);
  });
});

describe('located problems', () => {
  it('puts a bad value at its own line and column', () => {
    const text = minimalWith(
      '        kind: bullet_seating\n        ratePerMinute: 100\n',
      '        kind: bullet_seating\n        ratePerMinute: -100\n',
    );
    expect(issuesOf(text)).toEqual([
      {
        path: 'lines[0].stations[1].ratePerMinute',
        message: 'expected a positive number',
        ...positionOf(text, '-100'),
      },
    ]);
  });

  it('puts an unknown field at the misspelt key', () => {
    const text = minimalWith('        breakMinutes: 30\n', '        breakMinuts: 30\n');
    expect(issuesOf(text)).toEqual([
      {
        path: 'calendars[0].shifts[0].breakMinuts',
        message: 'unknown field',
        ...positionOf(text, '30\n    holidays'),
      },
    ]);
  });

  it('puts a missing field at the mapping it belongs in', () => {
    const text = minimalWith('  timezone: America/Caracas\n', '');
    expect(issuesOf(text)).toEqual([
      {
        path: 'site.timezone',
        message: 'is required (a string)',
        ...positionOf(text, 'code: MINI'),
      },
    ]);
  });

  it('puts a broken reference at the referring value', () => {
    const text = minimalWith('    customer: ARMY\n', '    customer: NAVY\n');
    expect(issuesOf(text)).toEqual([
      {
        path: 'specifications[0].customer',
        message: 'unknown customer "NAVY"',
        ...positionOf(text, 'NAVY'),
      },
    ]);
  });

  it('puts a rule about a whole list at the list', () => {
    const text = minimalWith(
      '    products:\n      - product: BALL\n        ratePerMinute: 80\n',
      '    products:\n      - product: BALL\n        ratePerMinute: 80\n        share: 0.5\n',
    );
    expect(issuesOf(text)).toEqual([
      {
        path: 'lines[0].products',
        message: 'product shares add up to 0.5, expected 1',
        ...positionOf(text, '      - product: BALL', 6),
      },
    ]);
  });

  it('puts a problem deep in the downtime tree at its own line', () => {
    const text = `${MINIMAL}
downtimeReasons:
  - code: MECH
    name: Mechanical breakdown
    category: unplanned
    children:
      - code: MECH-SEAT
        name: Seating station
        category: planned
`;
    expect(issuesOf(text)).toEqual([
      {
        path: 'downtimeReasons[0].children[0].category',
        message: 'a planned reason in the unplanned group "MECH"',
        ...positionOf(text, 'category: planned', 'category: '.length),
      },
    ]);
  });

  it('locates a problem at the very start of the file (offset 0)', () => {
    // Nothing but the version: the missing site belongs in the top mapping, at line 1.
    expect(issuesOf('schemaVersion: 1\n')[0]).toEqual({
      path: 'site',
      message: 'is required (a mapping of fields)',
      line: 1,
      column: 1,
    });
    expect(issuesOf('schemaVersion: 2\n')[0]).toMatchObject({ line: 1, column: 16 });
  });

  it('reports a document that is not a mapping at the file', () => {
    expect(issuesOf('- just\n- a list\n')).toEqual([
      { path: '(file)', message: 'expected a mapping of fields', line: 1, column: 1 },
    ]);
    expect(issuesOf('')).toEqual([{ path: '(file)', message: 'expected a mapping of fields' }]);
  });
});

describe('YAML errors', () => {
  it('reports a syntax error with its line, and nothing else', () => {
    const issues = issuesOf(fixture('yaml-syntax-error.yaml.txt'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '(file)', line: 11, column: 1 });
    expect(issues[0]?.message).toMatch(/^YAML syntax: Flow sequence .* end with a \]$/);
  });

  it.each([
    ['a duplicate key', 'site:\n  code: A\n  code: B\n', 3, 'Map keys must be unique'],
    ['a tab as indentation', 'site:\n\tcode: A\n', 2, 'Tabs are not allowed as indentation'],
    ['an unclosed quote', 'site:\n  code: "A\n  name: B\n', 4, 'Missing closing "quote'],
  ])('reports %s at its line', (_name, text, line, message) => {
    const [issue, ...rest] = issuesOf(text);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ path: '(file)', line });
    expect(issue?.message).toContain(message);
  });

  it('reports an alias without an anchor as a problem, not a crash', () => {
    expect(issuesOf('schemaVersion: 1\nsite: *nowhere\n')).toEqual([
      {
        path: '(file)',
        message: 'YAML: Unresolved alias (the anchor must be set before the alias): nowhere',
      },
    ]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const refs = Array.from({ length: 10 }, () => `*${String.fromCharCode(96 + i)}`);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${refs}]`);
    }
    const [issue, ...rest] = issuesOf(`${lines.join('\n')}\n`);
    expect(rest).toEqual([]);
    expect(issue?.path).toBe('(file)');
    expect(issue?.message).toMatch(/^YAML: Excessive alias count/);
  });
});

describe('a file with many problems', () => {
  it('reports every problem of shape, each at its line', () => {
    const text = fixture('many-problems.yaml');
    expect(issuesOf(text)).toEqual([
      {
        path: 'site.timezone',
        message: 'is required (a string)',
        ...positionOf(text, 'code: MINI'),
      },
      {
        path: 'areas[1].kind',
        message: 'expected one of "production", "firing_range", "storage", "receiving", "shipping"',
        ...positionOf(text, 'warehouse'),
      },
      {
        path: 'calendars[0].shifts[0].breakMinuts',
        message: 'unknown field',
        ...positionOf(text, '30\n    holidays'),
      },
      {
        path: 'maintenance[0].to',
        message: 'expected a date as YYYY-MM-DD',
        ...positionOf(text, '"2027-06-31"'),
      },
      {
        path: 'lines[0].stations[1].ratePerMinute',
        message: 'expected a positive number',
        ...positionOf(text, '-100'),
      },
    ]);
  });

  it('reports every broken rule, each at its line', () => {
    const text = fixture('cross-reference-problems.yaml');
    expect(issuesOf(text)).toEqual([
      {
        path: 'materials[0].hazard.compatibilityGroup',
        message: '1.4N is not a UN classification code',
        ...positionOf(text, '"N"'),
      },
      {
        path: 'lines[0].area',
        message: 'unknown area "PRODUCTION"',
        ...positionOf(text, 'PRODUCTION'),
      },
      {
        path: 'lines[0].products[0].ratePerMinute',
        message: '110/min exceeds the slowest station SEAT (100/min)',
        ...positionOf(text, '110\n'),
      },
      {
        path: 'specifications[0].customer',
        message: 'unknown customer "NAVY"',
        ...positionOf(text, 'NAVY'),
      },
      {
        path: 'locations[0].netExplosiveLimitKg',
        message: 'a magazine needs a net explosive quantity limit',
        ...positionOf(text, 'code: MAG-1\n'),
      },
      {
        path: 'locations[1].parent',
        message: 'a location cannot contain itself',
        ...positionOf(text, 'parent: MAG-1-A', 'parent: '.length),
      },
    ]);
  });
});

describe('the codes of the problems of a file', () => {
  const located = (text: string) => {
    const result = readPlantText(text);
    return result.ok ? [] : result.issues;
  };

  it('keep the code and params of a rule across the plant, with the position', () => {
    const text = minimalWith('    customer: ARMY\n', '    customer: NAVY\n');
    expect(located(text)).toEqual([
      {
        path: 'specifications[0].customer',
        message: 'unknown customer "NAVY"',
        code: 'customer_unknown',
        params: { customer: 'NAVY' },
        ...positionOf(text, 'NAVY'),
      },
    ]);
  });

  it('name a YAML syntax error, with the parser’s words as the reason', () => {
    const [issue] = located('site:\n\tcode: A\n');
    expect(issue).toMatchObject({ path: '(file)', code: 'plant_file_yaml_syntax', line: 2 });
    expect(issue?.message).toBe(`YAML syntax: ${issue?.params?.reason}`);
    expect(issue?.params?.reason).toContain('Tabs are not allowed as indentation');
  });

  it('name YAML that parses but cannot be read, and YAML nested too deep', () => {
    expect(located('schemaVersion: 1\nsite: *nowhere\n')).toEqual([
      {
        path: '(file)',
        message: 'YAML: Unresolved alias (the anchor must be set before the alias): nowhere',
        code: 'plant_file_yaml_unreadable',
        params: { reason: 'Unresolved alias (the anchor must be set before the alias): nowhere' },
      },
    ]);
    const [deep] = located(`a: ${'['.repeat(200)}${']'.repeat(200)}\n`);
    expect(deep).toMatchObject({ path: '(file)', code: 'plant_file_too_deep', line: 1 });
    expect(deep?.message).toBe(
      `YAML nests collections more than ${deep?.params?.maxDepth} levels deep`,
    );
  });
});

describe('formatIssue', () => {
  it('prints path, message and position', () => {
    expect(
      formatIssue({ path: 'lines[0].area', message: 'unknown area "X"', line: 81, column: 11 }),
    ).toBe('lines[0].area: unknown area "X" (line 81, column 11)');
  });

  it('leaves the position out when there is none', () => {
    expect(formatIssue({ path: '(file)', message: 'YAML: broken' })).toBe('(file): YAML: broken');
  });
});

// Property-based fuzzing of the plant-file loader: random YAML, the reference
// plant with lines deleted, duplicated or garbled, values of the wrong type or
// absurd size, alias bombs and deep nesting. Whatever the text, the loader
// answers a plant or problems that each name a path and a message, places
// them in the text where it can, and never throws or runs away.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MAX_YAML_DEPTH } from '../../core/yaml-nesting.js';
import { type PlantFileResult, readPlantText } from './plant-file.js';

const REFERENCE = readFileSync(path.resolve('plants/reference.yaml'), 'utf8');
const REFERENCE_LINES = REFERENCE.split('\n');
const REFERENCE_DOCUMENT = parse(REFERENCE) as Record<string, unknown>;
// The reference plant is a thousand lines: each read of it takes tens of
// milliseconds, so its mutations get the fewest runs.
const RUNS = Number(process.env.LOTLINE_FUZZ_RUNS ?? 20);
const SEED = Number(process.env.LOTLINE_FUZZ_SEED ?? 20_250_610);
const settings = { seed: SEED, numRuns: RUNS };
const TIMEOUT = { timeout: 120_000 };

/** Reads the text; fails the property on a throw or on a problem without a path or message. */
function read(text: string): PlantFileResult {
  let result: PlantFileResult;
  try {
    result = readPlantText(text);
  } catch (error) {
    throw new Error(`the loader threw instead of answering problems: ${(error as Error).stack}`);
  }
  if (result.ok) return result;
  expect(result.issues.length).toBeGreaterThan(0);
  const lines = text.split('\n').length;
  for (const issue of result.issues) {
    expect(issue.path.length, JSON.stringify(issue)).toBeGreaterThan(0);
    expect(issue.message.length, JSON.stringify(issue)).toBeGreaterThan(0);
    if (issue.line !== undefined) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.line).toBeLessThanOrEqual(lines + 1);
      expect(issue.column).toBeGreaterThanOrEqual(1);
    }
  }
  return result;
}

/** Problems of a text that is a mapping: every one is placed on a line. */
function expectLocated(result: PlantFileResult): void {
  if (result.ok) return;
  for (const issue of result.issues) {
    expect(issue.line, `${issue.path}: ${issue.message} has no line`).toBeDefined();
  }
}

// ---------------------------------------------------------------- mutations

/** Every path to a value in the document, as keys and indexes. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) {
    return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  }
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  }
  return here;
}
const REFERENCE_PATHS = pathsOf(REFERENCE_DOCUMENT);

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    true,
    0,
    -1,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '1e999',
    'NaN',
    '.nan',
    '.inf',
    '\u0000',
    'x'.repeat(100_000),
    [],
    {},
    [[[]]],
  ),
  fc.integer({ min: 1, max: 40 }).map(nested),
  fc.jsonValue({ maxDepth: 3 }),
);

/** The reference plant with one value replaced, or one key or element removed. */
const mutatedDocument: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...REFERENCE_PATHS), fc.option(hostile, { freq: 4 }))
  .map(([at, replacement]) => {
    const document = structuredClone(REFERENCE_DOCUMENT);
    let parent: Record<string | number, unknown> = document;
    for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = at.at(-1) as string | number;
    if (replacement === null) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else parent[last] = replacement;
    return stringify(document, { lineWidth: 0 });
  });

/** The reference text with lines deleted, duplicated (repeating keys), swapped or garbled. */
const mutatedText: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.constantFrom('delete', 'duplicate', 'swap', 'garble', 'indent', 'truncate'),
      fc.nat({ max: REFERENCE_LINES.length - 1 }),
      fc.nat({ max: REFERENCE_LINES.length - 1 }),
      fc.string({ maxLength: 12 }),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => {
    let lines = [...REFERENCE_LINES];
    for (const [kind, a, b, text] of edits) {
      const i = a % Math.max(1, lines.length);
      const j = b % Math.max(1, lines.length);
      if (kind === 'delete') lines.splice(i, 1);
      else if (kind === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
      else if (kind === 'swap') [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      else if (kind === 'garble') lines[i] = `${(lines[i] ?? '').slice(0, j % 20)}${text}`;
      else if (kind === 'indent') lines[i] = `${' '.repeat((j % 7) + 1)}${lines[i] ?? ''}`;
      else lines = lines.slice(0, i);
    }
    return lines.join('\n');
  });

/** Billion laughs: each level a list of aliases of the level below. */
function aliasBomb(levels: number, fanOut: number): string {
  const lines = ['a0: &a0 [lol]'];
  for (let level = 1; level <= levels; level += 1) {
    const aliases = Array.from({ length: fanOut }, () => `*a${level - 1}`).join(', ');
    lines.push(`a${level}: &a${level} [${aliases}]`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- properties

describe('the plant-file loader, fuzzed', () => {
  it('answers problems, never a throw, for random YAML-like text', TIMEOUT, () => {
    const yamlish = fc
      .array(
        fc.constantFrom(
          'site:',
          '  code: X',
          '- ',
          ': ',
          '&a ',
          '*a',
          '!!binary ',
          '!!js/function ',
          '? ',
          '|',
          '>-',
          '"',
          "'",
          '[',
          ']',
          '{',
          '}',
          ',',
          '#',
          '---',
          '...',
          '%YAML 1.2',
          '\t',
          '\n',
          '  ',
          '\u0000',
          '\ufeff',
        ),
        { maxLength: 60 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish), (text) => {
        read(text);
      }),
      { ...settings, numRuns: RUNS * 15 },
    );
  });

  it('answers problems for any JSON value, which is YAML too', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        read(JSON.stringify(value));
        read(stringify(value));
      }),
      { ...settings, numRuns: RUNS * 3 },
    );
  });

  it('places every problem of the reference plant with a value changed or removed', TIMEOUT, () => {
    fc.assert(
      fc.property(mutatedDocument, (text) => {
        expectLocated(read(text));
      }),
      settings,
    );
  });

  it(
    'answers problems for the reference text with lines deleted, repeated or garbled',
    TIMEOUT,
    () => {
      fc.assert(
        fc.property(mutatedText, (text) => {
          read(text);
        }),
        settings,
      );
    },
  );

  it('refuses repeated keys, naming the line', () => {
    const text = REFERENCE.replace(/^site:\n/m, 'site:\n  code: PLT-99\n');
    const result = read(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/unique|duplicate/i);
  });

  it('refuses alias bombs (billion laughs) instead of expanding them', TIMEOUT, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 12 }),
        fc.integer({ min: 4, max: 12 }),
        (levels, fanOut) => {
          const result = read(aliasBomb(levels, fanOut));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.issues.map((i) => i.message).join('\n')).toMatch(/alias/i);
        },
      ),
      { ...settings, numRuns: 20 },
    );
  });

  it('refuses deep nesting of every YAML form, placing it in the text', TIMEOUT, () => {
    const forms = [
      (d: number) => `${'['.repeat(d)}${']'.repeat(d)}`,
      (d: number) => `site: ${'{a: '.repeat(d)}1${'}'.repeat(d)}`,
      (d: number) => Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      (d: number) => `${'- '.repeat(d)}1`,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...forms),
        fc.integer({ min: MAX_YAML_DEPTH + 1, max: 5_000 }),
        (form, depth) => {
          const result = read(form(depth));
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.issues[0]?.message).toContain('levels deep');
            expect(result.issues[0]?.line).toBeDefined();
          }
        },
      ),
      { ...settings, numRuns: 24 },
    );
  });

  it('still reads nesting the plant file can need', () => {
    const result = read(`${'['.repeat(MAX_YAML_DEPTH)}${']'.repeat(MAX_YAML_DEPTH)}`);
    // Not a plant, but read as YAML: the problem is the shape, not the depth.
    if (!result.ok) expect(result.issues[0]?.message).not.toContain('levels deep');
  });
});

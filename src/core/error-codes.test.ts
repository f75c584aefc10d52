// Every error code the server can send has a message in every language of the
// web app. The codes are read from the source: the first argument of the
// error factories of core/errors.ts (the second for fieldIssue, invalidField
// and unknownReference, whose first is a field's path), which must be a string
// literal — a code built at run time could reach a user untranslated, so
// such a call fails this test too.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOCALE_LANGUAGES, localeNamespace } from '../../test/support/locales.js';
import { ERROR_KINDS } from './errors.js';
import { STORE_TROUBLE_CODE } from './http/problem.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = path.join(ROOT, 'src');

/** The factories whose first argument is the code. */
const CODE_FIRST = new Set([
  'errorMessage',
  'invalid',
  'notFound',
  'conflict',
  'interlock',
  'unauthorized',
  'forbidden',
  'unavailable',
  'causedBy',
]);
/** The factories whose first argument is a field's path and second the code. */
const CODE_SECOND = new Set(['fieldIssue', 'invalidField', 'unknownReference']);

interface Use {
  code: string;
  where: string;
}

interface Scan {
  uses: Use[];
  /** Factory calls whose code is no string literal. */
  unreadable: string[];
}

/** The local names a file gave the factories it imported from core/errors. */
function factoriesImported(source: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const from = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (!/(^|\/)errors\.js$/.test(from)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (CODE_FIRST.has(imported) || CODE_SECOND.has(imported)) {
        names.set(element.name.text, imported);
      }
    }
  }
  return names;
}

function scan(file: string, text: string): Scan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const factories = factoriesImported(source);
  const found: Scan = { uses: [], unreadable: [] };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const factory = factories.get(node.expression.text);
      if (factory) {
        const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const argument = node.arguments[CODE_SECOND.has(factory) ? 1 : 0];
        // invalidField(path, reason) passes on a reason made by errorMessage.
        const passesReason = factory === 'invalidField' && node.arguments.length === 2;
        if (argument && ts.isStringLiteralLike(argument)) {
          found.uses.push({ code: argument.text, where });
        } else if (!passesReason) {
          found.unreadable.push(`${where}: ${node.getText().slice(0, 80)}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function scanSources(): Scan {
  const all: Scan = { uses: [], unreadable: [] };
  for (const file of sourceFiles(SOURCE)) {
    const found = scan(path.relative(ROOT, file), readFileSync(file, 'utf8'));
    all.uses.push(...found.uses);
    all.unreadable.push(...found.unreadable);
  }
  return all;
}

type Messages = { codes: Record<string, string>; values: Record<string, Record<string, string>> };

function messages(language: string): Messages {
  return localeNamespace<Messages>(language, 'errors');
}

const LANGUAGES = LOCALE_LANGUAGES;
const { uses, unreadable } = scanSources();

/** Codes the HTTP layer answers with itself: the kinds, and the refusals that are no LotlineError. */
const TRANSPORT_CODES = [
  ...ERROR_KINDS,
  ...Object.values(STORE_TROUBLE_CODE),
  'internal',
  'not_ready',
  // The web app's own, for an answer that never came or came without a problem.
  'network',
  'http_error',
];

describe('error codes', () => {
  it('are read from the source: many, and each a snake_case string literal', () => {
    expect(unreadable).toEqual([]);
    expect(new Set(uses.map((u) => u.code)).size).toBeGreaterThan(300);
    const malformed = uses.filter((u) => !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(u.code));
    expect(malformed).toEqual([]);
  });

  it('finds the code of a factory call and refuses one built at run time', () => {
    const text = [
      "import { conflict, fieldIssue as issue } from '../../core/errors.js';",
      "throw conflict('storage_full', 'no room in {{location}}', { location });",
      "const f = issue('lines[0]', 'line_unknown', 'unknown');",
      'throw conflict(code, text);',
      "other('not_a_code', 'not an error factory');",
    ].join('\n');
    const found = scan('example.ts', text);
    expect(found.uses.map((u) => u.code)).toEqual(['storage_full', 'line_unknown']);
    expect(found.unreadable).toEqual(['example.ts:4: conflict(code, text)']);
  });

  it.each(LANGUAGES)('each have a message in %s', (language) => {
    const { codes } = messages(language);
    const missing = [
      ...new Map(
        [...uses, ...TRANSPORT_CODES.map((code) => ({ code, where: 'the HTTP layer' }))].map(
          (u) => [u.code, u.where],
        ),
      ),
    ]
      .filter(([code]) => typeof codes[code] !== 'string' || codes[code] === '')
      .map(([code, where]) => `${code} (${where})`);
    expect(missing).toEqual([]);
  });

  it('have the same messages and value words in every language', () => {
    const [first, ...others] = LANGUAGES.map((language) => ({ language, ...messages(language) }));
    for (const other of others) {
      expect(Object.keys(other.codes).sort(), other.language).toEqual(
        Object.keys(first?.codes ?? {}).sort(),
      );
      for (const [param, words] of Object.entries(first?.values ?? {})) {
        expect(Object.keys(other.values[param] ?? {}).sort(), `${other.language} ${param}`).toEqual(
          Object.keys(words).sort(),
        );
      }
    }
  });
});

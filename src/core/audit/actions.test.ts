// The audit actions: every one has a description in every language of the web
// app (audit:actions.<code>), and the list is the one the server writes. The
// compiler holds each recordAudit call to the list (AuditRecord's action is an
// AuditAction); the source is read here besides, so that the list names no
// action that nothing writes any more and a call writes nothing off the list
// in a way the compiler would let through (a cast).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOCALE_LANGUAGES, localeNamespace } from '../../../test/support/locales.js';
import { AUDIT_ACTIONS } from './actions.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCE = path.join(ROOT, 'src');
const LANGUAGES = LOCALE_LANGUAGES;

type Tree = { [key: string]: string | Tree };

/** The descriptions of a language, by action code (the locale file nests them at the dots). */
function descriptions(language: string): Map<string, string> {
  const audit = localeNamespace<{ actions?: Tree }>(language, 'audit');
  const out = new Map<string, string>();
  const walk = (tree: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      if (typeof value === 'string') out.set(`${prefix}${key}`, value);
      else walk(value, `${prefix}${key}.`);
    }
  };
  walk(audit.actions ?? {}, '');
  return out;
}

// ------------------------------------------------------------ the source ----

/** What a call's `action` can be, as read from the source. */
interface Written {
  where: string;
  /** Exact codes: string literals, also as the branches of a conditional. */
  codes: string[];
  /** Codes with a part filled in at run time (`work_order.${command.type}`), as patterns. */
  patterns: RegExp[];
  /** Any other expression (a variable): the compiler checks it against the list. */
  typed: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function readAction(expression: ts.Expression, written: Written): void {
  if (ts.isStringLiteralLike(expression)) {
    written.codes.push(expression.text);
  } else if (ts.isTemplateExpression(expression)) {
    const parts = [
      escapeRegExp(expression.head.text),
      ...expression.templateSpans.map((span) => `[\\w.]+${escapeRegExp(span.literal.text)}`),
    ];
    written.patterns.push(new RegExp(`^${parts.join('')}$`));
  } else if (ts.isConditionalExpression(expression)) {
    readAction(expression.whenTrue, written);
    readAction(expression.whenFalse, written);
  } else if (
    ts.isParenthesizedExpression(expression) ||
    ts.isAsExpression(expression) ||
    ts.isTypeAssertionExpression(expression) ||
    ts.isSatisfiesExpression(expression)
  ) {
    // A cast lets anything past the compiler: what is cast is read.
    readAction(expression.expression, written);
  } else {
    written.typed = true;
  }
}

/** The actions of the recordAudit calls of a file, and every string literal it holds. */
function scan(file: string, text: string): { calls: Written[]; literals: Set<string> } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const calls: Written[] = [];
  const literals = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node)) literals.add(node.text);
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'recordAudit'
    ) {
      const record = node.arguments[1];
      const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const written: Written = { where, codes: [], patterns: [], typed: false };
      const action =
        record && ts.isObjectLiteralExpression(record)
          ? record.properties.find(
              (p): p is ts.PropertyAssignment =>
                ts.isPropertyAssignment(p) && p.name.getText(source) === 'action',
            )
          : undefined;
      if (action) readAction(action.initializer, written);
      else written.typed = true;
      calls.push(written);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { calls, literals };
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const calls: Written[] = [];
/** String literals of the files whose calls pass an action on in a variable. */
const passedOn = new Set<string>();
for (const file of sourceFiles(SOURCE)) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('recordAudit(')) continue;
  const found = scan(path.relative(ROOT, file), text);
  calls.push(...found.calls);
  if (found.calls.some((c) => c.typed)) for (const l of found.literals) passedOn.add(l);
}

const LISTED: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

describe('audit actions', () => {
  it('are read from the source: every recordAudit call', () => {
    expect(calls.length).toBeGreaterThan(40);
    const unread = calls.filter((c) => c.codes.length + c.patterns.length === 0 && !c.typed);
    expect(unread).toEqual([]);
  });

  it('the server writes are on the list', () => {
    const off = calls.flatMap((c) => [
      ...c.codes.filter((code) => !LISTED.has(code)).map((code) => `${c.where}: ${code}`),
      ...c.patterns
        .filter((pattern) => !AUDIT_ACTIONS.some((a) => pattern.test(a)))
        .map((pattern) => `${c.where}: ${pattern.source}`),
    ]);
    expect(off).toEqual([]);
  });

  it('on the list are written by the server', () => {
    const unwritten = AUDIT_ACTIONS.filter(
      (action) =>
        !calls.some(
          (c) => c.codes.includes(action) || c.patterns.some((pattern) => pattern.test(action)),
        ) && !passedOn.has(action),
    );
    expect(unwritten).toEqual([]);
  });

  it('are dot-separated words, none the beginning of another', () => {
    expect(AUDIT_ACTIONS.filter((a) => !/^[a-z_]+(\.[a-zA-Z_]+)+$/.test(a))).toEqual([]);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    const prefixes = AUDIT_ACTIONS.filter((a) => AUDIT_ACTIONS.some((b) => b.startsWith(`${a}.`)));
    expect(prefixes).toEqual([]);
  });

  it('reads the shapes of an action: a literal, a conditional, a template, a variable, a cast', () => {
    const text = [
      "recordAudit(tx, { actor, action: 'user.created', entityType: 'user', entityId });",
      "recordAudit(tx, { actor, action: ok ? 'auth.signed_in' : 'auth.failed' });",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a template literal
      'recordAudit(tx, { actor, action: `work_order.${command.type}` });',
      'recordAudit(tx, { actor, action: event.type });',
      "recordAudit(tx, { actor, action: 'made.up' as AuditAction });",
    ].join('\n');
    const found = scan('example.ts', text).calls;
    expect(found.map((c) => c.codes)).toEqual([
      ['user.created'],
      ['auth.signed_in', 'auth.failed'],
      [],
      [],
      ['made.up'],
    ]);
    expect(found[2]?.patterns.map((p) => p.test('work_order.start'))).toEqual([true]);
    expect(found[2]?.patterns.map((p) => p.test('lot.held'))).toEqual([false]);
    expect(found.map((c) => c.typed)).toEqual([false, false, false, true, false]);
  });

  it.each(LANGUAGES)('each have a description in %s, and no other action has', (language) => {
    const words = descriptions(language);
    expect(AUDIT_ACTIONS.filter((a) => !words.get(a)?.trim())).toEqual([]);
    expect([...words.keys()].filter((code) => !LISTED.has(code))).toEqual([]);
  });
});

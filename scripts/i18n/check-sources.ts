// The web app's source, read with the TypeScript parser: every key it names
// must exist, and no words may be written into a component. A line (or the
// line above it) holding `i18n-ignore` is skipped, for the rare text that is
// not language (a unit symbol spelled in letters, a code shown as itself).
import ts from 'typescript';
import type { Problem } from './check-locales.js';
import { baseKey } from './check-locales.js';

/** Props whose text a person reads (or hears, through a screen reader). */
const READ_PROPS = new Set([
  'title',
  'placeholder',
  'alt',
  'label',
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
]);
const KEY = /^([a-z][a-zA-Z0-9]*):([A-Za-z0-9_.-]+)$/;
const LETTERS = /\p{L}{2,}/u;

export interface KeyIndex {
  namespaces: ReadonlySet<string>;
  /** Every key of every language, plural forms included. */
  keys: ReadonlyMap<string, unknown>;
  /** Keys present in every language (plural forms folded to their base). */
  complete: ReadonlySet<string>;
}

export function checkSource(file: string, text: string, index: KeyIndex): Problem[] {
  const problems: Problem[] = [];
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const lines = text.split('\n');
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line;
  const ignored = (node: ts.Node) => {
    const line = lineOf(node);
    return (
      (lines[line] ?? '').includes('i18n-ignore') || (lines[line - 1] ?? '').includes('i18n-ignore')
    );
  };
  const report = (node: ts.Node, message: string) => {
    if (!ignored(node)) problems.push({ where: `${file}:${lineOf(node) + 1}`, message });
  };

  const checkKey = (node: ts.Node, key: string) => {
    const match = KEY.exec(key);
    if (!match || !index.namespaces.has(match[1] ?? '')) return false;
    if (!index.complete.has(baseKey(key, index.keys)) && !index.complete.has(key)) {
      report(node, `key ${key} is not in every language`);
    }
    return true;
  };

  const checkPrefix = (node: ts.Node, prefix: string) => {
    const match = /^([a-z][a-zA-Z0-9]*):([A-Za-z0-9_.-]*\.)$/.exec(prefix);
    if (!match || !index.namespaces.has(match[1] ?? '')) {
      report(
        node,
        `a key built at run time needs a literal "namespace:path." prefix, not "${prefix}…"`,
      );
      return;
    }
    const children = [...index.complete].filter((k) => k.startsWith(prefix));
    if (children.length === 0) report(node, `no key starts with ${prefix} in every language`);
  };

  const isTranslateCall = (node: ts.CallExpression) => {
    const callee = node.expression;
    if (ts.isIdentifier(callee)) return callee.text === 't';
    return ts.isPropertyAccessExpression(callee) && callee.name.text === 't';
  };

  /** String literals a JSX child or read prop shows, through ?:, && and ||. */
  const shownLiterals = (expression: ts.Expression): ts.StringLiteralLike[] => {
    if (ts.isStringLiteralLike(expression)) return [expression];
    if (ts.isTemplateExpression(expression)) return [];
    if (ts.isParenthesizedExpression(expression)) return shownLiterals(expression.expression);
    if (ts.isConditionalExpression(expression)) {
      return [...shownLiterals(expression.whenTrue), ...shownLiterals(expression.whenFalse)];
    }
    if (
      ts.isBinaryExpression(expression) &&
      [
        ts.SyntaxKind.AmpersandAmpersandToken,
        ts.SyntaxKind.BarBarToken,
        ts.SyntaxKind.QuestionQuestionToken,
      ].includes(expression.operatorToken.kind)
    ) {
      return [...shownLiterals(expression.left), ...shownLiterals(expression.right)];
    }
    return [];
  };

  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const words = node.text.trim();
      if (LETTERS.test(words))
        report(node, `text written in the component: "${abbreviate(words)}"`);
    } else if (ts.isJsxExpression(node) && node.expression && ts.isJsxElement(node.parent)) {
      for (const literal of shownLiterals(node.expression)) {
        if (LETTERS.test(literal.text) && !KEY.test(literal.text)) {
          report(literal, `text written in the component: "${abbreviate(literal.text)}"`);
        }
      }
    } else if (ts.isJsxAttribute(node) && READ_PROPS.has(node.name.getText(source))) {
      const value = node.initializer;
      const literals =
        value === undefined
          ? []
          : ts.isStringLiteral(value)
            ? [value]
            : ts.isJsxExpression(value) && value.expression
              ? shownLiterals(value.expression)
              : [];
      for (const literal of literals) {
        if (LETTERS.test(literal.text)) {
          report(
            literal,
            `${node.name.getText(source)} written in the component: "${abbreviate(literal.text)}"`,
          );
        }
      }
    } else if (ts.isCallExpression(node) && isTranslateCall(node)) {
      const [first] = node.arguments;
      if (first && ts.isTemplateExpression(first)) checkPrefix(first, first.head.text);
    } else if (ts.isStringLiteralLike(node)) {
      // Any literal shaped like a key of a known namespace: t('a:b'), and
      // keys kept in tables and passed to t later.
      checkKey(node, node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

const abbreviate = (text: string) => {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
};

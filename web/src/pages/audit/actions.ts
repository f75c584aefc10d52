// An audit action in words: the server writes each entry's action as a code
// (src/core/audit/actions.ts), which the audit page keeps showing — auditors
// search by it — with its description in the language in use beside it.
import { i18n } from '../../i18n';

/** What an action means, in the language in use; undefined for one the locale files lack. */
export function actionDescription(action: string): string | undefined {
  // The descriptions nest at the code's dots: only a whole code leads to words.
  const words = i18n.getResource(i18n.language, 'audit', `actions.${action}`) as unknown;
  return typeof words === 'string' ? i18n.t(`audit:actions.${action}`) : undefined;
}

type Tree = { [key: string]: string | Tree };

/**
 * Every action the locale files describe — the server's whole list
 * (AUDIT_ACTIONS; a unit test holds the two equal) — as codes, for the
 * filter's suggestions.
 */
export function knownActions(): string[] {
  const tree = i18n.getResource('en', 'audit', 'actions') as Tree | undefined;
  const codes: string[] = [];
  const walk = (node: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const code = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') codes.push(code);
      else walk(value, code);
    }
  };
  if (tree && typeof tree === 'object') walk(tree, '');
  return codes.sort();
}

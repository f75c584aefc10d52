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

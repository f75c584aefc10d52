// Roles and permissions as people read them. Both are fixed codes on the
// server (src/core/auth/roles.ts); their names and meanings come from the
// locale files, so the administrator, the user menu and a refused page speak
// the reader's language. Call these at render time, from a component that
// uses useTranslation(), so that a change of language draws them again.
import { humanize } from '../format';
import { i18n } from '../i18n';

/** "qa_inspector" → "QA inspector" / "Inspector de calidad"; an unknown code as words. */
export const roleTitle = (role: string): string =>
  i18n.t(`common:roles.${role}`, { defaultValue: humanize(role) });

/** "audit.read" → what it allows, in words; undefined for a permission the app does not know. */
export function permissionMeaning(permission: string): string | undefined {
  return i18n.exists(`auth:permissions.${permission}`)
    ? i18n.t(`auth:permissions.${permission}`)
    : undefined;
}

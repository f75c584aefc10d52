// The sections of the app, in navigation order. A section that is not built
// yet says so, and says what it will hold, instead of showing made-up data.
//
// Names are read at render time (the language changes while the app runs), so
// a section holds functions that ask i18next, never words of its own.
import { i18n } from './i18n';

export interface Section {
  path: string;
  /** The section's name in the current language. */
  label: () => string;
  /** The permission that opens the section; without it the section is not offered. */
  permission: string;
  /** What the section will hold, in the current language; set while it is not built yet. */
  comingWith?: () => string;
}

export const SECTIONS: readonly Section[] = [
  { path: '/plant', label: () => i18n.t('nav:sections.plant'), permission: 'plant.read' },
  { path: '/floor', label: () => i18n.t('nav:sections.floor'), permission: 'production.read' },
  {
    path: '/production',
    label: () => i18n.t('nav:sections.production'),
    permission: 'production.read',
  },
  { path: '/lots', label: () => i18n.t('nav:sections.lots'), permission: 'lots.read' },
  { path: '/quality', label: () => i18n.t('nav:sections.quality'), permission: 'quality.read' },
  { path: '/storage', label: () => i18n.t('nav:sections.storage'), permission: 'storage.read' },
  {
    path: '/planning',
    label: () => i18n.t('nav:sections.planning'),
    permission: 'planning.read',
  },
  { path: '/twin', label: () => i18n.t('nav:sections.twin'), permission: 'twin.read' },
  {
    path: '/maintenance',
    label: () => i18n.t('nav:sections.maintenance'),
    permission: 'maintenance.read',
  },
  { path: '/reports', label: () => i18n.t('nav:sections.reports'), permission: 'plant.read' },
];

/** The administration pages, after the plant's sections. */
export const ADMIN_SECTIONS: readonly Section[] = [
  { path: '/audit', label: () => i18n.t('nav:sections.audit'), permission: 'audit.read' },
  { path: '/admin/users', label: () => i18n.t('nav:sections.users'), permission: 'users.manage' },
  {
    path: '/admin/status',
    label: () => i18n.t('nav:sections.status'),
    permission: 'system.monitor',
  },
];

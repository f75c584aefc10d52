// The sections of the app, in navigation order. A section that is not built
// yet says so, and says what it will hold, instead of showing made-up data.
export interface Section {
  path: string;
  label: string;
  /** The permission that opens the section; without it the section is not offered. */
  permission: string;
  /** What the section will hold; set while it is not built yet. */
  comingWith?: string;
}

export const SECTIONS: readonly Section[] = [
  { path: '/plant', label: 'Plant', permission: 'plant.read' },
  { path: '/floor', label: 'Floor', permission: 'production.read' },
  { path: '/production', permission: 'production.read', label: 'Production' },
  { path: '/lots', permission: 'lots.read', label: 'Lots' },
  { path: '/quality', permission: 'quality.read', label: 'Quality' },
  { path: '/storage', permission: 'storage.read', label: 'Storage' },
  { path: '/planning', permission: 'planning.read', label: 'Planning' },
  { path: '/twin', permission: 'twin.read', label: 'Twin' },
  { path: '/maintenance', permission: 'maintenance.read', label: 'Maintenance' },
];

/** The administration pages, after the plant's sections. */
export const ADMIN_SECTIONS: readonly Section[] = [
  { path: '/audit', label: 'Audit', permission: 'audit.read' },
  { path: '/admin/users', label: 'Users', permission: 'users.manage' },
  { path: '/admin/status', label: 'Status', permission: 'system.monitor' },
];

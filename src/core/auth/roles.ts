// Who may do what. A role is a set of permissions; a user holds roles; every
// route names the one permission it needs, and anything not granted is denied.
// Permissions of capabilities still to come are listed so the roles read as
// the plant's jobs; a permission no route names yet grants nothing.

export const PERMISSIONS = {
  'plant.read': 'see the plant master data and capacity',
  'plant.edit': 'change master data and load plant files (signed)',
  'production.read': 'see work orders, line states and OEE',
  'production.operate': 'run work orders: start, pause, record scrap, complete',
  'production.plan': 'create and release work orders',
  'lots.read': 'see lots, genealogy and handling units',
  'lots.recall': 'start a recall',
  'quality.read': 'see inspections, range tests, SPC and dispositions',
  'quality.inspect': 'record inspections and range-test results',
  'quality.disposition': 'release or reject lots, close nonconformances (signed)',
  'storage.read': 'see stock, locations and shipments',
  'storage.move': 'record receipts, transfers and shipments',
  'orders.manage': 'enter, allocate and cancel customer orders',
  'storage.write_off': 'write off stock (signed)',
  'planning.read': 'see demand, material requirements and the schedule',
  'planning.edit': 'change demand and run the scheduler',
  'twin.read': 'see simulation results',
  'twin.run': 'run simulation scenarios',
  'maintenance.read':
    'see equipment, maintenance requests and work orders, plans, spare parts and reliability',
  'maintenance.request': 'report a breakdown or a fault (open a maintenance request)',
  'maintenance.work': 'take, record and close maintenance jobs; reserve and issue spare parts',
  'maintenance.plan': 'make preventive maintenance plans',
  'audit.read': 'read the audit trail and verify it',
  'users.manage': 'create users, assign roles, reset passwords, issue API tokens',
  'store.backup': 'take a backup of the whole store over HTTP (every record, password hashes too)',
  'system.monitor': 'read the metrics (GET /metrics) and the system status page',
} as const;
export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

const READ_ALL: Permission[] = [
  'plant.read',
  'production.read',
  'lots.read',
  'quality.read',
  'storage.read',
  'planning.read',
  'twin.read',
  'maintenance.read',
];

export const ROLES = {
  admin: {
    title: 'Administrator',
    permissions: ALL_PERMISSIONS,
  },
  planner: {
    title: 'Planner',
    permissions: [...READ_ALL, 'production.plan', 'planning.edit', 'twin.run', 'orders.manage'],
  },
  line_operator: {
    title: 'Line operator',
    permissions: [
      'plant.read',
      'production.read',
      'production.operate',
      'lots.read',
      'maintenance.read',
      'maintenance.request',
    ],
  },
  qa_inspector: {
    title: 'QA inspector',
    permissions: [...READ_ALL, 'quality.inspect'],
  },
  qa_manager: {
    title: 'QA manager',
    permissions: [
      ...READ_ALL,
      'quality.inspect',
      'quality.disposition',
      'lots.recall',
      'audit.read',
    ],
  },
  storekeeper: {
    title: 'Storekeeper (magazine keeper)',
    permissions: [...READ_ALL, 'storage.move', 'storage.write_off', 'orders.manage'],
  },
  maintenance_technician: {
    title: 'Maintenance technician',
    permissions: [...READ_ALL, 'maintenance.request', 'maintenance.work', 'maintenance.plan'],
  },
  viewer: {
    title: 'Viewer',
    permissions: READ_ALL,
  },
  // For Prometheus' API token: the metrics and the status, none of the plant's data.
  monitor: {
    title: 'Monitoring',
    permissions: ['system.monitor'],
  },
} as const satisfies Record<string, { title: string; permissions: readonly Permission[] }>;
export type Role = keyof typeof ROLES;
export const ALL_ROLES = Object.keys(ROLES) as Role[];

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const p of ROLES[role].permissions) granted.add(p);
  return granted;
}

export function may(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) =>
    (ROLES[role].permissions as readonly Permission[]).includes(permission),
  );
}

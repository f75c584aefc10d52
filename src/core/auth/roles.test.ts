// Roles as sets of permissions: what each grants, and that nothing is granted
// by accident (every named permission exists; only the administrator has all).
import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, ALL_ROLES, may, PERMISSIONS, permissionsOf, ROLES } from './roles.js';

describe('the roles', () => {
  it('are the plant’s jobs', () => {
    expect(ALL_ROLES).toEqual([
      'admin',
      'planner',
      'line_operator',
      'qa_inspector',
      'qa_manager',
      'storekeeper',
      'maintenance_technician',
      'viewer',
      'monitor',
    ]);
  });

  it.each(ALL_ROLES)('%s grants only permissions that exist, each once', (role) => {
    const permissions = ROLES[role].permissions as readonly string[];
    expect(permissions.length).toBeGreaterThan(0);
    for (const p of permissions) expect(Object.keys(PERMISSIONS)).toContain(p);
    expect(new Set(permissions).size).toBe(permissions.length);
  });

  it('gives the administrator every permission, and no other role all of them', () => {
    expect(permissionsOf(['admin'])).toEqual(new Set(ALL_PERMISSIONS));
    for (const role of ALL_ROLES.filter((r) => r !== 'admin')) {
      expect(permissionsOf([role]).size, role).toBeLessThan(ALL_PERMISSIONS.length);
    }
  });

  it('keeps user management and plant edits to the administrator', () => {
    const holders = (p: keyof typeof PERMISSIONS) => ALL_ROLES.filter((r) => may([r], p));
    expect(holders('users.manage')).toEqual(['admin']);
    expect(holders('plant.edit')).toEqual(['admin']);
    expect(holders('audit.read')).toEqual(['admin', 'qa_manager']);
    expect(holders('quality.disposition')).toEqual(['admin', 'qa_manager']);
    expect(holders('storage.write_off')).toEqual(['admin', 'storekeeper']);
    expect(holders('production.operate')).toEqual(['admin', 'line_operator']);
    expect(holders('maintenance.work')).toEqual(['admin', 'maintenance_technician']);
    expect(holders('maintenance.plan')).toEqual(['admin', 'maintenance_technician']);
    expect(holders('maintenance.request')).toEqual([
      'admin',
      'line_operator',
      'maintenance_technician',
    ]);
    // Every role of the plant's people reads; the monitoring role reads no plant data.
    const people = ALL_ROLES.filter((r) => r !== 'monitor');
    expect(holders('maintenance.read')).toEqual(people);
    expect(holders('plant.read')).toEqual(people);
    expect(holders('system.monitor')).toEqual(['admin', 'monitor']);
  });

  it('lets the viewer read and nothing else', () => {
    expect(
      [...permissionsOf(['viewer'])].every((p) => p.endsWith('.read') && p !== 'audit.read'),
    ).toBe(true);
  });

  it('describes every permission', () => {
    for (const [name, text] of Object.entries(PERMISSIONS)) {
      expect(name).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(text.length).toBeGreaterThan(5);
    }
  });
});

describe('permissionsOf', () => {
  it('is the union of the roles’ permissions', () => {
    const union = permissionsOf(['line_operator', 'storekeeper']);
    expect(union.has('production.operate')).toBe(true);
    expect(union.has('storage.move')).toBe(true);
    expect(union.has('plant.edit')).toBe(false);
    expect(union.size).toBe(
      new Set([...ROLES.line_operator.permissions, ...ROLES.storekeeper.permissions]).size,
    );
  });

  it('grants nothing without a role', () => {
    expect(permissionsOf([]).size).toBe(0);
  });
});

describe('may', () => {
  it('is true when any of the roles grants the permission', () => {
    expect(may(['viewer'], 'plant.read')).toBe(true);
    expect(may(['viewer'], 'plant.edit')).toBe(false);
    expect(may(['viewer', 'admin'], 'plant.edit')).toBe(true);
    expect(may(['planner'], 'planning.edit')).toBe(true);
    expect(may(['qa_inspector'], 'quality.disposition')).toBe(false);
    expect(may(['qa_manager'], 'quality.disposition')).toBe(true);
  });

  it('is false without roles', () => {
    expect(may([], 'plant.read')).toBe(false);
  });

  it('agrees with permissionsOf for every role and permission', () => {
    for (const role of ALL_ROLES) {
      for (const p of ALL_PERMISSIONS) {
        expect(may([role], p), `${role} ${p}`).toBe(permissionsOf([role]).has(p));
      }
    }
  });
});

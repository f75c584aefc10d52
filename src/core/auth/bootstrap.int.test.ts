// First run: no built-in default password. An empty store gets one
// administrator with a generated password that must be changed; demo mode adds
// one user per role. Neither happens twice.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../../test/support/auth.js';
import { createTestStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../db/store.js';
import { ensureDemoUsers, ensureInitialAdmin } from './bootstrap.js';
import { ALL_ROLES } from './roles.js';
import {
  checkPassword,
  createUser,
  DEFAULT_AUTH_POLICY,
  listUsers,
  systemClock,
} from './service.js';

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
});

const context = () => ({ db: store.db, policy: DEFAULT_AUTH_POLICY, clock: systemClock });

describe('the first administrator', () => {
  it('is created in an empty store with a generated password that must be changed', async () => {
    const admin = await ensureInitialAdmin(store.db);
    expect(admin?.username).toBe('admin');
    expect(admin?.password).toMatch(/^[A-Za-z2-9]{20}$/);
    const [user] = await listUsers(store.db);
    expect(user).toMatchObject({ username: 'admin', roles: ['admin'], mustChangePassword: true });
    await expect(checkPassword(context(), 'admin', admin!.password)).resolves.toBeDefined();
    // No well-known password opens it.
    for (const guess of ['admin', 'password', 'lotline', 'admin123', 'changeme']) {
      await expect(checkPassword(context(), 'admin', guess)).rejects.toThrow();
    }
  });

  it('is not created again, nor when any user exists', async () => {
    expect(await ensureInitialAdmin(store.db)).toBeUndefined();
    const other = await createTestStore();
    try {
      await createUser(
        other.db,
        { username: 'ops', displayName: 'Ops', roles: ['viewer'], password: 'Night-shift-2026x' },
        'cli:root',
      );
      expect(await ensureInitialAdmin(other.db)).toBeUndefined();
      expect((await listUsers(other.db)).map((u) => u.username)).toEqual(['ops']);
    } finally {
      await other.close();
    }
  });
});

describe('demo mode', () => {
  it('adds one user per role, sharing one generated password, once', async () => {
    const demo = await ensureDemoUsers(store.db);
    expect(demo?.usernames).toEqual([
      'demo-admin',
      'demo-planner',
      'demo-line-operator',
      'demo-qa-inspector',
      'demo-qa-manager',
      'demo-storekeeper',
      'demo-maintenance-technician',
      'demo-viewer',
      'demo-monitor',
    ]);
    expect(demo?.password).toMatch(/^[A-Za-z2-9]{16}$/);
    const users = await listUsers(store.db);
    for (const [i, role] of ALL_ROLES.entries()) {
      const user = users.find((u) => u.username === demo?.usernames[i]);
      expect(user, role).toMatchObject({ roles: [role], mustChangePassword: false });
      await expect(checkPassword(context(), user!.username, demo!.password)).resolves.toBeDefined();
    }
    expect(await ensureDemoUsers(store.db)).toBeUndefined();
  });

  it('is announced to the sign-in page only when on', async () => {
    const demo = await buildApp({
      store,
      logger: pino({ level: 'silent' }),
      webRoot: '/nonexistent-web-root',
      demo: true,
    });
    const plain = await buildApp({
      store,
      logger: pino({ level: 'silent' }),
      webRoot: '/nonexistent-web-root',
    });
    try {
      const config = await demo.inject({ method: 'GET', url: '/api/auth/config' });
      expect(config.json()).toEqual({
        demo: true,
        demoUsers: [
          'demo-admin',
          'demo-planner',
          'demo-line-operator',
          'demo-qa-inspector',
          'demo-qa-manager',
          'demo-storekeeper',
          'demo-maintenance-technician',
          'demo-viewer',
          'demo-monitor',
        ],
        languages: ['es', 'en'],
      });
      const off = await plain.inject({ method: 'GET', url: '/api/auth/config' });
      expect(off.json()).toMatchObject({ demo: false, demoUsers: [] });
    } finally {
      await demo.close();
      await plain.close();
    }
  });

  it('recreates only the demo users that are missing', async () => {
    const other = await createTestStore();
    const app = await buildApp({
      store: other,
      logger: pino({ level: 'silent' }),
      webRoot: '/nonexistent-web-root',
    });
    try {
      await createUser(
        other.db,
        {
          username: 'demo-viewer',
          displayName: 'Kept',
          roles: ['viewer'],
          password: 'Kept-password-2026',
        },
        'test',
      );
      const demo = await ensureDemoUsers(other.db);
      expect(demo?.usernames).toHaveLength(8);
      expect(demo?.usernames).not.toContain('demo-viewer');
      const session = await signIn(app, 'demo-qa-manager', demo!.password);
      expect(session.user.roles).toEqual(['qa_manager']);
      await signIn(app, 'demo-viewer', 'Kept-password-2026');
    } finally {
      await app.close();
      await other.close();
    }
  });
});

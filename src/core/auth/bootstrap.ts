// First run: there is no built-in default password. An empty store gets one
// administrator with a generated password, shown once on the console, that
// must be changed at first sign-in. Demo mode adds one user per role with a
// shared generated password, for trying the app — and says so.
import type { Database } from '../db/store.js';
import { generatePassword } from './password.js';
import { ALL_ROLES, ROLES, type Role } from './roles.js';
import { createUser, findUserByName, userCount } from './service.js';

const SYSTEM = 'system';

const demoUsername = (role: Role) => `demo-${role}`.replace(/_/g, '-');
export const DEMO_USERNAMES: string[] = ALL_ROLES.map(demoUsername);

export async function ensureInitialAdmin(
  db: Database,
): Promise<{ username: string; password: string } | undefined> {
  if ((await userCount(db)) > 0) return undefined;
  const created = await createUser(
    db,
    { username: 'admin', displayName: 'Administrator', roles: ['admin'] },
    SYSTEM,
  );
  return created.password
    ? { username: created.user.username, password: created.password }
    : undefined;
}

export async function ensureDemoUsers(
  db: Database,
): Promise<{ usernames: string[]; password: string } | undefined> {
  const missing: Role[] = [];
  for (const role of ALL_ROLES) {
    if (!(await findUserByName(db, demoUsername(role)))) missing.push(role);
  }
  if (missing.length === 0) return undefined;
  const password = generatePassword(16);
  const usernames: string[] = [];
  for (const role of missing) {
    const username = demoUsername(role);
    await createUser(
      db,
      { username, displayName: `Demo ${ROLES[role].title}`, roles: [role], password },
      SYSTEM,
    );
    usernames.push(username);
  }
  return { usernames, password };
}

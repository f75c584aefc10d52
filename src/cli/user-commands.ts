// `lotline user …` and `lotline audit verify`: managing people and checking
// the audit trail from the server's own command line (an operator with shell
// access to the server; every change is audited as `cli:<os user>`).
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { verifyAuditTrail } from '../core/audit/trail.js';
import { ALL_ROLES, type Role } from '../core/auth/roles.js';
import * as auth from '../core/auth/service.js';
import type { Store } from '../core/db/store.js';
import { invalid, notFound } from '../core/errors.js';
import { readSecret } from './prompt.js';

type WithStore = (work: (store: Store) => Promise<void>) => Promise<void>;

export const cliActor = () => `cli:${userInfo().username}`;

function parseRoles(text: string): Role[] {
  const roles = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ALL_ROLES as string[]).includes(r));
  if (unknown.length > 0 || roles.length === 0) {
    throw invalid('roles_unknown', 'unknown role(s) {{unknown}}; roles are {{roles}}', {
      unknown: unknown.join(', ') || '(none given)',
      roles: ALL_ROLES,
    });
  }
  return roles as Role[];
}

async function requireUser(store: Store, username: string) {
  const user = await auth.findUserByName(store.db, username);
  if (!user) throw notFound('username_not_found', 'no user "{{username}}"', { username });
  return user;
}

export function registerUserCommands(program: Command, withStore: WithStore) {
  const user = program.command('user').description('people who use Lotline');

  user
    .command('list')
    .description('all users with their roles')
    .action(async () => {
      await withStore(async (store) => {
        for (const u of await auth.listUsers(store.db)) {
          const flags = [
            u.active ? '' : 'disabled',
            u.lockedUntil ? `locked until ${u.lockedUntil}` : '',
            u.mustChangePassword ? 'must change password' : '',
          ].filter(Boolean);
          process.stdout.write(
            `${u.username.padEnd(20)} ${u.displayName.padEnd(30)} ${u.roles.join(',')}` +
              `${flags.length ? `  (${flags.join('; ')})` : ''}\n`,
          );
        }
      });
    });

  user
    .command('add')
    .argument('<username>')
    .requiredOption('--roles <roles>', `comma-separated: ${ALL_ROLES.join(', ')}`)
    .option('--name <display name>', 'the person’s name as shown and on signatures')
    .option('--language <es|en>', 'language of the web app', 'es')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .description('create a user; prints a generated password once unless --password-stdin')
    .action(
      async (
        username: string,
        options: { roles: string; name?: string; language: string; passwordStdin?: boolean },
      ) => {
        const roles = parseRoles(options.roles);
        const password = options.passwordStdin ? await readSecret('Password: ') : undefined;
        await withStore(async (store) => {
          const created = await auth.createUser(
            store.db,
            {
              username,
              displayName: options.name ?? username,
              roles,
              language: options.language,
              ...(password !== undefined ? { password } : {}),
            },
            cliActor(),
          );
          process.stdout.write(`created user ${created.user.username} (${roles.join(', ')})\n`);
          if (created.password) {
            process.stdout.write(
              `password: ${created.password}\n(shown once; it must be changed at first sign-in)\n`,
            );
          }
        });
      },
    );

  user
    .command('passwd')
    .argument('<username>')
    .option(
      '--password-stdin',
      'read the new password from standard input instead of generating one',
    )
    .description(
      'reset a password (generated and printed once unless --password-stdin); unlocks the account',
    )
    .action(async (username: string, options: { passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readSecret('New password: ') : undefined;
      await withStore(async (store) => {
        const found = await requireUser(store, username);
        const result = await auth.setPassword(store.db, found.id, cliActor(), password);
        process.stdout.write(`password of ${found.username} reset; its sessions are ended\n`);
        if (result.password) {
          process.stdout.write(
            `password: ${result.password}\n(shown once; it must be changed at next sign-in)\n`,
          );
        }
      });
    });

  user
    .command('roles')
    .argument('<username>')
    .argument('<roles>', `comma-separated: ${ALL_ROLES.join(', ')}`)
    .description('set the roles of a user')
    .action(async (username: string, rolesText: string) => {
      const roles = parseRoles(rolesText);
      await withStore(async (store) => {
        const found = await requireUser(store, username);
        const updated = await auth.updateUser(store.db, found.id, { roles }, cliActor());
        process.stdout.write(`${updated.username}: ${updated.roles.join(', ')}\n`);
      });
    });

  user
    .command('disable')
    .argument('<username>')
    .description('disable a user (ends their sessions); the user stays in the records')
    .action(async (username: string) => {
      await withStore(async (store) => {
        const found = await requireUser(store, username);
        await auth.updateUser(store.db, found.id, { active: false }, cliActor());
        process.stdout.write(`${found.username} is disabled\n`);
      });
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('walk the hash chain of the audit trail; exit 1 at the first broken link')
    .action(async () => {
      await withStore(async (store) => {
        const verdict = await verifyAuditTrail(store.db);
        if (verdict.ok) {
          process.stdout.write(
            `the audit trail is intact: ${verdict.entries} entries, last hash ${verdict.lastHash}\n`,
          );
        } else {
          process.stderr.write(
            `the audit trail is BROKEN at entry ${verdict.brokenAt}: ${verdict.reason}\n` +
              `(${verdict.entries - 1} entries before it verify)\n`,
          );
          process.exitCode = 1;
        }
      });
    });
}

// `lotline user …` and `lotline audit verify` as an operator at the server's
// shell runs them, on one data directory, in order: people are added and
// changed, every change is audited, and a record falsified directly in the
// database (with no server running) is found by `audit verify`.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPassword, DEFAULT_AUTH_POLICY, systemClock } from '../../src/core/auth/service.js';
import { openPgliteStore, type Store } from '../../src/core/db/store.js';
import { lotline, migratedDataDir, SLOW } from './lotline.js';

const ROLE_LIST =
  'roles are admin, planner, line_operator, qa_inspector, qa_manager, storekeeper, maintenance_technician, viewer, monitor';

let dataDir: string;
let env: Record<string, string>;
beforeAll(() => {
  dataDir = migratedDataDir();
  env = { LOTLINE_DATA_DIR: dataDir };
});

/** Opens the data directory's database in this process; only while no lotline runs on it. */
async function withDatabase<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openPgliteStore({ dataDir });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('lotline user', () => {
  it(
    'adds a user with roles and a name, printing a one-time password once',
    async () => {
      const run = await lotline(
        ['user', 'add', 'ana', '--roles', 'planner,viewer', '--name', 'Ana'],
        env,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const match =
        /^created user ana \(planner, viewer\)\npassword: ([A-Za-z2-9]{20})\n\(shown once; it must be changed at first sign-in\)\n$/.exec(
          run.stdout,
        );
      expect(match, run.stdout).not.toBeNull();
    },
    SLOW,
  );

  it('refuses an unknown role before touching the store, naming the roles there are', async () => {
    const run = await lotline(['user', 'add', 'bob', '--roles', 'viewer,chief'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`lotline: unknown role(s) chief; ${ROLE_LIST}\n`);
    const none = await lotline(['user', 'roles', 'ana', ' , '], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`lotline: unknown role(s) (none given); ${ROLE_LIST}\n`);
  });

  it(
    'adds a user with a password read from standard input, and refuses a taken name',
    async () => {
      const run = await lotline(
        ['user', 'add', 'Bruno', '--roles', 'admin', '--password-stdin'],
        env,
        'Chosen-by-him-2026\n',
      );
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe('created user bruno (admin)\n');

      const taken = await lotline(['user', 'add', 'ANA', '--roles', 'viewer'], env);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toBe('lotline: user "ana" already exists\n');

      const weak = await lotline(
        ['user', 'add', 'carla', '--roles', 'viewer', '--password-stdin'],
        env,
        'short\n',
      );
      expect(weak.code).toBe(1);
      expect(weak.stderr).toBe('lotline: the password must have at least 12 characters\n');
    },
    SLOW,
  );

  it(
    'sets roles, resets passwords, disables; the list shows each',
    async () => {
      const roles = await lotline(['user', 'roles', 'ana', 'qa_manager,viewer'], env);
      expect(roles.stderr).toBe('');
      expect(roles.stdout).toBe('ana: qa_manager, viewer\n');

      const fromStdin = await lotline(
        ['user', 'passwd', 'ana', '--password-stdin'],
        env,
        'Her-new-secret-77\n',
      );
      expect(fromStdin.stderr).toBe('');
      expect(fromStdin.stdout).toBe('password of ana reset; its sessions are ended\n');

      const generated = await lotline(['user', 'passwd', 'bruno'], env);
      expect(generated.code).toBe(0);
      expect(generated.stdout).toMatch(
        /^password of bruno reset; its sessions are ended\npassword: [A-Za-z2-9]{20}\n\(shown once; it must be changed at next sign-in\)\n$/,
      );

      const missing = await lotline(['user', 'passwd', 'nobody'], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('lotline: no user "nobody"\n');

      const disabled = await lotline(['user', 'disable', 'bruno'], env);
      expect(disabled.stdout).toBe('bruno is disabled\n');

      const list = await lotline(['user', 'list'], env);
      expect(list.code).toBe(0);
      expect(list.stdout.split('\n')).toEqual([
        expect.stringMatching(/^ana +Ana +qa_manager,viewer {2}\(must change password\)$/),
        expect.stringMatching(/^bruno +Bruno +admin {2}\(disabled; must change password\)$/),
        '',
      ]);

      // The password from standard input is the one that now signs in.
      await withDatabase(async (store) => {
        const context = { db: store.db, policy: DEFAULT_AUTH_POLICY, clock: systemClock };
        await expect(checkPassword(context, 'ana', 'Her-new-secret-77')).resolves.toMatchObject({
          roles: ['qa_manager', 'viewer'],
        });
        await expect(checkPassword(context, 'bruno', 'Chosen-by-him-2026')).rejects.toThrow(
          'the account is disabled',
        );
      });
    },
    SLOW,
  );
});

describe('lotline plant load --signer', () => {
  it(
    'will not take a signature made with a password someone else set',
    async () => {
      // ana's password was set at the command line: it is not yet hers alone.
      const run = await lotline(
        ['plant', 'load', 'plants/reference.yaml', '--signer', 'ana'],
        env,
        'Her-new-secret-77\n',
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'lotline: ana must first replace the one-time password (sign in to Lotline) before signing\n',
      );
    },
    SLOW,
  );
});

describe('lotline audit verify', () => {
  it(
    'says the trail is intact, then names the entry changed behind the trigger and exits 1',
    async () => {
      const intact = await lotline(['audit', 'verify'], env);
      expect(intact.stderr).toBe('');
      expect(intact.code).toBe(0);
      // ana and bruno added, ana's roles set, two resets, bruno disabled.
      expect(intact.stdout).toMatch(
        /^the audit trail is intact: \d+ entries, last hash [0-9a-f]{64}\n$/,
      );
      const entries = Number(/intact: (\d+) entries/.exec(intact.stdout)?.[1]);
      expect(entries).toBe(6);

      const actions = await withDatabase(async (store) => {
        const result = await store.db.execute(
          sql`select seq, action, actor from audit.entries order by seq`,
        );
        const rows = (
          result as unknown as { rows: { seq: number; action: string; actor: string }[] }
        ).rows;
        // Falsify the roles ana was given, as a superuser who switches the trigger off.
        await store.db.transaction(async (tx) => {
          await tx.execute(sql`alter table audit.entries disable trigger entries_append_only`);
          await tx.execute(sql`update audit.entries
            set after = jsonb_set(after, '{roles}', '["viewer"]') where seq = 3`);
          await tx.execute(sql`alter table audit.entries enable trigger entries_append_only`);
        });
        return rows;
      });
      expect(actions.slice(0, 4).map((r) => [Number(r.seq), r.action])).toEqual([
        [1, 'user.created'],
        [2, 'user.created'],
        [3, 'user.updated'],
        [4, 'user.password_reset'],
      ]);
      expect(actions[0]?.actor).toMatch(/^cli:/);

      const broken = await lotline(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toBe('');
      expect(broken.stderr).toBe(
        'the audit trail is BROKEN at entry 3: entry 3 was changed after it was written ' +
          '(its hash does not match its content)\n(2 entries before it verify)\n',
      );
    },
    SLOW,
  );
});

#!/usr/bin/env node
// The lotline command. Every failure ends with a message on stderr and a
// non-zero exit code, never a stack trace for a user's mistake.
import { Command, InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../core/config.js';
import type { Store } from '../core/db/store.js';
import { forbidden, invalid, isLotlineError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { formatCapacity, formatPlant } from './plant-report.js';
import { readSecret } from './prompt.js';

// The server, the database and each domain are loaded by the command that
// needs them: checking a plant file should not wait for the whole server's
// code to load (about a second on every call).
const plantModule = () => import('../modules/plant/index.js');

type WithStore = (work: (store: Store) => Promise<void>) => Promise<void>;
type RegisterCommands = (program: Command, withStore: WithStore) => void;

/** The commands of this file; the others live in the groups below. */
const OWN_COMMANDS = new Set(['start', 'plant', 'migrate']);

/** Command groups in modules of their own, by top-level command name. */
const COMMAND_GROUPS: Record<string, () => Promise<RegisterCommands>> = {
  user: async () => (await import('./user-commands.js')).registerUserCommands,
  audit: async () => (await import('./user-commands.js')).registerUserCommands,
  simulate: async () => (await import('./simulate.js')).registerSimulateCommand,
  trace: async () => (await import('./trace.js')).registerTraceCommand,
  storage: async () => (await import('./storage.js')).registerStorageCommands,
  schedule: async () => (await import('./schedule.js')).registerScheduleCommands,
  twin: async () => (await import('./twin.js')).registerTwinCommands,
  backup: async () => (await import('./backup.js')).registerBackupCommands,
  restore: async () => (await import('./backup.js')).registerBackupCommands,
};

const program = new Command()
  .name('lotline')
  .description('Lotline: manufacturing execution for cartridge plants')
  .version(VERSION)
  .showHelpAfterError();

program
  .command('start')
  .description('run the Lotline server (migrates the store; loads the initial plant if empty)')
  .action(async () => {
    const config = loadConfig();
    const { startLotline } = await import('../app.js');
    // Signals are handled from the first moment: a stop asked for while the
    // server starts waits for the start, then stops it cleanly.
    const starting = startLotline(config);
    const shutdown = (signal: string) => {
      process.stdout.write(`${signal}: finishing in-flight requests, then stopping\n`);
      const timer = setTimeout(() => {
        process.stderr.write('shutdown took too long; stopping now\n');
        process.exit(1);
      }, config.http.shutdownTimeoutMs);
      timer.unref();
      starting
        .then((running) => running.stop())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`error while stopping: ${String(error)}\n`);
            process.exit(1);
          },
        );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));

    const running = await starting;
    const where =
      config.store.kind === 'pglite' ? `PGlite in ${config.store.dataDir}` : 'PostgreSQL';
    process.stdout.write(`Lotline ${VERSION} is running at ${running.url} (store: ${where})\n`);
    const machines = running.machineData;
    process.stdout.write(
      `Machine data: ${machines.embedded ? 'embedded MQTT broker at ' : 'MQTT broker '}` +
        `${machines.mqttUrl}, Sparkplug B group ${machines.group}` +
        `${machines.simulatedLines.length > 0 ? `; simulating lines ${machines.simulatedLines.join(', ')}` : ''}\n`,
    );
    const { admin, demo } = running.firstRun;
    if (admin) {
      process.stdout.write(
        `\nFirst start: created the administrator "${admin.username}" with the password\n\n` +
          `    ${admin.password}\n\n` +
          'It is shown only this once. Sign in and choose a new password;\n' +
          'more users: `lotline user add NAME --roles …` or the Users page.\n\n',
      );
    }
    if (config.demo) {
      process.stdout.write(
        '\nDEMO MODE: users demo-admin, demo-planner, demo-line-operator, demo-qa-inspector,\n' +
          'demo-qa-manager, demo-storekeeper, demo-maintenance-technician, demo-viewer and\n' +
          'demo-monitor exist for trying the app.\n' +
          (demo
            ? `Their shared password (shown once): ${demo.password}\n`
            : 'Their password was shown when they were created.\n') +
          'Do not run a real plant in demo mode.\n\n',
      );
    }
  });

const plant = program.command('plant').description('plant master data');

plant
  .command('validate')
  .argument('<file>', 'plant file (YAML or JSON)')
  .description('check a plant file without loading it')
  .action(async (file: string) => {
    const { formatIssue, readPlantFile } = await plantModule();
    const result = await readPlantFile(file);
    if (!result.ok) {
      process.stderr.write(`${file} has ${result.issues.length} problem(s):\n`);
      for (const issue of result.issues) process.stderr.write(`  ${formatIssue(issue)}\n`);
      process.exitCode = 1;
      return;
    }
    const p = result.plant;
    const stations = p.lines.reduce((n, l) => n + l.stations.length, 0);
    process.stdout.write(
      `${file} is valid: site ${p.site.code}, ${p.lines.length} lines, ${stations} stations, ` +
        `${p.materials.length} materials, ${p.locations.length} locations\n`,
    );
  });

plant
  .command('load')
  .argument('<file>', 'plant file (YAML or JSON)')
  .option('--note <text>', 'why the plant changes, kept with the revision')
  .option('--signer <user>', 'who signs the change (asks for the password, or reads it from stdin)')
  .description('load a plant file into the store; an unchanged file changes nothing')
  .action(async (file: string, options: { note?: string; signer?: string }) => {
    const { formatIssue, loadPlantFile, readPlantFile } = await plantModule();
    // Check the file before touching the store: a bad file costs nothing.
    const checked = await readPlantFile(file);
    if (!checked.ok) {
      throw invalid('plant_file_invalid', '{{file}} is not valid:\n  {{problems}}', {
        file: file,
        problems: checked.issues.map(formatIssue).join('\n  '),
        problemCount: checked.issues.length,
      }).withIssues(checked.issues);
    }
    await withStore(async (store) => {
      const meta = await plantChangeMeta(store, options.signer);
      const result = await loadPlantFile(store.db, file, {
        ...meta,
        ...(options.note ? { note: options.note } : {}),
      });
      const r = result.revision;
      if (!result.changed) {
        process.stdout.write(
          `unchanged: the store already holds this plant (revision ${r.number})\n`,
        );
        return;
      }
      process.stdout.write(`loaded as revision ${r.number}: ${r.changes.length} change(s)\n`);
      for (const c of r.changes)
        process.stdout.write(`  ${c.change.padEnd(8)} ${c.kind} ${c.code}\n`);
    });
  });

plant
  .command('show')
  .description('the current plant: lines, stations, products and rated capacity')
  .option('--year <year>', 'calendar year for capacity', parseYear, new Date().getFullYear())
  .action(async (options: { year: number }) => {
    const { currentPlant, plantCapacity } = await plantModule();
    await withStore(async (store) => {
      const { plant: p, revision } = await currentPlant(store.db);
      process.stdout.write(formatPlant(p, revision));
      process.stdout.write(formatCapacity(plantCapacity(p, options.year)));
    });
  });

plant
  .command('export')
  .description('print the current plant as a plant file (YAML)')
  .action(async () => {
    const { currentPlant, plantToYaml } = await plantModule();
    await withStore(async (store) => {
      process.stdout.write(plantToYaml((await currentPlant(store.db)).plant));
    });
  });

plant
  .command('history')
  .description('the recorded changes of the plant, newest first')
  .action(async () => {
    const { listRevisions } = await plantModule();
    await withStore(async (store) => {
      for (const r of await listRevisions(store.db)) {
        process.stdout.write(
          `#${r.number}  ${r.loadedAt}  ${r.source.padEnd(28)} ${r.changes.length} change(s)` +
            `${r.note ? `  — ${r.note}` : ''}\n`,
        );
      }
    });
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    await withStore(async () => {
      process.stdout.write('the store is migrated\n');
    });
  });

/**
 * A plant change is signed once people exist to sign it. On a store with no
 * users yet (before the first start) the change is recorded as the CLI's.
 */
async function plantChangeMeta(store: Store, signer: string | undefined) {
  const { checkPassword, DEFAULT_AUTH_POLICY, systemClock, userCount } = await import(
    '../core/auth/service.js'
  );
  const { may } = await import('../core/auth/roles.js');
  const { cliActor } = await import('./user-commands.js');
  if ((await userCount(store.db)) === 0) return { actor: cliActor() };
  if (!signer) {
    throw invalid(
      'cli_plant_change_unsigned',
      'a plant change must be signed: give --signer <user> (the password is asked for)',
    );
  }
  const password = await readSecret(`Password of ${signer} (electronic signature): `);
  const context = { db: store.db, policy: DEFAULT_AUTH_POLICY, clock: systemClock };
  const user = await checkPassword(context, signer, password);
  // As over HTTP: a one-time password was set by someone else, so a signature
  // made with it would not be the signer's alone.
  if (user.mustChangePassword) {
    throw forbidden(
      'password_change_required_to_sign',
      '{{username}} must first replace the one-time password (sign in to Lotline) before signing',
      { username: user.username },
    );
  }
  if (!may(user.roles, 'plant.edit')) {
    throw forbidden(
      'plant_edit_denied',
      '{{username}} may not change the plant (needs plant.edit)',
      { username: user.username },
    );
  }
  return {
    actor: user.username,
    signer: {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      meaning: 'approved' as const,
    },
  };
}

function parseYear(value: string): number {
  const year = Number(value);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new InvalidArgumentError('expected a year between 2000 and 2100');
  }
  return year;
}

async function withStore(work: (store: Store) => Promise<void>) {
  const config: Config = loadConfig();
  const [{ createLogger }, { prepareStore }] = await Promise.all([
    import('../core/logger.js'),
    import('../prepare-store.js'),
  ]);
  const logger = createLogger({ ...config.log, level: 'warn' });
  const store = await prepareStore(config, logger, { loadInitialPlant: false });
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

// Only the group of the command asked for is loaded; for help, a typo or
// no command at all, every group is, so that help lists them all.
const asked = process.argv[2] ?? '';
const group = Object.hasOwn(COMMAND_GROUPS, asked) ? COMMAND_GROUPS[asked] : undefined;
const groups = OWN_COMMANDS.has(asked) ? [] : group ? [group] : Object.values(COMMAND_GROUPS);
const registers = new Set(await Promise.all(groups.map((load) => load())));
for (const register of registers) register(program, withStore);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (isLotlineError(error)) process.stderr.write(`lotline: ${error.message}\n`);
  else
    process.stderr.write(
      `lotline: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`,
    );
  process.exit(1);
});

// `lotline schedule solve FILE`: the scheduler core on an instance in the
// public benchmark format for unrelated parallel machines with setups
// (Vallada & Ruiz 2011; src/modules/planning/data/README.md), so it can be
// measured against published results. The solution goes to stdout in the
// benchmark's format, the makespan to stderr, so stdout can be piped as is.
import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { invalid } from '../core/errors.js';
import { formatRmSolution, parseRmInstance } from '../modules/planning/rm-instance.js';
import { solveSchedule } from '../modules/planning/scheduler.js';

function parseNonNegative(what: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(`expected ${what} (a whole number)`);
    }
    return value;
  };
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('the line scheduler');

  schedule
    .command('solve')
    .argument('<file>', 'an instance in the Rm|S_ijk benchmark format (Vallada & Ruiz)')
    .description('solve a benchmark instance; the solution to stdout, the makespan to stderr')
    .option(
      '--budget <ms>',
      "time budget in ms (default: the literature's n × m/2 × 10)",
      parseNonNegative('milliseconds'),
    )
    .option('--iterations <count>', 'stop after this many iterations', parseNonNegative('a count'))
    .option('--seed <seed>', 'seed of the search', '1')
    .action(
      async (file: string, options: { budget?: number; iterations?: number; seed: string }) => {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          throw invalid('file_unreadable', 'cannot read {{file}}: {{reason}}', {
            file,
            reason: (error as Error).message,
          });
        }
        const instance = parseRmInstance(text, file);
        const budgetMs =
          options.budget ??
          (options.iterations === undefined
            ? instance.jobs * (instance.machines / 2) * 10
            : undefined);
        const result = solveSchedule(instance, {
          seed: options.seed,
          ...(budgetMs === undefined ? {} : { budgetMs }),
          ...(options.iterations === undefined ? {} : { maxIterations: options.iterations }),
        });
        process.stdout.write(formatRmSolution(result.sequences));
        process.stderr.write(
          `makespan ${result.makespan} (${result.iterations} iterations, ` +
            `${Math.round(result.elapsedMs)} ms, stopped by ${result.stoppedBy})\n`,
        );
      },
    );
}

// `lotline twin run`: a scenario of the digital twin on the plant (the store's
// current plant, or a plant file), its replications on worker threads with a
// progress bar on stderr, and a summary table (or JSON) on stdout.

import { SingleBar } from 'cli-progress';
import { type Command, InvalidArgumentError } from 'commander';
import type { Store } from '../core/db/store.js';
import { invalid } from '../core/errors.js';
import {
  currentPlant,
  formatIssue,
  type PlantFile,
  readPlantFile,
} from '../modules/plant/index.js';
import {
  runScenario,
  SCENARIO_DESCRIPTIONS,
  SCENARIOS,
  type ScenarioName,
  type ScenarioReport,
} from '../modules/twin/index.js';

const whole = (what: string) => (text: string) => {
  if (!/^\d+$/.test(text.trim()))
    throw new InvalidArgumentError(`expected ${what} (a whole number)`);
  return Number(text);
};
const number = (what: string) => (text: string) => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InvalidArgumentError(`expected ${what} (a number)`);
  return value;
};

interface RunOptions {
  scenario: string;
  replications: number;
  year: number;
  seed: string;
  plant?: string;
  workers?: number;
  line?: string;
  weeks?: number;
  from?: string;
  supplier?: string;
  coverDays?: number;
  surge?: number;
  buffer?: number;
  json?: boolean;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

/** The report as text for the terminal. */
export function formatTwinReport(
  report: ScenarioReport & { wallMs: number; seed: string },
): string {
  const out: string[] = [];
  out.push(
    `Scenario ${report.scenario}: ${report.description}`,
    `${report.year}, ${report.replications} replication(s), seed ${report.seed}, assumptions: ${report.assumptions}; ` +
      `${(report.wallMs / 1000).toFixed(1)} s`,
    '',
  );
  const products: string[][] = [
    ['product', 'cartridges a year', '95 % interval', 'demand', 'short'],
  ];
  for (const p of report.products) {
    products.push([
      p.product,
      count(p.output.mean),
      `${count(p.output.low)} – ${count(p.output.high)}`,
      p.demand === null ? '' : count(p.demand),
      p.shortfall === null ? '' : count(p.shortfall),
    ]);
  }
  products.push([
    'total',
    count(report.total.mean),
    `${count(report.total.low)} – ${count(report.total.high)}`,
    '',
    '',
  ]);
  out.push(table(products), '');
  const lines: string[][] = [
    [
      'line',
      'output a year',
      'OEE',
      'availability',
      'performance',
      'quality',
      'bottleneck',
      'changeovers (h)',
    ],
  ];
  for (const l of report.lines) {
    lines.push([
      l.line,
      count(l.produced.mean),
      percent(l.oee),
      percent(l.availability),
      percent(l.performance),
      percent(l.quality),
      l.bottleneck,
      count(l.changeoverMinutes / 60),
    ]);
  }
  out.push(table(lines), '');
  const stations: string[][] = [['line/station', 'busy', 'blocked', 'starved', 'down']];
  for (const l of report.lines) {
    for (const s of l.stations)
      stations.push([
        `${l.line}/${s.station}`,
        percent(s.busy),
        percent(s.blocked),
        percent(s.starved),
        percent(s.down),
      ]);
  }
  out.push(table(stations));
  return `${out.join('\n')}\n`;
}

export function registerTwinCommands(
  program: Command,
  withStore: (work: (store: Store) => Promise<void>) => Promise<void>,
): void {
  const twin = program
    .command('twin')
    .description('the digital twin: a simulation of the plant from its master data');
  twin
    .command('run')
    .description(
      `run a scenario: ${SCENARIOS.map((s) => `${s} (${SCENARIO_DESCRIPTIONS[s]})`).join('; ')}`,
    )
    .requiredOption('--scenario <name>', `one of ${SCENARIOS.join(', ')}`)
    .option('--replications <n>', 'independent replications', whole('a count'), 10)
    .option(
      '--year <year>',
      'the year to simulate',
      whole('a year'),
      new Date().getUTCFullYear() + 1,
    )
    .option('--seed <seed>', 'seed of the run', '1')
    .option('--plant <file>', "a plant file instead of the store's current plant")
    .option('--workers <n>', 'worker threads (default: the cores)', whole('a count'))
    .option('--line <code>', 'line-out: the line')
    .option('--weeks <n>', 'line-out: weeks out', whole('a count'))
    .option('--from <date>', 'line-out, supplier-stop: from this date (YYYY-MM-DD)')
    .option('--supplier <code>', 'supplier-stop: the supplier')
    .option('--cover-days <n>', 'supplier-stop: days of stock left', whole('a count'))
    .option(
      '--surge <share>',
      'demand-surge: demand above the rated mix (0.2 = 20 %)',
      number('a share'),
    )
    .option('--buffer <cartridges>', 'buffer: cartridges between stations', whole('a count'))
    .option('--json', 'print the report as JSON')
    .action(async (options: RunOptions) => {
      if (!(SCENARIOS as readonly string[]).includes(options.scenario)) {
        throw invalid(
          `--scenario: unknown scenario "${options.scenario}"; one of ${SCENARIOS.join(', ')}`,
        );
      }
      if (options.from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.from)) {
        throw invalid(`--from: expected a date YYYY-MM-DD, got "${options.from}"`);
      }
      const run = async (plant: PlantFile) => {
        const bar = new SingleBar({
          format: 'replications [{bar}] {value}/{total} · {duration_formatted}',
          stream: process.stderr,
          hideCursor: true,
        });
        if (!options.json) bar.start(options.replications, 0);
        try {
          const report = await runScenario(
            plant,
            {
              scenario: options.scenario as ScenarioName,
              year: options.year,
              ...(options.line !== undefined ? { line: options.line } : {}),
              ...(options.weeks !== undefined ? { weeks: options.weeks } : {}),
              ...(options.from !== undefined ? { from: options.from } : {}),
              ...(options.supplier !== undefined ? { supplier: options.supplier } : {}),
              ...(options.coverDays !== undefined ? { coverDays: options.coverDays } : {}),
              ...(options.surge !== undefined ? { surge: options.surge } : {}),
              ...(options.buffer !== undefined ? { bufferCartridges: options.buffer } : {}),
            },
            {
              replications: options.replications,
              seed: options.seed,
              ...(options.workers !== undefined ? { workers: options.workers } : {}),
              onReplication: (done) => bar.update(done),
            },
          );
          bar.stop();
          process.stdout.write(
            options.json ? `${JSON.stringify(report, null, 2)}\n` : formatTwinReport(report),
          );
        } finally {
          bar.stop();
        }
      };
      if (options.plant !== undefined) {
        const read = await readPlantFile(options.plant);
        if (!read.ok)
          throw invalid(
            `${options.plant} is not valid:\n  ${read.issues.map(formatIssue).join('\n  ')}`,
            read.issues,
          );
        await run(read.plant);
      } else {
        await withStore(async (store) => run((await currentPlant(store.db)).plant));
      }
    });
}

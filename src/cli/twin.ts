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
  calibrateStations,
  MAX_CALIBRATION_DAYS,
  type MeasuredBehaviour,
  measuredBehaviour,
  runScenario,
  SCENARIO_DESCRIPTIONS,
  SCENARIOS,
  type ScenarioName,
  type ScenarioReport,
  type StationCalibration,
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
  calibrationDays?: number;
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
    `${report.supply[0]?.toUpperCase() ?? ''}${report.supply.slice(1)}.`,
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
      'no material (h)',
      'short of',
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
      count(l.materialStarvedMinutes / 60),
      l.shortOf.join(', '),
    ]);
  }
  out.push(table(lines), '');
  const stations: string[][] = [
    ['line/station', 'busy', 'blocked', 'starved', 'down', 'changeover'],
  ];
  for (const l of report.lines) {
    for (const s of l.stations)
      stations.push([
        `${l.line}/${s.station}`,
        percent(s.busy),
        percent(s.blocked),
        percent(s.starved),
        percent(s.down),
        percent(s.changeover),
      ]);
  }
  out.push(table(stations));
  return `${out.join('\n')}\n`;
}

const minutes = (m: number | undefined) =>
  m === undefined ? '' : m < 1 ? `${(m * 60).toFixed(2)} s` : `${m.toFixed(1)} min`;

/** The calibration as text: one row per station, what was measured and how well the best fit holds. */
export function formatCalibration(calibrations: readonly StationCalibration[]): string {
  const rows: string[][] = [
    [
      'line/station',
      'cycle',
      'cycle CV',
      'stops',
      'between stops',
      'fit (KS p)',
      'stop length',
      'fit (KS p)',
      'rejects',
    ],
  ];
  const bestFit = (r: StationCalibration['uptime']) =>
    r ? `${r.best.kind} (${r.best.ks.pValue.toFixed(2)})` : 'not enough data';
  for (const c of calibrations) {
    rows.push([
      `${c.line}/${c.station}`,
      minutes(c.cycle?.summary.mean),
      c.cycleCv === null ? '' : c.cycleCv.toFixed(3),
      String(c.observations.stops),
      minutes(c.uptime?.summary.mean),
      bestFit(c.uptime),
      minutes(c.repair?.summary.mean),
      bestFit(c.repair),
      c.rejectRate === null ? '' : percent(c.rejectRate),
    ]);
  }
  return `${table(rows)}\n`;
}

export function registerTwinCommands(
  program: Command,
  withStore: (work: (store: Store) => Promise<void>) => Promise<void>,
): void {
  const twin = program
    .command('twin')
    .description('the digital twin: a simulation of the plant from its master data');
  twin
    .command('calibrate')
    .description(
      "fit each station's cycle, time between stops, stop length and reject rate to the store's machine data",
    )
    .option('--days <n>', 'the last days of machine data (1–31)', whole('a count'), 7)
    .option('--line <code>', 'only this line')
    .option('--json', 'print the fits as JSON (with histograms and Q-Q points for plotting)')
    .action(async (options: { days: number; line?: string; json?: boolean }) => {
      if (options.days < 1 || options.days > MAX_CALIBRATION_DAYS) {
        throw invalid('cli_days_out_of_range', '--days: 1 to {{maximum}}', {
          maximum: MAX_CALIBRATION_DAYS,
        });
      }
      await withStore(async (store) => {
        const to = new Date();
        const calibrations = await calibrateStations(store.db, {
          from: new Date(to.getTime() - options.days * 86_400_000),
          to,
          ...(options.line !== undefined ? { lines: [options.line] } : {}),
        });
        process.stdout.write(
          options.json
            ? `${JSON.stringify(calibrations, null, 2)}\n`
            : formatCalibration(calibrations),
        );
      });
    });
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
    .option(
      '--calibration-days <n>',
      "calibrate the stations from the store's machine data of these last days (1–31)",
      whole('a count'),
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: RunOptions) => {
      if (!(SCENARIOS as readonly string[]).includes(options.scenario)) {
        throw invalid(
          'scenario_unknown',
          '--scenario: unknown scenario "{{scenario}}"; one of {{values}}',
          { scenario: options.scenario, values: SCENARIOS },
        );
      }
      if (options.from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.from)) {
        throw invalid('cli_from_not_date', '--from: expected a date YYYY-MM-DD, got "{{from}}"', {
          from: options.from,
        });
      }
      const run = async (plant: PlantFile, measured: MeasuredBehaviour[] = []) => {
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
              measured,
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
      if (options.calibrationDays !== undefined) {
        if (options.plant !== undefined) {
          throw invalid(
            'cli_calibration_days_with_plant',
            '--calibration-days reads the store: leave out --plant',
          );
        }
        const days = options.calibrationDays;
        if (days < 1 || days > MAX_CALIBRATION_DAYS) {
          throw invalid('cli_days_out_of_range', '--calibration-days: 1 to {{maximum}}', {
            maximum: MAX_CALIBRATION_DAYS,
          });
        }
        await withStore(async (store) => {
          const { plant } = await currentPlant(store.db);
          const to = new Date();
          await run(
            plant,
            await measuredBehaviour(store.db, {
              from: new Date(to.getTime() - days * 86_400_000),
              to,
              plant,
            }),
          );
        });
      } else if (options.plant !== undefined) {
        const read = await readPlantFile(options.plant);
        if (!read.ok) {
          throw invalid('plant_file_invalid', '{{file}} is not valid:\n  {{problems}}', {
            file: options.plant,
            problems: read.issues.map(formatIssue).join('\n  '),
            problemCount: read.issues.length,
          }).withIssues(read.issues);
        }
        await run(read.plant);
      } else {
        await withStore(async (store) => run((await currentPlant(store.db)).plant));
      }
    });
}

// `lotline simulate`: the line simulator as a program of its own, publishing
// the machine data of a plant file's lines as Sparkplug B to a broker, one
// edge node per line, for a Lotline (or any Sparkplug host) to ingest. Time
// is simulated: it starts at --start (now by default) and runs --speed times
// as fast as the wall clock, so a shift can pass in minutes. The model is the
// one `npm start` runs (telemetry/simulator); this file only drives it.
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../core/config.js';
import { invalid, unavailable } from '../core/errors.js';
import { formatIssue, type PlantFile, readPlantFile } from '../modules/plant/index.js';
import {
  connectEdgeNode,
  type EdgeNode,
  LineSimulator,
  type LineSnapshot,
  type MetricChange,
} from '../modules/telemetry/index.js';

export interface SimulateOptions {
  plant?: string;
  mqttUrl?: string;
  group?: string;
  seed: string;
  speed: number;
  lines?: string[];
  /** Simulated milliseconds to run; without it, until stopped. */
  duration?: number;
  /** Simulated start, ms since the epoch; now by default. */
  start?: number;
}

/**
 * How often the model catches up with the clock and publishes, wall ms: every
 * simulated second at most, every 100 ms at least (a fast run sends fewer,
 * fuller messages rather than flooding the broker).
 */
const tickMs = (speed: number) => Math.min(1_000, Math.max(100, 1_000 / speed));
/** How often a progress line is printed, wall ms. */
const REPORT_MS = 60_000;
const MAX_SPEED = 10_000;

/** A duration such as 8h, 90m, 1h30m, 45s or 2d, in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || text.trim() === '') {
    throw new InvalidArgumentError('expected a duration such as 8h, 90m, 1h30m or 45s');
  }
  const [d, h, m, s] = match.slice(1).map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  const ms = ((d * 24 + h) * 60 + m) * 60_000 + s * 1_000;
  if (ms <= 0) throw new InvalidArgumentError('expected a duration longer than zero');
  return ms;
}

export function parseSpeed(text: string): number {
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new InvalidArgumentError(`expected a number above 0 and at most ${MAX_SPEED}`);
  }
  return speed;
}

function parseStart(text: string): number {
  const at = Date.parse(text);
  if (!Number.isFinite(at)) {
    throw new InvalidArgumentError('expected a date and time such as 2027-03-15T06:00:00-04:00');
  }
  return at;
}

function parseLines(text: string): string[] {
  const lines = text
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) throw new InvalidArgumentError('expected line codes such as L1,L3');
  return lines;
}

function parseMqttUrl(text: string): string {
  if (!/^(mqtts?|wss?):\/\/./.test(text)) {
    throw new InvalidArgumentError('expected an mqtt://, mqtts://, ws:// or wss:// URL');
  }
  return text;
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      "publish simulated machine data of the plant's lines to an MQTT broker (Sparkplug B); " +
        'do not run it beside a server that simulates the same lines (LOTLINE_SIMULATE=false)',
    )
    .option('--plant <file>', 'plant file (default: LOTLINE_PLANT_FILE or the reference plant)')
    .option('--mqtt-url <url>', 'the broker (default: MQTT_URL)', parseMqttUrl)
    .option('--group <id>', 'Sparkplug group id (default: LOTLINE_MQTT_GROUP or the site code)')
    .option('--lines <codes>', 'only these lines, e.g. L1,L3 (default: every line)', parseLines)
    .option(
      '--seed <seed>',
      'seed of the random streams: the same seed replays the same plant',
      'lotline',
    )
    .option('--speed <n>', 'simulated time runs n times as fast as the wall clock', parseSpeed, 1)
    .option('--start <time>', 'simulated start, ISO 8601 (default: now)', parseStart)
    .option(
      '--duration <d>',
      'stop after this much simulated time, e.g. 8h or 1h30m',
      parseDuration,
    )
    .action(async (options: SimulateOptions) => {
      process.exitCode = await simulate(options);
    });
}

interface NodeRun {
  line: string;
  simulator: LineSimulator;
  edge: EdgeNode;
}

interface Published {
  messages: number;
  metrics: number;
}

/** Runs the simulation until its duration is over or a signal stops it; the exit code. */
export async function simulate(options: SimulateOptions): Promise<number> {
  const config = loadConfig();
  const plantFile = options.plant ?? config.initialPlantFile;
  const read = await readPlantFile(plantFile);
  if (!read.ok) {
    throw invalid('plant_file_invalid', '{{file}} is not valid:\n  {{problems}}', {
      file: plantFile,
      problems: read.issues.map(formatIssue).join('\n  '),
      problemCount: read.issues.length,
    }).withIssues(read.issues);
  }
  const plant = read.plant;
  const lines = chooseLines(plant, options.lines);
  const url = options.mqttUrl ?? config.mqtt.url;
  if (!url) throw invalid('cli_no_mqtt_broker', 'no MQTT broker: give --mqtt-url or set MQTT_URL');
  const group = options.group ?? config.mqtt.group ?? plant.site.code;
  if (/[/#+]/.test(group)) {
    throw invalid(
      'sparkplug_group_invalid',
      '--group {{group}}: a Sparkplug group id has no /, # or +',
      { group },
    );
  }

  const wallStart = Date.now();
  const simStart = options.start ?? wallStart;
  const end =
    options.duration === undefined ? Number.POSITIVE_INFINITY : simStart + options.duration;
  const clock = () => Math.min(simStart + (Date.now() - wallStart) * options.speed, end);
  const published: Published = { messages: 0, metrics: 0 };
  const format = formatting(plant.site.timezone);

  // Signals stop the run between ticks; a second one ends the process at once.
  let stopping = false;
  let wake: () => void = () => {};
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: stopping without death certificates\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal}: publishing death certificates and stopping\n`);
    wake();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const nodes: NodeRun[] = [];
  try {
    for (const line of lines) {
      const simulator = new LineSimulator({
        plant,
        line,
        // As `npm start` seeds its lines, so the same seed gives the same plant.
        seed: `${options.seed}:${line}`,
        start: simStart,
      });
      // Every birth certificate (the first, and any a host asks for) is counted.
      const snapshot = (): LineSnapshot => {
        const s = simulator.snapshot();
        published.messages += 1 + s.devices.length;
        // NBIRTH also carries bdSeq and Node Control/Rebirth.
        published.metrics +=
          s.node.length + 2 + s.devices.reduce((n, d) => n + d.metrics.length, 0);
        return s;
      };
      const edge = await connectEdgeNode({
        url,
        group,
        node: line,
        snapshot,
        now: clock,
        onError: (error) => process.stderr.write(`${line}: ${error.message}\n`),
      }).catch((error: Error) => {
        throw unavailable(
          'mqtt_broker_unreachable',
          'cannot reach the MQTT broker at {{url}}: {{reason}}',
          {
            url,
            reason: error.message,
          },
        );
      });
      nodes.push({ line, simulator, edge });
    }
    process.stdout.write(
      `simulating ${lines.join(', ')} of ${plant.site.code} into ${url} as Sparkplug B group ${group}, ` +
        `from ${format.time(simStart)} (${plant.site.timezone}) at ${options.speed}× ` +
        `${options.duration === undefined ? 'until stopped (Ctrl-C)' : `for ${format.span(options.duration)}`}\n`,
    );

    let reportedAt = Date.now();
    for (;;) {
      const until = clock();
      for (const node of nodes) {
        const changes = node.simulator.advanceTo(until);
        published.messages += messagesOf(changes);
        published.metrics += changes.length;
        await node.edge.publish(changes);
      }
      if (until >= end || stopping) break;
      if (Date.now() - reportedAt >= REPORT_MS) {
        reportedAt = Date.now();
        process.stdout.write(`${progress(format, simStart, until, nodes, published)}\n`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, tickMs(options.speed));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const node of nodes) await node.edge.close();
    // NDEATH, one a line.
    published.messages += nodes.length;
    published.metrics += nodes.length;
    process.stdout.write(`done: ${progress(format, simStart, clock(), nodes, published)}\n`);
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await Promise.allSettled(nodes.map((n) => n.edge.close()));
  }
}

function chooseLines(plant: PlantFile, wanted: readonly string[] | undefined): string[] {
  const codes = plant.lines.map((l) => l.code);
  if (!wanted) return codes;
  const unknown = wanted.filter((l) => !codes.includes(l));
  if (unknown.length > 0) {
    throw invalid(
      'cli_lines_unknown',
      '--lines: the plant has no line {{unknown}}; its lines are {{lines}}',
      { unknown, lines: codes },
    );
  }
  return [...new Set(wanted)];
}

// One DDATA per station that changed and one NDATA if the line's own metrics
// did, as the edge node sends them (publisher.ts).
const messagesOf = (changes: readonly MetricChange[]) => new Set(changes.map((c) => c.device)).size;

interface Formatting {
  time(ms: number): string;
  span(ms: number): string;
  count(n: number): string;
}

function formatting(timeZone: string): Formatting {
  const numbers = new Intl.NumberFormat('en-US');
  // sv-SE writes 2027-03-15 06:00, an ISO-like local time.
  const times = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return {
    time: (ms) => times.format(new Date(ms)),
    span: (ms) => {
      const minutes = Math.floor(ms / 60_000);
      const parts = [
        [Math.floor(minutes / 1_440), 'd'],
        [Math.floor(minutes / 60) % 24, 'h'],
        [minutes % 60, 'min'],
      ] as const;
      const text = parts
        .filter(([n]) => n > 0)
        .map(([n, unit]) => `${n} ${unit}`)
        .join(' ');
      return text || `${Math.round(ms / 1_000)} s`;
    },
    count: (n) => numbers.format(n),
  };
}

function progress(
  format: Formatting,
  start: number,
  now: number,
  nodes: readonly NodeRun[],
  published: Published,
): string {
  const good = nodes.reduce((sum, n) => sum + n.simulator.tally().good, 0);
  return (
    `${format.time(now)} (${format.span(now - start)} simulated): ` +
    `${format.count(published.messages)} messages, ${format.count(published.metrics)} metrics, ` +
    `${format.count(good)} good cartridges`
  );
}

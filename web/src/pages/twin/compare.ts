// Which runs the Twin page compares and how it names them: the picks (from the
// address, or the newest runs), each compared run's letter and colour, what it
// asked for in words, and the lines and products the comparison spans. Pure:
// the words come from the `t` it is given, numbers and dates in its language.
import type { TFunction } from 'i18next';
import type { ScenarioInput, ScenarioName, TwinRun } from '../../api/twin';
import { formatInteger, formatPercent } from '../../format';
import { currentLocale } from '../../i18n';

/** Runs compared at once: one colour and letter each. */
export const MAX_COMPARED = 6;

/** Runs compared when the address names none: the newest few. */
export const DEFAULT_COMPARED = 3;

/** Colour-blind-safe (Okabe–Ito), in the order runs are lettered. */
export const RUN_COLOURS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
] as const;

export interface ComparedRun {
  run: TwinRun;
  /** A, B, C… in the order the runs were made. */
  letter: string;
  colour: string;
  /** "Line out 2027", with the scenario's own parameters in `asked`. */
  label: string;
  asked: string;
}

/**
 * The picked run ids from the address's `compare` parameter: undefined when it
 * is absent (compare the newest runs), empty when every run was unticked.
 */
export function parsePicks(param: string | null): string[] | undefined {
  if (param === null) return undefined;
  const ids = param
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return [...new Set(ids)].slice(0, MAX_COMPARED);
}

/** The runs to compare when none were picked: the newest few of a list that is newest first. */
export const defaultPicks = (runs: readonly TwinRun[]): string[] =>
  runs.slice(0, DEFAULT_COMPARED).map((r) => r.id);

/** Ticks or unticks a run; a new tick past the limit is refused (the same picks come back). */
export function togglePick(picks: readonly string[], id: string): string[] {
  if (picks.includes(id)) return picks.filter((p) => p !== id);
  if (picks.length >= MAX_COMPARED) return [...picks];
  return [...picks, id];
}

/** A scenario's name in words: "Line out". */
export const scenarioName = (t: TFunction, scenario: ScenarioName): string =>
  t(`twin:scenario.${scenario}`);

/** A run's scenario and year: "Line out 2027". */
export const runLabel = (t: TFunction, input: ScenarioInput): string =>
  `${scenarioName(t, input.scenario)} ${input.year}`;

/**
 * A day the form took as YYYY-MM-DD, in the language's own way ("Jul 1, 2027", "1 jul 2027").
 * format.ts formats moments; a calendar day has no time zone, so it is read and shown in UTC.
 */
export function formatDay(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return day;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    at,
  );
}

/** The scenario's own parameters in words; the server's defaults where the run left them out. */
export function askedFor(t: TFunction, input: ScenarioInput): string {
  switch (input.scenario) {
    case 'line-out': {
      const weeks = input.weeks ?? 4;
      return t('twin:asked.lineOut', {
        count: weeks,
        line: input.line ?? t('twin:asked.firstLine'),
        weeks: formatInteger(weeks),
        from: input.from ? formatDay(input.from) : t('twin:asked.firstMondayOfMarch'),
      });
    }
    case 'supplier-stop':
      return t('twin:asked.supplierStop', {
        supplier: input.supplier ?? t('twin:asked.firstSupplier'),
        from: formatDay(input.from ?? `${input.year}-07-01`),
        cover:
          input.coverDays === undefined
            ? t('twin:asked.defaultCover')
            : t('twin:asked.cover', { count: input.coverDays, n: formatInteger(input.coverDays) }),
      });
    case 'demand-surge': {
      const surge = input.surge ?? 0.2;
      return t('twin:asked.demandSurge', {
        surge: `${surge >= 0 ? '+' : '−'}${formatPercent(Math.abs(surge))}`,
      });
    }
    case 'buffer':
      return t('twin:asked.buffer', { n: formatInteger(input.bufferCartridges ?? 4000) });
    case 'rated':
    case 'baseline':
    case 'extra-shift':
      return '';
  }
}

/** The picked runs in the order they were made (the earliest is A), lettered and coloured. */
export function comparedRuns(t: TFunction, runs: readonly TwinRun[]): ComparedRun[] {
  return [...runs]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .slice(0, MAX_COMPARED)
    .map((run, i) => ({
      run,
      letter: String.fromCharCode(65 + i),
      colour: RUN_COLOURS[i % RUN_COLOURS.length] as string,
      label: runLabel(t, run.input),
      asked: askedFor(t, run.input),
    }));
}

/** Every line of the compared runs, in the order the first run that has it lists it. */
export const linesOf = (runs: readonly ComparedRun[]): string[] => [
  ...new Set(runs.flatMap((c) => c.run.report.lines.map((l) => l.line))),
];

/** Every product of the compared runs, in report order. */
export const productsOf = (runs: readonly ComparedRun[]): string[] => [
  ...new Set(runs.flatMap((c) => c.run.report.products.map((p) => p.product))),
];

/** The plant's output in each replication: the products' outputs added up. */
export function totalPerReplication(run: TwinRun): number[] {
  const totals = new Array<number>(run.report.replications).fill(0);
  for (const product of run.report.products)
    product.perReplication.forEach((value, i) => {
      totals[i] = (totals[i] ?? 0) + value;
    });
  return totals;
}

/** A run's output of one product, or of the plant ("total"): the interval and each replication. */
export function outputOf(
  run: TwinRun,
  product: string | null,
): { mean: number; sd: number; low: number; high: number; values: number[] } | undefined {
  if (product === null) return { ...run.report.total, values: totalPerReplication(run) };
  const found = run.report.products.find((p) => p.product === product);
  return found ? { ...found.output, values: found.perReplication } : undefined;
}

// The run form's fields as typed, and the request they make: each scenario
// sends only its own parameters, and the first thing wrong is named before
// anything is sent (the form says it in words, twin:form.problem.<name>). Pure.
import type { RunRequest, ScenarioName } from '../../api/twin';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Replications the form starts with: a few seconds on two cores. */
export const DEFAULT_REPLICATIONS = 5;

/** The form's fields, as typed; each scenario sends only its own. */
export interface Fields {
  scenario: ScenarioName;
  year: string;
  replications: string;
  /** Days of machine data to calibrate the stations from; '' for the uncalibrated placeholders. */
  calibrationDays: string;
  line: string;
  weeks: string;
  from: string;
  supplier: string;
  coverDays: string;
  surgePercent: string;
  bufferCartridges: string;
}

/** Next year's baseline, five replications, and the server's defaults for every parameter. */
export const initialFields = (now: Date = new Date()): Fields => ({
  scenario: 'baseline',
  year: String(now.getFullYear() + 1),
  replications: String(DEFAULT_REPLICATIONS),
  calibrationDays: '',
  line: '',
  weeks: '4',
  from: '',
  supplier: '',
  coverDays: '',
  surgePercent: '20',
  bufferCartridges: '4000',
});

const whole = (text: string, min: number, max: number): number | undefined => {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};

/** What can be wrong with the fields; each is a sentence of the form's (twin:form.problem). */
export const RUN_PROBLEMS = [
  'year',
  'replications',
  'calibration',
  'weeks',
  'fromDate',
  'coverDays',
  'surge',
  'buffer',
] as const;
export type RunProblem = (typeof RUN_PROBLEMS)[number];

/** The request the fields make, or the first thing wrong with them. */
export function runRequestOf(
  fields: Fields,
  defaults: { line: string; supplier: string },
): { request: RunRequest } | { problem: RunProblem } {
  const year = whole(fields.year, 2000, 2100);
  if (year === undefined) return { problem: 'year' };
  const replications = whole(fields.replications, 1, 50);
  if (replications === undefined) return { problem: 'replications' };
  const calibrationDays =
    fields.calibrationDays === '' ? undefined : whole(fields.calibrationDays, 1, 31);
  if (fields.calibrationDays !== '' && calibrationDays === undefined) {
    return { problem: 'calibration' };
  }
  const base = {
    scenario: fields.scenario,
    year,
    replications,
    ...(calibrationDays !== undefined ? { calibrationDays } : {}),
  };
  switch (fields.scenario) {
    case 'line-out': {
      const weeks = whole(fields.weeks, 1, 52);
      if (weeks === undefined) return { problem: 'weeks' };
      if (fields.from && !DATE.test(fields.from)) return { problem: 'fromDate' };
      const line = fields.line || defaults.line;
      return {
        request: {
          ...base,
          ...(line ? { line } : {}),
          weeks,
          ...(fields.from ? { from: fields.from } : {}),
        },
      };
    }
    case 'supplier-stop': {
      // Empty: the server works the days out (from the stock on hand, where it can).
      const coverDays =
        fields.coverDays.trim() === '' ? undefined : whole(fields.coverDays, 0, 365);
      if (fields.coverDays.trim() !== '' && coverDays === undefined)
        return { problem: 'coverDays' };
      if (fields.from && !DATE.test(fields.from)) return { problem: 'fromDate' };
      const supplier = fields.supplier || defaults.supplier;
      return {
        request: {
          ...base,
          ...(supplier ? { supplier } : {}),
          ...(coverDays !== undefined ? { coverDays } : {}),
          ...(fields.from ? { from: fields.from } : {}),
        },
      };
    }
    case 'demand-surge': {
      const percent = Number(fields.surgePercent);
      if (fields.surgePercent.trim() === '' || !(percent > -100 && percent <= 1000))
        return { problem: 'surge' };
      return { request: { ...base, surge: percent / 100 } };
    }
    case 'buffer': {
      const bufferCartridges = whole(fields.bufferCartridges, 0, 1_000_000);
      if (bufferCartridges === undefined) return { problem: 'buffer' };
      return { request: { ...base, bufferCartridges } };
    }
    case 'rated':
    case 'baseline':
    case 'extra-shift':
      return { request: base };
  }
}

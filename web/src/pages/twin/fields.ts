// The run form's fields as typed, and the request they make: each scenario
// sends only its own parameters, and the first thing wrong is said in words
// before anything is sent. Pure.
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

/** The request the fields make, or the first thing wrong with them, in words. */
export function runRequestOf(
  fields: Fields,
  defaults: { line: string; supplier: string },
): { request: RunRequest } | { problem: string } {
  const year = whole(fields.year, 2000, 2100);
  if (year === undefined) return { problem: 'The year is a whole number from 2000 to 2100.' };
  const replications = whole(fields.replications, 1, 50);
  if (replications === undefined) return { problem: 'Replications: a whole number from 1 to 50.' };
  const calibrationDays =
    fields.calibrationDays === '' ? undefined : whole(fields.calibrationDays, 1, 31);
  if (fields.calibrationDays !== '' && calibrationDays === undefined) {
    return { problem: 'Calibration: from 1 to 31 days of machine data.' };
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
      if (weeks === undefined) return { problem: 'Weeks out: a whole number from 1 to 52.' };
      if (fields.from && !DATE.test(fields.from))
        return { problem: 'The “from” date is not a date.' };
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
        return { problem: 'Days of stock: a whole number from 0 to 365.' };
      if (fields.from && !DATE.test(fields.from))
        return { problem: 'The “from” date is not a date.' };
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
        return { problem: 'The surge is a percentage above −100 and at most 1,000.' };
      return { request: { ...base, surge: percent / 100 } };
    }
    case 'buffer': {
      const bufferCartridges = whole(fields.bufferCartridges, 0, 1_000_000);
      if (bufferCartridges === undefined)
        return { problem: 'Buffer: a whole number of cartridges from 0 to 1,000,000.' };
      return { request: { ...base, bufferCartridges } };
    }
    case 'rated':
    case 'baseline':
    case 'extra-shift':
      return { request: base };
  }
}

// The twin's scenarios: each a change to the plant's master data or to the
// assumptions, applied before the model is built, so a scenario is nothing
// but a different plant or a different behaviour of the same stations. Pure.

import { addDays } from '../../core/dates.js';
import { fieldIssue, invalid, unknownReference } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';
import type { StatedBehaviour } from './assumed.js';
import { lognormal } from './distributions.js';
import {
  type Assumptions,
  buildPlantModel,
  type PlantModel,
  RATED,
  ratedOutput,
  type SupplierStop,
  type SupplyAssumption,
} from './plant-model.js';

export const SCENARIOS = [
  'rated',
  'baseline',
  'extra-shift',
  'line-out',
  'supplier-stop',
  'demand-surge',
  'buffer',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_DESCRIPTIONS: Readonly<Record<ScenarioName, string>> = {
  rated: 'the rating: every station at pace, nothing lost, no changeovers',
  baseline:
    'the year as the lines behave: variable cycles, stops, rejects, changeovers between campaigns and component deliveries',
  'extra-shift': 'the baseline with a night shift (22:00–06:00, Monday to Friday) on every line',
  'line-out': 'the baseline with one line out of service for some weeks',
  'supplier-stop':
    'the baseline with a supplier delivering nothing from a date, the lines stopping when its stock runs out',
  'demand-surge': 'the baseline against demand raised above the rated product mix',
  buffer: 'the baseline with another buffer size between stations',
};

export interface ScenarioInput {
  readonly scenario: ScenarioName;
  readonly year: number;
  /** line-out: which line (L1 by default), how many weeks (4) and from when (the first Monday of March). */
  readonly line?: string;
  readonly weeks?: number;
  readonly from?: string;
  /** supplier-stop: which supplier (the first of the plant file by default) and the days of stock it leaves (14). */
  readonly supplier?: string;
  readonly coverDays?: number;
  /** demand-surge: demand above the rated mix, as a share (0.2 by default). */
  readonly surge?: number;
  /** buffer: cartridges between stations (4,000 by default; the baseline has 2,000). */
  readonly bufferCartridges?: number;
}

/**
 * How components reach the lines (no machine data measures it): a placeholder
 * stated in the README and on every report. Each line's stock of each
 * component is reviewed weekly and ordered up to two weeks of the line's use
 * at its rated mix, delivered three days after the order; the year starts
 * with two weeks on hand. The suppliers' own lead times are the stores'
 * concern (they hold stock for them); a supplier's stop is a scenario.
 */
export const UNCALIBRATED_SUPPLY: SupplyAssumption = {
  reviewDays: 7,
  leadTimeDays: 3,
  stockDays: 14,
};

/**
 * How the stations behave when machine data has not calibrated them: a
 * placeholder to be replaced by `lotline twin calibrate`, stated in the README
 * and on every report. Cycles vary 10 % per cartridge; each station stops
 * every 90 operating minutes on average, for a lognormal 8 ± 10 minutes; the
 * gauging station rejects 0.3 %; a line making two products changes over 26
 * times a year each way (a campaign of each product every two weeks);
 * components as UNCALIBRATED_SUPPLY.
 */
export const UNCALIBRATED: StatedAssumptions = {
  behaviour: { kind: 'uncalibrated' },
  unit: 100,
  bufferCartridges: 2000,
  campaignsPerYear: 26,
  changeovers: true,
  supply: UNCALIBRATED_SUPPLY,
  station: (_line, _station, kind) => ({
    cycleCv: 0.1,
    stops: [{ meanMinutesBetween: 90, repair: lognormal(8, 10) }],
    rejectRate: kind === 'gauging' ? 0.003 : 0,
  }),
};

/** Assumptions stated rather than measured: what calibrated assumptions fall back on. */
export type StatedAssumptions = Assumptions & {
  readonly behaviour: { readonly kind: StatedBehaviour };
};

export interface BuiltScenario {
  readonly input: ScenarioInput;
  readonly description: string;
  readonly plant: PlantFile;
  readonly model: PlantModel;
  /** Cartridges a year each product is asked for, when the scenario is about demand. */
  readonly demand: Readonly<Record<string, number>> | null;
}

export function buildScenario(
  plant: PlantFile,
  input: ScenarioInput,
  behaviour: Assumptions = UNCALIBRATED,
): BuiltScenario {
  const description = SCENARIO_DESCRIPTIONS[input.scenario];
  if (!description)
    throw invalid('scenario_unknown', 'scenario: unknown scenario "{{scenario}}"', {
      scenario: input.scenario,
    }).withIssues([
      fieldIssue('scenario', 'value_not_allowed', 'one of {{values}}', { values: SCENARIOS }),
    ]);
  let changed = plant;
  let assumptions = input.scenario === 'rated' ? RATED : behaviour;
  let demand: Record<string, number> | null = null;
  let supplierStop: SupplierStop | undefined;

  switch (input.scenario) {
    case 'extra-shift':
      changed = {
        ...plant,
        calendars: plant.calendars.map((c) =>
          plant.lines.some((l) => l.calendar === c.code)
            ? {
                ...c,
                shifts: [
                  ...c.shifts,
                  {
                    code: 'N',
                    name: 'Night shift (scenario)',
                    start: '22:00',
                    end: '06:00',
                    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
                    breakMinutes: 30,
                  },
                ],
              }
            : c,
        ),
      };
      break;
    case 'line-out': {
      const line = input.line ?? plant.lines[0]?.code;
      if (!line || !plant.lines.some((l) => l.code === line)) {
        throw unknownReference('line', 'unknown_line', 'line', String(line));
      }
      const weeks = input.weeks ?? 4;
      if (!(weeks > 0 && weeks <= 52)) {
        const range = { minimum: 1, maximum: 52 };
        throw invalid('scenario_weeks_out_of_range', 'weeks: must be 1 to 52', range).withIssues([
          fieldIssue('weeks', 'out_of_range', '1 to 52', range),
        ]);
      }
      const from = input.from ?? firstMondayOfMarch(input.year);
      const to = addDays(from, weeks * 7 - 1);
      changed = {
        ...plant,
        maintenance: [
          ...plant.maintenance,
          { code: `OUT-${line}`, lines: [line], from, to, reason: 'line out (scenario)' },
        ],
      };
      break;
    }
    case 'supplier-stop': {
      const supplier = plant.suppliers.find(
        (s) => s.code === (input.supplier ?? plant.suppliers[0]?.code),
      );
      if (!supplier)
        throw unknownReference('supplier', 'supplier_unknown', 'supplier', String(input.supplier));
      // What only this supplier delivers stops coming; what others deliver too keeps coming.
      const only = supplier.materials.filter(
        (m) => !plant.suppliers.some((s) => s !== supplier && s.materials.includes(m)),
      );
      const cover = input.coverDays ?? 14;
      // Stock for longer than the year left never runs out within it.
      if (Number.isFinite(cover))
        supplierStop = {
          materials: only,
          from: input.from ?? `${input.year}-07-01`,
          coverDays: cover,
        };
      // The lines draw on the stock event by event: they need deliveries to draw on.
      if (!assumptions.supply) assumptions = { ...assumptions, supply: UNCALIBRATED_SUPPLY };
      break;
    }
    case 'demand-surge': {
      const surge = input.surge ?? 0.2;
      if (!(surge > -1 && surge <= 10))
        throw invalid('scenario_surge_out_of_range', 'surge: must be above -1 and at most 10', {
          minimum: -1,
          maximum: 10,
        }).withIssues([fieldIssue('surge', 'out_of_range', 'out of range')]);
      demand = {};
      for (const r of ratedOutput(plant, input.year))
        demand[r.product] = (demand[r.product] ?? 0) + r.cartridges * (1 + surge);
      break;
    }
    case 'buffer': {
      const cartridges = input.bufferCartridges ?? 4000;
      if (!(cartridges >= 0 && cartridges <= 1e6))
        throw invalid('scenario_buffer_out_of_range', 'bufferCartridges: must be 0 to 1,000,000', {
          minimum: 0,
          maximum: 1_000_000,
        }).withIssues([fieldIssue('bufferCartridges', 'out_of_range', 'out of range')]);
      assumptions = {
        ...behaviour,
        behaviour: { ...behaviour.behaviour, buffers: cartridges },
        bufferCartridges: cartridges,
      };
      break;
    }
    default:
      break;
  }
  const model = buildPlantModel(changed, input.year, assumptions, supplierStop);
  return { input, description, plant: changed, model, demand };
}

/**
 * Calendar days a supplier's stop leaves the plant: for each material only
 * that supplier delivers, the stock on hand over what the lines use of it a
 * day at the rated mix; the shortest. Infinity when it delivers nothing only
 * it delivers.
 */
export function coverDaysOfStock(
  plant: PlantFile,
  year: number,
  supplierCode: string,
  stock: ReadonlyMap<string, number>,
): number {
  const supplier = plant.suppliers.find((s) => s.code === supplierCode);
  if (!supplier) throw unknownReference('supplier', 'supplier_unknown', 'supplier', supplierCode);
  const only = supplier.materials.filter(
    (m) => !plant.suppliers.some((s) => s !== supplier && s.materials.includes(m)),
  );
  const rated = ratedOutput(plant, year);
  let cover = Number.POSITIVE_INFINITY;
  for (const material of only) {
    let perYear = 0;
    for (const r of rated) {
      const bom = plant.boms.find((b) => b.product === r.product);
      const item = bom?.items.find((i) => i.material === material);
      if (bom && item) perYear += (r.cartridges / bom.basis) * item.quantity;
    }
    if (perYear > 0) cover = Math.min(cover, ((stock.get(material) ?? 0) / perYear) * 365);
  }
  return cover;
}

function firstMondayOfMarch(year: number): string {
  const day = new Date(Date.UTC(year, 2, 1)).getUTCDay();
  return new Date(Date.UTC(year, 2, 1 + ((8 - day) % 7))).toISOString().slice(0, 10);
}

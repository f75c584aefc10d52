// What a run assumed beyond the plant file, in data and in English: how the stations behave
// (the rating, the uncalibrated placeholders, or calibrated from machine data over one of
// those) and how components reach the lines. A report carries both: the data for clients that
// word it in their reader's language (the web app), the English for the terminal, the logs and
// the API clients that show it as it is. The English is made from the data here, so the two
// cannot disagree. Pure.
import type { SupplyAssumption } from './plant-model.js';

/** Assumptions stated rather than measured: the rating's, or the uncalibrated placeholders. */
export type StatedBehaviour = 'rated' | 'uncalibrated';

/** How the stations were assumed to behave. */
export type AssumedBehaviour = (
  | { readonly kind: StatedBehaviour }
  | {
      readonly kind: 'calibrated';
      /** Stations whose cycle, stops and stop length were all measured. */
      readonly complete: number;
      /** Stations the machine data was read for. */
      readonly stations: number;
      /** What the stations (or the quantities) the data could not measure assume. */
      readonly rest: StatedBehaviour;
    }
) & {
  /** Cartridges between stations, when a scenario set them (the buffer scenario). */
  readonly buffers?: number;
};

/** What a run assumed; `supply` null: components never run short (the rating's view). */
export interface Assumed {
  readonly behaviour: AssumedBehaviour;
  readonly supply: SupplyAssumption | null;
}

const STATED_IN_ENGLISH: Readonly<Record<StatedBehaviour, string>> = {
  rated: 'rated',
  uncalibrated: 'uncalibrated defaults',
};

/** "rated", "uncalibrated defaults", "calibrated from machine data (3 of 28 stations; the rest: …)", "…, buffers of 4000". */
export function behaviourInEnglish(behaviour: AssumedBehaviour): string {
  const base =
    behaviour.kind === 'calibrated'
      ? `calibrated from machine data (${behaviour.complete} of ${behaviour.stations} stations; the rest: ${STATED_IN_ENGLISH[behaviour.rest]})`
      : STATED_IN_ENGLISH[behaviour.kind];
  return behaviour.buffers === undefined ? base : `${base}, buffers of ${behaviour.buffers}`;
}

/** "components never short", or how each line's stock is reviewed and replenished. */
export function supplyInEnglish(supply: SupplyAssumption | null): string {
  if (!supply) return 'components never short';
  return `components: each line's stock reviewed every ${supply.reviewDays} days and ordered up to ${supply.stockDays} days of its rated use, delivered ${supply.leadTimeDays} days after the order`;
}

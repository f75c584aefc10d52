// What the twin's server states in data, said in the reader's language: how a run assumed the
// stations behave and components reach the lines (`report.assumed`), and why a station's
// calibration could not measure a quantity (`unfitted`). Runs kept before the server stated
// their assumptions in data have only its English: that is read back (stored-english.ts) into the
// same data, and a phrase of a shape it does not know is shown as the server wrote it.
// Pure: the words come from the `t` it is given.
import type { TFunction } from 'i18next';
import type {
  AssumedBehaviour,
  ScenarioReport,
  StatedBehaviour,
  SupplyAssumption,
  Unfitted,
} from '../../api/twin';
import { formatInteger } from '../../format';
import { formatDuration, isQuantity, quantityLabel } from './calibration';
import { behaviourFromEnglish, supplyFromEnglish } from './stored-english';

type AssumptionsOf = Pick<ScenarioReport, 'assumptions' | 'assumed'>;

const statedInWords = (t: TFunction, stated: StatedBehaviour): string =>
  stated === 'rated' ? t('twin:assumptions.rated') : t('twin:assumptions.uncalibrated');

/** "uncalibrated defaults", "rated", "calibrated from machine data (3 of 28 stations; …)", "…, buffers of 4,000". */
export function behaviourInWords(t: TFunction, behaviour: AssumedBehaviour): string {
  const base =
    behaviour.kind === 'calibrated'
      ? t('twin:assumptions.calibrated', {
          complete: formatInteger(behaviour.complete),
          stations: formatInteger(behaviour.stations),
          rest: statedInWords(t, behaviour.rest),
        })
      : statedInWords(t, behaviour.kind);
  return behaviour.buffers === undefined
    ? base
    : t('twin:assumptions.withBuffers', { base, n: formatInteger(behaviour.buffers) });
}

/** A run's behaviour in data: as the server stated it, or read back from an old run's English. */
const behaviourOf = (report: AssumptionsOf): AssumedBehaviour | undefined =>
  report.assumed?.behaviour ?? behaviourFromEnglish(report.assumptions);

/** How a run assumed the stations behave. */
export function assumptionsInWords(t: TFunction, report: AssumptionsOf): string {
  const behaviour = behaviourOf(report);
  return behaviour ? behaviourInWords(t, behaviour) : report.assumptions;
}

/** Whether a run leans on the uncalibrated placeholders, wholly or for the stations not measured. */
export function restsOnPlaceholders(report: AssumptionsOf): boolean {
  const behaviour = behaviourOf(report);
  if (!behaviour) return report.assumptions.includes('uncalibrated');
  return (behaviour.kind === 'calibrated' ? behaviour.rest : behaviour.kind) === 'uncalibrated';
}

/** "components never short", or how each line's stock is reviewed and replenished. */
export function supplyAssumedInWords(t: TFunction, supply: SupplyAssumption | null): string {
  if (!supply) return t('twin:supply.neverShort');
  return t('twin:supply.reviewed', {
    review: formatInteger(supply.reviewDays),
    stock: formatInteger(supply.stockDays),
    lead: formatInteger(supply.leadTimeDays),
  });
}

/** How components reached a run's lines; runs made before supply was simulated have none. */
export function supplyInWords(
  t: TFunction,
  report: Pick<ScenarioReport, 'supply' | 'assumed'> | undefined,
): string {
  if (report?.assumed) return supplyAssumedInWords(t, report.assumed.supply);
  if (report?.supply === undefined) return t('twin:supply.asAssumed');
  const supply = supplyFromEnglish(report.supply);
  return supply === undefined ? report.supply : supplyAssumedInWords(t, supply);
}

const numberParam = (note: Unfitted, name: string): number | undefined => {
  const value = note.params[name];
  return typeof value === 'number' ? value : undefined;
};

/**
 * Why a station's calibration could not measure a quantity, in the table's words: "Between
 * stops: not enough data (4 observations, need 10)". A code this page does not know (a newer
 * server) keeps the server's English after the quantity's name.
 */
export function noteInWords(t: TFunction, note: Unfitted): string {
  if (note.quantity === 'rejectRate' && note.code === 'no_parts_counted') {
    return t('twin:note.noParts');
  }
  if (note.quantity === 'cycleCv' && note.code === 'too_few_counted_reports') {
    return t('twin:note.cycleCv');
  }
  if (!isQuantity(note.quantity)) {
    return `${note.text.charAt(0).toUpperCase()}${note.text.slice(1)}`;
  }
  const quantity = quantityLabel(t, note.quantity);
  const observations = numberParam(note, 'observations');
  const minimum = numberParam(note, 'minimum');
  if (note.code === 'not_enough_data' && observations !== undefined && minimum !== undefined) {
    return t('twin:note.notEnough', {
      count: observations,
      quantity,
      n: formatInteger(observations),
      need: formatInteger(minimum),
    });
  }
  const size = numberParam(note, 'size');
  const value = note.params.value;
  if (note.code === 'fit_sample_without_spread' && size !== undefined) {
    const minutes = Number(value);
    return t('twin:note.allEqual', {
      quantity,
      n: formatInteger(size),
      value: Number.isFinite(minutes) ? formatDuration(minutes) : String(value ?? ''),
    });
  }
  // The server's English is "<quantity>: <detail>".
  const detail = note.text.replace(/^[^:]*:\s*/, '');
  return t('twin:note.other', { quantity, detail });
}

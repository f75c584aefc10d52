// The twin's reports carry a few phrases the server composes in English: the stations'
// assumptions (src/modules/twin/scenario.ts, calibrated-assumptions.ts), the component supply
// (plant-model.ts describeSupply) and why a station could not be calibrated (calibration.ts).
// Their shapes are few and fixed, so they are read back here and said in the reader's
// language; a phrase of an unknown shape (a newer server) is shown as the server wrote it.
// Pure: the words come from the `t` it is given.
import type { TFunction } from 'i18next';
import { formatInteger } from '../../format';
import { formatDuration, isQuantity, quantityLabel } from './calibration';

const CALIBRATED = /^calibrated from machine data \((\d+) of (\d+) stations; the rest: (.+)\)$/;
const WITH_BUFFERS = /^(.+), buffers of (\d+)$/;

/** How the stations were assumed to behave: "uncalibrated defaults", "rated", "calibrated from…". */
export function assumptionsInWords(t: TFunction, assumptions: string): string {
  if (assumptions === 'rated') return t('twin:assumptions.rated');
  if (assumptions === 'uncalibrated defaults') return t('twin:assumptions.uncalibrated');
  const buffered = WITH_BUFFERS.exec(assumptions);
  if (buffered) {
    return t('twin:assumptions.withBuffers', {
      base: assumptionsInWords(t, buffered[1] ?? ''),
      n: formatInteger(Number(buffered[2])),
    });
  }
  const calibrated = CALIBRATED.exec(assumptions);
  if (calibrated) {
    return t('twin:assumptions.calibrated', {
      complete: formatInteger(Number(calibrated[1])),
      stations: formatInteger(Number(calibrated[2])),
      rest: assumptionsInWords(t, calibrated[3] ?? ''),
    });
  }
  return assumptions;
}

const REVIEWED =
  /^components: each line's stock reviewed every (\d+) days and ordered up to (\d+) days of its rated use, delivered (\d+) days after the order$/;

/** How components reach the lines; runs made before supply was simulated have none. */
export function supplyInWords(t: TFunction, supply: string | undefined): string {
  if (supply === undefined) return t('twin:supply.asAssumed');
  if (supply === 'components never short') return t('twin:supply.neverShort');
  const reviewed = REVIEWED.exec(supply);
  if (reviewed) {
    return t('twin:supply.reviewed', {
      review: formatInteger(Number(reviewed[1])),
      stock: formatInteger(Number(reviewed[2])),
      lead: formatInteger(Number(reviewed[3])),
    });
  }
  return supply;
}

const NOT_ENOUGH = /^not enough data \((\d+) observations?, need (\d+)\)$/;
const ALL_EQUAL =
  /^all (\d+) durations are equal \(([^)]*)\)(?:: no distribution with spread fits)?$/;

/**
 * A note of the server's in the table's words: "uptime: not enough data (4 observations, need
 * 10)" → "Between stops: not enough data (4 observations, need 10)".
 */
export function noteInWords(t: TFunction, note: string): string {
  if (note === 'reject rate: not enough data (no parts counted)') return t('twin:note.noParts');
  if (note === 'cycle CV: too few reports with their units counted') return t('twin:note.cycleCv');
  const match = /^(\w+): (.*)$/.exec(note);
  const what = match?.[1] ?? null;
  if (!match || !isQuantity(what)) return `${note.charAt(0).toUpperCase()}${note.slice(1)}`;
  const quantity = quantityLabel(t, what);
  const detail = match[2] ?? '';
  const short = NOT_ENOUGH.exec(detail);
  if (short) {
    const n = Number(short[1]);
    return t('twin:note.notEnough', {
      count: n,
      quantity,
      n: formatInteger(n),
      need: formatInteger(Number(short[2])),
    });
  }
  const equal = ALL_EQUAL.exec(detail);
  if (equal) {
    const minutes = Number(equal[2]);
    return t('twin:note.allEqual', {
      quantity,
      n: formatInteger(Number(equal[1])),
      value: Number.isFinite(minutes) ? formatDuration(minutes) : (equal[2] ?? ''),
    });
  }
  return t('twin:note.other', { quantity, detail });
}

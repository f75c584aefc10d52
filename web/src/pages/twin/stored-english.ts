// Runs kept before the server stated their assumptions in data (`report.assumed`) carry them only
// in the English it wrote then: "calibrated from machine data (3 of 28 stations; the rest:
// uncalibrated defaults), buffers of 4000", "components: each line's stock reviewed every 7 days
// …". They cannot be worked out again from the run's input (the calibration's counts were not
// kept, and the placeholders may have changed since), so this reads that English back into the
// same data, for those old runs only. The server's phrases were few and fixed
// (src/modules/twin/assumed.ts makes them from the data now); a phrase of any other shape reads
// as undefined, and the page shows it as written. Pure.
import type { AssumedBehaviour, StatedBehaviour, SupplyAssumption } from '../../api/twin';

const STATED: Readonly<Record<string, StatedBehaviour>> = {
  rated: 'rated',
  'uncalibrated defaults': 'uncalibrated',
};

const WITH_BUFFERS = /^(.+), buffers of (\d+)$/;
const CALIBRATED = /^calibrated from machine data \((\d+) of (\d+) stations; the rest: (.+)\)$/;

/** How the stations were assumed to behave, from the English of an old run's `assumptions`. */
export function behaviourFromEnglish(text: string): AssumedBehaviour | undefined {
  const buffered = WITH_BUFFERS.exec(text);
  if (buffered) {
    const base = behaviourFromEnglish(buffered[1] ?? '');
    return base && base.buffers === undefined
      ? { ...base, buffers: Number(buffered[2]) }
      : undefined;
  }
  const stated = STATED[text];
  if (stated) return { kind: stated };
  const calibrated = CALIBRATED.exec(text);
  const rest = STATED[calibrated?.[3] ?? ''];
  if (!calibrated || !rest) return undefined;
  return {
    kind: 'calibrated',
    complete: Number(calibrated[1]),
    stations: Number(calibrated[2]),
    rest,
  };
}

const REVIEWED =
  /^components: each line's stock reviewed every (\d+) days and ordered up to (\d+) days of its rated use, delivered (\d+) days after the order$/;

/** How components reached the lines, from an old run's `supply`: null for never short, undefined when unknown. */
export function supplyFromEnglish(text: string): SupplyAssumption | null | undefined {
  if (text === 'components never short') return null;
  const reviewed = REVIEWED.exec(text);
  if (!reviewed) return undefined;
  return {
    reviewDays: Number(reviewed[1]),
    stockDays: Number(reviewed[2]),
    leadTimeDays: Number(reviewed[3]),
  };
}

// Rated capacity: plantCapacity walks every day of the year for every line.
// Its baseline is the irreducible part of that walk — a loop over the 365 days
// of the year that makes each day's date and weekday and nothing else — so the
// ratio tells how much the calendar rules cost on top of the day loop. The
// 40-line plant must cost about ten times the 4-line one (time per line flat).
import { stringify } from 'yaml';
import { plantCapacity } from '../src/modules/plant/index.js';
import { result, round, timePair } from './lib/measure.js';
import { generatePlant } from './lib/plant-generator.js';
import { checkedPlant, referencePlantText, type Suite } from './lib/suite.js';

const YEAR = 2027;
const DAY_MS = 86_400_000;

/** The day loop alone: each day's ISO date and weekday, summed so it is not optimised away. */
function dayLoop(year: number): number {
  let sum = 0;
  const end = Date.UTC(year, 11, 31);
  for (let t = Date.UTC(year, 0, 1); t <= end; t += DAY_MS) {
    const date = new Date(t);
    sum += date.toISOString().length + date.getUTCDay();
  }
  return sum;
}

export const suite: Suite = {
  name: 'plant.capacity',
  async run(emit) {
    const reference = checkedPlant(referencePlantText());
    const lineCount = reference.lines.length;
    const timing = await timePair(
      () => plantCapacity(reference, YEAR),
      () => dayLoop(YEAR),
    );
    emit(
      result({
        bench: 'plant.capacity.reference',
        unit: 'ms/op',
        value: timing.subject.msPerOp,
        baseline: `a loop over the 365 days of ${YEAR} making each date and weekday`,
        baselineValue: timing.baseline.msPerOp,
        target: { max: 25 },
        detail: {
          lines: lineCount,
          ratioPerLine: round(timing.subject.msPerOp / lineCount / timing.baseline.msPerOp),
        },
      }),
    );

    const small = checkedPlant(stringify(generatePlant(1)));
    const large = checkedPlant(stringify(generatePlant(10)));
    const scaling = await timePair(
      () => plantCapacity(large, YEAR),
      () => plantCapacity(small, YEAR),
    );
    emit(
      result({
        bench: 'plant.capacity.scaling',
        unit: 'ms/line',
        value: scaling.subject.msPerOp / large.lines.length,
        baseline: `plantCapacity of a ${small.lines.length}-line plant, per line`,
        baselineValue: scaling.baseline.msPerOp / small.lines.length,
        target: { max: 1.6 },
        detail: {
          subject: `plantCapacity of a ${large.lines.length}-line plant, per line`,
          largeMsPerOp: round(scaling.subject.msPerOp),
        },
      }),
    );
  },
};

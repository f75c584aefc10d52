// Reading a plant file: YAML parse + schema + cross-checks, against the YAML
// parse of the same text alone; and how the time per entity grows from a
// 4-line to a 40-line plant (it must stay flat: an accidental O(n²) check
// among hundreds of materials or locations would show as a ratio near 10).
// The YAML parse is most of readPlantText, so the validation step (schema +
// cross-checks on the parsed document) is also timed on its own, where a
// regression in it cannot hide behind the parser.
import { parse, stringify } from 'yaml';
import { readPlantText, validatePlant } from '../src/modules/plant/index.js';
// Not on the module's boundary (index.ts) yet; the benchmark needs it alone.
import { result, round, timePair } from './lib/measure.js';
import { countEntities, generatePlant } from './lib/plant-generator.js';
import { checkedPlant, referencePlantText, type Suite } from './lib/suite.js';

export const suite: Suite = {
  name: 'plant.read',
  async run(emit) {
    const text = referencePlantText();
    checkedPlant(text);
    const reference = await timePair(
      () => readPlantText(text),
      () => parse(text),
    );
    emit(
      result({
        bench: 'plant.read.reference',
        unit: 'ms/op',
        value: reference.subject.msPerOp,
        baseline: 'yaml.parse of the same text',
        baselineValue: reference.baseline.msPerOp,
        target: { max: 1.5 },
      }),
    );

    const document: unknown = parse(text);
    const validation = await timePair(
      () => validatePlant(document),
      () => structuredClone(document),
    );
    emit(
      result({
        bench: 'plant.validate.reference',
        unit: 'ms/op',
        value: validation.subject.msPerOp,
        baseline: 'structuredClone of the same parsed document',
        baselineValue: validation.baseline.msPerOp,
        target: { max: 5 },
        detail: { subject: 'validatePlant (schema + cross-checks) of the parsed reference plant' },
      }),
    );

    const smallText = stringify(generatePlant(1));
    const largeText = stringify(generatePlant(10));
    checkedPlant(smallText);
    checkedPlant(largeText);
    const small: unknown = parse(smallText);
    const large: unknown = parse(largeText);
    const smallEntities = countEntities(small);
    const largeEntities = countEntities(large);
    const scaling = await timePair(
      () => readPlantText(largeText),
      () => readPlantText(smallText),
      { rounds: 7, roundMs: 200 },
    );
    const largePerEntity = (scaling.subject.msPerOp / largeEntities) * 1000;
    const smallPerEntity = (scaling.baseline.msPerOp / smallEntities) * 1000;
    emit(
      result({
        bench: 'plant.read.scaling',
        unit: 'µs/entity',
        value: largePerEntity,
        baseline: `readPlantText of a 4-line plant (${smallEntities} entities), per entity`,
        baselineValue: smallPerEntity,
        target: { max: 1.6 },
        detail: {
          subject: `readPlantText of a 40-line plant (${largeEntities} entities), per entity`,
          largeMsPerOp: round(scaling.subject.msPerOp),
        },
      }),
    );

    const validationScaling = await timePair(
      () => validatePlant(large),
      () => validatePlant(small),
      { rounds: 11 },
    );
    emit(
      result({
        bench: 'plant.validate.scaling',
        unit: 'µs/entity',
        value: (validationScaling.subject.msPerOp / largeEntities) * 1000,
        baseline: `validatePlant of the parsed 4-line plant (${smallEntities} entities), per entity`,
        baselineValue: (validationScaling.baseline.msPerOp / smallEntities) * 1000,
        target: { max: 2.5 },
        detail: {
          subject: `validatePlant of the parsed 40-line plant (${largeEntities} entities), per entity`,
          largeMsPerOp: round(validationScaling.subject.msPerOp),
        },
      }),
    );
  },
};

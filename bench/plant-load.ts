// Loading a plant into the store: the first load of the reference plant into
// an empty database (projection into every table and a revision) against
// loading the same, unchanged plant again, which must be a cheap no-op (one
// read of the current revision, validation and a content hash; no writes).
import { loadPlant } from '../src/modules/plant/index.js';
import { result, timeEach, timeOps } from './lib/measure.js';
import { emptyStore } from './lib/store.js';
import { checkedPlant, referencePlantText, type Suite } from './lib/suite.js';

export const suite: Suite = {
  name: 'plant.load',
  async run(emit) {
    const plant = checkedPlant(referencePlantText());
    const meta = { source: 'bench' };
    // The first load's code paths warm up on a throw-away store.
    const warm = await emptyStore();
    await loadPlant(warm.db, plant, meta);
    await warm.close();

    const first = await timeEach(
      7,
      emptyStore,
      (store) => loadPlant(store.db, plant, meta),
      (store) => store.close(),
    );

    const store = await emptyStore();
    try {
      await loadPlant(store.db, plant, meta);
      const again = await timeOps(async () => {
        const change = await loadPlant(store.db, plant, meta);
        if (change.changed) throw new Error('loading the same plant again changed it');
      });
      emit(
        result({
          bench: 'plant.load.unchanged',
          unit: 'ms/op',
          value: again.msPerOp,
          baseline: 'first load of the same plant into an empty store',
          baselineValue: first.msPerOp,
          target: { max: 0.25 },
        }),
      );
    } finally {
      await store.close();
    }
  },
};

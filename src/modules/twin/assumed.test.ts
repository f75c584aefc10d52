// What a run assumed, said in English from its data: the words stored runs and API clients
// have always read, so a client that words the data itself says the same thing.
import { describe, expect, it } from 'vitest';
import { behaviourInEnglish, supplyInEnglish } from './assumed.js';

describe('what a run assumed, in English', () => {
  it('says how the stations were assumed to behave', () => {
    expect(behaviourInEnglish({ kind: 'rated' })).toBe('rated');
    expect(behaviourInEnglish({ kind: 'uncalibrated' })).toBe('uncalibrated defaults');
    expect(behaviourInEnglish({ kind: 'uncalibrated', buffers: 4000 })).toBe(
      'uncalibrated defaults, buffers of 4000',
    );
    expect(
      behaviourInEnglish({
        kind: 'calibrated',
        complete: 3,
        stations: 28,
        rest: 'uncalibrated',
        buffers: 4000,
      }),
    ).toBe(
      'calibrated from machine data (3 of 28 stations; the rest: uncalibrated defaults), buffers of 4000',
    );
  });

  it('says how components reach the lines', () => {
    expect(supplyInEnglish(null)).toBe('components never short');
    expect(supplyInEnglish({ reviewDays: 7, stockDays: 14, leadTimeDays: 3 })).toBe(
      "components: each line's stock reviewed every 7 days and ordered up to 14 days of its rated use, delivered 3 days after the order",
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { ScenarioReport, Unfitted } from '../../api/twin';
import { inLanguage } from './in-language';
import { assumptionsInWords, noteInWords, restsOnPlaceholders, supplyInWords } from './server-text';

type Stated = Pick<ScenarioReport, 'assumptions' | 'supply' | 'assumed'>;

// The English the server has always written (src/modules/twin/assumed.ts), which runs kept
// before `assumed` have alone.
const CALIBRATED_EN =
  'calibrated from machine data (3 of 28 stations; the rest: uncalibrated defaults), buffers of 4000';
const REVIEWED_EN =
  "components: each line's stock reviewed every 7 days and ordered up to 14 days of its rated use, delivered 3 days after the order";

const calibrated: Stated = {
  assumptions: CALIBRATED_EN,
  supply: REVIEWED_EN,
  assumed: {
    behaviour: {
      kind: 'calibrated',
      complete: 3,
      stations: 28,
      rest: 'uncalibrated',
      buffers: 4000,
    },
    supply: { reviewDays: 7, stockDays: 14, leadTimeDays: 3 },
  },
};
/** The same run as kept before the server stated its assumptions in data. */
const { assumed: _, ...keptBefore } = calibrated;
const rated: Stated = {
  assumptions: 'rated',
  supply: 'components never short',
  assumed: { behaviour: { kind: 'rated' }, supply: null },
};

describe('what a run assumed, in the reader’s language', () => {
  it('words the assumptions from the server’s data', async () => {
    await inLanguage('en', (t) => {
      expect(assumptionsInWords(t, rated)).toBe('rated');
      expect(
        assumptionsInWords(t, {
          assumptions: 'uncalibrated defaults',
          assumed: { behaviour: { kind: 'uncalibrated' }, supply: null },
        }),
      ).toBe('uncalibrated defaults');
      expect(assumptionsInWords(t, calibrated)).toBe(
        'calibrated from machine data (3 of 28 stations; the rest: uncalibrated defaults), buffers of 4,000',
      );
    });
    await inLanguage('es', (t) => {
      expect(assumptionsInWords(t, rated)).toBe('nominal');
      expect(assumptionsInWords(t, calibrated)).toBe(
        'calibrado con datos de máquina (3 de 28 estaciones; el resto: valores por defecto sin calibrar), pulmones de 4.000',
      );
      // The data is what is worded, not the English beside it.
      expect(
        assumptionsInWords(t, {
          assumptions: 'whatever the server said',
          assumed: { behaviour: { kind: 'uncalibrated' }, supply: null },
        }),
      ).toBe('valores por defecto sin calibrar');
    });
  });

  it('words a run kept with only the English as one with the data', async () => {
    await inLanguage('es', (t) => {
      expect(assumptionsInWords(t, keptBefore)).toBe(assumptionsInWords(t, calibrated));
      expect(assumptionsInWords(t, { assumptions: 'rated' })).toBe('nominal');
      expect(supplyInWords(t, keptBefore)).toBe(supplyInWords(t, calibrated));
      expect(supplyInWords(t, { supply: 'components never short' })).toBe(
        'componentes nunca escasos',
      );
      // A phrase of a shape this page does not know is shown as the server wrote it.
      expect(assumptionsInWords(t, { assumptions: 'measured by hand' })).toBe('measured by hand');
      expect(
        assumptionsInWords(t, {
          assumptions: 'calibrated from machine data (3 of 28 stations; the rest: guesses)',
        }),
      ).toBe('calibrated from machine data (3 of 28 stations; the rest: guesses)');
      expect(supplyInWords(t, { supply: 'components by drone' })).toBe('components by drone');
    });
  });

  it('tells the runs that lean on the uncalibrated placeholders', () => {
    expect(restsOnPlaceholders(calibrated)).toBe(true);
    expect(restsOnPlaceholders(keptBefore)).toBe(true);
    expect(restsOnPlaceholders(rated)).toBe(false);
    expect(restsOnPlaceholders({ assumptions: 'rated, buffers of 10' })).toBe(false);
    expect(
      restsOnPlaceholders({
        assumptions: 'calibrated …',
        assumed: {
          behaviour: { kind: 'calibrated', complete: 28, stations: 28, rest: 'rated' },
          supply: null,
        },
      }),
    ).toBe(false);
  });

  it('says how components reach the lines', async () => {
    await inLanguage('en', (t) => {
      expect(supplyInWords(t, calibrated)).toBe(
        'components: each line’s stock reviewed every 7 days and ordered up to 14 days of its rated use, delivered 3 days after the order',
      );
      // Runs made before supply was simulated say nothing of it.
      expect(supplyInWords(t, {})).toBe('components as assumed');
      expect(supplyInWords(t, undefined)).toBe('components as assumed');
    });
    await inLanguage('es', (t) => {
      expect(supplyInWords(t, rated)).toBe('componentes nunca escasos');
      expect(supplyInWords(t, calibrated)).toContain('cada 7 días');
    });
  });
});

const note = (
  quantity: Unfitted['quantity'],
  code: string,
  params: Unfitted['params'],
  text: string,
): Unfitted => ({ quantity, code, params, text });
const notEnough = (quantity: Unfitted['quantity'], observations: number) =>
  note(
    quantity,
    'not_enough_data',
    { observations, minimum: 10 },
    `${quantity}: not enough data (…)`,
  );

describe('why a station could not be calibrated, in the table’s words', () => {
  it('words each reason from its code and numbers', async () => {
    await inLanguage('en', (t) => {
      expect(noteInWords(t, notEnough('uptime', 4))).toBe(
        'Between stops: not enough data (4 observations, need 10)',
      );
      expect(noteInWords(t, notEnough('cycle', 1))).toBe(
        'Cycle time: not enough data (1 observation, need 10)',
      );
      expect(
        noteInWords(
          t,
          note(
            'repair',
            'fit_sample_without_spread',
            { size: 12, value: '0.5' },
            'repair: all 12 durations are equal (0.5): no distribution with spread fits',
          ),
        ),
      ).toBe('Stop length: all 12 durations are equal (30 s): no distribution with spread fits');
      expect(
        noteInWords(
          t,
          note('rejectRate', 'no_parts_counted', {}, 'reject rate: not enough data (…)'),
        ),
      ).toBe('Reject rate: not enough data (no parts counted)');
      // A code this page does not know keeps the server's English after the quantity's name.
      expect(noteInWords(t, note('uptime', 'something_new', {}, 'uptime: something new'))).toBe(
        'Between stops: something new',
      );
      expect(noteInWords(t, note('cycleCv', 'odd', {}, 'cycle CV: odd'))).toBe('Cycle CV: odd');
    });
    await inLanguage('es', (t) => {
      expect(noteInWords(t, notEnough('uptime', 4))).toBe(
        'Entre paradas: no hay suficientes datos (4 observaciones, se necesitan 10)',
      );
      expect(
        noteInWords(t, note('cycleCv', 'too_few_counted_reports', {}, 'cycle CV: too few …')),
      ).toBe('CV del ciclo: muy pocos reportes con sus unidades contadas');
    });
  });
});

import { describe, expect, it } from 'vitest';
import { inLanguage } from './in-language';
import { assumptionsInWords, noteInWords, supplyInWords } from './server-text';

describe('the server’s phrases in the reader’s language', () => {
  it('keeps the English of the assumptions, and says them in Spanish', async () => {
    const calibrated =
      'calibrated from machine data (3 of 28 stations; the rest: uncalibrated defaults), buffers of 4000';
    await inLanguage('en', (t) => {
      expect(assumptionsInWords(t, 'rated')).toBe('rated');
      expect(assumptionsInWords(t, 'uncalibrated defaults')).toBe('uncalibrated defaults');
      expect(assumptionsInWords(t, calibrated)).toBe(
        'calibrated from machine data (3 of 28 stations; the rest: uncalibrated defaults), buffers of 4,000',
      );
    });
    await inLanguage('es', (t) => {
      expect(assumptionsInWords(t, 'rated')).toBe('nominal');
      expect(assumptionsInWords(t, calibrated)).toBe(
        'calibrado con datos de máquina (3 de 28 estaciones; el resto: valores por defecto sin calibrar), pulmones de 4.000',
      );
      // A phrase of a shape this page does not know is shown as the server wrote it.
      expect(assumptionsInWords(t, 'measured by hand')).toBe('measured by hand');
    });
  });

  it('says how components reach the lines', async () => {
    const reviewed =
      "components: each line's stock reviewed every 7 days and ordered up to 14 days of its rated use, delivered 3 days after the order";
    await inLanguage('en', (t) => {
      expect(supplyInWords(t, reviewed)).toBe(
        'components: each line’s stock reviewed every 7 days and ordered up to 14 days of its rated use, delivered 3 days after the order',
      );
      expect(supplyInWords(t, undefined)).toBe('components as assumed');
    });
    await inLanguage('es', (t) => {
      expect(supplyInWords(t, 'components never short')).toBe('componentes nunca escasos');
      expect(supplyInWords(t, reviewed)).toContain('cada 7 días');
    });
  });

  it('puts the calibration’s notes in the table’s words', async () => {
    await inLanguage('en', (t) => {
      expect(noteInWords(t, 'uptime: not enough data (4 observations, need 10)')).toBe(
        'Between stops: not enough data (4 observations, need 10)',
      );
      expect(noteInWords(t, 'cycle: not enough data (1 observation, need 10)')).toBe(
        'Cycle time: not enough data (1 observation, need 10)',
      );
      expect(
        noteInWords(
          t,
          'repair: all 12 durations are equal (0.5): no distribution with spread fits',
        ),
      ).toBe('Stop length: all 12 durations are equal (30 s): no distribution with spread fits');
      expect(noteInWords(t, 'reject rate: not enough data (no parts counted)')).toBe(
        'Reject rate: not enough data (no parts counted)',
      );
      expect(noteInWords(t, 'uptime: something new')).toBe('Between stops: something new');
      expect(noteInWords(t, 'something else')).toBe('Something else');
    });
    await inLanguage('es', (t) => {
      expect(noteInWords(t, 'uptime: not enough data (4 observations, need 10)')).toBe(
        'Entre paradas: no hay suficientes datos (4 observaciones, se necesitan 10)',
      );
      expect(noteInWords(t, 'cycle CV: too few reports with their units counted')).toBe(
        'CV del ciclo: muy pocos reportes con sus unidades contadas',
      );
    });
  });
});

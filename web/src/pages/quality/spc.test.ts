import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { alarmMessage, alarmWords, chartTitles, ruleWords, WINDOW_HOURS, windowLabel } from './spc';

// Worded in the language in use; English unless a test says otherwise.
beforeEach(async () => {
  await i18n.changeLanguage('en');
});

describe('an SPC alarm in words', () => {
  // The server's words (src/modules/quality/run-rules.ts), for every Nelson rule.
  const cases = [
    [
      { rule: 'N1', direction: 'above', run: 1 },
      'Point above the upper control limit (Nelson rule 1)',
    ],
    [
      { rule: 'N1', direction: 'below', run: 1 },
      'Point below the lower control limit (Nelson rule 1)',
    ],
    [
      { rule: 'N2', direction: 'below', run: 11 },
      '11 points in a row below the centre line (Nelson rule 2)',
    ],
    [
      { rule: 'N3', direction: 'increasing', run: 6 },
      '6 points in a row steadily increasing (Nelson rule 3)',
    ],
    [{ rule: 'N4', run: 14 }, '14 points in a row alternating up and down (Nelson rule 4)'],
    [
      { rule: 'N5', direction: 'above', run: 3 },
      '2 of 3 points in a row more than 2σ above the centre line (Nelson rule 5)',
    ],
    [
      { rule: 'N6', direction: 'below', run: 5 },
      '4 of 5 points in a row more than 1σ below the centre line (Nelson rule 6)',
    ],
    [{ rule: 'N7', run: 15 }, '15 points in a row within 1σ of the centre line (Nelson rule 7)'],
    [
      { rule: 'N8', run: 8 },
      '8 points in a row more than 1σ from the centre line on both sides, none within 1σ (Nelson rule 8)',
    ],
  ] as const;

  it('says in English what the server says, from the alarm’s rule, direction and run', () => {
    for (const [alarm, words] of cases) {
      expect(alarmWords({ ...alarm, message: 'the server’s words' })).toEqual({ text: words });
    }
  });

  it('says it in Spanish, the run in the locale’s digits and its plural', async () => {
    await i18n.changeLanguage('es');
    const es = (alarm: Parameters<typeof alarmMessage>[0]) => alarmMessage(alarm);
    expect(es({ rule: 'N1', direction: 'below', run: 1, message: '' })).toBe(
      'Punto por debajo del límite de control inferior (regla de Nelson 1)',
    );
    expect(es({ rule: 'N2', direction: 'above', run: 9, message: '' })).toBe(
      '9 puntos seguidos por encima de la línea central (regla de Nelson 2)',
    );
    expect(es({ rule: 'N3', direction: 'decreasing', run: 1200, message: '' })).toBe(
      '1.200 puntos seguidos en descenso constante (regla de Nelson 3)',
    );
    expect(es({ rule: 'N7', run: 15_000, message: '' })).toBe(
      '15.000 puntos seguidos dentro de 1σ de la línea central (regla de Nelson 7)',
    );
    // CLDR's `many` form for a million and more: "1.000.000 de puntos".
    expect(es({ rule: 'N4', run: 1_000_000, message: '' })).toBe(
      '1.000.000 de puntos seguidos alternando arriba y abajo (regla de Nelson 4)',
    );
    expect(es({ rule: 'N6', direction: 'above', run: 5, message: '' })).toBe(
      '4 de 5 puntos seguidos a más de 1σ por encima de la línea central (regla de Nelson 6)',
    );
  });

  it('takes the English plural from the run', () => {
    expect(alarmMessage({ rule: 'N8', run: 1, message: '' })).toBe(
      '1 point more than 1σ from the centre line, none within 1σ (Nelson rule 8)',
    );
    expect(alarmMessage({ rule: 'N2', direction: 'above', run: 12_345, message: '' })).toBe(
      '12,345 points in a row above the centre line (Nelson rule 2)',
    );
  });

  it('keeps the server’s English, marked, for an alarm stored without its run', async () => {
    await i18n.changeLanguage('es');
    const stored = {
      rule: 'N2' as const,
      message: '9 points in a row above the centre line (Nelson rule 2)',
    };
    expect(alarmWords(stored)).toEqual({ text: stored.message, lang: 'en' });
    // A rule that has a direction, without one: no words but the server's.
    expect(alarmWords({ rule: 'N1', run: 1, message: 'beyond' })).toEqual({
      text: 'beyond',
      lang: 'en',
    });
  });
});

describe('the SPC page’s words', () => {
  it('names the charts, the rules and the windows in the language in use', async () => {
    expect(chartTitles('xbar-r', 'mm')).toEqual({
      primary: 'X̄ — subgroup means (mm)',
      secondary: 'R — subgroup ranges (mm)',
    });
    expect(chartTitles('p', null)).toEqual({
      primary: 'p — fraction nonconforming',
      secondary: '',
    });
    expect(ruleWords('N1')).toBe('beyond 3σ');
    expect(WINDOW_HOURS.map(windowLabel)).toEqual([
      'Last hour',
      'Last 8 hours (a shift)',
      'Last 24 hours',
      'Last 7 days',
      'Last 31 days',
    ]);
    await i18n.changeLanguage('es');
    expect(chartTitles('i-mr', 'm/s').secondary).toBe('MR — rangos móviles (m/s)');
    expect(ruleWords('N1')).toBe('más allá de 3σ');
    expect(windowLabel(8)).toBe('Últimas 8 horas (un turno)');
  });
});

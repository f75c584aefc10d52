import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { alarmMessage, chartTitles, ruleWords, WINDOW_HOURS, windowLabel } from './spc';

// Worded in the language in use; English unless a test says otherwise.
beforeEach(async () => {
  await i18n.changeLanguage('en');
});

describe('an SPC alarm in words', () => {
  it('says in English what the server says, from the alarm’s own direction and points', () => {
    // The server's words (src/modules/quality/run-rules.ts), for every Nelson rule.
    const cases = [
      [
        { rule: 'N1', direction: 'above', points: [4] },
        'Point above the upper control limit (Nelson rule 1)',
      ],
      [
        { rule: 'N1', direction: 'below', points: [4] },
        'Point below the lower control limit (Nelson rule 1)',
      ],
      [
        { rule: 'N2', direction: 'below', points: Array.from({ length: 11 }, (_, i) => i) },
        '11 points in a row below the centre line (Nelson rule 2)',
      ],
      [
        { rule: 'N3', direction: 'increasing', points: [1, 2, 3, 4, 5, 6] },
        '6 points in a row steadily increasing (Nelson rule 3)',
      ],
      [
        { rule: 'N4', points: Array.from({ length: 14 }, (_, i) => i) },
        '14 points in a row alternating up and down (Nelson rule 4)',
      ],
      [
        { rule: 'N5', direction: 'above', points: [1, 2, 3] },
        '2 of 3 points in a row more than 2σ above the centre line (Nelson rule 5)',
      ],
      [
        { rule: 'N6', direction: 'below', points: [1, 2, 3, 4, 5] },
        '4 of 5 points in a row more than 1σ below the centre line (Nelson rule 6)',
      ],
      [
        { rule: 'N7', points: Array.from({ length: 15 }, (_, i) => i) },
        '15 points in a row within 1σ of the centre line (Nelson rule 7)',
      ],
      [
        { rule: 'N8', points: Array.from({ length: 8 }, (_, i) => i) },
        '8 points in a row more than 1σ from the centre line on both sides, none within 1σ (Nelson rule 8)',
      ],
    ] as const;
    for (const [alarm, words] of cases) {
      expect(alarmMessage({ ...alarm, message: 'the server’s words' })).toBe(words);
    }
  });

  it('reads the direction and the run from the server’s message when the alarm does not carry them', async () => {
    const line = {
      rule: 'N2' as const,
      message: '9 points in a row above the centre line (Nelson rule 2)',
    };
    expect(alarmMessage(line)).toBe(line.message);
    await i18n.changeLanguage('es');
    expect(alarmMessage(line)).toBe(
      '9 puntos seguidos por encima de la línea central (regla de Nelson 2)',
    );
    expect(
      alarmMessage({ rule: 'N1', message: 'Point below the lower control limit (Nelson rule 1)' }),
    ).toBe('Punto por debajo del límite de control inferior (regla de Nelson 1)');
    expect(
      alarmMessage({
        rule: 'N3',
        message: '1200 points in a row steadily decreasing (Nelson rule 3)',
      }),
    ).toBe('1.200 puntos seguidos en descenso constante (regla de Nelson 3)');
  });

  it('keeps the server’s words when it cannot tell what the alarm says', async () => {
    await i18n.changeLanguage('es');
    expect(alarmMessage({ rule: 'N2', message: 'something new' })).toBe('something new');
    expect(alarmMessage({ rule: 'N4', message: 'alternating', points: [] })).toBe('alternating');
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

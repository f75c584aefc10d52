import { afterAll, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { evidenceNoteText, spcNoteText } from './spcNotes';

afterAll(async () => {
  await i18n.changeLanguage('en');
});

describe('an SPC note in words', () => {
  it('words a note in English and in Spanish, numbers in the language’s locale', async () => {
    const note = {
      code: 'other_products',
      params: { count: 1234, line: 'L3', product: 'C762-BLANK' },
      text: '1234 values measured while L3 made another product than C762-BLANK (or reported none) are left off',
    };
    await i18n.changeLanguage('en');
    expect(spcNoteText(note)).toEqual({
      text: '1,234 values measured while L3 made a product other than C762-BLANK (or reported none) are left off.',
    });
    await i18n.changeLanguage('es');
    expect(spcNoteText(note)).toEqual({
      text: '1.234 valores medidos mientras L3 fabricaba un producto distinto de C762-BLANK (o no informaba ninguno) quedan excluidos.',
    });
  });

  it('takes the plural form from the count', async () => {
    const dropped = (count: number) => ({
      code: 'incomplete_subgroup',
      params: { count, size: 5 },
      text: `the last ${count} values do not fill a subgroup of 5 and are left off`,
    });
    await i18n.changeLanguage('en');
    expect(spcNoteText(dropped(1)).text).toBe(
      'The last value does not fill a subgroup of 5 and is left off.',
    );
    expect(spcNoteText(dropped(3)).text).toBe(
      'The last 3 values do not fill a subgroup of 5 and are left off.',
    );
    await i18n.changeLanguage('es');
    expect(spcNoteText(dropped(1)).text).toBe(
      'El último valor no completa un subgrupo de 5 y queda excluido.',
    );
    expect(spcNoteText(dropped(3)).text).toBe(
      'Los últimos 3 valores no completan un subgrupo de 5 y quedan excluidos.',
    );
  });

  it('names a range test’s statistic in words, and limits as the locale writes numbers', async () => {
    await i18n.changeLanguage('es');
    expect(
      spcNoteText({
        code: 'statistic_not_given',
        params: { lot: 'VEL-LOT-1', inspection: 'IN-000001', statistic: 'sd' },
        text: 'VEL-LOT-1 (IN-000001): its rounds give no sd; left off',
      }).text,
    ).toBe(
      'VEL-LOT-1 (IN-000001) queda excluido: sus disparos no dan un valor de desviación estándar.',
    );
    expect(
      spcNoteText({
        code: 'no_capability_inverted_limits',
        params: { lsl: 55.9, usl: 55.6 },
        text: 'no capability: lsl (55.9) must be below usl (55.6)',
      }).text,
    ).toBe('Sin capacidad: el límite inferior (55,9) debe estar por debajo del superior (55,6).');
  });

  it('keeps the server’s English, marked as such, for a code it has no words for', async () => {
    await i18n.changeLanguage('es');
    expect(
      spcNoteText({ code: 'something_new', params: {}, text: 'something new happened' }),
    ).toEqual({ text: 'something new happened', lang: 'en' });
  });
});

describe('the note of a lot’s evidence in words', () => {
  const tooMany = {
    spcNote:
      'SPC alarms not read: the window holds more than 50,000 Gauge/OAL values of L1; ask for a shorter one',
    spcNoteMessage: {
      code: 'spc_alarms_not_read',
      params: { maxValues: 50_000, metric: 'Gauge/OAL', line: 'L1', cause: 'too_many_values' },
      text: 'SPC alarms not read: the window holds more than 50,000 Gauge/OAL values of L1; ask for a shorter one',
    },
  };

  it('words why the alarms were not read, its cause as the errors say it', async () => {
    await i18n.changeLanguage('en');
    expect(evidenceNoteText(tooMany)).toEqual({
      text: 'The SPC alarms could not be read: the window holds more than 50,000 Gauge/OAL values of L1; ask for a shorter one.',
    });
    await i18n.changeLanguage('es');
    expect(evidenceNoteText(tooMany)).toEqual({
      text: 'No se pudieron leer las alarmas CEP: la ventana contiene más de 50.000 valores de Gauge/OAL de L1; pida una más corta.',
    });
    expect(
      evidenceNoteText({
        spcNote: 'SPC alarms not read: connection reset',
        spcNoteMessage: {
          code: 'spc_alarms_not_read',
          params: { cause: 'unavailable' },
          text: 'SPC alarms not read: connection reset',
        },
      }),
    ).toEqual({
      text: 'No se pudieron leer las alarmas CEP: un servicio necesario no está disponible; inténtelo más tarde.',
    });
  });

  it('keeps the English of evidence stored before the note had a code, or of a cause it has no words for', async () => {
    await i18n.changeLanguage('es');
    expect(evidenceNoteText({ spcNote: 'SPC alarms not read: boom' })).toEqual({
      text: 'SPC alarms not read: boom',
      lang: 'en',
    });
    expect(
      evidenceNoteText({
        spcNote: 'SPC alarms not read: boom',
        spcNoteMessage: {
          code: 'spc_alarms_not_read',
          params: { cause: 'no_such_code' },
          text: 'SPC alarms not read: boom',
        },
      }),
    ).toEqual({ text: 'SPC alarms not read: boom', lang: 'en' });
    expect(evidenceNoteText({ spcNote: null, spcNoteMessage: null })).toBeUndefined();
    expect(evidenceNoteText({ spcNote: null })).toBeUndefined();
  });
});

// The report catalogues: the same messages in both languages, every plural
// form each language's rules choose, and numbers and dates in es-VE and en-US.
import { describe, expect, it } from 'vitest';
import { catalogueKeys, reportLanguage, reportText } from './i18n.js';

const PLURAL = /_(one|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');

describe('the report catalogues', () => {
  it('hold the same messages in Spanish and English', () => {
    const en = new Set(catalogueKeys('en').map(base));
    const es = new Set(catalogueKeys('es').map(base));
    expect([...es].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !es.has(k))).toEqual([]);
  });

  it('give every plural the forms of its language: one and other, and many in Spanish', () => {
    for (const language of ['es', 'en'] as const) {
      const keys = catalogueKeys(language);
      const plurals = new Set(keys.filter((k) => PLURAL.test(k)).map(base));
      const forms = language === 'es' ? ['one', 'many', 'other'] : ['one', 'other'];
      for (const plural of plurals) {
        for (const form of forms) expect(keys, language).toContain(`${plural}_${form}`);
      }
    }
  });

  it('choose the plural form by count', () => {
    const es = reportText('es');
    const values = { held: '2', onHand: '0', shipped: '0' };
    expect(es.t('recall.totals', { ...values, count: 1 })).toMatch(/a 1 cliente$/);
    expect(es.t('recall.totals', { ...values, count: 3 })).toMatch(/a 3 clientes$/);
    expect(es.t('recall.totals', { ...values, count: 1_000_000 })).toMatch(
      /a 1\.000\.000 de clientes$/,
    );
    expect(reportText('en').t('recall.totals', { ...values, count: 1 })).toMatch(/to 1 customer$/);
  });
});

describe('the formats of a language', () => {
  it('write numbers, percentages and minutes as es-VE and en-US do', () => {
    const es = reportText('es');
    const en = reportText('en');
    expect(es.integer(70_329_600)).toBe('70.329.600');
    expect(en.integer(70_329_600)).toBe('70,329,600');
    expect(es.quantity(5.648)).toBe('5,648');
    expect(es.percent(0.798148)).toBe('79,8%');
    expect(en.percent(0.798148)).toBe('79.8%');
    expect(es.percent(undefined)).toBe('—');
    expect(es.minutes(18 * 60_000)).toBe('18,0');
    expect(en.minutes(90_000)).toBe('1.5');
  });

  it('write dates in full and times in the plant’s zone', () => {
    const es = reportText('es', 'America/Caracas');
    const en = reportText('en', 'America/Caracas');
    expect(es.longDate('2027-03-15')).toBe('lunes, 15 de marzo de 2027');
    expect(en.longDate('2027-03-15')).toBe('Monday, March 15, 2027');
    expect(es.date('2027-03-15')).toBe('15 mar. 2027');
    // 18:00 UTC is 14:00 in Caracas.
    expect(es.time('2027-03-15T18:00:00Z')).toBe('2:00 p. m.');
    expect(en.time('2027-03-15T18:00:00Z')).toBe('2:00 PM');
  });

  it('translate enumerated values and units, leaving an unknown one as it is', () => {
    const es = reportText('es');
    expect(es.label('lotStatus', 'on_hold')).toBe('retenido');
    expect(es.label('workOrderState', 'running')).toBe('en ejecución');
    expect(es.label('lotStatus', 'melted')).toBe('melted');
    expect(es.unit('each')).toBe('unid.');
    expect(es.unit('bbl')).toBe('bbl');
  });
});

describe('the language of a report', () => {
  it('is the one asked for, else the reader’s, else Spanish', () => {
    expect(reportLanguage('en', 'es')).toBe('en');
    expect(reportLanguage(undefined, 'en')).toBe('en');
    expect(reportLanguage(undefined, 'fr')).toBe('es');
    expect(reportLanguage(undefined, undefined)).toBe('es');
  });
});

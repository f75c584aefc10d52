import { afterAll, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { actionDescription } from './actions';

afterAll(async () => {
  await i18n.changeLanguage('en');
});

describe('an audit action in words', () => {
  it('describes an action the server writes, in the language in use', async () => {
    await i18n.changeLanguage('en');
    expect(actionDescription('work_order.start')).toBe('Work order started');
    expect(actionDescription('lot.disposition.release')).toBe('Lot released by QA, signed');
    await i18n.changeLanguage('es');
    expect(actionDescription('work_order.start')).toBe('Orden de trabajo iniciada');
    expect(actionDescription('lot.disposition.release')).toBe(
      'Lote liberado por calidad, con firma',
    );
  });

  it('has no words for an unknown action, nor for the beginning of a code', async () => {
    await i18n.changeLanguage('en');
    expect(actionDescription('test.filler')).toBeUndefined();
    expect(actionDescription('lot.disposition')).toBeUndefined();
    expect(actionDescription('work_order')).toBeUndefined();
    expect(actionDescription('')).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanFinding } from '../../api/planning';
import { formatDateTime } from '../../format';
import { i18n } from '../../i18n';
import { findingText, referencesOf } from './findings';

// The unit tests share one module cache: the language is put back after.
let before = '';
beforeAll(() => {
  before = i18n.language;
});
afterAll(async () => {
  await i18n.changeLanguage(before);
});

const referenceOf = referencesOf({
  orders: [
    { id: 'id-1', reference: 'WO-000001' },
    { id: 'id-2', reference: 'C762-BALL 2026-06-15 #1' },
  ] as never,
});

const frozen: PlanFinding = {
  code: 'frozen_not_at_head',
  params: { line: 'L2', frozen: ['id-1', 'id-2'], found: ['id-2', 'gone'] },
  text: 'L2: the frozen orders id-1, id-2 are not at its head in order (found id-2, gone)',
};

describe('a plan finding in the reader’s words', () => {
  it('names orders by their reference and joins lists as the language does', async () => {
    await i18n.changeLanguage('en');
    expect(findingText(frozen, referenceOf)).toBe(
      'L2: the frozen orders WO-000001 and C762-BALL 2026-06-15 #1 are not at its head in that order (found C762-BALL 2026-06-15 #1 and gone)',
    );
    await i18n.changeLanguage('es');
    expect(findingText(frozen, referenceOf)).toBe(
      'L2: las órdenes congeladas WO-000001 y C762-BALL 2026-06-15 #1 no están al frente de la línea en ese orden (se encontró C762-BALL 2026-06-15 #1 y gone)',
    );
  });

  it('writes numbers and times in the language’s locale', async () => {
    await i18n.changeLanguage('es');
    const early: PlanFinding = {
      code: 'order_working_minutes_wrong',
      params: {
        order: 'id-1',
        line: 'L1',
        worked: 1234.5,
        start: '2026-06-15T10:00:00.000Z',
        end: '2026-06-16T10:00:00.000Z',
        needed: 1500,
      },
      text: 'id-1 on L1: 1234.5 working minutes between … , 1500 needed',
    };
    expect(findingText(early, referenceOf)).toBe(
      `WO-000001 en L1: 1.234,5 minutos de trabajo entre el ${formatDateTime('2026-06-15T10:00:00.000Z')} y el ${formatDateTime('2026-06-16T10:00:00.000Z')}; se necesitan 1.500`,
    );
    await i18n.changeLanguage('en');
    const held: PlanFinding = {
      code: 'order_on_hold',
      params: { reference: 'WO-000009' },
      text: 'WO-000009 is on hold',
    };
    expect(findingText(held)).toBe('WO-000009 is on hold');
  });

  it('shows the server’s English for a finding without a code, with an unknown code or lacking a value', async () => {
    await i18n.changeLanguage('es');
    expect(findingText({ code: null, params: {}, text: 'id-1 is planned twice' })).toBe(
      'id-1 is planned twice',
    );
    expect(findingText({ code: 'from_the_future', params: {}, text: 'something new' })).toBe(
      'something new',
    );
    expect(
      findingText({ code: 'order_on_hold', params: {}, text: 'WO-000009 is on hold' }, referenceOf),
    ).toBe('WO-000009 is on hold');
  });
});

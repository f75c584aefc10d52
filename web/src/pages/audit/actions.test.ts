import { afterAll, describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { actionDescription, knownActions } from './actions';

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

  it("offers every described action, whole codes only, as the filter's suggestions", () => {
    const actions = knownActions();
    // The server's list (src/core/audit/actions.ts) is held equal to the descriptions by its own test.
    expect(actions.length).toBeGreaterThan(50);
    expect(actions).toContain('work_order.start');
    expect(actions).toContain('lot.disposition.release');
    expect(actions).not.toContain('lot.disposition');
    expect(actions).toEqual([...actions].sort());
    for (const action of actions) expect(actionDescription(action)).toBeTruthy();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { SwitchingStep, SwitchingStream } from '../../api/quality';
import { i18n } from '../../i18n';
import { describeStream, nextSwitchInWords, stepInWords, switchingPath } from './streams';

const step = (over: Partial<SwitchingStep>): SwitchingStep => ({
  stream: 'product:C762-BALL:major',
  lot: 'L-1',
  at: '2026-03-01T10:00:00.000Z',
  accepted: true,
  severityBefore: 'normal',
  severityAfter: 'normal',
  reason: null,
  ignored: null,
  ...over,
});

// Worded in the language in use; English unless a test says otherwise.
beforeEach(async () => {
  await i18n.changeLanguage('en');
});

describe('sampling streams in words', () => {
  it('names a product’s stream and a supplier’s', () => {
    expect(describeStream('product:C762-BALL:critical')).toMatchObject({
      kind: 'product',
      material: 'C762-BALL',
      words: 'C762-BALL, critical defects',
    });
    expect(describeStream('incoming:SUP-PRIMERS:PRIMER-762:major')).toMatchObject({
      kind: 'supplier',
      supplier: 'SUP-PRIMERS',
      words: 'PRIMER-762 from SUP-PRIMERS, major defects',
    });
    expect(describeStream('incoming:*:PRIMER-762:minor').words).toBe(
      'PRIMER-762 from any supplier, minor defects',
    );
    expect(describeStream('odd').words).toBe('odd');
    expect(switchingPath('product:C762-BALL:major')).toBe(
      '/quality/switching/product%3AC762-BALL%3Amajor',
    );
  });

  it('says what each step did', () => {
    expect(stepInWords(step({}))).toBe('Accepted; stays on normal inspection.');
    expect(
      stepInWords(
        step({ accepted: false, severityBefore: 'tightened', severityAfter: 'tightened' }),
      ),
    ).toBe('Not accepted; stays on tightened inspection.');
    expect(
      stepInWords(
        step({
          accepted: false,
          severityAfter: 'tightened',
          reason: '2 of the last 3 consecutive lots on normal inspection were not accepted',
        }),
      ),
    ).toBe(
      'Switched from normal to tightened inspection: 2 of the last 3 consecutive lots on normal inspection were not accepted.',
    );
    expect(stepInWords(step({ ignored: 'a resubmitted lot does not count' }))).toBe(
      'Not counted: a resubmitted lot does not count.',
    );
    expect(
      stepInWords(
        step({
          lot: null,
          accepted: null,
          severityBefore: 'discontinued',
          severityAfter: 'tightened',
          reason: 'corrective action accepted: new die',
        }),
      ),
    ).toBe('Resumed on tightened inspection: corrective action accepted: new die.');
  });

  it('says the same in Spanish', async () => {
    await i18n.changeLanguage('es');
    expect(describeStream('product:C762-BALL:critical').words).toBe('C762-BALL, defectos críticos');
    expect(describeStream('incoming:*:PRIMER-762:minor').words).toBe(
      'PRIMER-762 de cualquier proveedor, defectos menores',
    );
    expect(stepInWords(step({}))).toBe('Aceptado; sigue en inspección normal.');
    expect(stepInWords(step({ accepted: false, severityAfter: 'tightened', reason: 'why' }))).toBe(
      'Pasó de inspección normal a rigurosa: why.',
    );
  });

  it('says what would switch the stream next, with its counts as lots', async () => {
    const normal: SwitchingStream = {
      stream: 'product:C762-BALL:major',
      severity: 'normal',
      state: {
        severity: 'normal',
        recentOnNormal: [true, false, true],
        consecutiveAcceptedOnNormal: 1,
        switchingScore: 3,
        consecutiveAcceptedOnTightened: 0,
        notAcceptedOnTightened: 0,
        lotsOnSeverity: 3,
      },
      updatedAt: '2026-03-01T10:00:00.000Z',
    };
    expect(nextSwitchInWords(normal)).toBe(
      'Goes to tightened inspection when 2 of 5 or fewer consecutive lots are not accepted ' +
        '(1 of the last 3 lots on normal not accepted, 1 lot accepted in a row, switching score 3).',
    );
    await i18n.changeLanguage('es');
    expect(nextSwitchInWords(normal)).toBe(
      'Pasa a inspección rigurosa cuando 2 de 5 o menos lotes consecutivos no son aceptados ' +
        '(no aceptados: 1 de los últimos 3 lotes en normal; aceptados seguidos: 1 lote; puntuación de cambio: 3).',
    );
  });
});

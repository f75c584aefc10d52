import { describe, expect, it } from 'vitest';
import type { SwitchingStep } from '../../api/quality';
import { describeStream, stepInWords, switchingPath } from './streams';

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
});

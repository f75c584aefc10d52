// Every code the planner gives a finding or an unplanned order has a message
// in every language of the web app (namespace `planning`, `findings.<code>`),
// naming only values the finding carries; and plans stored before findings
// had codes still read, as their English text.
import { describe, expect, it } from 'vitest';
import { LOCALE_LANGUAGES, localeNamespace } from '../../../test/support/locales.js';
import {
  finding,
  findingTemplate,
  PLAN_FINDING_CODES,
  readFinding,
  readUnplanned,
} from './plan-findings.js';
import { readStoredPlan, type StoredPlanDocument } from './plan-store.js';

const LANGUAGES = LOCALE_LANGUAGES;

const findingsIn = (language: string): Record<string, unknown> =>
  localeNamespace<{ findings?: Record<string, unknown> }>(language, 'planning').findings ?? {};

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([A-Za-z_]\w*)/g)].map((m) => m[1] as string).sort();

describe('plan finding codes', () => {
  it('are many, snake_case and unique', () => {
    expect(PLAN_FINDING_CODES.length).toBeGreaterThan(15);
    expect(new Set(PLAN_FINDING_CODES).size).toBe(PLAN_FINDING_CODES.length);
    for (const code of PLAN_FINDING_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it.each(LANGUAGES)(
    'each have a message in %s, naming only the values the finding carries',
    (language) => {
      const messages = findingsIn(language);
      const missing = PLAN_FINDING_CODES.filter(
        (code) => typeof messages[code] !== 'string' || messages[code] === '',
      );
      expect(missing).toEqual([]);
      for (const code of PLAN_FINDING_CODES) {
        const sent = new Set(placeholders(findingTemplate(code)));
        const unsent = placeholders(messages[code] as string).filter((name) => !sent.has(name));
        expect(unsent, `${language} ${code}`).toEqual([]);
      }
    },
  );

  it('have no message in any language that is not a code', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(findingsIn(language)).sort(), language).toEqual(
        [...PLAN_FINDING_CODES].sort(),
      );
    }
  });
});

describe('a finding', () => {
  it('carries its code, its values and the English sentence they make', () => {
    expect(
      finding('frozen_not_at_head', { line: 'L2', frozen: ['a', 'b'], found: ['b', 'a'] }),
    ).toEqual({
      code: 'frozen_not_at_head',
      params: { line: 'L2', frozen: ['a', 'b'], found: ['b', 'a'] },
      text: 'L2: the frozen orders a, b are not at its head in order (found b, a)',
    });
    expect(
      finding('changeover_too_short', { order: 'o', line: 'L1', minutes: 0, from: 'X', needed: 45 })
        .text,
    ).toBe('o on L1: 0 min of changeover from X, 45 needed');
  });

  it('of a plan stored before findings had codes is its text, with no code', () => {
    expect(readFinding('o1 is planned twice')).toEqual({
      code: null,
      params: {},
      text: 'o1 is planned twice',
    });
    const coded = finding('order_not_planned', { order: 'o2' });
    expect(readFinding(coded)).toBe(coded);
    expect(readUnplanned({ id: 'w1', reason: 'WO-1 is on hold' })).toEqual({
      id: 'w1',
      code: null,
      params: {},
      text: 'WO-1 is on hold',
    });
    const held = { id: 'w2', ...finding('order_on_hold', { reference: 'WO-2' }) };
    expect(readUnplanned(held)).toBe(held);
  });

  it('reads a whole stored plan of either shape into today’s', () => {
    const old = {
      iterations: 1,
      elapsedMs: 1,
      objective: { weightedTardiness: 0, moved: 0, changeoverMinutes: 0, makespan: 'x' },
      orders: [],
      unavailable: [],
      lines: [],
      unplanned: [{ id: 'w1', reason: 'WO-1 is on hold' }],
      beyondHorizon: [],
      problems: ['o1 is not planned', finding('order_not_planned', { order: 'o2' })],
    } satisfies StoredPlanDocument;
    const plan = readStoredPlan(old);
    expect(plan.unplanned).toEqual([{ id: 'w1', code: null, params: {}, text: 'WO-1 is on hold' }]);
    expect(plan.problems.map((p) => [p.code, p.text])).toEqual([
      [null, 'o1 is not planned'],
      ['order_not_planned', 'o2 is not planned'],
    ]);
  });
});

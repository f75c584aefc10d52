import { describe, expect, it } from 'vitest';
import { type SamplingPlan, type Severity, samplingPlanFor } from './sampling.js';
import {
  initialSwitchingState,
  type LotResult,
  nextSwitchingState,
  resumeAfterCorrectiveAction,
  type SwitchingOptions,
  type SwitchingState,
  type SwitchingTransition,
  switchingHistory,
} from './switching.js';

function plan(severity: Severity, aql = 1.0): SamplingPlan {
  const outcome = samplingPlanFor({ lotSize: 1000, level: 'II', aql, severity });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}
// Lot of 1000, level II, code J. AQL 1.0: normal 80 2/3, tightened 80 1/2, reduced 32 1/3 (gap).
// AQL 0.65: normal 80 1/2.
const NORMAL = plan('normal');
const TIGHTENED = plan('tightened');
const REDUCED = plan('reduced');
const NORMAL_AC1 = plan('normal', 0.65);

let lotNumber = 0;
function lot(accepted: boolean, onPlan: SamplingPlan, nonconforming?: number): LotResult {
  lotNumber += 1;
  return {
    lotId: `L${lotNumber}`,
    at: new Date(Date.UTC(2025, 0, 1) + lotNumber * 3_600_000).toISOString(),
    accepted,
    nonconforming: nonconforming ?? (accepted ? 0 : onPlan.re),
    plan: onPlan,
  };
}

const ISO: SwitchingOptions = { rules: 'ISO 2859-1', reducedDesired: true, steadyProduction: true };
const Z14: SwitchingOptions = {
  rules: 'Z1.4',
  reducedDesired: true,
  steadyProduction: true,
  limitNumbersWaived: true,
};

/** Runs a pattern of A (accepted) / R (not accepted) lots on one plan; returns each step's severity after it and the transitions. */
function run(
  pattern: string,
  onPlan: SamplingPlan,
  options: SwitchingOptions = ISO,
  start: SwitchingState = initialSwitchingState(),
) {
  const { state, entries } = switchingHistory(
    [...pattern].map((c) => lot(c === 'A', onPlan)),
    options,
    start,
  );
  return {
    state,
    severities: entries.map((e) => e.state.severity),
    transitions: entries.flatMap((e, i) => (e.transition ? [{ lot: i + 1, ...e.transition }] : [])),
  };
}

function expectPlainReason(transition: SwitchingTransition | undefined): void {
  expect(transition).toBeDefined();
  expect(transition!.reason.length).toBeGreaterThan(20);
  expect(transition!.reason).toMatch(/^[a-z0-9]/); // a sentence in words, not a code
  expect(transition!.clause).toMatch(/ISO 2859-1|Z1\.4|MIL-STD-105E/);
}

const onTightened = (): SwitchingState => initialSwitchingState('tightened');
const onReduced = (): SwitchingState => initialSwitchingState('reduced');

describe('start', () => {
  it('is normal inspection with a switching score of 0 (ISO 2859-1 §9.2, §9.3.3.2)', () => {
    expect(initialSwitchingState()).toMatchObject({ severity: 'normal', switchingScore: 0 });
  });
});

describe('normal → tightened: 2 not accepted within 5 or fewer consecutive lots (§9.3.1)', () => {
  it('A R A R: tightened at the 4th lot (lots 2 and 4 lie within 3 consecutive lots)', () => {
    const { severities, transitions } = run('ARAR', NORMAL);
    expect(severities).toEqual(['normal', 'normal', 'normal', 'tightened']);
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({
      lot: 4,
      from: 'normal',
      to: 'tightened',
      reason: '2 of the last 3 consecutive lots on normal inspection were not accepted',
    });
    expectPlainReason(transitions[0]);
  });

  it('A R A A A R: tightened at the 6th lot — lots 2 to 6 are 5 consecutive lots holding 2 not accepted', () => {
    // Six lots in all, but the two rejections (lots 2 and 6) span lots 2, 3, 4, 5, 6: five.
    const { severities, transitions } = run('ARAAAR', NORMAL);
    expect(severities.at(-1)).toBe('tightened');
    expect(transitions).toMatchObject([
      {
        lot: 6,
        reason: '2 of the last 5 consecutive lots on normal inspection were not accepted',
      },
    ]);
  });

  it('A R A A A A R: stays normal — the two rejections span 6 lots', () => {
    const { severities, transitions } = run('ARAAAAR', NORMAL);
    expect(severities.every((s) => s === 'normal')).toBe(true);
    expect(transitions).toEqual([]);
  });

  it('R R: tightened at once (2 of 2)', () => {
    expect(run('RR', NORMAL).transitions).toMatchObject([{ lot: 2, to: 'tightened' }]);
  });

  it('R A A A A A R A R: the first pair is too far apart, the second is not', () => {
    expect(run('RAAAAARAR', NORMAL).transitions).toMatchObject([{ lot: 9, to: 'tightened' }]);
  });

  it('names the Z1.4 clause under Z1.4 rules', () => {
    expect(run('RR', NORMAL, Z14).transitions[0]?.clause).toBe('ANSI/ASQ Z1.4 §8.3.1');
  });
});

describe('tightened → normal: 5 consecutive lots accepted (§9.3.2)', () => {
  it('returns to normal at the 5th accepted lot, with a fresh switching score', () => {
    const { severities, transitions, state } = run('AAAAA', TIGHTENED, ISO, onTightened());
    expect(severities).toEqual(['tightened', 'tightened', 'tightened', 'tightened', 'normal']);
    expect(transitions).toMatchObject([
      {
        lot: 5,
        from: 'tightened',
        to: 'normal',
        reason: '5 consecutive lots on tightened inspection were accepted',
      },
    ]);
    expectPlainReason(transitions[0]);
    expect(state).toEqual(initialSwitchingState('normal'));
  });

  it('a rejection restarts the count of consecutive acceptances', () => {
    const { transitions } = run('AAAARAAAAA', TIGHTENED, ISO, onTightened());
    expect(transitions).toMatchObject([{ lot: 10, to: 'normal' }]);
  });
});

describe('discontinuation: 5 lots not accepted, cumulative, on tightened (§9.4)', () => {
  it('R A R A A R A A A A R A R: discontinued at the 5th rejection although acceptances came between', () => {
    const { severities, transitions, state } = run('RARAARAAAARAR', TIGHTENED, ISO, onTightened());
    expect(severities.slice(0, 12).every((s) => s === 'tightened')).toBe(true);
    expect(transitions).toMatchObject([{ lot: 13, from: 'tightened', to: 'discontinued' }]);
    expect(transitions[0]?.reason).toBe(
      "5 lots on tightened inspection were not accepted; inspection stops until the supplier's corrective action is accepted",
    );
    expectPlainReason(transitions[0]);
    expect(state.severity).toBe('discontinued');
  });

  it('RRRRR: discontinued at the 5th lot', () => {
    expect(run('RRRRR', TIGHTENED, ISO, onTightened()).transitions).toMatchObject([
      { lot: 5, to: 'discontinued' },
    ]);
  });

  it('ignores lots while discontinued, and resumes on tightened after corrective action', () => {
    const { state } = run('RRRRR', TIGHTENED, ISO, onTightened());
    const step = nextSwitchingState(state, lot(true, TIGHTENED), ISO);
    expect(step.state).toBe(state);
    expect(step.transition).toBeUndefined();
    expect(step.ignored).toMatch(/discontinued/);

    const resumed = resumeAfterCorrectiveAction(state);
    expect(resumed).toEqual(initialSwitchingState('tightened'));
    // Resumed as if normal → tightened had just been invoked: 5 acceptances back to normal.
    expect(run('AAAAA', TIGHTENED, ISO, resumed).state.severity).toBe('normal');
  });

  it('resuming a stream that is not discontinued changes nothing', () => {
    const state = initialSwitchingState();
    expect(resumeAfterCorrectiveAction(state)).toBe(state);
  });
});

describe('normal → reduced, ISO 2859-1:1999 switching score (§9.3.3)', () => {
  // The increments are as the reference recalls them, not read from the standard (see switching.ts).
  it('Ac 0 or 1: +2 per accepted lot, reduced when the score reaches 30 (15 lots)', () => {
    const { severities, transitions, state } = run('A'.repeat(15), NORMAL_AC1);
    expect(severities.slice(0, 14).every((s) => s === 'normal')).toBe(true);
    expect(transitions).toMatchObject([
      {
        lot: 15,
        from: 'normal',
        to: 'reduced',
        reason:
          'the switching score reached 30 (30 or more), production is steady and reduced inspection is wanted',
        clause: 'ISO 2859-1:1999 §9.3.3',
      },
    ]);
    expectPlainReason(transitions[0]);
    expect(state.severity).toBe('reduced');
  });

  it('Ac ≥ 2: +3 when the count would pass one AQL step tighter, reset when it would not', () => {
    // J, AQL 1.0 normal: 80, Ac 2; one step tighter (0.65): Ac 1.
    let state = initialSwitchingState();
    const step = (d: number) => {
      const next = nextSwitchingState(state, lot(d <= 2, NORMAL, d), ISO);
      state = next.state;
      return next;
    };
    step(1);
    expect(state.switchingScore).toBe(3);
    step(0);
    expect(state.switchingScore).toBe(6);
    step(2); // accepted at Ac 2, but not at Ac 1: reset
    expect(state).toMatchObject({ severity: 'normal', switchingScore: 0 });
    for (let i = 1; i <= 9; i += 1) {
      expect(step(1).transition).toBeUndefined();
      expect(state.switchingScore).toBe(3 * i);
    }
    const tenth = step(1);
    expect(tenth.transition).toMatchObject({ to: 'reduced' });
    expect(tenth.transition?.reason).toContain('switching score reached 30');
  });

  it('a lot not accepted resets the score', () => {
    const { state } = run('AAAAR', NORMAL_AC1);
    expect(state).toMatchObject({ severity: 'normal', switchingScore: 0 });
  });

  it('only when production is steady and the authority wants reduced inspection', () => {
    const notSteady = run('A'.repeat(20), NORMAL_AC1, { ...ISO, steadyProduction: false });
    expect(notSteady.transitions).toEqual([]);
    expect(notSteady.state.switchingScore).toBe(40);
    const notWanted = run('A'.repeat(20), NORMAL_AC1, { ...ISO, reducedDesired: false });
    expect(notWanted.transitions).toEqual([]);
    // The score kept counting: the next lot once reduced is wanted switches at once.
    const next = nextSwitchingState(notWanted.state, lot(true, NORMAL_AC1), ISO);
    expect(next.transition).toMatchObject({ to: 'reduced' });
    expect(next.transition?.reason).toContain('switching score reached 42');
  });

  it('starts from 0 again on re-entering normal from tightened', () => {
    const { state } = run('AAAAA', TIGHTENED, ISO, onTightened());
    expect(state.switchingScore).toBe(0);
    expect(run('A'.repeat(14), NORMAL_AC1, ISO, state).state.severity).toBe('normal');
  });
});

describe('normal → reduced, Z1.4 (§8.3.3 with limit numbers waived, §8.5)', () => {
  it('after 10 consecutive lots accepted on normal', () => {
    const { severities, transitions } = run('A'.repeat(10), NORMAL, Z14);
    expect(severities.slice(0, 9).every((s) => s === 'normal')).toBe(true);
    expect(transitions).toMatchObject([
      { lot: 10, from: 'normal', to: 'reduced', clause: 'ANSI/ASQ Z1.4 §8.3.3, §8.5' },
    ]);
    expectPlainReason(transitions[0]);
  });

  it('a lot not accepted restarts the count of 10', () => {
    expect(run(`A${'A'.repeat(5)}R${'A'.repeat(10)}`, NORMAL, Z14).transitions).toMatchObject([
      { lot: 17, to: 'reduced' },
    ]);
  });

  it('never without the limit-number waiver (Table VIII is not held)', () => {
    const { transitions } = run('A'.repeat(30), NORMAL, { ...Z14, limitNumbersWaived: false });
    expect(transitions).toEqual([]);
  });

  it('never when production is not steady or reduced is not wanted', () => {
    expect(run('A'.repeat(12), NORMAL, { ...Z14, steadyProduction: false }).transitions).toEqual(
      [],
    );
    expect(run('A'.repeat(12), NORMAL, { ...Z14, reducedDesired: false }).transitions).toEqual([]);
  });
});

describe('reduced → normal (§9.3.4)', () => {
  it('a lot not accepted', () => {
    const step = nextSwitchingState(onReduced(), lot(false, REDUCED, 3), ISO);
    expect(step.state).toEqual(initialSwitchingState('normal'));
    expect(step.transition).toMatchObject({
      from: 'reduced',
      to: 'normal',
      reason: 'a lot on reduced inspection was not accepted',
    });
    expectPlainReason(step.transition);
  });

  it.each([Z14, ISO])('a lot accepted in the Ac/Re gap ($rules)', (options) => {
    // Reduced J, AQL 1.0: 32, Ac 1, Re 3: 2 nonconforming accepts the lot and reinstates normal.
    const step = nextSwitchingState(onReduced(), lot(true, REDUCED, 2), options);
    expect(step.transition).toMatchObject({
      to: 'normal',
      reason:
        'a lot on reduced inspection was accepted with 2 nonconforming, above Ac 1 and below Re 3',
      clause: 'MIL-STD-105E 4.10.1.4, ANSI/ASQ Z1.4 §10.1.4',
    });
    expectPlainReason(step.transition);
  });

  it('a gap acceptance flagged by the caller', () => {
    const result = { ...lot(true, REDUCED, 1), reinstateNormal: true };
    expect(nextSwitchingState(onReduced(), result, Z14).transition).toMatchObject({ to: 'normal' });
  });

  it('production irregular or delayed', () => {
    const step = nextSwitchingState(onReduced(), lot(true, REDUCED, 0), {
      ...ISO,
      steadyProduction: false,
    });
    expect(step.transition).toMatchObject({
      to: 'normal',
      reason: 'production became irregular or delayed',
    });
    expectPlainReason(step.transition);
  });

  it('other conditions warrant normal inspection', () => {
    const step = nextSwitchingState(onReduced(), lot(true, REDUCED, 0), {
      ...ISO,
      otherConditionsWarrantNormal: true,
    });
    expect(step.transition).toMatchObject({
      to: 'normal',
      reason: 'other conditions warrant normal inspection',
    });
  });

  it('stays reduced while lots are accepted at Ac or below', () => {
    const { severities, state } = run('AAAAAAAAAA', REDUCED, ISO, onReduced());
    expect(severities.every((s) => s === 'reduced')).toBe(true);
    expect(state.lotsOnSeverity).toBe(10);
  });
});

describe('lots that do not count', () => {
  it('a resubmitted lot', () => {
    const state = initialSwitchingState();
    const step = nextSwitchingState(state, { ...lot(false, NORMAL), resubmitted: true }, ISO);
    expect(step.state).toBe(state);
    expect(step.ignored).toMatch(/resubmitted/);
  });

  it('a lot inspected under another severity than the stream is on', () => {
    const state = initialSwitchingState();
    const step = nextSwitchingState(state, lot(false, TIGHTENED), ISO);
    expect(step.state).toBe(state);
    expect(step.ignored).toBe(
      'the lot was inspected on tightened inspection while the stream is on normal',
    );
  });
});

describe('a stream’s history', () => {
  it('normal → tightened → discontinued → (resume) tightened → normal → reduced → normal, every switch with its reason', () => {
    const options = ISO;
    let state = initialSwitchingState();
    const transitions: SwitchingTransition[] = [];
    const feed = (results: LotResult[]) => {
      const history = switchingHistory(results, options, state);
      state = history.state;
      transitions.push(...history.entries.flatMap((e) => (e.transition ? [e.transition] : [])));
      return history;
    };
    const history = feed([lot(false, NORMAL), lot(false, NORMAL)]);
    expect(history.entries.map((e) => e.severity)).toEqual(['normal', 'normal']);
    feed(Array.from({ length: 5 }, () => lot(false, TIGHTENED)));
    state = resumeAfterCorrectiveAction(state);
    feed(Array.from({ length: 5 }, () => lot(true, TIGHTENED)));
    feed(Array.from({ length: 15 }, () => lot(true, NORMAL_AC1)));
    feed([lot(false, REDUCED)]);

    expect(transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
      'normal→tightened',
      'tightened→discontinued',
      'tightened→normal',
      'normal→reduced',
      'reduced→normal',
    ]);
    for (const transition of transitions) expectPlainReason(transition);
    expect(state.severity).toBe('normal');
  });
});

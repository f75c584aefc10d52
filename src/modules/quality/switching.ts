// Switching between normal, tightened and reduced inspection — ISO 2859-1:1999 clause 9,
// ANSI/ASQ Z1.4 §8 (MIL-STD-105E 4.7) — as a pure state machine over the lots of one stream, in
// the order they were inspected. A stream is whatever the standard switches independently: one
// class of nonconformity of one product, or of one supplier's material (ISO 2859-1 §9.1; "applied
// per class of nonconformity independently"). The caller keeps one SwitchingState per stream and
// records each step: the steps are the stream's history.
//
// Only lots on original inspection count (ISO 2859-1 §9.3.1: resubmitted lots are ignored).
//
// Normal → reduced differs between the two rule sets:
// - ISO 2859-1:1999 §9.3.3: switching score ≥ 30, production at a steady rate, and reduced
//   inspection considered desirable by the responsible authority. The score's increments (+3 when
//   Ac ≥ 2 and the lot would have passed one AQL step tighter, +2 when Ac is 0 or 1 and the lot
//   was accepted, otherwise reset to 0) are as the reference recalls them, NOT read from a copy
//   of the standard: verify against ISO 2859-1:1999 §9.3.3.2 before relying on them.
// - Z1.4 §8.3.3 (105E 4.7.3.3): the preceding 10 lots on normal all accepted, the total
//   nonconforming in their samples within the limit number of Table VIII, steady production,
//   and the authority's wish. Table VIII was not collected, so this module cannot check limit
//   numbers: under Z1.4 rules it switches to reduced only when the options say the limit-number
//   condition has been waived by agreement of both parties, as Z1.4 §8.5 allows. Without that
//   waiver, Z1.4 streams never go to reduced (reduced inspection is optional; staying on normal
//   is the safe side). This rather than refusing the mode: the reduced plans in our tables are
//   the Z1.4 ones, so Z1.4 is the rule set they belong to.
//
// Reduced → normal on a lot accepted in the Ac/Re gap (105E 4.10.1.4, Z1.4 10.1.4) applies under
// both rule sets: ISO 2859-1:1999 has no gap because its reduced plans have Re = Ac + 1, but our
// reduced plans are the Z1.4 ones with the gap (see sampling.ts), and a gap without its rule
// would accept more than either standard does.
import { planOneAqlStepTighter, type SamplingPlan, type Severity } from './sampling.js';

export type SwitchingSeverity = Severity | 'discontinued';

export interface SwitchingState {
  severity: SwitchingSeverity;
  /** Normal: whether each of the last lots on normal inspection (at most 5, oldest first) was accepted. */
  recentOnNormal: readonly boolean[];
  /** Normal: consecutive lots accepted since normal began or since the last one not accepted (Z1.4 §8.3.3 a). */
  consecutiveAcceptedOnNormal: number;
  /** Normal: the ISO 2859-1:1999 switching score, 0 on entering normal (§9.3.3.2). */
  switchingScore: number;
  /** Tightened: consecutive lots accepted (ISO 2859-1 §9.3.2). */
  consecutiveAcceptedOnTightened: number;
  /** Tightened: lots not accepted since tightened began, cumulative (ISO 2859-1 §9.4). */
  notAcceptedOnTightened: number;
  /** Lots on original inspection counted since the current severity began. */
  lotsOnSeverity: number;
}

export interface LotResult {
  lotId: string;
  /** When the lot's decision was taken (ISO 8601). */
  at: string;
  /** The decision on original inspection. */
  accepted: boolean;
  /** Nonconforming units (or nonconformities) found in the sample. */
  nonconforming: number;
  /** The plan the lot was inspected by. */
  plan: SamplingPlan;
  /** Reduced-gap acceptance (Ac < d < Re) reinstates normal; when absent, worked out from plan and count. */
  reinstateNormal?: boolean;
  /** A resubmitted lot is not original inspection and does not count (ISO 2859-1 §9.3.1). */
  resubmitted?: boolean;
}

export interface SwitchingOptions {
  rules: 'ISO 2859-1' | 'Z1.4';
  /** The responsible authority considers reduced inspection desirable (ISO 2859-1 §9.3.3, Z1.4 §8.3.3 d). */
  reducedDesired: boolean;
  /** Production at a steady rate. On reduced inspection, false means irregular or delayed: back to normal (§9.3.4). */
  steadyProduction: boolean;
  /**
   * Z1.4 only: both parties agreed to drop the limit-number condition (Z1.4 §8.5). Table VIII is
   * not held, so without this Z1.4 streams stay off reduced inspection.
   */
  limitNumbersWaived?: boolean;
  /** Other conditions warrant a return from reduced to normal inspection (ISO 2859-1 §9.3.4, Z1.4 §8.3.4 d). */
  otherConditionsWarrantNormal?: boolean;
}

export interface SwitchingTransition {
  from: SwitchingSeverity;
  to: SwitchingSeverity;
  /** In plain words, for the stream's history. */
  reason: string;
  /** The clause the switch follows. */
  clause: string;
  lotId: string;
  at: string;
}

export interface SwitchingStep {
  state: SwitchingState;
  transition?: SwitchingTransition;
  /** Set when the lot did not count, saying why; the state is then unchanged. */
  ignored?: string;
}

const Z14_LOTS_FOR_REDUCED = 10; // Z1.4 §8.3.3 a (105E 4.7.3.3 a)
const ISO_SCORE_FOR_REDUCED = 30; // ISO 2859-1:1999 §9.3.3.1 a
const NORMAL_WINDOW = 5; // ISO 2859-1 §9.3.1: "2 out of 5 or fewer consecutive lots"
const TIGHTENED_ACCEPTED_FOR_NORMAL = 5; // ISO 2859-1 §9.3.2
const TIGHTENED_NOT_ACCEPTED_TO_DISCONTINUE = 5; // ISO 2859-1 §9.4

/** A fresh counter set for a stream entering a severity. */
function entering(severity: SwitchingSeverity): SwitchingState {
  return {
    severity,
    recentOnNormal: [],
    consecutiveAcceptedOnNormal: 0,
    // ISO 2859-1:1999 §9.3.3.2: the score is set to 0 at the start of normal inspection.
    switchingScore: 0,
    consecutiveAcceptedOnTightened: 0,
    notAcceptedOnTightened: 0,
    lotsOnSeverity: 0,
  };
}

/** A new stream starts on normal inspection (ISO 2859-1 §9.2), unless the responsible authority directs otherwise. */
export function initialSwitchingState(start: Severity = 'normal'): SwitchingState {
  return entering(start);
}

/**
 * The stream's state after one more lot, and the switch it caused if any. A lot that is
 * resubmitted, arrives while inspection is discontinued, or was inspected under another severity
 * than the stream's is ignored (state unchanged, `ignored` says why).
 */
export function nextSwitchingState(
  state: SwitchingState,
  result: LotResult,
  options: SwitchingOptions,
): SwitchingStep {
  if (result.resubmitted) {
    return { state, ignored: 'a resubmitted lot is not original inspection and does not count' };
  }
  switch (state.severity) {
    case 'discontinued':
      return {
        state,
        ignored:
          'inspection is discontinued until the corrective action is accepted; the lot does not count',
      };
    case 'normal':
    case 'tightened':
    case 'reduced':
      if (result.plan.severity !== state.severity) {
        return {
          state,
          ignored: `the lot was inspected on ${result.plan.severity} inspection while the stream is on ${state.severity}`,
        };
      }
      if (state.severity === 'normal') return afterNormalLot(state, result, options);
      if (state.severity === 'tightened') return afterTightenedLot(state, result);
      return afterReducedLot(state, result, options);
  }
}

function switchTo(
  to: SwitchingSeverity,
  from: SwitchingSeverity,
  reason: string,
  clause: string,
  result: LotResult,
): SwitchingStep {
  return {
    state: entering(to),
    transition: { from, to, reason, clause, lotId: result.lotId, at: result.at },
  };
}

function afterNormalLot(
  state: SwitchingState,
  result: LotResult,
  options: SwitchingOptions,
): SwitchingStep {
  const recentOnNormal = [...state.recentOnNormal, result.accepted].slice(-NORMAL_WINDOW);
  const next: SwitchingState = {
    ...state,
    recentOnNormal,
    consecutiveAcceptedOnNormal: result.accepted ? state.consecutiveAcceptedOnNormal + 1 : 0,
    switchingScore: updatedSwitchingScore(state.switchingScore, result),
    lotsOnSeverity: state.lotsOnSeverity + 1,
  };

  // ISO 2859-1 §9.3.1, Z1.4 §8.3.1: normal → tightened when 2 lots out of 5 or fewer consecutive
  // lots are not accepted. Checked after every lot, so the pair always ends at this lot: it is
  // enough to look at the last 5 lots on normal.
  if (!result.accepted) {
    const firstNotAccepted = recentOnNormal.indexOf(false);
    if (firstNotAccepted < recentOnNormal.length - 1) {
      const span = recentOnNormal.length - firstNotAccepted;
      return switchTo(
        'tightened',
        'normal',
        `2 of the last ${span} consecutive lots on normal inspection were not accepted`,
        options.rules === 'Z1.4' ? 'ANSI/ASQ Z1.4 §8.3.1' : 'ISO 2859-1:1999 §9.3.1',
        result,
      );
    }
    return { state: next };
  }

  if (options.steadyProduction && options.reducedDesired) {
    // ISO 2859-1:1999 §9.3.3.1: switching score at least 30, steady production, and the
    // responsible authority wants reduced inspection.
    if (options.rules === 'ISO 2859-1' && next.switchingScore >= ISO_SCORE_FOR_REDUCED) {
      return switchTo(
        'reduced',
        'normal',
        `the switching score reached ${next.switchingScore} (30 or more), production is steady and reduced inspection is wanted`,
        'ISO 2859-1:1999 §9.3.3',
        result,
      );
    }
    // Z1.4 §8.3.3 with the limit-number condition (b) waived by agreement (Z1.4 §8.5).
    if (
      options.rules === 'Z1.4' &&
      options.limitNumbersWaived === true &&
      next.consecutiveAcceptedOnNormal >= Z14_LOTS_FOR_REDUCED
    ) {
      return switchTo(
        'reduced',
        'normal',
        `the last ${Z14_LOTS_FOR_REDUCED} lots on normal inspection were all accepted, production is steady and reduced inspection is wanted (limit numbers waived by agreement)`,
        'ANSI/ASQ Z1.4 §8.3.3, §8.5',
        result,
      );
    }
  }
  return { state: next };
}

/**
 * ISO 2859-1:1999 §9.3.3.2, single sampling (increments as the reference recalls them, not read
 * from the standard): Ac ≥ 2: +3 if the lot would have been accepted at the AQL one step tighter,
 * else 0; Ac 0 or 1: +2 if the lot was accepted, else 0.
 */
function updatedSwitchingScore(score: number, result: LotResult): number {
  if (!result.accepted) return 0;
  if (result.plan.ac >= 2) {
    const tighter = planOneAqlStepTighter(result.plan);
    return tighter !== undefined && result.nonconforming <= tighter.ac ? score + 3 : 0;
  }
  return score + 2;
}

function afterTightenedLot(state: SwitchingState, result: LotResult): SwitchingStep {
  if (result.accepted) {
    const consecutive = state.consecutiveAcceptedOnTightened + 1;
    // ISO 2859-1 §9.3.2, Z1.4 §8.3.2: 5 consecutive lots accepted on original inspection.
    if (consecutive >= TIGHTENED_ACCEPTED_FOR_NORMAL) {
      return switchTo(
        'normal',
        'tightened',
        `${TIGHTENED_ACCEPTED_FOR_NORMAL} consecutive lots on tightened inspection were accepted`,
        'ISO 2859-1:1999 §9.3.2, ANSI/ASQ Z1.4 §8.3.2',
        result,
      );
    }
    return {
      state: {
        ...state,
        consecutiveAcceptedOnTightened: consecutive,
        lotsOnSeverity: state.lotsOnSeverity + 1,
      },
    };
  }
  const notAccepted = state.notAcceptedOnTightened + 1;
  // ISO 2859-1 §9.4, Z1.4 §8.4: the cumulative count of lots not accepted on tightened reaches 5.
  if (notAccepted >= TIGHTENED_NOT_ACCEPTED_TO_DISCONTINUE) {
    return switchTo(
      'discontinued',
      'tightened',
      `${TIGHTENED_NOT_ACCEPTED_TO_DISCONTINUE} lots on tightened inspection were not accepted; inspection stops until the supplier's corrective action is accepted`,
      'ISO 2859-1:1999 §9.4, ANSI/ASQ Z1.4 §8.4',
      result,
    );
  }
  return {
    state: {
      ...state,
      consecutiveAcceptedOnTightened: 0,
      notAcceptedOnTightened: notAccepted,
      lotsOnSeverity: state.lotsOnSeverity + 1,
    },
  };
}

function afterReducedLot(
  state: SwitchingState,
  result: LotResult,
  options: SwitchingOptions,
): SwitchingStep {
  const { plan, nonconforming } = result;
  const inGap =
    result.reinstateNormal ??
    (result.accepted && plan.ac < nonconforming && nonconforming < plan.re);
  const clause = 'ISO 2859-1:1999 §9.3.4, ANSI/ASQ Z1.4 §8.3.4';
  // ISO 2859-1 §9.3.4, Z1.4 §8.3.4: back to normal on any of the conditions, checked in this order.
  if (!result.accepted) {
    return switchTo(
      'normal',
      'reduced',
      'a lot on reduced inspection was not accepted',
      clause,
      result,
    );
  }
  if (inGap) {
    return switchTo(
      'normal',
      'reduced',
      `a lot on reduced inspection was accepted with ${nonconforming} nonconforming, above Ac ${plan.ac} and below Re ${plan.re}`,
      'MIL-STD-105E 4.10.1.4, ANSI/ASQ Z1.4 §10.1.4',
      result,
    );
  }
  if (!options.steadyProduction) {
    return switchTo('normal', 'reduced', 'production became irregular or delayed', clause, result);
  }
  if (options.otherConditionsWarrantNormal) {
    return switchTo(
      'normal',
      'reduced',
      'other conditions warrant normal inspection',
      clause,
      result,
    );
  }
  return { state: { ...state, lotsOnSeverity: state.lotsOnSeverity + 1 } };
}

/**
 * ISO 2859-1 §9.4, Z1.4 §8.4: after the supplier's corrective action is accepted by the
 * responsible authority, inspection resumes on tightened, as if normal → tightened had just been
 * invoked. A stream that is not discontinued is returned unchanged.
 */
export function resumeAfterCorrectiveAction(state: SwitchingState): SwitchingState {
  return state.severity === 'discontinued' ? entering('tightened') : state;
}

export interface SwitchingHistoryEntry {
  lotId: string;
  at: string;
  /** The severity the lot was inspected on (as the stream stood before it). */
  severity: SwitchingSeverity;
  accepted: boolean;
  nonconforming: number;
  /** The state after the lot. */
  state: SwitchingState;
  transition?: SwitchingTransition;
  ignored?: string;
}

/**
 * The stream's history: every lot in order with the state after it and the switches, folding
 * nextSwitchingState from `start`. The options hold for every lot; a caller whose conditions
 * change between lots folds nextSwitchingState itself.
 */
export function switchingHistory(
  results: readonly LotResult[],
  options: SwitchingOptions,
  start: SwitchingState = initialSwitchingState(),
): { state: SwitchingState; entries: SwitchingHistoryEntry[] } {
  let state = start;
  const entries: SwitchingHistoryEntry[] = [];
  for (const result of results) {
    const step = nextSwitchingState(state, result, options);
    entries.push({
      lotId: result.lotId,
      at: result.at,
      severity: state.severity,
      accepted: result.accepted,
      nonconforming: result.nonconforming,
      state: step.state,
      ...(step.transition && { transition: step.transition }),
      ...(step.ignored && { ignored: step.ignored }),
    });
    state = step.state;
  }
  return { state, entries };
}

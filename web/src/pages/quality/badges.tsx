import type { InspectionState, NonconformanceState, StreamSeverity } from '../../api/quality';
import { INSPECTION_STATE_LABEL, NC_STATE_LABEL, SEVERITY_LABEL } from './labels';

/** An inspection's state as a pill; the word says it, the colour follows it. */
export function InspectionStateBadge({ state }: { state: InspectionState }) {
  return (
    <span
      className={`q-pill q-pill--${state === 'accepted' ? 'ok' : state === 'rejected' ? 'bad' : 'open'}`}
      data-testid="inspection-state"
      data-state={state}
    >
      {INSPECTION_STATE_LABEL[state]}
    </span>
  );
}

/** A line's verdict: accepted or rejected, or not yet recorded. */
export function VerdictBadge({ accepted }: { accepted: boolean | undefined }) {
  if (accepted === undefined) {
    return (
      <span className="q-pill q-pill--none" data-testid="verdict" data-verdict="missing">
        Not recorded
      </span>
    );
  }
  return (
    <span
      className={`q-pill q-pill--${accepted ? 'ok' : 'bad'}`}
      data-testid="verdict"
      data-verdict={accepted ? 'accepted' : 'rejected'}
    >
      {accepted ? 'Accepted' : 'Rejected'}
    </span>
  );
}

export function NonconformanceStateBadge({ state }: { state: NonconformanceState }) {
  return (
    <span
      className={`q-pill q-pill--${state === 'closed' ? 'none' : state === 'decided' ? 'open' : 'bad'}`}
      data-testid="nc-state"
      data-state={state}
    >
      {NC_STATE_LABEL[state]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: StreamSeverity }) {
  return (
    <span
      className={`q-pill q-pill--severity-${severity}`}
      data-testid="severity"
      data-severity={severity}
    >
      {SEVERITY_LABEL[severity]}
    </span>
  );
}

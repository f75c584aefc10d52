import { useTranslation } from 'react-i18next';
import type { InspectionState, NonconformanceState, StreamSeverity } from '../../api/quality';
import { inspectionStateLabel, ncStateLabel, severityLabel } from './labels';

/** An inspection's state as a pill; the word says it, the colour follows it. */
export function InspectionStateBadge({ state }: { state: InspectionState }) {
  useTranslation(); // drawn again when the language changes
  return (
    <span
      className={`q-pill q-pill--${state === 'accepted' ? 'ok' : state === 'rejected' ? 'bad' : 'open'}`}
      data-testid="inspection-state"
      data-state={state}
    >
      {inspectionStateLabel(state)}
    </span>
  );
}

/** A line's verdict: accepted or rejected, or not yet recorded. */
export function VerdictBadge({ accepted }: { accepted: boolean | undefined }) {
  const { t } = useTranslation();
  if (accepted === undefined) {
    return (
      <span className="q-pill q-pill--none" data-testid="verdict" data-verdict="missing">
        {t('quality:verdict.missing')}
      </span>
    );
  }
  return (
    <span
      className={`q-pill q-pill--${accepted ? 'ok' : 'bad'}`}
      data-testid="verdict"
      data-verdict={accepted ? 'accepted' : 'rejected'}
    >
      {accepted ? t('quality:verdict.accepted') : t('quality:verdict.rejected')}
    </span>
  );
}

export function NonconformanceStateBadge({ state }: { state: NonconformanceState }) {
  useTranslation();
  return (
    <span
      className={`q-pill q-pill--${state === 'closed' ? 'none' : state === 'decided' ? 'open' : 'bad'}`}
      data-testid="nc-state"
      data-state={state}
    >
      {ncStateLabel(state)}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: StreamSeverity }) {
  useTranslation();
  return (
    <span
      className={`q-pill q-pill--severity-${severity}`}
      data-testid="severity"
      data-severity={severity}
    >
      {severityLabel(severity)}
    </span>
  );
}

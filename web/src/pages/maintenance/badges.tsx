import type { Criticality, MaintenanceKind, MaintenanceState } from '../../api/maintenance';
import { CRITICALITY_LABEL, KIND_LABEL, STATE_LABEL } from './labels';

/** A job's state in words (never the colour alone). */
export function StateBadge({ state }: { state: MaintenanceState }) {
  return (
    <span className={`mnt-state mnt-state--${state}`} data-testid="mnt-state" data-state={state}>
      {STATE_LABEL[state]}
    </span>
  );
}

export function KindBadge({ kind }: { kind: MaintenanceKind }) {
  return <span className={`mnt-kind mnt-kind--${kind}`}>{KIND_LABEL[kind]}</span>;
}

export function CriticalityBadge({ criticality }: { criticality: Criticality }) {
  return (
    <span className={`mnt-crit mnt-crit--${criticality}`} data-criticality={criticality}>
      Crit. {criticality}
      <span className="visually-hidden"> ({CRITICALITY_LABEL[criticality]})</span>
    </span>
  );
}

import { useTranslation } from 'react-i18next';
import type { Criticality, MaintenanceKind, MaintenanceState } from '../../api/maintenance';

/** A job's state in words (never the colour alone). */
export function StateBadge({ state }: { state: MaintenanceState }) {
  const { t } = useTranslation();
  return (
    <span className={`mnt-state mnt-state--${state}`} data-testid="mnt-state" data-state={state}>
      {t(`maintenance:state.${state}`)}
    </span>
  );
}

export function KindBadge({ kind }: { kind: MaintenanceKind }) {
  const { t } = useTranslation();
  return <span className={`mnt-kind mnt-kind--${kind}`}>{t(`maintenance:kind.${kind}`)}</span>;
}

export function CriticalityBadge({ criticality }: { criticality: Criticality }) {
  const { t } = useTranslation();
  return (
    <span className={`mnt-crit mnt-crit--${criticality}`} data-criticality={criticality}>
      {t('maintenance:criticalityBadge', { criticality })}
      <span className="visually-hidden"> ({t(`maintenance:criticality.${criticality}`)})</span>
    </span>
  );
}

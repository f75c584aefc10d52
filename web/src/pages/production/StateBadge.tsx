import { useTranslation } from 'react-i18next';
import type { WorkOrderState } from '../../api/production';
import { stateLabel } from './labels';

/** A work order's state as a coloured pill; the colour follows the state, the word says it. */
export function StateBadge({ state, large }: { state: WorkOrderState; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      className={`wo-state wo-state--${state}${large ? ' wo-state--large' : ''}`}
      data-testid="wo-state"
      data-state={state}
    >
      {stateLabel(t, state)}
    </span>
  );
}

import { useTranslation } from 'react-i18next';
import type { LotStatus } from '../../api/genealogy';
import { statusLabel } from './labels';

/** A lot's status as a pill; the colour follows the status, the word says it. */
export function LotStatusBadge({ status }: { status: LotStatus }) {
  const { t } = useTranslation();
  return (
    <span
      className={`lot-status lot-status--${status}`}
      data-testid="lot-status"
      data-status={status}
    >
      {statusLabel(t, status)}
    </span>
  );
}

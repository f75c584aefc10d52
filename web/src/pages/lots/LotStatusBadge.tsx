import type { LotStatus } from '../../api/genealogy';
import { STATUS_LABEL } from './labels';

/** A lot's status as a pill; the colour follows the status, the word says it. */
export function LotStatusBadge({ status }: { status: LotStatus }) {
  return (
    <span
      className={`lot-status lot-status--${status}`}
      data-testid="lot-status"
      data-status={status}
    >
      {STATUS_LABEL[status]}
    </span>
  );
}

import { useWorkOrderMachineCounts } from '../../api/machine';
import type { WorkOrder } from '../../api/production';
import { formatInteger } from '../../format';

/** States in which an order has held its line, so the machines may have counted for it. */
const HAS_RUN = new Set(['running', 'paused', 'on_hold', 'completed', 'closed']);

/**
 * The good units the line's machines counted while the order held it (the
 * same figure the floor shows), refreshed every ten seconds; a dash before
 * the order has run or while the count is on its way.
 */
export function MachineGoodCount({ order }: { order: WorkOrder }) {
  const hasRun = HAS_RUN.has(order.state);
  const counts = useWorkOrderMachineCounts(hasRun ? order.id : undefined);
  const good = hasRun ? counts.data?.good : 0;
  return <span data-testid="machine-good">{good === undefined ? '—' : formatInteger(good)}</span>;
}

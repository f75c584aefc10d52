import type { OrderState } from '../../api/shipping';
import { ORDER_STATE_LABEL } from './labels';

/** An order's state as a pill; the word says it, the colour follows it. */
export function OrderStateBadge({ state }: { state: OrderState }) {
  return (
    <span className={`st-pill st-pill--${state}`} data-testid="order-state" data-state={state}>
      {ORDER_STATE_LABEL[state]}
    </span>
  );
}

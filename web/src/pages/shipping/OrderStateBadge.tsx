import { useTranslation } from 'react-i18next';
import type { OrderState } from '../../api/shipping';

/** An order's state as a pill; the word says it, the colour follows it. */
export function OrderStateBadge({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return (
    <span className={`st-pill st-pill--${state}`} data-testid="order-state" data-state={state}>
      {t(`shipping:orderState.${state}`)}
    </span>
  );
}

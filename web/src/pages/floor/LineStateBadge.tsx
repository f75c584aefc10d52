import { useTranslation } from 'react-i18next';
import { stateClass, stateLabel } from './states';

/**
 * A line's or station's state: the word, coloured; a stop carries a mark as
 * well. `undefined` is a line that has not reported at all.
 */
export function LineStateBadge({
  state,
  testId,
  large = false,
}: {
  state: string | null | undefined;
  testId?: string;
  large?: boolean;
}) {
  // The hook re-renders the badge when the language changes.
  const { t } = useTranslation();
  return (
    <span
      className={`line-state line-state--${stateClass(state)}${large ? ' line-state--large' : ''}`}
      data-testid={testId}
      data-state={state === undefined ? 'none' : (state ?? 'unknown')}
    >
      {state === undefined ? t('floor:state.noData') : stateLabel(state)}
    </span>
  );
}

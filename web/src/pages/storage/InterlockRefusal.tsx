import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { problemText } from '../../api/error-text';
import { FormError } from '../../components/FormError';
import { withLocalTimes } from '../../format';

/**
 * The refusal codes of the explosives-safety interlocks
 * (src/modules/storage/hazard.ts REFUSAL_CODES); each has a headline under
 * storage:interlock.headline.
 */
export const INTERLOCK_CODES: readonly string[] = [
  'unknown_location',
  'unknown_material',
  'not_explosive_in_magazine',
  'no_explosives_here',
  'division_not_allowed',
  'group_not_allowed',
  'mixing_forbidden',
  'mixing_not_covered',
  'mixing_over_quantity',
  'no_explosive_limit',
  'explosive_limit_exceeded',
];

/** Whether an error is a safety interlock's refusal (409, with one of the interlock codes). */
export function isInterlockRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && INTERLOCK_CODES.includes(error.code);
}

/**
 * A refused movement, in full and impossible to miss: what the interlock
 * found, in the reader's language, and its code. Nothing was moved.
 */
export function InterlockRefusal({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  return (
    <div className="st-refusal" role="alert" data-testid="interlock-refusal" data-code={error.code}>
      <p className="st-refusal__eyebrow">{t('storage:interlock.eyebrow')}</p>
      <p className="st-refusal__headline">
        {t(`storage:interlock.headline.${error.code}`, {
          defaultValue: t('storage:interlock.refused'),
        })}{' '}
        <code className="st-refusal__code" data-testid="interlock-code">
          {error.code}
        </code>
      </p>
      <p className="st-refusal__detail" data-testid="interlock-detail">
        {withLocalTimes(problemText(error.problem))}
      </p>
      <p className="st-refusal__next small">{t('storage:interlock.next')}</p>
    </div>
  );
}

/**
 * What a stock command's form shows when it failed: an interlock's refusal
 * in full, anything else (a problem the form found itself, or the server's)
 * as the form's error.
 */
export function StockCommandError({
  problem,
  error,
  testId,
}: {
  /** A problem the form found before sending, in the reader's language. */
  problem: string | undefined;
  /** The command's error, if the server refused it. */
  error: unknown;
  testId: string;
}) {
  if (isInterlockRefusal(error)) return <InterlockRefusal error={error} />;
  return <FormError error={problem ? new Error(problem) : error} testId={testId} />;
}

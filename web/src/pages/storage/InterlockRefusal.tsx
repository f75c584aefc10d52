import { ApiError } from '../../api/client';
import { withLocalTimes } from '../../format';

/**
 * The refusal codes of the explosives-safety interlocks
 * (src/modules/storage/hazard.ts REFUSAL_CODES), each as a headline.
 */
export const INTERLOCK_HEADLINE: Readonly<Record<string, string>> = {
  unknown_location: 'There is no such location',
  unknown_material: 'The hazard of a material is unknown',
  not_explosive_in_magazine: 'Magazines hold explosives only',
  no_explosives_here: 'This location takes no explosives',
  division_not_allowed: 'This hazard division may not be stored here',
  group_not_allowed: 'This compatibility group may not be stored here',
  mixing_forbidden: 'These compatibility groups may not be stored together',
  mixing_not_covered: 'No rule allows these compatibility groups together',
  mixing_over_quantity: 'These groups may be stored together only in a smaller quantity',
  no_explosive_limit: 'This location has no net explosive limit',
  explosive_limit_exceeded: 'The net explosive limit would be exceeded',
};

/** Whether an error is a safety interlock's refusal (409, with one of the interlock codes). */
export function isInterlockRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.code in INTERLOCK_HEADLINE;
}

/**
 * A refused movement, in full and impossible to miss: what the interlock
 * found, in the server's own words, and its code. Nothing was moved.
 */
export function InterlockRefusal({ error }: { error: ApiError }) {
  return (
    <div className="st-refusal" role="alert" data-testid="interlock-refusal" data-code={error.code}>
      <p className="st-refusal__eyebrow">Refused by the safety interlock · nothing was moved</p>
      <p className="st-refusal__headline">
        {INTERLOCK_HEADLINE[error.code] ?? 'Refused'}{' '}
        <code className="st-refusal__code" data-testid="interlock-code">
          {error.code}
        </code>
      </p>
      <p className="st-refusal__detail" data-testid="interlock-detail">
        {withLocalTimes(error.problem.detail)}
      </p>
      <p className="st-refusal__next small">
        No role can override an interlock. Choose another location, or ask the safety officer, who
        owns the plant file’s storage rules.
      </p>
    </div>
  );
}

import { ApiError } from '../api/client';
import { withLocalTimes } from '../format';

/** The refusal of a form, in the server's words (its problem detail). */
export function FormError({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const detail =
    error instanceof ApiError
      ? error.problem.detail
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <p className="form-error" role="alert" data-testid={testId ?? 'form-error'}>
      {withLocalTimes(detail)}
    </p>
  );
}

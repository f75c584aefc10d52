import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { problemText } from '../api/error-text';

/** The refusal of a form in the user's language: the message of the problem's code. */
export function FormError({ error, testId }: { error: unknown; testId?: string }) {
  // Re-rendered when the language changes, so the message follows it.
  useTranslation();
  if (!error) return null;
  const detail =
    error instanceof ApiError
      ? problemText(error.problem)
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <p
      className="form-error"
      role="alert"
      data-testid={testId ?? 'form-error'}
      {...(error instanceof ApiError ? { 'data-code': error.code } : {})}
    >
      {detail}
    </p>
  );
}

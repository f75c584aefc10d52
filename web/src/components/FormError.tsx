import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { fieldProblemText, problemText } from '../api/error-text';

/**
 * The refusal of a form in the user's language: the message of the problem's
 * code, and under it each finding the problem names (a plant check's, a bad
 * field's) with its own message.
 */
export function FormError({ error, testId }: { error: unknown; testId?: string }) {
  // Re-rendered when the language changes, so the message follows it.
  const { t } = useTranslation();
  if (!error) return null;
  const detail =
    error instanceof ApiError
      ? problemText(error.problem)
      : error instanceof Error
        ? error.message
        : String(error);
  const findings = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <>
      <p
        className="form-error"
        role="alert"
        data-testid={testId ?? 'form-error'}
        {...(error instanceof ApiError ? { 'data-code': error.code } : {})}
      >
        {detail}
      </p>
      {findings.length > 0 && (
        <ul
          className="form-error form-error__fields"
          aria-label={t('errors:panel.fields')}
          data-testid={`${testId ?? 'form-error'}-fields`}
        >
          {findings.map((e) => (
            <li key={`${e.path}:${e.message}`} data-code={e.code}>
              <code>{e.path}</code> {fieldProblemText(e)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { fieldProblemText, problemText, problemTitle } from '../api/error-text';

interface ErrorPanelProps {
  error: unknown;
  /** What was being done, in the user's language, e.g. "Loading the lines". */
  context?: string;
}

/**
 * An API failure in the user's language: the message of the problem's code
 * (or the server's own detail, for a code the app has no words for), and
 * each bad field with its own message.
 */
export function ErrorPanel({ error, context }: ErrorPanelProps) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title = problem ? problemTitle(problem) : t('errors:panel.somethingWentWrong');
  const detail = problem
    ? problemText(problem)
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <div
      className="error-panel"
      role="alert"
      data-testid="error-panel"
      {...(problem ? { 'data-code': problem.code } : {})}
    >
      <p className="error-panel__title">
        {context ? t('errors:panel.failed', { context, title }) : title}
      </p>
      <p className="error-panel__detail" data-testid="error-detail">
        {detail}
      </p>
      {problem?.errors && problem.errors.length > 0 && (
        <ul className="error-panel__fields" aria-label={t('errors:panel.fields')}>
          {problem.errors.map((e) => (
            <li key={`${e.path}:${e.message}`} data-code={e.code}>
              <code>{e.path}</code> {fieldProblemText(e)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

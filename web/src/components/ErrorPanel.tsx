import { ApiError } from '../api/client';

interface ErrorPanelProps {
  error: unknown;
  /** What was being done, e.g. "Loading the lines". */
  context?: string;
}

/** An API failure in the server's own words (the problem detail). */
export function ErrorPanel({ error, context }: ErrorPanelProps) {
  const problem = error instanceof ApiError ? error.problem : undefined;
  const title = problem
    ? `${problem.title}${problem.status ? ` (${problem.status})` : ''}`
    : 'Something went wrong';
  const detail = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <div className="error-panel" role="alert" data-testid="error-panel">
      <p className="error-panel__title">
        {context ? `${context} failed: ` : ''}
        {title}
      </p>
      <p className="error-panel__detail" data-testid="error-detail">
        {detail}
      </p>
      {problem?.errors && problem.errors.length > 0 && (
        <ul className="error-panel__fields">
          {problem.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Last resort when a page throws while drawing: say so, and offer a way back. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <main className="app-main">
      <div className="error-panel" role="alert">
        <p className="error-panel__title">{t('nav:routeError.title')}</p>
        <p className="error-panel__detail">{message}</p>
        <p>
          <Link to="/plant">{t('nav:backToPlant')}</Link>
        </p>
      </div>
    </main>
  );
}

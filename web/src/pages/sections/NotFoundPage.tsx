import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <section className="not-built" aria-labelledby="not-found-title" data-testid="not-found">
      <h1 id="not-found-title">{t('nav:notFound.title')}</h1>
      <p>
        {t('nav:notFound.nothingAt')} <code>{pathname}</code>.
      </p>
      <p>
        <Link to="/plant">{t('nav:backToPlant')}</Link>
      </p>
    </section>
  );
}

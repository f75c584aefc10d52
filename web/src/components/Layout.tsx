import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { usePlantSummary } from '../api/plant';
import { useCan } from '../auth/session';
import { formatInteger } from '../format';
import { ADMIN_SECTIONS, SECTIONS } from '../sections';
import { DemoBanner } from './DemoBanner';
import { UserMenu } from './UserMenu';

function SiteBadge() {
  const { t } = useTranslation();
  const summary = usePlantSummary();
  if (summary.isPending) return <span className="site site--muted">{t('nav:site.loading')}</span>;
  if (summary.isError) return <span className="site site--muted">{t('nav:site.none')}</span>;
  const { site, revision } = summary.data;
  return (
    <span className="site" data-testid="site-name">
      <span className="site__name">{site.name}</span>
      <span className="site__meta">
        {t('nav:site.meta', { code: site.code, revision: formatInteger(revision.number) })}
      </span>
    </span>
  );
}

/** The frame every page slots into: header, section navigation, main content. */
export function Layout() {
  // Subscribed to the language: the section names below are read at render time.
  const { t } = useTranslation();
  const can = useCan();
  const sections = SECTIONS.filter((s) => can(s.permission));
  const admin = ADMIN_SECTIONS.filter((s) => can(s.permission));
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav:skipToContent')}
      </a>
      <DemoBanner />
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label={t('nav:home')}>
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('nav:brand')}</span>
        </NavLink>
        {can('plant.read') && <SiteBadge />}
        <UserMenu />
      </header>
      <nav className="app-nav" aria-label={t('nav:sectionsLabel')}>
        <ul>
          {sections.map((section) => (
            <li key={section.path}>
              <NavLink to={section.path}>{section.label()}</NavLink>
            </li>
          ))}
          {admin.map((section, index) => (
            <li key={section.path} className={index === 0 ? 'app-nav__admin' : undefined}>
              <NavLink to={section.path}>{section.label()}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

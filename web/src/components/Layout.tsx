import { NavLink, Outlet } from 'react-router';
import { usePlantSummary } from '../api/plant';
import { SECTIONS } from '../sections';

function SiteBadge() {
  const summary = usePlantSummary();
  if (summary.isPending) return <span className="site site--muted">Loading plant…</span>;
  if (summary.isError) return <span className="site site--muted">No plant loaded</span>;
  const { site, revision } = summary.data;
  return (
    <span className="site" data-testid="site-name">
      <span className="site__name">{site.name}</span>
      <span className="site__meta">
        {site.code} · revision {revision.number}
      </span>
    </span>
  );
}

/** The frame every page slots into: header, section navigation, main content. */
export function Layout() {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label="Lotline home">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">Lotline</span>
        </NavLink>
        <SiteBadge />
      </header>
      <nav className="app-nav" aria-label="Sections">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.path}>
              <NavLink to={section.path}>{section.label}</NavLink>
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

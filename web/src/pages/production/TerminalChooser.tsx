import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLines } from '../../api/plant';
import { QueryView } from '../../components/QueryView';

/** /production/terminal — which line's terminal to open. */
export function TerminalChooser() {
  const { t } = useTranslation();
  const lines = useLines();
  return (
    <div className="page" data-testid="terminal-chooser">
      <nav className="breadcrumbs" aria-label={t('production:breadcrumb')}>
        <ol>
          <li>
            <Link to="/production">{t('production:list.title')}</Link>
          </li>
          <li aria-current="page">{t('production:terminals.title')}</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('production:list.eyebrow')}</p>
        <h1>{t('production:terminals.title')}</h1>
      </header>
      <p className="muted">{t('production:terminals.intro')}</p>
      <QueryView query={lines} what={t('production:terminals.loading')}>
        {(data) => (
          <ul className="terminal-lines">
            {data.map((line) => (
              <li key={line.code}>
                <Link
                  className="terminal-lines__link"
                  to={`/production/terminal/${encodeURIComponent(line.code)}`}
                  data-testid={`terminal-line-${line.code}`}
                >
                  <span className="terminal-lines__code">{line.code}</span>
                  <span className="terminal-lines__name">{line.name}</span>
                  <span className="terminal-lines__products">
                    {line.products.map((p) => p.product).join(' · ')}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}

import { Link } from 'react-router';
import { useLines } from '../../api/plant';
import { QueryView } from '../../components/QueryView';

/** /production/terminal — which line's terminal to open. */
export function TerminalChooser() {
  const lines = useLines();
  return (
    <div className="page" data-testid="terminal-chooser">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/production">Work orders</Link>
          </li>
          <li aria-current="page">Line terminals</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">Production</p>
        <h1>Line terminals</h1>
      </header>
      <p className="muted">The touch screen at a line: choose the line this screen stands at.</p>
      <QueryView query={lines} what="the lines">
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

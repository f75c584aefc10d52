import { Link } from 'react-router';
import type { Section } from '../../sections';

/** The honest page of a section that is not built yet. */
export function NotBuiltPage({ section }: { section: Section }) {
  return (
    <section className="not-built" data-testid="not-built" aria-labelledby="not-built-title">
      <h1 id="not-built-title">{section.label}</h1>
      <p className="not-built__lead">This section is not built yet.</p>
      <p>
        {section.label} — {section.comingWith}.
      </p>
      <p>
        Until then, the <Link to="/plant">plant master data</Link> is where to look.
      </p>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Section } from '../../sections';

/** The honest page of a section that is not built yet. */
export function NotBuiltPage({ section }: { section: Section }) {
  const { t } = useTranslation();
  return (
    <section className="not-built" data-testid="not-built" aria-labelledby="not-built-title">
      <h1 id="not-built-title">{section.label()}</h1>
      <p className="not-built__lead">{t('nav:notBuilt.lead')}</p>
      {section.comingWith && (
        <p>
          {section.label()} — {section.comingWith()}.
        </p>
      )}
      <p>
        {t('nav:notBuilt.meanwhile')} <Link to="/plant">{t('nav:notBuilt.plantLink')}</Link>.
      </p>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import type { PlantSummary } from '../../api/types';
import { Country } from '../../components/Country';
import { formatDateTime, formatInteger } from '../../format';

/** The master data counted on the plant page, each named by plant:facts.counts.<key>. */
const COUNTED = [
  'lines',
  'stations',
  'materials',
  'locations',
  'customers',
  'suppliers',
  'specifications',
] as const;

export function PlantFacts({ summary }: { summary: PlantSummary }) {
  const { t } = useTranslation();
  const { site, revision, counts } = summary;
  return (
    <div className="plant-facts" data-testid="plant-facts">
      <dl className="facts facts--plain">
        <div className="facts__item">
          <dt>{t('plant:facts.site')}</dt>
          <dd>
            <code className="code">{site.code}</code>
          </dd>
        </div>
        <div className="facts__item">
          <dt>{t('plant:facts.country')}</dt>
          <dd>
            <Country code={site.country} />
          </dd>
        </div>
        <div className="facts__item">
          <dt>{t('plant:facts.timeZone')}</dt>
          <dd>{site.timezone}</dd>
        </div>
        <div className="facts__item">
          <dt>{t('plant:facts.revision')}</dt>
          <dd>
            {revision.number}{' '}
            <span className="muted small">{formatDateTime(revision.loadedAt, site.timezone)}</span>
          </dd>
        </div>
      </dl>
      <ul className="counts" aria-label={t('plant:facts.countsLabel')}>
        {COUNTED.map((key) => (
          <li key={key}>
            <span className="counts__value">{formatInteger(counts[key] ?? 0)}</span>
            <span className="counts__label">{t(`plant:facts.counts.${key}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

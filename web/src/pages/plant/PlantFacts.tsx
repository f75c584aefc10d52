import type { PlantSummary } from '../../api/types';
import { Country } from '../../components/Country';
import { formatDateTime, formatInteger } from '../../format';

const COUNTED: [key: string, label: string][] = [
  ['lines', 'Lines'],
  ['stations', 'Stations'],
  ['materials', 'Materials'],
  ['locations', 'Locations'],
  ['customers', 'Customers'],
  ['suppliers', 'Suppliers'],
  ['specifications', 'Specifications'],
];

export function PlantFacts({ summary }: { summary: PlantSummary }) {
  const { site, revision, counts } = summary;
  return (
    <div className="plant-facts" data-testid="plant-facts">
      <dl className="facts facts--plain">
        <div className="facts__item">
          <dt>Site</dt>
          <dd>
            <code className="code">{site.code}</code>
          </dd>
        </div>
        <div className="facts__item">
          <dt>Country</dt>
          <dd>
            <Country code={site.country} />
          </dd>
        </div>
        <div className="facts__item">
          <dt>Time zone</dt>
          <dd>{site.timezone}</dd>
        </div>
        <div className="facts__item">
          <dt>Revision</dt>
          <dd>
            {revision.number}{' '}
            <span className="muted small">{formatDateTime(revision.loadedAt, site.timezone)}</span>
          </dd>
        </div>
      </dl>
      <ul className="counts" aria-label="Master data counts">
        {COUNTED.map(([key, label]) => (
          <li key={key}>
            <span className="counts__value">{formatInteger(counts[key] ?? 0)}</span>
            <span className="counts__label">{label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PlantCapacity } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatCompact, formatInteger, formatPercent } from '../../format';
import { YearSelect } from './YearSelect';

interface CapacityHeadlineProps {
  capacity: UseQueryResult<PlantCapacity>;
  year: number;
  onYearChange: (year: number) => void;
}

/** The plant's rated capacity for a year: the number the plant is built around. */
export function CapacityHeadline({ capacity, year, onYearChange }: CapacityHeadlineProps) {
  const { t } = useTranslation();
  const data = capacity.data;
  const lines = data?.lines ?? [];
  const largest = Math.max(0, ...lines.map((l) => l.ratedPerYear));
  return (
    <section
      className="headline"
      aria-labelledby="capacity-title"
      aria-busy={capacity.isFetching}
      data-testid="plant-capacity"
    >
      <div className="headline__main">
        <h2 id="capacity-title" className="headline__label">
          {t('plant:capacity.title', { year: data?.year ?? year })}
        </h2>
        {capacity.isError ? (
          <ErrorPanel error={capacity.error} context={t('plant:loading.capacityContext')} />
        ) : data ? (
          <>
            <p className="headline__value" data-testid="plant-capacity-compact">
              {formatCompact(data.ratedPerYear)} <span>{t('plant:capacity.perYear')}</span>
            </p>
            <p className="headline__exact" data-testid="plant-capacity-exact">
              {t('plant:capacity.exact', {
                count: lines.length,
                rated: formatInteger(data.ratedPerYear),
              })}
            </p>
          </>
        ) : (
          <Loading what={t('plant:loading.capacity')} />
        )}
      </div>
      <YearSelect year={year} onChange={onYearChange} />
      {data && (
        <ul className="headline__lines" aria-label={t('plant:capacity.byLine')}>
          {lines.map((line) => (
            <li key={line.line}>
              <span className="headline__line-code">{line.line}</span>
              <span className="headline__line-value">{formatInteger(line.ratedPerYear)}</span>
              <span className="headline__line-share">
                {data.ratedPerYear > 0 ? formatPercent(line.ratedPerYear / data.ratedPerYear) : '—'}
              </span>
              <span
                className="headline__bar"
                style={{ inlineSize: `${largest > 0 ? (line.ratedPerYear / largest) * 100 : 0}%` }}
                aria-hidden="true"
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

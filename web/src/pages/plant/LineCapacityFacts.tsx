import { useTranslation } from 'react-i18next';
import type { LineCapacity } from '../../api/types';
import { formatDecimal, formatInteger } from '../../format';

export function LineCapacityFacts({ capacity: c }: { capacity: LineCapacity }) {
  const { t } = useTranslation();
  return (
    <dl className="facts" data-testid={`capacity-${c.line}`}>
      <div className="facts__item facts__item--lead">
        <dt>{t('plant:line.rated', { year: c.year })}</dt>
        <dd data-testid={`rated-${c.line}`}>{formatInteger(c.ratedPerYear)}</dd>
      </div>
      <div className="facts__item">
        <dt>{t('plant:line.workingDays')}</dt>
        <dd>{formatInteger(c.workingDays)}</dd>
      </div>
      <div className="facts__item">
        <dt>{t('plant:line.availableMinutes')}</dt>
        <dd>{formatInteger(c.availableMinutes)}</dd>
      </div>
      <div className="facts__item">
        <dt>{t('plant:line.mixRate')}</dt>
        <dd>{formatDecimal(c.mixRatePerMinute)}</dd>
      </div>
    </dl>
  );
}

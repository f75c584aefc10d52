import { useTranslation } from 'react-i18next';
import type { LiveLine } from '../../api/telemetry';
import { formatDecimal, formatInteger, formatPercent } from '../../format';

const percentOrDash = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : formatPercent(value);

interface LineFiguresProps {
  live: LiveLine;
  /** The rated rate of the product the line runs, units per minute. */
  ratedRate: number | undefined;
  /** On the line page: the OEE factors too. */
  detailed?: boolean;
}

/** Counts, rate and the shift's OEE of one line, as a description list. */
export function LineFigures({ live, ratedRate, detailed = false }: LineFiguresProps) {
  const { t } = useTranslation();
  const { line, shift } = live;
  return (
    <dl className="floor-figures">
      <div className="floor-figures__item floor-figures__item--lead">
        <dt>{t('floor:figures.good')}</dt>
        <dd data-testid={`good-${line}`} data-value={live.good}>
          {formatInteger(live.good)}
        </dd>
      </div>
      <div className="floor-figures__item floor-figures__item--lead">
        <dt>{t('floor:figures.reject')}</dt>
        <dd data-testid={`reject-${line}`} data-value={live.reject}>
          {formatInteger(live.reject)}
        </dd>
      </div>
      <div className="floor-figures__item">
        <dt>
          {t('floor:figures.rate')} <span className="muted">{t('floor:figures.rateUnit')}</span>
        </dt>
        <dd data-testid={`rate-${line}`}>
          {live.ratePerMinute === null
            ? '—'
            : formatDecimal(Math.round(live.ratePerMinute * 10) / 10)}
          {ratedRate !== undefined && (
            <span className="floor-figures__of">
              {' '}
              {t('floor:figures.ofRated', { rate: formatDecimal(ratedRate) })}
            </span>
          )}
        </dd>
      </div>
      <div className="floor-figures__item">
        <dt>
          {shift ? t('floor:figures.oeeShift', { shift: shift.shift }) : t('floor:figures.oee')}
        </dt>
        <dd data-testid={`oee-${line}`} title={shift?.unavailable}>
          {shift ? (
            percentOrDash(shift.oee)
          ) : (
            <span className="muted">{t('floor:figures.noShift')}</span>
          )}
        </dd>
      </div>
      {detailed && shift && (
        <>
          <div className="floor-figures__item">
            <dt>{t('floor:figures.availability')}</dt>
            <dd>{percentOrDash(shift.availability)}</dd>
          </div>
          <div className="floor-figures__item">
            <dt>{t('floor:figures.performance')}</dt>
            <dd>{percentOrDash(shift.effectiveness)}</dd>
          </div>
          <div className="floor-figures__item">
            <dt>{t('floor:figures.quality')}</dt>
            <dd>{percentOrDash(shift.qualityRatio)}</dd>
          </div>
          <div className="floor-figures__item">
            <dt>{t('floor:figures.shiftGoodScrap')}</dt>
            <dd>
              {formatInteger(shift.good)} / {formatInteger(shift.scrap)}
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

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
  const { line, shift } = live;
  return (
    <dl className="floor-figures">
      <div className="floor-figures__item floor-figures__item--lead">
        <dt>Good</dt>
        <dd data-testid={`good-${line}`} data-value={live.good}>
          {formatInteger(live.good)}
        </dd>
      </div>
      <div className="floor-figures__item floor-figures__item--lead">
        <dt>Reject</dt>
        <dd data-testid={`reject-${line}`} data-value={live.reject}>
          {formatInteger(live.reject)}
        </dd>
      </div>
      <div className="floor-figures__item">
        <dt>
          Rate <span className="muted">/min, last 5 min</span>
        </dt>
        <dd data-testid={`rate-${line}`}>
          {live.ratePerMinute === null
            ? '—'
            : formatDecimal(Math.round(live.ratePerMinute * 10) / 10)}
          {ratedRate !== undefined && (
            <span className="floor-figures__of"> of {formatDecimal(ratedRate)} rated</span>
          )}
        </dd>
      </div>
      <div className="floor-figures__item">
        <dt>{shift ? `OEE, shift ${shift.shift}` : 'OEE'}</dt>
        <dd data-testid={`oee-${line}`} title={shift?.unavailable}>
          {shift ? percentOrDash(shift.oee) : <span className="muted">no shift now</span>}
        </dd>
      </div>
      {detailed && shift && (
        <>
          <div className="floor-figures__item">
            <dt>Availability</dt>
            <dd>{percentOrDash(shift.availability)}</dd>
          </div>
          <div className="floor-figures__item">
            <dt>Performance</dt>
            <dd>{percentOrDash(shift.effectiveness)}</dd>
          </div>
          <div className="floor-figures__item">
            <dt>Quality</dt>
            <dd>{percentOrDash(shift.qualityRatio)}</dd>
          </div>
          <div className="floor-figures__item">
            <dt>Shift good / scrap</dt>
            <dd>
              {formatInteger(shift.good)} / {formatInteger(shift.scrap)}
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

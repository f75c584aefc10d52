import type { LineCapacity } from '../../api/types';
import { formatDecimal, formatInteger } from '../../format';

export function LineCapacityFacts({ capacity: c }: { capacity: LineCapacity }) {
  return (
    <dl className="facts" data-testid={`capacity-${c.line}`}>
      <div className="facts__item facts__item--lead">
        <dt>Rated {c.year}</dt>
        <dd data-testid={`rated-${c.line}`}>{formatInteger(c.ratedPerYear)}</dd>
      </div>
      <div className="facts__item">
        <dt>Working days</dt>
        <dd>{formatInteger(c.workingDays)}</dd>
      </div>
      <div className="facts__item">
        <dt>Available min</dt>
        <dd>{formatInteger(c.availableMinutes)}</dd>
      </div>
      <div className="facts__item">
        <dt>Mix rate /min</dt>
        <dd>{formatDecimal(c.mixRatePerMinute)}</dd>
      </div>
    </dl>
  );
}

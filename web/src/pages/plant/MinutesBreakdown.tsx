import type { LineCapacity } from '../../api/types';
import { formatDecimal, formatInteger } from '../../format';

/** How a line's rated output comes about: calendar time less stops, times the mix rate. */
export function MinutesBreakdown({ capacity: c }: { capacity: LineCapacity }) {
  return (
    <table className="table table--compact" data-testid={`minutes-${c.line}`}>
      <caption>
        Rated output {c.year}, calendar <code className="code">{c.calendar}</code>
      </caption>
      <tbody>
        <tr>
          <th scope="row">Shift time</th>
          <td className="num">{formatInteger(c.shiftMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">less breaks</th>
          <td className="num">−{formatInteger(c.breakMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">less holidays</th>
          <td className="num">−{formatInteger(c.holidayMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">less planned maintenance</th>
          <td className="num">−{formatInteger(c.maintenanceMinutes)}</td>
        </tr>
        <tr className="total">
          <th scope="row">Available</th>
          <td className="num">{formatInteger(c.availableMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">× mix rate /min</th>
          <td className="num">{formatDecimal(c.mixRatePerMinute)}</td>
        </tr>
        <tr className="total">
          <th scope="row">Rated output</th>
          <td className="num">{formatInteger(c.ratedPerYear)}</td>
        </tr>
      </tbody>
    </table>
  );
}

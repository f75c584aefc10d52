import type { Station } from '../../api/types';
import { formatDecimal, humanize } from '../../format';

/** The slowest stations of a line: they bound its rate. Ties are all marked. */
export function bottlenecks(stations: readonly Station[]): Set<string> {
  const slowest = Math.min(...stations.map((s) => s.ratePerMinute));
  return new Set(stations.filter((s) => s.ratePerMinute === slowest).map((s) => s.code));
}

export function StationsTable({ stations, line }: { stations: Station[]; line: string }) {
  const slowest = bottlenecks(stations);
  const fastest = Math.max(...stations.map((s) => s.ratePerMinute));
  return (
    <table className="table table--compact stations-table" data-testid={`stations-${line}`}>
      <caption>Stations in flow order</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">Station</th>
          <th scope="col">Kind</th>
          <th scope="col" className="num">
            Nominal /min
          </th>
        </tr>
      </thead>
      <tbody>
        {stations.map((station, index) => {
          const isBottleneck = slowest.has(station.code);
          return (
            <tr
              key={station.code}
              className={isBottleneck ? 'is-bottleneck' : undefined}
              data-testid={`station-${line}-${station.code}`}
            >
              <td className="num muted">{index + 1}</td>
              <th scope="row">
                <code className="code">{station.code}</code> {station.name}
                {isBottleneck && <span className="badge badge--warn">Bottleneck</span>}
              </th>
              <td className="muted">{humanize(station.kind)}</td>
              <td className="num rate-cell">
                <span
                  className="rate-bar"
                  style={{ inlineSize: `${(station.ratePerMinute / fastest) * 100}%` }}
                  aria-hidden="true"
                />
                <span className="rate-value">{formatDecimal(station.ratePerMinute)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

import { useTranslation } from 'react-i18next';
import type { Station } from '../../api/types';
import { formatDecimal } from '../../format';

/** The slowest stations of a line: they bound its rate. Ties are all marked. */
export function bottlenecks(stations: readonly Station[]): Set<string> {
  const slowest = Math.min(...stations.map((s) => s.ratePerMinute));
  return new Set(stations.filter((s) => s.ratePerMinute === slowest).map((s) => s.code));
}

export function StationsTable({ stations, line }: { stations: Station[]; line: string }) {
  const { t } = useTranslation();
  const slowest = bottlenecks(stations);
  const fastest = Math.max(...stations.map((s) => s.ratePerMinute));
  return (
    <table className="table table--compact stations-table" data-testid={`stations-${line}`}>
      <caption>{t('plant:stations.caption')}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">{t('plant:stations.station')}</th>
          <th scope="col">{t('plant:stations.kind')}</th>
          <th scope="col" className="num">
            {t('plant:stations.nominal')}
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
                {isBottleneck && (
                  <span className="badge badge--warn">{t('plant:stations.bottleneck')}</span>
                )}
              </th>
              <td className="muted">{t(`plant:stationKind.${station.kind}`)}</td>
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

import { useTranslation } from 'react-i18next';
import type { LiveStation } from '../../api/telemetry';
import type { Line } from '../../api/types';
import { formatInteger } from '../../format';
import { LineStateBadge } from './LineStateBadge';
import { formatClock, formatSpan } from './time';

interface StationStatesProps {
  line: string;
  stations: readonly LiveStation[];
  plantLine: Line | undefined;
  reasonName: (code: string) => string | undefined;
  now: number;
  timeZone: string | undefined;
}

/** Each station's state and counters, in flow order. */
export function StationStates({
  line,
  stations,
  plantLine,
  reasonName,
  now,
  timeZone,
}: StationStatesProps) {
  const { t } = useTranslation();
  const order = plantLine?.stations.map((s) => s.code) ?? [];
  const rank = (code: string) => {
    const i = order.indexOf(code);
    return i < 0 ? order.length : i;
  };
  const sorted = [...stations].sort((a, b) => rank(a.station) - rank(b.station));
  if (sorted.length === 0) return <p className="muted">{t('floor:stations.none')}</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid={`station-states-${line}`}>
        <caption>{t('floor:stations.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('floor:stations.station')}</th>
            <th scope="col">{t('floor:stations.state')}</th>
            <th scope="col">{t('floor:stations.reason')}</th>
            <th scope="col">{t('floor:stations.since')}</th>
            <th scope="col" className="num">
              {t('floor:stations.good')}
            </th>
            <th scope="col" className="num">
              {t('floor:stations.reject')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((s) => (
            <tr key={s.station} data-testid={`station-state-${s.station}`}>
              <th scope="row">
                <code className="code">{s.station}</code>{' '}
                {plantLine?.stations.find((p) => p.code === s.station)?.name ?? ''}
              </th>
              <td>
                <LineStateBadge state={s.state} />
              </td>
              <td>
                {s.reason ? (
                  <>
                    <code className="code">{s.reason}</code> {reasonName(s.reason) ?? ''}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {s.since ? (
                  <>
                    {formatClock(s.since, timeZone)}{' '}
                    <span className="muted">({formatSpan(now - Date.parse(s.since))})</span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="num">{formatInteger(s.good)}</td>
              <td className="num">{formatInteger(s.reject)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

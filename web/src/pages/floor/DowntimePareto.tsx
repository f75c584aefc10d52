import { useTranslation } from 'react-i18next';
import type { ParetoEntry } from '../../api/machine';
import { formatDecimal, formatInteger, formatPercent } from '../../format';

interface DowntimeParetoProps {
  line: string;
  entries: readonly ParetoEntry[];
  reasonName: (code: string) => string | undefined;
}

/**
 * Downtime by reason, longest first, with each reason's minutes, its share as
 * a bar and the cumulative share: the few reasons that make most of the lost
 * time stand out. A table, so that it reads without the bars.
 */
export function DowntimePareto({ line, entries, reasonName }: DowntimeParetoProps) {
  const { t } = useTranslation();
  if (entries.length === 0) {
    return (
      <p className="muted" data-testid="downtime-pareto-empty">
        {t('floor:pareto.empty')}
      </p>
    );
  }
  const longest = Math.max(...entries.map((e) => e.durationMs));
  const total = entries.reduce((sum, e) => sum + e.durationMs, 0);
  return (
    <div className="table-scroll">
      <table className="table table--compact pareto" data-testid="downtime-pareto">
        <caption>
          {t('floor:pareto.caption', {
            line,
            minutes: formatDecimal(Math.round(total / 6_000) / 10),
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('floor:pareto.reason')}</th>
            <th scope="col" className="num">
              {t('floor:pareto.stops')}
            </th>
            <th scope="col" className="num">
              {t('floor:pareto.minutes')}
            </th>
            <th scope="col" className="pareto__bar-col">
              {t('floor:pareto.share')}
            </th>
            <th scope="col" className="num">
              {t('floor:pareto.cumulative')}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.reason ?? '(none)'} data-testid={`pareto-${entry.reason ?? 'none'}`}>
              <th scope="row">
                {entry.reason ? (
                  <>
                    <code className="code">{entry.reason}</code>{' '}
                    {entry.name ?? reasonName(entry.reason) ?? ''}
                  </>
                ) : (
                  <span className="muted">{t('floor:pareto.noReason')}</span>
                )}
              </th>
              <td className="num">{formatInteger(entry.count)}</td>
              <td className="num">{formatDecimal(Math.round(entry.durationMs / 6_000) / 10)}</td>
              <td className="pareto__bar-cell">
                <span
                  className="pareto__bar"
                  style={{ inlineSize: `${(entry.durationMs / longest) * 100}%` }}
                  aria-hidden="true"
                />
                <span className="pareto__share">{formatPercent(entry.share)}</span>
              </td>
              <td className="num">{formatPercent(entry.cumulativeShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineInterval } from '../../api/machine';
import { formatInteger, formatPercent } from '../../format';
import { stateClass, stateLabel } from './states';
import { formatClock, formatSpan } from './time';
import { hourTicks, stateTotals, timelineSegments } from './timeline';

interface StateTimelineProps {
  line: string;
  intervals: readonly TimelineInterval[];
  window: { from: number; to: number };
  reasonName: (code: string) => string | undefined;
  timeZone: string | undefined;
}

const HATCHED = new Set(['down', 'offline']);

/**
 * The line's states across the window as one horizontal bar. The colours are
 * backed by words: each interval has a title, the legend says the time in
 * each state, and the intervals are also listed as a table.
 */
export function StateTimeline({
  line,
  intervals,
  window,
  reasonName,
  timeZone,
}: StateTimelineProps) {
  const { t } = useTranslation();
  const id = useId();
  const segments = timelineSegments(intervals, window);
  const totals = stateTotals(segments, window);
  const summary = totals
    .map(
      (total) =>
        `${stateLabel(total.state === 'unknown' ? null : total.state)} ${formatPercent(total.share)}`,
    )
    .join(', ');
  const describe = (s: TimelineInterval) =>
    `${stateLabel(s.state)}${s.reason ? ` (${s.reason} ${reasonName(s.reason) ?? ''})` : ''}, ${formatClock(s.from, timeZone)}–${formatClock(s.to, timeZone)}, ${formatSpan(s.to - s.from)}`;
  const hatch = `${id}-hatch`;
  return (
    <figure className="state-timeline" data-testid="state-timeline" data-segments={segments.length}>
      <figcaption className="visually-hidden">
        {t('floor:timeline.caption', {
          line,
          from: formatClock(window.from, timeZone),
          to: formatClock(window.to, timeZone),
        })}
      </figcaption>
      <svg
        className="state-timeline__bar"
        viewBox="0 0 100 10"
        preserveAspectRatio="none"
        role="img"
        aria-label={t('floor:timeline.label', {
          line,
          summary: summary || t('floor:timeline.nothingReportedShort'),
        })}
      >
        <defs>
          <pattern
            id={hatch}
            width="1.2"
            height="2"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="0.45" height="2" className="state-timeline__hatch" />
          </pattern>
        </defs>
        <rect x="0" y="0" width="100" height="10" className="tl tl--unknown" />
        {segments.map((s) => (
          <g key={`${s.from}-${s.state}`} data-state={s.state}>
            <rect
              x={s.x}
              y="0"
              width={s.width}
              height="10"
              className={`tl tl--${stateClass(s.state)}`}
            >
              <title>{describe(s)}</title>
            </rect>
            {HATCHED.has(s.state) && (
              <rect x={s.x} y="0" width={s.width} height="10" fill={`url(#${hatch})`} />
            )}
          </g>
        ))}
      </svg>
      <div className="state-timeline__axis" aria-hidden="true">
        {hourTicks(window).map((t) => {
          const at = ((t - window.from) / (window.to - window.from)) * 100;
          // Labels at the ends stay inside the bar's width.
          const edge =
            at < 4 ? ' state-timeline__tick--start' : at > 96 ? ' state-timeline__tick--end' : '';
          return (
            <span
              key={t}
              className={`state-timeline__tick${edge}`}
              style={{ insetInlineStart: `${at}%` }}
            >
              {formatClock(t, timeZone)}
            </span>
          );
        })}
      </div>
      <ul className="state-legend" data-testid="state-legend">
        {totals.map((total) => (
          <li key={total.state} className="state-legend__item" data-state={total.state}>
            <span
              className={`state-legend__swatch tl-swatch--${stateClass(total.state === 'unknown' ? null : total.state)}`}
              aria-hidden="true"
            />
            {total.state === 'unknown'
              ? t('floor:timeline.nothingReported')
              : stateLabel(total.state)}{' '}
            <span className="muted">
              {formatSpan(total.ms)} · {formatPercent(total.share)}
            </span>
          </li>
        ))}
      </ul>
      {segments.length > 0 && (
        <details className="state-timeline__details">
          <summary>
            {t('floor:timeline.asTable', {
              count: segments.length,
              n: formatInteger(segments.length),
            })}
          </summary>
          <div className="table-scroll">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('floor:timeline.from')}</th>
                  <th scope="col">{t('floor:timeline.to')}</th>
                  <th scope="col">{t('floor:timeline.state')}</th>
                  <th scope="col">{t('floor:timeline.reason')}</th>
                  <th scope="col" className="num">
                    {t('floor:timeline.duration')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {segments.map((s) => (
                  <tr key={`${s.from}-${s.state}`}>
                    <td>{formatClock(s.from, timeZone, true)}</td>
                    <td>{formatClock(s.to, timeZone, true)}</td>
                    <td>{stateLabel(s.state)}</td>
                    <td>
                      {s.reason ? (
                        <>
                          <code className="code">{s.reason}</code> {reasonName(s.reason) ?? ''}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num">{formatSpan(s.to - s.from)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </figure>
  );
}

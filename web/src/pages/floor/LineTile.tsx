import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LiveLine } from '../../api/telemetry';
import type { Line } from '../../api/types';
import { LineFigures } from './LineFigures';
import { LineStateBadge } from './LineStateBadge';
import { STOPPED, stateClass } from './states';
import { formatClock, formatSpan } from './time';

/** After this long without a word from a line that is not offline, its figures are marked stale. */
export const QUIET_MS = 2 * 60_000;

export interface TileProps {
  code: string;
  plantLine: Line | undefined;
  live: LiveLine | undefined;
  /** The name of a downtime reason code. */
  reasonName: (code: string) => string | undefined;
  now: number;
  timeZone: string | undefined;
}

/** The rated rate of what the line runs now, from the plant file. */
export function ratedRateOf(plantLine: Line | undefined, product: string | null | undefined) {
  return plantLine?.products.find((p) => p.product === product)?.ratePerMinute;
}

/** One line on the plant floor: state and why, since when, counts, rate, OEE, work order. */
export function LineTile({ code, plantLine, live, reasonName, now, timeZone }: TileProps) {
  const { t } = useTranslation();
  const titleId = `floor-${code}-title`;
  const quiet = live && live.state !== 'offline' && now - Date.parse(live.lastEventAt) > QUIET_MS;
  return (
    <article
      className={`floor-tile floor-tile--${stateClass(live?.state)}${live && STOPPED.has(live.state) ? ' floor-tile--stopped' : ''}`}
      aria-labelledby={titleId}
      data-testid={`floor-line-${code}`}
    >
      <header className="floor-tile__header">
        <span className="floor-tile__code" aria-hidden="true">
          {code}
        </span>
        <h2 id={titleId} className="floor-tile__title">
          <Link to={`/floor/lines/${encodeURIComponent(code)}`}>
            <span className="visually-hidden">{t('floor:tile.lineLabel', { line: code })}</span>
            {plantLine?.name ?? t('floor:tile.lineName', { line: code })}
          </Link>
        </h2>
        <LineStateBadge state={live?.state} testId={`state-${code}`} large />
      </header>
      {live ? (
        <>
          <p className="floor-tile__since">
            {live.reason && (
              <span className="floor-tile__reason" data-testid={`reason-${code}`}>
                <code className="code">{live.reason}</code> {reasonName(live.reason) ?? ''}
                <br />
              </span>
            )}
            {t('floor:tile.since', {
              span: formatSpan(now - Date.parse(live.since)),
              time: formatClock(live.since, timeZone),
            })}
          </p>
          {quiet && (
            <p className="floor-tile__quiet" data-testid={`quiet-${code}`}>
              {t('floor:tile.quiet', { span: formatSpan(now - Date.parse(live.lastEventAt)) })}
            </p>
          )}
          <LineFigures live={live} ratedRate={ratedRateOf(plantLine, live.product)} />
          <p className="floor-tile__order">
            {live.workOrder ? (
              <>
                {t('floor:tile.running')}{' '}
                <strong data-testid={`work-order-${code}`}>{live.workOrder}</strong>
              </>
            ) : (
              <span className="muted">{t('floor:tile.noOrder')}</span>
            )}
            {live.product && (
              <>
                {' '}
                · <span data-testid={`product-${code}`}>{live.product}</span>
              </>
            )}
          </p>
        </>
      ) : (
        <p className="floor-tile__none muted" data-testid={`no-data-${code}`}>
          {t('floor:tile.noData')}
        </p>
      )}
      <footer className="floor-tile__links">
        <Link className="button button--small" to={`/floor/lines/${encodeURIComponent(code)}`}>
          {t('floor:tile.details')}
          <span className="visually-hidden"> {t('floor:tile.ofLine', { line: code })}</span>
        </Link>
        <Link
          className="button button--small"
          to={`/production/terminal/${encodeURIComponent(code)}`}
        >
          {t('floor:tile.terminal')}
          <span className="visually-hidden"> {t('floor:tile.ofLine', { line: code })}</span>
        </Link>
      </footer>
    </article>
  );
}

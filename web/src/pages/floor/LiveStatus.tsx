import { useTranslation } from 'react-i18next';
import type { LiveFloor } from '../../api/telemetry';
import { formatClock, formatSpan, useNow } from './time';

/**
 * Whether the figures on the page are live. When the stream drops, it says so
 * at once and says how old the figures are: a plant floor must never show old
 * counts as if they were current.
 */
export function LiveStatus({
  floor,
  timeZone,
}: {
  floor: LiveFloor;
  timeZone?: string | undefined;
}) {
  const { t } = useTranslation();
  const now = useNow(1_000);
  const { status } = floor;
  if (status === 'live') {
    return (
      <p
        className="live-status live-status--live"
        role="status"
        data-testid="live-status"
        data-status="live"
      >
        <span className="live-status__dot" aria-hidden="true" />
        {t('floor:live.live')}
      </p>
    );
  }
  if (status === 'connecting') {
    return (
      <p
        className="live-status live-status--connecting"
        role="status"
        data-testid="live-status"
        data-status="connecting"
      >
        <span className="live-status__dot" aria-hidden="true" />
        {t('floor:live.connecting')}
      </p>
    );
  }
  const retryIn = floor.retryAt !== undefined ? floor.retryAt - now : undefined;
  return (
    <div
      className="live-status live-status--lost"
      role="alert"
      data-testid="live-status"
      data-status="lost"
    >
      <span className="live-status__dot" aria-hidden="true" />
      <p className="live-status__text">
        <strong>{t('floor:live.lost')}</strong>
        {floor.lostAt !== undefined &&
          ` ${t('floor:live.lostAt', { time: formatClock(floor.lostAt, timeZone, true) })}`}
        .{' '}
        {floor.heardAt !== undefined
          ? t('floor:live.heard', { span: formatSpan(now - floor.heardAt) })
          : t('floor:live.nothingHeard')}{' '}
        {retryIn !== undefined && retryIn > 0
          ? t('floor:live.retryIn', { seconds: Math.ceil(retryIn / 1_000) })
          : t('floor:live.reconnecting')}
      </p>
    </div>
  );
}

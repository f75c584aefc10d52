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
        Live
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
        Connecting to the plant floor…
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
        <strong>Connection lost</strong>
        {floor.lostAt !== undefined && <> at {formatClock(floor.lostAt, timeZone, true)}</>}.{' '}
        {floor.heardAt !== undefined ? (
          <>The figures below are as last heard, {formatSpan(now - floor.heardAt)} ago. </>
        ) : (
          <>Nothing was heard yet. </>
        )}
        {retryIn !== undefined && retryIn > 0
          ? `Trying again in ${Math.ceil(retryIn / 1_000)} s.`
          : 'Reconnecting…'}
      </p>
    </div>
  );
}

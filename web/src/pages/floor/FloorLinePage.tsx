import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type MachineWindow, useDowntimePareto, useLineTimeline } from '../../api/machine';
import { useLine, usePlantSummary } from '../../api/plant';
import { downtimeNames, useReasonTables } from '../../api/production';
import { type LiveLine, useLiveFloor } from '../../api/telemetry';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { DowntimePareto } from './DowntimePareto';
import { LineFigures } from './LineFigures';
import { LineStateBadge } from './LineStateBadge';
import { ratedRateOf } from './LineTile';
import { LiveStatus } from './LiveStatus';
import { RunningOrder } from './RunningOrder';
import { StateTimeline } from './StateTimeline';
import { StationStates } from './StationStates';
import { formatClock, formatSpan, useNow } from './time';

type Span = 'shift' | '8h' | '24h';
const SPANS: readonly Span[] = ['shift', '8h', '24h'];
const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * The window asked for: up to the next whole minute, so that the queries for
 * it change once a minute; the server ends a window that reaches past now at now.
 */
function windowOf(span: Span, live: LiveLine | undefined, now: number) {
  const to = Math.ceil(now / MINUTE) * MINUTE;
  const shiftFrom = live?.shift ? Date.parse(live.shift.from) : undefined;
  const from =
    span === 'shift' && shiftFrom !== undefined && shiftFrom < to
      ? shiftFrom
      : to - (span === '24h' ? 24 : 8) * HOUR;
  return { from, to };
}

/** /floor/lines/:line — one line: live figures, state timeline, downtime Pareto, its order, its stations. */
export function FloorLinePage() {
  const { t } = useTranslation();
  const { line = '' } = useParams();
  const id = useId();
  const floor = useLiveFloor();
  const plantLine = useLine(line);
  const summary = usePlantSummary();
  const reasons = useReasonTables();
  const now = useNow(1_000);
  const [span, setSpan] = useState<Span>('shift');
  const live = floor.lines.get(line);
  const names = downtimeNames(reasons.data?.downtimeReasons ?? []);
  const reasonName = (code: string) => names.get(code)?.name;
  const timeZone = summary.data?.site.timezone;
  const shown = span === 'shift' && !live?.shift ? '8h' : span;
  const window = windowOf(shown, live, now);
  const query: MachineWindow = {
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
  };
  const timeline = useLineTimeline(line, query);
  const pareto = useDowntimePareto(line, query);
  const name = plantLine.data?.name;

  return (
    <div className="page floor-line-page" data-testid="floor-line-page">
      <nav className="breadcrumbs" aria-label={t('floor:breadcrumb')}>
        <ol>
          <li>
            <Link to="/floor">{t('floor:page.title')}</Link>
          </li>
          <li aria-current="page">{t('floor:line.title', { line })}</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('floor:line.title', { line })}</p>
          <h1>
            {name ?? t('floor:line.title', { line })}{' '}
            <LineStateBadge state={live?.state} testId="line-state" large />
          </h1>
          {live && (
            <p className="floor-line-page__since">
              {live.reason && (
                <>
                  <code className="code">{live.reason}</code> {reasonName(live.reason) ?? ''} ·{' '}
                </>
              )}
              {t('floor:tile.since', {
                span: formatSpan(now - Date.parse(live.since)),
                time: formatClock(live.since, timeZone),
              })}
            </p>
          )}
        </div>
        <div className="floor-line-page__actions">
          <LiveStatus floor={floor} timeZone={timeZone} />
          <Link className="button" to={`/production/terminal/${encodeURIComponent(line)}`}>
            {t('floor:line.openTerminal', { line })}
          </Link>
        </div>
      </header>
      {plantLine.isError && (
        <ErrorPanel error={plantLine.error} context={t('floor:line.loadingFailed', { line })} />
      )}

      <section className="panel" aria-labelledby={`${id}-now`}>
        <h2 id={`${id}-now`} className="visually-hidden">
          {t('floor:line.now')}
        </h2>
        {live ? (
          <LineFigures live={live} ratedRate={ratedRateOf(plantLine.data, live.product)} detailed />
        ) : floor.status === 'connecting' ? (
          <Loading what={t('floor:line.loadingLive')} />
        ) : (
          <p className="muted" data-testid="no-live-data">
            {t('floor:line.noLiveData')}
          </p>
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-order`}>
        <h2 id={`${id}-order`}>{t('floor:line.workOrder')}</h2>
        <RunningOrder line={line} live={live} />
      </section>

      <section className="section" aria-labelledby={`${id}-history`}>
        <div className="section__bar">
          <h2 id={`${id}-history`}>
            {t('floor:line.history')}{' '}
            <span className="muted small">
              {formatClock(window.from, timeZone)}–{formatClock(Math.min(window.to, now), timeZone)}
              {shown === 'shift' && live?.shift
                ? `, ${t('floor:line.shift', { shift: live.shift.shift })}`
                : ''}
            </span>
          </h2>
          <fieldset className="segmented" data-testid="window-choice">
            <legend className="visually-hidden">{t('floor:line.window')}</legend>
            {SPANS.map((s) => (
              <label key={s} className={shown === s ? 'is-checked' : undefined}>
                <input
                  type="radio"
                  name={`${id}-span`}
                  value={s}
                  checked={shown === s}
                  disabled={s === 'shift' && !live?.shift}
                  onChange={() => setSpan(s)}
                />
                {t(`floor:line.span.${s}`)}
              </label>
            ))}
          </fieldset>
        </div>
        <h3>{t('floor:line.timeline')}</h3>
        {timeline.isError ? (
          <ErrorPanel error={timeline.error} context={t('floor:line.loadingTimelineFailed')} />
        ) : timeline.data === undefined ? (
          <Loading what={t('floor:line.loadingTimeline')} />
        ) : (
          <StateTimeline
            line={line}
            intervals={timeline.data.intervals}
            window={timeline.data.window}
            reasonName={reasonName}
            timeZone={timeZone}
          />
        )}
        <h3>{t('floor:line.pareto')}</h3>
        {pareto.isError ? (
          <ErrorPanel error={pareto.error} context={t('floor:line.loadingParetoFailed')} />
        ) : pareto.data === undefined ? (
          <Loading what={t('floor:line.loadingPareto')} />
        ) : (
          <DowntimePareto line={line} entries={pareto.data} reasonName={reasonName} />
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-stations`}>
        <h2 id={`${id}-stations`}>{t('floor:line.stations')}</h2>
        {live ? (
          <StationStates
            line={line}
            stations={live.stations}
            plantLine={plantLine.data}
            reasonName={reasonName}
            now={now}
            timeZone={timeZone}
          />
        ) : (
          <p className="muted">{t('floor:line.noStations')}</p>
        )}
      </section>
    </div>
  );
}

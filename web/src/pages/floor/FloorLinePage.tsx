import { useId, useState } from 'react';
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
const SPANS: readonly { value: Span; label: string }[] = [
  { value: 'shift', label: 'This shift' },
  { value: '8h', label: 'Last 8 hours' },
  { value: '24h', label: 'Last 24 hours' },
];
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
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/floor">Plant floor</Link>
          </li>
          <li aria-current="page">Line {line}</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Line {line}</p>
          <h1>
            {name ?? `Line ${line}`}{' '}
            <LineStateBadge state={live?.state} testId="line-state" large />
          </h1>
          {live && (
            <p className="floor-line-page__since">
              {live.reason && (
                <>
                  <code className="code">{live.reason}</code> {reasonName(live.reason) ?? ''} ·{' '}
                </>
              )}
              for {formatSpan(now - Date.parse(live.since))}, since{' '}
              {formatClock(live.since, timeZone)}
            </p>
          )}
        </div>
        <div className="floor-line-page__actions">
          <LiveStatus floor={floor} timeZone={timeZone} />
          <Link className="button" to={`/production/terminal/${encodeURIComponent(line)}`}>
            Open the {line} terminal
          </Link>
        </div>
      </header>
      {plantLine.isError && <ErrorPanel error={plantLine.error} context={`Loading line ${line}`} />}

      <section className="panel" aria-labelledby={`${id}-now`}>
        <h2 id={`${id}-now`} className="visually-hidden">
          Now
        </h2>
        {live ? (
          <LineFigures live={live} ratedRate={ratedRateOf(plantLine.data, live.product)} detailed />
        ) : floor.status === 'connecting' ? (
          <Loading what="the live figures" />
        ) : (
          <p className="muted" data-testid="no-live-data">
            No machine data from this line yet.
          </p>
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-order`}>
        <h2 id={`${id}-order`}>Work order</h2>
        <RunningOrder line={line} live={live} />
      </section>

      <section className="section" aria-labelledby={`${id}-history`}>
        <div className="section__bar">
          <h2 id={`${id}-history`}>
            States and downtime{' '}
            <span className="muted small">
              {formatClock(window.from, timeZone)}–{formatClock(Math.min(window.to, now), timeZone)}
              {shown === 'shift' && live?.shift ? `, shift ${live.shift.shift}` : ''}
            </span>
          </h2>
          <fieldset className="segmented" data-testid="window-choice">
            <legend className="visually-hidden">Window</legend>
            {SPANS.map((s) => (
              <label key={s.value} className={shown === s.value ? 'is-checked' : undefined}>
                <input
                  type="radio"
                  name={`${id}-span`}
                  value={s.value}
                  checked={shown === s.value}
                  disabled={s.value === 'shift' && !live?.shift}
                  onChange={() => setSpan(s.value)}
                />
                {s.label}
              </label>
            ))}
          </fieldset>
        </div>
        <h3>State timeline</h3>
        {timeline.isError ? (
          <ErrorPanel error={timeline.error} context="Loading the state timeline" />
        ) : timeline.data === undefined ? (
          <Loading what="the state timeline" />
        ) : (
          <StateTimeline
            line={line}
            intervals={timeline.data.intervals}
            window={timeline.data.window}
            reasonName={reasonName}
            timeZone={timeZone}
          />
        )}
        <h3>Downtime by reason</h3>
        {pareto.isError ? (
          <ErrorPanel error={pareto.error} context="Loading the downtime Pareto" />
        ) : pareto.data === undefined ? (
          <Loading what="the downtime Pareto" />
        ) : (
          <DowntimePareto line={line} entries={pareto.data} reasonName={reasonName} />
        )}
      </section>

      <section className="section" aria-labelledby={`${id}-stations`}>
        <h2 id={`${id}-stations`}>Stations</h2>
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
          <p className="muted">No station has reported yet.</p>
        )}
      </section>
    </div>
  );
}

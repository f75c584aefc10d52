import { useLines, usePlantSummary } from '../../api/plant';
import { downtimeNames, useReasonTables } from '../../api/production';
import { useLiveFloor } from '../../api/telemetry';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { LineTile } from './LineTile';
import { LiveStatus } from './LiveStatus';
import { useNow } from './time';

/** /floor — every line of the plant, live: the production people's first page. */
export function FloorPage() {
  const floor = useLiveFloor();
  const lines = useLines();
  const summary = usePlantSummary();
  const reasons = useReasonTables();
  const now = useNow(1_000);
  const names = downtimeNames(reasons.data?.downtimeReasons ?? []);
  const reasonName = (code: string) => names.get(code)?.name;
  const timeZone = summary.data?.site.timezone;
  // The plant's lines in its order; a line that reports but is not in the
  // plant file (yet) is shown after them rather than hidden.
  const planned = lines.data ?? [];
  const codes = [
    ...planned.map((l) => l.code),
    ...[...floor.lines.keys()].filter((code) => !planned.some((l) => l.code === code)).sort(),
  ];
  return (
    <div className="page floor-page" data-testid="floor-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Production</p>
          <h1>Plant floor</h1>
        </div>
        <LiveStatus floor={floor} timeZone={timeZone} />
      </header>
      {lines.isError && <ErrorPanel error={lines.error} context="Loading the lines" />}
      {lines.isPending ? (
        <Loading what="the lines" />
      ) : (
        <div
          className={`floor-grid${floor.status === 'lost' ? ' floor-grid--stale' : ''}`}
          data-testid="floor-grid"
          aria-busy={floor.status === 'connecting'}
        >
          {codes.map((code) => (
            <LineTile
              key={code}
              code={code}
              plantLine={planned.find((l) => l.code === code)}
              live={floor.lines.get(code)}
              reasonName={reasonName}
              now={now}
              timeZone={timeZone}
            />
          ))}
        </div>
      )}
      <p className="muted small floor-note">
        Good and Reject are the machines' counters since Lotline first heard each line. The rate is
        good units per minute over the last five minutes, refreshed every 5 s; OEE is the current
        shift's so far (ISO 22400-2), refreshed every 30 s.
      </p>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
          <p className="page-header__eyebrow">{t('floor:page.eyebrow')}</p>
          <h1>{t('floor:page.title')}</h1>
        </div>
        <LiveStatus floor={floor} timeZone={timeZone} />
      </header>
      {lines.isError && (
        <ErrorPanel error={lines.error} context={t('floor:page.loadingLinesFailed')} />
      )}
      {lines.isPending ? (
        <Loading what={t('floor:page.loadingLines')} />
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
      <p className="muted small floor-note">{t('floor:page.note')}</p>
    </div>
  );
}

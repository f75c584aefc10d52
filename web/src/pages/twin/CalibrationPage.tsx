import type { TFunction } from 'i18next';
import { lazy, Suspense, useId, useMemo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useLines } from '../../api/plant';
import {
  CALIBRATION_DAYS,
  type FitReport,
  type StationCalibration,
  useCalibration,
} from '../../api/twin';
import type { Line } from '../../api/types';
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatInteger, formatPercent } from '../../format';
import {
  anyFit,
  byLine,
  coverage,
  densityBins,
  distributionName,
  formatDuration,
  formatPValue,
  formatRate,
  formatSignificant,
  histogramOption,
  KS_LEVEL,
  ksVerdict,
  MIN_FIT_SAMPLE,
  type Pick,
  pickOf,
  plotUnit,
  pValueText,
  QUANTITIES,
  type Quantity,
  qqOption,
  quantityDetail,
  quantityInSentence,
  quantityLabel,
  recordedNothing,
  stationKey,
  type TimeUnit,
  verdictText,
} from './calibration';
import { noteInWords } from './server-text';
import './twin.css';
import './calibration.css';

// ECharts is a bundle of its own, fetched when the first fit is plotted.
const CalibrationChart = lazy(() => import('./CalibrationChart'));

const DEFAULT_DAYS = 7;

/** The window in a sentence: "the last 7 days". */
const windowLabel = (t: TFunction, days: number) => t('twin:calibration.lastDays', { count: days });

/** Where a station's cycle times came from, in words. */
function cycleSourceText(t: TFunction, source: StationCalibration['cycleSource']): string {
  switch (source) {
    case 'cycle-time metric':
      return t('twin:cycleSource.metric');
    case 'counts over running time':
      return t('twin:cycleSource.counts');
    case null:
      return t('twin:cycleSource.unknown');
  }
}

/** Where the picked fit is plotted, for the table's links to scroll to. */
const PLOTS_ID = 'calibration-plots';

/**
 * /twin/calibration?days=7&line=L1&station=L1/CF&quantity=cycle — each station's behaviour
 * fitted to its machine data: a table per line, and the picked fit's plots.
 */
export function CalibrationPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('days'));
  const days = (CALIBRATION_DAYS as readonly number[]).includes(asked) ? asked : DEFAULT_DAYS;
  const line = params.get('line') ?? '';
  const plantLines = useLines();
  const calibration = useCalibration(days, line || undefined);

  const set = (changes: Record<string, string | undefined>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <div className="page" data-testid="calibration-page">
      <nav className="breadcrumbs" aria-label={t('twin:calibration.breadcrumb')}>
        <ol>
          <li>
            <Link to="/twin">{t('twin:calibration.twin')}</Link>
          </li>
          <li aria-current="page">{t('twin:calibration.title')}</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('twin:page.eyebrow')}</p>
        <h1>{t('twin:calibration.title')}</h1>
      </header>
      <p className="twin-lead">{t('twin:calibration.lead', { window: windowLabel(t, days) })}</p>

      <form
        className="filters"
        data-testid="calibration-filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="form-field">
          <label htmlFor={`${id}-days`}>{t('twin:calibration.window')}</label>
          <select id={`${id}-days`} value={days} onChange={(e) => set({ days: e.target.value })}>
            {CALIBRATION_DAYS.map((d) => (
              <option key={d} value={d}>
                {t('twin:calibration.windowOption', { count: d })}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-line`}>{t('twin:calibration.line')}</label>
          <select id={`${id}-line`} value={line} onChange={(e) => set({ line: e.target.value })}>
            <option value="">{t('twin:calibration.allLines')}</option>
            {(plantLines.data ?? []).map((l) => (
              <option key={l.code} value={l.code}>
                {l.code} — {l.name}
              </option>
            ))}
            {/* A line in the address that the plant does not list still shows as chosen. */}
            {line && plantLines.data && !plantLines.data.some((l) => l.code === line) && (
              <option value={line}>{line}</option>
            )}
          </select>
        </div>
        {calibration.isFetching && !calibration.isPending && (
          <p className="muted small" role="status">
            {t('twin:calibration.updating')}
          </p>
        )}
      </form>

      <QueryView query={calibration} what={t('twin:loading.calibration')}>
        {(stations) => (
          <CalibrationView
            stations={stations}
            days={days}
            plantLines={plantLines.data ?? []}
            asked={{ key: params.get('station'), quantity: params.get('quantity') }}
            onPick={(station, quantity) => set({ station: stationKey(station), quantity })}
          />
        )}
      </QueryView>
    </div>
  );
}

interface CalibrationViewProps {
  stations: StationCalibration[];
  days: number;
  plantLines: readonly Line[];
  asked: { key: string | null; quantity: string | null };
  onPick: (station: StationCalibration, quantity: Quantity) => void;
}

function CalibrationView({ stations, days, plantLines, asked, onPick }: CalibrationViewProps) {
  const { t } = useTranslation();
  const inWindow = windowLabel(t, days);
  const lines = useMemo(() => byLine(stations), [stations]);
  const fitted = anyFit(stations);
  const pick = pickOf(stations, asked);
  const measured = coverage(stations);

  const pickFromTable = (station: StationCalibration, quantity: Quantity) => {
    onPick(station, quantity);
    document.getElementById(PLOTS_ID)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  if (stations.length === 0) {
    return (
      <p className="muted" data-testid="calibration-no-stations">
        {t('twin:calibration.noStations')}
      </p>
    );
  }

  return (
    <>
      {fitted ? (
        <p className="form-notice" data-testid="calibration-coverage">
          {t('twin:calibration.coverage', {
            window: inWindow,
            stations: formatInteger(measured.stations),
            stops: formatInteger(measured.stops),
            cycleCv: formatInteger(measured.cycleCv),
            rejectRate: formatInteger(measured.rejectRate),
          })}
        </p>
      ) : (
        <p className="form-notice form-notice--warn" data-testid="calibration-uncalibrated">
          <Trans
            t={t}
            i18nKey="twin:calibration.uncalibrated"
            values={{ window: inWindow, min: formatInteger(MIN_FIT_SAMPLE) }}
            components={{ strong: <strong /> }}
          />
        </p>
      )}
      {fitted && (
        <p className="muted small cal-ks-note">
          <Trans
            t={t}
            i18nKey="twin:calibration.ksNote"
            values={{ level: formatSignificant(KS_LEVEL) }}
            components={{ strong: <strong /> }}
          />
        </p>
      )}

      {lines.map(({ line, stations: lineStations }) => (
        <LineTable
          key={line}
          line={line}
          name={plantLines.find((l) => l.code === line)?.name}
          stations={lineStations}
          days={days}
          plantLines={plantLines}
          pick={pick}
          onPick={pickFromTable}
        />
      ))}

      {pick && <FitPlots pick={pick} stations={stations} plantLines={plantLines} onPick={onPick} />}
    </>
  );
}

const stationName = (plantLines: readonly Line[], line: string, station: string) =>
  plantLines.find((l) => l.code === line)?.stations.find((s) => s.code === station)?.name;

interface LineTableProps {
  line: string;
  name: string | undefined;
  stations: StationCalibration[];
  days: number;
  plantLines: readonly Line[];
  pick: Pick | undefined;
  onPick: (station: StationCalibration, quantity: Quantity) => void;
}

function LineTable({ line, name, stations, days, plantLines, pick, onPick }: LineTableProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="section" aria-labelledby={`${id}-line`} data-line={line}>
      <h2 id={`${id}-line`}>
        {line}
        {name ? ` — ${name}` : ''}
      </h2>
      <div className="table-scroll">
        <table className="table table--compact cal-table" data-testid="calibration-table">
          <caption className="visually-hidden">
            {t('twin:calibration.tableCaption', { line })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('twin:calibration.station')}</th>
              <th scope="col" className="num">
                {t('twin:calibration.cycleMean')}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.cycleCv')}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.stops')}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.meanBetweenStops')}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.meanStopLength')}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.rejectRate')}
              </th>
              {QUANTITIES.map((q) => (
                <th key={q} scope="col">
                  {t('twin:calibration.bestFit', { quantity: quantityLabel(t, q) })}
                </th>
              ))}
              <th scope="col">{t('common:words.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {stations.map((s) => {
              const stationLabel = stationName(plantLines, s.line, s.station);
              return (
                <tr
                  key={s.station}
                  data-testid="calibration-station"
                  data-line={s.line}
                  data-station={s.station}
                  data-fits={QUANTITIES.filter((q) => s[q] !== null).length}
                  className={pick?.station === s ? 'is-selected' : undefined}
                >
                  <th scope="row">
                    {s.station}
                    {stationLabel && <span className="twin-runs__asked">{stationLabel}</span>}
                  </th>
                  <td
                    className="num"
                    title={
                      s.cycle
                        ? t('twin:calibration.observations', {
                            n: formatInteger(s.cycle.summary.n),
                            source: cycleSourceText(t, s.cycleSource),
                          })
                        : undefined
                    }
                  >
                    {formatDuration(s.cycle?.summary.mean)}
                  </td>
                  <td className="num">{s.cycleCv === null ? '—' : formatPercent(s.cycleCv)}</td>
                  <td className="num">{formatInteger(s.observations.stops)}</td>
                  <td className="num">{formatDuration(s.uptime?.summary.mean)}</td>
                  <td className="num">{formatDuration(s.repair?.summary.mean)}</td>
                  <td
                    className="num"
                    title={
                      s.observations.parts > 0
                        ? t('twin:calibration.rejectsOf', {
                            rejects: formatInteger(s.observations.rejects),
                            parts: formatInteger(s.observations.parts),
                          })
                        : undefined
                    }
                  >
                    {formatRate(s.rejectRate)}
                  </td>
                  {QUANTITIES.map((q) => (
                    <FitCell
                      key={q}
                      report={s[q]}
                      quantity={q}
                      current={pick?.station === s && pick.quantity === q}
                      onPick={() => onPick(s, q)}
                    />
                  ))}
                  <td className="cal-notes" data-testid="calibration-notes">
                    {recordedNothing(s) ? (
                      // The same four notes on every station of a fresh plant say one thing.
                      <span title={s.unfitted.map((note) => noteInWords(t, note)).join('\n')}>
                        {t('twin:calibration.nothingRecorded', { window: windowLabel(t, days) })}
                      </span>
                    ) : s.unfitted.length > 0 ? (
                      <ul className="plain-list">
                        {s.unfitted.map((note) => (
                          <li key={note.text}>{noteInWords(t, note)}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface FitCellProps {
  report: FitReport | null;
  quantity: Quantity;
  current: boolean;
  onPick: () => void;
}

/** The best fit's kind, its KS p-value and the verdict; a button that plots it. */
function FitCell({ report, quantity, current, onPick }: FitCellProps) {
  const { t } = useTranslation();
  if (!report) {
    return (
      <td data-testid="calibration-fit" data-quantity={quantity} data-verdict="none">
        <span className="muted">{t('twin:calibration.noFit')}</span>
      </td>
    );
  }
  const verdict = ksVerdict(report.best.ks.pValue);
  return (
    <td
      data-testid="calibration-fit"
      data-quantity={quantity}
      data-kind={report.best.kind}
      data-p={report.best.ks.pValue}
      data-verdict={verdict}
    >
      <button
        type="button"
        className="link-button"
        aria-pressed={current}
        title={t('twin:calibration.plotFit', { quantity: quantityInSentence(t, quantity) })}
        onClick={onPick}
      >
        {distributionName(t, report.best.kind)}
      </button>
      <span className="cal-fit__test">
        {pValueText(report.best.ks.pValue)}{' '}
        <span className={`badge ${verdict === 'rejected' ? 'badge--warn' : 'badge--info'}`}>
          {verdictText(t, verdict)}
        </span>
      </span>
    </td>
  );
}

interface FitPlotsProps {
  pick: Pick;
  stations: StationCalibration[];
  plantLines: readonly Line[];
  onPick: (station: StationCalibration, quantity: Quantity) => void;
}

function FitPlots({ pick, stations, plantLines, onPick }: FitPlotsProps) {
  const { t } = useTranslation();
  const id = useId();
  const { station, quantity, report } = pick;
  const histogram = useMemo(() => histogramOption(t, report, quantity), [t, report, quantity]);
  const qq = useMemo(() => qqOption(t, report, quantity), [t, report, quantity]);
  const withFits = stations.filter((s) => QUANTITIES.some((q) => s[q] !== null));
  const name = stationName(plantLines, station.line, station.station);
  const label = quantityLabel(t, quantity);
  const inSentence = quantityInSentence(t, quantity);
  const { best, summary } = report;
  const kind = distributionName(t, best.kind);
  const verdict = ksVerdict(best.ks.pValue);
  // The summary's figures in one unit, the plots' own.
  const unit = plotUnit(report);
  const inUnit = (minutes: number) => formatDuration(minutes, unit);
  const where = `${station.line} · ${station.station}${name ? ` ${name}` : ''}`;

  return (
    <section
      className="section cal-plots"
      id={PLOTS_ID}
      aria-labelledby={`${id}-plots`}
      data-testid="calibration-plots"
      data-line={station.line}
      data-station={station.station}
      data-quantity={quantity}
    >
      <h2 id={`${id}-plots`}>
        {label}: {where}
      </h2>
      <div className="form-row cal-plots__pick">
        <div className="form-field">
          <label htmlFor={`${id}-station`}>{t('twin:calibration.station')}</label>
          <select
            id={`${id}-station`}
            value={stationKey(station)}
            onChange={(e) => {
              const next = withFits.find((s) => stationKey(s) === e.target.value);
              // Where the station has no fit of the quantity, its first fit is plotted (pickOf).
              if (next) onPick(next, quantity);
            }}
          >
            {withFits.map((s) => {
              const n = stationName(plantLines, s.line, s.station);
              return (
                <option key={stationKey(s)} value={stationKey(s)}>
                  {s.line} · {s.station}
                  {n ? ` — ${n}` : ''}
                </option>
              );
            })}
          </select>
        </div>
        <fieldset className="cal-quantity">
          <legend>{t('twin:calibration.quantity')}</legend>
          {QUANTITIES.map((q) => (
            <label key={q} className={station[q] ? undefined : 'muted'}>
              <input
                type="radio"
                name={`${id}-quantity`}
                value={q}
                checked={q === quantity}
                disabled={!station[q]}
                onChange={() => onPick(station, q)}
              />
              {quantityLabel(t, q)}
            </label>
          ))}
        </fieldset>
      </div>

      <p className="cal-plots__summary" data-testid="calibration-summary">
        <Trans
          t={t}
          i18nKey="twin:calibration.summary"
          values={{
            n: formatInteger(summary.n),
            detail: quantityDetail(t, quantity),
            mean: inUnit(summary.mean),
            sd: inUnit(summary.sd),
            median: inUnit(summary.median),
            min: inUnit(summary.min),
            max: inUnit(summary.max),
            kind,
            fittedMean: inUnit(best.mean),
            d: formatSignificant(best.ks.statistic),
            p: pValueText(best.ks.pValue),
            verdict: verdictText(t, verdict),
            ad: formatSignificant(best.ad),
          }}
          components={{
            strong: <strong />,
            badge: (
              <span className={`badge ${verdict === 'rejected' ? 'badge--warn' : 'badge--info'}`} />
            ),
          }}
        />
      </p>
      {quantity === 'cycle' && station.cycleSource === 'counts over running time' && (
        <p className="muted small">{t('twin:calibration.countsNote')}</p>
      )}
      {quantity === 'uptime' && (
        <p className="muted small">
          {t('twin:calibration.uptimeNote', { mean: inUnit(summary.mean) })}
        </p>
      )}
      {quantity === 'repair' && (
        <p className="muted small">
          {t('twin:calibration.repairNote', {
            mean: inUnit(summary.mean),
            sd: inUnit(summary.sd),
          })}
        </p>
      )}

      <div className="cal-plots__charts">
        <figure className="cal-figure">
          <figcaption>{t('twin:calibration.histogramCaption', { kind })}</figcaption>
          <Suspense fallback={<Loading what={t('twin:loading.chart')} />}>
            <CalibrationChart
              option={histogram}
              height={320}
              testId="calibration-histogram"
              label={t('twin:calibration.histogramLabel', {
                n: formatInteger(summary.n),
                quantity: inSentence,
                where,
                kind,
              })}
            />
          </Suspense>
        </figure>
        <figure className="cal-figure">
          <figcaption>{t('twin:calibration.qqCaption', { kind })}</figcaption>
          <Suspense fallback={<Loading what={t('twin:loading.chart')} />}>
            <CalibrationChart
              option={qq}
              height={320}
              testId="calibration-qq"
              label={t('twin:calibration.qqLabel', {
                n: formatInteger(summary.n),
                quantity: inSentence,
                where,
                kind,
              })}
            />
          </Suspense>
        </figure>
      </div>

      <CandidatesTable report={report} unit={unit} />
      {quantity !== 'cycle' && station.stopsByReason.length > 0 && (
        <StopsByReason station={station} />
      )}
      <BinsTable report={report} />
    </section>
  );
}

function CandidatesTable({ report, unit }: { report: FitReport; unit: TimeUnit }) {
  const { t } = useTranslation();
  const bestAic = report.best.aic;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="calibration-candidates">
        <caption>{t('twin:calibration.candidatesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('twin:calibration.distribution')}</th>
            <th scope="col" className="num">
              {t('twin:calibration.aic')}
            </th>
            <th scope="col" className="num">
              {t('twin:calibration.deltaAic')}
            </th>
            <th scope="col" className="num">
              {t('twin:calibration.ksD')}
            </th>
            <th scope="col" className="num">
              {t('twin:calibration.ksP')}
            </th>
            <th scope="col">{t('twin:calibration.ksTest')}</th>
            <th scope="col" className="num">
              {t('twin:calibration.ad')}
            </th>
            <th scope="col" className="num">
              {t('twin:calibration.fittedMean')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.candidates.map((c, i) => {
            const verdict = ksVerdict(c.ks.pValue);
            return (
              <tr
                key={c.kind}
                data-kind={c.kind}
                data-aic={c.aic}
                data-p={c.ks.pValue}
                className={i === 0 ? 'is-selected' : undefined}
              >
                <th scope="row">
                  {distributionName(t, c.kind)}
                  {i === 0 && <span className="badge badge--ok">{t('twin:calibration.best')}</span>}
                </th>
                <td className="num">{formatInteger(c.aic)}</td>
                <td className="num">{formatSignificant(c.aic - bestAic)}</td>
                <td className="num">{formatSignificant(c.ks.statistic)}</td>
                <td className="num">{formatPValue(c.ks.pValue)}</td>
                <td>{verdictText(t, verdict)}</td>
                <td className="num">{formatSignificant(c.ad)}</td>
                <td className="num">{formatDuration(c.mean, unit)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function StopsByReason({ station }: { station: StationCalibration }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="calibration-reasons">
        <caption>{t('twin:calibration.reasonsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common:words.reason')}</th>
            <th scope="col" className="num">
              {t('twin:calibration.stops')}
            </th>
            <th scope="col" className="num">
              {t('twin:calibration.operatingPerStop')}
            </th>
            <th scope="col" className="num">
              {t('twin:calibration.meanLength')}
            </th>
          </tr>
        </thead>
        <tbody>
          {station.stopsByReason.map((r) => (
            <tr key={r.reason}>
              <th scope="row">{r.reason}</th>
              <td className="num">{formatInteger(r.stops)}</td>
              <td className="num">{formatDuration(r.meanMinutesBetween)}</td>
              <td className="num">{formatDuration(r.meanRepairMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The histogram's numbers, for those who cannot read the chart. */
function BinsTable({ report }: { report: FitReport }) {
  const { t } = useTranslation();
  const unit = plotUnit(report);
  const bins = densityBins(report, unit);
  return (
    <details className="twin-numbers">
      <summary>{t('twin:calibration.bins', { n: formatInteger(bins.length) })}</summary>
      <div className="table-scroll table-scroll--short">
        <table className="table table--compact" data-testid="calibration-bins">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('twin:calibration.binFrom', { unit: unit.symbol })}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.binTo', { unit: unit.symbol })}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.binCount')}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.sampleDensity', { unit: unit.symbol })}
              </th>
              <th scope="col" className="num">
                {t('twin:calibration.fittedDensity', { unit: unit.symbol })}
              </th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b) => (
              <tr key={b.from}>
                <td className="num">{formatSignificant(b.from)}</td>
                <td className="num">{formatSignificant(b.to)}</td>
                <td className="num">{formatInteger(b.count)}</td>
                <td className="num">{formatSignificant(b.sample)}</td>
                <td className="num">{formatSignificant(b.fitted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

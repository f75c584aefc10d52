import { lazy, Suspense, useId, useMemo } from 'react';
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
  formatDuration,
  formatPValue,
  formatRate,
  formatSignificant,
  histogramOption,
  KS_LEVEL,
  ksVerdict,
  MIN_FIT_SAMPLE,
  noteInWords,
  type Pick,
  pickOf,
  plotUnit,
  pValueText,
  QUANTITIES,
  QUANTITY_DETAIL,
  QUANTITY_LABEL,
  type Quantity,
  qqOption,
  recordedNothing,
  stationKey,
  type TimeUnit,
  VERDICT_TEXT,
} from './calibration';
import './twin.css';
import './calibration.css';

// ECharts is a bundle of its own, fetched when the first fit is plotted.
const CalibrationChart = lazy(() => import('./CalibrationChart'));

const DEFAULT_DAYS = 7;

const windowLabel = (days: number) => (days === 1 ? 'the last day' : `the last ${days} days`);

/** Where the picked fit is plotted, for the table's links to scroll to. */
const PLOTS_ID = 'calibration-plots';

/**
 * /twin/calibration?days=7&line=L1&station=L1/CF&quantity=cycle — each station's behaviour
 * fitted to its machine data: a table per line, and the picked fit's plots.
 */
export function CalibrationPage() {
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
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/twin">Twin</Link>
          </li>
          <li aria-current="page">Calibration</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">Digital twin</p>
        <h1>Calibration</h1>
      </header>
      <p className="twin-lead">
        How each station behaved in the machine data of {windowLabel(days)}: its cycle time, the
        operating time between its stops and how long a stop lasts, each fitted with five
        distributions (exponential, lognormal, Weibull, gamma, normal) and the best chosen by AIC;
        its cycle-to-cycle variation and its reject rate. The twin’s scenarios can use these
        measurements in place of its placeholder assumptions.
      </p>

      <form
        className="filters"
        data-testid="calibration-filters"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="form-field">
          <label htmlFor={`${id}-days`}>Window</label>
          <select id={`${id}-days`} value={days} onChange={(e) => set({ days: e.target.value })}>
            {CALIBRATION_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? 'Last day' : `Last ${d} days`}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-line`}>Line</label>
          <select id={`${id}-line`} value={line} onChange={(e) => set({ line: e.target.value })}>
            <option value="">All lines</option>
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
            Updating…
          </p>
        )}
      </form>

      <QueryView query={calibration} what="each station’s calibration">
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
        The plant has no stations on this line.
      </p>
    );
  }

  return (
    <>
      {fitted ? (
        <p className="form-notice" data-testid="calibration-coverage">
          Measured in {windowLabel(days)}, of {formatInteger(measured.stations)} stations: the stops
          (how often and how long) at {formatInteger(measured.stops)}, one cartridge’s cycle
          variation at {formatInteger(measured.cycleCv)}, the reject rate at{' '}
          {formatInteger(measured.rejectRate)}. A scenario calibrated over this window uses what was
          measured where a station has it, and the uncalibrated placeholder assumptions elsewhere.
        </p>
      ) : (
        <p className="form-notice form-notice--warn" data-testid="calibration-uncalibrated">
          <strong>Not enough machine data to calibrate.</strong> No station reported enough in{' '}
          {windowLabel(days)} for a fit: each quantity needs at least{' '}
          {formatInteger(MIN_FIT_SAMPLE)} observations. Until the machines have reported that much,
          the twin uses its uncalibrated placeholder assumptions: cycles varying 10 % per cartridge,
          a stop every 90 operating minutes lasting 8 ± 10 minutes, and 0.3 % rejects at gauging.
        </p>
      )}
      {fitted && (
        <p className="muted small cal-ks-note">
          <strong>Reading a fit.</strong> Each fit’s Kolmogorov–Smirnov test compares the sample
          with the fitted distribution: a p-value under {formatSignificant(KS_LEVEL)} says the fit
          is rejected (the data clearly disagree with it); otherwise the fit is not rejected. The
          test is conservative here, because the parameters were fitted to the same sample: the
          p-value comes out too large, so a rejection is convincing, but “not rejected” does not
          prove the fit right.
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
            Stations of {line}: measured cycle time, stops and rejects, and the best fit of each
            duration with its Kolmogorov–Smirnov p-value
          </caption>
          <thead>
            <tr>
              <th scope="col">Station</th>
              <th scope="col" className="num">
                Cycle mean
              </th>
              <th scope="col" className="num">
                Cycle CV
              </th>
              <th scope="col" className="num">
                Stops
              </th>
              <th scope="col" className="num">
                Mean time between stops
              </th>
              <th scope="col" className="num">
                Mean stop length
              </th>
              <th scope="col" className="num">
                Reject rate
              </th>
              {QUANTITIES.map((q) => (
                <th key={q} scope="col">
                  {QUANTITY_LABEL[q]}: best fit
                </th>
              ))}
              <th scope="col">Notes</th>
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
                        ? `${formatInteger(s.cycle.summary.n)} observations (${s.cycleSource ?? 'unknown source'})`
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
                        ? `${formatInteger(s.observations.rejects)} rejects of ${formatInteger(s.observations.parts)} parts`
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
                      <span title={s.notes.map(noteInWords).join('\n')}>
                        Not enough data: nothing recorded in {windowLabel(days)}
                      </span>
                    ) : s.notes.length > 0 ? (
                      <ul className="plain-list">
                        {s.notes.map((note) => (
                          <li key={note}>{noteInWords(note)}</li>
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
  if (!report) {
    return (
      <td data-testid="calibration-fit" data-quantity={quantity} data-verdict="none">
        <span className="muted">no fit</span>
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
        title={`Plot the ${QUANTITY_LABEL[quantity].toLowerCase()} fit`}
        onClick={onPick}
      >
        {report.best.kind}
      </button>
      <span className="cal-fit__test">
        {pValueText(report.best.ks.pValue)}{' '}
        <span className={`badge ${verdict === 'rejected' ? 'badge--warn' : 'badge--info'}`}>
          {VERDICT_TEXT[verdict]}
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
  const id = useId();
  const { station, quantity, report } = pick;
  const histogram = useMemo(() => histogramOption(report, quantity), [report, quantity]);
  const qq = useMemo(() => qqOption(report, quantity), [report, quantity]);
  const withFits = stations.filter((s) => QUANTITIES.some((q) => s[q] !== null));
  const name = stationName(plantLines, station.line, station.station);
  const label = QUANTITY_LABEL[quantity];
  const { best, summary } = report;
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
          <label htmlFor={`${id}-station`}>Station</label>
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
          <legend>Quantity</legend>
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
              {QUANTITY_LABEL[q]}
            </label>
          ))}
        </fieldset>
      </div>

      <p className="cal-plots__summary" data-testid="calibration-summary">
        {formatInteger(summary.n)} observations ({QUANTITY_DETAIL[quantity]}): mean{' '}
        {inUnit(summary.mean)}, standard deviation {inUnit(summary.sd)}, median{' '}
        {inUnit(summary.median)}, from {inUnit(summary.min)} to {inUnit(summary.max)}. Best by AIC:{' '}
        <strong>{best.kind}</strong> (mean {inUnit(best.mean)}); Kolmogorov–Smirnov D ={' '}
        {formatSignificant(best.ks.statistic)}, {pValueText(best.ks.pValue)} —{' '}
        <span className={`badge ${verdict === 'rejected' ? 'badge--warn' : 'badge--info'}`}>
          {VERDICT_TEXT[verdict]}
        </span>
        ; Anderson–Darling A² = {formatSignificant(best.ad)}.
      </p>
      {quantity === 'cycle' && station.cycleSource === 'counts over running time' && (
        <p className="muted small">
          This station reports no cycle time: each observation is running time over the units
          counted in it, an average over many cartridges, so the variation of one cartridge (the
          cycle CV) cannot be told from it.
        </p>
      )}
      {quantity === 'uptime' && (
        <p className="muted small">
          The twin takes the sample’s mean, {inUnit(summary.mean)}, as the mean of exponential
          operating time between stops.
        </p>
      )}
      {quantity === 'repair' && (
        <p className="muted small">
          The twin takes the sample’s mean and spread ({inUnit(summary.mean)} ± {inUnit(summary.sd)}
          , as a lognormal), not the best fit’s: short restarts and long repairs together are a
          mixture no single family fits well.
        </p>
      )}

      <div className="cal-plots__charts">
        <figure className="cal-figure">
          <figcaption>
            Histogram of the sample’s density (bars) with the fitted {best.kind} density (line)
          </figcaption>
          <Suspense fallback={<Loading what="the chart" />}>
            <CalibrationChart
              option={histogram}
              height={320}
              testId="calibration-histogram"
              label={`Histogram of ${summary.n} observations of ${label.toLowerCase()} at ${where}, with the fitted ${best.kind} density (bins in the table below)`}
            />
          </Suspense>
        </figure>
        <figure className="cal-figure">
          <figcaption>
            Q-Q plot: observed against the fitted {best.kind}’s quantiles; on the dashed line if the
            fit were exact
          </figcaption>
          <Suspense fallback={<Loading what="the chart" />}>
            <CalibrationChart
              option={qq}
              height={320}
              testId="calibration-qq"
              label={`Q-Q plot of ${summary.n} observations of ${label.toLowerCase()} at ${where} against the fitted ${best.kind}`}
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
  const bestAic = report.best.aic;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="calibration-candidates">
        <caption>Every distribution fitted, best first (smallest AIC)</caption>
        <thead>
          <tr>
            <th scope="col">Distribution</th>
            <th scope="col" className="num">
              AIC
            </th>
            <th scope="col" className="num">
              ΔAIC
            </th>
            <th scope="col" className="num">
              KS D
            </th>
            <th scope="col" className="num">
              KS p
            </th>
            <th scope="col">KS test</th>
            <th scope="col" className="num">
              A²
            </th>
            <th scope="col" className="num">
              Fitted mean
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
                  {c.kind}
                  {i === 0 && <span className="badge badge--ok">best</span>}
                </th>
                <td className="num">{formatInteger(c.aic)}</td>
                <td className="num">{formatSignificant(c.aic - bestAic)}</td>
                <td className="num">{formatSignificant(c.ks.statistic)}</td>
                <td className="num">{formatPValue(c.ks.pValue)}</td>
                <td>{VERDICT_TEXT[verdict]}</td>
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
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="calibration-reasons">
        <caption>Stops by reason (micro-stops and breakdowns apart)</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col" className="num">
              Stops
            </th>
            <th scope="col" className="num">
              Operating time per stop
            </th>
            <th scope="col" className="num">
              Mean length
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
  const unit = plotUnit(report);
  const bins = densityBins(report, unit);
  return (
    <details className="twin-numbers">
      <summary>Histogram bins ({formatInteger(bins.length)})</summary>
      <div className="table-scroll table-scroll--short">
        <table className="table table--compact" data-testid="calibration-bins">
          <thead>
            <tr>
              <th scope="col" className="num">
                From ({unit.symbol})
              </th>
              <th scope="col" className="num">
                To ({unit.symbol})
              </th>
              <th scope="col" className="num">
                Count
              </th>
              <th scope="col" className="num">
                Sample density (per {unit.symbol})
              </th>
              <th scope="col" className="num">
                Fitted density (per {unit.symbol})
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

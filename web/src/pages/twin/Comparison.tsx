import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { LineReport } from '../../api/twin';
import type { Line } from '../../api/types';
import { Loading } from '../../components/Loading';
import { formatInteger, formatPercent } from '../../format';
import {
  oeeOption,
  outputOption,
  outputPanels,
  SHARE_COLOUR,
  SHARES,
  shareLabel,
  shareOf,
  stationOption,
} from './charts';
import { type ComparedRun, linesOf, productsOf } from './compare';
import { assumptionsInWords, restsOnPlaceholders, supplyInWords } from './server-text';

// ECharts is a bundle of its own, fetched when the first comparison is drawn.
const TwinChart = lazy(() => import('./TwinChart'));

const lineOf = (c: ComparedRun, line: string): LineReport | undefined =>
  c.run.report.lines.find((l) => l.line === line);

const stationName = (plantLines: readonly Line[], line: string, station: string) =>
  plantLines.find((l) => l.code === line)?.stations.find((s) => s.code === station)?.name;

interface ComparisonProps {
  runs: ComparedRun[];
  /** The plant's lines, for the stations' names. */
  plantLines: readonly Line[];
}

/** The picked runs side by side: output, OEE and bottlenecks, in charts and in tables. */
export function Comparison({ runs, plantLines }: ComparisonProps) {
  const { t } = useTranslation();
  const id = useId();
  const lines = useMemo(() => linesOf(runs), [runs]);
  return (
    <div className="twin-compare" data-testid="twin-compare" data-runs={runs.length}>
      <RunKey runs={runs} />
      <section className="section" aria-labelledby={`${id}-summary`}>
        <h3 id={`${id}-summary`}>{t('twin:compare.summary')}</h3>
        <SummaryTable runs={runs} lines={lines} />
      </section>
      <OutputSection runs={runs} />
      <OeeSection runs={runs} lines={lines} />
      <BottleneckSection runs={runs} lines={lines} plantLines={plantLines} />
    </div>
  );
}

function RunKey({ runs }: { runs: ComparedRun[] }) {
  const { t } = useTranslation();
  const uncalibrated = runs.some((c) => restsOnPlaceholders(c.run.report));
  return (
    <>
      <ul className="twin-key" aria-label={t('twin:compare.key')} data-testid="twin-key">
        {runs.map((c) => (
          <li key={c.run.id} data-run={c.run.id} data-letter={c.letter}>
            <span className="twin-letter" style={{ background: c.colour }} aria-hidden="true">
              {c.letter}
            </span>
            <span>
              <strong>
                <span className="visually-hidden">
                  {t('twin:compare.runLetter', { letter: c.letter })}{' '}
                </span>
                {c.label}
              </strong>
              {c.asked && <> — {c.asked}</>}
              <span className="twin-key__detail">
                {t(`twin:scenarioDescription.${c.run.input.scenario}`)}{' '}
                {t('twin:replications', {
                  count: c.run.replications,
                  n: formatInteger(c.run.replications),
                })}
                . {t('twin:compare.assumptions')}{' '}
                <span data-testid="run-assumptions">{assumptionsInWords(t, c.run.report)}</span>.
              </span>
            </span>
          </li>
        ))}
      </ul>
      {uncalibrated && (
        <p className="form-notice form-notice--warn" data-testid="twin-uncalibrated">
          <Trans t={t} i18nKey="twin:compare.uncalibrated" components={{ strong: <strong /> }} />
        </p>
      )}
    </>
  );
}

/** The accessible twin of the charts: per run its total with the interval, and per line OEE and bottleneck. */
function SummaryTable({ runs, lines }: { runs: ComparedRun[]; lines: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table table--compact twin-summary" data-testid="twin-compare-table">
        <caption className="visually-hidden">{t('twin:compare.summaryCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('twin:compare.run')}</th>
            <th scope="col" className="num">
              {t('twin:compare.total')}
            </th>
            <th scope="col" className="num">
              {t('twin:compare.low')}
            </th>
            <th scope="col" className="num">
              {t('twin:compare.high')}
            </th>
            {lines.map((line) => (
              <th key={line} scope="col" colSpan={2} className="twin-summary__line">
                {t('twin:compare.lineOee', { line })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((c) => {
            const { total } = c.run.report;
            return (
              <tr
                key={c.run.id}
                data-testid="compare-run"
                data-run={c.run.id}
                data-letter={c.letter}
                data-scenario={c.run.input.scenario}
                data-year={c.run.input.year}
                data-total-mean={total.mean}
                data-total-low={total.low}
                data-total-high={total.high}
              >
                <th scope="row">
                  <span className="twin-letter" style={{ background: c.colour }}>
                    {c.letter}
                  </span>{' '}
                  {c.label}
                  {c.asked && <span className="twin-runs__asked">{c.asked}</span>}
                </th>
                <td className="num" data-testid="total-mean">
                  {formatInteger(total.mean)}
                </td>
                <td className="num" data-testid="total-low">
                  {formatInteger(total.low)}
                </td>
                <td className="num" data-testid="total-high">
                  {formatInteger(total.high)}
                </td>
                {lines.flatMap((line) => {
                  const report = lineOf(c, line);
                  return [
                    <td
                      key={`${line}-oee`}
                      className="num"
                      data-testid="line-oee"
                      data-line={line}
                      data-oee={report?.oee}
                      data-produced={report?.produced.mean}
                      title={
                        report
                          ? t('twin:compare.lineTitle', {
                              availability: formatPercent(report.availability),
                              performance: formatPercent(report.performance),
                              quality: formatPercent(report.quality),
                              good: formatInteger(report.produced.mean),
                            })
                          : undefined
                      }
                    >
                      {report ? formatPercent(report.oee) : '—'}
                    </td>,
                    <td
                      key={`${line}-bottleneck`}
                      data-testid="line-bottleneck"
                      data-line={line}
                      data-station={report?.bottleneck}
                    >
                      {report?.bottleneck ?? '—'}
                    </td>,
                  ];
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function OutputSection({ runs }: { runs: ComparedRun[] }) {
  const { t } = useTranslation();
  const id = useId();
  const option = useMemo(() => outputOption(t, runs), [t, runs]);
  const panels = useMemo(() => outputPanels(t, runs), [t, runs]);
  const products = productsOf(runs);
  return (
    <section className="section" aria-labelledby={`${id}-output`}>
      <h3 id={`${id}-output`}>{t('twin:output.title')}</h3>
      <p className="muted small">{t('twin:output.explained')}</p>
      <Suspense fallback={<Loading what={t('twin:loading.chart')} />}>
        <TwinChart
          option={option}
          height={300}
          testId="twin-output-chart"
          label={t('twin:output.label', {
            runs: formatInteger(runs.length),
            products: formatInteger(products.length),
          })}
        />
      </Suspense>
      <details className="twin-numbers">
        <summary>{t('twin:output.byProduct')}</summary>
        <div className="table-scroll">
          <table className="table table--compact" data-testid="twin-output-table">
            <thead>
              <tr>
                <th scope="col">{t('twin:compare.run')}</th>
                {panels.map((p) => (
                  <th key={p.title} scope="col" className="num">
                    {p.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {runs.map((c, i) => (
                <tr key={c.run.id} data-run={c.run.id} data-letter={c.letter}>
                  <th scope="row">
                    {c.letter} · {c.label}
                  </th>
                  {panels.map((p) => {
                    const item = p.items[i];
                    return (
                      <td
                        key={p.title}
                        className="num"
                        data-product={p.product ?? 'total'}
                        data-mean={item?.mean}
                      >
                        {item ? (
                          <>
                            {formatInteger(item.mean)}
                            <span className="twin-runs__asked">
                              {formatInteger(item.low)} – {formatInteger(item.high)}
                            </span>
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

function OeeSection({ runs, lines }: { runs: ComparedRun[]; lines: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  const option = useMemo(() => oeeOption(t, runs, lines), [t, runs, lines]);
  return (
    <section className="section" aria-labelledby={`${id}-oee`}>
      <h3 id={`${id}-oee`}>{t('twin:oee.title')}</h3>
      <p className="muted small">{t('twin:oee.explained')}</p>
      <Suspense fallback={<Loading what={t('twin:loading.chart')} />}>
        <TwinChart
          option={option}
          height={280}
          testId="twin-oee-chart"
          label={t('twin:oee.label', {
            lines: formatInteger(lines.length),
            runs: formatInteger(runs.length),
          })}
        />
      </Suspense>
      <LostTimeTable runs={runs} lines={lines} />
    </section>
  );
}

/** Where availability went besides stops: changing product, and waiting for components. */
function LostTimeTable({ runs, lines }: { runs: ComparedRun[]; lines: string[] }) {
  const { t } = useTranslation();
  const hours = (minutes: number | undefined) =>
    minutes === undefined ? '—' : t('twin:lostTime.hours', { n: formatInteger(minutes / 60) });
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="twin-lost-time">
        <caption className="muted small">
          {t('twin:lostTime.caption', { supply: supplyInWords(t, runs[0]?.run.report) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('twin:compare.run')}</th>
            {lines.map((line) => (
              <th key={line} scope="col" className="num">
                {t('twin:lostTime.column', { line })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.map((c) => (
            <tr key={c.run.id} data-run={c.run.id} data-letter={c.letter}>
              <th scope="row">
                {c.letter} · {c.label}
              </th>
              {lines.map((line) => {
                const report = lineOf(c, line);
                return (
                  <td
                    key={line}
                    className="num"
                    data-line={line}
                    data-changeover={report?.changeoverMinutes}
                    data-material-starved={report?.materialStarvedMinutes}
                  >
                    {report ? (
                      <>
                        {hours(report.changeoverMinutes)}, {hours(report.materialStarvedMinutes)}
                        {(report.shortOf?.length ?? 0) > 0 && (
                          <span className="twin-runs__asked">
                            {t('twin:lostTime.shortOf', {
                              materials: report.shortOf?.join(', '),
                            })}
                          </span>
                        )}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface BottleneckSectionProps {
  runs: ComparedRun[];
  lines: string[];
  plantLines: readonly Line[];
}

function BottleneckSection({ runs, lines, plantLines }: BottleneckSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState<{ run?: string; line?: string }>({});
  const shown = runs.find((c) => c.run.id === chosen.run) ?? runs[0];
  const line = chosen.line && lines.includes(chosen.line) ? chosen.line : lines[0];
  const report = shown && line ? lineOf(shown, line) : undefined;
  const names = useMemo(
    () =>
      new Map(
        (plantLines.find((l) => l.code === line)?.stations ?? []).map((s) => [s.code, s.name]),
      ),
    [plantLines, line],
  );
  const option = useMemo(
    () => (report ? stationOption(t, report, names) : undefined),
    [t, report, names],
  );

  return (
    <section className="section" aria-labelledby={`${id}-bottleneck`}>
      <h3 id={`${id}-bottleneck`}>{t('twin:bottlenecks.title')}</h3>
      <div className="table-scroll">
        <table className="table table--compact twin-bottlenecks" data-testid="twin-bottlenecks">
          <caption className="visually-hidden">{t('twin:bottlenecks.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('twin:bottlenecks.line')}</th>
              {runs.map((c) => (
                <th key={c.run.id} scope="col">
                  <span className="twin-letter" style={{ background: c.colour }}>
                    {c.letter}
                  </span>{' '}
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l} data-line={l}>
                <th scope="row">{l}</th>
                {runs.map((c) => {
                  const station = lineOf(c, l)?.bottleneck;
                  const current = c === shown && l === line;
                  return (
                    <td key={c.run.id} data-run={c.run.id} data-station={station}>
                      {station ? (
                        <button
                          type="button"
                          className="link-button"
                          aria-pressed={current}
                          onClick={() => setChosen({ run: c.run.id, line: l })}
                        >
                          {station}
                          {stationName(plantLines, l, station) && (
                            <span className="twin-runs__asked">
                              {stationName(plantLines, l, station)}
                            </span>
                          )}
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {shown && line && (
        <div className="form-row twin-station-pick">
          <div className="form-field">
            <label htmlFor={`${id}-line`}>{t('twin:bottlenecks.line')}</label>
            <select
              id={`${id}-line`}
              value={line}
              onChange={(e) => setChosen((c) => ({ ...c, line: e.target.value }))}
            >
              {lines.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-run`}>{t('twin:bottlenecks.run')}</label>
            <select
              id={`${id}-run`}
              value={shown.run.id}
              onChange={(e) => setChosen((c) => ({ ...c, run: e.target.value }))}
            >
              {runs.map((c) => (
                <option key={c.run.id} value={c.run.id}>
                  {c.letter} · {c.label}
                  {c.asked ? ` (${c.asked})` : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {shown && line && report && option ? (
        <>
          <p className="muted small" data-testid="twin-station-caption">
            <Trans
              t={t}
              i18nKey="twin:bottlenecks.stationCaption"
              values={{ letter: shown.letter, line, bottleneck: report.bottleneck }}
              components={{ strong: <strong /> }}
            />
          </p>
          <Suspense fallback={<Loading what={t('twin:loading.chart')} />}>
            <TwinChart
              option={option}
              height={300}
              testId="twin-station-chart"
              label={t('twin:bottlenecks.chartLabel', {
                stations: formatInteger(report.stations.length),
                line,
                letter: shown.letter,
                bottleneck: report.bottleneck,
              })}
            />
          </Suspense>
          <details className="twin-numbers">
            <summary>{t('twin:bottlenecks.stationsOf', { line, letter: shown.letter })}</summary>
            <div className="table-scroll">
              <table
                className="table table--compact"
                data-testid="twin-stations-table"
                data-line={line}
                data-run={shown.run.id}
              >
                <thead>
                  <tr>
                    <th scope="col">{t('twin:bottlenecks.station')}</th>
                    {SHARES.map((share) => (
                      <th key={share} scope="col" className="num">
                        <span
                          className="twin-swatch"
                          style={{ background: SHARE_COLOUR[share] }}
                          aria-hidden="true"
                        />{' '}
                        {shareLabel(t, share)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.stations.map((s) => (
                    <tr
                      key={s.station}
                      data-station={s.station}
                      className={s.station === report.bottleneck ? 'is-bottleneck' : undefined}
                    >
                      <th scope="row">
                        {s.station}
                        {names.get(s.station) && (
                          <span className="twin-runs__asked">{names.get(s.station)}</span>
                        )}
                      </th>
                      {SHARES.map((share) => (
                        <td key={share} className="num">
                          {formatPercent(shareOf(s, share))}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      ) : (
        line && (
          <p className="muted" data-testid="twin-station-none">
            {t('twin:bottlenecks.noLine', { letter: shown?.letter, line })}
          </p>
        )
      )}
    </section>
  );
}

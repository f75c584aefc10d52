import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useLines, useSpecifications } from '../../api/plant';
import {
  type ChartAnswer,
  GAUGE_CHART_KINDS,
  type GaugeChartKind,
  type ProcessCapability,
  RANGE_STATISTICS,
  type RangeStatistic,
  type SpcAlarm,
  useGaugeChart,
  useResultsChart,
} from '../../api/quality';
import type { Specification } from '../../api/types';
import { useCan } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { currentLocale } from '../../i18n';
import { statisticLabel } from './labels';
import {
  alarmMessage,
  CONTRACT_GAUGE_METRICS,
  chartKindLabel,
  chartTitles,
  ruleWords,
  WINDOW_HOURS,
  windowBack,
  windowLabel,
} from './spc';
import {
  type GaugeAlarmDraft,
  nonconformanceFromAlarmPath,
  type ResultsAlarmDraft,
  type SpcAlarmDraft,
} from './spcDraft';
import { spcNoteText } from './spcNotes';

// ECharts is a bundle of its own, fetched when a chart is first drawn.
const ControlChart = lazy(() => import('./ControlChart'));

type Source = 'gauge' | 'results';

/** /quality/spc — control charts of a line's gauges or of a specification's results, alarms, capability. */
export function SpcPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const source: Source = params.get('source') === 'results' ? 'results' : 'gauge';
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
    <div className="page" data-testid="spc-page">
      <nav className="breadcrumbs" aria-label={t('quality:nav.breadcrumb')}>
        <ol>
          <li>
            <Link to="/quality">{t('quality:nav.quality')}</Link>
          </li>
          <li aria-current="page">{t('quality:nav.spc')}</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('quality:nav.quality')}</p>
        <h1>{t('quality:spc.title')}</h1>
      </header>
      <fieldset className="q-source" data-testid="spc-source">
        <legend className="visually-hidden">{t('quality:spc.source.legend')}</legend>
        {(
          [
            ['gauge', t('quality:spc.source.gauge')],
            ['results', t('quality:spc.source.results')],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className={`q-source__option${source === value ? ' is-on' : ''}`}>
            <input
              type="radio"
              name={`${id}-source`}
              value={value}
              checked={source === value}
              onChange={() => set({ source: value })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {source === 'gauge' ? (
        <GaugeSection params={params} set={set} />
      ) : (
        <ResultsSection params={params} set={set} />
      )}
    </div>
  );
}

interface SectionProps {
  params: URLSearchParams;
  set: (changes: Record<string, string | undefined>) => void;
}

function GaugeSection({ params, set }: SectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const lines = useLines();
  const specs = useSpecifications();
  const lineCode = params.get('line') ?? lines.data?.[0]?.code ?? '';
  const line = lines.data?.find((l) => l.code === lineCode);
  const made = new Set(line?.products.map((p) => p.product) ?? []);
  const lineSpecs = (specs.data ?? []).filter((s) => made.has(s.product));
  const metrics = [
    ...new Set([
      ...CONTRACT_GAUGE_METRICS,
      ...lineSpecs.flatMap((s) =>
        s.characteristics.flatMap((c) => {
          const metric = (c as { gaugeMetric?: string }).gaugeMetric;
          return c.type === 'variable' && metric ? [metric] : [];
        }),
      ),
    ]),
  ];
  const metric = params.get('metric') ?? metrics[0] ?? '';
  const hours = Number(params.get('hours') ?? 24);
  const kindParam = params.get('kind');
  const kind: GaugeChartKind = (GAUGE_CHART_KINDS as readonly string[]).includes(kindParam ?? '')
    ? (kindParam as GaugeChartKind)
    : 'xbar-r';
  const subgroupSize = Number(params.get('n') ?? 5);
  const specification = params.get('spec') ?? '';
  // "Now" is taken when the choice changes or on Redraw, not on every render.
  const [drawn, setDrawn] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `drawn` asks for a new "now"
  const query = useMemo(
    () =>
      lineCode && metric
        ? {
            line: lineCode,
            metric,
            ...windowBack(hours, new Date()),
            kind,
            subgroupSize,
            ...(specification ? { specification } : {}),
          }
        : undefined,
    [lineCode, metric, hours, kind, subgroupSize, specification, drawn],
  );
  const chart = useGaugeChart(query);

  return (
    <>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setDrawn((n) => n + 1);
        }}
        data-testid="gauge-form"
      >
        <div className="form-field">
          <label htmlFor={`${id}-line`}>{t('common:words.line')}</label>
          <select
            id={`${id}-line`}
            value={lineCode}
            onChange={(e) => set({ line: e.target.value, spec: undefined })}
          >
            {(lines.data ?? []).map((l) => (
              <option key={l.code} value={l.code}>
                {l.code} — {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-metric`}>{t('quality:spc.gauge.metric')}</label>
          <select
            id={`${id}-metric`}
            value={metric}
            onChange={(e) => set({ metric: e.target.value })}
          >
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-window`}>{t('quality:spc.gauge.window')}</label>
          <select
            id={`${id}-window`}
            value={hours}
            onChange={(e) => set({ hours: e.target.value })}
          >
            {WINDOW_HOURS.map((w) => (
              <option key={w} value={w}>
                {windowLabel(w)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-kind`}>{t('quality:spc.gauge.chart')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => set({ kind: e.target.value })}>
            {GAUGE_CHART_KINDS.map((k) => (
              <option key={k} value={k}>
                {chartKindLabel(k)}
              </option>
            ))}
          </select>
        </div>
        {kind !== 'i-mr' && (
          <div className="form-field form-field--short">
            <label htmlFor={`${id}-n`}>{t('quality:spc.gauge.subgroup')}</label>
            <input
              id={`${id}-n`}
              type="number"
              min={2}
              max={25}
              value={subgroupSize}
              onChange={(e) => set({ n: e.target.value })}
            />
          </div>
        )}
        <div className="form-field">
          <label htmlFor={`${id}-spec`}>{t('quality:spc.gauge.specLimits')}</label>
          <select
            id={`${id}-spec`}
            value={specification}
            onChange={(e) => set({ spec: e.target.value || undefined })}
          >
            <option value="">{t('quality:spc.gauge.linesProduct')}</option>
            {lineSpecs.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} ({s.product})
              </option>
            ))}
          </select>
        </div>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            {t('quality:spc.gauge.redraw')}
          </button>
        </div>
      </form>
      {query && (
        <QueryView query={chart} what={t('quality:loading.controlChart')}>
          {(data) => (
            <ChartView
              answer={data}
              unit={data.unit}
              subject={{
                kind: 'gauge',
                line: data.line,
                metric: data.metric,
                product: data.product,
              }}
              facts={[
                [t('common:words.line'), data.line],
                [t('common:words.product'), data.product ?? '—'],
                [
                  t('quality:spc.gauge.window'),
                  `${formatDateTime(data.from)} – ${formatDateTime(data.to)}`,
                ],
                [t('quality:spc.facts.valuesCharted'), formatInteger(data.values)],
                ...(data.kind !== 'i-mr'
                  ? ([[t('quality:spc.facts.subgroupsOf'), formatInteger(data.subgroupSize)]] as [
                      string,
                      string,
                    ][])
                  : []),
                ...(data.dropped + data.otherProducts > 0
                  ? ([
                      [
                        t('quality:spc.facts.leftOff'),
                        t('quality:spc.facts.leftOffValues', {
                          dropped: formatInteger(data.dropped),
                          other: formatInteger(data.otherProducts),
                        }),
                      ],
                    ] as [string, string][])
                  : []),
              ]}
            />
          )}
        </QueryView>
      )}
    </>
  );
}

/** What a characteristic or range test of a specification can be charted by. */
function chartables(spec: Specification | undefined) {
  return [
    ...(spec?.characteristics ?? []).map((c) => ({ code: c.code, name: c.name, range: false })),
    ...(spec?.rangeTests ?? []).map((t) => ({ code: t.code, name: t.name, range: true })),
  ];
}

function ResultsSection({ params, set }: SectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const specs = useSpecifications();
  const specCode = params.get('spec') ?? specs.data?.[0]?.code ?? '';
  const spec = specs.data?.find((s) => s.code === specCode);
  const options = chartables(spec);
  const characteristic = params.get('ch') ?? options[0]?.code ?? '';
  const test = spec?.rangeTests.find((t) => t.code === characteristic);
  const statParam = params.get('stat');
  const statistic = (RANGE_STATISTICS as readonly string[]).includes(statParam ?? '')
    ? (statParam as RangeStatistic)
    : undefined;
  const query = useMemo(
    () =>
      specCode && characteristic
        ? {
            specification: specCode,
            characteristic,
            ...(test && statistic ? { statistic } : {}),
          }
        : undefined,
    [specCode, characteristic, test, statistic],
  );
  const chart = useResultsChart(query);

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()} data-testid="results-form">
        <div className="form-field">
          <label htmlFor={`${id}-spec`}>{t('quality:fields.specification')}</label>
          <select
            id={`${id}-spec`}
            value={specCode}
            onChange={(e) => set({ spec: e.target.value, ch: undefined, stat: undefined })}
          >
            {(specs.data ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-ch`}>{t('quality:spc.results.characteristicOrTest')}</label>
          <select
            id={`${id}-ch`}
            value={characteristic}
            onChange={(e) => set({ ch: e.target.value, stat: undefined })}
          >
            {options.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code} — {o.name}
                {o.range ? ` (${t('quality:spc.results.rangeTest')})` : ''}
              </option>
            ))}
          </select>
        </div>
        {test && (
          <div className="form-field">
            <label htmlFor={`${id}-stat`}>{t('quality:spc.results.statistic')}</label>
            <select
              id={`${id}-stat`}
              value={statistic ?? ''}
              onChange={(e) => set({ stat: e.target.value || undefined })}
            >
              <option value="">{t('quality:spc.results.asFirstLimit')}</option>
              {RANGE_STATISTICS.map((s) => (
                <option key={s} value={s}>
                  {statisticLabel(s)}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      {query && (
        <QueryView query={chart} what={t('quality:loading.controlChart')}>
          {(data) => (
            <ChartView
              answer={data}
              unit={data.unit}
              subject={{
                kind: 'results',
                specification: data.specification,
                characteristic: data.characteristic,
              }}
              facts={[
                [t('quality:fields.specification'), data.specification],
                [t('quality:fields.characteristic'), data.characteristic],
                ...(data.statistic
                  ? ([[t('quality:spc.results.statistic'), statisticName(data.statistic)]] as [
                      string,
                      string,
                    ][])
                  : []),
                [t('quality:fields.lots'), formatInteger(data.lots.length)],
              ]}
            />
          )}
        </QueryView>
      )}
    </>
  );
}

/** A statistic the server names, in words when it is one of a range test's. */
const statisticName = (statistic: string): string =>
  (RANGE_STATISTICS as readonly string[]).includes(statistic)
    ? statisticLabel(statistic as RangeStatistic)
    : statistic;

/** What was charted, for a nonconformance drafted from one of its alarms. */
type ChartSubject =
  | Pick<GaugeAlarmDraft, 'kind' | 'line' | 'metric' | 'product'>
  | Pick<ResultsAlarmDraft, 'kind' | 'specification' | 'characteristic'>;

function ChartView({
  answer,
  unit,
  subject,
  facts,
}: {
  answer: ChartAnswer;
  unit: string | null;
  subject: ChartSubject;
  facts: [string, string][];
}) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const { chart, alarms, capability, notes } = answer;
  const titles = chart ? chartTitles(chart.kind, unit) : undefined;
  const mayOpen = can('quality.inspect');
  const draftFor = (a: SpcAlarm): SpcAlarmDraft => {
    const fired = {
      rule: a.rule,
      message: alarmMessage(a),
      at: a.at,
      chart: (a.chart === 'primary' ? titles?.primary : titles?.secondary) ?? '',
    };
    return subject.kind === 'gauge'
      ? { ...subject, ...fired }
      : { ...subject, ...fired, lot: a.lot ?? null };
  };
  return (
    <div className="q-spc" data-testid="spc-answer">
      <dl className="facts panel" data-testid="spc-facts">
        {facts.map(([term, value]) => (
          <div key={term} className="facts__item">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {chart && (
          <>
            <div className="facts__item">
              <dt>{t('quality:spc.facts.centreLine')}</dt>
              <dd>{formatExact(Number(chart.centre.toPrecision(6)))}</dd>
            </div>
            <div className="facts__item">
              <dt>{t('quality:spc.facts.limitsFrom')}</dt>
              <dd>
                {t(`quality:spc.limitsFrom.${chart.limitsFrom}`)}, ±
                {formatExact(chart.sigmaMultiplier)}σ
              </dd>
            </div>
          </>
        )}
      </dl>
      {notes.length > 0 && (
        <ul className="form-notice q-notes" data-testid="spc-notes">
          {notes.map((note) => {
            const { text, lang } = spcNoteText(note);
            return (
              <li key={note.text} data-code={note.code} {...(lang ? { lang } : {})}>
                {text}
              </li>
            );
          })}
        </ul>
      )}
      {chart ? (
        <Suspense fallback={<Loading what={t('quality:loading.chart')} />}>
          <ControlChart chart={chart} alarms={alarms} unit={unit} />
        </Suspense>
      ) : (
        <p className="muted" data-testid="spc-no-chart">
          {t('quality:spc.noChart')}
        </p>
      )}
      <section className="section" aria-labelledby={`${id}-alarms`}>
        <h2 id={`${id}-alarms`}>{t('quality:spc.alarms.title')}</h2>
        {alarms.length === 0 ? (
          <p className="muted" data-testid="spc-no-alarms">
            {chart ? t('quality:spc.alarms.none') : t('quality:spc.alarms.noneNoChart')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="spc-alarms">
              <thead>
                <tr>
                  <th scope="col">{t('quality:fields.rule')}</th>
                  <th scope="col">{t('quality:spc.gauge.chart')}</th>
                  <th scope="col">{t('quality:fields.at')}</th>
                  <th scope="col">{t('common:words.lot')}</th>
                  <th scope="col">{t('quality:fields.what')}</th>
                  {mayOpen && (
                    <th scope="col">
                      <span className="visually-hidden">{t('common:words.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {alarms.map((a) => (
                  <tr
                    key={`${a.chart}-${a.rule}-${a.index}`}
                    data-testid={`spc-alarm-${a.rule}-${a.index}`}
                  >
                    <th scope="row">
                      <strong>{a.rule}</strong>{' '}
                      <span className="muted small">{ruleWords(a.rule)}</span>
                    </th>
                    <td className="small">
                      {a.chart === 'primary' ? titles?.primary : titles?.secondary}
                    </td>
                    <td className="nowrap">{formatDateTime(a.at)}</td>
                    <td>{a.lot ?? '—'}</td>
                    <td className="small">{alarmMessage(a)}</td>
                    {mayOpen && (
                      <td>
                        <Link
                          className="button button--small nowrap"
                          to={nonconformanceFromAlarmPath(draftFor(a))}
                          data-command="open-nonconformance"
                        >
                          {t('quality:commands.openNonconformance')}
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section" aria-labelledby={`${id}-capability`}>
        <h2 id={`${id}-capability`}>{t('quality:spc.capability.title')}</h2>
        {capability ? (
          <CapabilityFacts capability={capability} unit={unit} />
        ) : (
          <p className="muted" data-testid="spc-no-capability">
            {t('quality:spc.capability.none')}
          </p>
        )}
      </section>
    </div>
  );
}

// A capability index is read to two decimals ("1.33", "1,33"); format.ts has no
// fixed-decimals formatter, so this one follows the language's locale itself.
const indexFormats = new Map<string, Intl.NumberFormat>();
function index(v: number | null): string {
  if (v === null) return '—';
  const locale = currentLocale();
  let format = indexFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    indexFormats.set(locale, format);
  }
  return format.format(v);
}
const measure = (v: number) => formatExact(Number(v.toPrecision(5)));

/** The Cpk a capable process reaches at least (AIAG SPC manual). */
const CAPABLE_CPK = 1.33;

function CapabilityFacts({
  capability: c,
  unit,
}: {
  capability: ProcessCapability;
  unit: string | null;
}) {
  const { t } = useTranslation();
  const u = unit ? ` ${unit}` : '';
  const capable = c.cpk >= CAPABLE_CPK;
  return (
    <dl className="facts panel q-capability" data-testid="spc-capability">
      <div className="facts__item facts__item--lead">
        <dt>{t('quality:spc.capability.cpk')}</dt>
        <dd>
          {index(c.cpk)}{' '}
          <span className={`badge ${capable ? 'badge--ok' : 'badge--danger'}`}>
            {capable
              ? t('quality:spc.capability.capable')
              : t('quality:spc.capability.below', { min: index(CAPABLE_CPK) })}
          </span>
        </dd>
      </div>
      <div className="facts__item facts__item--lead">
        <dt>{t('quality:spc.capability.cp')}</dt>
        <dd>{index(c.cp)}</dd>
      </div>
      <div className="facts__item">
        <dt>{t('quality:spc.capability.ppk')}</dt>
        <dd>{index(c.ppk)}</dd>
      </div>
      <div className="facts__item">
        <dt>{t('quality:spc.capability.pp')}</dt>
        <dd>{index(c.pp)}</dd>
      </div>
      <div className="facts__item">
        <dt>{t('quality:statistic.mean')}</dt>
        <dd>
          {measure(c.mean)}
          {u}
        </dd>
      </div>
      <div className="facts__item">
        <dt>{t('quality:spc.capability.sigmaWithin')}</dt>
        <dd>
          {measure(c.sigmaWithin)}
          {u}{' '}
          <span className="muted small">
            {t(`quality:spc.capability.sigmaFrom.${c.sigmaWithinFrom}`)}
          </span>
        </dd>
      </div>
      <div className="facts__item">
        <dt>{t('quality:spc.capability.sigmaOverall')}</dt>
        <dd>
          {measure(c.sigmaOverall)}
          {u}
        </dd>
      </div>
      <div className="facts__item">
        <dt>{t('quality:plan.limits')}</dt>
        <dd>
          {c.lsl !== undefined ? formatExact(c.lsl) : '−∞'} –{' '}
          {c.usl !== undefined ? formatExact(c.usl) : '∞'}
          {u}
        </dd>
      </div>
      <div className="facts__item">
        <dt>{t('quality:spc.capability.values')}</dt>
        <dd>{formatInteger(c.n)}</dd>
      </div>
    </dl>
  );
}

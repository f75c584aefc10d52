import { lazy, Suspense, useId, useMemo, useState } from 'react';
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
import { STATISTIC_LABEL } from './labels';
import {
  CHART_KIND_LABEL,
  CONTRACT_GAUGE_METRICS,
  chartTitles,
  RULE_WORDS,
  WINDOWS,
  windowBack,
} from './spc';
import {
  type GaugeAlarmDraft,
  nonconformanceFromAlarmPath,
  type ResultsAlarmDraft,
  type SpcAlarmDraft,
} from './spcDraft';

// ECharts is a bundle of its own, fetched when a chart is first drawn.
const ControlChart = lazy(() => import('./ControlChart'));

type Source = 'gauge' | 'results';

/** /quality/spc — control charts of a line's gauges or of a specification's results, alarms, capability. */
export function SpcPage() {
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
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/quality">Quality</Link>
          </li>
          <li aria-current="page">SPC</li>
        </ol>
      </nav>
      <header className="page-header">
        <p className="page-header__eyebrow">Quality</p>
        <h1>Statistical process control</h1>
      </header>
      <fieldset className="q-source" data-testid="spc-source">
        <legend className="visually-hidden">What to chart</legend>
        {(
          [
            ['gauge', 'Inline gauge (machine data)'],
            ['results', 'Inspection results (by lot)'],
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
          <label htmlFor={`${id}-line`}>Line</label>
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
          <label htmlFor={`${id}-metric`}>Gauge metric</label>
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
          <label htmlFor={`${id}-window`}>Window</label>
          <select
            id={`${id}-window`}
            value={hours}
            onChange={(e) => set({ hours: e.target.value })}
          >
            {WINDOWS.map((w) => (
              <option key={w.hours} value={w.hours}>
                {w.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-kind`}>Chart</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => set({ kind: e.target.value })}>
            {GAUGE_CHART_KINDS.map((k) => (
              <option key={k} value={k}>
                {CHART_KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        {kind !== 'i-mr' && (
          <div className="form-field form-field--short">
            <label htmlFor={`${id}-n`}>Subgroup</label>
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
          <label htmlFor={`${id}-spec`}>Specification limits</label>
          <select
            id={`${id}-spec`}
            value={specification}
            onChange={(e) => set({ spec: e.target.value || undefined })}
          >
            <option value="">The line’s product</option>
            {lineSpecs.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} ({s.product})
              </option>
            ))}
          </select>
        </div>
        <div className="filters__actions">
          <button type="submit" className="button button--primary">
            Redraw
          </button>
        </div>
      </form>
      {query && (
        <QueryView query={chart} what="the control chart">
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
                ['Line', data.line],
                ['Product', data.product ?? '—'],
                ['Window', `${formatDateTime(data.from)} – ${formatDateTime(data.to)}`],
                ['Values charted', formatInteger(data.values)],
                ...(data.kind !== 'i-mr'
                  ? ([['Subgroups of', formatInteger(data.subgroupSize)]] as [string, string][])
                  : []),
                ...(data.dropped + data.otherProducts > 0
                  ? ([
                      [
                        'Left off',
                        `${formatInteger(data.dropped)} incomplete, ${formatInteger(data.otherProducts)} of other products`,
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
          <label htmlFor={`${id}-spec`}>Specification</label>
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
          <label htmlFor={`${id}-ch`}>Characteristic or range test</label>
          <select
            id={`${id}-ch`}
            value={characteristic}
            onChange={(e) => set({ ch: e.target.value, stat: undefined })}
          >
            {options.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code} — {o.name}
                {o.range ? ' (range test)' : ''}
              </option>
            ))}
          </select>
        </div>
        {test && (
          <div className="form-field">
            <label htmlFor={`${id}-stat`}>Statistic</label>
            <select
              id={`${id}-stat`}
              value={statistic ?? ''}
              onChange={(e) => set({ stat: e.target.value || undefined })}
            >
              <option value="">As its first limit</option>
              {RANGE_STATISTICS.map((s) => (
                <option key={s} value={s}>
                  {STATISTIC_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      {query && (
        <QueryView query={chart} what="the control chart">
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
                ['Specification', data.specification],
                ['Characteristic', data.characteristic],
                ...(data.statistic ? ([['Statistic', data.statistic]] as [string, string][]) : []),
                ['Lots', formatInteger(data.lots.length)],
              ]}
            />
          )}
        </QueryView>
      )}
    </>
  );
}

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
  const id = useId();
  const can = useCan();
  const { chart, alarms, capability, notes } = answer;
  const titles = chart ? chartTitles(chart.kind, unit) : undefined;
  const mayOpen = can('quality.inspect');
  const draftFor = (a: SpcAlarm): SpcAlarmDraft => {
    const fired = {
      rule: a.rule,
      message: a.message,
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
              <dt>Centre line</dt>
              <dd>{formatExact(Number(chart.centre.toPrecision(6)))}</dd>
            </div>
            <div className="facts__item">
              <dt>Limits from</dt>
              <dd>
                {chart.limitsFrom === 'data' ? 'the window’s data (phase I)' : chart.limitsFrom}, ±
                {chart.sigmaMultiplier}σ
              </dd>
            </div>
          </>
        )}
      </dl>
      {notes.length > 0 && (
        <ul className="form-notice q-notes" data-testid="spc-notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {chart ? (
        <Suspense fallback={<Loading what="the chart" />}>
          <ControlChart chart={chart} alarms={alarms} unit={unit} />
        </Suspense>
      ) : (
        <p className="muted" data-testid="spc-no-chart">
          Nothing to chart in this window.
        </p>
      )}
      <section className="section" aria-labelledby={`${id}-alarms`}>
        <h2 id={`${id}-alarms`}>Alarms</h2>
        {alarms.length === 0 ? (
          <p className="muted" data-testid="spc-no-alarms">
            No run rule fired{chart ? '' : ': there is no chart'}.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="spc-alarms">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Chart</th>
                  <th scope="col">At</th>
                  <th scope="col">Lot</th>
                  <th scope="col">What</th>
                  {mayOpen && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
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
                      <span className="muted small">{RULE_WORDS[a.rule]}</span>
                    </th>
                    <td className="small">
                      {a.chart === 'primary' ? titles?.primary : titles?.secondary}
                    </td>
                    <td className="nowrap">{formatDateTime(a.at)}</td>
                    <td>{a.lot ?? '—'}</td>
                    <td className="small">{a.message}</td>
                    {mayOpen && (
                      <td>
                        <Link
                          className="button button--small nowrap"
                          to={nonconformanceFromAlarmPath(draftFor(a))}
                          data-command="open-nonconformance"
                        >
                          Open nonconformance
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
        <h2 id={`${id}-capability`}>Capability</h2>
        {capability ? (
          <CapabilityFacts capability={capability} unit={unit} />
        ) : (
          <p className="muted" data-testid="spc-no-capability">
            No capability: it needs the specification’s limits and enough values.
          </p>
        )}
      </section>
    </div>
  );
}

const index = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const measure = (v: number) => formatExact(Number(v.toPrecision(5)));

function CapabilityFacts({
  capability: c,
  unit,
}: {
  capability: ProcessCapability;
  unit: string | null;
}) {
  const u = unit ? ` ${unit}` : '';
  // Cpk of 1.33 is the usual minimum for a capable process (AIAG SPC manual).
  const capable = c.cpk >= 1.33;
  return (
    <dl className="facts panel q-capability" data-testid="spc-capability">
      <div className="facts__item facts__item--lead">
        <dt>Cpk</dt>
        <dd>
          {index(c.cpk)}{' '}
          <span className={`badge ${capable ? 'badge--ok' : 'badge--danger'}`}>
            {capable ? 'capable' : 'below 1.33'}
          </span>
        </dd>
      </div>
      <div className="facts__item facts__item--lead">
        <dt>Cp</dt>
        <dd>{index(c.cp)}</dd>
      </div>
      <div className="facts__item">
        <dt>Ppk</dt>
        <dd>{index(c.ppk)}</dd>
      </div>
      <div className="facts__item">
        <dt>Pp</dt>
        <dd>{index(c.pp)}</dd>
      </div>
      <div className="facts__item">
        <dt>Mean</dt>
        <dd>
          {measure(c.mean)}
          {u}
        </dd>
      </div>
      <div className="facts__item">
        <dt>σ within</dt>
        <dd>
          {measure(c.sigmaWithin)}
          {u} <span className="muted small">from {c.sigmaWithinFrom.replace('-', ' ')}</span>
        </dd>
      </div>
      <div className="facts__item">
        <dt>σ overall</dt>
        <dd>
          {measure(c.sigmaOverall)}
          {u}
        </dd>
      </div>
      <div className="facts__item">
        <dt>Limits</dt>
        <dd>
          {c.lsl !== undefined ? formatExact(c.lsl) : '−∞'} –{' '}
          {c.usl !== undefined ? formatExact(c.usl) : '∞'}
          {u}
        </dd>
      </div>
      <div className="facts__item">
        <dt>Values</dt>
        <dd>{formatInteger(c.n)}</dd>
      </div>
    </dl>
  );
}

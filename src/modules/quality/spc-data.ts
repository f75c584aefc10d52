// SPC over the plant's own data: control charts, Nelson-rule alarms and
// capability from the inline gauges' machine data (telemetry.machine_events)
// and from inspection results (quality.results). The statistics are the pure
// core's (spc.ts, run-rules.ts, capability.ts); this file reads the data,
// forms the subgroups and labels each point with its time (and lot).
//
// Choices:
// - Gauge data: a gauging station publishes one value per cartridge. Rational
//   subgroups are n consecutive cartridges in time order (Montgomery §5.3.4:
//   the "snapshot" approach); an incomplete last subgroup is dropped. Birth
//   messages are skipped: a DBIRTH repeats the last value measured, it is not
//   a new cartridge.
// - One product per chart: a line making two products (L3: tracer, blank)
//   measures two populations (OAL 55.75 mm and 48.0 mm). Each value belongs to
//   the product the line reported (Line/Product) when it was measured, or to
//   the line's only product; a window with values of two products needs a
//   specification to choose one.
// - Limits are phase I (from the window's data, Montgomery §6.2.1): no approved
//   limits are stored yet. Alarms are the Nelson rules N1–N8 on X̄ and I; on
//   the dispersion chart (R, S, MR) only N1–N4, which do not use the zones:
//   the zones assume a statistic symmetric about its centre line, which a
//   range is not.
// - Results: one point per completed inspection, in the order inspections
//   were completed.
import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import {
  type ErrorMessage,
  errorMessage,
  issueAt,
  LotlineError,
  restated,
} from '../../core/errors.js';
import {
  currentPlant,
  type Line,
  type PlantFile,
  RANGE_STATISTICS,
  type Specification,
} from '../plant/index.js';
import { METRICS, machineEvents, stationMetrics } from '../telemetry/index.js';
import { type Capability, processCapability, type WithinSigmaMethod } from './capability.js';
import type { ResultData } from './inspection.js';
import { rangeStatistic } from './range-tests.js';
import { type Alarm, type AlarmDirection, type NelsonRule, runRuleAlarms } from './run-rules.js';
import { inspections, results } from './schema.js';
import {
  type ChartInput,
  type ChartKind,
  type ChartPoint,
  type ConstantSet,
  type ControlChart,
  controlChart,
  type LimitsSource,
  MAX_SUBGROUP_SIZE,
  MIN_SUBGROUP_SIZE,
  type SecondaryKind,
  sampleStandardDeviation,
} from './spc.js';
import { noCapabilityNote, noChartNote, type SpcNote, spcNote } from './spc-notes.js';

/** The longest window a gauge chart reads: a month of a line. */
export const MAX_WINDOW_DAYS = 31;
/** The most gauge values one chart takes (some 20 hours of a line at 84 cartridges a minute). */
export const MAX_GAUGE_VALUES = 100_000;
/**
 * The most gauge values per metric the alarm list of a lot reads: a lot of several days of
 * production is more than one chart page shows, but its alarms are still wanted.
 */
export const MAX_ALARM_VALUES = 500_000;
/** The most inspections a results chart plots: the latest ones in the window. */
export const MAX_RESULT_LOTS = 500;
export const DEFAULT_SUBGROUP_SIZE = 5;

const DAY_MS = 86_400_000;

export type GaugeChartKind = 'xbar-r' | 'xbar-s' | 'i-mr';
export const GAUGE_CHART_KINDS = ['xbar-r', 'xbar-s', 'i-mr'] as const;

// ---------------------------------------------------------------- output ----

/** A plotted point with what it stands for: its time (and lot, on a results chart). */
export interface SpcPoint {
  index: number;
  value: number;
  cl: number;
  ucl: number;
  lcl: number;
  sigma: number;
  n: number;
  /** When the point was complete: the subgroup's last value, the value, or the inspection's completion. */
  at: string;
  /** A subgroup's first value, when the point spans several. */
  from?: string;
  lot?: string;
  inspection?: string;
}

export interface SpcChart {
  kind: ChartKind;
  limitsFrom: LimitsSource;
  constants?: ConstantSet;
  sigmaMultiplier: number;
  centre: number;
  /** σ̂ of one observation (see spc.ts). */
  sigma: number;
  points: SpcPoint[];
  secondary?: { kind: SecondaryKind; centre: number; points: SpcPoint[] };
}

export interface SpcAlarm {
  /** The X̄, I or p chart ('primary') or the R, S or MR chart under it ('secondary'). */
  chart: 'primary' | 'secondary';
  rule: NelsonRule;
  /** The point the rule first fired at. */
  index: number;
  /** That point's time. */
  at: string;
  lot?: string;
  /** The points flagged. */
  points: number[];
  /** The side or trend, where the rule has one (N4, N7, N8 have none). */
  direction?: AlarmDirection;
  /** The length of the run: how many points are flagged. */
  run: number;
  /** In English: a client words the alarm from its rule, direction and run. */
  message: string;
}

export interface SpecLimits {
  /** The specification and characteristic the limits come from; null when the caller gave them. */
  specification: string | null;
  characteristic: string | null;
  lsl?: number;
  usl?: number;
}

export interface GaugeChart {
  line: string;
  metric: string;
  unit: string | null;
  group: string;
  from: string;
  to: string;
  /** The product whose cartridges are charted; null when the line reported none. */
  product: string | null;
  kind: GaugeChartKind;
  /** 1 for an individuals chart. */
  subgroupSize: number;
  /** Values charted. */
  values: number;
  /** Values of an incomplete last subgroup, left off. */
  dropped: number;
  /** Values measured while the line made another product (or reported none), left off. */
  otherProducts: number;
  /** Null when the window holds too few values for a chart (see notes). */
  chart: SpcChart | null;
  alarms: SpcAlarm[];
  limits: SpecLimits | null;
  capability: Capability | null;
  notes: SpcNote[];
}

export interface ResultsChart {
  specification: string;
  characteristic: string;
  /** What was recorded: measured values, nonconforming counts, or a range test's rounds. */
  source: 'variable' | 'attribute' | 'range';
  /** The range test statistic charted, for a range test. */
  statistic: string | null;
  unit: string | null;
  lots: { lot: string; inspection: string; completedAt: string; n: number }[];
  chart: SpcChart | null;
  alarms: SpcAlarm[];
  limits: SpecLimits | null;
  capability: Capability | null;
  notes: SpcNote[];
}

export interface LineAlarm {
  metric: string;
  product: string | null;
  chart: 'primary' | 'secondary';
  rule: NelsonRule;
  at: string;
  /** The side or trend, where the rule has one (N4, N7, N8 have none). */
  direction?: AlarmDirection;
  /** The length of the run: how many points are flagged. */
  run: number;
  /** In English: a client words the alarm from its rule, direction and run. */
  message: string;
}

// ------------------------------------------------------------- checking ----

/**
 * A refused query: the code in words as the headline, the field named with
 * what is wrong; the error and the field carry the reason's code and params.
 */
const refused = (field: string, reason: ErrorMessage) =>
  new LotlineError(
    'invalid',
    { code: reason.code, params: reason.params, text: reason.code.replaceAll('_', ' ') },
    [issueAt(field, reason)],
  );

const NOT_A_TIME = () => errorMessage('invalid_window', 'expected a date and time');

function checkWindow(from: Date, to: Date, maxDays: number | undefined): void {
  if (!Number.isFinite(from.getTime())) throw refused('from', NOT_A_TIME());
  if (!Number.isFinite(to.getTime())) throw refused('to', NOT_A_TIME());
  if (to.getTime() <= from.getTime()) {
    throw refused(
      'to',
      errorMessage(
        'invalid_window',
        'the window must end after it starts (from {{from}}, to {{to}})',
        {
          from: from.toISOString(),
          to: to.toISOString(),
        },
      ),
    );
  }
  if (maxDays !== undefined && to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw refused(
      'from',
      errorMessage(
        'window_too_long',
        'the window is longer than {{maxDays}} days; ask for a shorter one',
        {
          maxDays,
        },
      ),
    );
  }
}

function lineOf(plant: PlantFile, code: string): Line {
  const line = plant.lines.find((l) => l.code === code);
  if (!line) {
    throw refused(
      'line',
      errorMessage('unknown_line', 'the plant has no line "{{line}}"', { line: code }),
    );
  }
  return line;
}

/** The gauging stations of a line: the devices that publish the gauge metrics. */
function gaugingStations(line: Line): string[] {
  return line.stations.filter((s) => s.kind === 'gauging').map((s) => s.code);
}

/**
 * The gauge metrics a line can chart, with their units: those of the metric contract (what a
 * gauging station publishes beyond a plain station's metrics) and any other gauge metric the
 * specifications of the line's products name.
 */
function gaugeMetricsOf(plant: PlantFile, line: Line): Map<string, string | null> {
  const plain = new Set(stationMetrics('other').map((m) => m.name as string));
  const metrics = new Map<string, string | null>(
    stationMetrics('gauging')
      .filter((m) => !plain.has(m.name))
      .map((m) => [m.name as string, m.unit ?? null]),
  );
  const made = new Set(line.products.map((p) => p.product));
  for (const spec of plant.specifications) {
    if (!made.has(spec.product)) continue;
    for (const c of spec.characteristics) {
      if (c.type === 'variable' && c.gaugeMetric && !metrics.has(c.gaugeMetric)) {
        metrics.set(c.gaugeMetric, c.unit);
      }
    }
  }
  return metrics;
}

// -------------------------------------------------------------- reading ----

interface GaugeValue {
  at: Date;
  value: number;
  product: string | undefined;
}

/**
 * The line's gauge values of one metric in [from, to), in time order, each with the product the
 * line was making. Refuses when the window holds more than `maxValues`.
 */
async function readGaugeValues(
  db: Database,
  q: { line: Line; metric: string; from: Date; to: Date; group: string; maxValues: number },
): Promise<GaugeValue[]> {
  const stations = gaugingStations(q.line);
  if (stations.length === 0) return [];
  const rows = await db
    .select({ at: machineEvents.metricAt, value: machineEvents.valueNumber })
    .from(machineEvents)
    .where(
      and(
        eq(machineEvents.node, q.line.code),
        inArray(machineEvents.device, stations),
        eq(machineEvents.metric, q.metric),
        eq(machineEvents.groupId, q.group),
        eq(machineEvents.birth, false),
        isNotNull(machineEvents.valueNumber),
        gte(machineEvents.metricAt, q.from),
        lt(machineEvents.metricAt, q.to),
      ),
    )
    .orderBy(asc(machineEvents.metricAt), asc(machineEvents.id))
    .limit(q.maxValues + 1);
  if (rows.length > q.maxValues) {
    throw refused(
      'to',
      errorMessage(
        'too_many_values',
        'the window holds more than {{maxValues, number}} {{metric}} values of {{line}}; ask for a shorter one',
        { maxValues: q.maxValues, metric: q.metric, line: q.line.code },
      ),
    );
  }
  const changes = await productChanges(db, q.line.code, q.group, q.from, q.to);
  // A line that makes one product makes it whenever it reports none.
  const only = q.line.products.length === 1 ? q.line.products[0]?.product : undefined;
  let next = 0;
  let product: string | undefined;
  return rows.map((r) => {
    while (next < changes.length && (changes[next] as ProductChange).at <= r.at.getTime()) {
      product = (changes[next] as ProductChange).product;
      next += 1;
    }
    return { at: r.at, value: r.value as number, product: product ?? only };
  });
}

interface ProductChange {
  at: number;
  product: string | undefined;
}

/** What the line reported it was making (Line/Product): its value at the start, then each change. */
async function productChanges(
  db: Database,
  line: string,
  group: string,
  from: Date,
  to: Date,
): Promise<ProductChange[]> {
  const series = and(
    eq(machineEvents.node, line),
    isNull(machineEvents.device),
    eq(machineEvents.metric, METRICS.product),
    eq(machineEvents.groupId, group),
  );
  const columns = { at: machineEvents.metricAt, product: machineEvents.valueText };
  const start = await db
    .select(columns)
    .from(machineEvents)
    .where(and(series, lte(machineEvents.metricAt, from)))
    .orderBy(desc(machineEvents.metricAt), desc(machineEvents.id))
    .limit(1);
  const during = await db
    .select(columns)
    .from(machineEvents)
    .where(and(series, gt(machineEvents.metricAt, from), lt(machineEvents.metricAt, to)))
    .orderBy(asc(machineEvents.metricAt), asc(machineEvents.id));
  // '' is "set up for nothing".
  return [...start, ...during].map((r) => ({
    at: r.at.getTime(),
    product: r.product || undefined,
  }));
}

// ------------------------------------------------------------- charting ----

interface Label {
  at: string;
  from?: string;
  lot?: string;
  inspection?: string;
}

function pointOut(point: ChartPoint, label: Label | undefined): SpcPoint {
  return {
    index: point.index,
    value: point.value,
    cl: point.cl,
    ucl: point.ucl,
    lcl: point.lcl,
    sigma: point.sigma,
    n: point.n,
    at: label?.at ?? '',
    ...(label?.from !== undefined ? { from: label.from } : {}),
    ...(label?.lot !== undefined ? { lot: label.lot } : {}),
    ...(label?.inspection !== undefined ? { inspection: label.inspection } : {}),
  };
}

function chartOut(chart: ControlChart, labels: readonly Label[]): SpcChart {
  return {
    kind: chart.kind,
    limitsFrom: chart.limitsFrom,
    ...(chart.constants ? { constants: chart.constants } : {}),
    sigmaMultiplier: chart.sigmaMultiplier,
    centre: chart.centre,
    sigma: chart.sigma,
    points: chart.points.map((p) => pointOut(p, labels[p.index])),
    ...(chart.secondary
      ? {
          secondary: {
            kind: chart.secondary.kind,
            centre: chart.secondary.centre,
            points: chart.secondary.points.map((p) => pointOut(p, labels[p.index])),
          },
        }
      : {}),
  };
}

const DISPERSION_RULES: readonly NelsonRule[] = ['N1', 'N2', 'N3', 'N4'];

function alarmsOf(chart: ControlChart, labels: readonly Label[]): SpcAlarm[] {
  const out = (which: SpcAlarm['chart'], alarm: Alarm): SpcAlarm => {
    const label = labels[alarm.index];
    return {
      chart: which,
      // Only Nelson rules are asked for.
      rule: alarm.rule as NelsonRule,
      index: alarm.index,
      at: label?.at ?? '',
      ...(label?.lot !== undefined ? { lot: label.lot } : {}),
      points: alarm.points,
      ...(alarm.direction ? { direction: alarm.direction } : {}),
      run: alarm.run,
      message: alarm.message,
    };
  };
  const primary = runRuleAlarms(chart.points, 'nelson').map((a) => out('primary', a));
  const secondary = chart.secondary
    ? runRuleAlarms(chart.secondary.points, DISPERSION_RULES).map((a) => out('secondary', a))
    : [];
  return [...primary, ...secondary].sort(
    (a, b) => a.index - b.index || a.chart.localeCompare(b.chart),
  );
}

/** The chart, or why the data make none (too few values…) as a note. */
function drawn(input: ChartInput): { chart: ControlChart } | { note: SpcNote } {
  const chart = controlChart(input);
  return chart.ok ? { chart: chart.value } : { note: noChartNote(chart.error) };
}

function capabilityOf(
  data: { values: readonly number[] } | { subgroups: readonly (readonly number[])[] },
  limits: SpecLimits | null,
  sigmaWithin: WithinSigmaMethod | number,
  notes: SpcNote[],
): Capability | null {
  if (!limits || (limits.lsl === undefined && limits.usl === undefined)) return null;
  const result = processCapability(
    data,
    {
      ...(limits.lsl !== undefined ? { lsl: limits.lsl } : {}),
      ...(limits.usl !== undefined ? { usl: limits.usl } : {}),
    },
    { sigmaWithin },
  );
  if (result.ok) return result.value;
  notes.push(noCapabilityNote(result.error));
  return null;
}

// ---------------------------------------------------------- gauge chart ----

export interface GaugeChartQuery {
  line: string;
  metric: string;
  from: Date;
  to: Date;
  /** Consecutive cartridges per subgroup, 2..25; default 5. An individuals chart takes 1. */
  subgroupSize?: number;
  kind?: GaugeChartKind;
  /** The specification whose limits the capability is against; its product is the one charted. */
  specification?: string;
  /** The characteristic of the specification; by default the one the metric measures. */
  characteristic?: string;
  /** Specification limits given by the caller: they win over the specification's. */
  lsl?: number;
  usl?: number;
  /** The Sparkplug group the line publishes in; by default the plant's site code, as ingest's. */
  group?: string;
}

/**
 * A control chart of a line's inline gauge values over a window: consecutive cartridges in
 * subgroups of n (X̄-R, X̄-S) or one by one (I-MR), the Nelson alarms with each one's time, and
 * Cp, Cpk, Pp, Ppk against the specification limits where there are some.
 */
export async function gaugeChart(db: Database, q: GaugeChartQuery): Promise<GaugeChart> {
  const { plant } = await currentPlant(db);
  const line = lineOf(plant, q.line);
  const metrics = gaugeMetricsOf(plant, line);
  if (!metrics.has(q.metric)) {
    throw refused(
      'metric',
      errorMessage(
        'unknown_metric',
        '"{{metric}}" is not a gauge metric of {{line}} ({{metrics}})',
        {
          metric: q.metric,
          line: line.code,
          metrics: [...metrics.keys()],
        },
      ),
    );
  }
  if (gaugingStations(line).length === 0) {
    throw refused(
      'line',
      errorMessage('no_gauging_station', '{{line}} has no gauging station', { line: line.code }),
    );
  }
  checkWindow(q.from, q.to, MAX_WINDOW_DAYS);
  const kind = q.kind ?? 'xbar-r';
  if (!(GAUGE_CHART_KINDS as readonly string[]).includes(kind)) {
    throw refused(
      'kind',
      errorMessage('invalid_chart_kind', 'expected one of {{values}}', {
        values: GAUGE_CHART_KINDS,
      }),
    );
  }
  // An individuals chart takes the values one by one, whatever subgroup size is asked.
  const n = kind === 'i-mr' ? 1 : (q.subgroupSize ?? DEFAULT_SUBGROUP_SIZE);
  if (
    kind !== 'i-mr' &&
    !(Number.isSafeInteger(n) && n >= MIN_SUBGROUP_SIZE && n <= MAX_SUBGROUP_SIZE)
  ) {
    throw refused(
      'subgroupSize',
      errorMessage(
        'invalid_subgroup_size',
        'expected a whole number {{minimum}}..{{maximum}} (the control chart constants), got {{size}}',
        { minimum: MIN_SUBGROUP_SIZE, maximum: MAX_SUBGROUP_SIZE, size: n },
      ),
    );
  }
  for (const field of ['lsl', 'usl'] as const) {
    const limit = q[field];
    if (limit !== undefined && !Number.isFinite(limit)) {
      throw refused(field, errorMessage('invalid_spec_limit', 'expected a finite number'));
    }
  }
  const chosen = q.specification ? specificationOf(plant, line, q.specification) : undefined;
  const group = q.group ?? plant.site.code;
  const all = await readGaugeValues(db, {
    line,
    metric: q.metric,
    from: q.from,
    to: q.to,
    group,
    maxValues: MAX_GAUGE_VALUES,
  });
  const product = chosen?.product ?? singleProduct(all, line);
  const series = product === undefined ? all : all.filter((v) => v.product === product);
  const limits = gaugeLimits(plant, { metric: q.metric, product, spec: chosen, query: q });
  const charted = chartGauge(series, kind, n, limits);
  return {
    line: line.code,
    metric: q.metric,
    unit: metrics.get(q.metric) ?? null,
    group,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    product: product ?? null,
    kind,
    subgroupSize: n,
    values: series.length - charted.dropped,
    dropped: charted.dropped,
    otherProducts: all.length - series.length,
    chart: charted.chart,
    alarms: charted.alarms,
    limits,
    capability: charted.capability,
    notes: [
      ...(product !== undefined && all.length > series.length
        ? [
            spcNote('other_products', {
              count: all.length - series.length,
              line: line.code,
              product,
            }),
          ]
        : []),
      ...charted.notes,
    ],
  };
}

/** The one product the values were made for; a window with two needs a specification to choose. */
function singleProduct(values: readonly GaugeValue[], line: Line): string | undefined {
  const products = [...new Set(values.flatMap((v) => (v.product ? [v.product] : [])))];
  if (products.length > 1) {
    throw refused(
      'specification',
      restated(
        errorMessage(
          'several_products',
          '{{line}} made {{products}} in the window: name a specification to chart one product',
          { line: line.code, products },
        ),
        `${line.code} made ${products.join(' and ')} in the window: name a specification to chart one product`,
      ),
    );
  }
  return products[0];
}

function specificationOf(plant: PlantFile, line: Line, code: string): Specification {
  const spec = plant.specifications.find((s) => s.code === code);
  if (!spec) {
    throw refused(
      'specification',
      errorMessage('unknown_specification', 'the plant has no specification "{{specification}}"', {
        specification: code,
      }),
    );
  }
  if (!line.products.some((p) => p.product === spec.product)) {
    throw refused(
      'specification',
      errorMessage(
        'specification_not_on_line',
        '{{specification}} is for {{product}}, which {{line}} does not make',
        { specification: code, product: spec.product, line: line.code },
      ),
    );
  }
  return spec;
}

/**
 * The limits a gauge chart's capability is against: the caller's lsl/usl, else the chosen
 * specification's characteristic, else the first lot-acceptance specification of the product
 * charted with a characteristic the metric measures.
 */
function gaugeLimits(
  plant: PlantFile,
  c: {
    metric: string;
    product: string | undefined;
    spec: Specification | undefined;
    query: GaugeChartQuery;
  },
): SpecLimits | null {
  const { metric, spec, query } = c;
  const measures = (ch: Specification['characteristics'][number]) =>
    ch.type === 'variable' &&
    (query.characteristic !== undefined
      ? ch.code === query.characteristic
      : ch.gaugeMetric === metric);
  let found:
    | {
        spec: Specification;
        ch: Extract<Specification['characteristics'][number], { type: 'variable' }>;
      }
    | undefined;
  if (spec) {
    const ch = spec.characteristics.find(measures);
    if (ch?.type === 'variable') found = { spec, ch };
    else if (query.characteristic !== undefined) {
      throw refused(
        'characteristic',
        errorMessage(
          'unknown_characteristic',
          '{{specification}} has no variable characteristic "{{characteristic}}"',
          { specification: spec.code, characteristic: query.characteristic },
        ),
      );
    } else if (query.lsl === undefined && query.usl === undefined) {
      throw refused(
        'specification',
        errorMessage(
          'not_measured_by_metric',
          '{{specification}} has no characteristic measured by {{metric}}',
          { specification: spec.code, metric },
        ),
      );
    }
  } else if (c.product !== undefined) {
    for (const s of plant.specifications) {
      if (s.product !== c.product || s.scope !== 'lot_acceptance') continue;
      const ch = s.characteristics.find(measures);
      if (ch?.type === 'variable') {
        found = { spec: s, ch };
        break;
      }
    }
  }
  if (query.lsl !== undefined || query.usl !== undefined) {
    return {
      specification: null,
      characteristic: null,
      ...(query.lsl !== undefined ? { lsl: query.lsl } : {}),
      ...(query.usl !== undefined ? { usl: query.usl } : {}),
    };
  }
  if (!found) return null;
  return {
    specification: found.spec.code,
    characteristic: found.ch.code,
    ...(found.ch.lsl !== undefined ? { lsl: found.ch.lsl } : {}),
    ...(found.ch.usl !== undefined ? { usl: found.ch.usl } : {}),
  };
}

const SIGMA_WITHIN: Record<GaugeChartKind, WithinSigmaMethod> = {
  'xbar-r': 'range',
  'xbar-s': 'standard-deviation',
  'i-mr': 'moving-range',
};

function chartGauge(
  series: readonly GaugeValue[],
  kind: GaugeChartKind,
  n: number,
  limits: SpecLimits | null,
): {
  chart: SpcChart | null;
  alarms: SpcAlarm[];
  capability: Capability | null;
  dropped: number;
  notes: SpcNote[];
} {
  const notes: SpcNote[] = [];
  const iso = (i: number) => (series[i] as GaugeValue).at.toISOString();
  const complete = n === 1 ? series.length : series.length - (series.length % n);
  const dropped = series.length - complete;
  if (dropped > 0) {
    notes.push(spcNote('incomplete_subgroup', { count: dropped, size: n }));
  }
  const values = series.slice(0, complete).map((v) => v.value);
  let input: ChartInput;
  let labels: Label[];
  let data: { values: number[] } | { subgroups: number[][] };
  if (kind === 'i-mr') {
    input = { kind, values };
    labels = values.map((_, i) => ({ at: iso(i) }));
    data = { values };
  } else {
    const subgroups = Array.from({ length: complete / n }, (_, g) =>
      values.slice(g * n, (g + 1) * n),
    );
    input = { kind, subgroups };
    labels = subgroups.map((_, g) => ({ at: iso(g * n + n - 1), from: iso(g * n) }));
    data = { subgroups };
  }
  const result = drawn(input);
  if ('note' in result) {
    notes.push(result.note);
    return { chart: null, alarms: [], capability: null, dropped, notes };
  }
  if (!limits) {
    notes.push(spcNote('no_spec_limits'));
  }
  return {
    chart: chartOut(result.chart, labels),
    alarms: alarmsOf(result.chart, labels),
    capability: capabilityOf(data, limits, SIGMA_WITHIN[kind], notes),
    dropped,
    notes,
  };
}

// -------------------------------------------------------- results chart ----

export interface ResultsChartQuery {
  specification: string;
  /** A characteristic or range test code of the specification. */
  characteristic: string;
  /** Inspections completed in [from, to); all of them by default (the latest MAX_RESULT_LOTS). */
  from?: Date;
  to?: Date;
  /** For a range test: the statistic to chart; by default the one its first limit is on. */
  statistic?: string;
}

interface ResultRow {
  lot: string;
  inspection: string;
  completedAt: Date;
  data: ResultData;
  n: number;
}

/**
 * A control chart over lots from their inspection results: a variable characteristic's
 * measured values as X̄-R (samples of up to 10) or X̄-S (11..25) with the lot's sample as the
 * subgroup, or, when the lots' samples differ in size or exceed 25, an I-MR chart of the lot
 * means; an attribute characteristic as a p chart of nonconforming / sampled per lot; a range
 * test as an I-MR chart of the per-lot statistic (a p chart of failures / rounds for 'failures').
 */
export async function resultsChart(db: Database, q: ResultsChartQuery): Promise<ResultsChart> {
  const { plant } = await currentPlant(db);
  const spec = plant.specifications.find((s) => s.code === q.specification);
  if (!spec) {
    throw refused(
      'specification',
      errorMessage('unknown_specification', 'the plant has no specification "{{specification}}"', {
        specification: q.specification,
      }),
    );
  }
  const characteristic = spec.characteristics.find((c) => c.code === q.characteristic);
  const test = spec.rangeTests.find((t) => t.code === q.characteristic);
  if (!characteristic && !test) {
    throw refused(
      'characteristic',
      errorMessage(
        'unknown_characteristic',
        '{{specification}} has no characteristic or range test "{{characteristic}}"',
        { specification: spec.code, characteristic: q.characteristic },
      ),
    );
  }
  for (const field of ['from', 'to'] as const) {
    if (q[field] && !Number.isFinite(q[field].getTime())) throw refused(field, NOT_A_TIME());
  }
  if (q.from && q.to) checkWindow(q.from, q.to, undefined);
  let statistic: RangeStatistic | undefined;
  if (test) {
    const wanted = q.statistic ?? test.limits[0]?.statistic ?? 'mean';
    statistic = RANGE_STATISTICS.find((s) => s === wanted);
    if (!statistic) {
      throw refused(
        'statistic',
        errorMessage('unknown_statistic', 'expected one of {{values}}', {
          values: RANGE_STATISTICS,
        }),
      );
    }
  } else if (q.statistic !== undefined) {
    throw refused(
      'statistic',
      errorMessage(
        'statistic_not_applicable',
        '{{characteristic}} is not a range test: it has no statistic to choose',
        { characteristic: q.characteristic },
      ),
    );
  }

  const notes: SpcNote[] = [];
  const rows = await readResults(db, spec.code, q, notes);
  const plan =
    characteristic?.type === 'variable'
      ? variablePlan(spec, characteristic, rows, notes)
      : characteristic?.type === 'attribute'
        ? attributePlan(rows)
        : rangePlan(test?.unit, statistic as RangeStatistic, rows, notes);
  const labels: Label[] = plan.rows.map((r) => ({
    at: r.completedAt.toISOString(),
    lot: r.lot,
    inspection: r.inspection,
  }));
  const out = {
    specification: spec.code,
    characteristic: q.characteristic,
    source: plan.source,
    statistic: statistic ?? null,
    unit: plan.unit,
    lots: plan.rows.map((r) => ({
      lot: r.lot,
      inspection: r.inspection,
      completedAt: r.completedAt.toISOString(),
      n: r.n,
    })),
    limits: plan.limits,
  };
  const result = drawn(plan.input);
  if ('note' in result) {
    notes.push(result.note);
    return { ...out, chart: null, alarms: [], capability: null, notes };
  }
  return {
    ...out,
    chart: chartOut(result.chart, labels),
    alarms: alarmsOf(result.chart, labels),
    capability: plan.capability(),
    notes,
  };
}

type RangeStatistic = (typeof RANGE_STATISTICS)[number];
type VariableCharacteristic = Extract<
  Specification['characteristics'][number],
  { type: 'variable' }
>;

/** What a results chart plots, from which rows, and how its capability is had. */
interface ResultsPlan {
  source: ResultsChart['source'];
  unit: string | null;
  input: ChartInput;
  limits: SpecLimits | null;
  /** Capability of the charted data (a refusal goes to the notes), asked once the chart is drawn. */
  capability: () => Capability | null;
  /** The rows plotted, one a point. */
  rows: readonly ResultRow[];
}

function variablePlan(
  spec: Specification,
  characteristic: VariableCharacteristic,
  rows: readonly ResultRow[],
  notes: SpcNote[],
): ResultsPlan {
  const limits: SpecLimits = {
    specification: spec.code,
    characteristic: characteristic.code,
    ...(characteristic.lsl !== undefined ? { lsl: characteristic.lsl } : {}),
    ...(characteristic.usl !== undefined ? { usl: characteristic.usl } : {}),
  };
  const base = { source: 'variable' as const, unit: characteristic.unit, limits, rows };
  const samples = rows.map((r) => (r.data.kind === 'variable' ? r.data.values : []));
  const size = samples[0]?.length ?? 0;
  const equal = samples.every((s) => s.length === size);
  if (equal && size >= MIN_SUBGROUP_SIZE && size <= MAX_SUBGROUP_SIZE) {
    // Montgomery §6.3: the S chart for samples above 10, where the range wastes information.
    const kind = size <= 10 ? 'xbar-r' : 'xbar-s';
    return {
      ...base,
      input: { kind, subgroups: samples },
      capability: () =>
        capabilityOf(
          { subgroups: samples },
          limits,
          kind === 'xbar-r' ? 'range' : 'standard-deviation',
          notes,
        ),
    };
  }
  if (rows.length > 0) {
    notes.push(
      equal
        ? spcNote('sample_size_outside_table', {
            size,
            minimum: MIN_SUBGROUP_SIZE,
            maximum: MAX_SUBGROUP_SIZE,
          })
        : spcNote('unequal_sample_sizes'),
    );
  }
  return {
    ...base,
    input: {
      kind: 'i-mr',
      values: samples.map((s) => s.reduce((sum, x) => sum + x, 0) / s.length),
    },
    capability: () => {
      // σ within from the lots' own samples, pooled (Montgomery §6.3.2): lot-to-lot shifts are
      // not short-term variation.
      const df = samples.reduce((sum, s) => sum + Math.max(0, s.length - 1), 0);
      if (df === 0) {
        notes.push(spcNote('no_capability_no_within_sigma'));
        return null;
      }
      const squares = samples.reduce(
        (sum, s) => sum + (s.length > 1 ? (s.length - 1) * sampleStandardDeviation(s) ** 2 : 0),
        0,
      );
      return capabilityOf({ values: samples.flat() }, limits, Math.sqrt(squares / df), notes);
    },
  };
}

function attributePlan(rows: readonly ResultRow[]): ResultsPlan {
  return {
    source: 'attribute',
    unit: null,
    input: {
      kind: 'p',
      samples: rows.map((r) => ({
        nonconforming: r.data.kind === 'attribute' ? r.data.nonconforming : 0,
        n: r.n,
      })),
    },
    limits: null,
    capability: () => null,
    rows,
  };
}

function rangePlan(
  unit: string | undefined,
  statistic: RangeStatistic,
  rows: readonly ResultRow[],
  notes: SpcNote[],
): ResultsPlan {
  const roundsOf = (r: ResultRow) => (r.data.kind === 'range' ? r.data.rounds : []);
  if (statistic === 'failures') {
    // Failures among the rounds fired: a proportion, as an attribute is.
    return {
      ...attributePlan(rows),
      source: 'range',
      input: {
        kind: 'p',
        samples: rows.map((r) => ({
          nonconforming: rangeStatistic('failures', roundsOf(r)) ?? 0,
          n: r.n,
        })),
      },
    };
  }
  const values: number[] = [];
  const kept: ResultRow[] = [];
  for (const r of rows) {
    const value = rangeStatistic(statistic, roundsOf(r));
    if (value === null) {
      notes.push(
        spcNote('statistic_not_given', { lot: r.lot, inspection: r.inspection, statistic }),
      );
      continue;
    }
    values.push(value);
    kept.push(r);
  }
  return {
    source: 'range',
    unit: unit ?? null,
    input: { kind: 'i-mr', values },
    limits: null,
    capability: () => null,
    rows: kept,
  };
}

/** The characteristic's results of the specification's completed inspections, oldest first. */
async function readResults(
  db: Database,
  specification: string,
  q: ResultsChartQuery,
  notes: SpcNote[],
): Promise<ResultRow[]> {
  const rows = await db
    .select({
      lot: inspections.lotNumber,
      inspection: inspections.number,
      completedAt: inspections.completedAt,
      plan: inspections.plan,
      data: results.data,
    })
    .from(inspections)
    .innerJoin(
      results,
      and(eq(results.inspectionId, inspections.id), eq(results.characteristic, q.characteristic)),
    )
    .where(
      and(
        eq(inspections.specification, specification),
        // Completed: an open inspection's results may still be replaced.
        inArray(inspections.state, ['accepted', 'rejected']),
        isNotNull(inspections.completedAt),
        q.from ? gte(inspections.completedAt, q.from) : undefined,
        q.to ? lt(inspections.completedAt, q.to) : undefined,
      ),
    )
    .orderBy(desc(inspections.completedAt), desc(inspections.number))
    .limit(MAX_RESULT_LOTS + 1);
  if (rows.length > MAX_RESULT_LOTS) {
    notes.push(spcNote('latest_inspections_only', { count: MAX_RESULT_LOTS }));
    rows.pop();
  }
  return rows.reverse().map((r) => {
    const line = r.plan.lines.find((l) => l.characteristic === q.characteristic);
    const n =
      r.data.kind === 'attribute'
        ? (r.data.sampled ?? (line?.kind === 'attribute' ? line.plan.n : 0))
        : r.data.kind === 'variable'
          ? r.data.values.length
          : r.data.rounds.length;
    return {
      lot: r.lot,
      inspection: r.inspection,
      completedAt: r.completedAt as Date,
      data: r.data,
      n,
    };
  });
}

// ------------------------------------------------ alarms during a window ----

/**
 * The Nelson alarms of every gauge metric of a line in [from, to) — the evidence of a lot made
 * there — each metric charted as the SPC page charts it by default (X̄-R of 5 consecutive
 * cartridges), one chart per product made. No values, no alarms. Refuses a line the plant does
 * not have, or a window holding more than MAX_ALARM_VALUES values of a metric.
 */
export async function spcAlarmsDuring(
  db: Database,
  q: { line: string; from: Date; to: Date; group?: string },
): Promise<LineAlarm[]> {
  const { plant } = await currentPlant(db);
  const line = lineOf(plant, q.line);
  checkWindow(q.from, q.to, undefined);
  const group = q.group ?? plant.site.code;
  const alarms: LineAlarm[] = [];
  for (const metric of gaugeMetricsOf(plant, line).keys()) {
    const values = await readGaugeValues(db, {
      line,
      metric,
      from: q.from,
      to: q.to,
      group,
      maxValues: MAX_ALARM_VALUES,
    });
    const byProduct = new Map<string | undefined, GaugeValue[]>();
    for (const v of values) {
      const list = byProduct.get(v.product) ?? [];
      list.push(v);
      byProduct.set(v.product, list);
    }
    for (const [product, series] of byProduct) {
      const charted = chartGauge(series, 'xbar-r', DEFAULT_SUBGROUP_SIZE, null);
      for (const a of charted.alarms) {
        alarms.push({
          metric,
          product: product ?? null,
          chart: a.chart,
          rule: a.rule,
          at: a.at,
          ...(a.direction ? { direction: a.direction } : {}),
          run: a.run,
          message: a.message,
        });
      }
    }
  }
  return alarms.sort((a, b) => a.at.localeCompare(b.at) || a.metric.localeCompare(b.metric));
}

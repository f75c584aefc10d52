// HTTP routes of SPC: control charts from the inline gauges' machine data and
// from inspection results, and the Nelson alarms of a line over a window (the
// evidence of a lot made there). Everyone who may read quality sees them.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { isLotlineError } from '../../core/errors.js';
import { Problem } from '../../core/http/problem.js';
import { RANGE_STATISTICS } from '../plant/index.js';
import { ALARM_DIRECTIONS, NELSON_RULES } from './run-rules.js';
import { MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE } from './spc.js';
import {
  DEFAULT_SUBGROUP_SIZE,
  GAUGE_CHART_KINDS,
  gaugeChart,
  MAX_WINDOW_DAYS,
  resultsChart,
  spcAlarmsDuring,
} from './spc-data.js';
import { SPC_NOTE_CODES } from './spc-notes.js';

const Code = z.string().min(1).max(40);
const errors = { 400: Problem, 404: Problem, 409: Problem };
const DAY_MS = 86_400_000;

const DateTime = z.iso.datetime({ offset: true });
const Window = {
  from: DateTime.optional().describe('start of the window; by default 24 hours before its end'),
  to: DateTime.optional().describe('end of the window (exclusive); by default now'),
};

const SpcPoint = z.object({
  index: z.number().int().describe('subgroup, value or lot number − 1'),
  value: z.number().describe('the plotted statistic'),
  cl: z.number(),
  ucl: z.number(),
  lcl: z.number(),
  sigma: z.number().describe('σ of the plotted statistic: the zones are cl ± 1σ, 2σ, 3σ'),
  n: z.number().describe('values behind the point'),
  at: z
    .string()
    .describe("when the point was complete: a subgroup's last value, or the inspection"),
  from: z.string().optional().describe("a subgroup's first value"),
  lot: z.string().optional(),
  inspection: z.string().optional(),
});

const SpcChart = z
  .object({
    kind: z.enum(['xbar-r', 'xbar-s', 'i-mr', 'p', 'np', 'c', 'u']),
    limitsFrom: z.enum(['data', 'standard', 'frozen']),
    constants: z.enum(['table', 'precise']).optional(),
    sigmaMultiplier: z.number(),
    centre: z.number(),
    sigma: z.number().describe('σ̂ of one observation'),
    points: z.array(SpcPoint),
    secondary: z
      .object({ kind: z.enum(['r', 's', 'mr']), centre: z.number(), points: z.array(SpcPoint) })
      .optional()
      .describe('the R, S or MR chart under the X̄ or I chart'),
  })
  .meta({ id: 'SpcChart' });

/** What an alarm says, in data for a client to word and in English. */
const alarmWords = {
  direction: z
    .enum(ALARM_DIRECTIONS)
    .optional()
    .describe('the side or trend, where the rule has one (N4, N7, N8 have none)'),
  run: z.number().int().describe('the length of the run: how many points are flagged'),
  message: z.string().describe('the alarm in English'),
};

const SpcAlarm = z
  .object({
    chart: z.enum(['primary', 'secondary']),
    rule: z.enum(NELSON_RULES),
    index: z.number().int().describe('the point the rule first fired at'),
    at: z.string(),
    lot: z.string().optional(),
    points: z.array(z.number().int()).describe('the points flagged'),
    ...alarmWords,
  })
  .meta({ id: 'SpcAlarm' });

const SpecLimits = z.object({
  specification: z.string().nullable(),
  characteristic: z.string().nullable(),
  lsl: z.number().optional(),
  usl: z.number().optional(),
});

const ProcessCapability = z
  .object({
    n: z.number().int(),
    mean: z.number(),
    sigmaWithin: z.number(),
    sigmaWithinFrom: z.enum(['range', 'standard-deviation', 'moving-range', 'given']),
    sigmaOverall: z.number(),
    lsl: z.number().optional(),
    usl: z.number().optional(),
    cp: z.number().nullable(),
    cpu: z.number().nullable(),
    cpl: z.number().nullable(),
    cpk: z.number(),
    pp: z.number().nullable(),
    ppu: z.number().nullable(),
    ppl: z.number().nullable(),
    ppk: z.number(),
  })
  .meta({ id: 'ProcessCapability' });

const SpcNote = z
  .object({
    code: z.enum(SPC_NOTE_CODES).describe('what the note says, for a client to word'),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.array(z.string()).readonly()]))
      .describe('the values the note names, by name'),
    text: z.string().describe('the note in English'),
  })
  .meta({ id: 'SpcNote' });

const Notes = z.array(SpcNote).describe('values left off, or why there is no chart or capability');

const GaugeChart = z
  .object({
    line: z.string(),
    metric: z.string(),
    unit: z.string().nullable(),
    group: z.string(),
    from: z.string(),
    to: z.string(),
    product: z.string().nullable(),
    kind: z.enum(GAUGE_CHART_KINDS),
    subgroupSize: z.number().int(),
    values: z.number().int().describe('values charted'),
    dropped: z.number().int().describe('values of an incomplete last subgroup, left off'),
    otherProducts: z
      .number()
      .int()
      .describe('values measured while the line made another product, left off'),
    chart: SpcChart.nullable().describe('null when the window holds too few values (see notes)'),
    alarms: z.array(SpcAlarm),
    limits: SpecLimits.nullable(),
    capability: ProcessCapability.nullable(),
    notes: Notes,
  })
  .meta({ id: 'GaugeChart' });

const ResultsChart = z
  .object({
    specification: z.string(),
    characteristic: z.string(),
    source: z.enum(['variable', 'attribute', 'range']),
    statistic: z.string().nullable(),
    unit: z.string().nullable(),
    lots: z.array(
      z.object({
        lot: z.string(),
        inspection: z.string(),
        completedAt: z.string(),
        n: z.number(),
      }),
    ),
    chart: SpcChart.nullable(),
    alarms: z.array(SpcAlarm),
    limits: SpecLimits.nullable(),
    capability: ProcessCapability.nullable(),
    notes: Notes,
  })
  .meta({ id: 'ResultsChart' });

const LineAlarm = z
  .object({
    metric: z.string(),
    product: z.string().nullable(),
    chart: z.enum(['primary', 'secondary']),
    rule: z.enum(NELSON_RULES),
    at: z.string(),
    ...alarmWords,
  })
  .meta({ id: 'SpcLineAlarm' });

export interface SpcRoutesContext {
  db: Database;
  /** The present, for a window that names no end; the wall clock by default. */
  clock?: () => Date;
  /** The Sparkplug group the plant's machines publish in; the site code when unset. */
  machineGroup?: string;
}

/** The fields the service names are query parameters here: say so, as schema refusals do. */
async function inQuery<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isLotlineError(error) || error.kind !== 'invalid') throw error;
    throw error.withIssues(error.issues.map((i) => ({ ...i, path: `query.${i.path}` })));
  }
}

export function spcRoutes(context: SpcRoutesContext): FastifyPluginAsync {
  const { db } = context;
  const clock = context.clock ?? (() => new Date());
  const group = context.machineGroup ? { group: context.machineGroup } : {};
  const windowOf = (query: { from?: string | undefined; to?: string | undefined }) => {
    const to = query.to ? new Date(query.to) : clock();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
    return { from, to };
  };
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['quality'];

    app.get(
      '/spc/gauge',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: "A control chart of a line's inline gauge values, its alarms and capability",
          description:
            `Consecutive cartridges in subgroups of n (X̄-R, X̄-S) or one by one (I-MR), limits from the window's data; ` +
            'the Nelson rules as alarms (N1–N8 on X̄ and I, N1–N4 on R, S and MR); Cp, Cpk, Pp, Ppk against ' +
            "the specification's limits (or lsl/usl). One product per chart: name a specification when the line " +
            `made several in the window. At most ${MAX_WINDOW_DAYS} days.`,
          querystring: z.object({
            line: Code,
            metric: z.string().min(1).max(100).describe('a gauge metric, e.g. Gauge/OAL'),
            ...Window,
            subgroupSize: z.coerce
              .number()
              .int()
              .min(MIN_SUBGROUP_SIZE)
              .max(MAX_SUBGROUP_SIZE)
              .default(DEFAULT_SUBGROUP_SIZE)
              .describe('consecutive cartridges per subgroup (not used by I-MR)'),
            kind: z.enum(GAUGE_CHART_KINDS).default('xbar-r'),
            specification: Code.optional().describe(
              'the specification whose limits apply; its product is the one charted',
            ),
            characteristic: Code.optional().describe(
              'its characteristic; by default the one the metric measures',
            ),
            lsl: z.coerce.number().finite().optional().describe('a lower limit to use instead'),
            usl: z.coerce.number().finite().optional().describe('an upper limit to use instead'),
          }),
          response: { 200: GaugeChart, ...errors },
        },
      },
      async (request) => {
        const q = request.query;
        return inQuery(() =>
          gaugeChart(db, {
            line: q.line,
            metric: q.metric,
            ...windowOf(q),
            subgroupSize: q.subgroupSize,
            kind: q.kind,
            ...(q.specification !== undefined ? { specification: q.specification } : {}),
            ...(q.characteristic !== undefined ? { characteristic: q.characteristic } : {}),
            ...(q.lsl !== undefined ? { lsl: q.lsl } : {}),
            ...(q.usl !== undefined ? { usl: q.usl } : {}),
            ...group,
          }),
        );
      },
    );

    app.get(
      '/spc/results',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: "A control chart over lots from a specification's inspection results",
          description:
            "Variable characteristic: X̄-R (samples up to 10) or X̄-S (11–25) of each lot's measured values, " +
            'or an I-MR chart of the lot means when the samples differ in size or exceed 25; attribute ' +
            "characteristic: p chart of nonconforming / sampled; range test: I-MR of the lot's statistic " +
            '(p chart of failures / rounds). Completed inspections in the window, the latest 500.',
          querystring: z.object({
            specification: Code,
            characteristic: Code.describe('a characteristic or range test code, e.g. OAL or VEL'),
            from: DateTime.optional().describe('inspections completed at or after'),
            to: DateTime.optional().describe('inspections completed before'),
            statistic: z
              .enum(RANGE_STATISTICS)
              .optional()
              .describe("a range test's statistic; by default the one its first limit is on"),
          }),
          response: { 200: ResultsChart, ...errors },
        },
      },
      async (request) => {
        const q = request.query;
        return inQuery(() =>
          resultsChart(db, {
            specification: q.specification,
            characteristic: q.characteristic,
            ...(q.from !== undefined ? { from: new Date(q.from) } : {}),
            ...(q.to !== undefined ? { to: new Date(q.to) } : {}),
            ...(q.statistic !== undefined ? { statistic: q.statistic } : {}),
          }),
        );
      },
    );

    app.get(
      '/spc/alarms',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: 'The Nelson alarms of every gauge metric of a line over a window, oldest first',
          description:
            'Each metric charted as X̄-R of 5 consecutive cartridges with limits from the window, one chart ' +
            'per product made: the SPC evidence of a lot made on the line in its window.',
          querystring: z.object({ line: Code, ...Window }),
          response: { 200: z.array(LineAlarm), ...errors },
        },
      },
      async (request) =>
        inQuery(() =>
          spcAlarmsDuring(db, { line: request.query.line, ...windowOf(request.query), ...group }),
        ),
    );
  };
}

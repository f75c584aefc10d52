// HTTP routes of the twin: the scenarios, running one (replications on worker
// threads; the answer comes when they are done), and the runs kept.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../core/db/store.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { calibrateStations, MAX_CALIBRATION_DAYS } from './calibration.js';
import { getRun, listRuns, startRun } from './runs.js';
import { SCENARIO_DESCRIPTIONS, SCENARIOS } from './scenario.js';

/** Replications one request may ask for: each takes a second or two of a core. */
const MAX_API_REPLICATIONS = 50;

const Interval = z.object({ mean: z.number(), sd: z.number(), low: z.number(), high: z.number() });

const StatedBehaviour = z
  .enum(['rated', 'uncalibrated'])
  .describe('rated: every station at pace, nothing lost; uncalibrated: the stated placeholders');
const Buffers = z
  .number()
  .optional()
  .describe('cartridges between stations, when the scenario set them');

// What `assumptions` and `supply` say in English, in data (assumed.ts).
const Assumed = z
  .object({
    behaviour: z.discriminatedUnion('kind', [
      z.object({ kind: StatedBehaviour, buffers: Buffers }),
      z.object({
        kind: z.literal('calibrated'),
        complete: z.number().describe('stations whose cycle, stops and stop length were measured'),
        stations: z.number().describe('stations the machine data was read for'),
        rest: StatedBehaviour.describe('what the rest assumes'),
        buffers: Buffers,
      }),
    ]),
    supply: z
      .object({
        reviewDays: z.number(),
        leadTimeDays: z.number(),
        stockDays: z.number(),
      })
      .nullable()
      .describe(
        "each line's stock reviewed every reviewDays and ordered up to stockDays of its rated use, delivered leadTimeDays after the order; null: components never short",
      ),
  })
  .meta({ id: 'TwinAssumed' });

const Report = z.object({
  scenario: z.string(),
  description: z.string(),
  year: z.number(),
  assumptions: z.string().describe('how the stations were assumed to behave, in English'),
  // Absent from runs kept before component stock was simulated.
  supply: z.string().optional().describe('how components are assumed to reach the lines'),
  // Absent from runs kept before it was stored: they have only the English.
  assumed: Assumed.optional().describe('`assumptions` and `supply` in data'),
  replications: z.number(),
  products: z.array(
    z.object({
      product: z.string(),
      output: Interval,
      demand: z.number().nullable(),
      shortfall: z.number().nullable(),
      perReplication: z.array(z.number()),
    }),
  ),
  total: Interval,
  lines: z.array(
    z.object({
      line: z.string(),
      workingMinutes: z.number(),
      changeoverMinutes: z.number().describe('working minutes the line spent changing product'),
      materialStarvedMinutes: z
        .number()
        .optional()
        .describe('working minutes its first station waited for a component'),
      shortOf: z.array(z.string()).optional().describe('the components it waited for'),
      produced: Interval,
      oee: z.number(),
      availability: z.number(),
      performance: z.number(),
      quality: z.number(),
      bottleneck: z.string(),
      stations: z.array(
        z.object({
          station: z.string(),
          busy: z.number(),
          blocked: z.number(),
          starved: z.number(),
          down: z.number(),
          changeover: z.number().optional(),
        }),
      ),
    }),
  ),
  eventsPerReplication: z.number(),
});

const RunInput = z.strictObject({
  scenario: z.enum(SCENARIOS),
  year: z.number().int().min(2000).max(2100),
  line: z.string().min(1).max(40).optional(),
  weeks: z.number().int().min(1).max(52).optional(),
  from: z.iso.date().optional(),
  supplier: z.string().min(1).max(40).optional(),
  coverDays: z.number().int().min(0).max(365).optional(),
  surge: z.number().gt(-1).max(10).optional(),
  bufferCartridges: z.number().int().min(0).max(1_000_000).optional(),
});

const Fit = z.object({
  kind: z.string(),
  spec: z.record(z.string(), z.union([z.number(), z.string()])),
  mean: z.number(),
  n: z.number(),
  logLikelihood: z.number(),
  aic: z.number(),
  ks: z.object({ statistic: z.number(), pValue: z.number() }),
  ad: z.number(),
});

const FitReport = z
  .object({
    best: Fit,
    candidates: z.array(Fit),
    histogram: z.array(
      z.object({ from: z.number(), to: z.number(), count: z.number(), density: z.number() }),
    ),
    qq: z.array(z.object({ theoretical: z.number(), observed: z.number() })),
    summary: z.object({
      n: z.number(),
      mean: z.number(),
      sd: z.number(),
      min: z.number(),
      median: z.number(),
      max: z.number(),
    }),
  })
  .meta({ id: 'FitReport' });

const StationCalibration = z
  .object({
    group: z.string(),
    line: z.string(),
    station: z.string(),
    cycle: FitReport.nullable(),
    cycleSource: z.enum(['cycle-time metric', 'counts over running time']).nullable(),
    cycleCv: z.number().nullable(),
    uptime: FitReport.nullable(),
    repair: FitReport.nullable(),
    rejectRate: z.number().nullable(),
    observations: z.object({
      cycles: z.number(),
      stops: z.number(),
      uptimes: z.number(),
      repairs: z.number(),
      parts: z.number(),
      rejects: z.number(),
      runningMinutes: z.number(),
    }),
    stopsByReason: z.array(
      z.object({
        reason: z.string(),
        stops: z.number(),
        meanMinutesBetween: z.number().nullable(),
        repairs: z.number(),
        meanRepairMinutes: z.number().nullable(),
        sdRepairMinutes: z.number().nullable(),
      }),
    ),
    notes: z.array(z.string()),
    unfitted: z
      .array(
        z.object({
          quantity: z.enum(['cycle', 'uptime', 'repair', 'rejectRate', 'cycleCv']),
          code: z
            .string()
            .describe(
              'not_enough_data, no_parts_counted, too_few_counted_reports, or the code of the fit’s refusal',
            ),
          params: z.record(
            z.string(),
            z.union([z.string(), z.number(), z.array(z.string()).readonly()]),
          ),
          text: z.string().describe('the note, in English'),
        }),
      )
      .describe('the notes in data, in their order'),
  })
  .meta({ id: 'StationCalibration' });

const TwinRun = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    input: RunInput,
    replications: z.number(),
    seed: z.string(),
    wallMs: z.number(),
    calibrationDays: z.number().nullable(),
    report: Report,
  })
  .meta({ id: 'TwinRun' });

export function twinRoutes(context: { db: Database; clock: () => Date }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['twin'];
    app.get(
      '/scenarios',
      {
        config: { access: 'twin.read' },
        schema: {
          tags,
          summary: 'The scenarios the twin can run',
          response: {
            200: z.array(z.object({ name: z.enum(SCENARIOS), description: z.string() })),
          },
        },
      },
      async () => SCENARIOS.map((name) => ({ name, description: SCENARIO_DESCRIPTIONS[name] })),
    );
    app.post(
      '/runs',
      {
        config: { access: 'twin.run' },
        schema: {
          tags,
          summary: 'Run a scenario of the plant (answers when its replications are done)',
          body: RunInput.extend({
            replications: z.number().int().min(1).max(MAX_API_REPLICATIONS).default(10),
            seed: z.string().min(1).max(40).optional(),
            calibrationDays: z
              .number()
              .int()
              .min(1)
              .max(31)
              .optional()
              .describe(
                'calibrate the stations from the machine data of these last days (else the uncalibrated placeholder)',
              ),
          }),
          response: { 201: TwinRun, 400: Problem },
        },
      },
      async (request, reply) => {
        const { replications, seed, calibrationDays, ...input } = request.body;
        const run = await startRun(
          context.db,
          input,
          {
            replications,
            ...(seed !== undefined ? { seed } : {}),
            ...(calibrationDays !== undefined ? { calibrationDays } : {}),
          },
          requirePrincipal(request).user.username,
          context.clock(),
        );
        return reply.status(201).send(run);
      },
    );
    app.get(
      '/runs',
      {
        config: { access: 'twin.read' },
        schema: {
          tags,
          summary: 'Scenario runs, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
          response: { 200: z.array(TwinRun), 400: Problem },
        },
      },
      async (request) => listRuns(context.db, request.query.limit),
    );
    app.get(
      '/calibration',
      {
        config: { access: 'twin.read' },
        schema: {
          tags,
          summary: "Each station's behaviour fitted to the machine data of the last days",
          description:
            'Per line and station: cycle time, operating time between stops, stop length (fits with KS, Anderson–Darling and AIC, a histogram with the fitted density and Q-Q points), reject rate, and what could not be fitted.',
          querystring: z.object({
            days: z.coerce.number().int().min(1).max(MAX_CALIBRATION_DAYS).default(7),
            line: z.string().min(1).max(40).optional(),
          }),
          response: {
            200: z.array(StationCalibration),
            400: Problem,
          },
        },
      },
      async (request) => {
        const to = context.clock();
        return calibrateStations(context.db, {
          from: new Date(to.getTime() - request.query.days * 86_400_000),
          to,
          ...(request.query.line !== undefined ? { lines: [request.query.line] } : {}),
        });
      },
    );
    app.get(
      '/runs/:id',
      {
        config: { access: 'twin.read' },
        schema: {
          tags,
          summary: 'One scenario run',
          params: z.object({ id: z.uuid() }),
          response: { 200: TwinRun, 400: Problem, 404: Problem },
        },
      },
      async (request) => getRun(context.db, request.params.id),
    );
  };
}

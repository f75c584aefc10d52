// HTTP routes of the quality module. Inspectors open inspections and record
// results (by hand or from the range instrument's CSV); the QA manager signs
// dispositions and closes nonconformances; everyone who may read quality
// sees the evidence, the switching history and the certificates.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthContext } from '../../core/auth/service.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { readSignature, SignatureHeaders } from '../../core/http/signature.js';
import { appLanguages, type Languages } from '../../core/i18n/languages.js';
import { LOT_DECISIONS, listLots } from '../genealogy/index.js';
import { certificateData, certificatePdf } from './certificate.js';
import {
  DISPOSITION_MEANING,
  disposeLot,
  dispositionsOf,
  EVIDENCE_NOTE_CODES,
  evidenceFor,
  RELEASE_BASES,
} from './disposition.js';
import * as inspectionService from './inspections.js';
import {
  closeNonconformance,
  decideNonconformance,
  getNonconformance,
  listNonconformances,
  NONCONFORMANCE_DECISIONS,
  NONCONFORMANCE_STATES,
  openNonconformance,
  recordInvestigation,
} from './nonconformances.js';
import { ALARM_DIRECTIONS } from './run-rules.js';

const Code = z.string().min(1).max(40);
const LotKey = z.string().min(1).max(60);
const errors = { 400: Problem, 404: Problem, 409: Problem };
const signedErrors = { ...errors, 401: Problem, 403: Problem };

const Round = z.strictObject({
  value: z.number().finite().optional(),
  x: z.number().finite().optional(),
  y: z.number().finite().optional(),
  failed: z.boolean().optional(),
});
const ResultData = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('attribute'),
    nonconforming: z.number().int().min(0),
    sampled: z.number().int().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal('variable'),
    values: z.array(z.number().finite()).min(1).max(10_000),
  }),
  z.strictObject({ kind: z.literal('range'), rounds: z.array(Round).min(1).max(10_000) }),
]);

const SamplingPlanSchema = z.object({
  codeLetter: z.string(),
  planCodeLetter: z.string().nullable(),
  n: z.number().int(),
  ac: z.number().int(),
  re: z.number().int(),
  severity: z.enum(['normal', 'tightened', 'reduced']),
  aql: z.number(),
  level: z.string(),
  lotSize: z.number().int(),
  hundredPercent: z.boolean(),
});
const RangeLimitSchema = z.object({
  statistic: z.enum(['mean', 'sd', 'min', 'max', 'extreme_spread', 'mean_radius', 'failures']),
  min: z.number().optional(),
  max: z.number().optional(),
});
const PlanLineSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('attribute'),
    characteristic: z.string(),
    name: z.string(),
    defectClass: z.enum(['critical', 'major', 'minor']),
    stream: z.string(),
    plan: SamplingPlanSchema,
  }),
  z.object({
    kind: z.literal('variable'),
    characteristic: z.string(),
    name: z.string(),
    unit: z.string(),
    lsl: z.number().optional(),
    usl: z.number().optional(),
    sampleSize: z.number().int(),
  }),
  z.object({
    kind: z.literal('range'),
    characteristic: z.string(),
    name: z.string(),
    unit: z.string().optional(),
    sampleSize: z.number().int(),
    limits: z.array(RangeLimitSchema),
  }),
]);
const LineVerdictSchema = z.object({
  characteristic: z.string(),
  accepted: z.boolean(),
  summary: z.string(),
  reinstateNormal: z.boolean().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

const InspectionSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    lot: z.string(),
    lotId: z.string(),
    material: z.string(),
    supplier: z.string().nullable(),
    scope: z.enum(['lot_acceptance', 'incoming']),
    specification: z.string(),
    state: z.enum(['open', 'accepted', 'rejected']),
    plan: z.object({
      specification: z.string(),
      scope: z.enum(['lot_acceptance', 'incoming']),
      lotSize: z.number(),
      lines: z.array(PlanLineSchema),
    }),
    results: z.array(
      z.object({
        characteristic: z.string(),
        data: ResultData,
        verdict: LineVerdictSchema,
        recordedAt: z.string(),
        recordedBy: z.string(),
      }),
    ),
    missing: z.array(z.string()),
    openedAt: z.string(),
    openedBy: z.string(),
    completedAt: z.string().nullable(),
    completedBy: z.string().nullable(),
  })
  .meta({ id: 'Inspection' });

const NonconformanceSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    description: z.string(),
    source: z.enum(['inspection', 'spc', 'manual']),
    state: z.enum(NONCONFORMANCE_STATES),
    investigation: z.string().nullable(),
    decision: z.enum(NONCONFORMANCE_DECISIONS).nullable(),
    decisionNote: z.string().nullable(),
    lots: z.array(z.string()),
    openedAt: z.string(),
    openedBy: z.string(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    signatureId: z.string().nullable(),
  })
  .meta({ id: 'Nonconformance' });

const EvidenceSchema = z
  .object({
    lot: z.object({
      number: z.string(),
      material: z.string(),
      origin: z.string(),
      status: z.string(),
      quantity: z.number(),
      unit: z.string(),
      supplier: z.string().nullable(),
      supplierLot: z.string().nullable(),
      certificate: z.string().nullable(),
    }),
    inspections: z.array(
      z.object({
        number: z.string(),
        specification: z.string(),
        scope: z.string(),
        state: z.string(),
        completedAt: z.string().nullable(),
        completedBy: z.string().nullable(),
        lines: z.array(
          z.object({ characteristic: z.string(), accepted: z.boolean(), summary: z.string() }),
        ),
      }),
    ),
    nonconformances: z.array(
      z.object({
        number: z.string(),
        title: z.string(),
        state: z.enum(NONCONFORMANCE_STATES),
        decision: z.enum(NONCONFORMANCE_DECISIONS).nullable(),
      }),
    ),
    spcAlarms: z
      .array(
        z.object({
          metric: z.string(),
          rule: z.string().describe('the Nelson rule (N1–N8)'),
          at: z.string(),
          direction: z
            .enum(ALARM_DIRECTIONS)
            .optional()
            .describe('the side or trend, where the rule has one (N4, N7, N8 have none)'),
          run: z
            .number()
            .int()
            .optional()
            .describe(
              'the length of the run: how many points are flagged; absent in evidence stored before alarms carried it',
            ),
          message: z.string().describe('the alarm in English'),
        }),
      )
      .describe("Nelson alarms on the line's gauges while the lot was made (a made lot only)"),
    spcNote: z.string().nullable().describe('why the alarms could not be read, in English'),
    spcNoteMessage: z
      .object({
        code: z.enum(EVIDENCE_NOTE_CODES).describe('what the note says, for a client to word'),
        params: z
          .record(z.string(), z.union([z.string(), z.number(), z.array(z.string()).readonly()]))
          .describe("the values the note names, by name (`cause`: an error's code)"),
        text: z.string().describe('the note in English (as spcNote)'),
      })
      .nullable()
      .optional()
      .describe('the same note in data; absent in evidence stored before the note had a code'),
  })
  .meta({ id: 'Evidence' });

const DispositionSchema = z
  .object({
    id: z.string(),
    lot: z.string(),
    decision: z.enum(LOT_DECISIONS),
    basis: z.enum(RELEASE_BASES).nullable(),
    reason: z.string().nullable(),
    signatureId: z.string(),
    evidence: EvidenceSchema,
    at: z.string(),
    by: z.string(),
  })
  .meta({ id: 'Disposition' });

export interface QualityRoutesContext extends inspectionService.QualityContext {
  auth: AuthContext;
  /** The languages a printed document may be asked in; the app's own when unset. */
  languages?: Languages;
}

export function qualityRoutes(context: QualityRoutesContext): FastifyPluginAsync {
  const { db } = context;
  const languages = context.languages ?? appLanguages();
  const actorOf = (request: FastifyRequest) => requirePrincipal(request).user.username;
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['quality'];
    // A range instrument's export, posted as it is.
    app.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );

    app.get(
      '/dashboard',
      {
        config: { readCache: true, access: 'quality.read' },
        schema: {
          tags,
          summary: 'Lots awaiting a decision, open inspections and open nonconformances',
          response: {
            200: z.object({
              awaitingDecision: z.array(
                z.object({
                  number: z.string(),
                  material: z.string(),
                  origin: z.string(),
                  quantity: z.number(),
                  unit: z.string(),
                  createdAt: z.string(),
                }),
              ),
              openInspections: z.array(InspectionSchema),
              openNonconformances: z.array(NonconformanceSchema),
            }),
            ...errors,
          },
        },
      },
      async () => {
        const quarantine = await listLots(db, { status: 'quarantine', limit: 200 });
        return {
          // A made lot with nothing made yet is still on its line, not awaiting QA.
          awaitingDecision: quarantine.filter((l) => l.quantity > 0),
          openInspections: await inspectionService.listInspections(db, {
            state: 'open',
            limit: 100,
          }),
          openNonconformances: await listNonconformances(db, { open: true, limit: 100 }),
        };
      },
    );

    // -------------------------------------------------- inspections ----

    app.get(
      '/inspections',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: 'Inspections, newest first',
          querystring: z.object({
            lot: LotKey.optional(),
            state: z.enum(['open', 'accepted', 'rejected']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.array(InspectionSchema), ...errors },
        },
      },
      async (request) => inspectionService.listInspections(db, request.query),
    );
    app.post(
      '/inspections',
      {
        config: { access: 'quality.inspect' },
        schema: {
          tags,
          summary:
            'Open an inspection of a lot in quarantine: the plan comes from its specification and the switching state',
          body: z.strictObject({ lot: LotKey, specification: Code.optional() }),
          response: { 201: InspectionSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await inspectionService.openInspection(context, request.body, actorOf(request))),
    );
    const InspectionParams = z.object({
      number: z.string().regex(/^IN-\d{6,}$/, 'expected an inspection number such as IN-000001'),
    });
    app.get(
      '/inspections/:number',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: 'One inspection, its plan and results',
          params: InspectionParams,
          response: { 200: InspectionSchema, ...errors },
        },
      },
      async (request) => inspectionService.getInspection(db, request.params.number),
    );
    app.post(
      '/inspections/:number/results',
      {
        config: { access: 'quality.inspect' },
        schema: {
          tags,
          summary:
            'Record the result of one characteristic or firing-range test (replaces an earlier one while open)',
          params: InspectionParams,
          body: z.strictObject({ characteristic: Code, result: ResultData }),
          response: { 200: InspectionSchema, ...errors },
        },
      },
      async (request) =>
        inspectionService.recordResult(
          context,
          request.params.number,
          request.body.characteristic,
          request.body.result,
          actorOf(request),
        ),
    );
    app.post(
      '/inspections/:number/range-results',
      {
        config: { access: 'quality.inspect' },
        bodyLimit: 2 * 1024 * 1024,
        schema: {
          tags,
          summary:
            "A firing-range test's rounds from the range instrument's CSV export (body: text/csv)",
          params: InspectionParams,
          querystring: z.object({ test: Code.describe('the range test code, e.g. VEL') }),
          body: z
            .string()
            .min(1)
            .max(2 * 1024 * 1024),
          response: { 200: InspectionSchema, ...errors },
        },
      },
      async (request) =>
        inspectionService.importRangeResults(
          context,
          request.params.number,
          request.query.test,
          request.body,
          actorOf(request),
        ),
    );
    app.post(
      '/inspections/:number/complete',
      {
        config: { access: 'quality.inspect' },
        schema: {
          tags,
          summary:
            'Judge the lot: a supplier lot is released or rejected by the result; a rejection opens a nonconformance',
          params: InspectionParams,
          body: z.strictObject({}).optional(),
          response: { 200: InspectionSchema, ...errors },
        },
      },
      async (request) =>
        inspectionService.completeInspection(context, request.params.number, actorOf(request)),
    );

    app.get(
      '/switching',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary:
            'Each stream’s inspection severity (normal, tightened, reduced, discontinued) and its history',
          querystring: z.object({ stream: z.string().max(200).optional() }),
          response: {
            200: z.object({
              streams: z.array(
                z.object({
                  stream: z.string(),
                  severity: z.enum(['normal', 'tightened', 'reduced', 'discontinued']),
                  state: z.object({
                    severity: z.string(),
                    recentOnNormal: z.array(z.boolean()).readonly(),
                    consecutiveAcceptedOnNormal: z.number(),
                    switchingScore: z.number(),
                    consecutiveAcceptedOnTightened: z.number(),
                    notAcceptedOnTightened: z.number(),
                    lotsOnSeverity: z.number(),
                  }),
                  updatedAt: z.string(),
                }),
              ),
              history: z.array(
                z.object({
                  stream: z.string(),
                  lot: z.string().nullable(),
                  at: z.string(),
                  accepted: z.boolean().nullable(),
                  severityBefore: z.string(),
                  severityAfter: z.string(),
                  reason: z.string().nullable(),
                  ignored: z.string().nullable(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => inspectionService.switchingOverview(db, request.query.stream),
    );
    app.post(
      '/switching/resume',
      {
        config: { access: 'quality.disposition' },
        schema: {
          tags,
          summary:
            'Resume a discontinued stream at tightened inspection after the corrective action',
          body: z.strictObject({
            stream: z.string().min(1).max(200),
            note: z.string().trim().min(1).max(500),
          }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await inspectionService.resumeStream(
          context,
          request.body.stream,
          request.body.note,
          actorOf(request),
        );
        return reply.status(204).send(null);
      },
    );

    // -------------------------------------------------- dispositions ----

    const LotParams = z.object({ lot: LotKey });
    app.get(
      '/lots/:lot/evidence',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: "What QA decides on: the lot's inspections, results and nonconformances",
          params: LotParams,
          response: { 200: EvidenceSchema, ...errors },
        },
      },
      async (request) =>
        evidenceFor(
          db,
          request.params.lot,
          context.machineGroup ? { machineGroup: context.machineGroup } : {},
        ),
    );
    app.get(
      '/lots/:lot/dispositions',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: "The lot's signed decisions, newest first",
          params: LotParams,
          response: { 200: z.array(DispositionSchema), ...errors },
        },
      },
      async (request) => dispositionsOf(db, request.params.lot),
    );
    app.post(
      '/lots/:lot/disposition',
      {
        config: { access: 'quality.disposition' },
        schema: {
          tags,
          summary: 'Release, reject, hold or lift the hold of a lot (signed)',
          description:
            'A finished lot is released on an accepted acceptance inspection; a supplier lot on its inspection or on its certificate of conformance (basis supplier_certificate). No lot is released while a nonconformance against it is open.',
          params: LotParams,
          headers: SignatureHeaders,
          body: z.strictObject({
            decision: z.enum(LOT_DECISIONS),
            basis: z.enum(RELEASE_BASES).optional(),
            reason: z.string().trim().min(1).max(500).optional(),
          }),
          response: { 200: DispositionSchema, ...signedErrors },
        },
      },
      async (request) => {
        const signer = await readSignature(
          request,
          context.auth,
          DISPOSITION_MEANING[request.body.decision],
        );
        return disposeLot(context, { lot: request.params.lot, ...request.body }, signer);
      },
    );
    app.get(
      '/lots/:lot/certificate.pdf',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: 'The certificate of conformance of a released lot (PDF)',
          params: LotParams,
          querystring: z.object({
            language: z.enum(languages.codes).default('en').describe('English by default'),
          }),
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const data = await certificateData(db, request.params.lot);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="CoC-${data.lot}.pdf"`)
          .send(await certificatePdf(data, request.query.language, languages));
      },
    );

    // ---------------------------------------------- nonconformances ----

    const NcParams = z.object({
      number: z.string().regex(/^NC-\d{5,}$/, 'expected a number such as NC-00001'),
    });
    app.get(
      '/nonconformances',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: 'Nonconformances, newest first',
          querystring: z.object({
            state: z.enum(NONCONFORMANCE_STATES).optional(),
            lot: LotKey.optional(),
            open: z
              .enum(['true', 'false'])
              .optional()
              .transform((v) => v === 'true'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.array(NonconformanceSchema), ...errors },
        },
      },
      async (request) => listNonconformances(db, request.query),
    );
    app.post(
      '/nonconformances',
      {
        config: { access: 'quality.inspect' },
        schema: {
          tags,
          summary: 'Open a nonconformance by hand (or from an SPC alarm)',
          body: z.strictObject({
            title: z.string().trim().min(1).max(200),
            description: z.string().trim().min(1).max(5000),
            lots: z.array(LotKey).min(1).max(100),
            source: z.enum(['manual', 'spc']).optional(),
          }),
          response: { 201: NonconformanceSchema, ...errors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await openNonconformance(context, request.body, actorOf(request))),
    );
    app.get(
      '/nonconformances/:number',
      {
        config: { access: 'quality.read' },
        schema: {
          tags,
          summary: 'One nonconformance',
          params: NcParams,
          response: { 200: NonconformanceSchema, ...errors },
        },
      },
      async (request) => getNonconformance(db, request.params.number),
    );
    app.post(
      '/nonconformances/:number/investigation',
      {
        config: { access: 'quality.inspect' },
        schema: {
          tags,
          summary: 'Record the investigation (cause, extent)',
          params: NcParams,
          body: z.strictObject({ investigation: z.string().trim().min(1).max(5000) }),
          response: { 200: NonconformanceSchema, ...errors },
        },
      },
      async (request) =>
        recordInvestigation(
          context,
          request.params.number,
          request.body.investigation,
          actorOf(request),
        ),
    );
    app.post(
      '/nonconformances/:number/decision',
      {
        config: { access: 'quality.disposition' },
        schema: {
          tags,
          summary: 'Decide: scrap (rejects the lots), rework into a suffixed lot, or use as is',
          params: NcParams,
          body: z.strictObject({
            decision: z.enum(NONCONFORMANCE_DECISIONS),
            note: z.string().trim().min(1).max(2000),
            rework: z
              .strictObject({ lot: LotKey, quantity: z.number().positive(), location: Code })
              .optional(),
          }),
          response: { 200: NonconformanceSchema, ...errors },
        },
      },
      async (request) =>
        decideNonconformance(context, request.params.number, request.body, actorOf(request)),
    );
    app.post(
      '/nonconformances/:number/close',
      {
        config: { access: 'quality.disposition' },
        schema: {
          tags,
          summary: 'Close a decided nonconformance (signed)',
          params: NcParams,
          headers: SignatureHeaders,
          body: z.strictObject({}).optional(),
          response: { 200: NonconformanceSchema, ...signedErrors },
        },
      },
      async (request) => {
        const signer = await readSignature(request, context.auth, 'closed');
        return closeNonconformance(context, request.params.number, signer);
      },
    );
  };
}

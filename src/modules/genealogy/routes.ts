// HTTP routes of lots, genealogy, packing, trace and recall. Storekeepers
// receive supplier lots and move and ship containers; operators load feeders
// and pack; QA holds, disposes and recalls (a recall is signed); everyone who
// may read lots may trace them.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthContext } from '../../core/auth/service.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { Database } from '../../core/db/store.js';
import { conflict, invalid } from '../../core/errors.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { readSignature, SignatureHeaders } from '../../core/http/signature.js';
import { appLanguages, type Languages } from '../../core/i18n/languages.js';
import { answerOnce, IdempotencyHeaders } from '../../core/idempotency/http.js';
import { currentPlant } from '../plant/index.js';
import { containerLabels } from './container-labels.js';
import { fromEpcisDocument, toEpcisDocument, validateEpcis } from './epcis.js';
import { epcisEvents, identityOf } from './epcis-events.js';
import { loadFeeder, loadsOf, unloadFeeder } from './feeders.js';
import * as lotService from './lots.js';
import { HANDLING_UNIT_KINDS, LOT_ORIGINS, LOT_STATUSES } from './model.js';
import * as packing from './packing.js';
import { findRecall, listRecalls, recallCsv, startRecall } from './recall.js';
import { recallPdf } from './recall-pdf.js';
import { lotMassBalance, traceContainer, traceLot } from './trace.js';

const Code = z.string().min(1).max(40);
const LotKey = z.string().min(1).max(60).describe('lot number (or id)');
const Quantity = z.number().positive().max(1e12);
const IsoDate = z.iso.date();

export const LotSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    material: z.string(),
    origin: z.enum(LOT_ORIGINS),
    status: z.enum(LOT_STATUSES),
    heldFrom: z.enum(LOT_STATUSES).nullable(),
    unit: z.string(),
    quantity: z.number(),
    supplier: z.string().nullable(),
    supplierLot: z.string().nullable(),
    certificate: z.string().nullable(),
    expiresOn: z.string().nullable(),
    workOrderId: z.string().nullable(),
    workOrderNumber: z.string().nullable(),
    line: z.string().nullable(),
    reworkOf: z.string().nullable(),
    madeFrom: z.string().nullable(),
    madeTo: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Lot' });

const TraceSchema = z
  .object({
    direction: z.enum(['backward', 'forward']),
    roots: z.array(z.string()),
    lots: z.array(
      LotSchema.extend({
        depth: z.number().int(),
        onHand: z.array(z.object({ location: z.string(), quantity: z.number() })),
        containers: z.array(
          z.object({
            serial: z.string(),
            kind: z.string(),
            top: z.string(),
            location: z.string().nullable(),
            quantity: z.number(),
          }),
        ),
        shipped: z.array(
          z.object({
            customer: z.string(),
            shipment: z.string(),
            container: z.string(),
            quantity: z.number(),
            at: z.string(),
          }),
        ),
      }),
    ),
    edges: z.array(
      z.object({
        parent: z.string(),
        child: z.string(),
        quantity: z.number(),
        unit: z.string(),
        station: z.string().nullable(),
        workOrderId: z.string().nullable(),
        from: z.string(),
        to: z.string().nullable(),
        state: z.enum(['open', 'settled']),
      }),
    ),
  })
  .meta({ id: 'Trace' });

const MassBalanceSchema = z
  .object({
    lot: z.string(),
    unit: z.string(),
    in: z.number(),
    consumed: z.number(),
    consuming: z.number(),
    scrapped: z.number(),
    shipped: z.number(),
    adjusted: z.number(),
    ledgerOnHand: z.number(),
    onHand: z.number(),
    consumptionPosted: z.number(),
    difference: z.number(),
    balanced: z.boolean(),
  })
  .meta({ id: 'MassBalance' });

const FeederLoadSchema = z
  .object({
    id: z.string(),
    workOrderId: z.string(),
    outputLot: z.string(),
    line: z.string(),
    station: z.string(),
    material: z.string(),
    lot: z.string(),
    issued: z.number(),
    loadedAt: z.string(),
    loadedBy: z.string(),
    unloadedAt: z.string().nullable(),
    unloadedBy: z.string().nullable(),
    consumed: z.number(),
    unit: z.string(),
  })
  .meta({ id: 'FeederLoad' });

const HandlingUnitSchema = z
  .object({
    id: z.string(),
    serial: z.string(),
    kind: z.enum(HANDLING_UNIT_KINDS),
    sscc: z.string().nullable(),
    material: z.string().nullable(),
    location: z.string().nullable(),
    status: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'HandlingUnit' });

const ContentLot = z.object({
  lotId: z.string(),
  lot: z.string(),
  material: z.string(),
  quantity: z.number(),
  unit: z.string(),
});
type ContentsShape = {
  unit: z.infer<typeof HandlingUnitSchema>;
  units: ContentsShape[];
  lots: z.infer<typeof ContentLot>[];
  totals: z.infer<typeof ContentLot>[];
};
const ContentsSchema: z.ZodType<ContentsShape> = z
  .object({
    unit: HandlingUnitSchema,
    get units() {
      return z.array(ContentsSchema);
    },
    lots: z.array(ContentLot),
    totals: z.array(ContentLot),
  })
  .meta({ id: 'Contents' });

const PackItem = z.union([
  z.strictObject({ unit: z.string().min(1).max(40).describe('serial or SSCC of a container') }),
  z.strictObject({ lot: LotKey, quantity: Quantity }),
]);

const RecallSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    signatureId: z.string().nullable(),
    report: z.object({
      recall: z.string(),
      suspectLot: z.string(),
      reason: z.string(),
      startedAt: z.string(),
      startedBy: z.string(),
      lots: z.array(
        z.object({
          lot: z.string(),
          material: z.string(),
          depth: z.number(),
          statusBefore: z.enum(LOT_STATUSES),
          status: z.enum(LOT_STATUSES),
          held: z.boolean(),
          unit: z.string(),
        }),
      ),
      onHand: z.array(
        z.object({ lot: z.string(), location: z.string(), quantity: z.number(), unit: z.string() }),
      ),
      inContainers: z.array(
        z.object({
          lot: z.string(),
          container: z.string(),
          top: z.string(),
          location: z.string().nullable(),
          quantity: z.number(),
        }),
      ),
      shipped: z.array(
        z.object({
          lot: z.string(),
          customer: z.string(),
          shipment: z.string(),
          container: z.string(),
          quantity: z.number(),
          at: z.string(),
        }),
      ),
      totals: z.object({
        heldLots: z.number(),
        onHand: z.number(),
        shipped: z.number(),
        customers: z.number(),
      }),
    }),
  })
  .meta({ id: 'Recall' });

const errors = { 400: Problem, 404: Problem, 409: Problem };
const SignedCommandHeaders = SignatureHeaders.extend(IdempotencyHeaders.shape);
const LotParams = z.object({ lot: LotKey });
const SerialParams = z.object({ serial: z.string().min(1).max(40) });
const WorkOrderParams = z.object({ id: z.uuid() });
const AtQuery = z.object({
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('a past moment: the contents as they were then'),
});

export interface GenealogyRoutesContext extends lotService.GenealogyContext {
  auth: AuthContext;
  /** The languages a printed document may be asked in; the app's own when unset. */
  languages?: Languages;
  /**
   * Containers reserved for a customer order, by serial, with the order: an
   * ad-hoc shipment may not take them (they leave with their order's
   * dispatch). Handed in by the composition root from the shipping module.
   */
  reservedFor?: (db: Database, serials: readonly string[]) => Promise<Map<string, string>>;
}

export function genealogyRoutes(context: GenealogyRoutesContext): FastifyPluginAsync {
  const { db } = context;
  const languages = context.languages ?? appLanguages();
  const actorOf = (request: FastifyRequest) => requirePrincipal(request).user.username;
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['genealogy'];

    app.get(
      '/lots',
      {
        config: { readCache: true, access: 'lots.read' },
        schema: {
          tags,
          summary: 'Lots, newest first',
          querystring: z.object({
            material: Code.optional(),
            status: z.enum(LOT_STATUSES).optional(),
            search: z.string().max(60).optional().describe('part of a lot number'),
            sort: z
              .enum(['newest', 'expiry'])
              .default('newest')
              .describe('newest first, or first expiry first (the order to pick and load in)'),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.array(LotSchema), ...errors },
        },
      },
      async (request) => lotService.listLots(db, request.query),
    );

    app.post(
      '/lots/receipts',
      {
        config: { access: 'storage.move' },
        schema: {
          tags,
          summary: "Receive a supplier's lot: numbered, in quarantine, in stock",
          headers: IdempotencyHeaders,
          body: z.strictObject({
            material: Code,
            supplier: Code,
            supplierLot: z.string().trim().min(1).max(60),
            certificate: z.string().trim().min(1).max(120).optional(),
            quantity: Quantity,
            expiresOn: IsoDate.optional(),
            location: Code,
          }),
          response: { 201: LotSchema, ...errors },
        },
      },
      async (request, reply) =>
        answerOnce(request, reply, { db, command: 'genealogy.receipt', status: 201 }, (tx) =>
          lotService.receiveLot({ ...context, db: tx }, request.body, actorOf(request)),
        ),
    );

    app.get(
      '/lots/:lot',
      {
        config: { readCache: true, access: 'lots.read' },
        schema: {
          tags,
          summary: 'One lot',
          params: LotParams,
          response: { 200: LotSchema, ...errors },
        },
      },
      async (request) => lotService.findLot(db, request.params.lot),
    );

    app.get(
      '/lots/:lot/trace',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary:
            'Trace a lot backward (what it was made from) or forward (what was made from it, and where it is)',
          params: LotParams,
          querystring: z.object({ direction: z.enum(['backward', 'forward']).default('backward') }),
          response: { 200: TraceSchema, ...errors },
        },
      },
      async (request) => traceLot(db, request.params.lot, request.query.direction),
    );

    app.get(
      '/lots/:lot/mass-balance',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'Received or made, consumed, scrapped, shipped, on hand, and the difference',
          params: LotParams,
          response: { 200: MassBalanceSchema, ...errors },
        },
      },
      async (request) => lotMassBalance(db, request.params.lot),
    );

    // QA's decisions on a lot (release, reject, hold, rework) are signed and
    // live with their evidence in the quality module's routes.

    // ------------------------------------------------------ feeders ----

    app.get(
      '/work-orders/:id/feeders',
      {
        config: { access: 'production.read' },
        schema: {
          tags,
          summary: "The component lots loaded into a work order's feeders, with what each used",
          params: WorkOrderParams,
          response: { 200: z.array(FeederLoadSchema), ...errors },
        },
      },
      async (request) => loadsOf(db, request.params.id),
    );
    app.post(
      '/work-orders/:id/feeders/load',
      {
        config: { access: 'production.operate' },
        schema: {
          tags,
          summary: 'Load a component lot into a station feeder (the lot before it is settled)',
          params: WorkOrderParams,
          headers: IdempotencyHeaders,
          body: z.strictObject({
            station: Code,
            lot: LotKey,
            quantity: Quantity.optional().describe(
              'issued to the line side; all of it at `from` when omitted',
            ),
            from: Code.optional(),
          }),
          response: { 201: FeederLoadSchema, ...errors },
        },
      },
      async (request, reply) =>
        answerOnce(request, reply, { db, command: 'genealogy.feeder_load', status: 201 }, (tx) =>
          loadFeeder(
            { ...context, db: tx },
            { workOrderId: request.params.id, ...request.body },
            actorOf(request),
          ),
        ),
    );
    app.post(
      '/work-orders/:id/feeders/unload',
      {
        config: { access: 'production.operate' },
        schema: {
          tags,
          summary: 'Take a lot out of its feeder; its consumption is settled',
          params: WorkOrderParams,
          headers: IdempotencyHeaders,
          body: z.strictObject({ station: Code, material: Code, returnTo: Code.optional() }),
          response: { 200: FeederLoadSchema, ...errors },
        },
      },
      async (request, reply) =>
        answerOnce(request, reply, { db, command: 'genealogy.feeder_unload' }, (tx) =>
          unloadFeeder(
            { ...context, db: tx },
            { workOrderId: request.params.id, ...request.body },
            actorOf(request),
          ),
        ),
    );

    // ------------------------------------------------------ packing ----

    app.post(
      '/handling-units',
      {
        config: { access: 'production.operate' },
        schema: {
          tags,
          summary: 'New packets, cans, crates or pallets (crates and pallets get an SSCC)',
          headers: IdempotencyHeaders,
          body: z.strictObject({
            kind: z.enum(HANDLING_UNIT_KINDS),
            location: Code,
            material: Code.optional(),
            count: z.number().int().min(1).max(500).default(1),
          }),
          response: { 201: z.array(HandlingUnitSchema), ...errors },
        },
      },
      async (request, reply) => {
        const { count, ...unit } = request.body;
        return answerOnce(
          request,
          reply,
          { db, command: 'genealogy.handling_units', status: 201 },
          (tx) =>
            packing.createHandlingUnits({ ...context, db: tx }, unit, count, actorOf(request)),
        );
      },
    );
    app.get(
      '/handling-units',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary:
            'The outermost containers standing at a location, each with what it holds (at most 500)',
          querystring: z.object({ location: Code }),
          response: { 200: z.array(ContentsSchema), ...errors },
        },
      },
      async (request) => packing.containersAt(db, request.query.location),
    );
    app.get(
      '/handling-units/:serial',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'A container and what it holds, now or at a past moment',
          params: SerialParams,
          querystring: AtQuery,
          response: { 200: ContentsSchema, ...errors },
        },
      },
      async (request) =>
        packing.contentsOf(
          db,
          request.params.serial,
          request.query.at ? new Date(request.query.at) : undefined,
        ),
    );
    app.get(
      '/handling-units/:serial/trace',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'Trace backward from a container: everything behind the lots inside it',
          params: SerialParams,
          querystring: AtQuery,
          response: { 200: TraceSchema, ...errors },
        },
      },
      async (request) =>
        traceContainer(
          db,
          request.params.serial,
          request.query.at ? new Date(request.query.at) : undefined,
        ),
    );
    app.post(
      '/handling-units/:serial/pack',
      {
        config: { access: 'production.operate' },
        schema: {
          tags,
          summary: 'Pack containers or lot quantities into a container',
          params: SerialParams,
          headers: IdempotencyHeaders,
          body: z.strictObject({ items: z.array(PackItem).min(1).max(500) }),
          response: { 200: ContentsSchema, ...errors },
        },
      },
      async (request, reply) =>
        answerOnce(request, reply, { db, command: 'genealogy.pack' }, (tx) =>
          packing.pack(
            { ...context, db: tx },
            request.params.serial,
            request.body.items,
            actorOf(request),
          ),
        ),
    );
    app.post(
      '/handling-units/:serial/unpack',
      {
        config: { access: 'production.operate' },
        schema: {
          tags,
          summary: 'Take the named items (or everything) out of a container',
          params: SerialParams,
          headers: IdempotencyHeaders,
          body: z.strictObject({ items: z.array(PackItem).min(1).max(500).optional() }),
          response: { 200: ContentsSchema, ...errors },
        },
      },
      async (request, reply) =>
        answerOnce(request, reply, { db, command: 'genealogy.unpack' }, (tx) =>
          packing.unpack(
            { ...context, db: tx },
            request.params.serial,
            request.body.items,
            actorOf(request),
          ),
        ),
    );
    app.post(
      '/handling-units/move',
      {
        config: { access: 'storage.move' },
        schema: {
          tags,
          summary: 'Move containers, with everything in them, to another location',
          headers: IdempotencyHeaders,
          body: z.strictObject({
            serials: z.array(z.string().min(1).max(40)).min(1).max(500),
            to: Code,
          }),
          response: { 200: z.array(HandlingUnitSchema), ...errors },
        },
      },
      async (request, reply) =>
        answerOnce(request, reply, { db, command: 'genealogy.move' }, (tx) =>
          packing.moveHandlingUnits(
            { ...context, db: tx },
            request.body.serials,
            request.body.to,
            actorOf(request),
          ),
        ),
    );
    app.post(
      '/shipments',
      {
        config: { access: 'storage.move' },
        schema: {
          tags,
          summary: 'Ship containers to a customer (every lot inside must be released)',
          headers: IdempotencyHeaders,
          body: z.strictObject({
            serials: z.array(z.string().min(1).max(40)).min(1).max(500),
            customer: Code,
            shipment: z.string().trim().min(1).max(40),
          }),
          response: { 200: z.array(HandlingUnitSchema), ...errors },
        },
      },
      async (request, reply) =>
        answerOnce(request, reply, { db, command: 'genealogy.shipment' }, async (tx) => {
          // In the command's own transaction: PGlite has one connection, and the
          // check must see what the shipment is about to move.
          const reserved = (await context.reservedFor?.(tx, request.body.serials)) ?? new Map();
          if (reserved.size > 0) {
            const [serial, order] = [...reserved][0] as [string, string];
            throw conflict(
              'container_reserved',
              "{{unit}} is reserved for order {{order}}: it leaves with that order's dispatch",
              { unit: serial, order },
            );
          }
          return packing.shipHandlingUnits({ ...context, db: tx }, request.body, actorOf(request));
        }),
    );

    app.get(
      '/handling-units/:serial/label',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary:
            'The label of a crate or pallet: PDF for office printers, ZPL for label printers',
          description:
            'GS1-128 (SSCC; GTIN, count, lot and dates) and a GS1 DataMatrix with all of them.',
          params: SerialParams,
          querystring: z.object({ format: z.enum(['pdf', 'zpl']).default('pdf') }),
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        const label = await containerLabels(db, [request.params.serial], format);
        return reply
          .header(
            'content-type',
            format === 'pdf' ? 'application/pdf' : 'application/x-zpl; charset=utf-8',
          )
          .header('content-disposition', `inline; filename="${request.params.serial}.${format}"`)
          .send(label);
      },
    );

    // ------------------------------------------------------- recall ----

    app.post(
      '/recalls',
      {
        config: { access: 'lots.recall' },
        schema: {
          tags,
          summary:
            'Recall: hold every lot made from a suspect lot that is still in the plant (signed)',
          headers: SignedCommandHeaders,
          body: z.strictObject({ lot: LotKey, reason: z.string().trim().min(1).max(500) }),
          response: { 201: RecallSchema, ...errors, 401: Problem, 403: Problem },
        },
      },
      async (request, reply) => {
        const signer = await readSignature(request, context.auth, 'approved');
        return answerOnce(request, reply, { db, command: 'genealogy.recall', status: 201 }, (tx) =>
          startRecall({ ...context, db: tx }, request.body, signer),
        );
      },
    );
    app.get(
      '/recalls',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'Recalls, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: z.array(RecallSchema), ...errors },
        },
      },
      async (request) => listRecalls(db, request.query.limit),
    );
    const RecallParams = z.object({
      number: z.string().regex(/^RC-\d{5,}$/, 'expected a recall number such as RC-00001'),
    });
    app.get(
      '/recalls/:number',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'One recall and its report',
          params: RecallParams,
          response: { 200: RecallSchema, ...errors },
        },
      },
      async (request) => findRecall(db, request.params.number),
    );
    app.get(
      '/recalls/:number/report.csv',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'The recall report as CSV',
          params: RecallParams,
          response: { 200: z.string(), ...errors },
        },
      },
      async (request, reply) => {
        const recall = await findRecall(db, request.params.number);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${recall.number}.csv"`)
          .send(recallCsv(recall.report));
      },
    );

    app.get(
      '/recalls/:number/report.pdf',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'The recall report as PDF',
          params: RecallParams,
          querystring: z.object({
            language: z.enum(languages.codes).default('en').describe('English by default'),
          }),
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const recall = await findRecall(db, request.params.number);
        const { plant } = await currentPlant(db);
        const pdf = await recallPdf(recall.report, {
          language: request.query.language,
          timeZone: plant.site.timezone,
          languages,
        });
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="${recall.number}.pdf"`)
          .send(pdf);
      },
    );

    // -------------------------------------------------------- EPCIS ----

    const EpcisDocumentSchema = z
      .looseObject({ type: z.literal('EPCISDocument') })
      .meta({ id: 'EpcisDocument' });
    app.get(
      '/epcis',
      {
        config: { access: 'lots.read' },
        schema: {
          tags,
          summary: 'Traceability events as an EPCIS 2.0 JSON-LD document, for a window or a lot',
          description:
            'Object (receipt, QA decision, hold, shipment), aggregation (packing) and transformation (work order, rework) events.',
          querystring: z
            .object({
              from: z.iso.datetime({ offset: true }).optional(),
              to: z.iso.datetime({ offset: true }).optional(),
              lot: LotKey.optional().describe('every event of the lots in this lot’s genealogy'),
            })
            .refine((q) => q.lot !== undefined || (q.from !== undefined && q.to !== undefined), {
              message: 'expected lot, or from and to',
              path: ['lot'],
            }),
          response: { 200: EpcisDocumentSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { from, to, lot } = request.query;
        const { events, plant } = await epcisEvents(db, {
          ...(from ? { from: new Date(from) } : {}),
          ...(to ? { to: new Date(to) } : {}),
          ...(lot ? { lot } : {}),
        });
        const document = toEpcisDocument(events, identityOf(plant), context.clock().toISOString());
        return reply
          .header('content-type', 'application/ld+json; charset=utf-8')
          .send(document as unknown as { type: 'EPCISDocument' });
      },
    );
    app.post(
      '/epcis/check',
      {
        config: { access: 'lots.read' },
        bodyLimit: 20 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Read an EPCIS 2.0 document back: validate it and say which of its events Lotline holds',
          body: z.looseObject({}),
          response: {
            200: z.object({
              events: z.number().int(),
              known: z.number().int(),
              unknown: z.array(z.string()).describe('event ids Lotline has no record of'),
              differing: z
                .array(z.string())
                .describe('event ids Lotline holds with other contents'),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const valid = validateEpcis(request.body);
        if (!valid.ok) throw epcisInvalid(valid.errors);
        const { plant } = await currentPlant(db);
        const read = fromEpcisDocument(request.body, identityOf(plant));
        if (!read.ok) throw epcisInvalid(read.errors);
        const times = read.events.map((e) => Date.parse(e.at));
        const ours = (
          await epcisEvents(db, {
            from: new Date(Math.min(...times)),
            to: new Date(Math.max(...times) + 1),
          })
        ).events;
        const byId = new Map(ours.map((e) => [e.eventId, canonicalJson(e)]));
        const unknown: string[] = [];
        const differing: string[] = [];
        for (const event of read.events) {
          const held = byId.get(event.eventId);
          if (held === undefined) unknown.push(event.eventId);
          else if (held !== canonicalJson(event)) differing.push(event.eventId);
        }
        return {
          events: read.events.length,
          known: read.events.length - unknown.length,
          unknown,
          differing,
        };
      },
    );
  };
}

// The findings are the EPCIS validator's, in English only: the field issues
// carry no code, so a client shows them as they are.
function epcisInvalid(errors: readonly string[]) {
  return invalid('epcis_document_invalid', 'not a valid EPCIS 2.0 document: {{findings}}', {
    findings: errors.slice(0, 3).join('; '),
  }).withIssues(
    errors.slice(0, 50).map((message) => ({ path: message.split(':')[0] ?? 'body', message })),
  );
}

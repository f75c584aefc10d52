import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthContext } from '../../core/auth/service.js';
import { nothing, runSql, text } from '../../core/db/sql-text.js';
import type { Database } from '../../core/db/store.js';
import { everyColumn, tableRows } from '../../core/db/table-rows.js';
import { Problem } from '../../core/http/problem.js';
import { readSignature, SignatureHeaders } from '../../core/http/signature.js';
import { answerOnce, IdempotencyHeaders } from '../../core/idempotency/http.js';
import { currentPlant } from '../plant/index.js';
import { type CountInput, recordCount } from './counts.js';
import { neqByLocation } from './hazard.js';
import { movementsOf, stockLines } from './ledger.js';
import { MOVEMENT_KINDS } from './model.js';
import { capacityNeq, quantityDistanceReport } from './quantity-distance.js';
import { balances } from './schema.js';

/** What storage needs to know of a lot named in a request: its id, number and material. */
export interface LotDirectory {
  resolve(numberOrId: string): Promise<{ id: string; number: string; material: string }>;
}

export interface StorageRoutesContext {
  db: Database;
  clock: () => Date;
  auth: AuthContext;
  lots: LotDirectory;
}

const Code = z.string().min(1).max(40);
const LotKey = z.string().min(1).max(60);
const errors = { 400: Problem, 404: Problem, 409: Problem };

const StockLine = z
  .object({
    location: z.string(),
    lot: z.string(),
    lotId: z.string(),
    material: z.string(),
    quantity: z.number(),
  })
  .meta({ id: 'StockLine' });

const MovementSchema = z
  .object({
    seq: z.number(),
    id: z.string(),
    kind: z.enum(MOVEMENT_KINDS),
    at: z.string(),
    lotId: z.string(),
    material: z.string(),
    handlingUnit: z.string(),
    quantity: z.number(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    customer: z.string().nullable(),
    shipment: z.string().nullable(),
    workOrderId: z.string().nullable(),
    reason: z.string().nullable(),
    actor: z.string(),
  })
  .meta({ id: 'Movement' });

const QdGapSchema = z.object({
  magazine: z.string(),
  kind: z.string(),
  exposure: z.string(),
  division: z.string().optional(),
  netExplosiveKg: z.number().optional(),
  reason: z.string(),
});

export function storageRoutes(context: StorageRoutesContext): FastifyPluginAsync {
  const { db } = context;
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['storage'];

    app.get(
      '/stock',
      {
        config: { readCache: true, access: 'storage.read' },
        schema: {
          tags,
          summary: 'Stock by location and lot (what the ledger adds up to)',
          querystring: z.object({ location: Code.optional(), lot: LotKey.optional() }),
          response: { 200: z.array(StockLine), ...errors },
        },
      },
      async (request) => {
        const lot = request.query.lot ? await context.lots.resolve(request.query.lot) : undefined;
        // SQL text (core/db/table-rows.ts); a balance keeps its lot's number, which never changes.
        const location = request.query.location;
        const rows = tableRows(
          balances,
          await runSql(
            db,
            text`select ${everyColumn(balances)} from "storage"."balances" where "quantity" > 0${
              location ? text` and "location" = ${location}` : nothing
            }${lot ? text` and "lot_id" = ${lot.id}` : nothing} order by "location", "lot_id"`,
          ),
        );
        return rows.map((r) => ({
          location: r.location,
          lot: r.lotNumber,
          lotId: r.lotId,
          material: r.material,
          quantity: r.quantity,
        }));
      },
    );

    app.get(
      '/lots/:lot/movements',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary:
            "A lot's movements, oldest first: its history from receipt or production to consumption or shipment",
          params: z.object({ lot: LotKey }),
          response: { 200: z.array(MovementSchema), ...errors },
        },
      },
      async (request) => {
        const lot = await context.lots.resolve(request.params.lot);
        return (await movementsOf(db, lot.id)).map((m) => ({ ...m, at: m.at.toISOString() }));
      },
    );

    app.get(
      '/quantity-distance',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary:
            'The quantity-distance check of every magazine: required against actual distances, violations, what could not be checked',
          description:
            'D = K·W^(1/3) by hazard division with the verified factors and the plant file’s; W is each magazine at its limit (basis=limit, what it is sited for) or what it holds now (basis=stock).',
          querystring: z.object({ basis: z.enum(['limit', 'stock']).default('stock') }),
          response: {
            200: z.object({
              basis: z.enum(['limit', 'stock']),
              magazines: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  neqKgByDivision: z.record(z.string(), z.number()),
                  checks: z.array(
                    z.object({
                      magazine: z.string(),
                      target: z.object({ kind: z.string(), code: z.string(), name: z.string() }),
                      division: z.string(),
                      netExplosiveKg: z.number(),
                      requiredM: z.number(),
                      actualM: z.number(),
                      ok: z.boolean(),
                    }),
                  ),
                  gaps: z.array(QdGapSchema),
                }),
              ),
              violations: z.array(
                z.object({
                  magazine: z.string(),
                  target: z.object({ kind: z.string(), code: z.string(), name: z.string() }),
                  division: z.string(),
                  netExplosiveKg: z.number(),
                  message: z.string(),
                  requiredM: z.number(),
                  actualM: z.number(),
                }),
              ),
              gaps: z.array(QdGapSchema),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const { plant } = await currentPlant(db);
        const basis = request.query.basis;
        const neq =
          basis === 'limit'
            ? capacityNeq(plant)
            : neqByLocation(plant, await stockLines(db)).byLocation;
        const report = quantityDistanceReport(plant, neq);
        return { basis, ...report } as unknown as {
          basis: 'limit' | 'stock';
          magazines: never[];
          violations: never[];
          gaps: never[];
        };
      },
    );

    app.post(
      '/counts',
      {
        config: { access: 'storage.write_off' },
        schema: {
          tags,
          summary:
            'Record a cycle count of a location: each difference becomes a count adjustment (signed)',
          headers: SignatureHeaders.extend(IdempotencyHeaders.shape),
          body: z.strictObject({
            location: Code,
            reason: z.string().trim().min(1).max(500),
            complete: z
              .boolean()
              .default(false)
              .describe('every lot there is listed: one not listed is counted as none'),
            lines: z.array(z.strictObject({ lot: LotKey, counted: z.number().min(0) })).max(1000),
          }),
          response: {
            200: z.object({
              location: z.string(),
              counted: z.number().int(),
              unchanged: z.number().int(),
              adjustments: z.array(
                MovementSchema.extend({ before: z.number(), counted: z.number() }),
              ),
              signatureId: z.string(),
            }),
            ...errors,
            401: Problem,
            403: Problem,
          },
        },
      },
      async (request, reply) => {
        const signer = await readSignature(request, context.auth, 'approved');
        const { plant } = await currentPlant(db);
        const lines: CountInput['lines'] = [];
        for (const line of request.body.lines) {
          const lot = await context.lots.resolve(line.lot);
          lines.push({
            lotId: lot.id,
            lotNumber: lot.number,
            material: lot.material,
            counted: line.counted,
          });
        }
        return answerOnce(request, reply, { db, command: 'storage.count' }, async (tx) => {
          const result = await recordCount(
            tx,
            {
              location: request.body.location,
              lines,
              reason: request.body.reason,
              complete: request.body.complete,
            },
            signer,
            plant,
            context.clock(),
          );
          return {
            ...result,
            adjustments: result.adjustments.map((a) => ({ ...a, at: a.at.toISOString() })),
          };
        });
      },
    );
  };
}

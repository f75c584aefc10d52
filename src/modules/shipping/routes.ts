// HTTP routes of orders and shipments. Storekeepers enter customers' call-off
// orders, allocate, pick and dispatch them (dispatch is signed); everyone who
// may read storage sees orders, picking lists, shipments and their papers.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthContext } from '../../core/auth/service.js';
import { requirePrincipal } from '../../core/http/auth.js';
import { Problem } from '../../core/http/problem.js';
import { readSignature, SignatureHeaders } from '../../core/http/signature.js';
import { dangerousGoodsPdf, packingListPdf } from './documents.js';
import { CONTAINER_KINDS, ORDER_PRIORITIES, ORDER_STATES } from './model.js';
import * as service from './orders.js';

const Code = z.string().min(1).max(40);
const OrderNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'expected letters, digits, . _ -');
const Serial = z.string().min(1).max(40);
const IsoDate = z.iso.date();
const errors = { 400: Problem, 404: Problem, 409: Problem };
const signedErrors = { ...errors, 401: Problem, 403: Problem };

const OrderSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    customer: z.string(),
    priority: z.enum(ORDER_PRIORITIES),
    state: z.enum(ORDER_STATES),
    lines: z.array(
      z.object({
        line: z.number().int(),
        product: z.string(),
        quantity: z.number(),
        unit: z.string(),
        due: z.string(),
        allocated: z.number(),
        shipped: z.number(),
      }),
    ),
    containers: z.number().int().describe('containers reserved for the order now'),
    shipment: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    allocatedAt: z.string().nullable(),
    pickedAt: z.string().nullable(),
    pickedBy: z.string().nullable(),
    dispatchedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancelledBy: z.string().nullable(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: 'Order' });

const LotQuantity = z.object({
  lot: z.string(),
  quantity: z.number(),
  expiresOn: z.string().nullable(),
});

const AllocationSchema = z
  .object({
    order: OrderSchema,
    lines: z.array(
      z.object({
        line: z.number().int(),
        product: z.string(),
        quantity: z.number(),
        allocated: z.number(),
        shortfall: z.number(),
        containers: z.array(
          z.object({
            serial: z.string(),
            kind: z.enum(CONTAINER_KINDS),
            location: z.string(),
            quantity: z.number(),
            expiresOn: z.string().nullable(),
            lots: z.array(z.string()),
          }),
        ),
        notes: z.array(z.string()).describe('why the shortfall, in plain words'),
      }),
    ),
  })
  .meta({ id: 'Allocation' });

const PickingListSchema = z
  .object({
    order: z.string(),
    customer: z.string(),
    state: z.enum(ORDER_STATES),
    rows: z.array(
      z.object({
        seq: z.number().int(),
        serial: z.string(),
        sscc: z.string().nullable(),
        kind: z.enum(CONTAINER_KINDS),
        packaging: z.string().nullable(),
        location: z.string().nullable(),
        line: z.number().int(),
        product: z.string(),
        quantity: z.number(),
        lots: z.array(LotQuantity),
        problem: z.string().nullable(),
      }),
    ),
    totals: z.object({ containers: z.number().int(), quantity: z.number() }),
  })
  .meta({ id: 'PickingList' });

const PackageTreeSchema: z.ZodType<service.Shipment['containers'][number]['tree']> = z.lazy(() =>
  z.object({
    serial: z.string(),
    kind: z.enum(CONTAINER_KINDS),
    packaging: z.string().nullable(),
    lots: z.array(
      z.object({
        lot: z.string(),
        material: z.string(),
        quantity: z.number(),
        unit: z.string(),
      }),
    ),
    units: z.array(PackageTreeSchema),
  }),
);

const DangerousGoodsSchema = z
  .object({
    entries: z.array(
      z.object({
        unNumber: z.string(),
        properShippingName: z.string(),
        hazardClass: z.literal('1'),
        division: z.string(),
        compatibilityGroup: z.string(),
        classificationCode: z.string(),
        packages: z.array(
          z.object({
            count: z.number().int(),
            kind: z.enum(CONTAINER_KINDS),
            packaging: z.string().nullable(),
          }),
        ),
        packageCount: z.number().int(),
        materials: z.array(
          z.object({
            material: z.string(),
            quantity: z.number(),
            unit: z.string(),
            netExplosiveKg: z.number(),
          }),
        ),
        netExplosiveKg: z.number().describe('net explosive quantity, kg'),
      }),
    ),
    totals: z.object({
      packages: z.number().int(),
      overpacks: z.number().int(),
      netExplosiveKg: z.number(),
    }),
  })
  .meta({ id: 'DangerousGoodsDeclaration' });

const ShipmentSchema = z
  .object({
    id: z.string(),
    shipment: z.string(),
    order: z.string(),
    shipper: z.object({ code: z.string(), name: z.string() }),
    consignee: z.object({ code: z.string(), name: z.string(), country: z.string() }),
    carrier: z.string().nullable(),
    vehicle: z.string().nullable(),
    dispatchedAt: z.string(),
    dispatchedBy: z.string(),
    containers: z.array(
      z.object({
        serial: z.string(),
        sscc: z.string().nullable(),
        kind: z.enum(CONTAINER_KINDS),
        packaging: z.string().nullable(),
        from: z.string(),
        line: z.number().int(),
        product: z.string(),
        quantity: z.number(),
        lots: z.array(LotQuantity),
        tree: PackageTreeSchema,
      }),
    ),
    lines: z.array(
      z.object({
        line: z.number().int(),
        product: z.string(),
        name: z.string(),
        unit: z.string(),
        quantity: z.number(),
        ordered: z.number(),
        lots: z.array(LotQuantity),
      }),
    ),
    dangerousGoods: DangerousGoodsSchema,
    signature: z
      .object({
        id: z.string(),
        signedAt: z.string(),
        username: z.string(),
        displayName: z.string(),
        meaning: z.string(),
        reason: z.string().nullable(),
        entityType: z.string(),
        entityId: z.string(),
        contentHash: z.string(),
        valid: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'Shipment' });

export interface ShippingRoutesContext extends service.ShippingContext {
  auth: AuthContext;
}

export function shippingRoutes(context: ShippingRoutesContext): FastifyPluginAsync {
  const { db } = context;
  const actorOf = (request: FastifyRequest) => requirePrincipal(request).user.username;
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['shipping'];
    const OrderParams = z.object({ number: OrderNumber });
    const ShipmentParams = z.object({
      number: z.string().regex(/^SH-\d{6,}$/, 'expected a shipment number such as SH-000001'),
    });

    app.get(
      '/orders',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary: 'Customer orders, newest first',
          querystring: z.object({
            state: z.enum(ORDER_STATES).optional(),
            customer: Code.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.array(OrderSchema), ...errors },
        },
      },
      async (request) => service.listOrders(db, request.query),
    );
    app.post(
      '/orders',
      {
        config: { access: 'orders.manage' },
        schema: {
          tags,
          summary: "Enter a customer's call-off order",
          description:
            "With the customer's own number, an order sent twice is entered once (200 with the first one); without it, Lotline numbers it CO-000001, CO-000002, …",
          body: z.strictObject({
            customer: Code,
            number: OrderNumber.optional(),
            priority: z
              .enum(ORDER_PRIORITIES)
              .optional()
              .describe(
                'How much a late delivery costs in planning (weight 1, 2, 4, 8); normal by default',
              ),
            lines: z
              .array(
                z.strictObject({
                  product: Code,
                  quantity: z.number().int().positive().max(1e9),
                  due: IsoDate,
                }),
              )
              .min(1)
              .max(100),
          }),
          response: { 200: OrderSchema, 201: OrderSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { order, created } = await service.createOrder(
          context,
          request.body,
          actorOf(request),
        );
        return reply.status(created ? 201 : 200).send(order);
      },
    );
    app.get(
      '/orders/:number',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary: 'One order, with what is allocated and shipped per line',
          params: OrderParams,
          response: { 200: OrderSchema, ...errors },
        },
      },
      async (request) => service.getOrder(db, request.params.number),
    );
    app.post(
      '/orders/:number/allocate',
      {
        config: { access: 'orders.manage' },
        schema: {
          tags,
          summary:
            'Allocate containers of released lots: first expiry first, whole crates and pallets before cans',
          description:
            'Never more than ordered, never a lot that expires before the line is due. A shortfall is reported with its reasons, not refused; allocating again tops the order up.',
          params: OrderParams,
          body: z.strictObject({}).optional(),
          response: { 200: AllocationSchema, ...errors },
        },
      },
      async (request) => service.allocateOrder(context, request.params.number, actorOf(request)),
    );
    app.post(
      '/orders/:number/deallocate',
      {
        config: { access: 'orders.manage' },
        schema: {
          tags,
          summary: "Give the order's containers back (it returns to open)",
          params: OrderParams,
          body: z.strictObject({}).optional(),
          response: { 200: OrderSchema, ...errors },
        },
      },
      async (request) => service.deallocateOrder(context, request.params.number, actorOf(request)),
    );
    app.get(
      '/orders/:number/picking-list',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary:
            'The containers to pick: where each stands, its lots and quantity, in pick order',
          params: OrderParams,
          response: { 200: PickingListSchema, ...errors },
        },
      },
      async (request) => service.pickingList(db, request.params.number),
    );
    app.post(
      '/orders/:number/pick',
      {
        config: { access: 'storage.move' },
        schema: {
          tags,
          summary: 'Confirm the order is picked, optionally moving its containers to the dock',
          description:
            'serials: the containers scanned, which must be exactly those allocated. to: a shipping area the containers are moved to.',
          params: OrderParams,
          body: z.strictObject({
            serials: z.array(Serial).max(500).optional(),
            to: Code.optional(),
          }),
          response: { 200: OrderSchema, ...errors },
        },
      },
      async (request) =>
        service.pickOrder(context, request.params.number, request.body, actorOf(request)),
    );
    app.post(
      '/orders/:number/dispatch',
      {
        config: { access: 'storage.move' },
        schema: {
          tags,
          summary: 'Dispatch a picked order to the customer (signed by the storekeeper)',
          description:
            'Ships the allocated containers under a new shipment number (SH-000001), records the packing list and the dangerous-goods declaration, and the signature.',
          params: OrderParams,
          headers: SignatureHeaders,
          body: z.strictObject({
            carrier: z.string().trim().min(1).max(200).optional(),
            vehicle: z.string().trim().min(1).max(60).optional(),
          }),
          response: { 200: ShipmentSchema, ...signedErrors },
        },
      },
      async (request) => {
        const signer = await readSignature(request, context.auth, 'approved');
        return service.dispatchOrder(context, request.params.number, request.body, signer);
      },
    );
    app.post(
      '/orders/:number/cancel',
      {
        config: { access: 'orders.manage' },
        schema: {
          tags,
          summary: 'Cancel an order that has not been dispatched; its containers are freed',
          params: OrderParams,
          body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
          response: { 200: OrderSchema, ...errors },
        },
      },
      async (request) =>
        service.cancelOrder(context, request.params.number, request.body.reason, actorOf(request)),
    );

    app.get(
      '/shipments',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary: 'Shipments, newest first',
          querystring: z.object({
            customer: Code.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.array(ShipmentSchema), ...errors },
        },
      },
      async (request) => service.listShipments(db, request.query),
    );
    app.get(
      '/shipments/:number',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary: 'One shipment as dispatched, with its signature',
          params: ShipmentParams,
          response: { 200: ShipmentSchema, ...errors },
        },
      },
      async (request) => service.getShipment(db, request.params.number),
    );
    app.get(
      '/shipments/:number/packing-list.pdf',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary: 'The packing list of a shipment (PDF)',
          params: ShipmentParams,
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const shipment = await service.getShipment(db, request.params.number);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="packing-list-${shipment.shipment}.pdf"`)
          .send(await packingListPdf(shipment));
      },
    );
    app.get(
      '/shipments/:number/dangerous-goods.pdf',
      {
        config: { access: 'storage.read' },
        schema: {
          tags,
          summary: 'The dangerous-goods declaration of a shipment (PDF)',
          params: ShipmentParams,
          response: { 200: z.any(), ...errors },
        },
      },
      async (request, reply) => {
        const shipment = await service.getShipment(db, request.params.number);
        return reply
          .header('content-type', 'application/pdf')
          .header(
            'content-disposition',
            `inline; filename="dangerous-goods-${shipment.shipment}.pdf"`,
          )
          .send(await dangerousGoodsPdf(shipment));
      },
    );
  };
}

// HTTP routes of the plant module: reads for every kind of master data,
// create/replace for the kinds an engineer edits, whole-plant loads and the
// revision history, and rated capacity.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthContext } from '../../core/auth/service.js';
import type { Database } from '../../core/db/store.js';
import { notFound } from '../../core/errors.js';
import { Problem } from '../../core/http/problem.js';
import { readSignature, SignatureHeaders } from '../../core/http/signature.js';
import { plantCapacity } from './capacity.js';
import {
  Area,
  Bom,
  Calendar,
  Code,
  EDITABLE_KINDS,
  type EditableKind,
  MaintenanceWindow,
  PlantFile,
  Site,
} from './model.js';
import { plantToYaml } from './plant-file.js';
import * as service from './service.js';

const RevisionChange = z.object({
  kind: z.string(),
  code: z.string(),
  change: z.enum(['added', 'updated', 'retired']),
});
const Revision = z
  .object({
    number: z.number().int(),
    hash: z.string(),
    source: z.string(),
    actor: z.string().nullable(),
    note: z.string().nullable(),
    loadedAt: z.string(),
    changes: z.array(RevisionChange),
  })
  .meta({ id: 'PlantRevision' });
const ChangeResult = z.object({ changed: z.boolean(), revision: Revision });
const Signature = z
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
    valid: z.boolean().describe('false once the signed record no longer has the signed content'),
  })
  .meta({ id: 'Signature' });
const RevisionDetail = z.object({
  revision: Revision,
  plant: PlantFile,
  integrity: z.object({ recordedHash: z.string(), currentHash: z.string(), intact: z.boolean() }),
  signatures: z.array(Signature),
});

const ProductCapacity = z.object({
  product: z.string(),
  ratePerMinute: z.number(),
  share: z.number(),
  dedicatedPerYear: z.number(),
  plannedPerYear: z.number(),
});
const LineCapacity = z.object({
  line: z.string(),
  name: z.string(),
  year: z.number().int(),
  calendar: z.string(),
  workingDays: z.number().int(),
  shiftMinutes: z.number(),
  breakMinutes: z.number(),
  holidayMinutes: z.number(),
  maintenanceMinutes: z.number(),
  availableMinutes: z.number(),
  mixRatePerMinute: z.number(),
  ratedPerYear: z.number(),
  products: z.array(ProductCapacity),
});
const PlantCapacity = z
  .object({ year: z.number().int(), lines: z.array(LineCapacity), ratedPerYear: z.number() })
  .meta({ id: 'PlantCapacity' });

const PlantSummary = z.object({
  revision: Revision,
  site: Site,
  counts: z.record(z.string(), z.number().int()),
});

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const CodeParams = z.object({ code: Code });

const LIST_KINDS = {
  areas: Area,
  calendars: Calendar,
  maintenance: MaintenanceWindow,
  boms: Bom,
  ...EDITABLE_KINDS,
} as const;

const SINGULAR: Record<keyof typeof LIST_KINDS, string> = {
  areas: 'area',
  calendars: 'calendar',
  maintenance: 'maintenance window',
  boms: 'bill of material',
  materials: 'material',
  customers: 'customer',
  suppliers: 'supplier',
  locations: 'location',
  lines: 'line',
  specifications: 'specification',
};

/** The calendar year at the plant, which is what "this year" means to its people. */
function yearAt(timeZone: string, now: Date): number {
  try {
    return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(now));
  } catch {
    return now.getUTCFullYear();
  }
}

type PlantCapacityValue = ReturnType<typeof plantCapacity>;

const sourceOf = 'api';

// Master data changes rarely and is read by every screen: its answers are kept (core/http/read-cache.ts).
const read = { access: 'plant.read', readCache: true } as const;
const edit = { access: 'plant.edit' } as const;

export interface PlantRoutesOptions {
  db: Database;
  auth: AuthContext;
}

export function plantRoutes({ db, auth }: PlantRoutesOptions): FastifyPluginAsync {
  // Rated capacity depends only on the plant revision and the year; the page
  // asks for it on every view, so the last few answers of this store are kept.
  const capacityCache = new Map<string, PlantCapacityValue>();
  const capacityOf = (revision: number, year: number, compute: () => PlantCapacityValue) => {
    const key = `${revision}:${year}`;
    let found = capacityCache.get(key);
    if (!found) {
      found = compute();
      if (capacityCache.size >= 32) capacityCache.delete(capacityCache.keys().next().value ?? key);
      capacityCache.set(key, found);
    }
    return found;
  };
  // A plant change is signed by the person who makes it (21 CFR 11: the
  // password is re-entered at the moment of signing), with meaning "approved".
  const signed = async (request: FastifyRequest, note?: string): Promise<service.ChangeMeta> => {
    const signer = await readSignature(request, auth, 'approved');
    return {
      source: sourceOf,
      actor: signer.username,
      signer,
      ...(note ? { note } : {}),
    };
  };
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const tags = ['plant'];

    app.get(
      '/',
      {
        config: read,
        schema: {
          tags,
          summary: 'The current plant: site, revision and how many of each kind',
          response: { 200: PlantSummary, 404: Problem },
        },
      },
      async () => {
        const { revision, plant } = await service.currentPlant(db);
        const counts: Record<string, number> = {};
        for (const kind of Object.keys(LIST_KINDS) as (keyof typeof LIST_KINDS)[]) {
          counts[kind] = plant[kind].length;
        }
        counts.stations = plant.lines.reduce((n, l) => n + l.stations.length, 0);
        return { revision, site: plant.site, counts };
      },
    );

    app.get(
      '/file',
      {
        config: read,
        schema: {
          tags,
          summary: 'The current plant as a plant file (YAML, or JSON when asked for)',
          querystring: z.object({ format: z.enum(['yaml', 'json']).default('yaml') }),
          response: { 200: z.unknown(), 404: Problem },
        },
      },
      async (request, reply) => {
        const { plant } = await service.currentPlant(db);
        if (request.query.format === 'json') return plant;
        return reply
          .type('application/yaml')
          .serializer((s: string) => s)
          .send(plantToYaml(plant));
      },
    );

    app.post(
      '/revisions',
      {
        config: edit,
        schema: {
          tags,
          headers: SignatureHeaders,
          summary: 'Load a whole plant file (JSON or YAML body); unchanged content changes nothing',
          body: z.unknown().describe('a plant file; see PlantFile'),
          querystring: z.object({ note: z.string().max(500).optional() }),
          response: { 200: ChangeResult, 201: ChangeResult, ...errors },
        },
      },
      async (request, reply) => {
        const meta = await signed(request, request.query.note);
        const result = await service.loadPlant(db, request.body, meta);
        return reply.status(result.changed ? 201 : 200).send(result);
      },
    );

    app.get(
      '/revisions',
      {
        config: read,
        schema: {
          tags,
          summary: 'Every recorded change of the plant, newest first',
          response: { 200: z.array(Revision) },
        },
      },
      async () => service.listRevisions(db),
    );

    app.get(
      '/revisions/:number',
      {
        config: read,
        schema: {
          tags,
          summary: 'One plant revision with the whole plant as it was',
          // A serial column: beyond its range the database would refuse the query.
          params: z.object({ number: z.coerce.number().int().positive().max(2_147_483_647) }),
          response: { 200: RevisionDetail, 400: Problem, 404: Problem },
        },
      },
      async (request) => service.getRevision(db, request.params.number),
    );

    app.get(
      '/capacity',
      {
        config: read,
        schema: {
          tags,
          summary: 'Rated capacity per line and for the plant in a calendar year',
          querystring: z.object({
            year: z.coerce
              .number()
              .int()
              .min(2000)
              .max(2100)
              .optional()
              .describe('defaults to the current year at the plant'),
          }),
          response: { 200: PlantCapacity, ...errors },
        },
      },
      async (request) => {
        const { plant, revision } = await service.currentPlant(db);
        const year = request.query.year ?? yearAt(plant.site.timezone, new Date());
        return capacityOf(revision.number, year, () => plantCapacity(plant, year));
      },
    );

    app.get(
      '/site',
      {
        config: read,
        schema: { tags, summary: 'The site', response: { 200: Site, 404: Problem } },
      },
      async () => (await service.currentPlant(db)).plant.site,
    );

    for (const [kind, schema] of Object.entries(LIST_KINDS) as [
      keyof typeof LIST_KINDS,
      z.ZodType,
    ][]) {
      const key = kind === 'boms' ? 'product' : 'code';
      app.get(
        `/${kind}`,
        {
          config: read,
          schema: {
            tags,
            summary: `All ${kind}`,
            response: { 200: z.array(schema), 404: Problem },
          },
        },
        async () => (await service.currentPlant(db)).plant[kind],
      );
      app.get(
        `/${kind}/:code`,
        {
          config: read,
          schema: {
            tags,
            summary: `One of the ${kind}, by ${key}`,
            params: CodeParams,
            response: { 200: schema, ...errors },
          },
        },
        async (request) => {
          const list = (await service.currentPlant(db)).plant[kind] as Record<string, unknown>[];
          const found = list.find((e) => e[key] === request.params.code);
          if (!found) {
            throw notFound('plant_entity_not_found', 'no {{entityWord}} with {{key}} "{{code}}"', {
              entityWord: SINGULAR[kind],
              entityKind: kind,
              key,
              code: request.params.code,
            });
          }
          return found;
        },
      );
    }

    for (const [kind, schema] of Object.entries(EDITABLE_KINDS) as [EditableKind, z.ZodType][]) {
      const entity = schema as z.ZodType<service.EntityBody>;
      app.post(
        `/${kind}`,
        {
          config: edit,
          schema: {
            tags,
            headers: SignatureHeaders,
            summary: `Add to the ${kind}; the whole plant is checked and a revision recorded`,
            body: entity,
            response: { 201: ChangeResult, ...errors },
          },
        },
        async (request, reply) => {
          const meta = await signed(request);
          const result = await service.createEntity(db, kind, request.body, meta);
          return reply.status(201).send(result);
        },
      );
      app.put(
        `/${kind}/:code`,
        {
          config: edit,
          schema: {
            tags,
            headers: SignatureHeaders,
            summary: `Replace one of the ${kind}; the whole plant is checked and a revision recorded`,
            params: CodeParams,
            body: entity,
            response: { 200: ChangeResult, ...errors },
          },
        },
        async (request) =>
          service.replaceEntity(db, kind, request.params.code, request.body, await signed(request)),
      );
    }
  };
}

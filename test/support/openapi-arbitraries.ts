// Requests for property-based fuzzing, generated from the API's own OpenAPI
// document: for each operation, values its schemas accept (types, enums,
// formats, patterns, bounds, required fields) and malformed ones (wrong types,
// missing and extra fields, huge and deeply nested values, invalid JSON, wrong
// content types, odd path and query values). A route added to the API is
// fuzzed without anyone listing it.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  default?: unknown;
}

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface OperationEntry {
  /** `POST /api/plant/materials`, as the document names it. */
  key: string;
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Every operation of the document, in its order. */
export function operationsOf(document: OpenApiDocument): OperationEntry[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operation,
      })),
  );
}

/** What a test knows beyond the schemas: real values to mix in, limits on costly knobs. */
export interface FuzzHints {
  /** Values of the data under test (codes, numbers); used where a schema accepts them. */
  knownStrings?: readonly string[];
  /** Narrower maxima for named properties or parameters (e.g. a solver's time budget). */
  caps?: Readonly<Record<string, number>>;
  /** Headers the test sets itself (the signature password): never generated. */
  fixedHeaders?: readonly string[];
}

const MAX_DEPTH = 6;

function resolve(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  let current = schema;
  for (let i = 0; current.$ref && i < 20; i += 1) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
// Dates the application can meet: a plant's past and near future.
const plantDate = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2040-12-31T23:59:59Z'),
  noInvalidDate: true,
});

function lengthFits(schema: JsonSchema, s: string): boolean {
  return (
    s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Number.MAX_SAFE_INTEGER)
  );
}

function stringArbitrary(schema: JsonSchema, hints: FuzzHints): fc.Arbitrary<string> {
  if (schema.format === 'date') return plantDate.map(isoDate);
  if (schema.format === 'date-time') return plantDate.map((d) => d.toISOString());
  if (schema.format === 'uuid') return fc.uuid();
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  const fits = (s: string) => lengthFits(schema, s) && (!pattern || pattern.test(s));
  const generated = pattern
    ? fc.stringMatching(pattern).filter((s) => lengthFits(schema, s))
    : fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 80),
        unit: 'grapheme',
      });
  const known = (hints.knownStrings ?? []).filter(fits);
  return known.length > 0
    ? fc.oneof(
        { arbitrary: fc.constantFrom(...known), weight: 2 },
        { arbitrary: generated, weight: 1 },
      )
    : generated;
}

function numberArbitrary(
  schema: JsonSchema,
  integer: boolean,
  cap: number | undefined,
): fc.Arbitrary<number> {
  let min = schema.minimum ?? schema.exclusiveMinimum ?? -1e9;
  let max = Math.min(
    schema.maximum ?? schema.exclusiveMaximum ?? 1e9,
    cap ?? Number.POSITIVE_INFINITY,
  );
  if (max < min) max = min;
  if (integer) {
    min = Math.ceil(schema.exclusiveMinimum !== undefined ? min + 1 : min);
    max = Math.floor(schema.exclusiveMaximum !== undefined ? max - 1 : max);
    const lo = Math.max(min, Number.MIN_SAFE_INTEGER);
    const hi = Math.min(Math.max(max, lo), Number.MAX_SAFE_INTEGER);
    // Bounds and small values are where off-by-one mistakes live.
    const small = Math.max(lo, Math.min(hi, -1000));
    return fc.oneof(
      fc.constantFrom(lo, hi),
      fc.integer({ min: small, max: Math.min(hi, small + 2000) }),
      fc.integer({ min: lo, max: hi }),
    );
  }
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter(
      (n) =>
        (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
        (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum),
    );
}

/** Values the schema accepts (as far as JSON Schema says; cross-field rules are the server's). */
export function validValue(
  schema: JsonSchema,
  document: OpenApiDocument,
  hints: FuzzHints = {},
  name?: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, document);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    return fc.oneof(...alternatives.map((a) => validValue(a, document, hints, name, depth)));
  }
  if (s.allOf?.[0]) return validValue(s.allOf[0], document, hints, name, depth);
  const cap = name ? hints.caps?.[name] : undefined;
  const options = typesOf(s).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return stringArbitrary(s, hints);
      case 'integer':
        return numberArbitrary(s, true, cap);
      case 'number':
        return numberArbitrary(s, false, cap);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const maxLength = Math.min(
          s.maxItems ?? 4,
          Math.max(s.minItems ?? 0, depth >= MAX_DEPTH ? 0 : 4),
        );
        return fc.array(
          s.items ? validValue(s.items, document, hints, name, depth + 1) : fc.jsonValue(),
          { minLength: s.minItems ?? 0, maxLength },
        );
      }
      case 'object':
        return objectArbitrary(s, document, hints, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  });
  if (options.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return options.length === 1 ? (options[0] as fc.Arbitrary<unknown>) : fc.oneof(...options);
}

function objectArbitrary(
  schema: JsonSchema,
  document: OpenApiDocument,
  hints: FuzzHints,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      validValue(value, document, hints, key, depth + 1),
    ]),
  );
  // A capped knob is always sent: left out, the server's default (not the cap) applies.
  const present = Object.keys(properties).filter(
    (k) => required.has(k) || hints.caps?.[k] !== undefined,
  );
  const fixed = fc.record(model, { requiredKeys: present });
  // A record (z.record) names its value schema in additionalProperties.
  if (
    Object.keys(properties).length === 0 &&
    typeof schema.additionalProperties === 'object' &&
    depth < MAX_DEPTH
  ) {
    const keys = schema.propertyNames
      ? (validValue(
          schema.propertyNames,
          document,
          hints,
          undefined,
          depth + 1,
        ) as fc.Arbitrary<string>)
      : fc.string({ minLength: 1, maxLength: 20 });
    return fc.dictionary(
      keys,
      validValue(schema.additionalProperties, document, hints, undefined, depth + 1),
      { maxKeys: 4 },
    );
  }
  return fixed as fc.Arbitrary<Record<string, unknown>>;
}

// ------------------------------------------------------------ hostile values

function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

const ONE_MEGABYTE = 1024 * 1024;

/** Values no schema of the API should take whole: each must be refused or bounded. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '-0',
    '0x10',
    '  12  ',
    '',
    ' ',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '\u0000',
    'a\u0000b',
    '\u202e\u0301\ud83d\udca5',
    '\ud800',
    '../../etc/passwd',
    "'; drop table audit.entries; --",
    '%00',
    '9007199254740993',
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    -(2 ** 63),
    2 ** 64,
    0,
    -1,
    true,
    null,
    [],
    {},
  ),
  fc.constant(null).map(() => 'x'.repeat(ONE_MEGABYTE)),
  fc.integer({ min: 1_000, max: 2_000 }).map((d) => nested(d, 'array')),
  fc.integer({ min: 1_000, max: 2_000 }).map((d) => nested(d, 'object')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

// A request line over 16 KB never reaches the application: Node's HTTP
// server refuses it (431) first.
const urlHostileValue = hostileValue.filter(
  (v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).length <= 10_000,
);

/** Path and query values a client or a proxy might send: encodings, separators, lengths. */
export const oddParameter: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '.',
    '..',
    '%',
    '%2',
    '%00',
    '%2F',
    '%E0%A4%A',
    '%C0%AE',
    '\u0000',
    '💥',
    'NaN',
    '-1',
    '0',
    '1e999',
    '99999999999999999999999',
    '00000000-0000-0000-0000-000000000000',
    'a/b',
    '?',
    '#',
    '&x=1',
    '[object Object]',
  ),
  fc.integer({ min: 1_000, max: 10_000 }).map((n) => 'A'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

// ----------------------------------------------------------------- requests

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A JSON value sent as application/json, or raw text with its own content type. */
  body?: { json: unknown } | { raw: string; contentType: string };
  /** What was malformed, for the failure message. */
  mutation: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// A lone surrogate has no UTF-8 form; a client would send U+FFFD in its place.
function encodePathValue(value: unknown): string {
  return encodeURIComponent(String(value).replace(LONE_SURROGATE, '\ufffd'));
}

/** Parameter values as sent on the wire: arrays repeat the name, objects are JSON. */
function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) search.append(name, String(v));
    else search.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

interface Parts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

function partsArbitrary(
  entry: OperationEntry,
  document: OpenApiDocument,
  hints: FuzzHints,
): fc.Arbitrary<Parts> {
  const parameters = entry.operation.parameters ?? [];
  const group = (where: Parameter['in']) => {
    const chosen = parameters.filter(
      (p) => p.in === where && !(where === 'header' && hints.fixedHeaders?.includes(p.name)),
    );
    return fc.record(
      Object.fromEntries(
        chosen.map((p) => [p.name, validValue(p.schema, document, hints, p.name)]),
      ),
      { requiredKeys: chosen.filter((p) => p.required || where === 'path').map((p) => p.name) },
    ) as fc.Arbitrary<Record<string, unknown>>;
  };
  const bodySchema = jsonBodySchema(entry.operation);
  return fc.record({
    path: group('path'),
    query: group('query'),
    headers: group('header'),
    body: bodySchema ? validValue(bodySchema, document, hints) : fc.constant(undefined),
  });
}

export function jsonBodySchema(operation: Operation): JsonSchema | undefined {
  return operation.requestBody?.content['application/json']?.schema;
}

function toRequest(entry: OperationEntry, parts: Parts, mutation: string): FuzzRequest {
  const url = entry.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodePathValue(parts.path[name] ?? ''),
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parts.headers)) {
    if (value !== undefined) headers[name] = String(value);
  }
  return printable({
    method: entry.method,
    url: `${url}${queryString(parts.query)}`,
    headers,
    ...(parts.body !== undefined || entry.operation.requestBody
      ? { body: { json: parts.body ?? {} } }
      : {}),
    mutation,
  });
}

// fast-check prints a failing value whole; a megabyte string or a nesting
// 2,000 deep would bury the message, so a request prints as a short summary.
function printable(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, {
    [fc.toStringMethod]: () =>
      `${request.method} ${describe(request.url)} headers ${describe(request.headers)} body ${describe(request.body)} (${request.mutation})`,
  });
}

/** Requests whose every part the operation's schemas accept. */
export function validRequest(
  entry: OperationEntry,
  document: OpenApiDocument,
  hints: FuzzHints = {},
): fc.Arbitrary<FuzzRequest> {
  return partsArbitrary(entry, document, hints).map((parts) => toRequest(entry, parts, 'none'));
}

type Mutate = (
  parts: Parts,
) => fc.Arbitrary<{ parts: Parts; mutation: string; raw?: FuzzRequest['body'] }>;

const keep = (parts: Parts, mutation: string) => fc.constant({ parts, mutation });

/** Requests with one thing wrong (or odd) in the body, the parameters or the encoding. */
export function malformedRequest(
  entry: OperationEntry,
  document: OpenApiDocument,
  hints: FuzzHints = {},
): fc.Arbitrary<FuzzRequest> {
  const parameters = entry.operation.parameters ?? [];
  const bodySchema = jsonBodySchema(entry.operation);
  const resolvedBody = bodySchema ? resolve(bodySchema, document) : undefined;
  const bodyKeys = Object.keys(resolvedBody?.properties ?? {});
  const required = resolvedBody?.required ?? [];
  const mutations: Mutate[] = [];

  for (const where of ['path', 'query'] as const) {
    const names = parameters.filter((p) => p.in === where).map((p) => p.name);
    if (names.length === 0) continue;
    mutations.push((parts) =>
      fc
        .tuple(fc.constantFrom(...names), fc.oneof(oddParameter, urlHostileValue))
        .map(([name, value]) => ({
          parts: { ...parts, [where]: { ...parts[where], [name]: value } },
          mutation: `${where} ${name} = ${describe(value)}`,
        })),
    );
  }
  // Unknown and repeated query parameters.
  mutations.push((parts) =>
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), oddParameter).map(([name, value]) => ({
      parts: { ...parts, query: { ...parts.query, [name]: [value, value] } },
      mutation: `query ${describe(name)} repeated`,
    })),
  );

  if (bodySchema) {
    mutations.push((parts) =>
      hostileValue.map((value) => ({
        parts: { ...parts, body: value },
        mutation: `body = ${describe(value)}`,
      })),
    );
    if (bodyKeys.length > 0) {
      mutations.push((parts) =>
        fc.tuple(fc.constantFrom(...bodyKeys), hostileValue).map(([key, value]) => ({
          parts: { ...parts, body: { ...asObject(parts.body), [key]: value } },
          mutation: `body.${key} = ${describe(value)}`,
        })),
      );
    }
    if (required.length > 0) {
      mutations.push((parts) =>
        fc.constantFrom(...required).map((key) => {
          const { [key]: _, ...rest } = asObject(parts.body);
          return { parts: { ...parts, body: rest }, mutation: `body.${key} missing` };
        }),
      );
    }
    mutations.push((parts) =>
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([key, value]) => ({
          parts: { ...parts, body: { ...asObject(parts.body), [key]: value } },
          mutation: `body has an extra field ${describe(key)}`,
        })),
    );
    mutations.push((parts) =>
      fc
        .constantFrom(
          '{',
          '{"a":',
          '[1,2',
          'nul',
          "{'single': 'quotes'}",
          '{"a":1}garbage',
          '\u0000',
          '',
          '{"__proto__":{"polluted":true}}',
          '{"constructor":{"prototype":{"polluted":true}}}',
          `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
        )
        .map((raw) => ({
          parts,
          mutation: `invalid JSON ${describe(raw)}`,
          raw: { raw, contentType: 'application/json' },
        })),
    );
    mutations.push((parts) =>
      fc
        .constantFrom(
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'application/json; charset=latin1',
          'application/yaml',
          'text/yaml',
          'nonsense',
        )
        .map((contentType) => ({
          parts,
          mutation: `content type ${contentType}`,
          raw: {
            raw: contentType.includes('yaml')
              ? 'a: &x [1, 2]\nb: *x\nc: [[[[[[[[[[1]]]]]]]]]]\n'
              : JSON.stringify(parts.body ?? {}),
            contentType,
          },
        })),
    );
  }
  // Signature headers with a wrong meaning or a badly encoded reason (never a
  // wrong password: that is counted towards lockout by design).
  if (parameters.some((p) => p.in === 'header' && p.name.startsWith('x-signature'))) {
    mutations.push((parts) =>
      fc
        .constantFrom(
          { 'x-signature-meaning': 'nonsense' },
          { 'x-signature-reason': "utf-8''%E0%A4%A" },
          { 'x-signature-reason': 'r'.repeat(5_000) },
          { 'x-signature-password': '' },
        )
        .map((headers) => ({
          parts: { ...parts, headers: { ...parts.headers, ...headers } },
          mutation: `headers ${describe(headers)}`,
        })),
    );
  }
  if (parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key')) {
    mutations.push((parts) =>
      oddParameter.map((key) => ({
        parts: { ...parts, headers: { ...parts.headers, 'idempotency-key': key } },
        mutation: `idempotency-key ${describe(key)}`,
      })),
    );
  }
  if (mutations.length === 0) mutations.push((parts) => keep(parts, 'none'));

  return partsArbitrary(entry, document, hints).chain((parts) =>
    fc
      .integer({ min: 0, max: mutations.length - 1 })
      .chain((i) => (mutations[i] as Mutate)(parts))
      .map(({ parts: mutated, mutation, raw }) => {
        const request = toRequest(entry, mutated, mutation);
        return raw ? printable({ ...request, body: raw }) : request;
      }),
  );
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A short description of a value for a failure message (never 1 MB of it). */
export function describe(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} characters)` : text;
}

// Errors leave the API as RFC 9457 problem details, mapped from the error kinds
// in one place. A field-level problem names its field in `errors[].path`.
// `detail` is the English sentence (for API clients and logs); `code` and
// `params` say the same in data, for a client to word in its own language.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type StoreTroubleKind, storeTrouble } from '../db/unavailable.js';
import { type ErrorKind, type ErrorParams, isLotlineError } from '../errors.js';
import type { FieldIssue } from '../validation.js';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  interlock: 409,
  unavailable: 503,
};

const TITLE_OF_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

const ErrorParamsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.array(z.string())]),
);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().describe('stable error code, for clients and translations'),
    params: ErrorParamsSchema.optional().describe(
      'the values the detail names, by name, for a translation of the code to fill in',
    ),
    requestId: z
      .string()
      .optional()
      .describe('the request id (also in X-Request-Id and in every log line of the request)'),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          code: z.string().optional().describe('stable code of the problem with this field'),
          params: ErrorParamsSchema.optional().describe('the values its message names'),
        }),
      )
      .optional()
      .describe('one entry per bad field'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

export function problem(
  status: number,
  code: string,
  detail: string,
  instance?: string,
  errors?: readonly FieldIssue[],
  params?: ErrorParams,
): Problem {
  return {
    type: `urn:lotline:problem:${code}`,
    title: TITLE_OF_STATUS[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
    code,
    ...(params && Object.keys(params).length > 0 ? { params: copyParams(params) } : {}),
    ...(errors && errors.length > 0 ? { errors: errors.map(copyIssue) } : {}),
  };
}

// JSON has no NaN or Infinity: such a number travels as its English word.
const copyParams = (params: ErrorParams): Problem['params'] =>
  Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === 'object'
        ? [...value]
        : typeof value === 'number' && !Number.isFinite(value)
          ? String(value)
          : value,
    ]),
  );

function copyIssue(issue: FieldIssue): NonNullable<Problem['errors']>[number] {
  return {
    path: issue.path,
    message: issue.message,
    ...(issue.code ? { code: issue.code } : {}),
    ...(issue.params && Object.keys(issue.params).length > 0
      ? { params: copyParams(issue.params) }
      : {}),
  };
}

/** Problem codes of a database that cannot serve; clients retry after Retry-After. */
export const STORE_TROUBLE_CODE: Record<StoreTroubleKind, string> = {
  unreachable: 'database_unavailable',
  busy: 'database_busy',
  disk_full: 'database_disk_full',
};

const CONTEXT_PREFIX: Record<string, string> = {
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

export function sendProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const instance = request.url;
  let body: Problem;
  const trouble = isLotlineError(error) ? undefined : storeTrouble(error);
  if (isLotlineError(error)) {
    const prefix =
      CONTEXT_PREFIX[(error as { validationContext?: string }).validationContext ?? ''];
    const issues = prefix
      ? error.issues.map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix }))
      : error.issues;
    const detail =
      issues.length > 0
        ? `${error.message}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`
        : error.message;
    body = problem(STATUS_OF_KIND[error.kind], error.code, detail, instance, issues, error.params);
  } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own refusals: malformed JSON, wrong content type, body too large.
    body = problem(
      error.statusCode,
      (error.code ?? 'bad_request').toLowerCase(),
      error.message,
      instance,
    );
  } else if (trouble) {
    // The database cannot serve now (restarting, unreachable, disk full, every
    // connection busy): the request may be retried, so it is no server error.
    request.log.warn(
      { err: error, trouble: trouble.kind },
      'request refused: database unavailable',
    );
    reply.header('retry-after', String(trouble.retryAfterSeconds));
    body = problem(
      trouble.kind === 'disk_full' ? 507 : 503,
      STORE_TROUBLE_CODE[trouble.kind],
      trouble.detail,
      instance,
    );
  } else {
    request.log.error({ err: error }, 'request failed');
    body = problem(500, 'internal', 'an unexpected error occurred; it has been logged', instance);
  }
  return reply
    .status(body.status)
    .type('application/problem+json')
    .send({ ...body, requestId: request.id });
}

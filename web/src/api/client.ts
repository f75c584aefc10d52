// The one way the web app calls the API: JSON in, JSON out, and every failure
// turned into an ApiError that carries the server's problem details: a stable
// code and its params, which the page words in the user's language
// (error-text.ts), and the server's English detail for anything it has no
// words for.
//
// The session lives in an HttpOnly cookie the page never sees; the CSRF token
// that goes with it is kept here, in memory only, and echoed on every unsafe
// request. A 401 on an ordinary request means the session is gone (expired,
// revoked, signed out elsewhere): the listeners hear of it and send the person
// to sign in again.
import type { ProblemDetails } from './types';

/** A value an error names: a code, a count, a quantity, or a list of codes. */
export type ErrorParam = string | number | readonly string[];
export type ErrorParams = Readonly<Record<string, ErrorParam>>;

/** One bad field: where, the server's English words, and its own code and params. */
export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
  params?: ErrorParams;
}

/** The problem details with what the server says in data: the params of the code, per field too. */
export interface Problem extends ProblemDetails {
  params?: ErrorParams;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The stable code: what went wrong, for the page to word (e.g. `mixing_forbidden`). */
  get code(): string {
    return this.problem.code;
  }

  /** The values the code's message names (e.g. the clashing compatibility groups). */
  get params(): ErrorParams {
    return this.problem.params ?? {};
  }

  /** The fields at fault, each with its own code and params. */
  get fieldProblems(): readonly FieldProblem[] {
    return this.problem.errors ?? [];
  }
}

export const CSRF_HEADER = 'x-csrf-token';

let csrfToken: string | null = null;

/** Kept from the sign-in or /api/auth/me answer; null when signed out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type SessionEvent =
  /** A 401 on an ordinary request: the session has ended. */
  | 'lost'
  /**
   * A 403 that may mean the user changed under the page: a password change is
   * now required, or roles were taken away. The session is asked for again.
   */
  | 'stale';

const listeners = new Set<(event: SessionEvent) => void>();

export function onSessionEvent(listener: (event: SessionEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// A lost session is a 401 with code `unauthorized`; a refused password has a
// code of its own (`signature_refused`, `wrong_password`). Sign-in's refusal
// and "who is signed in?" answered "nobody" are not news of a lost session.
const NOT_SESSION_LOSS = ['/api/auth/sign-in', '/api/auth/me'];

function announce(path: string, problem: Problem) {
  let event: SessionEvent | undefined;
  if (
    problem.status === 401 &&
    problem.code === 'unauthorized' &&
    !NOT_SESSION_LOSS.includes(path)
  ) {
    event = 'lost';
  } else if (
    problem.status === 403 &&
    (problem.code === 'password_change_required' || problem.code === 'permission_denied')
  ) {
    event = 'stale';
  }
  if (event) for (const listener of listeners) listener(event);
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.detail === 'string' && typeof b.status === 'number';
}

async function problemOf(response: Response, path: string): Promise<Problem> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isProblem(body)) return { ...body, title: body.title || response.statusText };
  // A proxy or a crashed server may answer without problem details.
  return {
    title: response.statusText || 'Error',
    status: response.status,
    detail: `the server answered ${response.status} ${response.statusText} for ${path}`,
    code: 'http_error',
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Calls the API; resolves to the JSON answer (undefined for 204), rejects with ApiError. */
export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError({
      title: 'Network error',
      status: 0,
      detail: `the Lotline server cannot be reached (${(error as Error).message})`,
      code: 'network',
    });
  }
  if (!response.ok) {
    const problem = await problemOf(response, path);
    announce(path.split('?')[0] ?? path, problem);
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> =>
  request<T>('GET', path, { signal });

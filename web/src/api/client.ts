// The one way the web app calls the API: JSON in, JSON out, and every failure
// turned into an ApiError that carries the server's problem details, so a page
// can show the server's own words instead of a bare status code.
import type { ProblemDetails } from './types';

export class ApiError extends Error {
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.detail === 'string' && typeof b.status === 'number';
}

async function problemOf(response: Response, path: string): Promise<ProblemDetails> {
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

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({
      title: 'Network error',
      status: 0,
      detail: `the Lotline server cannot be reached (${(error as Error).message})`,
      code: 'network',
    });
  }
  if (!response.ok) throw new ApiError(await problemOf(response, path));
  return (await response.json()) as T;
}

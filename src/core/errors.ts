// One error type with a fixed set of kinds. Domain code throws it; the HTTP
// layer maps each kind to a status in one place (core/http/problem.ts) and the
// CLI to an exit code, so no module speaks HTTP.
import type { FieldIssue } from './validation.js';

export const ERROR_KINDS = [
  'invalid',
  'not_found',
  'conflict',
  'unauthorized',
  'forbidden',
  'interlock',
  'unavailable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class LotlineError extends Error {
  readonly kind: ErrorKind;
  readonly issues: readonly FieldIssue[];
  /** A stable code finer than the kind (e.g. `csrf`), for clients and translations. */
  readonly code: string;

  constructor(kind: ErrorKind, message: string, issues: readonly FieldIssue[] = [], code?: string) {
    super(message);
    this.name = 'LotlineError';
    this.kind = kind;
    this.issues = issues;
    this.code = code ?? kind;
  }
}

export const invalid = (message: string, issues: readonly FieldIssue[] = []) =>
  new LotlineError('invalid', message, issues);
export const notFound = (message: string) => new LotlineError('not_found', message);
export const conflict = (message: string) => new LotlineError('conflict', message);

export function isLotlineError(error: unknown): error is LotlineError {
  return error instanceof LotlineError;
}

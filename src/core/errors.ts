// One error type with a fixed set of kinds. Domain code throws it; the HTTP
// layer maps each kind to a status in one place (core/http/problem.ts) and the
// CLI to an exit code, so no module speaks HTTP.
//
// A throw site states what went wrong once: a stable snake_case code (for
// clients and translations), the values the message names (its params), and
// an English template whose rendering with those params is the message — the
// problem's `detail`, the words in the logs:
//
//   throw conflict(
//     'insufficient_stock',
//     'not enough stock: {{location}} holds {{available}} of the lot, and taking {{quantity}} …',
//     { location, available, quantity },
//   );
//
// The web app translates the code with the same params. The code is always a
// string literal, the first argument of one of the factories below, so a test
// collects every code from the source and checks that each one has a message
// in every language (src/core/error-codes.test.ts). The compiler checks that
// every {{placeholder}} of a literal template has its param.
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

/** A value an error names: a code, a count, a quantity, or a list of codes. */
export type ErrorParam = string | number | readonly string[];
export type ErrorParams = Readonly<Record<string, ErrorParam>>;

/** What went wrong, in data (code, params) and in English (text). */
export interface ErrorMessage<C extends string = string> {
  readonly code: C;
  readonly params: ErrorParams;
  readonly text: string;
}

// ---------------------------------------------------------------------------
// Templates: "lot {{lot}} holds {{quantity, number}} units"

/** The placeholder names of a template, as a union type. */
type Placeholders<T extends string> = T extends `${string}{{${infer Inside}}}${infer Rest}`
  ? PlaceholderName<Inside> | Placeholders<Rest>
  : never;
type PlaceholderName<Inside extends string> = Inside extends `${infer Name},${string}`
  ? Trim<Name>
  : Trim<Inside>;
type Trim<S extends string> = S extends ` ${infer R}`
  ? Trim<R>
  : S extends `${infer R} `
    ? Trim<R>
    : S;

/**
 * The params a template takes: one per placeholder, and any others a
 * translation may use. Optional when the template has no placeholder.
 */
export type ParamsFor<T extends string> = string extends T
  ? [params?: ErrorParams]
  : [Placeholders<T>] extends [never]
    ? [params?: ErrorParams]
    : [params: { readonly [K in Placeholders<T>]: ErrorParam } & ErrorParams];

/** A code must be a literal, so the source says every code there is. */
type LiteralCode<C extends string> = string extends C ? never : C;

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*(?:,\s*(\w+)\s*)?\}\}/g;

/**
 * The English rendering of a param: lists joined by commas, numbers as
 * JavaScript writes them — or, with the `number` format, grouped in thousands
 * (`{{kg, number}}` → 8,123.4) — and a code with the `words` format as words
 * (`{{status, words}}` → on hold), so a message reads as it did before it had
 * a code.
 */
function englishValue(value: ErrorParam, format: string | undefined): string {
  if (typeof value === 'string') return format === 'words' ? value.replaceAll('_', ' ') : value;
  if (typeof value === 'number') {
    return format === 'number'
      ? value.toLocaleString('en-US', { maximumFractionDigits: 6 })
      : String(value);
  }
  return value.join(', ');
}

/** A template with its params filled in; a placeholder without its param stays as written. */
export function renderTemplate(template: string, params: ErrorParams = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string, format?: string) => {
    const value = params[name];
    return value === undefined ? whole : englishValue(value, format);
  });
}

/**
 * What went wrong, for the places that hand a reason on before anything
 * throws (a rule that returns why a record is refused, a parser's failure).
 */
export function errorMessage<C extends string, T extends string>(
  code: LiteralCode<C>,
  template: T,
  ...[params]: ParamsFor<T>
): ErrorMessage<C> {
  const values = params ?? {};
  return { code, params: values, text: renderTemplate(template, values) };
}

/**
 * A reason that passes another error's on: "<prefix>: <its message>" in
 * English; in data its code becomes the `cause` param (with its params), which
 * a client words in its own language inside this code's message.
 */
export function causedBy<C extends string>(
  code: LiteralCode<C>,
  prefix: string,
  cause: { code: string; params: ErrorParams; message: string },
): ErrorMessage {
  return {
    code,
    params: { ...cause.params, cause: cause.code },
    text: prefix === '' ? cause.message : `${prefix}: ${cause.message}`,
  };
}

// ---------------------------------------------------------------------------
// The error

export class LotlineError extends Error {
  readonly kind: ErrorKind;
  readonly issues: readonly FieldIssue[];
  /** A stable code finer than the kind (e.g. `csrf`), for clients and translations. */
  readonly code: string;
  /** The values the message names, for a translation to fill in. */
  readonly params: ErrorParams;

  constructor(kind: ErrorKind, message: ErrorMessage, issues: readonly FieldIssue[] = []) {
    super(message.text);
    this.name = 'LotlineError';
    this.kind = kind;
    this.issues = issues;
    this.code = message.code;
    this.params = message.params;
  }

  /** The same error, pointing at the fields that caused it. */
  withIssues(issues: readonly FieldIssue[]): LotlineError {
    return new LotlineError(
      this.kind,
      { code: this.code, params: this.params, text: this.message },
      issues,
    );
  }
}

/**
 * The refusal a pure rule returned as a value (`{ code, message, params }`,
 * made with errorMessage where the rule refuses), thrown as an error of a kind.
 */
export function refusalError(
  kind: ErrorKind,
  refusal: { code: string; message: string; params?: ErrorParams | undefined },
  issues: readonly FieldIssue[] = [],
): LotlineError {
  return new LotlineError(
    kind,
    { code: refusal.code, params: refusal.params ?? {}, text: refusal.message },
    issues,
  );
}

/** An error of one kind, stated at the throw site: code, English template, params. */
function factory(kind: ErrorKind) {
  return <C extends string, T extends string>(
    code: LiteralCode<C>,
    template: T,
    ...params: ParamsFor<T>
  ): LotlineError => new LotlineError(kind, errorMessage(code, template, ...params));
}

/** The request or the data is malformed or breaks a rule of its own (400). */
export const invalid = factory('invalid');
/** What was asked for does not exist (404). */
export const notFound = factory('not_found');
/** The request clashes with the state of things (409). */
export const conflict = factory('conflict');
/** A safety interlock refuses the action; no role overrides it (409). */
export const interlock = factory('interlock');
/** Nobody is signed in, or the credentials are wrong (401). */
export const unauthorized = factory('unauthorized');
/** Signed in, but not allowed to do this (403). */
export const forbidden = factory('forbidden');
/** A service it depends on cannot serve now; try again later (503). */
export const unavailable = factory('unavailable');

/** An error about one field: the field issue and the error carry the same code and params. */
export function fieldIssue<C extends string, T extends string>(
  path: string,
  code: LiteralCode<C>,
  template: T,
  ...params: ParamsFor<T>
): FieldIssue {
  return issueAt(path, errorMessage(code, template, ...params));
}

/** A field issue that says a reason made elsewhere. */
export function issueAt(path: string, reason: ErrorMessage): FieldIssue {
  return { path, message: reason.text, code: reason.code, params: reason.params };
}

/** The same reason in a longer English sentence; its code and params stay. */
export function restated(
  reason: Pick<ErrorMessage, 'code' | 'params'>,
  text: string,
): ErrorMessage {
  return { code: reason.code, params: reason.params, text };
}

/**
 * A 400 about one field, worded "<path>: <message>", with the field issue
 * that names the path (so a form can mark the field). Stated at the throw
 * site, or from a reason a rule returned.
 */
export function invalidField(path: string, reason: ErrorMessage): LotlineError;
export function invalidField<C extends string, T extends string>(
  path: string,
  code: LiteralCode<C>,
  template: T,
  ...params: ParamsFor<T>
): LotlineError;
export function invalidField(
  path: string,
  codeOrReason: string | ErrorMessage,
  template?: string,
  params?: ErrorParams,
): LotlineError {
  const reason =
    typeof codeOrReason === 'string'
      ? { code: codeOrReason, params: params ?? {}, text: renderTemplate(template ?? '', params) }
      : codeOrReason;
  return new LotlineError('invalid', restated(reason, `${path}: ${reason.text}`), [
    issueAt(path, reason),
  ]);
}

/**
 * A 400 naming a reference the plant does not know: "<path>: unknown <what>
 * "<value>"", whose field issue says "unknown <what>"; the value is the
 * param named <what> (location, customer, …).
 */
export function unknownReference<C extends string>(
  path: string,
  code: LiteralCode<C>,
  what: 'location' | 'material' | 'customer' | 'product' | 'line' | 'supplier',
  value: string,
): LotlineError {
  const params = { [what]: value };
  return new LotlineError(
    'invalid',
    { code, params, text: `${path}: unknown ${what} "${value}"` },
    [{ path, message: `unknown ${what}`, code, params }],
  );
}

export function isLotlineError(error: unknown): error is LotlineError {
  return error instanceof LotlineError;
}

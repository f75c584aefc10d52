// One place turns schema failures into messages a person can act on, each
// located by its path (`lines[2].stations[0].ratePerMinute`). The plant loader,
// the HTTP layer and the configuration all report problems through it. Each
// issue also carries a stable code and its params (`number_below_minimum`,
// { minimum: 1 }), so a client can say the same thing in its own language.
import type { z } from 'zod';
import { type ErrorMessage, type ErrorParams, errorMessage } from './errors.js';

export interface FieldIssue {
  path: string;
  message: string;
  /** A stable code for the problem with this field; the web app translates it. */
  code?: string;
  params?: ErrorParams;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

const ARTICLE_TYPES: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of fields',
  int: 'a whole number',
};

/** A zod issue as the error map sees it, or as a parse reports it with its input. */
type Issue = z.core.$ZodIssue | z.core.$ZodRawIssue;

const bound = (value: number | bigint): number => Number(value);

/** A type zod expected, as a code of its own when the web app has words for it. */
function wrongType(expected: string): ErrorMessage | undefined {
  const article = ARTICLE_TYPES[expected];
  switch (expected) {
    case 'number':
      return errorMessage('expected_number', `expected ${article}`);
    case 'int':
      return errorMessage('expected_whole_number', `expected ${article}`);
    case 'string':
      return errorMessage('expected_text', `expected ${article}`);
    case 'boolean':
      return errorMessage('expected_true_or_false', `expected ${article}`);
    case 'array':
      return errorMessage('expected_list', `expected ${article}`);
    case 'object':
      return errorMessage('expected_mapping', `expected ${article}`);
    default:
      return errorMessage('expected_type', 'expected {{expected}}', { expected });
  }
}

function tooSmall(issue: z.core.$ZodIssueTooSmall | z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall>) {
  const minimum = bound(issue.minimum);
  switch (issue.origin) {
    case 'number':
    case 'int':
      if (minimum === 0 && !issue.inclusive) {
        return errorMessage('number_not_positive', 'expected a positive number');
      }
      if (minimum === 0) {
        return errorMessage('number_negative', 'expected zero or a positive number');
      }
      return issue.inclusive
        ? errorMessage('number_below_minimum', 'expected a number ≥ {{minimum}}', { minimum })
        : errorMessage('number_not_above_minimum', 'expected a number > {{minimum}}', {
            minimum,
          });
    case 'array':
      return errorMessage('too_few_items', 'expected at least {{minimum}} item(s)', { minimum });
    case 'string':
      return errorMessage('too_few_characters', 'expected at least {{minimum}} character(s)', {
        minimum,
      });
  }
  return undefined;
}

function tooBig(issue: z.core.$ZodIssueTooBig | z.core.$ZodRawIssue<z.core.$ZodIssueTooBig>) {
  const maximum = bound(issue.maximum);
  switch (issue.origin) {
    case 'number':
    case 'int':
      return issue.inclusive
        ? errorMessage('number_above_maximum', 'expected a number ≤ {{maximum}}', { maximum })
        : errorMessage('number_not_below_maximum', 'expected a number < {{maximum}}', {
            maximum,
          });
    case 'array':
      return errorMessage('too_many_items', 'expected at most {{maximum}} item(s)', { maximum });
    case 'string':
      return errorMessage('too_many_characters', 'expected at most {{maximum}} character(s)', {
        maximum,
      });
  }
  return undefined;
}

/**
 * The readable message of a zod issue with its code and params, or undefined
 * where only zod has words for it (then its own message stands, and the code
 * is the generic one of its kind: see `issueCode`).
 */
export function describeIssue(issue: Issue): ErrorMessage | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input !== undefined) return wrongType(issue.expected);
      const article = ARTICLE_TYPES[issue.expected] ?? issue.expected;
      return errorMessage('field_required', `is required (${article})`, {
        expected: issue.expected,
      });
    }
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_value': {
      // A missing enum field is missing, not a wrong value.
      const values = issue.values.map((v) => String(v));
      const quoted = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return issue.input === undefined
        ? errorMessage('field_required_one_of', `is required (one of ${quoted})`, { values })
        : errorMessage('value_not_allowed', `expected one of ${quoted}`, { values });
    }
    case 'invalid_format':
      if (issue.format === 'date') {
        return errorMessage('date_format_invalid', 'expected a date as YYYY-MM-DD');
      }
      if (issue.format === 'datetime') {
        return errorMessage('datetime_format_invalid', 'expected a valid datetime');
      }
      if (issue.format === 'regex') {
        // The schema's own message says what the pattern means; a bare regex says little.
        return errorMessage('pattern_mismatch', 'expected a valid regex');
      }
      return errorMessage('format_invalid', 'expected a valid {{format}}', {
        format: issue.format,
      });
    case 'unrecognized_keys':
      return errorMessage('unknown_fields', 'unknown field(s): {{keys}}', { keys: issue.keys });
    case 'invalid_union':
      return errorMessage('no_matching_shape', 'matches none of the allowed shapes');
    case 'not_multiple_of':
      return errorMessage('number_not_multiple', 'expected a multiple of {{divisor}}', {
        divisor: issue.divisor,
      });
    default:
      return undefined;
  }
}

/**
 * The code and params of an issue: the readable one's, or — for what zod alone
 * words (a refinement's own message, a bad key) — the generic `field_invalid`,
 * unless a refinement named its code in `params: { code }`.
 */
function issueCode(issue: Issue): Pick<FieldIssue, 'code' | 'params'> {
  const described = describeIssue(issue);
  if (described) return { code: described.code, params: described.params };
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') {
    const { code, ...params } = issue.params as Record<string, unknown>;
    return { code: code as string, params: plainParams(params) };
  }
  return { code: FIELD_INVALID.code, params: {} };
}

/** What zod alone words: a refinement's own message, a bad key. */
const FIELD_INVALID = errorMessage('field_invalid', 'is not valid');

/** The params a refinement gave that an error can carry (strings, numbers, lists of strings). */
function plainParams(values: Record<string, unknown>): ErrorParams {
  const params: Record<string, string | number | readonly string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      params[name] = value;
    }
  }
  return params;
}

// Called only where the schema itself gave no message (zod's precedence rules).
// Zod's own words stand for the rest: a bound on a date or a set, a multiple.
export const readableIssue: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    if (!['number', 'array', 'string'].includes(issue.origin)) return undefined;
  }
  if (issue.code === 'not_multiple_of') return undefined;
  return describeIssue(issue)?.text;
};

/**
 * The field issues of a failed parse, with codes. The parse must have
 * reported its input (`reportInput: true`, as parseWith does): a field that
 * is missing is told apart from one of the wrong type by it.
 */
export function fieldIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    // An unknown key is reported at the key itself, so the path names it.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: formatPath([...prefix, ...issue.path, key]),
          ...fieldIssueOf(errorMessage('unknown_field', 'unknown field', { field: key })),
        });
      }
      continue;
    }
    issues.push({
      path: formatPath([...prefix, ...issue.path]),
      message: issue.message,
      ...issueCode(issue),
    });
  }
  return issues;
}

const fieldIssueOf = (message: ErrorMessage) => ({
  message: message.text,
  code: message.code,
  params: message.params,
});

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { error: readableIssue, reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: fieldIssues(result.error) };
}

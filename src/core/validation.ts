// One place turns schema failures into messages a person can act on, each
// located by its path (`lines[2].stations[0].ratePerMinute`). The plant loader,
// the HTTP layer and the configuration all report problems through it.
import type { z } from 'zod';

export interface FieldIssue {
  path: string;
  message: string;
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

// Called only where the schema itself gave no message (zod's precedence rules).
export const readableIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = ARTICLE_TYPES[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `is required (${expected})` : `expected ${expected}`;
    }
    case 'too_small':
      if (issue.origin === 'number') {
        if (issue.minimum === 0 && !issue.inclusive) return 'expected a positive number';
        if (issue.minimum === 0) return 'expected zero or a positive number';
        return `expected a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
      }
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string')
        return `expected at least ${String(issue.minimum)} character(s)`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'number') {
        return `expected a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
      }
      if (issue.origin === 'array') return `expected at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === 'string')
        return `expected at most ${String(issue.maximum)} character(s)`;
      return undefined;
    case 'invalid_value': {
      // A missing enum field is missing, not a wrong value.
      const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return issue.input === undefined
        ? `is required (one of ${values})`
        : `expected one of ${values}`;
    }
    case 'invalid_format':
      if (issue.format === 'date') return 'expected a date as YYYY-MM-DD';
      return `expected a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `unknown field(s): ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    default:
      return undefined;
  }
};

export function fieldIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    // An unknown key is reported at the key itself, so the path names it.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: formatPath([...prefix, ...issue.path, key]),
          message: 'unknown field',
        });
      }
      continue;
    }
    issues.push({ path: formatPath([...prefix, ...issue.path]), message: issue.message });
  }
  return issues;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { error: readableIssue });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: fieldIssues(result.error) };
}

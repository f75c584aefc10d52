// An API error in the user's language. The server sends a stable code and the
// values its message names (params); the `errors` namespace has a message for
// each code, which is filled in here with the values formatted in the
// language's locale:
// - numbers through format.ts (es-VE: 8.123,4), up to eight decimals;
// - lists joined as the language joins them ("B y D"; "B o D" for a choice
//   among `values` or `…Options`), through Intl.ListFormat;
// - enumerated values (a lot status, a work order command) through
//   `errors:values.<param>.<value>` when the namespace words them;
// - a `cause` param (the code of an error this one passes on) as that code's
//   own message, inside this one;
// - timestamps in the reader's own time.
// A code the namespace does not know, or a message needing a param the
// server did not send, falls back to the server's English detail.
import { formatExact, withLocalTimes } from '../format';
import { currentLocale, i18n } from '../i18n';
import {
  ApiError,
  type ErrorParam,
  type ErrorParams,
  type FieldProblem,
  type Problem,
} from './client';

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)/g;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Lists of alternatives are joined with "or", every other list with "and". */
const isChoice = (name: string) => name === 'values' || name.endsWith('Options');

/** The words for an enumerated value, or the value itself (a lot number, a location code). */
function valueWord(name: string, value: string): string {
  const key = `errors:values.${name}.${value}`;
  return i18n.exists(key) ? i18n.t(`errors:values.${name}.${value}`) : value;
}

function formatList(name: string, items: readonly string[]): string {
  if (items.length === 0) return '—';
  const words = items.map((item) => valueWord(name, item));
  return new Intl.ListFormat(currentLocale(), {
    style: 'long',
    type: isChoice(name) ? 'disjunction' : 'conjunction',
  }).format(words);
}

/**
 * A message that goes inside another ("Signature refused: the user name …"):
 * its first word in lower case, unless it is a code or a name (LTL27-001, UN).
 */
function inSentence(message: string): string {
  if (!/^\p{Lu}\p{Ll}/u.test(message)) return message;
  return message.charAt(0).toLocaleLowerCase(currentLocale()) + message.slice(1);
}

function formatValue(name: string, value: ErrorParam, params: ErrorParams): string {
  // Up to eight decimals: net explosive quantities per unit run to tens of
  // milligrams, and the server rounds what it means to show already.
  if (typeof value === 'number') return formatExact(value);
  if (typeof value !== 'string') return formatList(name, value);
  if (name === 'cause') return inSentence(codeText(value, params) ?? value);
  if (ISO_DATE_TIME.test(value)) return withLocalTimes(value);
  return valueWord(name, value);
}

/** The raw message of a code in the language in use, or undefined when there is none. */
function messageOf(code: string): string | undefined {
  const message = i18n.getResource(i18n.language, 'errors', `codes.${code}`) as unknown;
  return typeof message === 'string' ? message : undefined;
}

/**
 * The message of a code with its params, or undefined when the namespace
 * has none, or the message names a param the server did not send.
 */
export function codeText(code: string, params: ErrorParams = {}): string | undefined {
  const message = messageOf(code);
  if (message === undefined) return undefined;
  const needed = [...message.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  if (needed.some((name) => params[name] === undefined)) return undefined;
  const values: Record<string, string> = {};
  for (const name of needed) {
    values[name] = formatValue(name, params[name] as ErrorParam, params);
  }
  return i18n.t(`errors:codes.${code}`, values);
}

/** What went wrong, for the page: the message of the code, or the server's detail. */
export function problemText(problem: Pick<Problem, 'code' | 'params' | 'detail'>): string {
  return codeText(problem.code, problem.params) ?? withLocalTimes(problem.detail);
}

/** One bad field's message: of its code, or the server's words. */
export function fieldProblemText(field: FieldProblem): string {
  return (field.code ? codeText(field.code, field.params) : undefined) ?? field.message;
}

/** The headline of a problem by its HTTP status: "Conflicto (409)". */
export function problemTitle(problem: Pick<Problem, 'status'>): string {
  const status = String(problem.status);
  const title = i18n.exists(`errors:titles.${status}`)
    ? i18n.t(`errors:titles.${status}`)
    : i18n.t('errors:titles.default');
  return problem.status ? i18n.t('errors:panel.titleWithStatus', { title, status }) : title;
}

/** Any error in the user's language: an API error by its code, anything else by its message. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return problemText(error.problem);
  return error instanceof Error ? error.message : String(error);
}

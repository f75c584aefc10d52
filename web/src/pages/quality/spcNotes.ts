// What the server notes beside an SPC chart, in the language in use. A note
// is a code (src/modules/quality/spc-notes.ts) with the values it names;
// `quality:spcNotes.<code>` words it, with the values formatted in the
// language's locale: numbers through format.ts, a range test's statistic in
// words. A `count` chooses the plural form and shows as {{n}}.
import { codeText } from '../../api/error-text';
import {
  type Evidence,
  RANGE_STATISTICS,
  type RangeStatistic,
  type SpcNote,
} from '../../api/quality';
import { formatExact, formatInteger } from '../../format';
import { currentLocale, i18n } from '../../i18n';
import { statisticWord } from './labels';

const isRangeStatistic = (value: string): value is RangeStatistic =>
  (RANGE_STATISTICS as readonly string[]).includes(value);

function formatParam(name: string, value: SpcNote['params'][string]): string {
  if (typeof value === 'number') return formatExact(value);
  if (typeof value !== 'string') return value.join(', ');
  return name === 'statistic' && isRangeStatistic(value) ? statisticWord(value) : value;
}

export interface NoteText {
  text: string;
  /** Set when the note is the server's English: a code this app has no words for yet. */
  lang?: 'en';
}

/** A note in the language in use; the server's English for a code the locale files lack. */
export function spcNoteText(note: SpcNote): NoteText {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(note.params)) {
    values[name] = formatParam(name, value);
  }
  const count = note.params.count;
  if (typeof count === 'number') {
    values.count = count;
    values.n = formatInteger(count);
  }
  const key = `quality:spcNotes.${note.code}`;
  if (!i18n.exists(key, values)) return { text: note.text, lang: 'en' };
  return { text: i18n.t(`quality:spcNotes.${note.code}`, values) };
}

/** A message that goes inside another, after a colon: its first word in lower case, unless a name. */
function inSentence(message: string): string {
  if (!/^\p{Lu}\p{Ll}/u.test(message)) return message;
  return message.charAt(0).toLocaleLowerCase(currentLocale()) + message.slice(1);
}

/**
 * Why a lot's evidence has no SPC alarms, in the language in use: the note's
 * code (src/modules/quality/disposition.ts) worded by `quality:evidenceNotes`,
 * its `cause` (an error's code) by the errors namespace. The server's English,
 * marked, for evidence stored before the note had a code, or a code or cause
 * this app has no words for. Undefined when the alarms were read.
 */
export function evidenceNoteText(
  evidence: Pick<Evidence, 'spcNote' | 'spcNoteMessage'>,
): NoteText | undefined {
  const note = evidence.spcNoteMessage;
  if (!note) return evidence.spcNote ? { text: evidence.spcNote, lang: 'en' } : undefined;
  const english: NoteText = { text: note.text, lang: 'en' };
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(note.params)) {
    if (name !== 'cause') values[name] = formatParam(name, value);
  }
  const { cause } = note.params;
  if (typeof cause === 'string') {
    const words = codeText(cause, note.params);
    if (words === undefined) return english;
    values.cause = inSentence(words);
  }
  const key = `quality:evidenceNotes.${note.code}`;
  if (!i18n.exists(key, values)) return english;
  return { text: i18n.t(`quality:evidenceNotes.${note.code}`, values) };
}

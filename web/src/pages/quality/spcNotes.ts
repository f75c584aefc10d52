// What the server notes beside an SPC chart, in the language in use. A note
// is a code (src/modules/quality/spc-notes.ts) with the values it names;
// `quality:spcNotes.<code>` words it, with the values formatted in the
// language's locale: numbers through format.ts, a range test's statistic in
// words. A `count` chooses the plural form and shows as {{n}}.
import { RANGE_STATISTICS, type RangeStatistic, type SpcNote } from '../../api/quality';
import { formatExact, formatInteger } from '../../format';
import { i18n } from '../../i18n';
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

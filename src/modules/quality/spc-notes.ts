// What an SPC chart says beside its points: values left off, a chart or a
// capability the data cannot give. Each note is a code with the values it
// names (params), for a client to word in its reader's language, and the same
// in an English sentence (text) for API clients and logs — as errors are
// stated (core/errors.ts), but a note is no error: the chart is still answered.
//
// The codes are the keys of NOTE_TEMPLATES, one list the web app's locale
// files are held to (spc-notes.test.ts): every code has a message in every
// language. A `count` param chooses the message's plural form.
import { type ErrorParams, type ParamsFor, renderTemplate } from '../../core/errors.js';
import type { Refusal } from './sampling.js';

const NOTE_TEMPLATES = {
  /** Gauge chart: the last values that do not fill a subgroup. */
  incomplete_subgroup:
    'the last {{count}} values do not fill a subgroup of {{size}} and are left off',
  /** Gauge chart: values of another product than the one charted. */
  other_products:
    '{{count}} values measured while {{line}} made another product than {{product}} (or reported none) are left off',
  /** Gauge chart: no specification to take capability against. */
  no_spec_limits: 'no specification limits: name a specification or give lsl/usl for capability',
  /** Results chart: more completed inspections than one chart plots. */
  latest_inspections_only: 'only the latest {{count}} inspections are charted',
  /** Results chart: lots' samples of one size the constants table has no row for. */
  sample_size_outside_table:
    'samples of {{size}} are outside {{minimum}}..{{maximum}}: an I-MR chart of the lot means',
  /** Results chart: lots sampled in different sizes. */
  unequal_sample_sizes: 'the lots were sampled in different sizes: an I-MR chart of the lot means',
  /** Results chart of a range test: a lot whose rounds give no value of the statistic. */
  statistic_not_given: '{{lot}} ({{inspection}}): its rounds give no {{statistic}}; left off',
  /** No chart: nothing in the window (`what`: subgroups, values or samples). */
  no_chart_no_data: 'no chart: {{what}} is empty',
  /** No chart: phase I limits need at least two points. */
  no_chart_too_few_points:
    'no chart: trial limits need at least {{minimum}} {{what}} left after exclusions, got {{count}}',
  /** No chart, for another reason of the charting core (`reason`: its refusal code). */
  no_chart: 'no chart: {{reason, words}}',
  /** No capability: every value is the same. */
  no_capability_no_spread:
    'no capability: the values show no spread: the indices would be infinite',
  /** No capability: the limits given are the wrong way round. */
  no_capability_inverted_limits: 'no capability: lsl ({{lsl}}) must be below usl ({{usl}})',
  /** No capability of lot means: no lot has two values to estimate σ within from. */
  no_capability_no_within_sigma:
    'no capability: no lot has two measured values to estimate σ within',
  /** No capability, for another reason of the capability core (`reason`: its refusal code). */
  no_capability: 'no capability: {{reason, words}}',
} as const;

export type SpcNoteCode = keyof typeof NOTE_TEMPLATES;

/** Every note an SPC chart can carry. */
export const SPC_NOTE_CODES = Object.keys(NOTE_TEMPLATES) as readonly SpcNoteCode[];

/** The English template of a note: its placeholders are the params the note carries. */
export const spcNoteTemplate = (code: SpcNoteCode): string => NOTE_TEMPLATES[code];

export interface SpcNote {
  code: SpcNoteCode;
  params: ErrorParams;
  /** The note in English. */
  text: string;
}

/** A note with the values its template names; the compiler checks every placeholder has one. */
export function spcNote<C extends SpcNoteCode>(
  code: C,
  ...[params]: ParamsFor<(typeof NOTE_TEMPLATES)[C]>
): SpcNote {
  const values = params ?? {};
  return { code, params: values, text: renderTemplate(NOTE_TEMPLATES[code], values) };
}

/** The same note in the charting core's own English words; its code and params stay. */
const worded = (note: SpcNote, text: string): SpcNote => ({ ...note, text });

/** Why the charting core drew no chart, as a note. */
export function noChartNote(refusal: Refusal): SpcNote {
  const what = refusal.field ?? 'data';
  const count = refusal.params?.count;
  const minimum = refusal.params?.minimum;
  switch (refusal.code) {
    case 'no_data':
      return spcNote('no_chart_no_data', { what });
    case 'too_few_subgroups':
      if (typeof count === 'number' && typeof minimum === 'number') {
        return spcNote('no_chart_too_few_points', { what, count, minimum });
      }
      break;
  }
  return worded(spcNote('no_chart', { reason: refusal.code }), `no chart: ${refusal.message}`);
}

/** Why the capability core gave no indices, as a note. */
export function noCapabilityNote(refusal: Refusal): SpcNote {
  const { lsl, usl } = refusal.params ?? {};
  switch (refusal.code) {
    case 'no_variation':
      return spcNote('no_capability_no_spread');
    case 'inverted_spec_limits':
      if (typeof lsl === 'number' && typeof usl === 'number') {
        return spcNote('no_capability_inverted_limits', { lsl, usl });
      }
      break;
  }
  return worded(
    spcNote('no_capability', { reason: refusal.code }),
    `no capability: ${refusal.message}`,
  );
}

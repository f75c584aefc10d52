// The sampling streams of ISO 2859-1 switching in words: what a stream key
// names, and what each step of its history did. Pure.
import type { StreamSeverity, SwitchingStep, SwitchingStream } from '../../api/quality';
import { SEVERITY_LABEL } from './labels';

/**
 * What a stream key names (src/modules/quality/inspection.ts streamKey):
 * `product:<material>:<class>` for lots made here, `incoming:<supplier>:<material>:<class>`
 * for a supplier's material (`*` when the lot came without a supplier).
 */
export interface StreamName {
  kind: 'product' | 'supplier' | 'other';
  material: string | null;
  supplier: string | null;
  defectClass: string | null;
  /** In words: "C762-BALL, critical defects" or "PRIMER-762 from SUP-PRIMERS, major defects". */
  words: string;
}

export function describeStream(stream: string): StreamName {
  const parts = stream.split(':');
  if (parts[0] === 'product' && parts.length === 3) {
    const [, material = '', defectClass = ''] = parts;
    return {
      kind: 'product',
      material,
      supplier: null,
      defectClass,
      words: `${material}, ${defectClass} defects`,
    };
  }
  if (parts[0] === 'incoming' && parts.length === 4) {
    const [, supplier = '', material = '', defectClass = ''] = parts;
    const from = supplier === '*' ? 'any supplier' : supplier;
    return {
      kind: 'supplier',
      material,
      supplier: supplier === '*' ? null : supplier,
      defectClass,
      words: `${material} from ${from}, ${defectClass} defects`,
    };
  }
  return { kind: 'other', material: null, supplier: null, defectClass: null, words: stream };
}

export const switchingPath = (stream: string) => `/quality/switching/${encodeURIComponent(stream)}`;

export const isStreamSeverity = (value: string): value is StreamSeverity => value in SEVERITY_LABEL;

const severityWord = (value: string) =>
  isStreamSeverity(value) ? SEVERITY_LABEL[value].toLowerCase() : value;

/** What one step of a stream's history did, in a sentence. */
export function stepInWords(step: SwitchingStep): string {
  if (step.ignored) return `Not counted: ${step.ignored}.`;
  const before = severityWord(step.severityBefore);
  const after = severityWord(step.severityAfter);
  if (step.severityBefore !== step.severityAfter) {
    const why = step.reason ? `: ${step.reason}` : '';
    return step.lot === null
      ? `Resumed on ${after} inspection${why}.`
      : `Switched from ${before} to ${after} inspection${why}.`;
  }
  if (step.accepted === null) return step.reason ? `${capitalise(step.reason)}.` : 'Recorded.';
  return `${step.accepted ? 'Accepted' : 'Not accepted'}; stays on ${after} inspection.`;
}

const lots = (n: number) => `${n} ${n === 1 ? 'lot' : 'lots'}`;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What would switch the stream next, from its counters (ISO 2859-1 §9.3, §9.4). */
export function nextSwitchInWords(stream: SwitchingStream): string {
  const s = stream.state;
  switch (stream.severity) {
    case 'normal': {
      const recent = s.recentOnNormal.length;
      const notAccepted = s.recentOnNormal.filter((accepted) => !accepted).length;
      const sofar =
        recent === 0
          ? 'no lot judged on normal yet'
          : `${notAccepted} of the last ${lots(recent)} on normal not accepted, ` +
            `${lots(s.consecutiveAcceptedOnNormal)} accepted in a row, switching score ${s.switchingScore}`;
      return `Goes to tightened inspection when 2 of 5 or fewer consecutive lots are not accepted (${sofar}).`;
    }
    case 'tightened':
      return (
        `Back to normal after 5 consecutive lots accepted (${s.consecutiveAcceptedOnTightened} so far); ` +
        `discontinued when 5 lots on tightened are not accepted (${s.notAcceptedOnTightened} so far).`
      );
    case 'reduced':
      return 'Back to normal when a lot is not accepted, is accepted between Ac and Re, production is irregular, or QA asks for it.';
    case 'discontinued':
      return 'Inspection is stopped until the supplier’s corrective action is accepted; it then resumes on tightened.';
    default: {
      const unknown: never = stream.severity;
      return unknown;
    }
  }
}

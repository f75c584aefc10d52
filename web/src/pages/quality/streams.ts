// The sampling streams of ISO 2859-1 switching in words: what a stream key
// names, and what each step of its history did. Pure but for the language in
// use, read when called.
import type { SwitchingStep, SwitchingStream } from '../../api/quality';
import { formatInteger } from '../../format';
import { i18n } from '../../i18n';
import { defectClassDefects, isStreamSeverity, severityWord } from './labels';

export { isStreamSeverity } from './labels';

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
      words: i18n.t('quality:stream.product', {
        material,
        defects: defectClassDefects(defectClass),
      }),
    };
  }
  if (parts[0] === 'incoming' && parts.length === 4) {
    const [, supplier = '', material = '', defectClass = ''] = parts;
    const defects = defectClassDefects(defectClass);
    return {
      kind: 'supplier',
      material,
      supplier: supplier === '*' ? null : supplier,
      defectClass,
      words:
        supplier === '*'
          ? i18n.t('quality:stream.anySupplier', { material, defects })
          : i18n.t('quality:stream.supplier', { material, supplier, defects }),
    };
  }
  return { kind: 'other', material: null, supplier: null, defectClass: null, words: stream };
}

export const switchingPath = (stream: string) => `/quality/switching/${encodeURIComponent(stream)}`;

/** A severity as the server sends it in a step, in a sentence; an unknown one as it came. */
const severityIn = (value: string) => (isStreamSeverity(value) ? severityWord(value) : value);

/** What one step of a stream's history did, in a sentence. The server's reasons come as it words them. */
export function stepInWords(step: SwitchingStep): string {
  if (step.ignored) return i18n.t('quality:step.notCounted', { why: step.ignored });
  const before = severityIn(step.severityBefore);
  const after = severityIn(step.severityAfter);
  if (step.severityBefore !== step.severityAfter) {
    const why = step.reason ? `: ${step.reason}` : '';
    return step.lot === null
      ? i18n.t('quality:step.resumed', { after, why })
      : i18n.t('quality:step.switched', { before, after, why });
  }
  if (step.accepted === null) {
    return step.reason ? `${capitalise(step.reason)}.` : i18n.t('quality:step.recorded');
  }
  return step.accepted
    ? i18n.t('quality:step.acceptedStays', { severity: after })
    : i18n.t('quality:step.notAcceptedStays', { severity: after });
}

const lots = (n: number) => i18n.t('quality:stream.lotCount', { count: n, n: formatInteger(n) });

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
          ? i18n.t('quality:nextSwitch.noneOnNormal')
          : i18n.t('quality:nextSwitch.onNormalSoFar', {
              notAccepted: formatInteger(notAccepted),
              recent: lots(recent),
              inRow: lots(s.consecutiveAcceptedOnNormal),
              score: formatInteger(s.switchingScore),
            });
      return i18n.t('quality:nextSwitch.normal', { sofar });
    }
    case 'tightened':
      return i18n.t('quality:nextSwitch.tightened', {
        accepted: formatInteger(s.consecutiveAcceptedOnTightened),
        notAccepted: formatInteger(s.notAcceptedOnTightened),
      });
    case 'reduced':
      return i18n.t('quality:nextSwitch.reduced');
    case 'discontinued':
      return i18n.t('quality:nextSwitch.discontinued');
    default: {
      const unknown: never = stream.severity;
      return unknown;
    }
  }
}

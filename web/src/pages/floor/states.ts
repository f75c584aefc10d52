// Line states as people read them: a word for each (never the colour alone)
// and a class that colours it. The machine states come from the telemetry
// contract; off shift is the calendar's, offline is ingest's (the line's edge
// node died).
import { i18n } from '../../i18n';

export const LINE_STATE_ORDER = [
  'running',
  'idle',
  'starved',
  'blocked',
  'down',
  'setup',
  'planned_stop',
  'off_shift',
  'offline',
] as const;

const KNOWN: ReadonlySet<string> = new Set(LINE_STATE_ORDER);

/**
 * A state in the current language: "Running", "En avería"; a state unknown
 * here as its code in words. Called at render time (the language can change).
 */
export const stateLabel = (state: string | null | undefined): string =>
  !state
    ? i18n.t('floor:state.unknown')
    : KNOWN.has(state)
      ? i18n.t(`floor:state.${state}`)
      : state.replaceAll('_', ' ');

/** The modifier class of a state (`line-state--down`); unknown states share one. */
export const stateClass = (state: string | null | undefined): string =>
  state && KNOWN.has(state) ? state : 'unknown';

/** States in which the line stands and something should be done about it. */
export const STOPPED = new Set(['down', 'starved', 'blocked', 'offline']);

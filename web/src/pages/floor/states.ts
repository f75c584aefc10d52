// Line states as people read them: a word for each (never the colour alone)
// and a class that colours it. The machine states come from the telemetry
// contract; off shift is the calendar's, offline is ingest's (the line's edge
// node died).

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

const LABEL: Readonly<Record<string, string>> = {
  running: 'Running',
  idle: 'Idle',
  starved: 'Starved',
  blocked: 'Blocked',
  down: 'Down',
  setup: 'Setup',
  planned_stop: 'Planned stop',
  off_shift: 'Off shift',
  offline: 'Offline',
};

export const stateLabel = (state: string | null | undefined): string =>
  state ? (LABEL[state] ?? state.replaceAll('_', ' ')) : 'Unknown';

/** The modifier class of a state (`line-state--down`); unknown states share one. */
export const stateClass = (state: string | null | undefined): string =>
  state && state in LABEL ? state : 'unknown';

/** States in which the line stands and something should be done about it. */
export const STOPPED = new Set(['down', 'starved', 'blocked', 'offline']);

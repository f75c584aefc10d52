import type { CommandType, WorkOrderState } from '../../api/production';

export const STATE_LABEL: Readonly<Record<WorkOrderState, string>> = {
  planned: 'Planned',
  released: 'Released',
  running: 'Running',
  paused: 'Paused',
  on_hold: 'On hold',
  completed: 'Completed',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const COMMAND_LABEL: Readonly<Record<CommandType, string>> = {
  release: 'Release',
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  hold: 'Hold',
  unhold: 'Unhold',
  recordScrap: 'Record scrap',
  complete: 'Complete',
  close: 'Close',
  cancel: 'Cancel order',
};

/** How a transition reads in the history: "created", "release", "record scrap". */
export const commandWord = (command: string): string =>
  command === 'create'
    ? 'Planned'
    : (COMMAND_LABEL[command as CommandType] ?? command.replaceAll('_', ' '));

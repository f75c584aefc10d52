// The words for work-order states and commands, from the production
// namespace. Functions of `t`, called at render time: the language can change
// while a page is open.
import type { TFunction } from 'i18next';
import type { CommandType, WorkOrderState } from '../../api/production';

/** "Running", "En ejecución". */
export const stateLabel = (t: TFunction, state: WorkOrderState): string =>
  t(`production:state.${state}`);

/** A command as its button says it: "Record scrap", "Registrar merma". */
export const commandLabel = (t: TFunction, command: CommandType): string =>
  t(`production:command.${command}`);

const HISTORY_COMMANDS = new Set<string>([
  'create',
  'release',
  'start',
  'pause',
  'resume',
  'hold',
  'unhold',
  'recordScrap',
  'complete',
  'close',
  'cancel',
]);

/** How a transition reads in the history: "Planned", "Release"; a command unknown here as its code. */
export const commandWord = (t: TFunction, command: string): string =>
  HISTORY_COMMANDS.has(command)
    ? t(`production:history.command.${command}`)
    : command.replaceAll('_', ' ');

/** A downtime reason's category: "Planned", "No planificada"; an unknown one as it came. */
export const downtimeCategoryLabel = (t: TFunction, category: string): string =>
  category === 'planned' || category === 'unplanned'
    ? t(`production:downtimeCategory.${category}`)
    : category;

import type { ReactNode } from 'react';
import { SectionHeader, type SectionPage } from '../../components/SectionHeader';
import { disruptionPath, mpsPath, schedulePath, shortagesPath } from './labels';

export type PlanningPage = 'schedule' | 'shortages' | 'disruption' | 'mps';

const PAGES: readonly SectionPage<PlanningPage>[] = [
  { page: 'schedule', path: schedulePath, label: 'Schedule' },
  { page: 'shortages', path: shortagesPath, label: 'Shortages' },
  { page: 'disruption', path: disruptionPath, label: 'What-if' },
  { page: 'mps', path: mpsPath, label: 'MPS' },
];

/** The title of a planning page and the links between the four of them. */
export function PlanningHeader(props: {
  current: PlanningPage;
  title: string;
  children?: ReactNode;
}) {
  return <SectionHeader section="Planning" pages={PAGES} {...props} />;
}

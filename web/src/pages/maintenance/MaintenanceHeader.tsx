import type { ReactNode } from 'react';
import { SectionHeader, type SectionPage } from '../../components/SectionHeader';
import { boardPath, equipmentListPath, sparePartsPath } from './labels';

export type MaintenancePage = 'board' | 'equipment' | 'spare-parts' | 'work';

const PAGES: readonly SectionPage<MaintenancePage>[] = [
  { page: 'board', path: boardPath, label: 'Board' },
  { page: 'equipment', path: equipmentListPath, label: 'Equipment' },
  { page: 'spare-parts', path: sparePartsPath, label: 'Spare parts' },
];

/** The title of a maintenance page and the links between the pages. */
export function MaintenanceHeader(props: {
  current: MaintenancePage;
  title: ReactNode;
  children?: ReactNode;
}) {
  return <SectionHeader section="Maintenance" pages={PAGES} {...props} />;
}

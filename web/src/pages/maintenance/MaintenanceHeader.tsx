import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SectionHeader, type SectionPage } from '../../components/SectionHeader';
import { boardPath, equipmentListPath, sparePartsPath } from './labels';

export type MaintenancePage = 'board' | 'equipment' | 'spare-parts' | 'work';

/** The title of a maintenance page and the links between the pages. */
export function MaintenanceHeader(props: {
  current: MaintenancePage;
  title: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const pages: readonly SectionPage<MaintenancePage>[] = [
    { page: 'board', path: boardPath, label: t('maintenance:pages.board') },
    { page: 'equipment', path: equipmentListPath, label: t('maintenance:pages.equipment') },
    { page: 'spare-parts', path: sparePartsPath, label: t('maintenance:pages.spareParts') },
  ];
  return <SectionHeader section={t('maintenance:section')} pages={pages} {...props} />;
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SectionHeader, type SectionPage } from '../../components/SectionHeader';
import { disruptionPath, mpsPath, schedulePath, shortagesPath } from './labels';

export type PlanningPage = 'schedule' | 'shortages' | 'disruption' | 'mps';

/** The title of a planning page and the links between the four of them. */
export function PlanningHeader(props: {
  current: PlanningPage;
  title: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const pages: readonly SectionPage<PlanningPage>[] = [
    { page: 'schedule', path: schedulePath, label: t('planning:pages.schedule') },
    { page: 'shortages', path: shortagesPath, label: t('planning:pages.shortages') },
    { page: 'disruption', path: disruptionPath, label: t('planning:pages.disruption') },
    { page: 'mps', path: mpsPath, label: t('planning:pages.mps') },
  ];
  return <SectionHeader section={t('planning:section')} pages={pages} {...props} />;
}

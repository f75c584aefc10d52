import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { boardPath, equipmentListPath, sparePartsPath } from './labels';

export type MaintenancePage = 'board' | 'equipment' | 'spare-parts' | 'work';

const PAGES: readonly { page: MaintenancePage; path: string; label: string }[] = [
  { page: 'board', path: boardPath, label: 'Board' },
  { page: 'equipment', path: equipmentListPath, label: 'Equipment' },
  { page: 'spare-parts', path: sparePartsPath, label: 'Spare parts' },
];

interface MaintenanceHeaderProps {
  current: MaintenancePage;
  title: ReactNode;
  /** The page's commands, at the right of the title. */
  children?: ReactNode;
}

/** The title of a maintenance page and the links between the pages. */
export function MaintenanceHeader({ current, title, children }: MaintenanceHeaderProps) {
  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Maintenance</p>
          <h1>{title}</h1>
        </div>
        {children}
      </header>
      <nav className="mnt-nav" aria-label="Maintenance pages">
        <ul>
          {PAGES.map((p) => (
            <li key={p.page}>
              <Link to={p.path} aria-current={p.page === current ? 'page' : undefined}>
                {p.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { disruptionPath, mpsPath, schedulePath, shortagesPath } from './labels';

export type PlanningPage = 'schedule' | 'shortages' | 'disruption' | 'mps';

const PAGES: readonly { page: PlanningPage; path: string; label: string }[] = [
  { page: 'schedule', path: schedulePath, label: 'Schedule' },
  { page: 'shortages', path: shortagesPath, label: 'Shortages' },
  { page: 'disruption', path: disruptionPath, label: 'What-if' },
  { page: 'mps', path: mpsPath, label: 'MPS' },
];

interface PlanningHeaderProps {
  current: PlanningPage;
  title: string;
  /** The page's commands, at the right of the title. */
  children?: ReactNode;
}

/** The title of a planning page and the links between the four of them. */
export function PlanningHeader({ current, title, children }: PlanningHeaderProps) {
  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Planning</p>
          <h1>{title}</h1>
        </div>
        {children}
      </header>
      <nav className="planning-nav" aria-label="Planning pages">
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

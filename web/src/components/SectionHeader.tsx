import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export interface SectionPage<P extends string> {
  readonly page: P;
  readonly path: string;
  /** In the reader's language. */
  readonly label: string;
}

interface SectionHeaderProps<P extends string> {
  /** The section's name (in the reader's language), above the title and in the name of its page links. */
  section: string;
  pages: readonly SectionPage<P>[];
  current: P;
  title: ReactNode;
  /** The page's commands, at the right of the title. */
  children?: ReactNode;
}

/** The title of a page of a section with several pages, and the links between them. */
export function SectionHeader<P extends string>({
  section,
  pages,
  current,
  title,
  children,
}: SectionHeaderProps<P>) {
  const { t } = useTranslation();
  return (
    <>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{section}</p>
          <h1>{title}</h1>
        </div>
        {children}
      </header>
      <nav className="section-nav" aria-label={t('nav:sectionPages', { section })}>
        <ul>
          {pages.map((p) => (
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

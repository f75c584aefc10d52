import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoBanner } from './DemoBanner';

/** The frame of the pages before the app proper: sign-in and the password change. */
export function AuthFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="app app--auth">
      <DemoBanner />
      <header className="app-header">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('nav:brand')}</span>
        </span>
      </header>
      <main id="main" className="auth-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

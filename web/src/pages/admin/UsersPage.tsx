import { useTranslation } from 'react-i18next';
import { TokensSection } from './TokensSection';
import { UsersSection } from './UsersSection';

/** /admin/users: the people who sign in, and the tokens machines use. */
export function UsersPage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="users-page">
      <header className="page-header">
        <div>
          <p className="page-header__eyebrow">{t('admin:eyebrow')}</p>
          <h1>{t('admin:users.title')}</h1>
        </div>
      </header>
      <UsersSection />
      <TokensSection />
    </div>
  );
}

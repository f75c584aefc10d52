import { TokensSection } from './TokensSection';
import { UsersSection } from './UsersSection';

/** /admin/users: the people who sign in, and the tokens machines use. */
export function UsersPage() {
  return (
    <div className="page" data-testid="users-page">
      <header className="page-header">
        <div>
          <p className="page-header__eyebrow">Administration</p>
          <h1>Users</h1>
        </div>
      </header>
      <UsersSection />
      <TokensSection />
    </div>
  );
}

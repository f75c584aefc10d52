import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth';
import { languageName } from '../../components/languages';
import { roleTitle } from '../../components/roles';
import { formatDateTime } from '../../format';

interface UsersTableProps {
  users: User[];
  onEdit: (user: User) => void;
}

export function UsersTable({ users, onEdit }: UsersTableProps) {
  const { t } = useTranslation();
  const now = Date.now();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="users-table">
        <caption className="visually-hidden">{t('admin:users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin:users.username')}</th>
            <th scope="col">{t('admin:users.name')}</th>
            <th scope="col">{t('admin:users.roles')}</th>
            <th scope="col">{t('admin:users.language')}</th>
            <th scope="col">{t('admin:users.active')}</th>
            <th scope="col">{t('admin:users.lockedUntil')}</th>
            <th scope="col">{t('admin:users.lastSignIn')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common:words.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const locked = u.lockedUntil && Date.parse(u.lockedUntil) > now;
            return (
              <tr key={u.id} data-testid={`user-row-${u.username}`}>
                <th scope="row">
                  <code className="code">{u.username}</code>
                  {u.mustChangePassword && (
                    <span className="badge badge--info" title={t('admin:users.newPasswordTitle')}>
                      {t('admin:users.newPassword')}
                    </span>
                  )}
                </th>
                <td>{u.displayName}</td>
                <td>{u.roles.map(roleTitle).join(', ')}</td>
                <td lang={u.language} data-testid="user-language">
                  {languageName(u.language)}
                </td>
                <td>
                  {u.active ? (
                    t('common:words.yes')
                  ) : (
                    <span className="badge badge--danger">{t('admin:users.inactive')}</span>
                  )}
                </td>
                <td>
                  {locked && u.lockedUntil ? (
                    <span className="badge badge--warn">{formatDateTime(u.lockedUntil)}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : t('common:words.never')}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button--small"
                    data-testid={`edit-user-${u.username}`}
                    onClick={() => onEdit(u)}
                  >
                    {t('common:actions.edit')}
                    <span className="visually-hidden">
                      {' '}
                      {t('admin:users.named', { username: u.username })}
                    </span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

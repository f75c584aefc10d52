import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth';
import { useUsers } from '../../api/users';
import { useMe } from '../../auth/session';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { QueryView } from '../../components/QueryView';
import { CreateUserForm } from './CreateUserForm';
import { EditUserDialog } from './EditUserDialog';
import { UsersTable } from './UsersTable';

interface Issued {
  title: string;
  username: string;
  password: string;
}

/** The people who sign in: the list, a new user, a change, a password reset. */
export function UsersSection() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User>();
  const [issued, setIssued] = useState<Issued>();

  return (
    <section className="section" aria-labelledby="users-title">
      <div className="section__bar">
        <h2 id="users-title">{t('admin:users.people')}</h2>
        {!creating && (
          <button
            type="button"
            className="button button--primary"
            data-testid="new-user"
            onClick={() => {
              setIssued(undefined);
              setCreating(true);
            }}
          >
            {t('admin:users.create.title')}
          </button>
        )}
      </div>
      {issued && (
        <OneTimeSecret
          title={issued.title}
          secret={issued.password}
          onDismiss={() => setIssued(undefined)}
          testId="one-time-password"
        >
          {t('admin:users.issued.giveTo')} <code className="code">{issued.username}</code>{' '}
          {t('admin:users.issued.inPerson')}
        </OneTimeSecret>
      )}
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(user, password) => {
            setCreating(false);
            if (password) {
              setIssued({
                title: t('admin:users.issued.created', { username: user.username }),
                username: user.username,
                password,
              });
            }
          }}
        />
      )}
      <QueryView query={users} what={t('admin:users.what')}>
        {(data) => <UsersTable users={data} onEdit={setEditing} />}
      </QueryView>
      {editing && (
        <EditUserDialog
          user={editing}
          isSelf={editing.id === me.user.id}
          onClose={() => setEditing(undefined)}
          onPasswordReset={(user, password) => {
            setEditing(undefined);
            setIssued({
              title: t('admin:users.issued.reset', { username: user.username }),
              username: user.username,
              password,
            });
          }}
        />
      )}
    </section>
  );
}

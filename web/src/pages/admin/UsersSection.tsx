import { useState } from 'react';
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

export function UsersSection() {
  const me = useMe();
  const users = useUsers();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User>();
  const [issued, setIssued] = useState<Issued>();

  return (
    <section className="section" aria-labelledby="users-title">
      <div className="section__bar">
        <h2 id="users-title">People</h2>
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
            New user
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
          Give it to <code className="code">{issued.username}</code> in person; they choose their
          own password at the first sign-in.
        </OneTimeSecret>
      )}
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(user, password) => {
            setCreating(false);
            if (password) {
              setIssued({
                title: `User ${user.username} created. Their first password:`,
                username: user.username,
                password,
              });
            }
          }}
        />
      )}
      <QueryView query={users} what="the users">
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
              title: `The password of ${user.username} is reset. The new one:`,
              username: user.username,
              password,
            });
          }}
        />
      )}
    </section>
  );
}

import { type RolesAnswer, type User, useRoles } from '../../api/auth';
import { formatDateTime, humanize } from '../../format';

const roleTitle = (roles: RolesAnswer | undefined, name: string) =>
  roles?.roles.find((r) => r.name === name)?.title ?? humanize(name);

interface UsersTableProps {
  users: User[];
  onEdit: (user: User) => void;
}

export function UsersTable({ users, onEdit }: UsersTableProps) {
  const roles = useRoles();
  const now = Date.now();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="users-table">
        <caption className="visually-hidden">Users</caption>
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Lang.</th>
            <th scope="col">Active</th>
            <th scope="col">Locked until</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
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
                    <span className="badge badge--info" title="Must change the password at sign-in">
                      new password
                    </span>
                  )}
                </th>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => roleTitle(roles.data, r)).join(', ')}</td>
                <td>{u.language}</td>
                <td>{u.active ? 'yes' : <span className="badge badge--danger">inactive</span>}</td>
                <td>
                  {locked && u.lockedUntil ? (
                    <span className="badge badge--warn">{formatDateTime(u.lockedUntil)}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : 'never'}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button--small"
                    data-testid={`edit-user-${u.username}`}
                    onClick={() => onEdit(u)}
                  >
                    Edit<span className="visually-hidden"> user {u.username}</span>
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

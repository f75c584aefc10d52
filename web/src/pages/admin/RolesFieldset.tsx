import { useRoles } from '../../api/auth';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';

interface RolesFieldsetProps {
  value: string[];
  onChange: (roles: string[]) => void;
}

/** One checkbox per role the server knows (GET /api/roles), with what it grants. */
export function RolesFieldset({ value, onChange }: RolesFieldsetProps) {
  const roles = useRoles();
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...value, name] : value.filter((r) => r !== name));
  return (
    <fieldset className="checkbox-group">
      <legend>Roles</legend>
      {roles.isPending && <Loading what="the roles" />}
      {roles.isError && <ErrorPanel error={roles.error} context="Loading the roles" />}
      {roles.data?.roles.map((role) => (
        <label key={role.name} className="checkbox" title={role.permissions.join(', ')}>
          <input
            type="checkbox"
            name="roles"
            value={role.name}
            checked={value.includes(role.name)}
            onChange={(e) => toggle(role.name, e.target.checked)}
          />
          <span>
            {role.title} <code className="code">{role.name}</code>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

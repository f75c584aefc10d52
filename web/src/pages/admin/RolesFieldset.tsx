import { useTranslation } from 'react-i18next';
import { useRoles } from '../../api/auth';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { permissionMeaning, roleTitle } from '../../components/roles';

interface RolesFieldsetProps {
  value: string[];
  onChange: (roles: string[]) => void;
}

/** One checkbox per role the server knows (GET /api/roles), with what it grants. */
export function RolesFieldset({ value, onChange }: RolesFieldsetProps) {
  const { t } = useTranslation();
  const roles = useRoles();
  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...value, name] : value.filter((r) => r !== name));
  // What a role grants, one permission a line, for the tooltip.
  const grants = (permissions: string[]) =>
    permissions.map((p) => `${p}: ${permissionMeaning(p) ?? p}`).join('\n');
  return (
    <fieldset className="checkbox-group">
      <legend>{t('admin:users.roles')}</legend>
      {roles.isPending && <Loading what={t('admin:users.rolesWhat')} />}
      {roles.isError && (
        <ErrorPanel
          error={roles.error}
          context={t('common:loading.context', { what: t('admin:users.rolesWhat') })}
        />
      )}
      {roles.data?.roles.map((role) => (
        <label key={role.name} className="checkbox" title={grants(role.permissions)}>
          <input
            type="checkbox"
            name="roles"
            value={role.name}
            checked={value.includes(role.name)}
            onChange={(e) => toggle(role.name, e.target.checked)}
          />
          <span>
            {roleTitle(role.name)} <code className="code">{role.name}</code>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

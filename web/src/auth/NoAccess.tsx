import { Link } from 'react-router';
import { useRoles } from '../api/auth';
import { useSession } from './session';

/** A page reached by a direct link that the user's roles do not open. */
export function NoAccess({ permission }: { permission: string }) {
  const { me } = useSession();
  const roles = useRoles();
  const meaning = roles.data?.permissions[permission];
  const held = me?.user.roles.join(', ') || 'none';
  return (
    <section
      className="not-built no-access"
      data-testid="no-access"
      aria-labelledby="no-access-title"
    >
      <h1 id="no-access-title">You do not have access to this page</h1>
      <p>
        It needs the permission <code className="code">{permission}</code>
        {meaning ? ` (${meaning})` : ''}. Your roles ({held}) do not grant it; an administrator can
        change them.
      </p>
      <p>
        Go to the <Link to="/plant">plant</Link>.
      </p>
    </section>
  );
}

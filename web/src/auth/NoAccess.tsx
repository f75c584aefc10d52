import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { permissionMeaning, roleTitle } from '../components/roles';
import { useSession } from './session';

/** A page reached by a direct link that the user's roles do not open. */
export function NoAccess({ permission }: { permission: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const meaning = permissionMeaning(permission);
  const held = me?.user.roles.map(roleTitle).join(', ') || t('common:words.none');
  return (
    <section
      className="not-built no-access"
      data-testid="no-access"
      aria-labelledby="no-access-title"
    >
      <h1 id="no-access-title">{t('nav:noAccess.title')}</h1>
      <p>
        {t('nav:noAccess.needs')} <code className="code">{permission}</code>
        {meaning ? ` (${meaning})` : ''}. {t('nav:noAccess.notGranted', { roles: held })}
      </p>
      <p>
        <Link to="/plant">{t('nav:backToPlant')}</Link>
      </p>
    </section>
  );
}

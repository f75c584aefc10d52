// Route guards: nothing behind them draws until the session is known; nobody
// signed in goes to sign in, a forced password change comes before anything
// else, and a page needing a permission the user lacks says so.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ErrorPanel } from '../components/ErrorPanel';
import { Loading } from '../components/Loading';
import { NoAccess } from './NoAccess';
import { changePasswordPath, signInPath } from './next';
import { useSession } from './session';

export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, error, retry, endReason } = useSession();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  if (me === undefined) {
    return (
      <main className="auth-main">
        {error ? (
          <div className="auth-card">
            <ErrorPanel error={error} context={t('auth:session.checking')} />
            <button type="button" className="button" onClick={retry}>
              {t('common:actions.retry')}
            </button>
          </div>
        ) : (
          <Loading what={t('auth:session.what')} />
        )}
      </main>
    );
  }
  if (me === null) {
    return <Navigate to={signInPath(endReason === 'signed_out' ? undefined : here)} replace />;
  }
  if (me.user.mustChangePassword) return <Navigate to={changePasswordPath(here)} replace />;
  return <>{children}</>;
}

export function RequirePermission({
  permission,
  children,
}: {
  permission: string;
  children: ReactNode;
}) {
  const { can } = useSession();
  return can(permission) ? children : <NoAccess permission={permission} />;
}

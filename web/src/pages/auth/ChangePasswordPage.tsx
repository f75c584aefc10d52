import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { changePassword } from '../../api/auth';
import { safeNext, signInPath } from '../../auth/next';
import { useSession } from '../../auth/session';
import { AuthFrame } from '../../components/AuthFrame';
import { FormError } from '../../components/FormError';
import { Loading } from '../../components/Loading';
import { TextField } from '../../components/TextField';

// The server's rule (src/core/auth/password.ts), checked here first to say it sooner.
const MIN_LENGTH = 12;

function problemWith(
  t: TFunction,
  current: string,
  next: string,
  repeat: string,
  username: string,
) {
  if (current === '') return t('auth:changePassword.problem.current');
  if (next.length < MIN_LENGTH)
    return t('auth:changePassword.problem.tooShort', { count: MIN_LENGTH });
  if (next.toLowerCase().includes(username.toLowerCase()))
    return t('auth:changePassword.problem.containsUsername');
  if (next === current) return t('auth:changePassword.problem.same');
  if (next !== repeat) return t('auth:changePassword.problem.differ');
  return undefined;
}

/**
 * Changing one's own password: forced after an administrator set or reset it,
 * or chosen from the user menu. Success ends the session: sign in again.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [current, setCurrent] = useState('');
  const [fresh, setFresh] = useState('');
  const [repeat, setRepeat] = useState('');
  const [localProblem, setLocalProblem] = useState<string>();
  const change = useMutation({
    mutationFn: () => changePassword(current, fresh),
    onSuccess: () => session.ended('password_changed'),
  });

  const me = session.me;
  if (me === undefined) {
    return (
      <AuthFrame>
        <Loading what={t('auth:session.what')} />
      </AuthFrame>
    );
  }
  if (me === null) return <Navigate to={signInPath(next)} replace />;
  const forced = me.user.mustChangePassword;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = problemWith(t, current, fresh, repeat, me?.user.username ?? '');
    setLocalProblem(problem);
    if (!problem) change.mutate();
  }

  return (
    <AuthFrame>
      <div className="auth-card" data-testid="change-password">
        <h1>{t('auth:changePassword.title')}</h1>
        {forced ? (
          <p className="form-notice form-notice--warn" role="status">
            {t('auth:changePassword.forced', { name: me.user.displayName })}
          </p>
        ) : (
          <p className="muted">
            {t('auth:changePassword.signedInAs', { name: me.user.displayName })}
          </p>
        )}
        <p className="small muted">{t('auth:changePassword.rule', { count: MIN_LENGTH })}</p>
        <form className="form" onSubmit={onSubmit} noValidate>
          {/* For password managers: whose password this is. */}
          <input
            type="text"
            name="username"
            autoComplete="username"
            value={me.user.username}
            readOnly
            hidden
          />
          <TextField
            label={t('auth:changePassword.current')}
            name="current-password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <TextField
            label={t('auth:changePassword.new')}
            name="new-password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_LENGTH}
            required
            value={fresh}
            onChange={(e) => setFresh(e.target.value)}
          />
          <TextField
            label={t('auth:changePassword.repeat')}
            name="repeat-password"
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
          <FormError
            error={localProblem ? new Error(localProblem) : change.error}
            testId="change-password-error"
          />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={change.isPending}>
              {change.isPending
                ? t('auth:changePassword.changing')
                : t('auth:changePassword.submit')}
            </button>
            {forced ? (
              <button
                type="button"
                className="button"
                onClick={() => void session.signOut().catch(() => undefined)}
              >
                {t('nav:userMenu.signOut')}
              </button>
            ) : (
              <Link className="button" to={next}>
                {t('common:actions.cancel')}
              </Link>
            )}
          </div>
        </form>
      </div>
    </AuthFrame>
  );
}

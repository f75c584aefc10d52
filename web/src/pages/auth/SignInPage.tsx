import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { signIn } from '../../api/auth';
import { changePasswordPath, safeNext } from '../../auth/next';
import { useSession } from '../../auth/session';
import { AuthFrame } from '../../components/AuthFrame';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { DemoNotice } from './DemoNotice';

/**
 * Signing in. Nobody is signed in yet, so the page speaks the browser's
 * language (the session switches to it, and this page follows).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const attempt = useMutation({
    mutationFn: () => signIn(username.trim(), password),
    onSuccess: (me) => session.signedIn(me),
    onError: () => setPassword(''),
  });

  const me = session.me;
  if (me) {
    return <Navigate to={me.user.mustChangePassword ? changePasswordPath(next) : next} replace />;
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    attempt.mutate();
  }

  return (
    <AuthFrame>
      <div className="auth-card">
        <h1>{t('auth:signIn.title')}</h1>
        {session.endReason && !attempt.isError && (
          <p className="form-notice" role="status" data-testid="sign-in-notice">
            {t(`auth:signIn.ended.${session.endReason}`)}
          </p>
        )}
        <form className="form" onSubmit={onSubmit} aria-describedby="sign-in-error" noValidate>
          <TextField
            label={t('auth:signIn.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            // The first thing anyone does on this page.
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <TextField
            label={t('auth:signIn.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <div id="sign-in-error">
            <FormError
              error={missing ? new Error(t('auth:signIn.missing')) : attempt.error}
              testId="sign-in-error"
            />
          </div>
          <button type="submit" className="button button--primary" disabled={attempt.isPending}>
            {attempt.isPending ? t('auth:signIn.signingIn') : t('auth:signIn.submit')}
          </button>
        </form>
      </div>
      <DemoNotice />
    </AuthFrame>
  );
}

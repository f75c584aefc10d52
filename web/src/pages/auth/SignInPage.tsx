import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { signIn } from '../../api/auth';
import { changePasswordPath, safeNext } from '../../auth/next';
import { type EndReason, useSession } from '../../auth/session';
import { AuthFrame } from '../../components/AuthFrame';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { DemoNotice } from './DemoNotice';

const ENDED: Record<EndReason, string> = {
  signed_out: 'You have signed out.',
  password_changed: 'Your password is changed. Sign in with the new one.',
  expired: 'Your session has ended. Sign in again to go on.',
};

export function SignInPage() {
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
      <div className="auth-card" lang="en">
        <h1>Sign in to Lotline</h1>
        {session.endReason && !attempt.isError && (
          <p className="form-notice" role="status" data-testid="sign-in-notice">
            {ENDED[session.endReason]}
          </p>
        )}
        <form className="form" onSubmit={onSubmit} aria-describedby="sign-in-error" noValidate>
          <TextField
            label="User name"
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
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <div id="sign-in-error">
            <FormError
              error={missing ? new Error('Enter your user name and your password.') : attempt.error}
              testId="sign-in-error"
            />
          </div>
          <button type="submit" className="button button--primary" disabled={attempt.isPending}>
            {attempt.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
      <DemoNotice />
    </AuthFrame>
  );
}

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
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

function problemWith(current: string, next: string, repeat: string, username: string) {
  if (current === '') return 'Enter your current password.';
  if (next.length < MIN_LENGTH) return `The new password needs at least ${MIN_LENGTH} characters.`;
  if (next.toLowerCase().includes(username.toLowerCase()))
    return 'The new password must not contain your user name.';
  if (next === current) return 'The new password must differ from the current one.';
  if (next !== repeat) return 'The two new passwords differ.';
  return undefined;
}

/**
 * Changing one's own password: forced after an administrator set or reset it,
 * or chosen from the user menu. Success ends the session: sign in again.
 */
export function ChangePasswordPage() {
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
        <Loading what="your session" />
      </AuthFrame>
    );
  }
  if (me === null) return <Navigate to={signInPath(next)} replace />;
  const forced = me.user.mustChangePassword;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = problemWith(current, fresh, repeat, me?.user.username ?? '');
    setLocalProblem(problem);
    if (!problem) change.mutate();
  }

  return (
    <AuthFrame>
      <div className="auth-card" data-testid="change-password">
        <h1>Change your password</h1>
        {forced ? (
          <p className="form-notice form-notice--warn" role="status">
            {me.user.displayName}, your password was set by an administrator. Choose your own before
            going on: nothing else opens until you do.
          </p>
        ) : (
          <p className="muted">Signed in as {me.user.displayName}.</p>
        )}
        <p className="small muted">
          At least {MIN_LENGTH} characters, not containing your user name. Afterwards you sign in
          again with the new password.
        </p>
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
            label="Current password"
            name="current-password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <TextField
            label="New password"
            name="new-password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_LENGTH}
            required
            value={fresh}
            onChange={(e) => setFresh(e.target.value)}
          />
          <TextField
            label="New password again"
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
              {change.isPending ? 'Changing…' : 'Change password'}
            </button>
            {forced ? (
              <button
                type="button"
                className="button"
                onClick={() => void session.signOut().catch(() => undefined)}
              >
                Sign out
              </button>
            ) : (
              <Link className="button" to={next}>
                Cancel
              </Link>
            )}
          </div>
        </form>
      </div>
    </AuthFrame>
  );
}

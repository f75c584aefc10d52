import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useRoles } from '../api/auth';
import { changePasswordPath } from '../auth/next';
import { useMe, useSession } from '../auth/session';
import { humanize } from '../format';
import { FormError } from './FormError';

/** Who is signed in, with their roles; opens to change the password or sign out. */
export function UserMenu() {
  const me = useMe();
  const session = useSession();
  const roles = useRoles();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    // A click elsewhere, or tabbing out of the menu, closes it.
    const onOutside = (event: Event) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onOutside);
    document.addEventListener('focusin', onOutside);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onOutside);
      document.removeEventListener('focusin', onOutside);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  // A link followed from the menu closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => setOpen(false), [location.pathname]);

  const titleOf = (role: string) =>
    roles.data?.roles.find((r) => r.name === role)?.title ?? humanize(role);
  const roleTitles = me.user.roles.map(titleOf).join(', ');

  async function signOut() {
    setError(undefined);
    try {
      await session.signOut();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div className="user-menu" ref={box} data-testid="user-menu">
      <button
        ref={button}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        <span className="user-menu__avatar" aria-hidden="true">
          {me.user.displayName.slice(0, 1).toUpperCase()}
        </span>
        <span className="user-menu__who">
          <span className="user-menu__name" data-testid="user-name">
            {me.user.displayName}
          </span>
          <span className="user-menu__roles" data-testid="user-roles">
            {roleTitles}
          </span>
        </span>
        <span className="user-menu__caret" aria-hidden="true" />
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <p className="user-menu__signed-in">
          Signed in as <code className="code">{me.user.username}</code>
        </p>
        <ul className="user-menu__actions">
          <li>
            <Link to={changePasswordPath(`${location.pathname}${location.search}`)}>
              Change password
            </Link>
          </li>
          <li>
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </li>
        </ul>
        <FormError error={error} testId="sign-out-error" />
      </div>
    </div>
  );
}

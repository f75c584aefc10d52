import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { changePasswordPath } from '../auth/next';
import { useMe, useSession } from '../auth/session';
import { FormError } from './FormError';
import { LANGUAGES, languageName } from './languages';
import { roleTitle } from './roles';

/** Who is signed in, with their roles; opens to choose the language, change the password or sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const session = useSession();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [choosing, setChoosing] = useState<string>();
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

  const roleTitles = me.user.roles.map(roleTitle).join(', ');

  async function signOut() {
    setError(undefined);
    try {
      await session.signOut();
    } catch (failure) {
      setError(failure);
    }
  }

  async function chooseLanguage(language: string) {
    setError(undefined);
    setChoosing(language);
    try {
      await session.chooseLanguage(language);
    } catch (failure) {
      setError(failure);
    } finally {
      setChoosing(undefined);
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
          {t('nav:userMenu.signedInAs')} <code className="code">{me.user.username}</code>
        </p>
        {/* Each language in its own name, marked as the one in use. */}
        <ul
          className="user-menu__actions"
          aria-label={t('nav:userMenu.language')}
          data-testid="language-choice"
        >
          {LANGUAGES.map((language) => {
            const current = language === me.user.language;
            return (
              <li key={language}>
                <button
                  type="button"
                  lang={language}
                  aria-pressed={current}
                  disabled={choosing !== undefined}
                  onClick={() => {
                    if (!current) void chooseLanguage(language);
                  }}
                >
                  {languageName(language)}
                  {current && <span aria-hidden="true"> ✓</span>}
                </button>
              </li>
            );
          })}
        </ul>
        <ul className="user-menu__actions">
          <li>
            <Link to={changePasswordPath(`${location.pathname}${location.search}`)}>
              {t('nav:userMenu.changePassword')}
            </Link>
          </li>
          <li>
            <button type="button" onClick={() => void signOut()}>
              {t('nav:userMenu.signOut')}
            </button>
          </li>
        </ul>
        <FormError error={error} testId="user-menu-error" />
      </div>
    </div>
  );
}

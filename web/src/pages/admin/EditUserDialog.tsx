import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth';
import { type UserChanges, useResetPassword, useUpdateUser } from '../../api/users';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { LanguageSelect } from './LanguageSelect';
import { RolesFieldset } from './RolesFieldset';

interface EditUserDialogProps {
  user: User;
  /** The signed-in administrator: they cannot disable themselves here. */
  isSelf: boolean;
  onClose: () => void;
  onPasswordReset: (user: User, password: string) => void;
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Name, roles, language and active flag of a user; and a password reset. */
export function EditUserDialog({ user, isSelf, onClose, onPasswordReset }: EditUserDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const update = useUpdateUser();
  const reset = useResetPassword();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [roles, setRoles] = useState(user.roles);
  const [language, setLanguage] = useState(user.language);
  const [active, setActive] = useState(user.active);
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const changes: UserChanges = {
      ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
      ...(!sameSet(roles, user.roles) ? { roles } : {}),
      ...(language !== user.language ? { language } : {}),
      ...(active !== user.active ? { active } : {}),
    };
    const found =
      displayName.trim() === ''
        ? t('admin:users.problem.displayNameEmpty')
        : roles.length === 0
          ? t('admin:users.problem.keepRole')
          : Object.keys(changes).length === 0
            ? t('admin:users.problem.nothingChanged')
            : undefined;
    setProblem(found);
    if (!found) update.mutate({ id: user.id, changes }, { onSuccess: onClose });
  }

  return (
    <Modal labelledBy={`${id}-title`} onClose={onClose} testId="edit-user-dialog">
      <form className="form" onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`} className="modal__title">
          {t('admin:users.edit.title')} <code className="code">{user.username}</code>
        </h2>
        <TextField
          label={t('admin:users.displayName')}
          value={displayName}
          autoComplete="off"
          required
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <RolesFieldset value={roles} onChange={setRoles} />
        <LanguageSelect value={language} onChange={setLanguage} />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={active}
            disabled={isSelf}
            onChange={(e) => setActive(e.target.checked)}
          />
          <span>
            {t('admin:users.active')}{' '}
            {isSelf && <span className="muted small">{t('admin:users.edit.notSelf')}</span>}
          </span>
        </label>
        <FormError error={problem ? new Error(problem) : update.error} testId="edit-user-error" />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            {update.isPending ? t('common:words.saving') : t('common:actions.save')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common:actions.cancel')}
          </button>
        </div>
        <div className="danger-zone">
          <h3>{t('admin:users.reset.title')}</h3>
          <p className="small muted">{t('admin:users.reset.explain')}</p>
          <FormError error={reset.error} testId="reset-password-error" />
          <button
            type="button"
            className="button button--danger"
            disabled={reset.isPending}
            onClick={() =>
              reset.mutate(user.id, {
                onSuccess: (result) => onPasswordReset(user, result.password),
              })
            }
          >
            {reset.isPending
              ? t('admin:users.reset.resetting')
              : t('admin:users.reset.submit', { username: user.username })}
          </button>
        </div>
      </form>
    </Modal>
  );
}

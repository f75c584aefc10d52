import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth';
import { useCreateUser } from '../../api/users';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { DEFAULT_LANGUAGE } from '../../i18n';
import { LanguageSelect } from './LanguageSelect';
import { RolesFieldset } from './RolesFieldset';

// The server's rule for user names (src/core/auth/routes.ts).
const USERNAME = /^[a-zA-Z0-9._-]{2,64}$/;

interface CreateUserFormProps {
  onCreated: (user: User, password: string | undefined) => void;
  onCancel: () => void;
}

/** A new user; the server generates the first password, which the user must change. */
export function CreateUserForm({ onCreated, onCancel }: CreateUserFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  // The plant's language unless the administrator picks another.
  const [language, setLanguage] = useState(DEFAULT_LANGUAGE);
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = !USERNAME.test(username.trim())
      ? t('admin:users.problem.username')
      : displayName.trim() === ''
        ? t('admin:users.problem.displayName')
        : roles.length === 0
          ? t('admin:users.problem.noRole')
          : undefined;
    setProblem(found);
    if (found) return;
    create.mutate(
      { username: username.trim(), displayName: displayName.trim(), roles, language },
      { onSuccess: (result) => onCreated(result.user, result.password) },
    );
  }

  return (
    <form
      className="form panel"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="create-user-form"
      noValidate
    >
      <h3 id={`${id}-title`}>{t('admin:users.create.title')}</h3>
      <div className="form-row">
        <TextField
          label={t('admin:users.username')}
          value={username}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          hint={t('admin:users.create.usernameHint')}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label={t('admin:users.displayName')}
          value={displayName}
          autoComplete="off"
          required
          hint={t('admin:users.create.displayNameHint')}
          className="form-field--grow"
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <LanguageSelect value={language} onChange={setLanguage} />
      </div>
      <RolesFieldset value={roles} onChange={setRoles} />
      <p className="small muted">{t('admin:users.create.firstPassword')}</p>
      <FormError error={problem ? new Error(problem) : create.error} testId="create-user-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? t('admin:users.create.creating') : t('admin:users.create.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

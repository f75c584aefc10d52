import { type FormEvent, useId, useState } from 'react';
import type { User } from '../../api/auth';
import { useCreateUser } from '../../api/users';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { type Language, LanguageSelect } from './LanguageSelect';
import { RolesFieldset } from './RolesFieldset';

// The server's rule for user names (src/core/auth/routes.ts).
const USERNAME = /^[a-zA-Z0-9._-]{2,64}$/;

interface CreateUserFormProps {
  onCreated: (user: User, password: string | undefined) => void;
  onCancel: () => void;
}

/** A new user; the server generates the first password, which the user must change. */
export function CreateUserForm({ onCreated, onCancel }: CreateUserFormProps) {
  const id = useId();
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [language, setLanguage] = useState<Language>('es');
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = !USERNAME.test(username.trim())
      ? 'The user name takes 2 to 64 letters, digits, dots, dashes or underscores.'
      : displayName.trim() === ''
        ? 'Give the display name: the name shown on screens and signatures.'
        : roles.length === 0
          ? 'Give the user at least one role.'
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
      <h3 id={`${id}-title`}>New user</h3>
      <div className="form-row">
        <TextField
          label="User name"
          value={username}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          hint="For signing in: letters, digits, dots, dashes."
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label="Display name"
          value={displayName}
          autoComplete="off"
          required
          hint="Shown on screens and on electronic signatures."
          className="form-field--grow"
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <LanguageSelect value={language} onChange={setLanguage} />
      </div>
      <RolesFieldset value={roles} onChange={setRoles} />
      <p className="small muted">
        Lotline generates the first password and shows it once; the user must change it at the first
        sign-in.
      </p>
      <FormError error={problem ? new Error(problem) : create.error} testId="create-user-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

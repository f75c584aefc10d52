import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiToken, useIssueToken } from '../../api/tokens';
import { useUsers } from '../../api/users';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';

interface IssueTokenFormProps {
  onIssued: (token: string, info: ApiToken) => void;
  onCancel: () => void;
}

/** The end of a chosen day in the reader's time zone, as ISO 8601. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59.999`).toISOString();
}

/** A token acting as a user, for a machine (an ERP link, a line PLC gateway). */
export function IssueTokenForm({ onIssued, onCancel }: IssueTokenFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const users = useUsers();
  const issue = useIssueToken();
  const [name, setName] = useState('');
  const [userId, setUserId] = useState('');
  const [expires, setExpires] = useState('');
  const [problem, setProblem] = useState<string>();
  const active = (users.data ?? []).filter((u) => u.active);
  const chosen = active.find((u) => u.id === userId);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found =
      name.trim() === ''
        ? t('admin:tokens.problem.name')
        : userId === ''
          ? t('admin:tokens.problem.user')
          : expires !== '' && Date.parse(endOfDay(expires)) <= Date.now()
            ? t('admin:tokens.problem.expired')
            : undefined;
    setProblem(found);
    if (found) return;
    issue.mutate(
      { name: name.trim(), userId, ...(expires ? { expiresAt: endOfDay(expires) } : {}) },
      { onSuccess: (result) => onIssued(result.token, result.info) },
    );
  }

  return (
    <form
      className="form panel"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="issue-token-form"
      noValidate
    >
      <h3 id={`${id}-title`}>{t('admin:tokens.issue.title')}</h3>
      <div className="form-row">
        <TextField
          label={t('admin:tokens.name')}
          value={name}
          autoComplete="off"
          required
          hint={t('admin:tokens.issue.nameHint')}
          className="form-field--grow"
          onChange={(e) => setName(e.target.value)}
        />
        <div className="form-field">
          <label htmlFor={`${id}-user`}>{t('admin:tokens.issue.user')}</label>
          <select id={`${id}-user`} value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{t('common:actions.choose')}</option>
            {active.map((u) => (
              <option key={u.id} value={u.id}>
                {u.username} — {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label={t('admin:tokens.issue.expires')}
          type="date"
          value={expires}
          hint={t('admin:tokens.issue.expiresHint')}
          onChange={(e) => setExpires(e.target.value)}
        />
      </div>
      {chosen?.mustChangePassword && (
        <p className="form-notice form-notice--warn" data-testid="token-user-warning">
          {t('admin:tokens.issue.userMustChangePassword', { username: chosen.username })}
        </p>
      )}
      <p className="small muted">{t('admin:tokens.issue.scope')}</p>
      <FormError error={problem ? new Error(problem) : issue.error} testId="issue-token-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={issue.isPending}>
          {issue.isPending ? t('admin:tokens.issue.issuing') : t('admin:tokens.issue.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

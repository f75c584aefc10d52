import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SIGNATURE_MEANINGS, type Signature, type SignatureMeaning } from '../../api/signature';
import { useMe } from '../../auth/session';
import { FormError } from '../FormError';

export interface SignaturePanelProps {
  /** What is signed, after the meaning's verb, in the reader's language: "change line L1 — products' rates". */
  action: string;
  /** The change in detail, shown under the statement. */
  details?: ReactNode;
  defaultMeaning?: SignatureMeaning;
  /** Sends the change with the signature; a rejection is shown in the panel. */
  onSign: (signature: Signature) => Promise<unknown>;
  onCancel: () => void;
  /** Back to the form the change was made in, when there is one. */
  onBack?: () => void;
  /** Ids for the dialog around the panel: its name and description. */
  titleId: string;
  statementId: string;
}

/**
 * The signing step of a change, in the manner of 21 CFR Part 11: it states
 * what is signed and what the signature means, names the signer, and takes
 * the password again as the signature.
 */
export function SignaturePanel({
  action,
  details,
  defaultMeaning = 'approved',
  onSign,
  onCancel,
  onBack,
  titleId,
  statementId,
}: SignaturePanelProps) {
  const { t } = useTranslation();
  const me = useMe();
  const id = useId();
  const [meaning, setMeaning] = useState<SignatureMeaning>(defaultMeaning);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  const passwordInput = useRef<HTMLInputElement>(null);

  useEffect(() => passwordInput.current?.focus(), []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmedReason = reason.trim();
    const problem = password === '' ? t('auth:signature.enterPassword') : undefined;
    if (problem) {
      setError(new Error(problem));
      passwordInput.current?.focus();
      return;
    }
    setError(undefined);
    setPending(true);
    try {
      await onSign({ password, meaning, ...(trimmedReason ? { reason: trimmedReason } : {}) });
    } catch (failure) {
      setError(failure);
      setPassword('');
      passwordInput.current?.focus();
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="signature" onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 id={titleId} className="modal__title">
        {t('auth:signature.title')}
      </h2>
      <div id={statementId}>
        <p className="signature__statement" data-testid="signature-statement">
          <strong>{t(`auth:signature.verb.${meaning}`)}:</strong> {action}
        </p>
        {details && <div className="signature__details">{details}</div>}
      </div>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-meaning`}>{t('auth:signature.meaning')}</label>
          <select
            id={`${id}-meaning`}
            value={meaning}
            onChange={(e) => setMeaning(e.target.value as SignatureMeaning)}
          >
            {SIGNATURE_MEANINGS.map((m) => (
              <option key={m} value={m}>
                {t(`common:signatureMeaning.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-reason`}>{t('auth:signature.reason')}</label>
          <input
            id={`${id}-reason`}
            type="text"
            maxLength={500}
            autoComplete="off"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      </div>
      <div className="signature__signer">
        <p className="signature__as" data-testid="signature-signer">
          {t('auth:signature.signingAs')} <strong>{me.user.displayName}</strong> ({me.user.username}
          )
        </p>
        <div className="form-field">
          <label htmlFor={`${id}-password`}>{t('auth:signature.password')}</label>
          <input
            ref={passwordInput}
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            aria-describedby={`${id}-legal`}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <p id={`${id}-legal`} className="small muted">
          {t('auth:signature.legal', { name: me.user.displayName })}
        </p>
      </div>
      <FormError error={error} testId="signature-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? t('auth:signature.signing') : t('auth:signature.signAndSave')}
        </button>
        {onBack && (
          <button type="button" className="button" onClick={onBack} disabled={pending}>
            {t('common:actions.back')}
          </button>
        )}
        <button type="button" className="button" onClick={onCancel} disabled={pending}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import {
  MEANING_VERB,
  SIGNATURE_MEANINGS,
  type Signature,
  type SignatureMeaning,
} from '../../api/signature';
import { useMe } from '../../auth/session';
import { humanize } from '../../format';
import { FormError } from '../FormError';

export interface SignaturePanelProps {
  /** What is signed, after the meaning's verb: "change line L1 — products' rates". */
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
    const problem = password === '' ? 'Enter your password to sign.' : undefined;
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
        Electronic signature
      </h2>
      <div id={statementId}>
        <p className="signature__statement" data-testid="signature-statement">
          <strong>{MEANING_VERB[meaning]}:</strong> {action}
        </p>
        {details && <div className="signature__details">{details}</div>}
      </div>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-meaning`}>Meaning of the signature</label>
          <select
            id={`${id}-meaning`}
            value={meaning}
            onChange={(e) => setMeaning(e.target.value as SignatureMeaning)}
          >
            {SIGNATURE_MEANINGS.map((m) => (
              <option key={m} value={m}>
                {humanize(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-reason`}>Reason (optional)</label>
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
          Signing as <strong>{me.user.displayName}</strong> ({me.user.username})
        </p>
        <div className="form-field">
          <label htmlFor={`${id}-password`}>Password (electronic signature)</label>
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
          Entering your password signs this change as {me.user.displayName}. The signature records
          your name, the date and time and its meaning, is bound to the record it signs, and is the
          legally binding equivalent of your handwritten signature (21 CFR Part 11).
        </p>
      </div>
      <FormError error={error} testId="signature-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Signing…' : 'Sign and save'}
        </button>
        {onBack && (
          <button type="button" className="button" onClick={onBack} disabled={pending}>
            Back
          </button>
        )}
        <button type="button" className="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

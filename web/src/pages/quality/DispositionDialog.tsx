import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Evidence,
  type LotDecision,
  type ReleaseBasis,
  useDisposeLot,
} from '../../api/quality';
import type { Signature, SignatureMeaning } from '../../api/signature';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { SignaturePanel } from '../../components/signature/SignaturePanel';
import { formatQuantity } from '../lots/labels';

/** What a disposition's signature means unless the signer says otherwise (src/modules/quality/disposition.ts). */
const MEANING: Record<LotDecision, SignatureMeaning> = {
  release: 'released',
  reject: 'rejected',
  hold: 'approved',
  release_hold: 'approved',
};

/** A reject or a hold says why; a release or a lifted hold may. */
const REASON_REQUIRED: ReadonlySet<LotDecision> = new Set(['reject', 'hold']);

interface DispositionDialogProps {
  evidence: Evidence;
  decision: LotDecision;
  onClose: () => void;
  onDone: () => void;
}

/**
 * A lot's disposition, in two steps: the decision's particulars (for a
 * supplier's lot, what it is released on; why, for a reject or a hold), then
 * the QA manager's electronic signature. The server checks the evidence again.
 */
export function DispositionDialog({ evidence, decision, onClose, onDone }: DispositionDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const lot = evidence.lot;
  const dispose = useDisposeLot(lot.number);
  const offersCertificate =
    decision === 'release' && lot.origin === 'received' && lot.certificate !== null;
  const [basis, setBasis] = useState<ReleaseBasis>(
    offersCertificate && !evidence.inspections.some((i) => i.state === 'accepted')
      ? 'supplier_certificate'
      : 'inspection',
  );
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [signing, setSigning] = useState(false);
  const trimmed = reason.trim();
  const required = REASON_REQUIRED.has(decision);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found =
      required && trimmed === ''
        ? decision === 'hold'
          ? t('quality:dialog.sayWhyHeld')
          : t('quality:dialog.sayWhyRejected')
        : undefined;
    setProblem(found);
    if (!found) setSigning(true);
  }

  async function sign(signature: Signature) {
    await dispose.mutateAsync({
      decision,
      ...(decision === 'release' ? { basis } : {}),
      ...(trimmed ? { reason: trimmed } : {}),
      signature,
    });
    onDone();
  }

  // What the signature statement says is signed: "release lot L-1 (C762-BALL, 3,500) on its inspection".
  const what = {
    lot: lot.number,
    material: lot.material,
    quantity: formatQuantity(lot.quantity, lot.unit),
  };
  const action = ((): string => {
    switch (decision) {
      case 'release':
        return basis === 'supplier_certificate'
          ? t('quality:dialog.action.releaseOnCertificate', {
              ...what,
              certificate: lot.certificate ?? '',
            }).trim()
          : t('quality:dialog.action.releaseOnInspection', what);
      case 'reject':
        return t('quality:dialog.action.reject', what);
      case 'hold':
        return t('quality:dialog.action.hold', what);
      case 'release_hold':
        return t('quality:dialog.action.releaseHold', what);
      default: {
        const unknownDecision: never = decision;
        return unknownDecision;
      }
    }
  })();

  return (
    <Modal
      labelledBy={`${id}-title`}
      describedBy={signing ? `${id}-statement` : `${id}-what`}
      onClose={onClose}
      testId="disposition-dialog"
      className="modal--signature"
    >
      {signing ? (
        <SignaturePanel
          titleId={`${id}-title`}
          statementId={`${id}-statement`}
          action={action}
          defaultMeaning={MEANING[decision]}
          details={
            trimmed ? (
              <dl className="facts">
                <div className="facts__item">
                  <dt>{t('common:words.reason')}</dt>
                  <dd>{trimmed}</dd>
                </div>
              </dl>
            ) : undefined
          }
          onSign={sign}
          onBack={() => setSigning(false)}
          onCancel={onClose}
        />
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate data-testid="disposition-form">
          <h2 id={`${id}-title`} className="modal__title">
            {t(`quality:dialog.title.${decision}`, { lot: lot.number })}
          </h2>
          <p id={`${id}-what`}>{t(`quality:dialog.explain.${decision}`)}</p>
          {offersCertificate && (
            <fieldset className="q-choice">
              <legend>{t('quality:dialog.releasedOn')}</legend>
              <label className="q-choice__option">
                <input
                  type="radio"
                  name={`${id}-basis`}
                  value="inspection"
                  checked={basis === 'inspection'}
                  onChange={() => setBasis('inspection')}
                />
                {t('quality:dialog.basis.inspection')}
              </label>
              <label className="q-choice__option">
                <input
                  type="radio"
                  name={`${id}-basis`}
                  value="supplier_certificate"
                  checked={basis === 'supplier_certificate'}
                  onChange={() => setBasis('supplier_certificate')}
                />
                {t('quality:dialog.basis.certificate')}{' '}
                <code className="code">{lot.certificate}</code>
              </label>
            </fieldset>
          )}
          <div className="form-field">
            <label htmlFor={`${id}-reason`}>
              {required ? t('common:words.reason') : t('quality:dialog.reasonOptional')}
            </label>
            <textarea
              id={`${id}-reason`}
              className="q-textarea"
              data-autofocus
              rows={3}
              maxLength={500}
              required={required}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <FormError error={problem ? new Error(problem) : undefined} testId="disposition-error" />
          <div className="form__actions">
            <button
              type="submit"
              className={`button ${decision === 'reject' ? 'button--danger' : 'button--primary'}`}
            >
              {t('quality:dialog.reviewAndSign')}
            </button>
            <button type="button" className="button" onClick={onClose}>
              {t('common:actions.cancel')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

import { type FormEvent, useId, useState } from 'react';
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
import { DECISION_LABEL } from './labels';

/** What a disposition's signature means unless the signer says otherwise (src/modules/quality/disposition.ts). */
const MEANING: Record<LotDecision, SignatureMeaning> = {
  release: 'released',
  reject: 'rejected',
  hold: 'approved',
  release_hold: 'approved',
};

const WHAT: Record<LotDecision, string> = {
  release: 'release lot',
  reject: 'reject lot',
  hold: 'put on hold lot',
  release_hold: 'lift the hold of lot',
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
        ? `Say why the lot is ${decision === 'hold' ? 'held' : 'rejected'}.`
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

  const basisWords =
    basis === 'supplier_certificate'
      ? `on the supplier’s certificate ${lot.certificate ?? ''}`.trim()
      : 'on its inspection';
  const action = `${WHAT[decision]} ${lot.number} (${lot.material}, ${formatQuantity(lot.quantity, lot.unit)})${decision === 'release' ? ` ${basisWords}` : ''}`;

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
                  <dt>Reason</dt>
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
            {DECISION_LABEL[decision]} lot {lot.number}
          </h2>
          <p id={`${id}-what`}>
            {decision === 'release'
              ? 'The lot may be consumed and shipped once released. The evidence on this page is kept with the signature.'
              : decision === 'reject'
                ? 'A rejected lot may be neither consumed nor shipped, nor released again.'
                : decision === 'hold'
                  ? 'A held lot may be neither consumed nor shipped until the hold is lifted.'
                  : 'The lot returns to the status it had before the hold.'}
          </p>
          {offersCertificate && (
            <fieldset className="q-choice">
              <legend>Released on</legend>
              <label className="q-choice__option">
                <input
                  type="radio"
                  name={`${id}-basis`}
                  value="inspection"
                  checked={basis === 'inspection'}
                  onChange={() => setBasis('inspection')}
                />
                its incoming inspection
              </label>
              <label className="q-choice__option">
                <input
                  type="radio"
                  name={`${id}-basis`}
                  value="supplier_certificate"
                  checked={basis === 'supplier_certificate'}
                  onChange={() => setBasis('supplier_certificate')}
                />
                the supplier’s certificate of conformance{' '}
                <code className="code">{lot.certificate}</code>
              </label>
            </fieldset>
          )}
          <div className="form-field">
            <label htmlFor={`${id}-reason`}>{required ? 'Reason' : 'Reason (optional)'}</label>
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
              Review and sign…
            </button>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

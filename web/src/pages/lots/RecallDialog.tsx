import { type FormEvent, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { type Lot, type Recall, type Trace, useStartRecall, useTrace } from '../../api/genealogy';
import type { Signature } from '../../api/signature';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { SignaturePanel } from '../../components/signature/SignaturePanel';
import { formatInteger } from '../../format';

interface RecallDialogProps {
  lot: Lot;
  onClose: () => void;
  onStarted: (recall: Recall) => void;
}

/** What a recall of the lot would hold now, from its forward trace (the server decides in the end). */
function preview(trace: Trace) {
  const holdable = trace.lots.filter((l) => l.status === 'quarantine' || l.status === 'released');
  const shipped = trace.lots.flatMap((l) => l.shipped);
  return {
    lots: trace.lots.length,
    holdable: holdable.length,
    customers: new Set(shipped.map((s) => s.customer)).size,
    shipments: new Set(shipped.map((s) => s.shipment)).size,
  };
}

/**
 * Recall, in two steps: why (kept with the recall and every hold it makes),
 * then the QA manager's electronic signature. The recall holds every lot made
 * from the suspect lot that is still in the plant, in one transaction.
 */
export function RecallDialog({ lot, onClose, onStarted }: RecallDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const forward = useTrace(lot.number, 'forward');
  const start = useStartRecall();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [signing, setSigning] = useState(false);
  const trimmed = reason.trim();
  const counts = forward.data ? preview(forward.data) : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = trimmed === '' ? t('lots:recall.reasonMissing') : undefined;
    setProblem(found);
    if (!found) setSigning(true);
  }

  async function sign(signature: Signature) {
    const recall = await start.mutateAsync({ lot: lot.number, reason: trimmed, signature });
    onStarted(recall);
  }

  const action = t('lots:recall.action', { lot: lot.number, material: lot.material });

  return (
    <Modal
      labelledBy={`${id}-title`}
      describedBy={signing ? `${id}-statement` : `${id}-what`}
      onClose={onClose}
      testId="recall-dialog"
      className="modal--signature"
    >
      {signing ? (
        <SignaturePanel
          titleId={`${id}-title`}
          statementId={`${id}-statement`}
          action={action}
          details={
            <dl className="facts" data-testid="recall-summary">
              <div className="facts__item">
                <dt>{t('lots:recall.suspectLot')}</dt>
                <dd>{lot.number}</dd>
              </div>
              <div className="facts__item">
                <dt>{t('common:words.reason')}</dt>
                <dd>{trimmed}</dd>
              </div>
              {counts && (
                <div className="facts__item">
                  <dt>{t('lots:recall.toHold')}</dt>
                  <dd>{formatInteger(counts.holdable)}</dd>
                </div>
              )}
            </dl>
          }
          onSign={sign}
          onBack={() => setSigning(false)}
          onCancel={onClose}
        />
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate data-testid="recall-form">
          <h2 id={`${id}-title`} className="modal__title">
            {t('lots:recall.title', { lot: lot.number })}
          </h2>
          <div id={`${id}-what`}>
            <p>
              <Trans
                t={t}
                i18nKey="lots:recall.what"
                values={{ lot: lot.number }}
                components={{ strong: <strong /> }}
              />
            </p>
            {forward.isPending ? (
              <p className="muted small">{t('lots:recall.working')}</p>
            ) : counts ? (
              <p className="form-notice form-notice--warn" data-testid="recall-preview">
                {t('lots:recall.preview', {
                  count: counts.lots,
                  n: formatInteger(counts.lots),
                  holdable: formatInteger(counts.holdable),
                })}
                {counts.customers > 0
                  ? t('lots:recall.previewShipped', {
                      shipments: t('lots:recall.shipmentCount', {
                        count: counts.shipments,
                        n: formatInteger(counts.shipments),
                      }),
                      customers: t('lots:recall.customerCount', {
                        count: counts.customers,
                        n: formatInteger(counts.customers),
                      }),
                    })
                  : ''}
                .
              </p>
            ) : null}
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-reason`}>{t('lots:recall.reason')}</label>
            <textarea
              id={`${id}-reason`}
              className="recall-reason"
              data-autofocus
              rows={3}
              maxLength={500}
              required
              aria-describedby={`${id}-reason-hint`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <p id={`${id}-reason-hint`} className="form-field__hint">
              {t('lots:recall.reasonHint')}
            </p>
          </div>
          <FormError error={problem ? new Error(problem) : undefined} testId="recall-error" />
          <div className="form__actions">
            <button type="submit" className="button button--danger">
              {t('lots:recall.review')}
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

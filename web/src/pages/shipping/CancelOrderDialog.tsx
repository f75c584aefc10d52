import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Order, useCancelOrder } from '../../api/shipping';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { formatInteger } from '../../format';

interface CancelOrderDialogProps {
  order: Order;
  onClose: () => void;
}

/** Cancelling an order says why; its containers are freed for other orders. */
export function CancelOrderDialog({ order, onClose }: CancelOrderDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const cancel = useCancelOrder(order.number);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    const found = trimmed === '' ? t('shipping:cancel.problem') : undefined;
    setProblem(found);
    if (!found) cancel.mutate(trimmed, { onSuccess: onClose });
  }

  return (
    <Modal
      labelledBy={`${id}-title`}
      describedBy={`${id}-what`}
      onClose={onClose}
      testId="cancel-dialog"
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`} className="modal__title">
          {t('shipping:cancel.title', { order: order.number })}
        </h2>
        <p id={`${id}-what`}>
          {order.containers > 0
            ? t('shipping:cancel.freed', {
                count: order.containers,
                n: formatInteger(order.containers),
              })
            : t('shipping:cancel.nothingReserved')}{' '}
          {t('shipping:cancel.final')}
        </p>
        <div className="form-field">
          <label htmlFor={`${id}-reason`}>{t('common:words.reason')}</label>
          <input
            id={`${id}-reason`}
            type="text"
            maxLength={500}
            autoComplete="off"
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <FormError error={problem ? new Error(problem) : cancel.error} testId="cancel-error" />
        <div className="form__actions">
          <button type="submit" className="button button--danger" disabled={cancel.isPending}>
            {t('shipping:cancel.submit')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('shipping:cancel.keep')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

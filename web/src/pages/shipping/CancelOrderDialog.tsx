import { type FormEvent, useId, useState } from 'react';
import { type Order, useCancelOrder } from '../../api/shipping';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';

interface CancelOrderDialogProps {
  order: Order;
  onClose: () => void;
}

/** Cancelling an order says why; its containers are freed for other orders. */
export function CancelOrderDialog({ order, onClose }: CancelOrderDialogProps) {
  const id = useId();
  const cancel = useCancelOrder(order.number);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const trimmed = reason.trim();
    const found = trimmed === '' ? 'Say why the order is cancelled.' : undefined;
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
          Cancel order {order.number}
        </h2>
        <p id={`${id}-what`}>
          {order.containers > 0
            ? `Its ${order.containers} reserved ${order.containers === 1 ? 'container goes' : 'containers go'} back to stock for other orders.`
            : 'Nothing is reserved for it.'}{' '}
          A cancelled order cannot be taken up again.
        </p>
        <div className="form-field">
          <label htmlFor={`${id}-reason`}>Reason</label>
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
            Cancel the order
          </button>
          <button type="button" className="button" onClick={onClose}>
            Keep it
          </button>
        </div>
      </form>
    </Modal>
  );
}

import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Order, type PickingList, type Shipment, useDispatchOrder } from '../../api/shipping';
import type { Signature } from '../../api/signature';
import { Modal } from '../../components/Modal';
import { SignaturePanel } from '../../components/signature/SignaturePanel';
import { formatExact, formatInteger } from '../../format';
import { describeKinds } from './labels';

interface DispatchDialogProps {
  order: Order;
  list: PickingList | undefined;
  onClose: () => void;
  onDispatched: (shipment: Shipment) => void;
}

/**
 * Dispatch, in two steps: the carrier and vehicle (optional, printed on the
 * papers), then the storekeeper's signature. The server checks every
 * container and lot again, and writes the packing list and the
 * dangerous-goods declaration with the shipment.
 */
export function DispatchDialog({ order, list, onClose, onDispatched }: DispatchDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const dispatch = useDispatchOrder(order.number);
  const [carrier, setCarrier] = useState('');
  const [vehicle, setVehicle] = useState('');
  const [signing, setSigning] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSigning(true);
  }

  async function sign(signature: Signature) {
    const shipment = await dispatch.mutateAsync({
      ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
      ...(vehicle.trim() ? { vehicle: vehicle.trim() } : {}),
      signature,
    });
    onDispatched(shipment);
  }

  const packages = list
    ? describeKinds(list.rows.map((r) => r.kind))
    : t('shipping:containers', { count: order.containers, n: formatInteger(order.containers) });
  const goods = order.lines
    .filter((l) => l.allocated > 0)
    .map((l) => `${formatExact(l.allocated)} ${l.product}`)
    .join(', ');
  const action = t('shipping:dispatch.action', {
    order: order.number,
    customer: order.customer,
    packages,
    goods,
  });

  return (
    <Modal
      labelledBy={`${id}-title`}
      describedBy={signing ? `${id}-statement` : `${id}-what`}
      onClose={onClose}
      testId="dispatch-dialog"
      className="modal--signature"
    >
      {signing ? (
        <SignaturePanel
          titleId={`${id}-title`}
          statementId={`${id}-statement`}
          action={action}
          defaultMeaning="approved"
          details={
            carrier.trim() || vehicle.trim() ? (
              <dl className="facts">
                {carrier.trim() && (
                  <div className="facts__item">
                    <dt>{t('shipping:dispatch.carrier')}</dt>
                    <dd>{carrier.trim()}</dd>
                  </div>
                )}
                {vehicle.trim() && (
                  <div className="facts__item">
                    <dt>{t('shipping:dispatch.vehicle')}</dt>
                    <dd>{vehicle.trim()}</dd>
                  </div>
                )}
              </dl>
            ) : undefined
          }
          onSign={sign}
          onBack={() => setSigning(false)}
          onCancel={onClose}
        />
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate data-testid="dispatch-form">
          <h2 id={`${id}-title`} className="modal__title">
            {t('shipping:dispatch.title', { order: order.number })}
          </h2>
          <p id={`${id}-what`}>
            {t('shipping:dispatch.what', { packages, customer: order.customer })}
          </p>
          <div className="form-row">
            <div className="form-field form-field--grow">
              <label htmlFor={`${id}-carrier`}>{t('shipping:dispatch.carrierOptional')}</label>
              <input
                id={`${id}-carrier`}
                type="text"
                maxLength={200}
                autoComplete="off"
                data-autofocus
                value={carrier}
                onChange={(e) => setCarrier(e.target.value)}
              />
            </div>
            <div className="form-field">
              <label htmlFor={`${id}-vehicle`}>{t('shipping:dispatch.vehicleOptional')}</label>
              <input
                id={`${id}-vehicle`}
                type="text"
                maxLength={60}
                autoComplete="off"
                value={vehicle}
                onChange={(e) => setVehicle(e.target.value)}
              />
            </div>
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('shipping:dispatch.review')}
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

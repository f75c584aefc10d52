import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Lot, useReceiveLot } from '../../api/genealogy';
import { useLocations, useMaterials, useSuppliers } from '../../api/plant';
import { newIdempotencyKey } from '../../api/production';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatInteger } from '../../format';
import { StockCommandError } from './InterlockRefusal';
import { locationKindLabel } from './labels';
import {
  approvedSuppliers,
  EMPTY_DRAFT,
  locationGroups,
  type ReceiptDraft,
  receiptBody,
  receivableMaterials,
  withMaterial,
} from './receipt';

interface ReceiptFormProps {
  onReceived: (received: { lot: Lot; location: string }) => void;
  onCancel: () => void;
}

/**
 * A supplier's lot received at the bay: material, supplier, the supplier's
 * lot and certificate, quantity, expiry and where it is put. The plant
 * numbers the lot and keeps it in quarantine until Quality releases it; the
 * safety interlocks check the location as for any move into it.
 */
export function ReceiptForm({ onReceived, onCancel }: ReceiptFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const materials = useMaterials();
  const suppliers = useSuppliers();
  const locations = useLocations();
  const receive = useReceiveLot();
  const [draft, setDraft] = useState<ReceiptDraft>(EMPTY_DRAFT);
  const [problem, setProblem] = useState<string>();
  // One key per receipt as entered: a double tap or a retry sends the same
  // key and makes one lot; a change to the form is another receipt.
  const key = useRef(newIdempotencyKey());
  const first = useRef<HTMLSelectElement>(null);

  // The button that opened the form stays; the keyboard goes on in the form.
  useEffect(() => first.current?.focus(), []);

  // A material chosen before the suppliers arrived still gets its one
  // approved supplier once they do (a slow link, or a quick keeper).
  useEffect(() => {
    if (!suppliers.data) return;
    setDraft((current) => withMaterial(current, current.material, suppliers.data));
  }, [suppliers.data]);

  const loadFailed = materials.error ?? suppliers.error ?? locations.error;
  const receivable = receivableMaterials(materials.data ?? []);
  const material = receivable.find((m) => m.code === draft.material);
  const approved = approvedSuppliers(suppliers.data ?? [], draft.material);

  function change(next: ReceiptDraft) {
    setDraft(next);
    setProblem(undefined);
    key.current = newIdempotencyKey();
    receive.reset();
  }

  const field =
    (name: keyof ReceiptDraft) =>
    (event: { target: { value: string } }): void =>
      change({ ...draft, [name]: event.target.value });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const built = receiptBody(draft);
    if ('problem' in built) {
      setProblem(t(`storage:receipt.problem.${built.problem}`));
      return;
    }
    setProblem(undefined);
    receive.mutate(
      { idempotencyKey: key.current, ...built.body },
      { onSuccess: (lot) => onReceived({ lot, location: built.body.location }) },
    );
  }

  const quantityLabel =
    material === undefined
      ? t('storage:columns.quantity')
      : material.unit === 'each'
        ? t('storage:receipt.quantityPieces')
        : t('storage:receipt.quantityIn', { unit: material.unit });

  return (
    <form
      className="panel form st-move"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="receipt-form"
      noValidate
    >
      <h2 id={`${id}-title`} className="st-panel-title">
        {t('storage:receipt.title')}
      </h2>
      <p className="muted small">{t('storage:receipt.intro')}</p>
      {loadFailed ? (
        <ErrorPanel error={loadFailed} context={t('storage:loading.masterDataFailed')} />
      ) : null}
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-material`}>{t('storage:columns.material')}</label>
          <select
            ref={first}
            id={`${id}-material`}
            className="st-touch-input"
            value={draft.material}
            onChange={(e) => change(withMaterial(draft, e.target.value, suppliers.data ?? []))}
          >
            <option value="">{t('storage:receipt.chooseMaterial')}</option>
            {receivable.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} — {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-supplier`}>{t('storage:receipt.supplier')}</label>
          <select
            id={`${id}-supplier`}
            className="st-touch-input"
            value={draft.supplier}
            disabled={!draft.material}
            aria-describedby={`${id}-supplier-hint`}
            onChange={field('supplier')}
          >
            <option value="">
              {draft.material
                ? t('storage:receipt.chooseSupplier')
                : t('storage:receipt.materialFirst')}
            </option>
            {approved.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
          <p id={`${id}-supplier-hint`} className="form-field__hint">
            {draft.material && approved.length === 0
              ? t('storage:receipt.noSupplier', { material: draft.material })
              : t('storage:receipt.supplierHint')}
          </p>
        </div>
      </div>
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-supplier-lot`}>{t('storage:receipt.supplierLot')}</label>
          <input
            id={`${id}-supplier-lot`}
            type="text"
            className="st-touch-input"
            autoComplete="off"
            spellCheck={false}
            maxLength={60}
            placeholder={t('storage:receipt.scanned')}
            value={draft.supplierLot}
            onChange={field('supplierLot')}
          />
        </div>
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-certificate`}>{t('storage:receipt.certificate')}</label>
          <input
            id={`${id}-certificate`}
            type="text"
            className="st-touch-input"
            autoComplete="off"
            spellCheck={false}
            maxLength={120}
            value={draft.certificate}
            onChange={field('certificate')}
          />
        </div>
      </div>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-quantity`}>{quantityLabel}</label>
          <input
            id={`${id}-quantity`}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            className="input-number st-touch-input"
            value={draft.quantity}
            onChange={field('quantity')}
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-expires`}>{t('storage:receipt.expiresOn')}</label>
          <input
            id={`${id}-expires`}
            type="date"
            className="st-touch-input"
            aria-describedby={`${id}-expires-hint`}
            value={draft.expiresOn}
            onChange={field('expiresOn')}
          />
          <p id={`${id}-expires-hint`} className="form-field__hint">
            {material?.shelfLifeDays !== undefined
              ? t('storage:receipt.expiresFromShelfLife', {
                  count: material.shelfLifeDays,
                  days: formatInteger(material.shelfLifeDays),
                })
              : t('storage:receipt.expiresNever')}
          </p>
        </div>
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-location`}>{t('storage:receipt.location')}</label>
          <select
            id={`${id}-location`}
            className="st-touch-input"
            value={draft.location}
            aria-describedby={`${id}-location-hint`}
            onChange={field('location')}
          >
            <option value="">{t('storage:receipt.chooseLocation')}</option>
            {locationGroups(locations.data ?? []).map((group) => (
              <optgroup key={group.kind} label={locationKindLabel(group.kind)}>
                {group.locations.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.code} — {l.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p id={`${id}-location-hint`} className="form-field__hint">
            {t('storage:receipt.locationHint')}
          </p>
        </div>
      </div>
      <StockCommandError problem={problem} error={receive.error} testId="receipt-error" />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary st-touch"
          data-command="receive-submit"
          disabled={receive.isPending}
        >
          {receive.isPending ? t('storage:receipt.receiving') : t('storage:receipt.submit')}
        </button>
        <button type="button" className="button st-touch" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

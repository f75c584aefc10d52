import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchEntity, usePlantChange } from '../../../api/plant';
import type { Customer } from '../../../api/types';
import { FormError } from '../../../components/FormError';
import { Modal } from '../../../components/Modal';
import { SignaturePanel } from '../../../components/signature/SignaturePanel';
import { TextField } from '../../../components/TextField';

// The plant file's customer kinds (src/modules/plant/model.ts).
export const CUSTOMER_KINDS = [
  'armed_forces',
  'police',
  'government',
  'commercial',
  'other',
] as const;

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const COUNTRY = /^[A-Z]{2}$/;

type Fields = Pick<Customer, 'code' | 'name' | 'kind' | 'country'>;
const FIELDS: readonly (keyof Fields)[] = ['code', 'name', 'kind', 'country'];

/** A field's name as a column heading ("Code") and inside a sentence ("code"). */
const LABEL: Record<keyof Fields, (t: TFunction) => string> = {
  code: (t) => t('plant:columns.code'),
  name: (t) => t('plant:columns.name'),
  kind: (t) => t('plant:columns.kind'),
  country: (t) => t('plant:columns.country'),
};
const IN_SENTENCE: Record<keyof Fields, (t: TFunction) => string> = {
  code: (t) => t('plant:customerDialog.field.code'),
  name: (t) => t('plant:customerDialog.field.name'),
  kind: (t) => t('plant:customerDialog.field.kind'),
  country: (t) => t('plant:customerDialog.field.country'),
};

function problemWith(t: TFunction, fields: Fields): string | undefined {
  if (!CODE.test(fields.code)) return t('plant:customerDialog.problem.code');
  if (fields.name.trim() === '') return t('plant:customerDialog.problem.name');
  if (!COUNTRY.test(fields.country)) return t('plant:customerDialog.problem.country');
  return undefined;
}

interface CustomerDialogProps {
  /** The customer to change; omitted to add one. */
  customer?: Customer;
  onClose: () => void;
  onSaved: (revision: number) => void;
}

/** Add or change a customer: the form, then its electronic signature. */
export function CustomerDialog({ customer, onClose, onSaved }: CustomerDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const change = usePlantChange();
  const [fields, setFields] = useState<Fields>(
    customer
      ? { code: customer.code, name: customer.name, kind: customer.kind, country: customer.country }
      : { code: '', name: '', kind: 'armed_forces', country: '' },
  );
  const [problem, setProblem] = useState<string>();
  const [signing, setSigning] = useState(false);
  const set = (key: keyof Fields, value: string) => setFields((f) => ({ ...f, [key]: value }));
  const normalized: Fields = {
    code: fields.code.trim(),
    name: fields.name.trim(),
    kind: fields.kind,
    country: fields.country.trim().toUpperCase(),
  };
  const changed = FIELDS.filter((key) => !customer || customer[key] !== normalized[key]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found =
      problemWith(t, normalized) ??
      (changed.length === 0 ? t('plant:customerDialog.problem.unchanged') : undefined);
    setProblem(found);
    if (!found) setSigning(true);
  }

  async function sign(signature: Parameters<typeof change.mutateAsync>[0]['signature']) {
    const result = customer
      ? await change.mutateAsync({
          change: {
            op: 'replace',
            kind: 'customers',
            code: customer.code,
            // The customer as the API has it now, with the fields of this form.
            body: { ...(await fetchEntity<Customer>('customers', customer.code)), ...normalized },
          },
          signature,
        })
      : await change.mutateAsync({
          change: { op: 'create', kind: 'customers', body: normalized },
          signature,
        });
    onSaved(result.revision.number);
  }

  const action = customer
    ? t('plant:customerDialog.actionChange', {
        code: customer.code,
        fields: changed.map((k) => IN_SENTENCE[k](t)).join(', '),
      })
    : t('plant:customerDialog.actionAdd', { code: normalized.code, name: normalized.name });
  const shown = (key: keyof Fields, value: string) =>
    key === 'kind' ? t(`plant:customerKind.${value}`) : value;

  return (
    <Modal
      labelledBy={`${id}-title`}
      describedBy={signing ? `${id}-statement` : undefined}
      onClose={onClose}
      testId="customer-dialog"
    >
      {signing ? (
        <SignaturePanel
          titleId={`${id}-title`}
          statementId={`${id}-statement`}
          action={action}
          details={
            <table className="table table--compact" data-testid="signature-changes">
              <caption className="visually-hidden">
                {t('plant:customerDialog.changeCaption')}
              </caption>
              <tbody>
                {changed.map((key) => (
                  <tr key={key}>
                    <th scope="row">{LABEL[key](t)}</th>
                    {customer && <td className="muted">{shown(key, customer[key])}</td>}
                    <td>
                      <strong>{shown(key, normalized[key])}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
          onSign={sign}
          onBack={() => setSigning(false)}
          onCancel={onClose}
        />
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <h2 id={`${id}-title`} className="modal__title">
            {customer
              ? t('plant:customerDialog.editTitle', { code: customer.code })
              : t('plant:customerDialog.addTitle')}
          </h2>
          <TextField
            label={t('plant:columns.code')}
            value={fields.code}
            readOnly={customer !== undefined}
            required
            autoComplete="off"
            spellCheck={false}
            hint={
              customer ? t('plant:customerDialog.codeHintKept') : t('plant:customerDialog.codeHint')
            }
            onChange={(e) => set('code', e.target.value)}
          />
          <TextField
            label={t('plant:columns.name')}
            {...(customer ? { 'data-autofocus': true } : {})}
            value={fields.name}
            required
            autoComplete="off"
            onChange={(e) => set('name', e.target.value)}
          />
          <div className="form-field">
            <label htmlFor={`${id}-kind`}>{t('plant:columns.kind')}</label>
            <select
              id={`${id}-kind`}
              value={fields.kind}
              onChange={(e) => set('kind', e.target.value)}
            >
              {CUSTOMER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`plant:customerKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label={t('plant:columns.country')}
            value={fields.country}
            required
            maxLength={2}
            autoComplete="off"
            className="form-field--short"
            hint={t('plant:customerDialog.countryHint')}
            onChange={(e) => set('country', e.target.value.toUpperCase())}
          />
          <FormError error={problem ? new Error(problem) : undefined} testId="customer-error" />
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('plant:customerDialog.reviewAndSign')}
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

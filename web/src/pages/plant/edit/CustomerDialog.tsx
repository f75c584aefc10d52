import { type FormEvent, useId, useState } from 'react';
import { fetchEntity, usePlantChange } from '../../../api/plant';
import type { Customer } from '../../../api/types';
import { FormError } from '../../../components/FormError';
import { Modal } from '../../../components/Modal';
import { SignaturePanel } from '../../../components/signature/SignaturePanel';
import { TextField } from '../../../components/TextField';
import { humanize } from '../../../format';

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
const LABELS: Record<keyof Fields, string> = {
  code: 'Code',
  name: 'Name',
  kind: 'Kind',
  country: 'Country',
};

function problemWith(fields: Fields): string | undefined {
  if (!CODE.test(fields.code))
    return 'The code takes 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit.';
  if (fields.name.trim() === '') return 'Give the customer a name.';
  if (!COUNTRY.test(fields.country)) return 'The country is a two-letter ISO 3166 code, e.g. VE.';
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
  const changed = (Object.keys(LABELS) as (keyof Fields)[]).filter(
    (key) => !customer || customer[key] !== normalized[key],
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found =
      problemWith(normalized) ?? (changed.length === 0 ? 'Nothing changed.' : undefined);
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
    ? `change customer ${customer.code} — ${changed.map((k) => LABELS[k].toLowerCase()).join(', ')}`
    : `add customer ${normalized.code} — ${normalized.name}`;

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
              <caption className="visually-hidden">The change</caption>
              <tbody>
                {changed.map((key) => (
                  <tr key={key}>
                    <th scope="row">{LABELS[key]}</th>
                    {customer && <td className="muted">{String(customer[key])}</td>}
                    <td>
                      <strong>
                        {key === 'kind' ? humanize(normalized[key]) : normalized[key]}
                      </strong>
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
            {customer ? `Edit customer ${customer.code}` : 'Add customer'}
          </h2>
          <TextField
            label="Code"
            value={fields.code}
            readOnly={customer !== undefined}
            required
            autoComplete="off"
            spellCheck={false}
            hint={customer ? 'A customer keeps its code.' : 'Letters, digits, dots, dashes.'}
            onChange={(e) => set('code', e.target.value)}
          />
          <TextField
            label="Name"
            {...(customer ? { 'data-autofocus': true } : {})}
            value={fields.name}
            required
            autoComplete="off"
            onChange={(e) => set('name', e.target.value)}
          />
          <div className="form-field">
            <label htmlFor={`${id}-kind`}>Kind</label>
            <select
              id={`${id}-kind`}
              value={fields.kind}
              onChange={(e) => set('kind', e.target.value)}
            >
              {CUSTOMER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {humanize(k)}
                </option>
              ))}
            </select>
          </div>
          <TextField
            label="Country"
            value={fields.country}
            required
            maxLength={2}
            autoComplete="off"
            className="form-field--short"
            hint="ISO 3166 two-letter code, e.g. VE, PE, AR."
            onChange={(e) => set('country', e.target.value.toUpperCase())}
          />
          <FormError error={problem ? new Error(problem) : undefined} testId="customer-error" />
          <div className="form__actions">
            <button type="submit" className="button button--primary">
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

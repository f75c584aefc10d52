import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../api/types';
import { useCan } from '../../../auth/session';
import { Country } from '../../../components/Country';
import { CustomerDialog } from '../edit/CustomerDialog';

export function CustomersTable({ customers }: { customers: Customer[] }) {
  const { t } = useTranslation();
  const editable = useCan()('plant.edit');
  const [editing, setEditing] = useState<Customer | 'new'>();
  const [saved, setSaved] = useState<number>();
  return (
    <>
      {editable && (
        <div className="table-toolbar">
          <button
            type="button"
            className="button"
            data-testid="add-customer"
            onClick={() => {
              setSaved(undefined);
              setEditing('new');
            }}
          >
            {t('plant:customers.add')}
          </button>
          {saved !== undefined && (
            <p className="form-notice form-notice--ok" role="status" data-testid="customer-saved">
              {t('plant:customers.saved', { number: saved })}
            </p>
          )}
        </div>
      )}
      <div className="table-scroll">
        <table className="table" data-testid="customers-table">
          <caption className="visually-hidden">{t('plant:customers.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('plant:columns.code')}</th>
              <th scope="col">{t('plant:columns.name')}</th>
              <th scope="col">{t('plant:columns.kind')}</th>
              <th scope="col">{t('plant:columns.country')}</th>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">{t('common:words.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.code}>
                <th scope="row">
                  <code className="code">{c.code}</code>
                </th>
                <td>{c.name}</td>
                <td>{t(`plant:customerKind.${c.kind}`)}</td>
                <td>
                  <Country code={c.country} />
                </td>
                {editable && (
                  <td className="actions">
                    <button
                      type="button"
                      className="button button--small"
                      data-testid={`edit-customer-${c.code}`}
                      onClick={() => {
                        setSaved(undefined);
                        setEditing(c);
                      }}
                    >
                      {t('common:actions.edit')}
                      <span className="visually-hidden">
                        {' '}
                        {t('plant:customers.edit', { code: c.code })}
                      </span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <CustomerDialog
          {...(editing === 'new' ? {} : { customer: editing })}
          onClose={() => setEditing(undefined)}
          onSaved={(revision) => {
            setEditing(undefined);
            setSaved(revision);
          }}
        />
      )}
    </>
  );
}

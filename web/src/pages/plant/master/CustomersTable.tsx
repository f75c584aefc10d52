import { useState } from 'react';
import type { Customer } from '../../../api/types';
import { useCan } from '../../../auth/session';
import { Country } from '../../../components/Country';
import { humanize } from '../../../format';
import { CustomerDialog } from '../edit/CustomerDialog';

export function CustomersTable({ customers }: { customers: Customer[] }) {
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
            Add customer
          </button>
          {saved !== undefined && (
            <p className="form-notice form-notice--ok" role="status" data-testid="customer-saved">
              Saved and signed as plant revision {saved}.
            </p>
          )}
        </div>
      )}
      <div className="table-scroll">
        <table className="table" data-testid="customers-table">
          <caption className="visually-hidden">Customers</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Country</th>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
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
                <td>{humanize(c.kind)}</td>
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
                      Edit<span className="visually-hidden"> customer {c.code}</span>
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
